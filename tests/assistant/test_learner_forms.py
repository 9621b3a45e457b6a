"""A learner's Korean read in its standard form (assistant/learner.py) before the intent is told: detached particles
join their nouns and a dictionary form before 때 becomes "-(으)ㄹ 때"; what is not such a form stays as written."""
from __future__ import annotations

from assistant.learner import standard
from assistant.router import OfflineRouter


def test_detached_particles_join_their_nouns() -> None:
    assert standard("그 다음 에 회의 있어요. 30분 만 기다려요") == "그 다음에 회의 있어요. 30분만 기다려요"


def test_a_dictionary_form_before_ttae_is_the_adnominal_form() -> None:
    assert standard("학습 이 끝나다 때 알려 주세요") == "학습이 끝날 때 알려 주세요"


def test_other_words_stay_as_written() -> None:
    assert standard("바다 때문에 다 때려 부숴") == "바다 때문에 다 때려 부숴"


def test_a_learners_watch_request_is_followed_not_torn_down() -> None:
    tool, args, _ = OfflineRouter().route(
        "train-20261201-101500-ab12 끝나다 때 까지 지켜 봐 주세요. 근데 20분 만 기다려요, 그 다음 에 수업 있어요.")
    assert (tool, args) == ("follow_job", {"job_id": "train-20261201-101500-ab12", "timeout_s": 1200})
