"""One vocabulary of take-backs (assistant/corrections.py): a correction after a mention (assistant/arguments/scope.py,
ids.py) and one after a request (assistant/no_request.py) know the same words. Before, the mention's reader lacked
"잠깐만요", "아냐" and "on second thought", and the request's reader "i mean", so "delete everything. i mean, leave it"
tore everything down and "… S3도 지워줘 잠깐만요, S3는 놔둬요" was not read as a clean-up that keeps S3."""
from __future__ import annotations

import pytest

from assistant import corrections


@pytest.mark.parametrize("said", ["아 아니다", "잠깐만요", "아냐", "no wait", "actually", "on second thought", "i mean"])
def test_every_reader_knows_a_take_back(said: str) -> None:
    text = f"다 지워줘 {said}, 그냥 둬"
    assert corrections.CORRECTION.search(text) and corrections.CORRECTING.search(text) and corrections.TURN.search(text)


@pytest.mark.parametrize(("message", "route"), [
    ("delete everything. i mean, leave it", (None, {})),
    ("엔드포인트랑 S3도 지워줘 잠깐만요, S3는 놔둬요", ("teardown", {"ids": None, "include_s3": False})),
    ("tear down everything including s3, on second thought keep s3", ("teardown", {"ids": None, "include_s3": False}))])
def test_a_take_back_is_read_the_same_by_request_and_mention(router, message: str, route: tuple) -> None:
    assert router.route(message)[:2] == route


def test_an_id_kept_after_a_correction_is_taken_back() -> None:
    text = "train-a 랑 train-b 지워줘 잠깐만요, train-b는 놔두세요"
    assert corrections.kept_after_correction(text, text.index("train-b") + 7, len(text))
    assert not corrections.kept_after_correction("train-a 랑 train-b 지워줘", 0, 19)
