"""Set Z's misses after its first run, by cause: "잠시만요" as a take-back (a clean-up called off was planned),
settings typed as a config or command line ("include_s3=false" deleted S3; '"max_steps": 50', "--steps", "timeout=1800"
were not read), an article in a JSON "text" field, a stop verb that describes the run to resume ("멈춰 뒀던 …", "stop
해버린 …"), a short formal note on a job or a folder named "news" taken for an article, "뻗었어요" (the local GPU is
down), a sentence giving the settings dropped as a state, and "걸어놓고" (set up and left) read as sparing. The
phrasings here are new; set Z's own are not repeated."""
from __future__ import annotations

import pytest

from assistant.arguments import article, include_s3
from assistant.router import OfflineRouter

JOB = "train-20261222-230000-e5f6"


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


def test_a_clean_up_called_off_with_jamsiman_is_not_planned() -> None:
    assert route("엔드포인트 전부 정리 부탁드립니다. 아, 잠시만요. 승인 전이라 지금은 하지 말아 주세요.")[0] is None


@pytest.mark.parametrize("message, expected", [
    ("teardown ids=[kosum-ep-2c3d] include_s3=false", False), ("teardown --all --keep-s3", False),
    ("teardown --all --purge-s3", True), ('{"tool": "teardown", "include_s3": true}', True),
    ("teardown --all, --purge-s3 를 붙일지는 잘 모르겠네요", None),
])
def test_an_s3_setting_typed_as_a_flag_or_key_is_read_and_a_doubt_asks(message: str, expected: bool | None) -> None:
    assert include_s3(message) is expected


@pytest.mark.parametrize("message, tool, args", [
    ('{"where": "local", "preset": "smol", "max_steps": 120}', "start_training", {"preset": "smol", "max_steps": 120}),
    ("로컬 학습 --preset tiny --steps 300", "start_training", {"preset": "tiny", "max_steps": 300}),
    (JOB + " 끝날 때까지 지켜봐줘 timeout=900", "follow_job", {"job_id": JOB, "timeout_s": 900}),
])
def test_settings_typed_as_a_config_or_command_line_are_read(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_an_article_in_a_json_text_field_is_its_value() -> None:
    news = "인천시는 올해 관광객이 지난해보다 12% 늘었다고 5일 밝혔다. 시는 해외 관광객 유치 행사를 더 열 계획이다."
    assert article('요약 {"task": "summarize", "text": "' + news + '"}') == news


@pytest.mark.parametrize("message", ["어제 멈춰 뒀던 학습 다시 이어서 돌려줘", "실수로 stop 해버린 " + JOB + " 다시 resume 해줘"])
def test_a_stop_verb_that_describes_the_run_asks_no_stop(message: str) -> None:
    assert route(message)[0] == "resume_job"


def test_a_short_formal_note_on_a_job_is_no_article() -> None:
    assert route("보고서 작성을 위해 학습 진행률을 확인하고자 합니다. 작업 ID는 " + JOB + " 입니다.") == (
        "job_status", {"job_id": JOB})


def test_a_folder_named_news_says_nothing_of_an_article() -> None:
    message = "/data/news_2026/ 에 올려놨어요.. 마감이 오늘이라니 ㅋㅋ 웃프다. 거기서 데이터 준비 좀 해주세요"
    assert route(message) == ("prepare_data", {"source": "/data/news_2026/"})


def test_a_local_gpu_said_to_be_down_is_ruled_out() -> None:
    assert route("로컬 GPU 또 뻗었어요 ㅠ 세이지메이커에서 g5.12xlarge 한 대로 학습 돌려주세요") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def test_a_sentence_that_gives_the_settings_is_read() -> None:
    assert route("데모용으로 로컬 학습 부탁드립니다. 프리셋은 smol, 스텝은 이십 스텝이면 충분합니다.") == (
        "start_training", {"preset": "smol", "max_steps": 20})


def test_set_up_and_left_is_a_request_not_a_sparing() -> None:
    assert route("tiny 로컬 학습 스텝 백 번 걸어놓고 퇴근할게요") == ("start_training", {"preset": "tiny", "max_steps": 100})
    assert route("S3 남겨 놓고 다 지워줘") == ("teardown", {"ids": None, "include_s3": False})


@pytest.mark.parametrize("message", [
    "모든 자원의 정리를 진행하여 주시기 바랍니다. 다만 S3 자료의 삭제 여부는 아직 확정되지 않았습니다.",
    "전부 내려 주세요. 버킷 삭제 여부는 제가 확답을 드리기 어렵네요.",
])
def test_whether_s3_goes_said_unsettled_asks(message: str) -> None:
    """Set AA's first run (83.7%, 1 destructive error): "S3 자료의 삭제 여부에 관해서는 … 확답을 드리기 어려운 상황"
    planned deleting S3; 여부 (whether) and 확답 (a firm answer) are doubt words."""
    assert include_s3(message) is None
    assert OfflineRouter().route(message)[0] is None


def test_thanks_after_a_polite_take_back_leave_it_taken_back() -> None:
    """The invariance check's one cost-bearing break after set AA joined: "…학습 걸어주세요... 아 아니다 …, 일단
    보류요 덕분에 살았어요." planned the SageMaker job, since the thanks after "보류요" were kept as a part of it."""
    assert route("세이지메이커에서 p4d로 학습 걸어주세요... 아 아니다 예산 나오면 하죠, 일단 보류요 덕분에 살았어요.")[0] is None
