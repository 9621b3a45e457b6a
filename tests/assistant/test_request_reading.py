"""What in a message is the request (assistant/clauses.py, assistant/questions.py): a step named to describe a thing,
a clause that only spares something and a sentence that reports what happened are not it; a wish ("…할래") is a
request, a check put as a request ("…있는지 봐줘") is a question, and a question never starts a step."""
from __future__ import annotations

import pytest

from assistant import arguments, cleanup, clauses, no_request, pasted, questions
from assistant.intents import Prediction
from assistant.router import SEEKING, OfflineRouter


@pytest.mark.parametrize("message, tool", [
    ("아까 전처리한 데이터셋으로 훈련 시작해 주세요", "start_training"), ("어제 준비한 데이터로 smol 학습해줘", "start_training"),
    ("학습된 모델 로컬에 배포해줘", "deploy"), ("방금 평가한 모델 서빙해 주세요", "deploy"),
])
def test_a_step_named_to_describe_a_thing_is_not_the_request(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("message", ["버킷 데이터는 남기고 전부 정리해 줘", "업로드한 데이터는 두고 엔드포인트만 지워",
                                     "데이터는 건드리지 말고 다 꺼줘", "keep the bucket and clean up the rest",
                                     "leave the s3 data alone, delete everything else"])
def test_a_clause_that_spares_something_is_not_the_request(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


@pytest.mark.parametrize("message, tool", [
    ("학습 멈춰줘. 데이터셋을 잘못 골랐어요", "stop_job"), ("훈련 중단해 주세요! 배포는 벌써 했어요", "stop_job"),
    ("배포해줘. 학습은 어제 끝냈어", "deploy"), ("평가해줘 ㅎㅎ 학습 다 끝났어요", "evaluate"),
])
def test_a_sentence_that_reports_what_happened_is_not_the_request(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


def test_the_request_is_read_without_what_it_spares_or_reports() -> None:
    assert clauses.request("버킷은 남기고 다 정리해줘") == "다 정리해줘"
    assert clauses.request("S3는 지우지 말고 엔드포인트 내려") == "엔드포인트 내려"
    assert clauses.request("학습 멈춰줘. 데이터셋을 잘못 골랐어요") == "학습 멈춰줘."
    assert "준비" not in clauses.request("준비한 데이터로 학습해")
    assert clauses.request("학습 멈췄어") == "학습 멈췄어"  # only a report: the whole message


@pytest.mark.parametrize("message, tool", [
    ("학습 세워줘", "stop_job"), ("트레이닝 잡 세워 주세요", "stop_job"), ("평가 돌려줘 처음 30개만", "evaluate"),
    ("run eval first 15", "evaluate"), ("eval 좀 돌려 first 10", "evaluate"), ("이 컴퓨터에서 배포", "deploy"),
    ("내 노트북에서 서빙해줘", "deploy"), ("deploy on my laptop", "deploy"),
])
def test_words_people_use_for_the_steps(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("message, tool", [
    ("배포는 세이지메이커로 할래", "deploy_to_sagemaker"), ("로컬에서 학습할래요", "start_training"),
    ("평가 지금 할래", "evaluate"), ("세이지메이커에 배포할래?", None),  # "…할래?" asks: a costly step is explained
])
def test_a_wish_is_a_request_and_the_same_words_asked_are_a_question(message: str, tool: str | None) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("message, tool", [
    ("엔드포인트 살아 있는지 확인해 주세요", "list_resources"), ("학습 다 됐는지 알려줘", "job_status"),
    ("돌고 있는 엔드포인트 있는지 봐줘", "list_resources"), ("check if anything is still running", "list_resources"),
    ("로컬 엔드포인트 아직 살아 있나?", "list_resources"), ("학습 아직 돌고 있나요?", "job_status"),
])
def test_a_question_about_what_runs_shows_it_and_starts_nothing(message: str, tool: str) -> None:
    assert OfflineRouter().route(message) == (tool, {}, None)


@pytest.mark.parametrize("message", ["혹시 로컬에 있는 ./data/news.jsonl 로 데이터 준비 가능할까요?",
                                     "허깅페이스에 있는 데이터셋으로 준비해 줄래요?"])
def test_a_request_that_names_where_something_is_is_not_a_question_about_it(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "prepare_data"


def test_a_thing_said_to_be_there_is_what_a_question_seeks() -> None:
    assert all(SEEKING.search(text) for text in ["켜진 거 있는지", "남은 게 없나", "떠 있는 건 있어?", "anything left?"])
    assert not SEEKING.search("학습 아직 돌고 있나?")  # a run's state: its status, not a list of what exists


@pytest.mark.parametrize("message", ["does stopping the training still cost me?",
                                     "does deleting the endpoint stop the billing?",
                                     "would pausing a sagemaker job keep charging?",
                                     "will deploying locally cost anything?"])
def test_a_question_about_what_doing_a_step_does_is_answered(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and reply


def test_how_a_question_reads() -> None:
    assert questions.read("does stopping a job still charge me?").hypothetical  # a gerund subject: what doing it does
    assert not questions.read("is anything still running?").hypothetical
    assert questions.read("서버 켜져 있는지 확인해줘").asks  # a check put as a request
    assert not questions.read("S3는 지울지 말지 네가 정해줘").asks  # a choice handed over, not a check
    assert not questions.read("혹시 로컬에 있는 파일로 데이터 준비 가능한가요?").about_now  # 있는 describes the file
    assert not questions.read("세이지메이커에서 할래").suggests and questions.read("세이지메이커에서 할래?").suggests


@pytest.mark.parametrize("message", ["please cancel that SageMaker fine-tuning run", "세이지메이커 학습 작업 세워 주세요",
                                     "cloud training 멈춰줘", "kill the aws training job now", "AWS 학습 잡 취소해 주세요"])
def test_a_stop_verb_stops_the_job_whatever_cloud_training_it_names(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "stop_job"


def test_a_stop_verb_never_plans_a_deployment() -> None:
    assert OfflineRouter().route("stop the sagemaker deployment")[0] not in {"deploy", "deploy_to_sagemaker"}  # never
    # a new endpoint: a clean-up (on an approval card that lists what goes), as "엔드포인트 내려줘" is
    assert not clauses.stops("학습 멈추지 말고 계속 돌려")  # negated: not a stop
    assert not clauses.stops("중단했던 잡 상태 보여줘")  # a modifier: what the thing is


@pytest.mark.parametrize("message", ["멈췄던 훈련 다시 돌려 주세요", "cancel했던 job 이어서 해줘", "restart the paused run",
                                     "취소된 학습 다시 시작해줘"])
def test_running_again_what_was_stopped_resumes_it(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "resume_job"


@pytest.mark.parametrize("message, tool, args", [
    ("요금이 비싸니까 AWS 말고 로컬에서 학습해줘", "start_training", {}),
    ("내 노트북은 너무 느려서 세이지메이커에서 학습할래", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
    ("My laptop is too slow, train it on sagemaker with 2 instances of g5.2xlarge", "train_on_sagemaker",
     {"instance_type": "ml.g5.2xlarge", "instance_count": 2}),
    ("다음 주 데모 전에 llama3-8b로 로컬 학습 시작", "start_training", {"preset": "llama3-8b"}),
    ("시간이 없어서 tiny로 학습 돌려줘", "start_training", {"preset": "tiny"}),
])
def test_a_time_or_a_reason_names_neither_the_place_nor_the_model(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


@pytest.mark.parametrize("message, args", [
    ("Hi! I'd like to try fine-tuning on my own workstation before we spend anything on AWS. Could you start a "
     "training run with the smol preset?", {"preset": "smol"}),
    ("train smol on my desktop instead of paying for SageMaker", {"preset": "smol"}),
    ("AWS에 올리기 전에 제 데스크탑에서 smol로 학습 한번 돌려줘", {"preset": "smol"}),
    ("세이지메이커 쓰는 대신 이 머신에서 학습해줘", {}),
])
def test_a_place_named_in_a_clause_that_rules_it_out_is_not_the_place(message: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == ("start_training", args)


@pytest.mark.parametrize("message", ["fine-tune smol first, before we spend anything on AWS",
                                     "train smol instead of paying for SageMaker"])
def test_a_place_only_ruled_out_is_never_planned(message: str) -> None:
    assert OfflineRouter().route(message)[0] != "train_on_sagemaker"


def test_asides_are_blanked_in_place() -> None:
    text = "로컬은 메모리가 부족해서, 세이지메이커로 돌려줘"
    aside = clauses.without_asides(text)
    assert len(aside) == len(text) and "로컬" not in aside and aside.endswith("세이지메이커로 돌려줘")
    assert "laptop" not in clauses.without_asides("my laptop is too slow, use sagemaker")
    assert clauses.without_asides("use sagemaker please") == "use sagemaker please"


@pytest.mark.parametrize("message, tool", [
    ("학습 시작하고 끝나면 알려줘", "start_training"), ("train locally and let me know once it finishes", "start_training"),
    ("배포해 주고 다 되면 말해줘", "deploy"), ("deploy it on sagemaker and let me know when it's up", "deploy_to_sagemaker"),
])
def test_tell_me_when_it_is_done_is_part_of_a_request(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("message", [
    "실험 끝났습니다. 만든 엔드포인트랑 잡 모두 삭제해 주시고, 버킷에 있는 것도 같이 지워 주세요.",
    "wipe all the kosum stuff, s3 included. we're done with it.",
])
def test_a_message_of_several_sentences_that_asks_for_something_is_a_request_not_an_article(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message, tool", [
    ("훈련 멈쳐 주세요, 배치 크기를 틀렸어요", "stop_job"),  # a vowel mistyped, next to a report
    ("그 학습 그냥 접어", "stop_job"),  # 접다: to give up on
    ("학습 중단해 줘. 평가를 먼저 해야 할 것 같아서요.", "stop_job"),  # a reason naming another step
    ("학습 없애지 말고 잠깐 세우기만 해줘", "stop_job"),
    ("중단 지점부터 이어서 학습해줘", "resume_job"),  # 중단 describes the point: not a stop
    ("평가 점수가 이상하니 학습 멈춰줘", "stop_job"), ("지금 도는 거 스톱해 줘 데이터 다시 받을래", "stop_job"),
    ("exp-0321-a 그냥 접자", "stop_job"),  # the classifier reads evaluate, prepare or nothing: the stop verb decides
])
def test_a_stop_is_read_in_any_form_and_beside_a_reason(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


def test_a_stop_word_is_matched_with_one_vowel_mistyped_and_no_more() -> None:
    assert clauses.stops("학습 멈처줘") and clauses.stops("학습 멈쳐 주세요")
    assert not clauses.stops("세이지메이커로 학습해줘")  # 세이 is not 세워: ㅣ is no typo of ㅝ
    assert not clauses.stops("학습 멈처지 마")  # negated
    assert not clauses.stops("학습 멈추면 체크포인트 남아?")  # a condition, not the request


@pytest.mark.parametrize("message, tool, args", [
    ("학습은 ml.g5.24xlarge로 돌렸는데 세이지메이커 배포는 기본값으로 해줘", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),
    ("I trained on g5.12xlarge, deploy it to sagemaker on the default instance", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),
    ("데이터 준비 끝났으면 tiny로 학습 시작해줘", "start_training", {"preset": "tiny"}),
    ("로컬에서 학습했는데 세이지메이커에 배포해줘", "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
])
def test_a_clause_about_a_step_already_done_gives_neither_the_intent_nor_the_costly_arguments(
        message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


def test_background_is_a_past_step_before_the_request_not_a_wish() -> None:
    text = "학습은 ml.g5.24xlarge로 돌렸는데 배포해줘"
    assert [text[start:end] for start, end in clauses.background(text)] == ["학습은 ml.g5.24xlarge로 돌렸는데"]
    assert clauses.background("엔드포인트 지웠으면 좋겠어") == []  # "-었으면 좋겠어": the request itself


@pytest.mark.parametrize("message, tool, args", [
    ("데이터 준비해 줘. 그런데 전처리가 정확히 뭔지는 나중에 알려 줘", "prepare_data", {"source": None}),
    ("what metrics does it report? evaluate the first 20 anyway", "evaluate", {"limit": 20}),
    ("could you show me which endpoints are still running?", "list_resources", {}),
    ("can you show me whether any kosum jobs are still alive?", "list_resources", {}),
    ("could you show me which servers are still up?", "list_resources", {}),
])
def test_a_request_beside_a_question_is_done(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


@pytest.mark.parametrize("message", [
    "does a sagemaker training job bill per second or per hour? don't launch anything",
    "엔드포인트 비용은 시간당 얼마예요? 아무것도 띄우지는 마세요",
])
def test_a_question_beside_a_prohibition_is_only_answered(message: str) -> None:
    """The sentence beside the question forbids: it is not the request to read the intent from."""
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and reply


def test_the_request_beside_a_question_is_its_own_sentences() -> None:
    from assistant import questions

    assert questions.read("what metrics does it report? evaluate the first 20 anyway").request == \
        "evaluate the first 20 anyway"
    assert questions.read("평가 돌려줘, 50개만. 그리고 ROUGE가 뭔지는 나중에 설명해줄래?").request == "평가 돌려줘, 50개만"
    assert questions.read("평가 돌려줘").request == ""  # no question beside it


def test_a_costly_request_beside_a_question_is_still_only_answered() -> None:
    tool, _, reply = OfflineRouter().route("세이지메이커에 배포해줘. 근데 비용이 얼마나 나와?")
    assert tool is None and reply


@pytest.mark.parametrize("message, s3", [
    ("안녕하세요. 엔드포인트 전부 정리 부탁드립니다. 버킷은 그대로 두세요. 감사합니다", False),
    ("만든 거 전부 날려줘 S3 포함", True),
    ("안녕하세요! 수고 많으십니다. 엔드포인트 정리 좀 부탁드려요. 감사합니다!", False),
])
def test_greetings_and_thanks_are_not_the_request(message: str, s3: bool) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": s3}, None)


@pytest.mark.parametrize("message", ["평가할 때 limit 기본값이 얼마예요?", "조금 전에 요청한 평가는 없던 걸로 해 주세요",
                                     "never mind the evaluation", "write me a birthday poem"])
def test_a_question_a_withdrawn_request_or_another_task_does_nothing(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and reply


@pytest.mark.parametrize("message, tool, args", [
    ("내 노트북은 너무 작다. 세이지메이커에서 학습 돌려줘", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),  # a complaint about the laptop: not where
    ("비싼 거 알고 있어요. 세이지메이커 ml.g5.4xlarge로 배포해 주세요", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.4xlarge"}),  # what the user knows: not the request
    ("로컬 GPU는 너무 작아요. 세이지메이커에서 학습 돌려 주세요", "train_on_sagemaker",
     {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),  # a state: the local GPU is not where
])
def test_a_sentence_that_only_states_something_is_not_the_request_nor_the_place(message: str, tool: str,
                                                                               args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


def test_a_check_for_what_is_left_after_a_step_shows_what_exists() -> None:
    assert OfflineRouter().route("어제 정리했는데 혹시 아직 남은 거 있는지 봐줘") == ("list_resources", {}, None)
    assert OfflineRouter().route("삭제하기 전에 목록부터 보여줘")[0] != "teardown"  # the removal is only a time


def test_the_rules_behind_what_is_left_and_when_a_step_is_done() -> None:
    router = OfflineRouter()
    text = "혹시 안 꺼지고 남은 거 있는지 봐줘"
    assert router._answer("job_status", questions.read(text), text, True) == ("list_resources", {}, None)
    assert cleanup.plan("지우기 전에 리소스부터 봐봐", True)[0] is None  # no removal asked for in the request
    assert clauses.request("평가할 때 limit 기본값이 얼마예요?").startswith("평가할 때")  # -ㄹ 때: kept, asked about


@pytest.mark.parametrize("message, tool, args", [
    ("ValidationException: instance type ml.p3.2xlarge is not supported 라고 나오네요. ml.g5.2xlarge로 세이지메이커 엔드포인트 "
     "배포해 주세요", "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
    ("ResourceLimitExceeded for ml.g5.48xlarge (limit 0 instances) 또 떴어요... 24xlarge로 세이지메이커 학습 돌려줘",
     "train_on_sagemaker", {"instance_type": "ml.g5.24xlarge", "instance_count": 1}),
    ("got ResourceLimitExceeded for ml.g5.12xlarge. deploy on ml.g5.2xlarge then", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),
    ("Traceback (most recent call last): RuntimeError: CUDA error 이거 뜨고 죽었어요. run-8 다시 이어서 돌려 주세요",
     "resume_job", {"job_id": "run-8"}),
])
def test_a_pasted_error_line_is_not_the_request_nor_its_arguments(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


def test_a_pasted_error_is_blanked_in_place() -> None:
    message = "AccessDeniedException: not authorized on ml.g5.4xlarge 떴어요"
    blanked = pasted.without_pasted(message)
    assert len(blanked) == len(message) and "ml.g5" not in blanked and blanked.strip() == "떴어요"
    assert pasted.without_pasted("세이지메이커 배포해줘") == "세이지메이커 배포해줘"


@pytest.mark.parametrize("message", [
    "엔드포인트는 제가 아까 직접 내렸어요. 참고만 하세요", "학습은 벌써 끝났어요, 따로 안 해주셔도 괜찮아요",
    "그냥 투덜거린 거예요 ㅋㅋ 오늘 학습이 너무 느렸어요", "fyi I already deleted the endpoint from the console",
    "thank you, the eval report looks great",
])
def test_a_message_that_only_tells_gets_a_reply(message: str) -> None:
    tool, args, reply = OfflineRouter().route(message)
    assert tool is None and args == {} and reply


@pytest.mark.parametrize("message, tool", [("고마워요! 이제 평가 돌려줘", "evaluate"), ("thanks, now deploy it locally", "deploy"),
                                           ("참고로 데이터는 준비됐어요. 이제 학습 시작해 주세요", "start_training")])
def test_thanks_or_a_report_beside_a_request_still_does_it(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("message", [
    "로컬 GPU로는 8B가 불가능이에요. 세이지메이커 g5.12xlarge로 학습해 주세요",  # a state said with a noun
    "로컬 카드 한 장이면 모자랄 듯. 세이지메이커 ml.g5.12xlarge로 학습해 주세요",  # a guess
    "로컬에서는 메모리 부족으로 안 되네요. 세이지메이커 g5.12xlarge로 학습해 주세요",  # it fails there
    "the local box is way too slow, train it on sagemaker", "local gpu is just way too small, train on sagemaker",
])
def test_a_statement_about_the_local_machine_leaves_sagemaker_the_place(message: str) -> None:
    assert OfflineRouter().route(message) == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1}, None)


@pytest.mark.parametrize("message, tool, args", [
    ("평가 30개 돌려주고, 근데 ROUGE-2가 뭐야?", "evaluate", {"limit": 30}),
    ("데이터 준비해주고 그리고 허깅페이스 데이터셋은 얼마나 커?", "prepare_data", {"source": None}),
])
def test_a_request_going_on_to_a_question_with_go_is_done(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


def test_how_far_a_run_has_got_is_its_status_not_a_limit() -> None:
    assert OfflineRouter().route("훈련 어디까지 갔어?")[0] == "job_status"
    assert OfflineRouter().route("파인튜닝 어디까지 되냐")[0] == "job_status"
    assert OfflineRouter().route("요약 어디까지 할 수 있어?")[0] is None


def test_a_close_call_between_two_costly_steps_is_settled_by_the_step_named() -> None:
    settled = OfflineRouter._names_only_its_step
    assert settled("train_on_sagemaker", "deploy_to_sagemaker", "세이지메이커에 학습 다시 올려줘")
    assert not settled("train_on_sagemaker", "deploy_to_sagemaker", "학습한 거 세이지메이커에 배포 올려줘")
    assert not settled("teardown", "list_resources", "리소스 정리")  # a second with no step of its own stays close


# Round 7 (set F's causes), in phrasings of its own: a request taken back after a correction, a confirming tag,
# past-perfect background, English asides about the local machine, quoted earlier replies, bullet lists after
# "before …:", how long to wait for a job, number words and options around an article, Markdown fences, and a
# clean-up that is a close call.
ARTICLE = ("대구시는 다음 달부터 도심 공원 열두 곳에 야간 조명을 새로 설치한다고 5일 밝혔다. 시는 시민 의견을 받아 설치 위치를 "
           "정했다. 공사는 연말까지 마무리될 예정이다.")


def route(message: str):
    return OfflineRouter().route(message)


@pytest.mark.parametrize("message", ["로컬 배포해줘 아 아니다 그냥 두자", "eval 돌려줘 아니다 오늘은 하지 말자",
                                     "세이지메이커 학습 올려줘… 잠깐, 비싸니까 하지 말자", "deploy it locally, no wait, leave it",
                                     "stop the job. actually, don't", "전부 정리해 줘 아 아냐 됐어"])
def test_a_request_taken_back_after_a_correction_does_nothing(message: str) -> None:
    assert route(message)[:2] == (None, {})


@pytest.mark.parametrize("message, tool", [("actually, evaluate the model", "evaluate"),
                                           ("이건 로컬이 아니다 세이지메이커로 배포해 줘", "deploy_to_sagemaker")])
def test_a_correction_followed_by_a_request_is_not_taken_back(message: str, tool: str) -> None:
    assert not no_request.takes_back(message)
    assert route(message)[0] == tool


@pytest.mark.parametrize("message, args", [
    ("세이지메이커에 ml.g5.xlarge로 배포해 줘. 오케이?", {"instance_type": "ml.g5.xlarge"}),
    ("deploy to sagemaker on ml.g5.4xlarge, ok?", {"instance_type": "ml.g5.4xlarge"}),
])
def test_a_confirming_tag_after_a_request_asks_nothing(message: str, args: dict) -> None:
    assert route(message) == ("deploy_to_sagemaker", args, None)
    assert questions.read("배포 설정은 뭐야?").asks  # a real question still asks


def test_a_past_perfect_clause_is_background_and_names_no_instance() -> None:
    assert route("학습은 ml.g5.24xlarge 한 대로 했었는데 배포는 기본 인스턴스로 세이지메이커에 부탁해") == (
        "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}, None)
    assert clauses.background("평가는 어제 돌렸었는데 배포해 줘")


@pytest.mark.parametrize("message", ["Train on SageMaker with ml.g5.12xlarge please. My local GPU can't fit the model.",
                                     "my local gpu keeps running out of memory so just train it on sagemaker",
                                     "the local box OOMs on the 8b, train it on sagemaker instead"])
def test_an_english_aside_about_the_local_machine_leaves_sagemaker_the_place(message: str) -> None:
    assert route(message)[0] == "train_on_sagemaker"


def test_an_english_request_with_no_need_to_is_still_done() -> None:
    assert route("prep the data from ./data/x.jsonl, no need to download anything") == (
        "prepare_data", {"source": "./data/x.jsonl"}, None)


def test_includes_takes_s3_in() -> None:
    assert route("clean up everything, and that includes the S3 artifacts") == (
        "teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message, seconds", [
    ("최대 한 시간까지만 기다려", 3600), ("30분만 기다려줘", 1800), ("wait up to two hours", 7200), ("an hour max", 3600),
    ("90 minutes", 5400), ("삼십 분", 1800), ("train-20990101-000000-beef 끝나면 알려줘", None), ("10초", 10),
    ("한 시간 아니면 두 시간", None),
])
def test_how_long_to_wait(message: str, seconds: int | None) -> None:
    assert arguments.wait_seconds(message) == seconds


@pytest.mark.parametrize("message, args", [
    ("train-20990101-000000-beef 끝날 때까지 지켜봐 주세요, 30분까지만요",
     {"job_id": "train-20990101-000000-beef", "timeout_s": 1800}),
    ("watch the latest job until it finishes, give up after two hours", {"timeout_s": 7200}),
])
def test_following_a_job_reads_how_long_to_wait(message: str, args: dict) -> None:
    assert route(message) == ("follow_job", args, None)


@pytest.mark.parametrize("message, limit", [("evaluate on fifty random samples", 50),
                                            ("score it on a hundred held-out examples", 100)])
def test_a_word_between_the_number_and_records_still_gives_the_limit(message: str, limit: int) -> None:
    assert arguments.record_limit(message) == limit


def test_options_before_a_summary_request_are_not_the_article() -> None:
    assert route(f"최대 토큰 백으로 요약 부탁ㅋ {ARTICLE}") == ("summarize", {"text": ARTICLE, "max_tokens": 100}, None)


@pytest.mark.parametrize("fence", ["```", "```text", "~~~"])
def test_a_markdown_fence_is_not_the_article(fence: str) -> None:
    assert route(f"{fence}\n{ARTICLE}\n{fence}\n요약해줘") == ("summarize", {"text": ARTICLE}, None)


def test_the_answer_under_a_quoted_reply_is_the_request() -> None:
    assert route("> 배포할 인스턴스 타입을 알려주세요.\nml.g5.4xlarge로 세이지메이커에 해 주세요") == (
        "deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"}, None)
    assert route("> 어떤 인스턴스로 학습할까요? 비용이 듭니다.\nml.g5.12xlarge 두 대로 진행해 주세요") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 2}, None)
    assert route("> 세이지메이커 학습 인스턴스를 골라 주세요.\n음 ml.g5.24xlarge 한 대면 돼요 진행해 주세요") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.24xlarge", "instance_count": 1}, None)  # unclear alone
    assert route("> Job finished. Model saved to outputs/run-7/merged\ngreat, deploy that locally") == (
        "deploy", {"model": "outputs/run-7/merged"}, None)  # what the user picks from the quote is read


def test_a_clean_up_whose_ids_are_only_in_a_quote_takes_the_kind_picked_or_asks_which() -> None:
    assert route("> 엔드포인트 kosum-ep-zz9, 버킷 kosum-data-0001\n엔드포인트만 지워줘") == (
        "teardown", {"ids": ["kosum-ep-zz9"], "include_s3": False}, None)  # the quote's ids of the kind picked
    assert route("> 엔드포인트 kosum-ep-zz9, 버킷 kosum-data-0001\n추론 컴포넌트만 지워줘")[:2] == (None, {})  # none listed
    assert route("> 엔드포인트 kosum-ep-zz9, 버킷 kosum-data-0001\nkosum-ep-zz9만 지워줘, 버킷은 남기고") == (
        "teardown", {"ids": ["kosum-ep-zz9"], "include_s3": False}, None)


def test_what_the_user_was_told_is_not_a_question() -> None:
    assert not questions.read("아까 알려주셨잖아요").asks
    assert questions.read("비용 알려주세요").asks


def test_a_bullet_list_after_before_is_the_request() -> None:
    assert route("quick one before I log off:\n- delete the endpoint\n- delete the bucket too") == (
        "teardown", {"ids": None, "include_s3": True}, None)
    assert route("one thing before lunch:\n- evaluate the model on 30 records") == ("evaluate", {"limit": 30}, None)
    assert route("teardown before I leave:\n- delete the endpoint\n- delete the s3 bucket too") == (
        "teardown", {"ids": None, "include_s3": True}, None)


def test_a_close_call_on_a_clean_up_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A teardown barely ahead of another step, whose words the message also has, is asked about, not planned."""
    from assistant import intents

    monkeypatch.setattr(intents, "predict", lambda text: Prediction("teardown", 0.5, "stop_job", 0.4))
    assert route("학습 멈추고 엔드포인트 지워")[:2] == (None, {})
    monkeypatch.setattr(intents, "predict", lambda text: Prediction("teardown", 0.9, "stop_job", 0.05))
    assert route("학습 멈추고 엔드포인트 지워")[0] == "teardown"


# Round 8: requests wrapped in someone else's words, a reason or a story; requests called off by the speaker.
@pytest.mark.parametrize("message, tool, args", [
    ("부장님이 kosum-ep-0930 하나만 지우라고 하셨어요. 다른 건 손대지 말래요", "teardown",
     {"ids": ["kosum-ep-0930"], "include_s3": False}),
    ("선배가 tiny로 학습 한번 돌려보라고 했어요", "start_training", {"preset": "tiny"}),
    ("사수님이 샘플 데이터부터 준비하래요", "prepare_data", {"source": "sample"}),
    ("팀장님이 세이지메이커에 ml.g5.4xlarge로 모델 올리라고 하시더라고요. 예산은 통과됐대요", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.4xlarge"}),
])
def test_a_request_passed_on_from_someone_else_is_the_request(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


@pytest.mark.parametrize("message", ["팀장님이 어제 학습 끝났다고 하셨어요", "선배가 배포는 잘 됐다고 했어요"])
def test_what_someone_said_happened_is_still_only_a_report(message: str) -> None:
    from assistant.korean import morphemes

    assert not clauses.relays_request(morphemes(message))
    assert OfflineRouter().route(message)[0] in {None, "job_status", "list_resources"}  # at most a look


@pytest.mark.parametrize("message", [
    "로컬에 배포해줘. 아 생각해보니 아직 평가를 안 했네요. 취소할게요",
    "세이지메이커 학습 g5.12xlarge 한 대로 부탁해요… 음 예산 확인하고 다시 올게요. 일단 보류할게요",
    "아까 요약 부탁드린 건 그만둘게요 기사를 잘못 골랐어요",
])
def test_a_request_the_speaker_calls_off_does_nothing(message: str) -> None:
    assert OfflineRouter().route(message)[0] is None


@pytest.mark.parametrize("message", ["학습 취소해줘", "돌고 있는 잡 취소해 주세요", "지금 학습 취소할게요"])
def test_asking_for_a_job_to_be_cancelled_still_stops_it(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "stop_job"


@pytest.mark.parametrize("message, tool, args", [
    ("The old box can't keep up with the nightly load, so let's move serving to SageMaker on ml.g5.2xlarge.",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
    ("Please start a SageMaker training job. We tried ml.g5.2xlarge before and it was too slow, so use "
     "ml.g5.12xlarge, 2 instances.", "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 2}),
    ("The local box can't keep up with the demo traffic, so let's host the model on SageMaker. ml.g5.2xlarge will do.",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
    ("deltee everything incl the s3 bucket, we're done", "teardown", {"ids": None, "include_s3": True}),
])
def test_english_notes_to_the_assistant_are_requests_not_articles(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


@pytest.mark.parametrize("message, tool", [
    ("로컬 서버 내려줘", "teardown"),
    ("서빙 중인 로컬 서버 꺼 주세요", "teardown"),
    ("shut down the local server", "teardown"),
    ("take the local deployment down", "teardown"),
    ("로컬 서버 내리고 다시 띄워줘", "deploy"),  # a server is started again: the deployment is asked for
])
def test_a_server_taken_down_is_a_clean_up_not_a_deployment(message: str, tool: str) -> None:
    """"로컬 서버" is mostly said when serving; with a removal verb and nothing started, the server is what goes."""
    assert OfflineRouter().route(message)[0] == tool


# round 10: requests behind context, a condition met or a relay; romanized Korean and loanwords; quoted lists
@pytest.mark.parametrize("message, tool, args", [
    ("배포 다 끝났으면 띄운 거 전부 내려. 요금 나가잖아", "teardown", {"ids": None, "include_s3": False}),
    ("그래픽카드가 24기가짜리인데 smol로 학습 시작해줘", "start_training", {"preset": "smol"}),
    ("Tiny preset, 20 steps please. If it works we'll move to SageMaker tomorrow.", "start_training",
     {"preset": "tiny", "max_steps": 20}),
    ("Local test went fine. Deploy it to SageMaker as an inference component.", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.2xlarge"}),
    ("클린업 부탁해요, 버킷은 남기고", "teardown", {"ids": None, "include_s3": False}),
    ("modu jiwo jwo, s3 kkaji", "teardown", {"ids": None, "include_s3": True}),
    ("jeonbu jeongri haejwo, bucket neun namgyeo", "teardown", {"ids": None, "include_s3": False}),
    ("earlier you showed this:\n- endpoint kosum-ep-77aa\n- endpoint kosum-ep-88bb\n- s3://kosum-bucket-1\n"
     "delete only kosum-ep-88bb", "teardown", {"ids": ["kosum-ep-88bb"], "include_s3": False}),
    ("아까 ‘남은 것: kosum-ep-0701, kosum-ic-0701’ 이라고 나왔어요. kosum-ep-0701만 지워", "teardown",
     {"ids": ["kosum-ep-0701"], "include_s3": False}),
])
def test_round_10_requests(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message) == (tool, args, None)


def test_ids_quoted_from_an_earlier_reply_are_not_all_deleted() -> None:
    assert OfflineRouter().route("아까 네가 ‘남은 리소스: kosum-ep-0702, kosum-ic-0702’ 라고 했잖아. 엔드포인트 지워") == (
        "teardown", {"ids": ["kosum-ep-0702"], "include_s3": False}, None)  # the endpoint only, never all


def test_english_words_alone_are_not_read_as_romanized_korean() -> None:
    from assistant.korean import in_hangul

    assert in_hangul("the geo region and the neun thing") == "the geo region and the neun thing"
    assert in_hangul("jiwo jwo") == "지워 줘"


def test_thanks_for_a_summary_heads_no_article() -> None:
    message = "Thanks for the summary yesterday, it helped a lot. Now please tear down the endpoint and keep S3."
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


def test_a_model_both_know_of_gives_no_instance_type() -> None:
    message = "지난주 g5.12xlarge 두 대로 학습한 모델 있잖아요, 그걸 세이지메이커 엔드포인트로 배포해 주세요"
    assert OfflineRouter().route(message) == ("deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}, None)


# Round 11: messages written as documents, and their articles
def test_a_plan_item_pointed_to_is_the_request() -> None:
    from assistant.structure import request_text

    plan = "## 할 일\n1. 데이터 준비 — 완료\n2. 로컬에서 tiny로 50스텝 학습\n3. 평가 30건\n\n오늘은 2번만 해 주세요."
    assert "tiny로 50스텝" in request_text(plan) and "평가 30건" not in request_text(plan)
    assert OfflineRouter().route(plan) == ("start_training", {"preset": "tiny", "max_steps": 50}, None)
    english = "Todo:\n1. ~~prep data~~\n2. evaluate 40 records\n3. deploy locally\n\nPlease run step 2 now."
    assert OfflineRouter().route(english) == ("evaluate", {"limit": 40}, None)
    marked = "### 체크리스트\n1. 배포 — 완료 ✅\n2. 평가 70건 ← 이것 좀 지금 해주세요\n3. 보고서"
    assert OfflineRouter().route(marked) == ("evaluate", {"limit": 70}, None)


def test_a_pasted_table_or_block_is_what_exists_not_what_is_asked() -> None:
    table = ("남은 것들:\n\n| id | kind |\n|---|---|\n| kosum-ep-0901 | endpoint |\n| kosum-ic-0901 | ic |\n\n"
             "필요 없으니 전부 삭제해 주세요. S3는 남겨 주세요.")
    assert OfflineRouter().route(table) == ("teardown", {"ids": None, "include_s3": False}, None)
    block = ("Resources:\n```\nkosum-ep-0902  endpoint\nkosum-sm-0902  training-job\n```\n"
             "Delete all of it please, keep the S3 bucket.")
    assert OfflineRouter().route(block) == ("teardown", {"ids": None, "include_s3": False}, None)


def test_a_block_the_request_uses_is_kept() -> None:
    message = ("다음 설정으로 세이지메이커 학습 올려주세요.\n\n```yaml\ninstance_type: ml.g5.48xlarge\ninstance_count: 1\n```")
    assert OfflineRouter().route(message) == ("train_on_sagemaker", {"instance_type": "ml.g5.48xlarge",
                                                                     "instance_count": 1}, None)


def test_one_job_in_a_pasted_block_is_the_job_meant() -> None:
    message = "```\nNAME             STATE\nkosum-local-777  Running\n```\n이거 멈춰 주세요"
    assert OfflineRouter().route(message) == ("stop_job", {"job_id": "kosum-local-777"}, None)


ARTICLE = ("교육부는 내년부터 초등학교 돌봄 교실 운영 시간을 오후 8시까지 늘린다고 3일 밝혔다. 맞벌이 가정의 수요가 꾸준히 늘어난 데 따른 "
           "조치다. 교육부는 이를 위해 전담 인력 2천 명을 추가로 채용할 계획이다. 학부모 단체는 환영의 뜻을 밝혔지만 교원 단체는 업무 "
           "부담이 커질 수 있다며 우려를 나타냈다.")


@pytest.mark.parametrize("message", [
    f"## 테스트\n돌봄 기사 요약 좀 부탁드려요.\n\n```\n{ARTICLE}\n```",
    f"### 기사\n{ARTICLE}\n\n### 설정\n- 짧게\n\n위 글 요약해 주세요.",
    f"Quick test before lunch. 이거 요약해줘:\n\n{ARTICLE}\n\nthanks!",
    f"안녕하세요,\n\n> 출처: 어느 신문\n\n{ARTICLE}\n\n요약 부탁합니다.",
])
def test_a_structured_articles_text_is_its_prose(message: str) -> None:
    assert OfflineRouter().route(message)[:2] == ("summarize", {"text": ARTICLE})


def test_a_request_written_as_a_document_is_no_article() -> None:
    message = ("## 배포 요청\n\n### 배경\n- 평가 ROUGE-L 0.40 확인\n- 외부 데모가 있습니다\n\n### 요청\n"
               "- 최신 모델을 SageMaker에 배포\n- 인스턴스: ml.g5.xlarge")
    assert arguments.article(message) is None


def test_a_plans_done_and_later_items_are_context() -> None:
    from assistant.structure import request_text

    checklist = "### Today\n- [x] prepare the data\n- [ ] evaluate 60 records\n\nPlease go ahead."
    assert "prepare the data" not in request_text(checklist)
    assert OfflineRouter().route(checklist) == ("evaluate", {"limit": 60}, None)
    plan = "1. ~~학습~~ 끝\n2. (나중에) 세이지메이커 배포\n3. 평가 20건\n\n진행 부탁드려요."
    assert "세이지메이커" not in request_text(plan) and "평가 20건" in request_text(plan)
