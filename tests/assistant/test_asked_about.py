"""A question about doing a step never plans it (assistant/questions.py): a -ㄹ까 ending on an adjective asks whether
doing it is fine or wise ("돌려도 괜찮을까요?", "띄워 보는 게 나을까요?", "메모리가 부족하지 않을까요?"), and English "is it
safe to …?", "should we …?", "could we run out of …?" ask what doing it would do; "시켜볼까요?", "할 수 있을까요?",
"could we deploy it locally?" and "can you tear it down?" still ask for it."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter

ACTS = {"teardown", "train_on_sagemaker", "deploy_to_sagemaker", "start_training", "stop_job", "resume_job", "deploy",
        "prepare_data"}


@pytest.mark.parametrize("message", [
    "tiny로 학습 돌려도 괜찮을까요?",
    "학습된 모델 로컬에 띄워도 괜찮을까요?",
    "학습 지금 멈춰 보는 게 나을까요, 기다릴까요?",
    "smol로 로컬에서 학습 돌려 보면 메모리가 부족하지 않을까요?",
    "샘플 데이터로 준비해도 괜찮을까요?",
    "could we run out of memory with llama3-8b?",
    "Is it safe to stop training now?",
    "Should we wait or resume the training?",
    "Is it okay to deploy the model locally?",
    "Is it worth it to train the smol model for 300 steps?",
    "Do I need to stop that run first?",
])
def test_asked_about_is_not_done(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool not in ACTS and (tool or reply)


@pytest.mark.parametrize("message, tool", [
    ("tiny로 학습 시켜볼까요?", "start_training"),
    ("마지막 체크포인트부터 이어서 학습할 수 있을까요?", "resume_job"),
    ("로컬에 모델 배포 좀 해 주실 수 있을까요?", "deploy"),
    ("could we deploy it locally?", "deploy"),
    ("can you tear it down? keep the S3 bucket", "teardown"),
])
def test_requests_stay_requests(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool
