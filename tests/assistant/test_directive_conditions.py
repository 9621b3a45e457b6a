"""Managers' short directives with conditions and dictated details: an approval with "단" states its limits ("한
대까지만" is the count; "두 대는 예산 초과", "ml.g5.48xlarge is overkill", "the 2xlarge was too slow" reject the other
value), a choice said as "X로," ends its clause before a money limit, a spoken correction ("삼천... 아 아니 이천") keeps
the second value, and a wait limit ("30분이 지나도 안 끝나면 더 기다리지 않으셔도") wins over a ticket's SLA."""
from __future__ import annotations

import pytest

from assistant import arguments


def test_a_count_said_to_be_over_budget_gives_way_to_the_limit() -> None:
    text = "세이지메이커 학습 승인합니다. 단, 인스턴스는 p4d.24xlarge 한 대까지만이에요. 두 대는 예산 초과입니다."
    assert arguments.instance_count(text) == arguments.Count(1)


@pytest.mark.parametrize("text", ["너무 많아서 100개만 평가해줘", "천 개는 너무 많으니 100개만 평가해"])
def test_only_the_value_before_a_too_much_remark_is_rejected(text) -> None:
    assert arguments.record_limit(text) == 100


@pytest.mark.parametrize("text", [
    "Deploy the latest model to SageMaker on g5.4xlarge; ml.g5.48xlarge is overkill for 40 clients.",
    "deploy the latest model to sagemaker on a g five four x large the two x large was too slow last time"])
def test_the_type_beside_a_rejected_one_is_chosen(text) -> None:
    from assistant.arguments import spoken

    assert arguments.instance_type(spoken.typed(text)) == ("ml.g5.4xlarge", False)


def test_a_choice_said_with_ro_and_a_comma_is_not_negated_by_the_next_clause() -> None:
    text = "승인합니다. 단 인스턴스는 기본인 ml.g5.2xlarge로, 월 300만원 넘기지 마세요."
    assert arguments.instance_type(text) == ("ml.g5.2xlarge", False)


@pytest.mark.parametrize(("text", "steps"), [("preset은 smol, steps는 삼천... 아 아니 이천이요 두 시간 안에 끝나게", 2000),
                                             ("500 steps, no wait, 800", 800), ("이천 스텝", 2000)])
def test_a_spoken_correction_keeps_the_second_value(text, steps) -> None:
    assert arguments.max_steps(text) == steps


def test_the_wait_limit_wins_over_a_tickets_sla() -> None:
    text = ("접수번호: MM-3420 | SLA: 8시간\n\n작업이 끝날 때까지 지켜봐 주세요. 다만 30분이 지나도 끝나지 않으면 그때는 더 "
            "기다리지 않으셔도 됩니다.")
    assert arguments.wait_seconds(text) == 1800


@pytest.mark.parametrize(("text", "tool", "args"), [
    ("세이지메이커 학습 승인합니다. 단, 인스턴스는 p4d.24xlarge 한 대까지만이에요. 두 대는 예산 초과입니다.",
     "train_on_sagemaker", {"instance_type": "ml.p4d.24xlarge", "instance_count": 1}),
    ("> 운영자: 세이지메이커 엔드포인트 배포 결재 올립니다.\n승인합니다. 단 인스턴스는 기본인 ml.g5.2xlarge로, 월 300만원 넘기지 마세요.",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
    ("오늘 밤 local training 하나 걸어 주세요\npreset은 smol, steps는 삼천... 아 아니 이천이요 두 시간 안에 끝나게",
     "start_training", {"preset": "smol", "max_steps": 2000})])
def test_directives_route_with_their_conditions(router, text, tool, args) -> None:
    assert router.route(text)[:2] == (tool, args)


@pytest.mark.parametrize(("text", "tool", "args"), [
    ("이번 주 테스트 끝났으니까 전부 정리해줘 에스쓰리에 올린 데이터도 이제 필요 없으니까 같이 지워", "teardown",
     {"ids": None, "include_s3": True}),  # S3 spelled in Hangul, as dictation writes it
    ("배터리 칠 퍼라 빨리 말할게 코섬이 띄운 거 다 내려줘 버킷은 남겨두고", "teardown", {"ids": None, "include_s3": False}),
    ("계약 12월 31일로 종료됐으니 싹 다 내려요. 버킷은 남기고요.", "teardown", {"ids": None, "include_s3": False}),
    ("train-20261211-214455-0b2d 정지해 주세요\n체크포인트는 남겨 두고요 배터리 9%라 이만 잘게요", "stop_job",
     {"job_id": "train-20261211-214455-0b2d"})])
def test_dictated_clean_ups_and_stops(router, text, tool, args) -> None:
    assert router.route(text)[:2] == (tool, args)


def test_a_run_on_imperative_is_read_as_a_verb() -> None:
    from assistant.korean import morphemes

    found = [(m.form, m.tag) for m in morphemes("띄운 거 다 내려줘 버킷은 남겨두고")]
    assert ("내리", "VV") in found and ("다", "EF") not in found
