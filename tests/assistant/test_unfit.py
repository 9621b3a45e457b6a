"""One reader of "does not fit" remarks (assistant/arguments/unfit.py) for instance types and model presets: a way of
saying it that works for one works for the other, and a remark is about the preset it follows, not the one asked for."""
from __future__ import annotations

import pytest

from assistant import arguments


@pytest.mark.parametrize("text", ["8B는 메모리가 빠듯해서 smol로 학습해줘", "the 8B OOMs on a 24GB card, train smol",
                                  "8B는 무리일 것 같고 smol로 해줘", "8b는 안 올라감 smol로", "I doubt the 8B fits so train smol",
                                  "smol로 해줘 8B는 안 올라가니까"])
def test_a_preset_said_not_to_fit_gives_way_to_the_one_asked(text) -> None:
    assert arguments.preset(text) == ("smol", False)


@pytest.mark.parametrize(("text", "chosen"), [("g5.2xlarge is too big, deploy on ml.g5.xlarge", "ml.g5.xlarge"),
                                              ("I doubt the 2xlarge fits the 8B, deploy it on ml.g5.12xlarge",
                                               "ml.g5.12xlarge")])
def test_an_instance_type_said_not_to_fit_gives_way_to_the_one_asked(text, chosen) -> None:
    assert arguments.instance_type(text) == (chosen, False)


@pytest.mark.parametrize(("text", "read"), [("8B로 학습해줘", "llama3-8b"), ("24GB 카드라 8b는 안 올라감", None)])
def test_a_preset_alone_is_read_as_before(text, read) -> None:
    assert arguments.preset(text) == (read, False)
