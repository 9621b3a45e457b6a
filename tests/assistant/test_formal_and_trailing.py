"""Readings of formal requests and of the things around arguments: a path's sentence-final punctuation is not part of
the path, formal imperatives (-십시오, -바랍니다, -요망) and statements of an argument ("max steps는 이백입니다") read
like 해 주세요, a count after an instance type ("p4d.24xlarge 두 대로") is SageMaker's, a job id after a pasted error
line is the job's, and English record limits ("with a limit of 500 test records") are the evaluation's."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize(("message", "source"), [
    ("Please prepare the data from /mnt/lab/datasets/news_fall.jsonl. Grading closes on the 15th.",
     "/mnt/lab/datasets/news_fall.jsonl"),
    ("데이터 준비해 주세요, 경로는 ~/corpus/ko_news.v2.jsonl.", "~/corpus/ko_news.v2.jsonl"),
    ("prep the data in ./data/raw/. thanks", "./data/raw/"),
    ("can you prep /srv/news.csv?", "/srv/news.csv"),
    ("prep data/news_ko.jsonl; the rest later", "data/news_ko.jsonl"),
    ("prep ../shared/news… 그리고 끝나면 알려줘", "../shared/news")])
def test_a_paths_sentence_punctuation_is_not_part_of_it(message: str, source: str) -> None:
    assert arguments.data_source(message) == source


def test_a_path_keeps_its_extensions_folders_and_dots_inside() -> None:
    assert arguments.data_source("prep /data/news.v2.jsonl.gz please") == "/data/news.v2.jsonl.gz"
    assert arguments.data_source("prep /data/news/ now") == "/data/news/"
    assert arguments.model_folder("serve outputs/run.1/final. ok") == "outputs/run.1/final"
    assert arguments.data_source("A / B 중에 뭐가 나아?") is None
