"""Questions are not commands: asking how something works, whether something exists or what it costs is answered, or
shows what exists, and never makes a plan to approve, even with things there to delete and a SageMaker role set up."""
from __future__ import annotations

import pytest

from assistant import questions
from tests.assistant.conftest import agent_events, approval_card

GATED = {"train_on_sagemaker", "deploy_to_sagemaker", "teardown"}
QUESTIONS = {  # message -> a word the answer has (the reply or the resource list)
    "teardown 하면 S3에 있는 데이터도 같이 지워지나요?": "S3",  # -나요, conditional
    "혹시 안 끄고 둔 엔드포인트 있나... 이번 달 청구서 무섭다": "kosum-hf-token",  # 있나: shows what exists
    "세이지메이커에서 학습하면 비용 얼마나 나와?": "비용",  # 얼마나
    "세이지메이커 배포하면 시간당 얼마야?": "시간당",
    "세이지메이커 학습 몇 대가 좋을까요?": "SageMaker",  # 몇, -ㄹ까요
    "정리하면 뭐가 지워져?": "S3",  # 뭐
    "teardown 명령은 뭘 하는 거야?": "S3",
    "엔드포인트 지우면 요금 안 나와?": "S3",
    "SageMaker 배포 전에 비용부터 알려줘": "비용",
    "엔드포인트 아직 살아있니?": "kosum-hf-token",  # -니
    "지금 돈 나가는 거 뭐 있어?": "kosum-hf-token",
    "does teardown delete S3?": "S3",
    "what would teardown remove?": "S3",
    "how much would sagemaker training cost?": "cost",
    "is anything still running on aws?": "kosum-hf-token",
    "should i clean up now?": "S3",
    "배포는 돈이 드나요?": "드는 비용이 없습니다",  # how a step behaves: its cost, its time, its limits, its outputs
    "is local deployment free?": "costs nothing",
    "how long does fine-tuning take?": "half a minute",
    "GPU 없어도 학습 돼?": "30초쯤",  # -어도: what would happen
    "요약 입력은 최대 몇 글자야?": "4,000자",
    "평가 지표는 뭐가 나와요?": "ROUGE-L",
    "which metrics does evaluation report?": "lead-3",
}


@pytest.fixture
def cloud_ready(stored_run, monkeypatch) -> None:
    """Prepared data and a Hugging Face token, so a SageMaker training plan can be made; a secret and S3 artifacts to
    remove: any gated call would show an approval card."""
    from tools.data import prepare_data

    monkeypatch.setenv("HF_TOKEN", "hf_for_the_gated_base_model")
    prepare_data("sample")


def test_the_commands_next_to_the_questions_do_ask_for_approval(cloud_ready) -> None:
    assert "kosum-hf-token" in approval_card("리소스 정리해줘", "control-teardown")
    assert "ml.g5.12xlarge" in approval_card("세이지메이커에서 ml.g5.12xlarge 2대로 학습해줘", "control-train")


@pytest.mark.parametrize("question, answer", QUESTIONS.items())
def test_a_question_makes_no_plan(cloud_ready, question: str, answer: str) -> None:
    events = agent_events(question, "question")
    assert not [e for e in events if "approval" in e or e.get("tool") in GATED], events
    said = " ".join(e.get("reply", "") + e.get("tool_result", "") for e in events)
    assert answer in said, events


@pytest.mark.parametrize("text, general", [
    ("요약에 몇 자까지 넣을 수 있어?", True), ("smol 학습은 보통 얼마나 걸리나요?", True),
    ("does serving cost anything?", True), ("얼마 나가고 있어?", False), ("학습 어떻게 돼가?", False),
    ("how long will my training take?", False), ("학습 몇 스텝까지 했어?", False), ("내 학습은 얼마나 걸려?", False),
])
def test_a_question_about_how_the_product_behaves_is_told_from_one_about_the_users_things(text: str,
                                                                                         general: bool) -> None:
    read = questions.read(text)
    assert read.asks and read.general is general


def test_when_it_is_done_is_what_would_happen() -> None:
    assert questions.read("학습할 때 GPU 몇 개 쓰나요?").hypothetical  # -ㄹ 때
    assert questions.read("배포하는 경우 돈 드나요?").hypothetical  # -는 경우
    assert not questions.read("학습 몇 개 돌고 있나요?").hypothetical


def test_can_is_not_there_is() -> None:
    assert not questions.read("몇 개까지 평가할 수 있어?").about_now  # -ㄹ 수 있다: an ability
    assert questions.read("평가 끝난 거 있어?").about_now


@pytest.mark.parametrize("text", ["g5.2xlarge는 한 시간에 얼마야?", "how much does ml.g5.12xlarge cost per hour?",
                                  "tiny랑 smol 중에 뭐가 나아?", "which is better, local or sagemaker deployment?"])
def test_a_price_or_a_comparison_is_answered_not_acted_on(text: str) -> None:
    from assistant.router import OfflineRouter

    tool, _, reply = OfflineRouter().route(text)
    assert tool is None and reply


def test_a_comparison_is_about_how_the_product_behaves() -> None:
    assert questions.read("로컬이랑 클라우드 중에 어디가 나아?").general
    assert questions.read("is sagemaker faster than local?").general
    assert questions.read("세이지메이커 학습이 로컬보다 빨라?").general  # -보다: a comparison


def test_a_request_in_another_sentence_is_marked_beside_the_question() -> None:
    assert questions.read("요약 돌려 줘. 근데 max_tokens가 뭔지는 나중에 설명해 줘").requests
    assert questions.read("what does the report show? run the evaluation on 30 records").requests
    assert not questions.read("데이터 준비해 줄래?").requests  # one sentence: a request put as a question
    assert not questions.read("평가 지표는 뭐가 나와요?").requests  # only a question
    assert questions.read("could you check whether anything is still billing?").about_now  # a check put as a request


# Round 8: "몇 번이든 상관없어요" leaves a choice open; "끝나려면 얼마나 남았어?" asks about a run, not a hypothesis.
@pytest.mark.parametrize("message", ["로컬에서 smol로 학습 돌려 주세요. 스텝이 몇 번이든 상관없어요",
                                     "tiny 모델로 학습해 주세요, 얼마나 오래 돌리는지는 괜찮아요"])
def test_a_choice_left_open_is_no_question(message: str) -> None:
    assert not questions.read(message).asks


def test_how_long_until_a_run_finishes_is_about_that_run() -> None:
    from assistant.router import OfflineRouter

    question = questions.read("방금 돌린 학습 끝나려면 얼마나 걸릴까요?")
    assert question.asks and not question.hypothetical
    assert questions.read("학습 멈추면 체크포인트 남아?").hypothetical  # a condition still is one
    assert OfflineRouter().route("제 학습 진행 상황이요, 완료되려면 얼마나 남았나요?")[0] == "job_status"
