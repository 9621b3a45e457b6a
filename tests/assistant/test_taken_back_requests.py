"""A request taken back later in the same message does nothing (independent set S): after a turn ("아 잠깐만요", "wait")
a clause that forbids the step ("시작하지 마세요", "don't start it"), or the speaker calling it off ("방금 건
취소할게요"), is read by the one reader of take-backs (assistant/no_request.py), which the gated plans' last check
(assistant/risk.py) asks too; a correction to another value, or a clause that spares a thing, is no take-back."""
from __future__ import annotations

import pytest

from assistant import no_request, risk
from assistant.messages import say
from assistant.router import OfflineRouter


@pytest.mark.parametrize("message, korean", [
    ("smol 프리셋으로 max_steps 800 로컬 학습 시작해 주세요… 아 잠깐만요, 데이터 split을 아직 고정 안 했네요. "
     "방금 건 취소할게요, 시작하지 마세요.", True),
    ("smol로 로컬 학습 시작해 주세요. 아 잠깐요, 시작하지 마세요.", True),
    ("평가 돌려 주세요. 근데 잠깐만요, 데이터가 아직이네요. 방금 건 취소할게요", True),
    ("start a local smol run with 800 steps. wait, the split isn't fixed yet. don't start it", False),
    ("다 정리해줘... 아니다 잠깐, 고객 미팅이 있었지. 지우지 말고 그냥 둬요", True)])
def test_a_request_taken_back_does_nothing(message: str, korean: bool) -> None:
    assert no_request.takes_back(message)
    assert OfflineRouter().route(message) == (None, {}, say("prohibited", korean))


@pytest.mark.parametrize("message, tool", [
    ("로컬 학습 시작해주세요. 잠깐만요 max_steps는 500으로요", "start_training"),
    ("다 지워줘. 근데 S3는 그냥 둬", "teardown"),
    ("학습 취소할게요", "stop_job")])  # nothing asked before: the job is stopped
def test_a_correction_or_a_spared_thing_is_no_take_back(message: str, tool: str) -> None:
    assert not no_request.takes_back(message)
    assert OfflineRouter().route(message)[0] == tool


def test_the_gated_check_reads_the_same_take_back() -> None:
    message = "tear it all down. wait, the demo is tomorrow. don't do it"
    assert risk.question("teardown", {"ids": None, "include_s3": False}, message, False, {}) == say("doubted", False)


@pytest.mark.parametrize("message", [
    "담당자님, 엔드포인트를 로컬에 배포해 달라고 부탁드리려 했는데요, 일정이 바뀌어서 이번 건은 진행하지 말아 주십시오.",
    "학습 돌려 달라고 하려 했지만 예산 때문에 오늘은 하지 말아 주세요",
    "리소스 정리 요청드리려고 했었는데, 팀장님 말씀으로는 아직 진행하지 말라고 하시네요."])
def test_a_request_meant_then_forbidden_does_nothing(message: str) -> None:
    """"-려 했는데": what the writer was going to ask, then forbids (formally too): the request is withdrawn."""
    assert no_request.takes_back(message)
    assert OfflineRouter().route(message) == (None, {}, say("prohibited", True))
