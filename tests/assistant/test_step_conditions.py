"""A step said as when a wait ends ("1000스텝 될 때까지 지켜봐", "wait until it reaches 500 steps") is a condition on
following the job: never a training started, never its max_steps nor a timeout (follow_job takes only a job id and
a time); where training is asked for, the step is its max_steps ("1000스텝 될 때까지 학습해줘")."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


@pytest.mark.parametrize("message, args", [
    ("1000스텝 될 때까지 지켜봐", {}),
    ("wait until it reaches 500 steps", {}),
    ("학습 1000스텝 될 때까지 지켜봐줘", {}),
    ("500 스텝까지 가는지 지켜봐줘", {}),
    ("스텝 500 넘을 때까지 기다려줘", {}),
    ("keep an eye on it till step 800", {}),
    ("watch it until 2000 steps, at most an hour", {"timeout_s": 3600}),
    ("1000스텝 찍을 때까지 모니터링해줘 최대 30분", {"timeout_s": 1800}),
    ("train-20990101-000000-beef 1000스텝 될 때까지 지켜봐", {"job_id": "train-20990101-000000-beef"}),
])
def test_a_step_to_wait_for_follows_the_job(message: str, args: dict) -> None:
    assert OfflineRouter().route(message) == ("follow_job", args, None)


def test_a_step_to_train_until_is_the_max_steps() -> None:
    assert OfflineRouter().route("1000스텝 될 때까지 학습해줘") == ("start_training", {"max_steps": 1000}, None)
