"""A request passed on from someone else is still to be done: "…돌려보라고 하셨어요" (a try-verb made a quoted
imperative) and "Jin asked me to kick off …" beside "fyi" are requests, not reports; a "fyi" that only tells, and
what was tried already, are not."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter
from tests.assistant.conftest import assert_plans

RELAYED = [
    ("CTO님이 이 서버에서 smol 프리셋으로 오십 스텝만 돌려보라고 하셨어요. 파이프라인 잘 도는지 보는 용도래요",
     "start_training", {"preset": "smol", "max_steps": 50}),
    ("팀장님이 tiny로 학습 한번 돌려보라고 하셨어요", "start_training", {"preset": "tiny"}),
    ("Hello! Jin asked me to kick off a quick local run with the tiny preset, 200 steps, just to make sure nothing "
     "crashes. fyi our card only has 24GB", "start_training", {"preset": "tiny", "max_steps": 200}),
    ("fyi my lead told me to run an eval on 50 records", "evaluate", {"limit": 50}),
]
ONLY_TELLING = [
    "fyi I deleted the endpoint myself",
    "fyi Jin wanted us to know the endpoint is gone",
    "thanks, the summaries look way better now",
]


@pytest.mark.parametrize("text,tool,args", RELAYED)
def test_a_relayed_request_is_done(router: OfflineRouter, text: str, tool: str, args: dict) -> None:
    assert_plans(router, text, tool, args)


@pytest.mark.parametrize("text", ONLY_TELLING)
def test_telling_only_is_a_reply(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[0] is None
