"""Two destructive misreads set X's first run found: a dialect's prohibition Kiwi reads as a noun ("건드리지 마래이")
deleted S3, and a removal noun that names an event ("작업 종료 시까지 지켜보고") planned a clean-up."""
from __future__ import annotations

import pytest

from assistant.arguments import asks_to_remove
from assistant.router import OfflineRouter


@pytest.mark.parametrize("message", [
    "엔드포인트 다 내려. S3는 건드리지 마래이", "싹 다 정리해, 버킷은 지우지 마래", "전부 내려라, S3는 손대지 마래이.",
])
def test_a_dialect_prohibition_keeps_s3(message: str) -> None:
    assert OfflineRouter().route(message)[:2] == ("teardown", {"ids": None, "include_s3": False})


@pytest.mark.parametrize("message", [
    "학습 작업 종료 시까지 지켜보고 결과 보고 바람", "train-20261210-101010-ab12 종료 때까지 봐 줘", "학습 종료되면 알려줘",
])
def test_a_removal_noun_naming_an_event_asks_nothing_removed(message: str) -> None:
    assert not asks_to_remove(message)
    assert OfflineRouter().route(message)[0] != "teardown"


@pytest.mark.parametrize("message", ["엔드포인트 종료해 주세요", "전부 삭제 후 보고 바람", "학습 종료되면 엔드포인트 내려줘"])
def test_a_removal_asked_is_still_one(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "teardown"
