"""A pasted thread or handover note (assistant/threads.py): the newest line's values win over the quoted history's,
a line deferring to a quoted instruction ("말씀대로", "지시대로", "as Tom said") takes that instruction, and a handover
note's item left to do is the request while its done items are history."""
from __future__ import annotations

import pytest

from assistant import threads
from assistant.router import OfflineRouter
from tests.assistant.conftest import assert_plans

PLANS = [  # the current line names a value of its own: the history's value is not read
    ("> 월 10:00 최: train-20261201-100000-aa11 중단해 주세요\n> 운영: 중단했습니다\n최: 그건 됐고 train-20261202-110000-bb22 는 "
     "지금 어디까지 갔나요?", "job_status", {"job_id": "train-20261202-110000-bb22"}),
    ("> 회의: 서빙은 /models/news-a 로\n> 화요일: a는 폐기\n오늘: /models/news-b 폴더로 로컬 서빙 해주세요",
     "deploy", {"model": "/models/news-b"}),
    ("> 운영: 지금은 g5.2xlarge 로 떠 있어요\n팀장: 세이지메이커 엔드포인트는 ml.g5.12xlarge 로 새로 배포해 주세요",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.12xlarge"}),
    # a line deferring to a quoted instruction takes it
    ("> 어제 팀장: 평가는 오십 건만 해요\n> 어제 운영: 넵\n오늘 운영: 팀장님 말씀대로 평가 돌려주세요", "evaluate", {"limit": 50}),
    ("> 팀장 (오전): 다 정리하고 S3는 남겨요\n> 팀장 (오후): 그냥 S3까지 다 지워요\n운영: 오후 지시대로 해주세요",
     "teardown", {"ids": None, "include_s3": True}),
    # a handover note: the item left to do is the request; a number of its footer is no instance count
    ("인수인계 (11/30)\n- 완료: 샘플 데이터 준비\n- 남은 일: ./data/news_1130.jsonl 로 데이터 준비\n연락: 010-1111-2222",
     "prepare_data", {"source": "./data/news_1130.jsonl"}),
    ("인수인계:\n- 완료: 로컬 배포 확인\n- 남은 일: 세이지메이커 엔드포인트로 최신 모델 배포, 인스턴스는 기본으로",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
    ("Shift notes\n- DONE: tiny smoke test (50 steps)\n- LEFT FOR YOU: start the llama3-8b training on SageMaker, "
     "default instance\nref: ticket #4410, SLA 24h", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
    # the current line names none: the history's value is the referent
    ("> 운영: train-20261203-090000-cc33 로 시작했습니다\n나: 그거 지금 멈춰주세요", "stop_job",
     {"job_id": "train-20261203-090000-cc33"}),
]


@pytest.mark.parametrize("text,tool,args", PLANS)
def test_the_current_line_is_the_request(router: OfflineRouter, text: str, tool: str, args: dict) -> None:
    assert_plans(router, text, tool, args)


def test_an_undeferred_thread_is_unchanged() -> None:
    text = "> 팀장: 평가는 오십 건만\n운영: 평가 돌려주세요"
    assert threads.read(text) == text


def test_a_note_without_an_item_left_is_unchanged() -> None:
    text = "Handover\n- done: tore down the staging endpoint\n- open question: is anything still up?"
    assert threads.read(text) == text


def test_two_opinions_quoted_and_a_launch_ask(router: OfflineRouter) -> None:
    """"일단 training job 올려줘" after a thread of two instance types, none picked: a question, never a stop."""
    tool, _, reply = router.route("> 가: SageMaker 학습은 ml.g5.12xlarge로 하죠\n> 나: 아뇨 p4d.24xlarge로 해요\n"
                                  "운영: 결론은 없지만 일단 training job 올려줘")
    assert tool is None and reply


def test_s3_said_to_be_unmentioned_keeps_it(router: OfflineRouter) -> None:
    assert_plans(router, "인수인계:\n- 완료: 보고\n- 남은 일: 띄워둔 거 전부 내리기 (S3 언급은 따로 없었음)", "teardown",
                 {"ids": None, "include_s3": False})
