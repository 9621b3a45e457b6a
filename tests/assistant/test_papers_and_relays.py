"""Set AG's misses after its first run, by cause: a place told of a step the request points back at ("… was trained
on SageMaker. Please kick off that training job"), a document's labels ("Table 2", "Reviewer 1", "§5.3", "표 3") are no
count, a need told with -려면 ("표 빈칸 채우려면 … 필요한데") is no supposition, "뭐라도"/"뭐든" is "anything", another's
request passed on beside the user's own names why ("교수님이 뭐라도 돌려 놓으라고 하시네요. 로컬에서 학습 …"), a copy said
to be archived elsewhere says nothing of S3, a label pointing down and a thanks after an article are no news, a note
on LoRA is no article, and "start that training job again" stops nothing. The phrasings here are new; set AG's own
are not repeated."""
from __future__ import annotations

import pytest

from assistant import questions
from assistant.arguments import instance_count
from assistant.router import OfflineRouter

NEWS = ("부산시는 내년부터 시내버스 전 노선에 저상버스를 도입한다고 3일 밝혔다. 시는 이를 위해 예산 120억 원을 편성했으며 "
        "교통약자의 이동권이 크게 나아질 것으로 기대했다. 버스업계는 차량 교체 비용 지원을 늘려 달라고 요청했다.")
DEFAULT_TRAINING = ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message", [
    "Our baseline in Section 4 was fine-tuned on SageMaker last month. Please start that training job again on the "
    "default instance.",
    "지난 학기 결과는 세이지메이커에서 학습했어요. 그 학습 기본 인스턴스 한 대로 다시 올려 주세요",
])
def test_the_place_of_the_step_pointed_back_at(message: str) -> None:
    assert route(message) == DEFAULT_TRAINING


def test_a_place_told_only_to_be_ruled_out_is_not_taken() -> None:
    assert route("SageMaker was far too slow for our last run. Please start that training job again.")[0] != (
        "train_on_sagemaker")


@pytest.mark.parametrize("message", [
    "Reviewer 2 asked for the numbers in Table 4. Train on SageMaker, default instance type",
    "표 3과 각주 2에 맞춰 세이지메이커에서 기본 인스턴스로 학습 잡 올려 주세요",
])
def test_a_documents_labels_are_no_count(message: str) -> None:
    assert instance_count(message).unclear is False
    assert route(message) == DEFAULT_TRAINING


def test_a_need_told_with_ryeomyeon_is_no_supposition() -> None:
    message = "그림 4 다시 그리려면 train-20261130-101010-ab12 로그가 필요한데, 지금 loss 얼마인지 봐 주실래요?"
    assert not questions.read(message).hypothetical
    assert route(message) == ("job_status", {"job_id": "train-20261130-101010-ab12"})


def test_anything_is_no_question() -> None:
    assert not questions.read("선배가 뭐든 하나 돌려 두래요.").asks


def test_a_request_passed_on_beside_the_users_own() -> None:
    assert route("학회 마감이라 지도교수님이 일단 뭐라도 돌려 두라고 하셨어요. 로컬에서 학습 하나 걸어 주시겠어요?") == (
        "start_training", {})


def test_a_go_ahead_after_a_request_passed_on_is_that_request() -> None:
    assert route("팀장님이 버킷까지 다 정리하라고 하셨어요. 부탁드립니다") == ("teardown", {"ids": None, "include_s3": True})


def test_a_copy_archived_elsewhere_says_nothing_of_s3() -> None:
    assert route("The model artifacts are backed up to our lab NAS. Remove everything KoSum made, S3 bucket "
                 "included.") == ("teardown", {"ids": None, "include_s3": True})


def test_a_label_pointing_down_is_no_news() -> None:
    assert route(f"부록 C 사례 7 👇\n{NEWS}\n이것도 두 줄로 요약해 주세요") == ("summarize", {"text": NEWS})


def test_a_thanks_after_the_article_is_no_news() -> None:
    assert route(f"Please summarize this for the poster:\n\n{NEWS}\n\nThanks, it goes on slide 3.") == (
        "summarize", {"text": NEWS})


def test_a_note_on_lora_is_no_article() -> None:
    assert route("Idea for the discussion: QLoRA rank matters less than data quality here. Nothing to run, "
                 "just a note.")[0] is None


def test_starting_a_job_again_stops_nothing() -> None:
    assert route("Please start that training job again.")[0] == "start_training"
