"""Set AI's other misses after its first run, by cause (round 25): memos and minutes name the values of other runs
beside this one's, write their lists as "가. / 나." items under a heading, report in nominal endings ("멈춤", "끝남"),
rule a type out ("제외하기로 결정함"), and keep S3 in their own idioms ("규정에 따라 보존 대상이므로 …", "S3도 keep 할 것
(…)", "The bucket, please do not touch it"); an English memo whose items give orders is no article. The phrasings
here are new; set AI's own are not repeated."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message, steps", [
    ("협력사에서는 자기 서버로 4,000 스텝 돌렸다고 하던데, 우리는 로컬에서 smol로 이백 스텝만 먼저 돌려 주세요.", 200),
    ("결정: 로컬 tiny 학습, 스텝은 육백\n- 본 학습(8,000스텝 예정)은 다음 분기 예산 확정 후", 600),
    ("1. Phase 1 (tiny preset, 250 steps) was completed last week.\n2. Start local training with the smol preset for "
     "900 steps.", 900),
    ("- 지난 분기 학습(1,500스텝)은 loss 정체\n- 조치: 로컬 tiny 프리셋으로 400 스텝 학습 요망", 400),
])
def test_the_steps_of_this_run_among_others(message: str, steps: int) -> None:
    assert route(message)[1].get("max_steps") == steps


@pytest.mark.parametrize("message, limit", [
    ("테스트셋 150건으로 ROUGE 평가 돌려 주세요. ROUGE-1, ROUGE-2, ROUGE-L 세 개 다 봐야 해요.", 150),
    ("Decision: evaluate on 400 test records and report the top 5 worst examples.\nPlease run it.", 400),
])
def test_what_is_listed_or_shown_is_no_record_limit(message: str, limit: int) -> None:
    assert route(message) == ("evaluate", {"limit": limit})


@pytest.mark.parametrize("message", [
    "1. 시험용 엔드포인트 kosum-ep-ab12를 삭제 바람.\n2. 다만 S3 버킷은 「보존 지침」 제9조에 따라 5년 보존 대상이므로 절대 "
    "건드리지 말 것. 끝.",
    "1. 아래 리소스 삭제 요청함.\n  가. kosum-ep-ab12\n2. S3 bucket도 keep 할 것 (감사 대비).  끝.",
    "Please delete the endpoint kosum-ep-ab12. The S3 bucket, please do not touch it, the auditors need it.",
    "Please delete kosum-ep-ab12 now. About the S3 bucket also keep, nothing to delete there.",
])
def test_s3_kept_in_a_memos_words(message: str) -> None:
    assert route(message) == ("teardown", {"ids": ["kosum-ep-ab12"], "include_s3": False})


@pytest.mark.parametrize("message", [
    "1. 정리 대상\n  가. kosum-ep-ab12 (시험용)\n  나. kosum-ep-cd34 (종료)\n2. 존치 대상: kosum-ep-ef56 (운영 중)\n"
    "3. 위 1항만 지금 삭제하되 S3는 남길 것.",
    "2. 아래 endpoint 삭제 요청함.\n  가. kosum-ep-ab12 (staging)\n  나. kosum-ep-cd34\n3. 단 kosum-ep-ef56 은 운영 중이므로 "
    "제외, S3는 유지할 것.",
])
def test_a_memos_items_under_their_heading(message: str) -> None:
    assert route(message) == ("teardown", {"ids": ["kosum-ep-ab12", "kosum-ep-cd34"], "include_s3": False})


def test_a_plan_item_asking_with_a_note_is_still_to_do() -> None:
    assert route("1. 관련: 기획팀-101\n2. 사업은 종료되었고 데이터 이관도 완료하였음.\n3. KoSum이 만든 자원을 전부 삭제하고 S3 "
                 "버킷도 함께 삭제하기 바람(백업 완료 확인됨).\n끝.") == ("teardown", {"ids": None, "include_s3": True})


def test_a_stop_reported_in_a_nominal_ending_is_no_stop() -> None:
    assert route("- 정전으로 train-20261209-101010-ab12 가 2,400스텝에서 멈춤 (목표 4,000스텝)\n- 결정: 이어서 학습 재개\n"
                 "재개해 주세요.") == ("resume_job", {"job_id": "train-20261209-101010-ab12"})


def test_once_it_ends_is_no_stop() -> None:
    assert route("1. 학습 작업 train-20261209-101010-ab12이 끝날 때까지 지켜보며 대기할 것.\n2. 종료 즉시 결과를 보고 "
                 "바람.")[0] == "follow_job"


def test_keep_it_after_an_id_named_is_no_take_back() -> None:
    assert route("Please delete the endpoint kosum-ep-ab12. But the other one, kosum-ep-cd34, please keep it until "
                 "Friday. S3 also keep.") == ("teardown", {"ids": ["kosum-ep-ab12"], "include_s3": False})


@pytest.mark.parametrize("message, count", [
    ("Approval ref. FIN-77 (valid until 30 Nov).\nPlease launch the SageMaker training job with the default settings.", 1),
    ("Budget decision no. 14/C is confirmed. Please start the SageMaker training on ml.g5.12xlarge, the number of "
     "instances is two.", 2),
])
def test_document_numbers_and_dates_are_no_count(message: str, count: int) -> None:
    assert route(message) == ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": count})


@pytest.mark.parametrize("message", [
    "1. 회의에서 ml.g5.12xlarge는 비용 과다로 제외하기로 결정함.\n2. 이에 ml.g5.4xlarge 인스턴스로 SageMaker 배포를 진행하기 "
    "바람.",
    "결정:\n - Training은 이미 ml.g5.12xlarge로 끝남 (완료)\n - Inference는 ml.g5.4xlarge로 SageMaker에 올리기로 함\n"
    "SageMaker 배포해 주세요.",
])
def test_a_type_ruled_out_or_done_is_not_this_deployments(message: str) -> None:
    assert route(message) == ("deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"})


@pytest.mark.parametrize("message, expected", [
    ("Ref.: Data licence DL-2026-4\n1. The licence for the dataset has been confirmed by the partner.\n2. Prepare the "
     "data from the hub id daekeun-ml/naver-news-summarization-ko now.\n3. The old copy on the shared drive is not to "
     "be used.", ("prepare_data", {"source": "daekeun-ml/naver-news-summarization-ko"})),
    ("Minutes, quality review\n1. The partner wants scores on more records than last time.\n2. Decision: evaluate on "
     "600 test records.\n\nAction items\n- Assistant: run the evaluation (600 records) today\n- J. Park: share the "
     "sheet next week", ("evaluate", {"limit": 600})),
])
def test_an_english_memo_whose_items_give_orders_is_no_article(message: str, expected: tuple) -> None:
    assert route(message) == expected


def test_a_memos_item_markers_are_no_question() -> None:
    assert route("1. 아래 리소스 삭제 요청함.\n  가. kosum-ep-ab12 (staging endpoint)\n  나. train-20261201-101010-ab12\n"
                 "2. 단 kosum-ep-cd34 은 운영 중이므로 제외, S3 bucket도 keep 할 것 (감사 대비).  끝.") == (
        "teardown", {"ids": ["kosum-ep-ab12", "train-20261201-101010-ab12"], "include_s3": False})
