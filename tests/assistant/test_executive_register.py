"""Set AA's misses and set Z's last four, by cause: the executive register (passive, nominalised and wished-for
requests in English and 문어체 Korean: assistant/register.py), a letter's humble "-드립니다" sentences taken for a
report and so for an article, a long English request before a colon, "기사:" left on the article, a relayed
instruction given as the reason ("교수님께서 … 하라고 하셔서"), "would it be okay to …", "optimizer steps", a hub id
with a Korean particle, the watch's own end ("관찰을 중단"), the default type beside its own family ("g5 is enough"),
"그걸로 가자" after a side question, which training jobs run asked for as a list, and a guess at a step the message
never names ("kubectl … 파드 재시작"). The phrasings here are new; set AA's and Z's own are not repeated."""
from __future__ import annotations

import pytest

from assistant import register
from assistant.arguments import article, data_source, include_s3, max_steps
from assistant.router import OfflineRouter

JOB = "train-20261230-101500-ab12"
NEWS = ("정부가 내년부터 전기차 보조금 지급 기준을 바꾸기로 했다. 배터리 효율이 높은 차량일수록 더 많은 보조금을 받게 된다. "
        "업계는 중소 제조사의 부담이 커질 수 있다고 우려했다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message, plain", [
    ("It has been agreed that the evaluation be commenced.", "please start the evaluation."),
    ("It would be appreciated if the endpoint could be deleted today.", "please delete the endpoint today."),
    ("We would wish to proceed with the removal of all resources.", "please remove all resources."),
    ("평가 조치를 요청드립니다.", "평가해 주세요."),
    ("학습이 신속히 진행되기를 희망합니다.", "학습해 주세요."),
    ("it was decided that we wait a week.", "it was decided that we wait a week."),  # no passive step: as it was
    ("평가가 수행되었습니다.", "평가가 수행되었습니다."),  # what was done, reported
])
def test_an_executive_request_reads_as_the_plain_one(message: str, plain: str) -> None:
    assert register.plain(message) == plain


@pytest.mark.parametrize("message, tool, args", [
    ("It has been resolved that the endpoint kosum-ep-91ab be deleted; the bucket, of course, is to be retained.",
     "teardown", {"ids": ["kosum-ep-91ab"], "include_s3": False}),
    ("We would wish to proceed with the termination of " + JOB + " at your earliest convenience.",
     "stop_job", {"job_id": JOB}),
    ("It has been decided that a fine-tuning run be started on this machine with the smol preset, limited to "
     "two hundred training steps.", "start_training", {"preset": "smol", "max_steps": 200}),
    ("Ahead of the audit, we may wish to obtain a full listing of every KoSum resource still incurring charges.",
     "list_resources", {}),
    ("현재 진행 중인 " + JOB + " 학습에 대한 중지 조치를 부탁드립니다.", "stop_job", {"job_id": JOB}),
    ("S3 버킷을 제외한 나머지 자원의 정리가 금일 중 이루어지기를 희망합니다.", "teardown", {"ids": None, "include_s3": False}),
    ("모든 KoSum 자원이 철거되어야 한다는 판단이 내려졌습니다. S3 자료는 보존 바랍니다. 이에 대한 처리를 요청드립니다.",
     "teardown", {"ids": None, "include_s3": False}),
    ("시험 세트 전체에 대한 ROUGE 평가가 실시되기를 바랍니다. 결과는 보고서 3장에 수록될 예정입니다.", "evaluate", {}),
])
def test_the_executive_register_asks_as_plainly(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_a_letter_of_thanks_in_humble_form_is_no_article() -> None:
    assert route("귀사의 협조에 진심으로 감사의 말씀을 드립니다. 덕분에 교육 과정이 순조롭게 마무리되었습니다.")[0] is None
    assert route("부장님, 지난주 회의 자료를 말씀드립니다. 예산이 20% 늘었습니다.")[0] is None


def test_a_news_report_in_the_formal_style_is_still_an_article() -> None:
    news = "기상청은 내일 전국에 비가 내린다고 밝혔습니다. 강수량은 최대 80mm로 예상됩니다. 김민수 기자가 전해 드립니다."
    assert route(news) == ("summarize", {"text": news})


@pytest.mark.parametrize("message", [
    "It would be appreciated if the article below could be summarised for the weekly partner newsletter: " + NEWS,
    "Please summarize the following piece for our Monday morning briefing: " + NEWS + " Short is fine.",
    "이번 주 과제 안내: 1단계 요약, 2단계 비교. 요약만 지금 부탁해요. 기사: " + NEWS,
])
def test_a_long_request_before_the_article_and_its_label_are_left_out(message: str) -> None:
    assert article(message) == NEWS


def test_a_request_after_lab_steps_is_no_article() -> None:
    message = "이번 실습은 요약 모델 평가입니다. 1단계: 데이터, 2단계: 평가. 오늘은 2단계만 할게요. 모델 평가 돌려 주세요."
    assert route(message) == ("evaluate", {})


def test_an_instruction_relayed_as_the_reason_is_no_part_of_the_request() -> None:
    assert route("팀장님께서 예산 때문에 작은 걸로 하라고 하셔서, g5.2xlarge로 세이지메이커 배포 부탁드려요. 승인은 제가 할게요.") == (
        "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"})
    assert route("선배님께서 스텝은 이백으로 하라고 하셨는데, 모델 얘기는 없으셨어요. 그렇게 로컬 학습 시작해 주실 수 있을까요?") == (
        "start_training", {"max_steps": 200})


