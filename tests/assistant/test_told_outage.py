"""A sentence that tells a local server is down is context for the request beside it, not a clean-up
(assistant/arguments/asks.py, assistant/arguments/told.py): "local server down. restart it locally" serves the latest
model locally again; "shut the local server down" and a "down" said alone still ask for the server to go."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.fixture(scope="module")
def router() -> OfflineRouter:
    return OfflineRouter()


@pytest.mark.parametrize("text", [
    "local server down. restart it locally, not on sagemaker",
    "local server went down, restart it",
    "local TGI is down. bring it back up here",
    "local TGI crashed, bring it back up here",
    "로컬 서버 죽었어요. 로컬에 다시 띄워 주세요, 세이지메이커 말고",
])
def test_a_told_outage_beside_a_restart_serves_locally_again(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[:2] == ("deploy", {})


@pytest.mark.parametrize("text", [
    "shut the local server down",
    "take the local server down",
    "local server down please",
    "everything down by tonight",  # said alone, the "down" is what is asked
    "server down. tear it all down",
    "로컬 서버 내려줘",
    "tear it all down",
])
def test_a_clean_up_asked_still_plans_teardown(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[0] == "teardown"


def test_only_the_told_down_is_context() -> None:
    assert not arguments.asks_to_remove("local server down. restart it locally")
    assert arguments.asks_to_remove("local server down. shut it down")
    assert arguments.asks_to_remove("take the local server down, then deploy the new model")  # an order to take it down


@pytest.mark.parametrize("text", [
    "로컬 서버 죽었어요. 재시작 해주세요",  # alone, "재시작 해주세요" reads as training
    "로컬 서버 죽었어요. 다시 켜 주세요",  # alone, "다시 켜 주세요" reads as a repeat, with nothing to repeat
])
def test_what_is_restarted_may_be_named_only_in_the_told_sentence(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[:2] == ("deploy", {})


def test_a_told_sentence_never_makes_the_request_gated(router: OfflineRouter) -> None:
    assert router.route("로컬 서버 내려줘")[0] == "teardown"
    assert router.route("학습 끝났어요. 다시 해줘")[0] is None  # nothing to repeat, nothing guessed from the report
