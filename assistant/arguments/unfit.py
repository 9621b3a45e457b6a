"""Remarks that a model and a machine do not go together ("8b는 안 올라감", "2xlarge는 8B 올리기 빠듯해", "the 2xlarge
won't fit it", "too big for a 24GB card"), or that a choice is more than the need ("두 대는 예산 초과", "48xlarge is
overkill", "the 2xlarge was too slow"): said of an instance type, a count or a model preset, they give the reason for
the other choice, never the choice itself. One reader for both, so a way of saying it learnt for one holds for the other."""
from __future__ import annotations

import re

TOO_MUCH = re.compile(r"예산\s*(?:초과|넘|오버)|과하|과해|과함|오버\s*(?:스펙|킬)|너무\s*(?:비싸|비쌈|많|느리|느려|느림|느렸)|"
                      r"\b(?:overkill|over budget|overpriced|too (?:slow|expensive|pricey|costly|many|much))\b",
                      re.IGNORECASE)  # more than the need: "두 대는 예산 초과", "48xlarge is overkill", "2xlarge was too slow"
DOES_NOT_FIT = re.compile(r"빠듯|부족|모자라|모자람|무리|작아서|작다|작음|안\s*(?:올라|들어|돌아가|돌아감|맞)|"
                          r"못\s*(?:올리|올려|돌리|돌려|끝내|끝낸|끝나|맞추|맞춰)|\b(?:ooms?|not enough|too (?:small|tight)|doubt)\b|too (?:big|large)|"
                          r"\b(?:won'?t|doesn'?t|does not|will not|can'?t|cannot|not going to)\s+(?:fit|run|finish|make it)|" +
                          TOO_MUCH.pattern, re.IGNORECASE)  # "8B는 무리일 것 같고", "I doubt the 8B fits", "8B는 시간 안에 못 끝낸다"


def does_not_fit(clause: str) -> bool:
    """Whether the clause says what it names does not fit (too small a machine, too big a model)."""
    return bool(DOES_NOT_FIT.search(clause))


IF_AFTER = re.compile(r"(?:하|이|으)?\s*면(?![가-힣])")  # "부족하면", "안 돌아가면", "무리면", "많으면": only if it happens
IF_BEFORE = re.compile(r"\b(?:if|in case)\b", re.IGNORECASE)


def remarked(text: str, start: int, end: int, mentions: list[int], said_if: bool = True,
             words: re.Pattern = DOES_NOT_FIT, ahead: bool = True) -> set[int]:
    """Of the mentions (their offsets) in the clause text[start:end], the ones a does-not-fit remark there is about:
    the nearest before the remark ("8B는 메모리가 빠듯해서 smol로": the 8B, not the smol asked for), else the first
    after it ("I doubt the 8B fits"). With said_if False, a remark said as a condition ("X로 하고 부족하면 Y로",
    "if X doesn't fit") is about none: both choices stay open. Numbers are only said to be too much (`words`
    TOO_MUCH), and before the remark (`ahead` False): "너무 많아서 100개만" asks for the 100."""
    owners = set()
    for remark in words.finditer(text, start, end):
        if not said_if and (IF_AFTER.match(text, remark.end()) or IF_BEFORE.search(text, start, remark.start())):
            continue
        before = [at for at in mentions if at < remark.start()]
        after = [at for at in mentions if at >= remark.start()] if ahead else []
        if before or after:
            owners.add(max(before) if before else min(after))
    return owners
