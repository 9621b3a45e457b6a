"""A thanks or farewell after a request is no part of it (assistant/wrappers.py): the request is read without it, and
the thanks stay where they may be what the message is about ("다 지워줘서 고마워요", "이미 멈췄어요. 감사합니다").
Found by tests/benchmarks/bench_invariance.py."""
from __future__ import annotations

import pytest

from assistant import wrappers
from assistant.router import OfflineRouter


@pytest.mark.parametrize(("message", "tool", "args"), [
    ("server-20261128-101500-ab12 지워줘 고마워요!", "teardown",
     {"ids": ["server-20261128-101500-ab12"], "include_s3": False}),
    ("학습 돌려줘. 미리 감사드립니다.", "start_training", {}),
    ("학습 재개해 줘 오늘도 고생 많으십니다.", "resume_job", {}),
    ("teardown 해줘 except S3 오늘도 고생 많으십니다.", "teardown", {"ids": None, "include_s3": False}),
    ("train on sagemaker with 3 instances of ml.g5.12xlarge Catch you later.", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 3}),
])
def test_a_request_before_a_sign_off_is_the_request(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


@pytest.mark.parametrize("message", ["다 지워줘서 고마워요", "이미 멈췄어요. 감사합니다", "모델평가 고마워요!", "Thanks!"])
def test_thanks_for_something_stay(message: str) -> None:
    assert OfflineRouter().route(message)[0] is None


def test_thanks_for_a_step_done_is_kept() -> None:
    assert wrappers.without_sign_off("다 지워줘서 고마워요") == "다 지워줘서 고마워요"
    assert wrappers.without_sign_off("지워줘 고마워요!") == "지워줘"
