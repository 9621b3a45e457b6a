"""A keep that is negated is a deletion: "S3 데이터고 하나도 남기지 말고 전부 지워", "…S3 버킷이랑 학습 데이터까지 하나도
남기지 말고." plan S3's deletion; "A(이)고 B(이)고 하나도/전부" is a list whose items share the quantifier's verb, but a
clause of its own ("S3는 백업용이고 엔드포인트만 지워") still does not hand its noun to the next verb."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


@pytest.mark.parametrize("text, s3", [
    ("코썸이 만든 건 모델이고 S3 데이터고 하나도 남기지 말고 전부 지워 주세요.", True),
    ("KoSum이 만든 거 전부 정리해줘요, S3 버킷이랑 학습 데이터까지 하나도 남기지 말고.", True),
    ("엔드포인트고 S3 버킷이고 전부 지워줘", True),
    ("다 정리해줘, S3는 남기지 말고.", True),
    ("다 정리해줘, S3는 남기고.", False),
])
def test_the_s3_scope(text: str, s3: bool) -> None:
    tool, args, _ = OfflineRouter().route(text)
    assert (tool, args) == ("teardown", {"ids": None, "include_s3": s3})


@pytest.mark.parametrize("text", ["S3는 백업용이고 엔드포인트만 지워", "엔드포인트고 S3 버킷이고 전부 남겨줘"])
def test_no_deletion_of_s3_read(text: str) -> None:
    tool, args, _ = OfflineRouter().route(text)
    assert not (tool == "teardown" and args.get("include_s3"))
