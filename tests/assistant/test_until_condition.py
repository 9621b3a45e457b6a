"""A metric's threshold said as when training ends ("ROUGE-2가 0.3 넘을 때까지 학습해줘") is a condition on the request
(assistant/until.py): the request is still to train, and the threshold is never a step count or a limit."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


@pytest.mark.parametrize("text", ["ROUGE-2가 0.3 넘을 때까지 학습해줘", "train until ROUGE-L passes 0.25",
                                  "loss가 1.2 밑으로 갈 때까지 학습해줘", "train until loss drops below 1.2"])
def test_a_threshold_to_train_to_starts_training_without_steps(text) -> None:
    assert OfflineRouter().route(text)[:2] == ("start_training", {})


@pytest.mark.parametrize(("text", "tool", "args"), [
    ("ROUGE-L 0.25 이상 나올 때까지 smol로 300스텝 학습", "start_training", {"preset": "smol", "max_steps": 300}),
    ("ROUGE-2 점수 보여줘", "evaluate", {}),
    ("loss 1.2 밑으로 가면 멈춰", "stop_job", {}),
    ("평가해줘 ROUGE-L 0.25 넘는지", "evaluate", {})])
def test_forms_beside_a_threshold_read_as_before(text, tool, args) -> None:
    assert OfflineRouter().route(text)[:2] == (tool, args)
