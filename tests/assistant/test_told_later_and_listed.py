"""Readings beside a request: "지켜보다가 알려줘" asks to be told later (a request, not a question); "접근 가능한
엔드포인트" describes a thing wanted (no "is it possible?"); and a document's list line ("- 최신 모델을 SageMaker에
배포") is a sentence of its own, so a "참고로" line after it does not make the message only tell."""
from __future__ import annotations

import pytest

from assistant import no_request, questions
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text,args", [
    ("train-20261208-093010-c7d4 끝날 때까지 지켜보다가 알려줘. 최대 3600초만 기다리고, 그 뒤엔 내가 직접 볼게",
     {"job_id": "train-20261208-093010-c7d4", "timeout_s": 3600}),
    ("학습 끝날 때까지 지켜보다가 끝나면 알려줘", {}),
])
def test_watch_then_tell_is_a_follow(router: OfflineRouter, text: str, args: dict) -> None:
    assert router.route(text)[:2] == ("follow_job", args)


def test_checking_then_telling_is_still_a_status(router: OfflineRouter) -> None:
    assert router.route("학습 상태 확인해서 알려줘")[0] == "job_status"


@pytest.mark.parametrize("text,suggests", [
    ("사내 데모가 목요일이라 외부에서 접근 가능한 엔드포인트가 필요합니다", False),
    ("SageMaker 배포 가능?", True),
    ("세이지메이커 배포도 가능한가요", True),
])
def test_possible_describing_a_noun_is_no_suggestion(text: str, suggests: bool) -> None:
    reading = questions.read(text)
    assert (reading.suggests or reading.asks) == suggests


@pytest.mark.parametrize("text,only", [
    ("안녕하세요, 팀장님 승인 받았습니다.\n\n- 최신 모델을 SageMaker에 배포\n- 인스턴스: ml.g5.4xlarge\n\n"
     "참고로 학습은 ml.g5.12xlarge 두 대로 했습니다.", False),
    ("- 로컬 서버 재시작\n참고로 평가는 어제 끝났어요.", False),
    ("콘솔에서 엔드포인트 직접 지웠어요.\n참고만 하세요", True),
    ("엔드포인트는 제가 지웠어요.\n참고로 S3는 그대로예요.", True),
])
def test_a_list_line_is_a_sentence(text: str, only: bool) -> None:
    assert no_request.informs_only(text) == only
