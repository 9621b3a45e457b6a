"""An instance type named by its GPU family alone: a family with one size is that type ("p3 말고 p4d로" is
ml.p4d.24xlarge; the rejected short name beside it is left out), a family with several sizes is asked about ("p3로":
which p3?), and a family named only to compare prices ("g6.2xlarge로 … g5보다 쌈") is not the one asked for."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter

P4D = {"instance_type": "ml.p4d.24xlarge", "instance_count": 1}
CASES = [
    ("p3 말고 p4d로 세이지메이커 학습", "train_on_sagemaker", P4D),
    ("세이지메이커 학습 g5.12xlarge 말고 p4d로 돌려줘", "train_on_sagemaker", P4D),
    ("p3 대신 p4d로 SageMaker 학습 올려 주세요", "train_on_sagemaker", P4D),
    ("train on sagemaker, not p3, use p4d", "train_on_sagemaker", P4D),
    ("sagemaker training on p4d instead of g5.12xlarge please", "train_on_sagemaker", P4D),
    ("세이지메이커 학습 p5 두 대로", "train_on_sagemaker", {"instance_type": "ml.p5.48xlarge", "instance_count": 2}),
    ("세이지메이커 배포 g6.2xlarge로 해줘, g5보다 싸니까", "deploy_to_sagemaker", {"instance_type": "ml.g6.2xlarge"}),
    ("deploy to sagemaker on g6.2xlarge, it's cheaper than the g5", "deploy_to_sagemaker",
     {"instance_type": "ml.g6.2xlarge"}),
    ("p3로 세이지메이커 학습해줘", None, {}),  # which p3: 2xlarge, 8xlarge or 16xlarge
    ("train on sagemaker with g6", None, {}),
]


@pytest.mark.parametrize("text, tool, args", CASES)
def test_instance_family_named(router: OfflineRouter, text: str, tool: str | None, args: dict) -> None:
    chosen, planned, _ = router.route(text)
    assert (chosen, planned) == (tool, args)
