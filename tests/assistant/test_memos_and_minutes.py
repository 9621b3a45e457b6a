"""Set AI's destructive and cost-bearing errors after its first run, by cause: a clean-up of ids picked by their age
("예전에 만든 것들은 삭제하기 바람. 최신 것은 유지할 것", "오래된 것들은 정리"), which no line says, is asked about, not
planned for all; "그거 지워 주세요" after "'… 그 엔드포인트'는 이제 필요 없다고" is that one, named by no id, and asked
about; two instance types still open ("아직 둘이 합의가 안 됐어요", one quoted in the partner's words) are asked about.
The phrasings here are new; set AI's own are not repeated. Set AI's other misses are not fixed yet."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message", [
    "가. 운영 중인 엔드포인트: kosum-ep-aa11, kosum-ep-bb22, kosum-ep-cc33\n나. 위 중 예전에 만든 것들은 삭제하기 바람. 최신 것은 "
    "유지할 것. 끝.",
    "조치 사항: kosum-ep-aa11(8/1 생성), kosum-ep-bb22(11/30 생성) 중 오래된 것은 정리, 최근 것은 유지",
])
def test_ids_picked_by_their_age_are_asked_about(message: str) -> None:
    assert route(message)[0] is None


def test_ids_named_beside_their_age_are_planned() -> None:
    assert route("예전 학습 잡 train-20261101-080000-aaaa 정리해 주세요. 최신 거 train-20261201-080000-bbbb 는 keep, S3는 "
                 "건드리지 마세요") == ("teardown", {"ids": ["train-20261101-080000-aaaa"], "include_s3": False})


def test_that_one_named_by_no_id_is_asked_about() -> None:
    assert route("협력기관에서 '어제 시연한 그 엔드포인트'는 더 안 쓴다고 합니다. 엔드포인트가 여러 개라 id는 모르겠어요. 그거 "
                 "지워 주세요.")[0] is None


def test_two_types_still_open_are_asked_about() -> None:
    assert route('SageMaker 학습 요청입니다. 협력기관 담당자는 "ml.p4d.24xlarge is faster, we like it" 이라고 하고, 우리 '
                 "국장님은 비용 때문에 ml.g5.12xlarge로 하자고 하셔서 아직 합의가 안 됐어요. 일단 SageMaker에서 학습 시작해 "
                 "주세요.")[0] is None
