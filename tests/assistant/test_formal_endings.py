"""A formal request ending asks as plainly as "해 주세요" (assistant/formal.py, the one reader of these endings): "정리해 주시겠어요?", "계산해 주시기
바랍니다", "정리하십시오" keep the step the plain ending gets; above an article, such a line asks for its summary
(정리 is both summarizing and cleaning up: what follows it settles which). Found by tests/benchmarks/bench_invariance.py."""
from __future__ import annotations

import pytest

from assistant import clauses, formal
from assistant.korean import in_hangul
from assistant.router import OfflineRouter

ARTICLE = ("기상청은 이번 주말 중부지방을 중심으로 첫눈이 내릴 가능성이 있다고 2일 예보했다. 서울과 경기 북부에는 1~3cm가량의 "
           "눈이 쌓일 수 있으며, 강원 산간에는 최대 10cm 이상의 적설이 예상된다. 기온도 평년보다 5도가량 낮아 출근길 빙판길 "
           "사고에 주의가 필요하다.")


@pytest.mark.parametrize(("message", "tool"), [
    ("다 정리해 주시겠어요?", "teardown"), ("다 정리하십시오", "teardown"), ("루지 계산해 주시겠어요?", "evaluate"),
    ("루지 계산해 주시기 바랍니다", "evaluate")])
def test_a_formal_ending_keeps_the_step(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("head", ["핵심만 간단히 정리해 주세요.", "핵심만 간단히 정리해 주시기 바랍니다.",
                                  "핵심만 간단히 정리하십시오.", "핵심만 간단히 정리해 주시겠어요?"])
def test_a_formal_request_above_an_article_summarizes_it(head: str) -> None:
    assert OfflineRouter().route(f"{head}\n\n{ARTICLE}")[:2] == ("summarize", {"text": ARTICLE})


def test_formal_endings_read_as_the_plain_one() -> None:
    assert formal.plain_requests("다 정리하십시오") == "다 정리하세요"
    assert formal.plain_requests("결과 보여 주시겠어요?") == "결과 보여 주세요"
    assert formal.plain_requests("루지 계산해 주시길 바랍니다") == "루지 계산해 주세요"
    assert formal.plain_requests("다 정리하시오") == "다 정리하세요"


@pytest.mark.parametrize("message", ["다 정리해 주시겠어요?", "다 정리하십시오", "루지 계산해 주시기 바랍니다",
                                     "결과 보여 주시겠습니까?"])
def test_one_reader_of_formal_endings(message: str) -> None:
    """The romanized-Korean reading and the request reading put a formal ending the same way: one vocabulary."""
    assert clauses.request(message) == clauses.request(in_hangul(message)) == formal.plain_requests(message)
    assert not any(ending in formal.plain_requests(message) for ending in ("주시", "십시", "바랍니다"))


@pytest.mark.parametrize("message", [
    "SageMaker endpoint로 배포 진행해 주시겠어요? 상무님은 g5.12xlarge 얘기하셨고 나는 g5.2xlarge면 충분하다고 봐요.",
    "세이지메이커에 배포해 주시겠습니까? 팀장님은 g5.4xlarge 추천하셨고 저는 g5.2xlarge면 된다고 생각해요."])
def test_a_formal_question_still_ends_its_sentence(message: str) -> None:
    """"…해 주시겠어요? 상무님은 X 얘기하셨고 나는 Y면 충분하다고 봐요": read as "…해 주세요." the request is a sentence of its
    own, so the two opinions after it stay undecided and the brain asks which type instead of deploying on one."""
    assert formal.plain_requests("배포해 주시겠어요? 상무님은") == "배포해 주세요. 상무님은"
    assert OfflineRouter().route(message)[0] is None
