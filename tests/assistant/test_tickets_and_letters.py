"""Requests that arrive as help-desk tickets and e-mails (assistant/letters.py): header fields, greetings and signature
blocks are not read as the request or its arguments ("Priority: P3" is no instance family, "02-555-0199" no count);
a letter's formal request endings ("알려 주시면 감사하겠습니다", "내려 주시면 됩니다") ask (assistant/formal.py); a
client's "귀사 서버", "your own machine" is the operator's, so local; "if so" after a question is on its answer."""
from __future__ import annotations

import pytest

from assistant import letters
from assistant.router import OfflineRouter
from tests.assistant.conftest import assert_plans


@pytest.fixture(scope="module")
def router() -> OfflineRouter:
    return OfflineRouter()


def test_the_body_drops_header_greeting_and_signature() -> None:
    ticket = ("[요청] 제목: 평가 요청\n접수번호: QA-1207 | Priority: P3\n\n안녕하세요. 평가를 진행해 주시기 바랍니다.\n\n"
              "한도윤 드림 | 품질팀 | 02-555-0199")
    assert letters.body(ticket) == "평가를 진행해 주시기 바랍니다."
    mail = "Subject: Eval\n\nHi team,\n\nPlease run the eval.\n\nBest regards,\nJane Park\nHead of QA, Acme News"
    assert letters.body(mail) == "Please run the eval."


@pytest.mark.parametrize("message", [
    "정리 부탁드려요:\n- 엔드포인트 kosum-ic-3a9f\n- 학습잡 kosum-train-20240612\nS3는 남겨둬",  # an id is no phone
    "resume this one\njob train-20261209-081122-9f3e",
    "thanks\nstop the job",  # a request after a thanks is no signature
    "학습 시작해줘",
])
def test_other_messages_keep_their_lines(message: str) -> None:
    assert letters.body(message) == message


def test_a_ticket_header_names_no_instance(router: OfflineRouter) -> None:
    ticket = ("[요청] 제목: 추론 서버\nPriority: P3 / 고객사 8곳\n\n안녕하십니까. 최신 모델을 SageMaker에 배포해 주시기 "
              "바랍니다. 사양은 기본값으로 충분합니다.\n\n한도윤 드림 | 품질팀 | 02-555-0199")
    assert_plans(router, ticket, "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"})


def test_a_mail_request_under_a_greeting_and_over_a_signature(router: OfflineRouter) -> None:
    mail = ("Subject: Training go-ahead (ticket #812)\n\nHi there,\n\nBudget is approved. Please start the 8B training job "
            "on SageMaker with your usual setup.\n\nThanks,\nJane Park\nHead of QA, Acme News")
    assert_plans(router, mail, "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def test_your_server_is_local_in_a_clients_ticket(router: OfflineRouter) -> None:
    ticket = ("제목: 시험 학습\n\n안녕하세요. 클라우드 비용 없이 먼저 확인하려고 합니다. 귀사 서버에서 tiny 프리셋으로 50스텝만 "
              "학습해 주시기 바랍니다.\n\n한도윤 드림 | 02-555-0199")
    assert_plans(router, ticket, "start_training", {"preset": "tiny", "max_steps": 50})
    assert_plans(router, "Hi,\n\nCould you serve ./outputs/kosum-x on your own machine? Nothing on AWS yet.\n\nThanks,\n"
                 "Jane Park", "deploy", {"model": "./outputs/kosum-x"})


def test_a_formal_letter_ending_asks(router: OfflineRouter) -> None:
    ticket = ("[문의] 제목: 진행 현황\n티켓번호: QA-2211\n\n train-20261201-101010-ab12 작업이 어디까지 왔는지 알려 주시면 "
              "감사하겠습니다.\n\n한도윤 드림 | 010-5555-0199")
    assert router.route(ticket) == ("job_status", {"job_id": "train-20261201-101010-ab12"}, None)


def test_a_state_not_held_is_the_reason_for_the_removal(router: OfflineRouter) -> None:
    message = "kosum-ep-1a2b, kosum-ep-3c4d 두 개는 더 이상 쓰지 않아 내려 주시면 됩니다. 버킷은 그대로 두세요."
    assert router.route(message) == ("teardown", {"ids": ["kosum-ep-1a2b", "kosum-ep-3c4d"], "include_s3": False}, None)


def test_if_so_after_a_question_is_no_hypothetical(router: OfflineRouter) -> None:
    assert router.route("Is any training running right now, and if so how far along is it?") == ("job_status", {}, None)


@pytest.mark.parametrize("message", [
    "[문의] 제목: 삭제 범위\n\n안녕하십니까. 나중에 정리를 요청드리면 S3도 함께 지워지는지 궁금합니다.\n\n한도윤 드림",
    "제목: 배포 요청 (보류)\n\n최신 모델을 SageMaker에 배포해 달라고 하려 했는데, 예산 승인이 안 나서 진행하지 말아 "
    "주십시오.\n\n한도윤 드림 | 품질팀",
])
def test_a_ticket_that_asks_or_withdraws_starts_nothing(router: OfflineRouter, message: str) -> None:
    assert router.route(message)[0] is None
