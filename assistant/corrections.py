"""The words that take back what was just said ("아 아니다", "잠깐만요", "no wait", "actually", "hmm, no") and the
turns that may ("근데", "but", "hold on"), in one place: a correction after a mention takes the mention back
(assistant/arguments/scope.py, ids.py, earlier.py, values.py), and one after a request may take the request back
(assistant/no_request.py); they read the same words, each with its own reach."""
from __future__ import annotations

import re

TAKE_BACK_KO = r"아니다|아니야|아냐|아니|잠깐(?:만)?(?:요)?|잠시만(?:요)?"  # "아 아니다", "아니 잠깐", "잠깐만요", "잠시만요"
TAKE_BACK_EN = r"no wait|wait,?\s*no|actually|on second thought|i mean|or rather"
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
KEPT = re.compile(r"놔두|냅두|놔둬|남겨|남기|살려|그냥\s*두|두세요|둬|\b(?:keep|leave|spare)\b|(?<![가-힣])(?:그거|그건|그것|이거)\s*"
                  r"말고|\bnot that one\b", re.IGNORECASE)  # "아니 잠깐 그거 말고 Y야": not that one
WITHDRAWN = re.compile(r"(?:달라고|하라고|해\s*달라고)\s*(?:했던|한)\s*(?:거|것|건)\s*(?:은|는)?\s*(?:취소|없던\s*걸로|무효)")  # "아까
# X 지워 달라고 했던 거 취소요": the request for X called off


def kept_after_correction(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a correction and then keeping ("아니다, 그 학습은 놔두세요", "no wait, keep that
    one", "아니 잠깐 그거 말고"), or calls off the request for it ("… 지워 달라고 했던 거 취소요"): what was named before
    it is taken back."""
    if WITHDRAWN.search(text, start, end):
        return True
    correction = CORRECTION.search(text, start, end)
    kept = KEPT.search(text, correction.end(), end) if correction else None
    return kept is not None and not (STORAGE.search(text, start, correction.start()) or STORAGE.search(
        text, correction.end(), kept.start()))  # "X 지워주세요. 아 그리고 S3도.. 아니 아니다, S3는 그냥 둘게요": S3's correction


REVISING = re.compile(  # where a revision starts: what follows is the value meant now ("wait" only as an interjection)
    _ALONE_KO.format(TAKE_BACK_KO) + rf"|\b(?:{TAKE_BACK_EN})\b|\bwait\b(?=\s*[,.!—-])|정정|수정\s*[:：]|(?:^|(?<=[\s.,!?…~]))아\s*(?:다시|맞다)(?=[\s.,!?…~]|$)|\bscratch that\b|"
    r"(?:^|(?<=[\s.,!?]))(?:eh|nah|hmm+),", re.IGNORECASE)
STRUCK = re.compile(r"~~.+?~~", re.DOTALL)  # "~~300개~~ 500개": struck through, taken back


def revised(text: str) -> str | None:
    """The words after the last revision ("아 잠깐", "아니", "정정:", "scratch that", "Eh,") that follows some words,
    struck-through words blanked: where a value said again is read first ("… 300개만. 아냐 300개는 좀 적다, 500개");
    None when nothing is revised, or the revision is a question."""
    from assistant.questions import read

    text = STRUCK.sub(lambda m: " " * len(m.group()), text)
    last = None
    for match in REVISING.finditer(text):
        if re.search(r"\w", text[:match.start()]):
            last = match
    tail = text[last.end():] if last is not None and re.search(r"\w", text[last.end():]) else None
    return None if tail is None or ((question := read(tail)).asks and not question.requests) else tail  # "아니 p4d가
    # 낫나? 암튼 ㄱ": a second thought asked, not said


def asked_again(text: str) -> str | None:
    """The request after the last revision, when that part asks something of its own ("X 멈춰 줘. 아 아니다, 멈추기 전에
    … 일단 그 잡 상태만 보여 줘", "scratch that, … pull the full one from the hub: …"); None otherwise."""
    from assistant.arguments.sentences import sentence_kinds
    from assistant.clauses import request

    tail = revised(text)  # "Should we wait or resume …?": a question, no revision (revised)
    if tail is None or "addresses" not in {kind for kind, _ in sentence_kinds(tail)}:
        return None
    return request(tail)

