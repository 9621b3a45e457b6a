"""Set X's misses after its first run, by cause: foreign correspondents' request registers ("might you", "reckon
you can", "y'all mind", "I'd be grateful if you could"), the world's "local" and a writer's "Jeonju desk here" taken
for a place, a circulation figure taken for an instance count, an id's hyphens and ", and" ending the clause a
deletion verb governs, "급할 거 없으니까" (no hurry) read as "nothing to do", 제주's "-ㅂ서" imperative, a memo's
"teardown 바람" after a Latin word, a job's end said as when a watch ends, "train-… 종료 바람" planned as a clean-up,
and an English thanks left inside a pasted article. The phrasings here are new; set X's own are not repeated."""
from __future__ import annotations

import pytest

from assistant.arguments import article, include_s3, instance_count, place
from assistant.router import OfflineRouter

JOB = "train-20261220-081500-c3d4"


@pytest.mark.parametrize("message, tool, args", [
    ("So sorry, but might you stop " + JOB + "? The settings were wrong.", "stop_job", {"job_id": JOB}),
    ("Might you evaluate the model on 40 test records?", "evaluate", {"limit": 40}),
    ("Reckon you can resume the stopped run?", "resume_job", {}),
    ("Y'all mind preparing the bundled sample data?", "prepare_data", {"source": "sample"}),
    ("I'd be grateful if you could deploy the latest model on this machine.", "deploy", {}),
])
def test_a_request_in_a_foreign_correspondents_register_is_a_request(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


@pytest.mark.parametrize("message", [
    "Deploy the newest model to SageMaker on a g5.2xlarge; the local news team needs it.",
    "Perth desk here. Push the latest model to SageMaker on ml.g5.2xlarge.",
])
def test_the_worlds_local_and_a_writers_here_are_no_place(message: str) -> None:
    assert place(message) == "cloud"
    assert OfflineRouter().route(message)[0] == "deploy_to_sagemaker"


@pytest.mark.parametrize("message, expected", [
    ("Deploy it here, please.", "local"), ("Serve the model here.", "local"), ("run it on our local box", "local"),
])
def test_here_and_local_asked_for_are_still_local(message: str, expected: str) -> None:
    assert place(message) == expected


def test_a_figure_in_the_thousands_is_not_an_instance_count() -> None:
    assert instance_count("Train on SageMaker with the default instance. We print 85,000 copies a day.").unclear is False
    assert instance_count("Train on SageMaker with the default instance, 3 of them or 4").unclear is True


@pytest.mark.parametrize("message, expected", [
    ("please delete the endpoint kosum-ep-7c21 and the S3 bucket", True),
    ("remove kosum-ep-7c21, and the bucket along with it", True),
    ("remove kosum-ep-7c21 - keep the bucket", False),
])
def test_an_ids_hyphens_and_a_comma_before_and_end_no_clause(message: str, expected: bool) -> None:
    assert include_s3(message) is expected


def test_no_hurry_before_a_request_is_a_reason_not_nothing_to_do() -> None:
    assert OfflineRouter().route("급할 거 없으니까 tiny로 스텝 이백 번 돌려 주세요")[:2] == (
        "start_training", {"preset": "tiny", "max_steps": 200})
    assert OfflineRouter().route("이제 할 거 없어요. 고마워요")[0] is None


@pytest.mark.parametrize("message", ["엔드포인트 다 정리헙서. S3 버킷은 남겨둡서.", "전부 지워줍서, 버킷은 놔둡서"])
def test_a_jeju_imperative_is_read_as_its_standard_form(message: str) -> None:
    assert OfflineRouter().route(message)[:2] == ("teardown", {"ids": None, "include_s3": False})


def test_a_memo_request_after_a_latin_word_keeps_its_prohibition() -> None:
    assert OfflineRouter().route("전체 cleanup 요망. 버킷은 건드리지 말 것.")[:2] == (
        "teardown", {"ids": None, "include_s3": False})


@pytest.mark.parametrize("message, tool", [
    (JOB + " 학습 종료 시까지 지켜봐 주세요", "follow_job"),
    (JOB + " 작업 중지될 때까지 모니터링 바람", "follow_job"),
    (JOB + " 종료 요망.", "stop_job"),
    ("kosum-ep-7c21 엔드포인트 종료 요망.", "teardown"),
])
def test_a_jobs_end_as_when_a_watch_ends_and_a_job_ended(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize("trailer", ["\n\nMany thanks!", "\nThanks a bunch.", "\nBig thanks"])
def test_an_english_thanks_after_an_article_is_not_part_of_it(trailer: str) -> None:
    body = "부산시는 내년부터 시내버스 노선 12개를 조정한다고 밝혔다. 시는 출퇴근 시간대 배차 간격을 줄일 계획이다."
    assert article("Could you summarize this for me?\n" + body + trailer) == body
