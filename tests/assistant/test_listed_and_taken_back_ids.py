"""The ids a clean-up plans: one named and then taken back ("X도 같이… 아니다, 그 학습은 놔두세요") is not in it, and
"둘 다 / both / all of these" after a pasted list (a code block or table, which the request reading sets aside) is
exactly the listed ids, never everything; a count that is not the list's is asked."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter

BLOCK = "```\nEndpoint  kosum-ep-3b9a  InService  ml.g5.2xlarge\nEndpoint  kosum-ep-d410  InService  ml.g5.12xlarge\n```\n"
LISTED = ["kosum-ep-3b9a", "kosum-ep-d410"]


@pytest.mark.parametrize("text, ids", [
    ("kosum-ep-7a8b 삭제해 주세요. 아 train-20261206-120000-d4e5도 같이… 아니다, 그 학습은 놔두세요.", ["kosum-ep-7a8b"]),
    ("kosum-ep-7a8b 지워줘. kosum-ic-11aa도… 아니다 그건 남겨둬요. S3는 그대로", ["kosum-ep-7a8b"]),
    ("kosum-ep-7a8b랑 kosum-ep-c3d4 둘 다 지워줘, S3는 남기고", ["kosum-ep-7a8b", "kosum-ep-c3d4"]),  # nothing taken back
    ("kosum-ep-7a8b 지워줘. 아 kosum-ep-c3d4도 같이 지워줘. S3는 남기고", ["kosum-ep-7a8b", "kosum-ep-c3d4"]),
    (f"콘솔에 이렇게 떠 있네요\n{BLOCK}둘 다 삭제해줘요. 버킷은 그대로 놔두고.", LISTED),
    (f"here's the console\n{BLOCK}please delete both, keep the bucket", LISTED),
    (f"console:\n{BLOCK}delete all of these, keep s3", LISTED),
    (f"콘솔 목록\n{BLOCK}이 두 개 지워줘, S3는 남기고", LISTED),
])
def test_the_planned_ids(text: str, ids: list[str]) -> None:
    tool, args, _ = OfflineRouter().route(text)
    assert (tool, args) == ("teardown", {"ids": ids, "include_s3": False})


@pytest.mark.parametrize("text", [
    f"콘솔 목록\n{BLOCK}셋 다 지워줘, S3는 남기고",  # three, of a list of two: which is asked
    f"console:\n{BLOCK}delete the three of them, keep s3",
])
def test_a_count_not_the_lists_is_asked(text: str) -> None:
    tool, args, _ = OfflineRouter().route(text)
    assert tool is None and not args


@pytest.mark.parametrize("text", [
    f"콘솔 목록\n{BLOCK}위 두 개 포함해서 KoSum이 만든 거 전부 정리해줘, S3는 남기고",  # the list as part of everything
    f"콘솔 목록\n{BLOCK}1. 전부 정리\n2. S3 버킷도 같이 삭제\n\n둘 다 지금 진행해주세요.",  # "둘 다": the two plan items
])
def test_the_list_as_part_of_everything(text: str) -> None:
    tool, args, _ = OfflineRouter().route(text)
    assert tool == "teardown" and args["ids"] is None
