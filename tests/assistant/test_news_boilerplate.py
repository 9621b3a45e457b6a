"""What a news site prints around an article's body (assistant/arguments/boilerplate.py, used by the article reader):
a tag before the body, a headline over a byline, datelines and bylines, photo captions, e-mail and copyright lines
and rules go, in many forms; a sentence of the body never does, even one that names a reporter, an e-mail or a
copyright, and a headline over no byline stays, tag and all."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.arguments.boilerplate import news_body

BODY = ("경기 수원시는 내년 3월부터 시내버스 12개 노선을 심야까지 연장 운행한다고 8일 밝혔다. 연장 노선은 자정 이후 수요가 많은 "
        "광교·영통 일대를 중심으로 정했다. 시는 이를 위해 예산 18억원을 편성했으며 이용 실적을 보고 노선을 추가할 계획이다.")


@pytest.mark.parametrize("page", [
    f"[속보] 수원 시내버스 12개 노선 심야 연장\n(수원=코썸일보) 김민지 기자 = {BODY}",
    f"【속보】 {BODY}",
    f"수원 시내버스 12개 노선 심야 연장\n(수원=코썸일보) 김민지 기자 =\n{BODY}",
    f"수원 시내버스 심야 연장\n김민지 기자 =\n{BODY}",
    f"【수원=연합뉴스】 김민지·박준호 기자 = {BODY}",
    f"(수원=코썸일보) 김민지 선임기자 = {BODY}",
    f"[코썸일보 김민지 기자] {BODY}",
    f"(수원=코썸일보) = {BODY}",
    f"{BODY}\nminji.kim@kosumilbo.co.kr",
    f"{BODY}\n김민지 기자 minji@kosum.co.kr",
    f"{BODY}\n<minji@kosum.co.kr>",
    f"{BODY}\n<저작권자 ⓒ 코썸일보, 무단전재 및 재배포 금지>",
    f"{BODY}\nCopyright © KoSum Ilbo. All rights reserved.",
    f"{BODY}\n무단전재 및 재배포 금지",
    f"{BODY} ⓒ코썸일보 무단전재 및 재배포 금지",
    f"{BODY}\n📷 수원시청 앞 버스 정류장 모습",
    f"{BODY}\n▲ 광교 버스 차고지 전경. /사진=수원시 제공",
    f"{BODY}\n[사진] 수원의 한 버스 정류장 (사진=코썸일보 DB)",
    f"{BODY}\n심야 버스 노선도 (그래픽=코썸일보)",
    f"[속보] 수원 심야버스 연장\n(수원=코썸일보) 김민지 기자 = {BODY}\n📷 버스 정류장\nminji@kosum.co.kr\nⓒ코썸일보",
    f"요약 ㄱ\n---\n{BODY}\n---\n급해 ㅠ",
])
def test_the_parts_around_the_body_go(page: str) -> None:
    assert news_body(page) == BODY


@pytest.mark.parametrize("body", [
    BODY,
    "김민지 기자는 이날 현장에서 승객들의 불편을 직접 확인했다. 시는 대책을 내놓겠다고 밝혔다.",
    "문의는 help@kosum.co.kr로 받는다. 시는 다음 달 설명회를 연다고 밝혔다.",
    "수원시 관계자는 \"사진 촬영은 허용된다\"고 말했다. 사진=시청 제공이라는 표기를 붙여야 한다고 덧붙였다.",
    "출판사는 무단전재 및 재배포 금지 조항을 어긴 업체를 고소했다. 법원은 다음 달 선고한다.",
    "▲ 표시가 붙은 정류장은 심야 노선이 선다. 시는 표지판을 새로 달았다.",
    "지하철 2호선 운행 재개\n서울교통공사는 오전 9시께 운행을 재개했다고 밝혔다.",  # a title over no byline stays
    f"[단독][종합] 수원 시내버스 심야 연장\n{BODY}",  # … tag and all
    "시는 이렇게 밝혔다.\n---\n다만 예산은 아직 확정되지 않았다.\n---\n의회는 다음 주 심의한다.",
])
def test_a_body_stays_whole(body: str) -> None:
    assert news_body(body) == body


def test_a_pasted_news_page_is_summarized_as_its_body() -> None:
    assert arguments.article(f"이거 세 줄로 요약해 주세요, 온라인 메인에 올릴 거예요\n\n[속보] 수원 심야버스 연장\n"
                             f"(수원=코썸일보) 김민지 기자 = {BODY}\nminji@kosumilbo.co.kr\n"
                             f"<저작권자 ⓒ 코썸일보, 무단전재 및 재배포 금지>") == BODY
    assert arguments.article(f"이 기사 summary 좀 부탁해요 👉\n\n(수원=코썸일보) 이서연 기자 = {BODY}\n"
                             f"seoyeon@kosumilbo.co.kr\n\nthumbnail용이라 짧게 plz") == BODY
    assert arguments.article(f"Quick one before the 6pm 마감 — summarize this 👇\n\n(수원=한빛일보) 박준호 기자 = {BODY}\n"
                             f"📷 버스 정류장 모습\njunho.park@hanbit.example\n\nthx, 결과는 슬랙 #desk에 붙일게요") == BODY
    assert arguments.article(f"요약 ㄱ. 5시 편집회의 자료에 넣을 거\n---\n{BODY}\n---\n급해 ㅠ") == BODY
