"""The gated tools' arguments and questions read from the form of the message: every id named is planned whatever its
shape, a question put without "?" ("… or nah", "… right", "wait does …") plans nothing, a remark that reports ("몇
달러씩 나가더라고요") asks nothing, a later instance type said as the replacement ("Y로 바꿔서") is the one, kinds picked
from a quoted list plan that list's ids of those kinds, and a quoted plan recalled ("'…'라고 하셨죠? 네, 그대로 진행해주세요")
is agreed to."""
from __future__ import annotations

import pytest

from assistant import arguments, questions
from assistant.router import OfflineRouter


def test_every_id_named_is_planned_whatever_its_shape() -> None:
    text = ("Could you please tear down the endpoint kosum-ep-2c9d and the training job train-20261205-120000-dd44? "
            "Please leave the bucket alone, though.")
    assert arguments.resource_ids(text) == (["kosum-ep-2c9d", "train-20261205-120000-dd44"], False)
    assert OfflineRouter().route(text)[:2] == (
        "teardown", {"ids": ["kosum-ep-2c9d", "train-20261205-120000-dd44"], "include_s3": False})


@pytest.mark.parametrize("text", [
    "wait does teardown delete the s3 bucket too or nah",
    "teardown deletes s3 as well right",
    "so will the teardown wipe my bucket or not",
    "teardown removes the endpoint and the bucket, correct",
    "hmm does deploying to sagemaker cost money",
])
def test_a_question_without_its_mark_plans_nothing(text: str) -> None:
    assert questions.read(text).asks
    assert OfflineRouter().route(text)[0] is None


@pytest.mark.parametrize("text", ["tear it all down right now", "kill the endpoint, keep the bucket"])
def test_a_request_is_no_tag_question(text: str) -> None:
    assert OfflineRouter().route(text)[0] == "teardown"


def test_a_reported_remark_asks_nothing() -> None:
    assert not questions.read("한 시간에 몇 달러씩 나가더라고요.").asks
    assert OfflineRouter().route("kosum-ep-2b9d랑 kosum-ep-5e10 두 개 삭제해 주세요. 한 시간에 몇 달러씩 나가더라고요. "
                                 "버킷은 건드리지 마시고요.")[:2] == (
        "teardown", {"ids": ["kosum-ep-2b9d", "kosum-ep-5e10"], "include_s3": False})


@pytest.mark.parametrize("text, kind", [
    ("세이지메이커 엔드포인트로 올려 주세요, 인스턴스는 g5.xlarge로요... 아 그거 메모리 부족하다고 하셨죠, g5.4xlarge로 바꿔서 해 "
     "주세요.", "ml.g5.4xlarge"),
    ("sagemaker에 배포해줘 g5.xlarge로. 음 메모리 모자라겠다 g5.2xlarge로 변경해서 올려줘", "ml.g5.2xlarge"),
    ("세이지메이커 배포 g5.2xlarge로 해주세요. g5.xlarge로 바꾸지 말고요", "ml.g5.2xlarge"),
])
def test_the_replacement_type_is_the_one(text: str, kind: str) -> None:
    assert OfflineRouter().route(text)[:2] == ("deploy_to_sagemaker", {"instance_type": kind})


@pytest.mark.parametrize("text", ["sagemaker 학습 g5.12xlarge로 돌려줘 g5.48xlarge로 바꿀지는 고민중",
                                  "sagemaker 학습 g5.12xlarge로 돌려줘 g5.48xlarge로 바꿔도 될까"])
def test_a_replacement_only_wondered_about_is_not_planned(text: str) -> None:
    assert OfflineRouter().route(text)[0] is None


@pytest.mark.parametrize("text, ids", [
    ("아까 이렇게 알려주셨잖아요\n> 실행 중인 리소스: 엔드포인트 kosum-ep-a1, 추론 컴포넌트 kosum-ic-a1, S3 버킷 kosum-data-7731\n"
     "여기서 엔드포인트랑 추론 컴포넌트만 지워주세요. 버킷은 그대로요", ["kosum-ep-a1", "kosum-ic-a1"]),
    ("리스트 결과:\n- endpoint kosum-ep-01 (InService)\n- training job kosum-train-0611 (Stopped)\n- s3://kosum-bucket-xyz\n"
     "요거 엔드포인트만정리해줘 버킷은냅둬", ["kosum-ep-01"]),
    ("list showed this:\n  endpoint   kosum-ep-a1f3   InService\n  s3 bucket  kosum-data-7781\n"
     "kill the endpoint, keep the bucket", ["kosum-ep-a1f3"]),
])
def test_kinds_picked_from_a_quoted_list_plan_its_ids_of_those_kinds(text: str, ids: list[str]) -> None:
    assert OfflineRouter().route(text)[:2] == ("teardown", {"ids": ids, "include_s3": False})


def test_a_kind_the_quoted_list_lacks_is_asked() -> None:
    text = "리스트 결과:\n- endpoint kosum-ep-01 (InService)\n- s3://kosum-bucket-xyz\n추론 컴포넌트만 지워줘 버킷은 냅둬"
    assert OfflineRouter().route(text)[0] is None


def test_a_quoted_plan_recalled_is_agreed_to() -> None:
    text = ("아까 'SageMaker 학습은 ml.g5.12xlarge 1대 기준으로 시간당 비용이 발생합니다. 진행할까요?'라고 하셨죠? 네, 그대로 "
            "진행해주세요")
    assert OfflineRouter().route(text)[:2] == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})
