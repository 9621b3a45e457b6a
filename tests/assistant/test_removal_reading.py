"""Clean-up words Kiwi splits or abbreviations that are not sentence ends: "내려" analysed as 내+려 is still the removal
verb, and "esp." carries the verb before it on to the mention ("leave everything else alone, esp. the bucket")."""
from __future__ import annotations

import pytest

from assistant import arguments


@pytest.mark.parametrize("text", ["어제 띄운 것들 다 내려줘", "그거 전부 내려주세요 버킷은 두고"])
def test_a_split_removal_verb_asks_to_remove(text: str) -> None:
    assert arguments.asks_to_remove(text)


@pytest.mark.parametrize("text, s3", [("wipe the endpoints, keep the rest, esp. the s3 bucket", False),
                                      ("delete it all, especially the bucket", True)])
def test_an_emphasised_mention_takes_the_verb_before_it(text: str, s3: bool) -> None:
    assert arguments.include_s3(text) is s3
