"""A step named before "A 말고 B" is the request's, not part of what is left out: "세이지메이커 학습 p3.2xlarge 말고
p4d.24xlarge로" is SageMaker training on the second type (the clause cut to "p4d.24xlarge로" read as a deployment)."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


@pytest.mark.parametrize("text, tool, args", [
    ("세이지메이커 학습 p3.2xlarge 말고 p4d.24xlarge로", "train_on_sagemaker", {"instance_type": "ml.p4d.24xlarge"}),
    ("SageMaker 학습 g5.2xlarge 말고 g5.12xlarge로 해줘", "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge"}),
    ("세이지메이커 배포 g5.2xlarge 말고 g5.12xlarge로", "deploy_to_sagemaker", {"instance_type": "ml.g5.12xlarge"}),
    ("학습 8B 말고 smol로 돌려줘", "start_training", {"preset": "smol"}),
    ("S3 버킷 말고 나머지 다 지워", "teardown", {"include_s3": False}),  # what is left out is still cut
    ("S3는 지우지 말고 다 정리해줘", "teardown", {"include_s3": False}),
])
def test_the_step_before_what_is_left_out_is_asked_for(text: str, tool: str, args: dict) -> None:
    chosen, planned, _ = OfflineRouter().route(text)
    assert chosen == tool
    assert {name: planned.get(name) for name in args} == args
