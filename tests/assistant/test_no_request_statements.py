"""Statements and small talk ask for nothing (assistant/no_request.py, assistant/clauses.py, assistant/questions.py):
thanks beside what happened or how things are, a report of what the user did themselves, and a question about
something else than the product's things are answered without a tool."""
from __future__ import annotations

import pytest

from assistant import clauses, no_request, questions
from assistant.korean import morphemes
from assistant.router import OfflineRouter


@pytest.mark.parametrize("message", [
    "로컬 서빙 잘 되네요 감사합니다 🙏 생각보다 빨라요",
    "어제 학습해주신 모델 결과 좋았어요! 팀원들도 만족했습니다. 고맙습니다",
    "엔드포인트는 제가 콘솔에서 지웠어요~ 참고하시라고요",
])
def test_thanks_and_reports_call_no_tool(message: str) -> None:
    assert no_request.informs_only(message)
    assert OfflineRouter().route(message)[0] is None


def test_a_step_done_for_the_user_describes_a_thing() -> None:
    sentence = morphemes("어제 배포해주신 모델로 데모 잘 끝났습니다")
    assert clauses.reports_only(sentence, "어제 배포해주신 모델로 데모 잘 끝났습니다")


def test_a_question_ends_where_the_next_sentence_starts() -> None:
    assert not questions.read("저녁 뭐 먹죠 ㅋㅋ 서버가 안 돌아가네").about_now
    assert OfflineRouter().route("저녁 뭐 먹죠 ㅋㅋ 머리가 안 돌아가네")[0] is None


@pytest.mark.parametrize("message, tool", [
    ("학습 잘 되네요 감사합니다. 이제 평가 부탁해요", "evaluate"), ("감사합니다! 로컬에 배포해 주세요", "deploy"),
])
def test_thanks_beside_a_request_is_the_request(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("message, tool", [
    ("로컬에 배포해 주세요. 비싼 거 쓰지 말고유.", "deploy"), ("평가 백 개만 해유, 오래 걸리지 말고유.", "evaluate"),
])
def test_a_sentence_that_ends_in_its_first_word_is_read(message: str, tool: str) -> None:
    """Kiwi reads Chungcheong "…말고유." with the ending 유 first in its sentence: reports_only read the word two before
    it, past the sentence's start, and the router raised IndexError."""
    assert OfflineRouter().route(message)[0] == tool
