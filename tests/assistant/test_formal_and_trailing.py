"""Readings of formal requests and of the things around arguments: a path's sentence-final punctuation is not part of
the path, formal imperatives (-십시오, -바랍니다, -요망) and statements of an argument ("max steps는 이백입니다") read
like 해 주세요, a count after an instance type ("p4d.24xlarge 두 대로") is SageMaker's, a job id after a pasted error
line is the job's, and English record limits ("with a limit of 500 test records") are the evaluation's."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize(("message", "source"), [
    ("Please prepare the data from /mnt/lab/datasets/news_fall.jsonl. Grading closes on the 15th.",
     "/mnt/lab/datasets/news_fall.jsonl"),
    ("데이터 준비해 주세요, 경로는 ~/corpus/ko_news.v2.jsonl.", "~/corpus/ko_news.v2.jsonl"),
    ("prep the data in ./data/raw/. thanks", "./data/raw/"),
    ("can you prep /srv/news.csv?", "/srv/news.csv"),
    ("prep data/news_ko.jsonl; the rest later", "data/news_ko.jsonl"),
    ("prep ../shared/news… 그리고 끝나면 알려줘", "../shared/news")])
def test_a_paths_sentence_punctuation_is_not_part_of_it(message: str, source: str) -> None:
    assert arguments.data_source(message) == source


def test_a_path_keeps_its_extensions_folders_and_dots_inside() -> None:
    assert arguments.data_source("prep /data/news.v2.jsonl.gz please") == "/data/news.v2.jsonl.gz"
    assert arguments.data_source("prep /data/news/ now") == "/data/news/"
    assert arguments.model_folder("serve outputs/run.1/final. ok") == "outputs/run.1/final"
    assert arguments.data_source("A / B 중에 뭐가 나아?") is None


@pytest.mark.parametrize(("message", "route"), [
    ("오늘 오전 결과가 좋지 않았습니다. smol preset으로 local training을 새로 시작하십시오, max steps는 이백입니다.",
     ("start_training", {"preset": "smol", "max_steps": 200})),
    ("어제 결과가 별로였습니다. tiny 모델로 이 서버에서 학습을 다시 시작하시기 바랍니다. 스텝은 300입니다.",
     ("start_training", {"preset": "tiny", "max_steps": 300})),
    ("결과가 나빴습니다. smol로 로컬 학습 재시작 요망. max steps는 400입니다.",
     ("start_training", {"preset": "smol", "max_steps": 400})),
    ("smol preset으로 로컬 학습을 시작할 것. max_steps는 백입니다.", ("start_training", {"preset": "smol", "max_steps": 100})),
    ("발표가 끝났습니다. 돌고 있는 학습을 중지하시기 바랍니다. 체크포인트는 보존해야 합니다.", ("stop_job", {})),
    ("예산이 바닥났습니다. 전체 리소스를 정리하시기 바랍니다. 단, 버킷은 제외입니다.", ("teardown", {"ids": None, "include_s3": False})),
    ("예산이 바닥났습니다. 리소스 전부 삭제 요망. 단 S3는 제외입니다.", ("teardown", {"ids": None, "include_s3": False})),
    ("예산이 없습니다. 모든 리소스를 정리할 것. S3 버킷도 포함입니다.", ("teardown", {"ids": None, "include_s3": True}))])
def test_a_formal_order_reads_as_a_request(message: str, route: tuple) -> None:
    assert OfflineRouter().route(message)[:2] == route


def test_formal_endings_read_as_haeyo_and_nothing_else_changes() -> None:
    from assistant.formal import plain_requests

    assert plain_requests("학습을 중단하십시오.") == "학습을 중단하세요."
    assert plain_requests("남겨 두십시오. 결과를 받으십시오") == "남겨 두세요. 결과를 받으세요"
    assert plain_requests("시작하도록 하세요, 진행 바랍니다") == "시작하세요, 진행해 주세요"
    for unchanged in ("이 작업은 내일 할 것 같아요", "회사는 내년에 출시할 것이다.", "바람이 분다.", "결과가 좋지 않았습니다."):
        assert plain_requests(unchanged) == unchanged


def test_a_news_story_with_formal_statements_is_still_an_article() -> None:
    story = ("서울시는 내년 3월부터 심야 자율주행 버스 노선을 6개로 확대한다고 10일 밝혔다. 새 노선은 강남역과 홍대입구, 여의도 등 "
             "유동 인구가 많은 지역을 중심으로 운영된다. 시는 \"시민 여러분은 안전에 유의하시기 바랍니다\"라고 당부했다.")
    assert arguments.article(story) == story


@pytest.mark.parametrize(("message", "count"), [
    ("로컬 GPU로는 8B가 한 epoch에 40시간 넘게 걸려서 마감(12/20) 못 맞출 것 같습니다. SageMaker에서 p4d.24xlarge 두 대로 "
     "Llama-3-8B 학습 잡 올려주세요. 비용 승인은 교수님께 이미 받았습니다(상한 150만원).", 2),
    ("로컬 장비로는 8B 한 epoch에 이틀이 넘게 걸려서 발표를 못 맞춥니다. 세이지메이커에서 ml.g5.12xlarge 세 대로 학습 올려 주세요.", 3),
    ("로컬에서는 데이터가 커서 메모리가 부족했습니다. SageMaker p4d.24xlarge 한 대로 학습 잡을 시작해 주세요.", 1)])
def test_a_local_machine_said_to_fall_short_in_its_own_sentence_leaves_sagemaker(message: str, count: int) -> None:
    route = OfflineRouter().route(message)
    assert route[0] == "train_on_sagemaker" and route[1]["instance_count"] == count


@pytest.mark.parametrize("message", ["SageMaker는 비쌉니다. 로컬에서 smol로 학습해 주세요.",
                                     "로컬 GPU는 느려요. 그래도 로컬에서 학습해 주세요. SageMaker는 쓰지 마세요.",
                                     "로컬에서 학습하고 싶어요. SageMaker는 느려서 못 쓰겠어요."])
def test_a_local_request_beside_a_remark_on_either_place_stays_local(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "start_training"


@pytest.mark.parametrize(("message", "job"), [
    ("어젯밤에 이거 뜨고 죽음ㅠ `torch.cuda.OutOfMemoryError: CUDA out of memory` train-20261209-230000-77aa 체크포인트부터 "
     "이어서 돌려죠", "train-20261209-230000-77aa"),
    ("`CUDA out of memory` train-20261130-080000-9f9f 재개 부탁", "train-20261130-080000-9f9f"),
    ("CUDA out of memory train-20261209-230000-77aa 체크포인트부터 이어서 돌려줘", "train-20261209-230000-77aa"),
    ("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB train-20261201-101010-ab12 이어서 학습해 "
     "주세요", "train-20261201-101010-ab12")])
def test_a_job_id_after_a_pasted_error_line_is_the_jobs(message: str, job: str) -> None:
    assert OfflineRouter().route(message)[:2] == ("resume_job", {"job_id": job})


def test_what_a_pasted_error_line_names_is_still_not_an_argument() -> None:
    from assistant.pasted import without_pasted

    assert "24xlarge" not in without_pasted("`ResourceLimitExceeded: ml.g5.24xlarge usage is 0` 떴어요, 12xlarge로 해줘")
    route = OfflineRouter().route("`CUDA out of memory` 나서 죽었어 ml.g5.12xlarge 말고 ml.g5.24xlarge로 세이지메이커 학습해줘")
    assert route[:2] == ("train_on_sagemaker", {"instance_type": "ml.g5.24xlarge", "instance_count": 1})
    assert OfflineRouter().route("CUDA out of memory로 죽었는데 이어서 돌려줘")[:2] == ("resume_job", {})


@pytest.mark.parametrize(("message", "limit"), [
    ("Please run the ROUGE evaluation on the currently deployed model with a limit of 500 test records, so the numbers "
     "match what I reported in the week-3 slides (top 3 configs, ROUGE-2 around 0.2).", 500),
    ("evaluate with a limit of 200", 200), ("evaluate on 300 held-out test articles", 300),
    ("limit it to 80 records", 80), ("evaluate with a limit of 100, our top 2 models were close", 100),
    ("top 5 articles", 5)])
def test_an_english_record_limit(message: str, limit: int) -> None:
    assert arguments.record_limit(message) == limit


@pytest.mark.parametrize("message", ["evaluate the first 2 runs", "show me the top 3 examples", "compare the top 3 configs"])
def test_the_best_of_something_else_is_no_limit(message: str) -> None:
    assert arguments.record_limit(message) is None


@pytest.mark.parametrize(("message", "limit"), [
    ("what does ROUGE-L even measure lol. anyway run the eval on 500 test records", 500),
    ("what's ROUGE-2 again? anyway evaluate the model on 200 records", 200),
    ("how long does eval take lol. ok so run the eval on 300 test records", 300)])
def test_a_request_led_in_after_a_side_question_is_the_request(message: str, limit: int) -> None:
    assert OfflineRouter().route(message)[:2] == ("evaluate", {"limit": limit})


@pytest.mark.parametrize("message", ["what does ROUGE-L even measure lol", "so what does eval even do?",
                                     "ok. now what does the teardown delete?"])
def test_a_question_led_in_is_still_a_question(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and reply


@pytest.mark.parametrize(("message", "limit"), [("evaluate the first 20 anyway", 20), ("eval the first 30 thanks", 30),
                                                ("run eval on the first 40 pls", 40)])
def test_a_key_word_and_its_number_before_another_word_are_still_a_limit(message: str, limit: int) -> None:
    assert arguments.record_limit(message) == limit


@pytest.mark.parametrize("message", ["SageMaker 배포는 보류하십시오.", "SageMaker 배포는 보류해 주세요.",
                                     "세이지메이커 학습은 일단 미뤄 주세요.", "hold off on the sagemaker deployment"])
def test_a_step_put_on_hold_is_not_done(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and reply


@pytest.mark.parametrize(("message", "tool"), [("S3 삭제는 보류하고 나머지 리소스 정리해줘", "teardown"),
                                               ("배포 보류한 거 이제 로컬에 배포해줘", "deploy"),
                                               ("미뤄둔 평가 지금 돌려줘", "evaluate"), ("보류된 학습 이어서 해줘", "resume_job")])
def test_what_was_put_on_hold_or_a_part_put_off_still_leaves_the_request(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool
