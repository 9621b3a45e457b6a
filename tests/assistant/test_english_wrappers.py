"""English politeness wrappers ask for the step they wrap (assistant/wrappers.py, assistant/questions.py): "Would you
mind …ing?", "I'd like you to …", "go ahead and …", "Could we …?" are read as the plain request, and "could we" before
what may happen to us ("run out of memory") stays a question. Found by tests/benchmarks/bench_invariance.py."""
from __future__ import annotations

import pytest

from assistant import questions, wrappers
from assistant.router import OfflineRouter


@pytest.mark.parametrize(("message", "tool", "args"), [
    ("Would you mind resuming the training?", "resume_job", {}),
    ("Would you mind stopping it?", "stop_job", {}),
    ("Would you mind getting the data ready?", "prepare_data", {"source": None}),
    ("I'd like you to deploy it here.", "deploy", {}),
    ("Go ahead and deploy it here.", "deploy", {}),
    ("Could we fine-tune tiny, 1000 steps max?", "start_training", {"preset": "tiny", "max_steps": 1000}),
    ("Could we delete everything except S3?", "teardown", {"ids": None, "include_s3": False}),
    ("Could we tear down kosum-ep-demo, leave S3 alone?", "teardown", {"ids": ["kosum-ep-demo"], "include_s3": False}),
])
def test_a_wrapped_request_is_the_request(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


def test_a_gerund_is_read_as_its_verb() -> None:
    assert wrappers.plain("Would you mind resuming the run?") == "please resume the run?"
    assert wrappers.plain("Hi. I'd like you to stop it.") == "Hi. please stop it."
    assert wrappers.plain("could we afford it?") == "could we afford it?"  # no known verb: unchanged


@pytest.mark.parametrize("message", ["could we run out of memory with llama3-8b?", "could we get charged twice?"])
def test_what_may_happen_to_us_is_asked(message: str) -> None:
    assert questions.read(message).asks
    assert wrappers.plain(message) == message
