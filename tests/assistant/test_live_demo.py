"""Set AC's misses after its first run, by cause: a presenter's narration as the request ("이제 … 띄워 보겠습니다",
"다 정리하겠습니다", "resume 해볼게요", "let's have it tidy up"), an audience's relayed question as no question of the
user's, an instruction relayed in the past ("g6.xlarge 쓰라고 했던 거 같기도") still open (one of the two destructive or
cost-bearing errors), "including the S3 stuff" inside what is left alone (the other), a go-ahead after a question
taking up what it proposed, "데모 때" as another run, "N분째" as elapsed time, "$40k" and "11/3" as no count, "600 max
steps", "-다던데" as background, and "▶" before an article. The phrasings here are new; set AC's own are not repeated."""
from __future__ import annotations

import pytest

from assistant import register
from assistant.arguments import include_s3, wait_seconds
from assistant.router import OfflineRouter

NEWS = ("인천의 한 항만 창고에서 9일 오전 불이 나 두 시간 만에 꺼졌다. 소방당국은 인명 피해는 없었다고 밝혔다. "
        "경찰은 정확한 화재 원인을 조사하고 있다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message, tool, args", [
    ("자, 이제 로컬 서버로 모델을 띄워 보겠습니다. 화면 보시죠.", "deploy", {}),
    ("다음으로 세이지메이커에서 ml.g5.12xlarge 한 대로 학습을 돌려 보겠습니다.", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
    ("이제 데모 끝났으니 다 정리하겠습니다. S3 데이터는 고객사 드릴 거라 남겨 두겠습니다.", "teardown", {"ids": None, "include_s3": False}),
    ("그럼 아까 멈춘 train-20261209-101010-aa11 을 지금 이어서 돌려볼게요.", "resume_job", {"job_id": "train-20261209-101010-aa11"}),
    ("Now for my favourite bit: let's have it tidy up. Everything, the bucket too.", "teardown", {"ids": None, "include_s3": True}),
])
def test_a_presenters_narration_asks_for_the_step(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_what_the_speaker_will_do_by_hand_is_no_request() -> None:
    assert register.plain("제가 콘솔에서 직접 확인해 보겠습니다.") == "제가 콘솔에서 직접 확인해 보겠습니다."


def test_an_audience_question_relayed_is_not_the_users() -> None:
    assert route("비용이 얼마나 드냐는 질문이 있었는데요, 그래서 지금 evaluate 해볼게요.") == ("evaluate", {})


def test_a_relayed_instruction_beside_the_choice_asks_which() -> None:
    assert route("세이지메이커에 배포해 주세요, g5.2xlarge면 될 듯한데… 근데 인프라팀은 g6.2xlarge 쓰라고 했던 것 같기도 해요")[0] is None


@pytest.mark.parametrize("message", ["Remove kosum-ep-1a2b but leave the rest alone, including the S3 data.",
                                     "delete the endpoint but keep everything else, including the bucket"])
def test_what_is_included_in_what_is_left_alone_is_kept(message: str) -> None:
    assert include_s3(message) is False


def test_a_go_ahead_takes_up_what_the_question_proposed() -> None:
    assert route("Could this run as a SageMaker training job? Go ahead with the defaults.") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def test_the_demos_run_is_another_run() -> None:
    assert route("데모 때 tiny로 돌린 건 보여주기용이었대요. 이번엔 smol로 스텝 이백 번 로컬에서 돌려볼게요") == (
        "start_training", {"preset": "smol", "max_steps": 200})


@pytest.mark.parametrize("message, seconds", [("회의 30분째인데 그 학습 끝날 때까지 지켜봐 주세요", None),
                                              ("around minute 42 of the call, follow it for 10 minutes", 600)])
def test_elapsed_time_is_no_timeout(message: str, seconds: int | None) -> None:
    assert wait_seconds(message) == seconds


def test_money_and_dates_are_no_count() -> None:
    assert route("Finance approved the $25k PO from 10/14, so please launch the SageMaker training job with the defaults.") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def test_steps_said_before_max_steps_are_the_steps() -> None:
    assert route("Start a local run on this box with 250 max steps.") == ("start_training", {"max_steps": 250})


def test_a_count_said_of_what_others_heard_ran_is_background() -> None:
    assert route("데모 때는 30개로만 평가했다던데, 이번엔 테스트 백오십 개로 평가해 주세요") == ("evaluate", {"limit": 150})


def test_an_arrow_after_a_longer_request_sets_the_article_apart() -> None:
    assert route("quality 확인 좀 하게요 ㅎㅎ 두 줄로 요약 부탁해요 ▶ " + NEWS) == ("summarize", {"text": NEWS})


def test_the_units_of_these_readings() -> None:
    """Each reading on its own: the wrapper, the background clause, the relayed question, a price and a date."""
    from assistant import clauses, wrappers
    from assistant.arguments import instance_count

    assert wrappers.plain("let's have it clean up everything") == "please clean up everything"
    assert clauses.background("어제 팀이 30개로 평가했다던데, 이번엔 백 개로 평가해 주세요") != []
    assert "비용" not in clauses.request("비용이 얼마나 드냐는 질문이 있었는데요, 그래서 지금 평가해 주세요")
    assert instance_count("the $40k PO from 11/3, launch the SageMaker training job").value is None
    from assistant.arguments.numbers import blanked, numbers

    assert [n.value for n in numbers(blanked("the $40k PO from 11/3, 통화 40분째"))] == []


def test_a_request_then_a_question_on_its_cost_bearing_choice_plans_nothing() -> None:
    """Found by the invariance check once set AC joined: "…세이지메이커에 배포해 줘요, 대신 인스턴스는 ml.g6.2xlarge로 해도
    돼요?" planned the deployment; the question after the comma is answered, the request is not taken for granted."""
    assert route("세이지메이커 엔드포인트로 올려 줘요, 인스턴스는 ml.g5.4xlarge로 해도 되나요?")[0] is None
    assert route("로컬에 배포해 줘요, 지금 바로 해도 돼요?") == ("deploy", {})  # a free step is still done


@pytest.mark.parametrize("message", ["모레 아침에 학습 잡이랑 엔드포인트 전부 지워 주세요. 지금은 발표 중이라 아직 손대지 마세요",
                                     "Take every endpoint down after the review, not now please."])
def test_a_clean_up_for_later_not_now_plans_nothing(message: str) -> None:
    """Set AD's one destructive error on its first run: "내일 오전 10시에 엔드포인트 다 내려주세요. 지금은 … 절대
    건드리지 마시고요" planned the clean-up now. KoSum schedules nothing, so nothing is planned and the reply says why."""
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and ("schedule" in reply or "예약" in reply)
    assert route("지금은 S3 건드리지 말고 엔드포인트만 다 지워 줘") == ("teardown", {"ids": None, "include_s3": False})