def test_would_it_be_okay_to_is_a_request() -> None:
    assert route("The network is down here, so would it be okay to prepare the bundled sample data instead?") == (
        "prepare_data", {"source": "sample"})


@pytest.mark.parametrize("message, steps", [("limited to eighty optimizer steps", 80), ("300 training steps", 300),
                                            ("학습 스텝 150으로", 150), ("ROUGE-2 0.3, 8B, 40 update steps", 40)])
def test_steps_with_their_kind_named_are_the_steps(message: str, steps: int) -> None:
    assert max_steps(message) == steps


def test_a_hub_id_before_a_korean_particle_is_whole() -> None:
    assert data_source("데이터셋은 someone/news-summary-ko로 준비해 주세요") == "someone/news-summary-ko"


def test_the_watch_ending_after_its_time_limit_is_no_stop() -> None:
    assert route(JOB + " 진행 상황을 지켜봐 주시고, 1800초가 지나도 안 끝나면 모니터링을 중단해 주세요.") == (
        "follow_job", {"job_id": JOB, "timeout_s": 1800})
    assert route(JOB + " 학습 중단해 주세요.") == ("stop_job", {"job_id": JOB})


def test_the_default_type_beside_its_own_family_is_the_default() -> None:
    assert route("Train the 8B on SageMaker with the default instance type; g5 is plenty for this.") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})
    assert route("Train the 8B on SageMaker, g5 please.")[0] is None  # which g5 is still asked


def test_a_go_ahead_after_a_side_question_settles_it() -> None:
    assert route("세이지메이커로 배포 ㄱ. 타입 안 정하면 2xlarge 맞지? 그럼 그걸로 하자") == (
        "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"})


@pytest.mark.parametrize("message", ["지금 돌아가는 학습 리스트 좀 보여줘", "is any model even training now, or is it all dead?"])
def test_which_training_runs_is_the_jobs_status(message: str) -> None:
    assert route(message) == ("job_status", {})


def test_a_step_never_named_and_barely_guessed_is_asked_about() -> None:
    assert route("helm으로 우리 클러스터 디플로이먼트 좀 롤백해줘 (namespace=prod)")[0] is None


@pytest.mark.parametrize("message", ["remove it all; the S3 bucket is to be left intact",
                                     "delete everything, the buckets should be retained"])
def test_s3_said_to_be_left_in_the_passive_is_kept(message: str) -> None:
    assert include_s3(message) is False


@pytest.mark.parametrize("message", ["버킷은 지울까 말까 싶네요", "S3 데이터 삭제는 아직 고민 중이에요"])
def test_whether_to_delete_s3_said_as_a_dilemma_asks(message: str) -> None:
    """Found by the invariance check once AA's cases were right (its seeded variants shifted): "에스쓰리는 지울까 말까
    모르겠네" planned deleting S3."""
    assert include_s3("전부 정리해 주세요. " + message) is None
