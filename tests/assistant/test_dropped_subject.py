"""An English sentence that drops its subject ("(I) was gonna do this tmrw but …") tells, it does not ask: "was" or
"were" before gonna / going to / about to / thinking is no question, so the request after it is done; "was the
training finished?" is still a question."""
from __future__ import annotations

import pytest

from assistant import questions
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text,asks", [
    ("was gonna do this tmrw but eh let's just go now.", False),
    ("was going to deploy tomorrow but let's deploy locally now", False),
    ("was thinking of cleaning up later", False),
    ("was the training finished?", True),
    ("were the eval scores good", True),
    ("was gonna ask, is the endpoint still up?", True),
])
def test_was_gonna_tells(text: str, asks: bool) -> None:
    assert questions.read(text).asks == asks


def test_the_request_after_it_is_planned() -> None:
    text = "was gonna do this tmrw but eh let's just go now. sagemaker training, default instance, one node is fine"
    assert OfflineRouter().route(text)[:2] == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})
