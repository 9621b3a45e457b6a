"""'Once more' (assistant/again.py, OfflineRouter._repeat): the previous action of this conversation, a gated one only
through its approval again; with none before, one short question in the user's language, never a guessed tool."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from assistant.router import OfflineRouter
from tests.conftest import agent_turn, run_cli

AGAIN = ["한번만 더 ㄱ", "once more", "same again", "다시 한 번 돌려", "one more time pls"]
EARLIER = [HumanMessage("세이지메이커 ml.g5.12xlarge 2대로 학습해줘"),
           AIMessage("", tool_calls=[{"name": "train_on_sagemaker", "id": "c1",
                                      "args": {"instance_type": "ml.g5.12xlarge", "instance_count": 2}}])]


@pytest.mark.parametrize("text", AGAIN)
def test_again_with_nothing_before_asks_in_the_users_language(text) -> None:
    tool, args, reply = OfflineRouter().route(text)
    assert tool is None and args == {} and reply.rstrip().endswith("?")
    assert ("무엇을 할까요" in reply) == any("\uac00" <= c <= "\ud7a3" for c in text)


@pytest.mark.parametrize("text", AGAIN)
def test_again_repeats_the_previous_call_with_its_arguments(text) -> None:
    assert OfflineRouter().route(text, EARLIER) == ("train_on_sagemaker",
                                                    {"instance_type": "ml.g5.12xlarge", "instance_count": 2}, None)


@pytest.mark.parametrize(("text", "tool"), [("once more with smol", None), ("smol로 다시 학습해줘", "start_training")])
def test_again_with_something_else_said_is_read_as_usual(text, tool) -> None:
    assert OfflineRouter().route(text)[0] == tool


def test_a_repeated_gated_action_asks_for_approval_again(tiny_base: Path, prepared_sample: Path) -> None:
    started = run_cli("train", "--preset", "tiny", "--data", str(prepared_sample), "--base-model", str(tiny_base),
                      "--max-steps", "200", "--json")
    job = json.loads(started.stdout)["id"]
    try:
        assert job in agent_turn("again1", "리소스 정리해줘")["pending"]
        assert agent_turn("again1", decision="reject")["pending"] is None
        asked = agent_turn("again1", "한번만 더 ㄱ")
        assert asked["pending"] and job in asked["pending"]  # the same plan, waiting for approval, nothing done
        assert json.loads(run_cli("jobs", job, "--json").stdout)["jobs"][0]["status"] == "running"
        agent_turn("again1", decision="reject")
    finally:
        run_cli("teardown", "--all", "--yes")


TRAINED = [HumanMessage("tiny로 100스텝 학습해줘"),
           AIMessage("", tool_calls=[{"name": "start_training", "id": "c2", "args": {"preset": "tiny", "max_steps": 100}}])]


@pytest.mark.parametrize(("text", "args"), [
    ("once more with smol", {"preset": "smol", "max_steps": 100}),
    ("again but with 8B", {"preset": "llama3-8b", "max_steps": 100}),
    ("다시 한 번, 이번엔 300스텝으로", {"preset": "tiny", "max_steps": 300}),
    ("once more but 500 steps", {"preset": "tiny", "max_steps": 500}),
    ("smol로 다시 학습해줘", {"preset": "smol", "max_steps": 100}),
])
def test_again_with_an_argument_changed_replays_the_call_with_it(text, args) -> None:
    assert OfflineRouter().route(text, TRAINED) == ("start_training", args, None)


def test_a_gated_call_replayed_with_a_change_is_planned_for_approval() -> None:
    assert OfflineRouter().route("한 번 더, 이번엔 3대로", EARLIER) == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 3}, None)


@pytest.mark.parametrize(("text", "tool"), [("다시 평가해줘 50개로", "evaluate"), ("다시 로컬에 배포해줘", "deploy")])
def test_again_naming_another_step_is_that_step(text, tool) -> None:
    assert OfflineRouter().route(text, TRAINED)[0] == tool


def test_again_with_a_change_and_nothing_before_asks() -> None:
    assert OfflineRouter().route("once more with smol") == (
        None, {}, OfflineRouter().route("once more")[2])


@pytest.mark.parametrize("text", ["한 번 더 설명해줘", "다시 설명해줘", "explain that once more"])
def test_explaining_again_is_an_explanation_not_a_repeat(text) -> None:
    tool, _, reply = OfflineRouter().route(text, TRAINED)
    assert tool is None and reply == OfflineRouter().route("학습은 어떻게 돼? 설명해줘" if "\uac00" <= text[0] <= "\ud7a3"
                                                           else "how does training work?")[2]
