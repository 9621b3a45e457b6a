"""The article without the remarks around it (assistant/arguments/article.py): a line saying only how to summarize
("짧게", "briefly") and a first sentence that asks for something about the news pasted after it are not news."""
from __future__ import annotations

from assistant import arguments

NEWS = ("기상청은 이번 주말 전국에 비가 내릴 것이라고 밝혔다. 강수량은 지역에 따라 10~40mm로 예상된다. "
        "기상청은 산간 지역의 안전사고에 유의해 달라고 당부했다.")


def test_a_manner_line_is_no_article_text() -> None:
    assert arguments.article(f"summarize pls 👇 간단히\n{NEWS}") == NEWS
    assert arguments.article(f"요약 부탁해요 👉 briefly\n{NEWS}") == NEWS


def test_a_first_sentence_asking_about_the_news_is_no_article_text() -> None:
    assert arguments.article(f"기사 붙여넣으면 요점 정리해 준다고 해서요~ 이것 좀 해봐 주세요! {NEWS}") == NEWS
