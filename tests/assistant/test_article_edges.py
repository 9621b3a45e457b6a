"""The article on one line with short remarks around it (assistant/arguments/article.py): a request sentence, a
purpose, a comment or thanks before or after the news sentences, in either language, is not news; a pasted config or
short English prose that asks for nothing to be summarized is no article."""
from __future__ import annotations

from assistant import arguments

NEWS = ("기상청은 이번 주말 강원 산지에 최대 15cm의 눈이 내릴 것으로 예보했다. 일요일 아침 기온은 영하 12도까지 떨어질 전망이다. "
        "기상청은 빙판길 교통사고에 각별히 주의해 달라고 당부했다.")


def test_short_sentences_around_the_news_are_no_article_text() -> None:
    assert arguments.article(f"요약해. 대표 보고용. {NEWS}") == NEWS
    assert arguments.article(f"이거 세 줄로. {NEWS} 빨리 좀") == NEWS
    assert arguments.article(f"quick summary pls 👉 {NEWS} 회의 5분 전임") == NEWS
    assert arguments.article(f"{NEWS} 이 기사 한 줄로 요약 부탁드려도 될까요? 대표님 보고용이에요") == NEWS


def test_a_long_english_request_before_the_news_is_no_article_text() -> None:
    assert arguments.article(f"Summarize this one for a quick eyeball test: {NEWS} Curious whether it keeps it.") == NEWS
    assert arguments.article(f"Jin forwarded me this article and wants a summary 👉 {NEWS} thanks in advance!") == NEWS


def test_a_config_or_a_short_english_note_is_no_article() -> None:
    assert arguments.article("Kick off a local llama3-8b QLoRA run with this: load_in_4bit: true, bnb_4bit_quant_type: "
                             "nf4, lora_r: 64, lora_alpha: 128, max_steps: 1200. The A100 here has 80GB so batch 4 "
                             "should fit.") is None
    assert arguments.article("Jin asked for a ROUGE eval on the deployed model. He mostly cares about ROUGE-2, which "
                             "was 0.21 last time. The full test set is fine, no limit.") is None
