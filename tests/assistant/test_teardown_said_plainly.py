"""Clean-ups said plainly that set T found read wrong, each in other words: an English sentence ending before Korean
("…the S3 bucket. 비용 리포트는 …") ends at its period, so the Korean report after it neither keeps S3 nor makes the
request a report; "nuke it all" asks for a clean-up in Korean text too; keeping "the other endpoints" beside a named
id is what removing only that id does; "X can go" asks for X's removal, and a reason after it changes nothing."""
from __future__ import annotations

import pytest

from assistant.korean import morphemes
from assistant.router import OfflineRouter

CASES = [
    # 1. an English sentence before Korean ends at its period
    ("demo 끝났어 — wipe everything, including the bucket. 정산은 이미 해놨어요", None, True),
    ("프로젝트 종료됐음. purge it all, S3 too. 보고서는 벌써 만들어놨고요", None, True),
    ("다 nuke 해줘, S3 버킷도 포함", None, True),
    ("nuke everything except the bucket. 영수증은 따로 챙겨놨어요", None, False),
    # 2. the others of a kind kept beside a named id
    ("kosum-ep-7c1d 이거 delete please. 다른 endpoint는 남겨두고, 버킷도 그대로 keep.", ["kosum-ep-7c1d"], False),
    ("kosum-ep-7c1d만 지워 주세요. 나머지 엔드포인트는 살려 두고 S3도 놔둬요", ["kosum-ep-7c1d"], False),
    ("Remove kosum-ep-7c1d, keep the other endpoints and leave S3 alone.", ["kosum-ep-7c1d"], False),
    # 3. "X can go", with a reason after it
    ("All the KoSum stuff can go except the bucket. Audit needs the weights for a year.", None, False),
    ("Everything we spun up can go, the bucket too. The project is over.", None, True),
    ("Everything can go now except S3. Compliance asked us to keep the models.", None, False),
]


@pytest.mark.parametrize("text, ids, s3", CASES)
def test_teardown_said_plainly(router: OfflineRouter, text: str, ids: list[str] | None, s3: bool) -> None:
    assert router.route(text) == ("teardown", {"ids": ids, "include_s3": s3}, None)


def test_latin_word_before_hangul_is_one_morpheme_and_its_period_another() -> None:
    found = [(m.form, m.tag) for m in morphemes("the bucket. 비용은 please, 그리고 incl. 버킷")]
    assert ("bucket", "SL") in found and (".", "SF") in found and ("please", "SL") in found
    assert ("incl.", "SL") in found  # an abbreviation's period ends no sentence


def test_an_id_named_with_its_kind_kept_is_asked() -> None:
    chosen, _, _ = OfflineRouter().route("kosum-ep-7c1d 지워 주세요. 엔드포인트는 남겨 두고요")
    assert chosen is None
