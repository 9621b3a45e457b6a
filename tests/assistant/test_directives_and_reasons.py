"""A "don't X, do Y" directive asks for Y though it has no 주- ("처음부터 다시 하지 말고 체크포인트에서 이어서 돌려요"),
so a tag question that sets the scene before it ("…학습 있죠?") does not make the message a question; "-거든" after
"지금" gives a reason, not a condition; "끝날 때까지" is until then, no supposition; and "지켜보고 있다가 어떻게 됐는지
알려줘" asks for a step and then to be told how it went."""
from __future__ import annotations

import pytest

from assistant import questions
from tests.assistant.conftest import assert_plans


def test_dont_x_do_y_is_a_request_after_a_tag_question(router) -> None:
    text = "어젯밤에 OOM으로 죽은 로컬 학습 있죠? 처음부터 다시 하지 말고 체크포인트에서 이어서 돌려요."
    assert questions.directs(text)
    assert_plans(router, text, "resume_job", {"job_id": None})


@pytest.mark.parametrize("text", ["처음부터 다시 하지 말고 이어서 돌려요.", "지우지 말고 그냥 두세요"])
def test_a_directive_sentence_is_read_as_one(text) -> None:
    assert questions.directs(text)


@pytest.mark.parametrize("text", ["처음부터 다시 하지 말고 이어서 돌릴까요?", "다시 하지 말고 이어서 돌리나요?"])
def test_a_question_about_a_directive_still_asks(text) -> None:
    assert not questions.directs(text)
    assert questions.read(text).asks or questions.read(text).suggests


def test_a_reason_with_now_and_a_watch_until_done_is_a_follow_request(router) -> None:
    text = "나 지금 촬영 들어가거든 학습 끝날 때까지 삼십 분만 지켜보고 있다가 어떻게 됐는지 알려줘"
    assert not questions.read(text).asks
    assert_plans(router, text, "follow_job", {"timeout_s": 1800})


def test_geodeun_without_now_is_still_a_condition() -> None:
    assert questions.read("엔드포인트 내리거든 로그는 어떻게 돼?").hypothetical


def test_until_done_is_no_supposition() -> None:
    assert not questions.read("학습 끝날 때까지 얼마나 남았어?").hypothetical


def test_a_question_before_the_telling_still_asks() -> None:
    assert questions.read("어떻게 됐는지 지켜보고 있다가 알려줘").asks


def test_a_reason_with_now_is_no_supposition() -> None:
    assert not questions.read("나 지금 촬영 들어가거든 학습 어떻게 돼가?").hypothetical
