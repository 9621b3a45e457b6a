"""Where the request around an article ends (assistant/arguments/article.py): a spoken request ending in a tilde
("Summary 부탁해요~ …") is a sentence of its own, not the start of the first sentence of news, and a first line that
gives only a length ("아래 기사 세 줄로") is a request line above the article, as the remark under it is no news."""
from __future__ import annotations

from assistant import arguments

NEWS = ("통계청은 지난달 소비자물가가 1년 전보다 2.1% 올랐다고 발표했다. 채소와 과일 가격이 크게 오른 것이 주요 원인이다. "
        "정부는 농산물 비축 물량을 풀어 가격을 안정시키기로 했다.")


def test_a_request_ending_in_a_tilde_keeps_the_first_sentence_of_news() -> None:
    assert arguments.article(f"Summary 좀 부탁해요~ {NEWS} -- for the team call, thanks!") == NEWS


def test_a_first_line_giving_only_a_length_is_the_request() -> None:
    assert arguments.article(f"이 기사 두 줄로\n{NEWS}\n방금 올라온 거임") == NEWS


def test_a_length_line_over_a_note_makes_no_article() -> None:
    assert arguments.article("세 줄로\n학습 끝나면 알려줘요. 그 다음에 배포도 부탁해요.") is None


def test_a_question_over_a_pasted_error_makes_no_article() -> None:
    assert arguments.article("학습 돌리니까 이게 떠요, 왜 그런 거죠?\n```\nRuntimeError: CUDA error: device-side assert "
                             "triggered. Compile with TORCH_USE_CUDA_DSA to enable device-side assertions.\n```") is None
