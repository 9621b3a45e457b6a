"""Which lines of a message are the article (assistant/arguments/article.py, boilerplate.py): its run of news
sentences and the headline over it. A label over it ("[기사]", "기사 전문:"), a length said in words ("세줄로"), the
request line in the same paragraph, quoted chat lines, rules, and the short lines under its last sentence (a share
bar, "더보기", a signature, "이상입니다") are not; a headline over no byline stays whole, tag and all."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.arguments.boilerplate import news_body

LINES = ["청주시는 다음 달부터 시내 공영주차장 12곳의 요금을 30분당 500원 올린다고 10일 밝혔다.",
         "인상분은 주차장 보수와 전기차 충전기 설치에 쓰인다.",
         "시는 시민 의견을 들어 야간 요금은 동결하기로 했다."]
PHONE = "\n".join(LINES)  # pasted from a phone browser: one line a sentence
ONE = " ".join(LINES)
TITLE = "청주 공영주차장 요금 30분당 500원 오른다"


@pytest.mark.parametrize("message", [
    f"안녕하세요. 주차 기사 요약 부탁드립니다.\n\n[기사]\n{ONE}\n\n감사합니다.\n김하늘 | 편집부 | 043-555-0188",
    f"요약해 주세요\n\n기사 전문:\n{ONE}",
    f"메모:\n- 오늘 할 일: 아래 기사 요약\n---\n{ONE}\n---\n이상입니다",
    f"> 팀장: 어제 건 잘 받았어요\n> 나: 넵!\n나: 이번 기사도 두 줄로 요약 부탁드려요 👇\n{ONE}\n확인 부탁드려요",
    f"> 민: 이거 요약 가능할까요?\n> 민: 아 잠깐 다른 기사로 할게요\n민: 이걸로 부탁해요\n{ONE}",
    f"세줄로\n{PHONE}\n공유하기 | 스크랩",
    f"요약 좀 해줘 출근길에 본 거\n{PHONE}\n더보기",
])
def test_only_the_news_lines_are_the_article(message: str) -> None:
    assert arguments.article(message).replace("\n", " ") == ONE


@pytest.mark.parametrize("title", [TITLE, f"[단독] {TITLE}", f"[단독] 청주시, 공영주차장 요금 올린다"])
@pytest.mark.parametrize("trailer", ["\n\n카카오톡 공유하기 | 링크 복사", "\n\nshared via Naver", "\n\n카카오톡으로 공유하기\n고마워요"])
def test_a_phone_pasted_article_keeps_its_headline_and_loses_its_share_bar(title: str, trailer: str) -> None:
    assert arguments.article(f"요약 plz 👇\n{title}\n{PHONE}{trailer}") == f"{title}\n{PHONE}"
    assert arguments.article(f"이거 요약 좀 해 주실래요 링크로 받은 거예요\n\n{title}\n{PHONE}{trailer}") == f"{title}\n{PHONE}"


@pytest.mark.parametrize("body", [
    f"{PHONE}\n시는 이렇게 밝혔다.",  # the last line is news
    f"{PHONE}\n주차장 위치와 요금표는 시 누리집 교통 안내 코너와 각 구청 민원실에서 확인할 수 있으며 문의는 평일 오전 9시부터 오후 6시까지 교통정책과 주차관리팀으로 하면 된다고 안내",
    f"[속보] {TITLE}\n{PHONE}",  # a tagged title over no byline stays whole
])
def test_the_lines_of_the_article_stay(body: str) -> None:
    assert news_body(body) == body


def test_a_tagged_title_over_a_byline_and_a_tag_before_the_body_still_go() -> None:
    assert news_body(f"[속보] {TITLE}\n(청주=코썸일보) 김하늘 기자 = {ONE}") == ONE
    assert news_body(f"[단독] {ONE}") == ONE


NOTE = "학습은 어젯밤 열한 시쯤 문제없이 끝났다. ROUGE-L은 지난번보다 0.03 오른 0.41로 나왔다."  # prose, but no news


@pytest.mark.parametrize("message", [
    f"요약 모델 건이에요\n{NOTE}\n배포해 주세요\n\n- 인스턴스: ml.g5.2xlarge",
    f"요약 평가 결과 공유드려요\n\n{NOTE}\n평가 한 번 더 돌려줘\n\n감사합니다",
    f"> 민: 요약 모델 어때요?\n민: {NOTE}\n지금 배포해줘",
    f"요약 모델 배포해줘\n{NOTE}\n\n- 인스턴스: ml.g5.2xlarge",
    "요약 모델 배포는 어떻게 해요?\n\n- 인스턴스: g5.2xlarge\n- 더보기",
    "요약 결과 봤어요\n좋네요\n\n카카오톡 공유하기 | 링크 복사",
    "> 민: 요약 돌려주실 수 있어요?\n민: 아 아니에요 괜찮아요\n이상입니다",
    "[기사]\n세줄로\n---\n이상입니다",
])
def test_a_message_without_news_is_no_article(message: str, router) -> None:
    assert arguments.article(message) is None
    assert router.route(message)[0] != "summarize"
