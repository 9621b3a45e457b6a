"""The router's last check on a gated plan (assistant/risk.py): a SageMaker training or deployment or a clean-up whose
step or risky argument is taken back, doubted, read from what the message tells was done, or named by description
becomes one short question in the user's language; safe values and free steps are planned as before. The messages
are written here, not taken from any evaluation set."""
from __future__ import annotations

import pytest

from assistant import risk
from assistant.messages import say
from assistant.router import OfflineRouter

DEFAULTS = OfflineRouter.DEFAULTS


def asked(message: str) -> str:
    """The question the brain asks for `message` (it must plan nothing)."""
    tool, args, reply = OfflineRouter().route(message)
    assert tool is None and args == {} and reply, (tool, args, reply)
    return reply


def layer_asks_of_a_clean_up(message: str, korean: bool) -> str:
    """The layer's question on a clean-up of everything read from `message`, whatever the classifier made of it; the
    brain as a whole plans nothing for it."""
    asked(message)
    return risk.question("teardown", {"ids": None, "include_s3": False}, message, korean, {})


@pytest.mark.parametrize("message, korean", [
    ("다 정리해줘... 아니다 잠깐, 고객 미팅이 있었지. 지우지 말고 그냥 둬요", True),
    ("리소스 전부 삭제해 주세요. 아 근데 잠깐만요, 발표가 남았네요. 그대로 두세요", True),
    ("clean up everything please... actually hold on, the client demo is tomorrow, so leave it all running", False),
    ("tear it all down. wait, the demo is tomorrow. don't do it", False),
])
def test_a_clean_up_taken_back_later_is_asked_about(message: str, korean: bool) -> None:
    assert layer_asks_of_a_clean_up(message, korean) == say("doubted", korean)


@pytest.mark.parametrize("message, korean", [
    ("S3까지 싹 지워줘. 아 근데 로그 파일 옮겨놨는지 확실하지 않네", True),
    ("버킷까지 다 삭제해줘 근데 평가 결과 따로 저장했는지 기억이 안 나요", True),
    ("delete all of it, s3 too. though I can't remember if the dataset is backed up", False),
])
def test_a_clean_up_doubted_later_is_asked_about(message: str, korean: bool) -> None:
    assert asked(message) == say("doubted", korean)


@pytest.mark.parametrize("message, key", [
    ("지난번에 세이지메이커에서 3대로 학습했었어요. 이번엔 세이지메이커에 학습 한 번 더 돌려줘", "how_many"),
    ("지난달엔 g5.12xlarge 4대로 학습했었어요. 이제 세이지메이커에 배포해 주세요", "which_instance"),
])
def test_a_cost_read_from_what_was_done_is_asked_about(message: str, key: str) -> None:
    assert asked(message) == say(key, True)


@pytest.mark.parametrize("tool, args, told, said, key, korean", [
    ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1},
     "I trained on sagemaker yesterday, now put the model on sagemaker inference",
     "I deployed on sagemaker yesterday, now train on sagemaker", "which_step", False),
    ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 3},
     "last run used 3 x ml.g5.12xlarge. now train on sagemaker",
     "last run was slow. now train on sagemaker with 3 x ml.g5.12xlarge", "how_many", False),
    ("deploy_to_sagemaker", {"instance_type": "ml.g5.12xlarge"},
     "we deployed on ml.g5.12xlarge last time and it was fine, deploy to sagemaker again",
     "it was fine last time, deploy to sagemaker again on ml.g5.12xlarge", "which_instance", False),
    ("teardown", {"ids": None, "include_s3": True}, "S3 버킷은 지난번에 지웠어요. 남은 거 다 정리해줘",
     "지난번엔 급해서 못 했어요. S3 버킷까지 다 정리해줘", "which_s3", True),
])
def test_the_step_and_costly_values_come_from_the_request(tool, args, told, said, key, korean) -> None:
    """Read only where the message tells what was done ("last run used 3 x …"), the step or value is asked for;
    said in the request itself, it stands."""
    assert risk.question(tool, args, told, korean, DEFAULTS.get(tool, {})) == say(key, korean)
    assert risk.question(tool, args, said, korean, DEFAULTS.get(tool, {})) is None


@pytest.mark.parametrize("message, korean", [
    ("아까 올린 그거 좀 내려줘", True),
    ("저번 주에 만든 거 지워줘", True),
    ("remove the one I spun up this morning", False),
    ("tear down the pricey one", False),
])
def test_a_clean_up_of_a_thing_described_asks_which(message: str, korean: bool) -> None:
    assert layer_asks_of_a_clean_up(message, korean) == say("which_resources", korean)


