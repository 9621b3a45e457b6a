"""Non-gated arguments as people correct and round them (assistant/arguments/values.py, assistant/clauses.py,
assistant/structure.py): a training's only number said as an amount is its steps, a preset corrected later is the
later one (the steps kept), "그만 보고" stops the watching and not a job, and a pasted table's id the request names
is the job."""
from __future__ import annotations

import pytest

from assistant import arguments, clauses, structure
from assistant.router import OfflineRouter


@pytest.mark.parametrize("message, steps", [("smol로 500 정도만 돌려볼게요", 500), ("tiny로 200쯤 학습해줘", 200),
                                            ("smol로 학습해줘", None), ("24GB 카드로 smol 학습", None)])
def test_a_trainings_only_amount_is_its_steps(message: str, steps: int | None) -> None:
    assert arguments.max_steps(message) == steps


@pytest.mark.parametrize("message, preset", [
    ("tiny로 50스텝 돌려줘 아 아니 그거 말고 smol로.. 스텝은 그대로", "smol"),
    ("smol로 돌려줘... 아 아니 tiny로", "tiny"),
])
def test_a_corrected_preset_is_the_later_one(message: str, preset: str) -> None:
    assert arguments.preset(message) == (preset, False)
    assert arguments.preset("tiny랑 smol 둘 다 돌려줘") == (None, True)


def test_a_correction_keeps_the_steps() -> None:
    assert OfflineRouter().route("tiny로 50스텝 돌려줘 아 아니 그거 말고 smol로.. 스텝은 그대로") == (
        "start_training", {"preset": "smol", "max_steps": 50}, None)


def test_stopping_the_watching_is_no_stop() -> None:
    assert not clauses.stops("1시간 넘게 걸리면 그만 보고 알려줘")
    assert OfflineRouter().route("끝날 때까지 지켜봐 줘. 1시간 넘게 걸리면 그만 보고 알려주고") == (
        "follow_job", {"timeout_s": 3600}, None)


def test_the_listed_job_the_request_names() -> None:
    table = "| job | 상태 |\n|---|---|\n| exp-a7 | InProgress |\n| exp-b9 | InProgress |\n\nexp-b9만 중단해 주세요."
    assert structure.named_job(table, "exp-b9만 중단해 주세요.") == "exp-b9"
    assert structure.named_job(table, "둘 다 중단해 주세요.") is None
    assert OfflineRouter().route(table) == ("stop_job", {"job_id": "exp-b9"}, None)
