"""A question put aside by 암튼 / 어쨌든 / anyway before a request is no part of the request (independent set S): the
request is done with its own words, so what the question names ("does teardown delete S3 too?") is no argument
(assistant/questions.py, assistant/router.py); a question alone, or a request that leaves S3 open, is still asked."""
from __future__ import annotations

import pytest

from assistant import asides, questions
from assistant.router import OfflineRouter


@pytest.mark.parametrize("message, s3", [
    ("wait does teardown delete S3 too? 암튼 S3 빼고 전부 정리해줘", False),
    ("teardown이 S3도 지워? 암튼 S3 빼고 전부 정리해줘", False),
    ("S3도 지워지나? 어쨌든 S3는 남기고 다 정리해 주세요", False),
    ("정리하면 S3도 날아가요? 아무튼 S3까지 전부 지워줘", True),
    ("does teardown delete S3 too? anyway tear everything down except S3", False),
    ("does teardown delete S3 too? either way, delete everything including S3", True)])
def test_a_request_after_a_question_put_aside_is_planned(message: str, s3: bool) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": s3}, None)


@pytest.mark.parametrize("message", ["teardown이 S3도 지워?", "엔드포인트 지워줘. 근데 S3도 같이 지워지나?",
                                     "does teardown delete S3 too?"])
def test_a_question_not_put_aside_plans_nothing(message: str) -> None:
    assert OfflineRouter().route(message)[0] is None


def test_only_the_questions_before_the_marker_are_blanked() -> None:
    text = "g5.2xlarge로 배포해줘. 근데 IC로 올라가는 거 맞죠? 아무튼 부탁드려요"
    question = " 근데 IC로 올라가는 거 맞죠?"
    assert asides.without_set_aside(text) == text.replace(question, " " * len(question))
