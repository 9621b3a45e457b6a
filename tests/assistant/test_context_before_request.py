"""A sentence that asks nothing before the request does not change it (assistant/clauses.py): a reason said on its own
("팀장님이 물어보셔서요."), a telling ("갑자기 생각나서 말씀드려요."), a state ("이번 주는 일정이 빠듯합니다.": 주 is a week
there, not the 주- of 해 주세요); and "Kindly …" is a polite imperative, not the first sentence of an article
(assistant/arguments/article.py). Found by tests/benchmarks/bench_invariance.py."""
from __future__ import annotations

import pytest

from assistant import clauses, wrappers
from assistant.router import OfflineRouter


@pytest.mark.parametrize(("message", "asked"), [
    ("갑자기 생각나서 말씀드려요. 다시 좀 해줄래", "다시 좀 해줄래"),
    ("팀장님이 물어보셔서요. 다시 좀 해줄래", "다시 좀 해줄래"),
    ("이번 주는 일정이 빠듯합니다. 학습 돌려줘", "학습 돌려줘")])
def test_a_sentence_asking_nothing_is_left_out(message: str, asked: str) -> None:
    assert clauses.request(message) == asked


@pytest.mark.parametrize(("message", "tool"), [
    ("이번 주는 일정이 빠듯합니다. 배포해 줘요오", "deploy"), ("팀장님이 물어보셔서요. 배포된 거 목록", "list_resources")])
def test_the_request_after_it_is_routed(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize(("message", "tool"), [
    ("Kindly train llama3-8b on this box. No step limit, just let it run with the default.", "start_training"),
    ("Kindly tear everything down, S3 buckets included. The course is over.", "teardown"),
    ("Kindly prepare the data from /mnt/lab/datasets/news_fall.jsonl. Grading closes on the 15th.", "prepare_data")])
def test_kindly_before_an_imperative_is_a_request(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


@pytest.mark.parametrize(("message", "tool", "args"), [
    ("Coffee's kicking in, so here goes. deploy on sagemaker using ml.g5.12xlarge", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.12xlarge"}),  # "here goes" names no place
    ("Thanks for the help earlier. deploy it here", "deploy", {}),
    ("We have a team meeting this afternoon. evaluate it", "evaluate", {}),
    ("Good morning. Hi there. show me what's still billing", "list_resources", {})])
def test_an_english_lead_in_is_no_part_of_the_request(message: str, tool: str, args: dict) -> None:
    assert OfflineRouter().route(message)[:2] == (tool, args)


@pytest.mark.parametrize("message", ["Everything off. S3 too.", "I want the endpoint gone. Thanks."])
def test_a_sentence_naming_a_step_is_kept(message: str) -> None:
    assert wrappers.LEAD_IN_EN.match(message) is None
