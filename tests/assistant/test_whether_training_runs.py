"""A question whether training jobs run is the jobs' status even where the classifier reads the list of what exists
("is any KoSum training job still running", no "?": independent set S), while a question about what still runs, bills
or is left up stays the list (assistant/router.py)."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


@pytest.mark.parametrize("message", [
    "is any KoSum training job still running", "is any KoSum training job still running?",
    "is a training job from kosum still running on my account?", "KoSum 학습 잡 아직 돌아가고 있어?",
    "quick check, is any KoSum training job still running right now", "hey is any KoSum fine-tuning job still running"])
def test_whether_training_runs_is_the_jobs_status(message: str) -> None:
    assert OfflineRouter().route(message) == ("job_status", {}, None)


@pytest.mark.parametrize("message", [
    "is anything still running on aws?", "what's still running?", "whats still running on my account from kosum",
    "is any KoSum training still running that costs money?", "any kosum training jobs left up?"])
def test_what_still_runs_bills_or_is_left_is_what_exists(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "list_resources"
