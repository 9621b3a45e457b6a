"""A farewell or thanks in advance after a request thanks for nothing done, so it is read off even after a bare
noun phrase ("모델평가 나중에 또 올게요", "배포해 줘요오 좋은 하루 보내세요"), the request keeps its own period ("…남기지 말고.
좋은 하루 보내세요"), and thanks read off after a request's own ending ("재개 ㄱㄱ 고마워요!") do not make the message a reply.
Thanks right after a bare noun phrase ("모델평가 고마워요!") may be for what it names and stay (tests/assistant/test_sign_offs.py)."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter

CASES = [
    ("평가 돌리기 나중에 또 올게요.", "evaluate", {}),
    ("로컬에 배포해 줘요오 좋은 하루 보내세요.", "deploy", {}),
    ("학습 진행 어떻게 돼 가나요? 📈 오늘도 고생 많으십니다.", "job_status", {}),
    ("체크포인트부터 재개 ㄱㄱ 고마워요!", "resume_job", {}),
    ("잘못 돌렸어 학습 취소 좀 고마워요!", "stop_job", {}),
    ("전부 정리해 주세요, 버킷까지 하나도 남기지 말고. 수고하세요.", "teardown", {"ids": None, "include_s3": True}),
    ("training 그만ㅠ 스텝 너무 크게 잡았다 미리 감사드립니다.", "stop_job", {}),
    ("start training Hope that makes sense.", "start_training", {}),
]


@pytest.mark.parametrize("text, tool, args", CASES)
def test_farewell_after_request(router: OfflineRouter, text: str, tool: str, args: dict) -> None:
    chosen, planned, _ = router.route(text)
    assert chosen == tool
    assert {name: planned.get(name) for name in args} == args


def test_a_report_with_thanks_stays_a_reply(router: OfflineRouter) -> None:
    assert router.route("이미 멈췄어요. 감사합니다")[0] is None
