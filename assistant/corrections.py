"""The words that take back what was just said ("아 아니다", "잠깐만요", "no wait", "actually", "hmm, no") and the
turns that may ("근데", "but", "hold on"), in one place: a correction after a mention takes the mention back
(assistant/arguments/scope.py, ids.py, earlier.py, values.py), and one after a request may take the request back
(assistant/no_request.py); they read the same words, each with its own reach."""
from __future__ import annotations

import re

TAKE_BACK_KO = r"아니다|아니야|아냐|아니|잠깐(?:만)?(?:요)?|잠시만(?:요)?"  # "아 아니다", "아니 잠깐", "잠깐만요", "잠시만요"
TAKE_BACK_EN = r"no wait|wait no|actually|on second thought|i mean|or rather"
HESITANT_NO = r"(?:h?mm+|um+|uh+|[—–])\s*,?\s*no"  # "X — hmm, no, the default …"
TURN_KO = r"근데|그런데|그치만|하지만|아차|헐"  # a turn, which may or may not take back
TURN_EN = r"but|wait|hmm+|hold on|though"
INTENDED_KO = r"(?<=[가-힣])(?:으)?려(?:고)?\s*(?:했|하였)(?:었)?(?:는데|지만|으나)"  # "요청드리려 했는데요, …": what was
# meant to be asked, then something else is said of it (a turn)

CORRECTION = re.compile(  # a correction after a mention: the mention is taken back
    rf"(?:^|\s)(?:아\s*)?(?:{TAKE_BACK_KO}|{TAKE_BACK_EN}|{HESITANT_NO})(?:[\s,.!]|$)", re.IGNORECASE)
_ALONE_KO = r"(?:^|(?<=[\s.,!?…~]))(?:아\s*)?(?:{})(?=[\s.,!?…~]|$)"
CORRECTING = re.compile(  # a correction after a request: what comes after it is what the user wants now
    _ALONE_KO.format(TAKE_BACK_KO) + rf"|\b(?:{TAKE_BACK_EN}|wait)\b", re.IGNORECASE)
TURN = re.compile(_ALONE_KO.format(f"{TURN_KO}|{TAKE_BACK_KO}") + rf"|{INTENDED_KO}|\b(?:{TURN_EN}|{TAKE_BACK_EN})\b",
                  re.IGNORECASE)
STORAGE = re.compile(r"s3|에스\s*쓰리|버킷|bucket|스토리지|storage|아티팩트|artifact", re.IGNORECASE)  # named between
KEPT = re.compile(r"놔두|냅두|놔둬|남겨|남기|살려|그냥\s*두|두세요|둬|\b(?:keep|leave|spare)\b", re.IGNORECASE)


def kept_after_correction(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a correction and then keeping ("아니다, 그 학습은 놔두세요", "no wait, keep that
    one"): what was named before it is taken back."""
    correction = CORRECTION.search(text, start, end)
    kept = KEPT.search(text, correction.end(), end) if correction else None
    return kept is not None and not (STORAGE.search(text, start, correction.start()) or STORAGE.search(
        text, correction.end(), kept.start()))  # "X 지워주세요. 아 그리고 S3도.. 아니 아니다, S3는 그냥 둘게요": S3's correction
