"""Two instance types in one clause, one said not to fit: the remark is the nearest mention's, so only that mention's
part of the clause is another choice's reason, and the type asked for beside it is planned; where neither is
rejected, the choice stays open and the brain asks."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text, kind", [
    ("ml.g5.2xlarge로는 8B가 안 돌아가니 ml.g5.12xlarge로 배포해줘", "ml.g5.12xlarge"),
    ("g5.2xlarge는 OOM 나니까 g5.12xlarge 두 대로 학습", "ml.g5.12xlarge"),
    ("deploy on sagemaker: g5.xlarge is too small so use g5.12xlarge", "ml.g5.12xlarge"),
    ("not enough memory on g5.2xlarge so go with g5.12xlarge", "ml.g5.12xlarge"),
    ("g5.12xlarge로 배포해줘 g5.2xlarge는 8B 올리기 빠듯해", "ml.g5.12xlarge"),  # the remark after the type asked for
    ("p3.2xlarge는 메모리 부족하니 p4d.24xlarge로", "ml.p4d.24xlarge"),
])
def test_the_rejected_type_alone_is_set_aside(text: str, kind: str) -> None:
    assert arguments.instance_type(text) == (kind, False)


@pytest.mark.parametrize("text", [
    "g5.2xlarge나 g5.12xlarge로 배포해줘",  # no remark: both are in doubt
    "g5.2xlarge는 빠듯하고 g5.12xlarge도 부족해",  # both rejected: nothing is left to plan
    "ml.g5.2xlarge로 하고 부족하면 ml.g5.12xlarge로",  # a condition: neither is rejected
    "use g5.2xlarge, or g5.12xlarge if the 8B doesn't fit",
])
def test_types_in_doubt_stay_unclear(text: str) -> None:
    assert arguments.instance_type(text) == (None, True)


@pytest.mark.parametrize("message, tool, args", [
    ("세이지메이커에 ml.g5.2xlarge로는 8B가 안 돌아가니 ml.g5.12xlarge로 배포해줘", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.12xlarge"}),
    ("sagemaker training: the g5.2xlarge OOMs with 8B, run it on two g5.12xlarge", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 2}),
    ("세이지메이커 학습 g5.2xlarge는 OOM 나니까 g5.12xlarge 두 대로 학습", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 2}),
])
def test_the_replacement_is_planned(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


def test_two_types_in_doubt_are_asked_about() -> None:
    tool, _, reply = OfflineRouter().route("세이지메이커에 g5.2xlarge나 g5.12xlarge로 배포해줘")
    assert tool is None and reply


@pytest.mark.parametrize("text, forbids", [
    ("세이지메이커에 8B는 g5.2xlarge에서 안 돌아가니 g5.12xlarge로 배포", False),  # a reason, not a prohibition
    ("8B는 안 올라가니 배포하지 마", True),
    ("배포하지 마", True),
])
def test_a_model_that_does_not_fit_forbids_nothing(text: str, forbids: bool) -> None:
    assert arguments.forbids_only(text) is forbids