@pytest.mark.parametrize("message, tool, args", [
    ("다 정리해줘. 근데 S3는 그냥 둬", "teardown", {"ids": None, "include_s3": False}),  # a turn that spares a thing
    ("clean up everything, but keep the bucket", "teardown", {"ids": None, "include_s3": False}),
    ("저번 주에 만든 거 다 지워줘", "teardown", {"ids": None, "include_s3": False}),  # described, but all of it
    ("세이지메이커에 배포해줘. 근데 인스턴스는 잘 모르겠으니 기본으로 해줘", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),  # the doubt is settled by what is asked after it
    ("세이지메이커 ml.g5.12xlarge 2대로 학습해줘", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 2}),
    ("학습이 잘 끝났으니 세이지메이커 엔드포인트로 배포합시다. 인스턴스는 ml.g5.xlarge로 해주세요", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.xlarge"}),  # a past tense in the reason, not the sentence's own verb: the request
    ("> 세이지메이커 배포는 ml.g5.4xlarge 한 대면 충분할 것 같아요\n위 내용대로 세이지메이커에 배포해 주세요",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"}),  # the type picked from the quote the user confirms
])
def test_plain_requests_and_safe_values_are_planned(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


@pytest.mark.parametrize("tool, args, message", [
    ("teardown", {"ids": None, "include_s3": False}, "지난번에 S3는 안 지웠어요. 다 정리해줘"),
    ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1},
     "지난번엔 2대로 돌렸었는데 이번엔 세이지메이커에서 학습해줘"),
    ("deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}, "we trained on ml.g5.48xlarge; deploy to sagemaker"),
])
def test_a_safe_value_is_never_asked_about(tool: str, args: dict, message: str) -> None:
    """S3 kept and the default instance type and count are safe wherever the message names other values."""
    assert risk.question(tool, args, message, True, DEFAULTS.get(tool, {})) is None


@pytest.mark.parametrize("message, tool", [
    ("로컬에서 학습 돌려줘. 아 근데 잘 될지 모르겠네", "start_training"),
    ("평가 돌려줘, 근데 점수가 잘 나올지 모르겠네", "evaluate"),
    ("deploy it locally. hmm, not sure it fits in memory", "deploy"),
])
def test_free_steps_are_untouched(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool
    assert risk.question(tool, {}, message, True, {}) is None


@pytest.mark.parametrize("message, korean", [
    ("다 지워줘... 아 아니다 잠깐, 내일 데모 있었지. 그냥 둬", True),
    ("세이지메이커로 학습 올려줘. 아 잠깐, 예산 승인이 아직이네. 하지 마세요", True),
    ("tear it all down. wait, the demo is tomorrow. don't do it", False),
])
def test_a_request_taken_back_after_a_reason_is_answered_as_nothing_done(message: str, korean: bool) -> None:
    """A reason between the request and its take-back ("…데모 있었지.") still takes it back: the reply says nothing
    was done, not the list of what the assistant can do."""
    assert OfflineRouter().route(message) == (None, {}, say("prohibited", korean))


@pytest.mark.parametrize("message, korean", [
    ("> 팀장: 리소스 전부 정리 부탁해요\n> 나: S3 버킷도 삭제할까요?\n> 팀장: 그건 보안팀이랑 상의하고 알려줄게\n"
     "일단 리소스 정리 진행해줘", True),
    ("> lead: please tear everything down\n> me: delete the S3 bucket too?\n> lead: let me check with legal and get "
     "back to you\nok go ahead with the teardown", False)])
def test_a_clean_up_whose_s3_question_is_pending_in_the_quote_asks(message: str, korean: bool) -> None:
    assert asked(message) == say("which_s3", korean)


@pytest.mark.parametrize("message", [
    "> 팀장: 리소스 전부 정리 부탁해요\n> 나: S3 버킷도 삭제할까요?\n> 팀장: 그건 상의하고 알려줄게\n정리해줘, S3는 남겨",
    "> 팀장: 리소스 전부 정리 부탁해요\n> 나: S3 버킷도 삭제할까요?\n> 팀장: 아니요 S3는 남겨 주세요\n정리 진행해줘"])
def test_a_clean_up_whose_s3_question_is_settled_plans(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)
