"""Gated requests said tersely, relayed or beside a remark: a purpose clause with 안 ("과금 안 되게") forbids nothing,
the imperative "꺼." turns something off, a relayed order ("지우라고 확실히 말씀하셨어요") is a request, a type said to be
too small is the reason for another one, and a request after a side question ("…맞죠? 아무튼 부탁드려요") is the request."""
from __future__ import annotations

import pytest

from assistant import arguments, clauses
from assistant.korean import morphemes
from assistant.router import OfflineRouter


@pytest.mark.parametrize("message", ["주말 동안 과금 안 되게 전부 teardown 해, 버킷은 남겨두고",
                                     "요금 안 되게 다 정리해, S3는 남기고"])
def test_a_purpose_with_an_adverb_after_its_negation_forbids_nothing(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


def test_the_imperative_turn_off_after_an_id_removes_it() -> None:
    route = OfflineRouter().route("kosum-ep-7f3c 꺼. 어제부터 놀고 있는데 시간당 2달러씩 나감")
    assert route == ("teardown", {"ids": ["kosum-ep-7f3c"], "include_s3": False}, None)
    assert arguments.asks_to_remove("엔드포인트 꺼.")
    assert not arguments.asks_to_remove("그건 내 꺼.") and not arguments.asks_to_remove("켜진 꺼 있어?")


def test_a_relayed_order_with_an_adverb_before_its_saying_verb_is_a_request() -> None:
    assert clauses.relays_request(morphemes("버킷까지 지우라고 분명히 말씀하셨어요"))
    route = OfflineRouter().route("팀장님이 다 정리하래요. S3 버킷까지 싹 지우라고 분명히 말씀하셨어요")
    assert route == ("teardown", {"ids": None, "include_s3": True}, None)


def test_a_type_said_to_be_too_small_is_the_reason_not_the_choice() -> None:
    route = OfflineRouter().route("ml.g6.12xlarge로 세이지메이커에 배포해줘. 2xlarge는 GPU 한 장이라 8B 올리기엔 부족해")
    assert route == ("deploy_to_sagemaker", {"instance_type": "ml.g6.12xlarge"}, None)
    assert OfflineRouter().route("세이지메이커에 배포해줘, ml.g5.2xlarge로 하고 부족하면 ml.g5.12xlarge로")[0] is None
    corrected = "세이지메이커 엔드포인트로 올려 주세요, g5.xlarge로요... 아 메모리 부족하다고 하셨죠, g5.4xlarge로 바꿔서 해 주세요."
    assert OfflineRouter().route(corrected) == ("deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"}, None)


def test_a_request_after_a_side_question_put_aside_is_the_request() -> None:
    message = "SageMaker에 ml.g5.2xlarge로 deploy 해달래요. 근데 이거 엔드포인트로 뜨는 거 맞죠? 아무튼 부탁드려요"
    assert OfflineRouter().route(message) == ("deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}, None)
    assert OfflineRouter().route("SageMaker에 ml.g5.2xlarge로 deploy 해줘. 근데 이거 비용 얼마 나와?")[0] is None
