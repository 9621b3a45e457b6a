"""One vocabulary of courtesy (assistant/courtesy.py): the sign-off after a request (assistant/wrappers.py), the
thanks line beside an article (assistant/arguments/article.py) and a reply that only thanks (assistant/no_request.py)
know the same thanks and wishes. Before, the sign-off reader lacked "thank you a lot", "thanks very much" and "enjoy
the weekend", which the article reader knew, so "tear it all down, thank you a lot!" asked for nothing."""
from __future__ import annotations

import pytest

from assistant import no_request, wrappers


@pytest.mark.parametrize(("message", "asked"), [
    ("stop the training job, thanks very much", "stop the training job"),
    ("tear it all down, thank you a lot!", "tear it all down"),
    ("deploy it, enjoy the weekend!", "deploy it"),
    ("tear down everything, have a lovely day", "tear down everything"),
    ("학습 멈춰 줘 미리 감사드립니다", "학습 멈춰 줘")])
def test_a_sign_off_is_no_part_of_the_request(message: str, asked: str) -> None:
    assert wrappers.without_sign_off(message) == asked


@pytest.mark.parametrize(("message", "tool"), [
    ("tear it all down, thank you a lot!", "teardown"), ("deploy it, enjoy the weekend!", "deploy")])
def test_the_request_before_a_sign_off_is_routed(router, message: str, tool: str) -> None:
    assert router.route(message)[0] == tool


@pytest.mark.parametrize("thanks", ["thank you very much", "미리 감사드립니다"])
def test_a_thanks_line_beside_an_article_is_not_news(router, thanks: str) -> None:
    article = ("기상청은 이번 주말 중부지방을 중심으로 첫눈이 내릴 가능성이 있다고 2일 예보했다. 서울과 경기 북부에는 1~3cm가량의 "
               "눈이 쌓일 수 있으며, 강원 산간에는 최대 10cm 이상의 적설이 예상된다. 기온도 평년보다 5도가량 낮아 출근길 빙판길 "
               "사고에 주의가 필요하다.")
    assert router.route(f"요약해 주세요.\n\n{article}\n\n{thanks}")[:2] == ("summarize", {"text": article})


def test_a_reply_that_only_thanks_asks_nothing() -> None:
    assert no_request.informs_only("thanks so much, the summaries look way better now")
    assert no_request.informs_only("결과 잘 나왔네요 감사합니다")
