"""Instance types spoken as words (voice dictation) are read as typed, only with their full family and size; and two
types named only as different people's opinions, none picked, are asked about, never planned."""
from __future__ import annotations

import pytest

from assistant.arguments import opinions
from assistant.arguments.spoken import typed
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text, tool, kind", [
    ("start a sagemaker training run on a p four d twenty four x large, one instance", "train_on_sagemaker",
     "ml.p4d.24xlarge"),
    ("please put the newest model on a sagemaker endpoint, g six e forty eight x large", "deploy_to_sagemaker",
     "ml.g6e.48xlarge"),
    ("세이지메이커에서 학습 돌려줘 인스턴스는 피 포 디 이십사 엑스라지 한 대", "train_on_sagemaker", "ml.p4d.24xlarge"),
    ("세이지메이커 엔드포인트로 배포해줘 지 파이브 포엑스라지로", "deploy_to_sagemaker", "ml.g5.4xlarge"),
    ("세이지메이커 학습 해줘 ml 점 g6 점 24xlarge 한 대로", "train_on_sagemaker", "ml.g6.24xlarge"),
])
def test_a_spoken_instance_type_is_the_type(router: OfflineRouter, text: str, tool: str, kind: str) -> None:
    name, args, _ = router.route(text)
    assert (name, args["instance_type"]) == (tool, kind)


@pytest.mark.parametrize("text", ["g five please", "지 파이브로 해줘", "g nine four x large", "the large one"])
def test_a_half_reading_is_not_a_type(text: str) -> None:
    assert "." not in typed(text)


@pytest.mark.parametrize("text", [
    "sagemaker 학습 시작해줘 인스턴스는 지 파이브로",
    "train it on sagemaker on a g nine four x large",
])
def test_a_half_spoken_type_is_asked_about(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[0] is None


@pytest.mark.parametrize("text", [
    "세이지메이커 엔드포인트로 배포해 주세요. 팀장님은 g5.48xlarge 말씀하셨고 저는 g5.4xlarge면 된다고 생각하는데, 일단 진행해요.",
    "세이지메이커에서 학습 돌려줘. 부장님은 p4d.24xlarge 하자고 하셨는데 나는 g5.12xlarge가 낫다고 봐. 암튼 돌려줘",
    "Deploy to a SageMaker endpoint. The lead said g5.12xlarge, I think g5.2xlarge is enough. Anyway, ship it.",
    "kick off sagemaker training: Mina suggested p4d.24xlarge, while I'd say g5.12xlarge does it. go ahead.",
])
def test_types_named_as_opinions_with_no_pick_are_asked_about(router: OfflineRouter, text: str) -> None:
    assert router.route(text)[0] is None


@pytest.mark.parametrize("text", [
    "세이지메이커 엔드포인트로 배포해 주세요. 팀장님은 g5.48xlarge 말씀하셨는데 그냥 g5.4xlarge로 해주세요",
    "세이지메이커 학습 돌려줘. 부장님은 p4d.24xlarge 하자고 하셨고 나는 g5.12xlarge가 낫다고 봐. 부장님 말대로 해줘",
    "Deploy to a SageMaker endpoint. The lead said g5.12xlarge, but just go with g5.4xlarge.",
])
def test_a_type_picked_after_opinions_is_a_choice(text: str) -> None:
    assert not opinions.undecided(text)


def test_the_picked_type_is_planned(router: OfflineRouter) -> None:
    text = "세이지메이커 엔드포인트로 배포해 주세요. 팀장님은 g5.48xlarge 말씀하셨는데 그냥 g5.4xlarge로 해주세요"
    assert router.route(text)[:2] == ("deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"})
