"""Readings found by set T, each in other forms than the set's: an English request beside a negated Korean clause
("just start the training, steps는 안 정할게요") is asked for; a local machine said to take days is ruled out for the
cloud named; "is anything training?" asks for the job's status; "X — hmm, no, the default" takes X back; the best N
to see later are no evaluation limit; a short English thanks to the team is no article."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter

CASES = [
    # 1. a negated choice beside a request forbids nothing
    ("ok plan: train → evaluate → deploy. For now just start the training, preset은 따로 안 정할게요 그냥 기본으로",
     "start_training", {"preset": None, "max_steps": None}),
    ("just run the eval, 개수는 따로 안 정할게요", "evaluate", {"limit": None}),
    # 2. the local machine ruled out by how long it takes
    ("로컬로는 10시간 넘게 걸려서 세이지메이커에서 학습할게요. g5.12xlarge 한 대로요", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
    ("로컬에선 이틀은 걸려서요, SageMaker로 p4d.24xlarge 두 대 학습 올려주세요", "train_on_sagemaker",
     {"instance_type": "ml.p4d.24xlarge", "instance_count": 2}),
    ("local takes forever, train it on sagemaker with 2 instances", "train_on_sagemaker", {"instance_count": 2}),
    ("로컬에서 한 시간이면 끝나니까 로컬에서 학습해줘", "start_training", {}),
    # 3. whether anything trains: the job's status
    ("is the model still training?", "job_status", {}),
    ("지금 학습 중인 거 있어요?", "job_status", {}),
    ("anything still training? I want to shut the laptop", "job_status", {}),
    # 4. a type taken back for another or for the default
    ("Deploy to SageMaker on ml.g5.12xlarge, hmm no, ml.g5.2xlarge is enough.", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),
    ("train on sagemaker with ml.g5.48xlarge — um, no, just the default type", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
    ("Deploy to SageMaker on ml.g5.12xlarge. Oh no, the budget is tight this week.", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.12xlarge"}),
    # 5. the best ones to see are not how many are scored
    ("evaluate on the full test set. I'm curious about the top 5 articles too but later", "evaluate", {"limit": None}),
    ("평가는 처음 100개만. 점수 좋은 상위 3개는 나중에 볼게요", "evaluate", {"limit": 100}),
    ("상위 30개로 평가해줘", "evaluate", {"limit": 30}),
    # 6. a short English note to the team is no article
    ("Thanks everyone, the build is green again. Have a great evening!", None, {}),
    ("Cheers all, the numbers match now. Enjoy the long weekend.", None, {}),
]


@pytest.mark.parametrize("text, tool, args", CASES)
def test_set_t_readings_in_other_forms(text: str, tool: str | None, args: dict) -> None:
    chosen, planned, _ = OfflineRouter().route(text)
    assert chosen == tool
    assert {name: planned.get(name) for name in args} == args
