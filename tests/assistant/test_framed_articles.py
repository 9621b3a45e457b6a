"""An article set apart by a frame (▶ … ◀, ►, ☞, 「」, quotes) with short remarks around it asking for a summary, and
an article with a sign-off line under it ("Thanks — I'll paste the output …"), is the text to summarize without the
frame and the remarks (independent set S; assistant/arguments/article.py)."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter

NEWS = ("한국은행은 8일 발표한 보고서에서 올해 가계부채 증가율이 3.1%로 둔화됐다고 밝혔다. 다만 수도권 주택담보대출은 "
        "여전히 빠르게 늘고 있어 경계를 늦출 수 없다고 지적했다.")


@pytest.mark.parametrize("message", [
    f"어제 돌린 모델이랑 비교하려고 같은 기사로 다시 테스트합니다 ▶ {NEWS} ◀ 세 줄 이내로 부탁드려요.",
    f"요약 부탁해요 「{NEWS}」", f"☞ {NEWS}\n두 줄로 줄여 주세요", f"► {NEWS} ◄ summarize in 2 sentences pls",
    f"\"{NEWS}\" 이 기사 핵심만"])
def test_a_framed_article_is_the_text_without_frame_and_remarks(message: str) -> None:
    assert OfflineRouter().route(message) == ("summarize", {"text": NEWS}, None)


@pytest.mark.parametrize("message", [
    f"Quick qualitative check on the deployed model, please summarize this article:\n{NEWS}\n"
    "Thanks — I'll paste the output into our annotation sheet.",
    f"quick favor, can you please summarize the article below for me:\n{NEWS}\ncheers — we'll add it to the sheet"])
def test_a_sign_off_under_the_article_is_no_part_of_it(message: str) -> None:
    assert OfflineRouter().route(message) == ("summarize", {"text": NEWS}, None)


def test_a_quote_inside_news_is_no_frame() -> None:
    text = f"그는 \"좋다\"고 말했다. {NEWS}"
    assert arguments.article(text) == text
