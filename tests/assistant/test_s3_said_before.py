"""What was done or said about S3 before ("저번에 버킷 남겨놨다가", "어제는 s3 지우지 말자고 했었는데") is not this
clean-up's S3 choice: the one said for now decides; a past mention alone is still read as before."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.korean import in_hangul
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text, s3", [
    ("이번엔 버킷까지 지워줘. 지난번엔 버킷 남겨뒀었거든", True),
    ("지난주엔 s3도 지우자고 했었는데 이번엔 s3는 남겨줘", False),
    ("어제는 버킷 지우지 말자고 했었는데 마음 바뀜 오늘은 버킷 포함 다 정리", True),
])
def test_an_earlier_s3_choice_is_not_this_one(text: str, s3: bool) -> None:
    assert arguments.include_s3(in_hangul(text)) is s3


def test_a_double_negative_with_a_past_reason_deletes_s3() -> None:
    assert OfflineRouter().route("이번엔 버킷도 안 지우면 안 돼요. 지난달에 s3 남겨놨다가 요금 폭탄 맞았음. 다 정리해줘") == (
        "teardown", {"ids": None, "include_s3": True}, None)


def test_what_was_said_before_with_its_reporting_verb_is_told_only() -> None:
    assert OfflineRouter().route("저번엔 s3 지우지 말자고 했었는데 생각 바뀜 이번엔 버킷까지 전부 삭제해줘") == (
        "teardown", {"ids": None, "include_s3": True}, None)
