"""A negation that is not said of the request forbids nothing: a negated verb describing a noun ("안 꺼진 endpoint"),
"잘못" (wrongly), a reason clause beside a request ending on an action noun ("… 안 올라감. smol로 로컬 학습 시작") and
a deletion of S3 put off beside a clean-up ("S3 삭제는 보류할게요") leave the request; real prohibitions and
call-offs still do nothing."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter
from tests.assistant.conftest import assert_plans

REQUESTS = [
    ("혹시 안 꺼진 endpoint나 training job 남아있는지 list 좀 뽑아줘", "list_resources", {}),
    ("안 꺼진 엔드포인트 지워줘", "teardown", {"ids": None, "include_s3": False}),
    ("아 잠깐잠깐 학습 멈춰줘 ㅠㅠ lr 잘못 넣었다", "stop_job", {}),
    ("lr 잘못 넣었어 학습 멈춰", "stop_job", {}),
    ("24GB 카드 한 장이라 8b는 안 올라감. smol로 로컬 학습 시작", "start_training", {"preset": "smol"}),
    ("8b는 메모리가 안 맞음. tiny로 학습 시작.", "start_training", {"preset": "tiny"}),
    ("리소스 전부 정리해 주세요. S3 삭제는 일단 보류할게요.", "teardown", {"ids": None, "include_s3": False}),
    ("다 정리해줘. 버킷 데이터 삭제는 보류할게요", "teardown", {"ids": None, "include_s3": False}),
]
NOTHING_DONE = [  # still prohibitions or call-offs: no tool
    "배포하지 마",
    "학습 시작은 하지 마",
    "배포는 안 할래",
    "S3는 안 지우는 걸로",
    "안 쓰는 버킷은 지우지 마",
    "학습 돌려줘. 아까 부탁한 거 보류할게요",
    "정리해줘. 아 취소할게요",
]


@pytest.mark.parametrize("text,tool,args", REQUESTS)
def test_negation_beside_a_request_leaves_it(router: OfflineRouter, text: str, tool: str, args: dict) -> None:
    assert_plans(router, text, tool, args)


@pytest.mark.parametrize("text", NOTHING_DONE)
def test_prohibitions_still_do_nothing(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[0] is None
