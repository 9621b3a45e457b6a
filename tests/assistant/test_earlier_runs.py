"""Instance types and counts said of another run (past tense, a past modifier, a correction) are not this run's
arguments when another choice is named; with nothing else named they are read as before, never replaced by a guess."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text, kind", [
    ("저번 달엔 g5.24xlarge로 돌렸는데 이번엔 g6.2xlarge로 해줘", "ml.g6.2xlarge"),  # the earlier run's type, past tense
    ("24xlarge는 학습할 때 쓴 거고 배포는 default로", None),  # a past modifier: what it was used for
    ("학습 때 썼던 ml.g5.24xlarge 말고 기본 인스턴스로", None),  # left out, the default asked for
    ("ml.g5.4xlarge로 해줘 아 아니 그거 말고 ml.g5.8xlarge로", "ml.g5.8xlarge"),  # a correction takes the first back
    ("the g5.24xlarge was for training only, put it on g6.xlarge", "ml.g6.xlarge"),
])
def test_another_runs_instance_type_is_not_the_argument(text: str, kind: str | None) -> None:
    assert arguments.instance_type(text) == (kind, False)


@pytest.mark.parametrize("text, kind", [
    ("ml.g5.24xlarge로 정했어요", "ml.g5.24xlarge"),  # a choice made for this run, said in the past
    ("지난번엔 g5.24xlarge로 돌렸어. 그대로 다시", "ml.g5.24xlarge"),  # nothing else named: read as before
])
def test_a_type_with_no_other_choice_named_stays(text: str, kind: str) -> None:
    assert arguments.instance_type(text) == (kind, False)


@pytest.mark.parametrize("text, count", [
    ("지난주엔 g5.24xlarge 3대로 돌렸는데 이번엔 기본 인스턴스 한 대로", 1),
    ("same setup, just 3 instances please. two g5.24xlarge took forever", 3),
])
def test_the_count_of_another_run_is_not_the_count(text: str, count: int) -> None:
    assert arguments.instance_count(text) == arguments.Count(count)


@pytest.mark.parametrize("message, tool, args", [
    ("세이지메이커에 배포ㄱㄱ 타입은 디폴트 ㅇㅋ 학습은 24xlarge 3대로 했었음", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),  # "ㄱㄱ" ends the request: the past sentence after it is only told
    ("세이지메이커 학습 ㄱㄱ 예전엔 g5.24xlarge 세 대로 했는데 너무 느렸음 이번엔 g5.48xlarge 한 대로", "train_on_sagemaker",
     {"instance_type": "ml.g5.48xlarge", "instance_count": 1}),
])
def test_requests_that_tell_of_another_run_plan_this_one(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)
