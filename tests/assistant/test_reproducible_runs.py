"""Local training requests with reproducibility details (independent set S): a precision word between the steps' name
and number ("max_steps 정확히 500", "set to exactly 1200") keeps the number (assistant/arguments/values.py), and a
model named only to compare with another run ("same seed as the smol run", "smol 때랑 같은 seed로") is not the model
asked for when another is named (assistant/arguments/compared.py); a seed number is never the steps."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize(("message", "steps"), [
    ("seed 1234, smol preset, max_steps 정확히 500으로 이 머신에서 학습 시작해 주세요.", 500),
    ("smol로 max_steps를 딱 300으로 로컬 학습 돌려줘", 300),
    ("local smol run with max steps set to exactly 1200 please", 1200),
    ("train smol locally, steps of precisely 400", 400),
    ("smol 로컬 학습 시작해줘 seed는 1234, 스텝은 정확히 300", 300),
    ("smol로 seed 42 로컬 학습, 500 스텝", 500),
    ("local smol training with seed 500", None),  # a seed is no step count
    ("smol 로컬 학습 seed 42로 시작해줘", None)])
def test_steps_said_exactly_are_kept_and_seeds_are_not_steps(message: str, steps: int | None) -> None:
    assert arguments.max_steps(message) == steps


@pytest.mark.parametrize(("message", "preset"), [
    ("local llama3-8b run, same config as the smol run", "llama3-8b"),
    ("smol 때랑 같은 seed로 llama3-8b 로컬 학습 돌려줘", "llama3-8b"),
    ("아침에 돌린 smol이랑 동일하게 tiny로 로컬 학습 시작", "tiny"),
    ("compared to the tiny run, train smol locally with 300 steps", "smol"),
    ("start a local training like the smol run", "smol"),  # no other model named: the one said
    ("smol이랑 같은 설정으로 로컬 학습 돌려줘", "smol")])
def test_a_model_only_compared_with_is_not_the_one_asked_for(message: str, preset: str) -> None:
    assert arguments.preset(message) == (preset, False)


def test_two_models_asked_for_are_still_unclear() -> None:
    assert arguments.preset("tiny랑 smol 로컬 학습") == (None, True)


def test_a_run_with_seed_steps_and_a_run_number_is_started() -> None:
    message = ("We finally got the 80GB A100 box to ourselves until the 15th. Please kick off a local llama3-8b QLoRA "
               "run on this machine with max_steps set to exactly 1200 — same seed as the smol run from this morning "
               "(seed 7), I'll log it in the experiment sheet as run #14.")
    assert OfflineRouter().route(message) == ("start_training", {"preset": "llama3-8b", "max_steps": 1200}, None)
