"""Set AE's misses after its first run, by cause: terminal output pasted beside a request (a prompt's command and its
listing, a traceback, log lines, AWS CLI and curl errors, `ls -l`, `du`) is quoted history, so its ids, paths and
words ask nothing (the first run's one destructive error: a listing's third id planned for removal beside "두 개만
삭제해줘"); code-comment marks ("// …", "# TODO: …") go; "A vs B 아직 못 정함" leaves the type open; a place said to be
dying or too slow is ruled out; "최신 모델" is no pasted folder; "-래요" relays an instruction; "못 끝낸다" rules a
preset out; a fact before "just …" is no request; an article after a horizontal rule; "IC" names a kind; ids joined
and counted ("A 랑 B 두 개만") are singled out. The phrasings
here are new; set AE's own are not repeated."""
from __future__ import annotations

import pytest

from assistant import dialect, terminal
from assistant.arguments import instance_type, preset
from assistant.router import OfflineRouter

NEWS = ("대전시는 다음 달부터 시내버스 30대에 저상 전기버스를 새로 투입한다고 12일 밝혔다. 시는 노후 차량을 단계적으로 "
        "교체해 2028년까지 전체 버스의 절반을 전기버스로 바꿀 계획이다. 충전소는 차고지 네 곳에 설치된다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


def test_a_listing_under_a_prompt_is_quoted_and_only_the_ids_asked_go() -> None:
    message = ("$ kosum resources\nkosum-ep-1a2b       InService\nkosum-ep-3c4d       InService\n"
               "kosum-ep-1a2b 하나만 지워 주세요. 3c4d는 발표용이라 남겨야 돼요")
    assert terminal.read(message).startswith("> $ kosum resources\n> kosum-ep-1a2b")
    assert route(message) == ("teardown", {"ids": ["kosum-ep-1a2b"], "include_s3": False})


def test_a_listings_rows_without_a_prompt_are_what_exists() -> None:
    message = ("kosum-ep-5a5a          InService\nkosum-ep-6b6b          InService\n"
               "kosum-ep-5a5a 삭제해 주세요. 6b6b는 내일 데모에 써요")
    assert route(message) == ("teardown", {"ids": ["kosum-ep-5a5a"], "include_s3": False})


def test_ids_joined_then_counted_are_singled_out() -> None:
    message = "kosum-ep-1111, kosum-ep-2222, kosum-ep-3333 있는데 kosum-ep-1111 이랑 kosum-ep-3333 두 개만 지워 주세요"
    assert route(message) == ("teardown", {"ids": ["kosum-ep-1111", "kosum-ep-3333"], "include_s3": False})


@pytest.mark.parametrize("message, tool, args", [
    ('Traceback (most recent call last):\n  File "serve.py", line 9, in <module>\n    load("/srv/models/broken/")\n'
     "OSError: /srv/models/broken/ does not exist\n./outputs/kosum-good 모델로 로컬 서빙 해주세요", "deploy",
     {"model": "./outputs/kosum-good"}),
    ("$ ls -l ./data/\n-rw-r--r--  1 dev  staff  12M Dec  9 10:00 crawl.jsonl\n./data/crawl.jsonl 로 데이터 준비해줘",
     "prepare_data", {"source": "./data/crawl.jsonl"}),
    ("2026-12-09T01:02:03Z WARN cleanup: delete scheduled for s3://kosum-tmp/\n경고는 무시하고 리소스만 다 정리해 주세요, S3는 두고요",
     "teardown", {"ids": None, "include_s3": False}),
    ("$ nvidia-smi\nFailed to initialize NVML: Driver/library version mismatch\nlocal GPU is dying again. move the training to "
     "sagemaker, default instance", "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
])
def test_pasted_output_says_what_happened_not_what_is_asked(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_a_bare_prompt_goes_and_a_message_of_output_only_is_left_as_it_is() -> None:
    assert terminal.read("$ kosum status\n$\n상태 봐줘") == "> $ kosum status\n상태 봐줘"
    assert terminal.read("ERROR: out of memory") == "ERROR: out of memory"


@pytest.mark.parametrize("message, tool, args", [
    ("# TODO: 로컬 학습, tiny로 스텝 삼십", "start_training", {"preset": "tiny", "max_steps": 30}),
    ("// 세이지메이커 배포 ml.g5.4xlarge 로 부탁", "deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"}),
    ("# wrap-up: show me what is still running on AWS", "list_resources", {}),
])
def test_a_comments_marks_go_and_its_words_ask(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_a_label_comment_over_an_article_is_no_part_of_it() -> None:
    assert route(f"// 샘플 기사\n{NEWS}\n// 위 기사 요약해 줘") == ("summarize", {"text": NEWS})


def test_an_article_after_a_rule_under_a_pasted_warning() -> None:
    message = (f"summarize this for the weekly deck (skip the warning, it's unrelated):\nToken indices sequence length is "
               f"longer than the specified maximum sequence length for this model (4100 > 2048).\n---\n{NEWS}")
    assert route(message) == ("summarize", {"text": NEWS})


def test_two_types_weighed_against_each_other_are_left_open() -> None:
    assert instance_type("ml.g5.12xlarge vs ml.g5.48xlarge, 아직 못 정했어요. 학습 올려줘") == (None, True)
    assert route("g6.12xlarge vs g5.12xlarge 미정인데 일단 세이지메이커 학습 시작")[0] is None


@pytest.mark.parametrize("message, place_tool", [
    ("local TGI keeps dying under load. deploy to sagemaker, default instance", "deploy_to_sagemaker"),
    ("로컬은 처리량이 너무 안 나와요. 세이지메이커로 배포해 주세요, 기본 인스턴스로", "deploy_to_sagemaker"),
])
def test_a_place_said_to_fail_is_not_where_the_work_goes(message: str, place_tool: str) -> None:
    assert route(message)[0] == place_tool


def test_the_latest_model_is_not_a_folder_from_a_pasted_log() -> None:
    message = ("2026-12-08 22:00:01 INFO serving ./outputs/run-old on :3000\n"
               "그건 지난 버전이고요, 방금 학습한 최신 모델로 로컬에 다시 띄워 주세요")
    assert route(message) == ("deploy", {})


def test_a_relayed_instruction_shortened_to_rae_yo() -> None:
    assert dialect.standard("버킷은 팀장님이 남기래요") == "버킷은 팀장님이 남기라고 해요"
    assert dialect.standard("노래요") == "노래요"
    assert route("엔드포인트 다 내려 주세요. S3는 교수님이 보관하래요") == ("teardown", {"ids": None, "include_s3": False})


def test_a_preset_that_cannot_finish_in_time_is_ruled_out() -> None:
    assert preset("8B는 마감까지 못 끝내요, smol로 학습해 주세요") == ("smol", False)


def test_a_fact_before_a_plea_is_no_request() -> None:
    assert route("the old one's useless now, just delete kosum-ep-5e6f") == (
        "teardown", {"ids": ["kosum-ep-5e6f"], "include_s3": False})
    assert route("local run OOMs on 24GB -> move it to sagemaker, ml.g5.12xlarge x1 pls") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def test_ic_names_the_inference_component_kind() -> None:
    message = ("> ENDPOINT  kosum-ep-77aa  InService\n> IC        kosum-ic-77aa  InService\n"
               "remove the IC only, leave the endpoint")
    assert route(message) == ("teardown", {"ids": ["kosum-ic-77aa"], "include_s3": False})
