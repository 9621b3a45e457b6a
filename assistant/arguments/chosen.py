"""Which of several values of one setting the message asks for now: memos and minutes name the steps or records of
other runs beside this one's ("파트너 쪽은 3,000 스텝 돌렸다고 하는데 … 오백 스텝만", "클라우드(3,000스텝 계획)는 내년",
"Start … for 1,200 steps" under "Phase 1 (300 steps) was completed"). A value said of what was done, or put off, is
not this run's, nor one only supposed ("128 토큰이면 너무 짧고"); else the one in the sentence said to the assistant. When neither leaves one value, none is read."""
from __future__ import annotations

import re

from assistant.arguments import earlier

SUPPOSED = re.compile(r"\s*(?:이면|면|이라면|라면)(?![가-힣])|\s+(?:would|might)\b", re.IGNORECASE)  # "128 토큰이면 너무 짧고":
# a value supposed, to weigh it
TOO_FEW = re.compile(r"[^,.;\n]{0,12}?(?:좀\s*적|너무\s*적|부족|모자라|\btoo\s+(?:few|small|little|noisy)\b|\bnot\s+enough\b)",
                     re.IGNORECASE)  # "300개는 좀 적다": said to be too few, not the one asked for
FINAL = re.compile(r"(?:최종|확정|\bfinal(?:ly)?\b)\s*(?:은|는|으로|:)?\s*$", re.IGNORECASE)
PUT_OFF = re.compile(r"내년|다음\s*(?:달|주|분기|해|번)|추후|나중|보류|연기|계획|예정|\b(?:postponed?|later|next\s+(?:year|"
                     r"month|quarter|week)|planned|deferred|in\s+(?:january|february|q[1-4]))\b", re.IGNORECASE)


def for_now(text: str, said: list[tuple[int, int, int]]) -> list[int]:
    """Of the values said (start, end, value), the ones of the run asked for now: all of them when they agree."""
    if len({value for _, _, value in said}) <= 1:
        return [value for _, _, value in said]
    final = [one for one in said if FINAL.search(text[max(0, one[0] - 12):one[0]])]  # "최종 500개로"
    if len({value for _, _, value in final}) == 1:
        return [value for _, _, value in final]
    left = [one for one in said if not earlier.done_clause(text, one[:2]) and not _put_off(text, one[0]) and not (
        SUPPOSED.match(text, one[1]) or TOO_FEW.match(text, one[1]))]
    if len({value for _, _, value in left}) == 1:
        return [value for _, _, value in left]
    addressed = [one for one in left or said if _addressed(text, one[0])]
    if len({value for _, _, value in addressed}) == 1:
        return [value for _, _, value in addressed]
    return [value for _, _, value in said]


def _put_off(text: str, at: int) -> bool:
    clause = next((c.group() for c in earlier.CLAUSE.finditer(text) if c.start() <= at < c.end()), "")
    return bool(PUT_OFF.search(clause))


def _addressed_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences said to the assistant are (sentences.py's kinds, over the sentences it reads)."""
    from assistant.arguments.sentences import QUOTED, SENTENCE, sentence_kinds

    blank = QUOTED.sub(lambda m: " " * len(m.group()), text)
    spans = [m.span() for m in SENTENCE.finditer(blank) if re.search(r"\w", m.group())]
    return [span for span, (kind, _) in zip(spans, sentence_kinds(text)) if kind == "addresses"]


def _addressed(text: str, at: int) -> bool:
    return any(start <= at < end for start, end in _addressed_spans(text))


def decided(text: str) -> str | None:
    """The last sentence said to the assistant that names an instance type or the default ("… 아낄 수 있는 건 아껴야죠.
    세이지메이커에 ml.g5.xlarge로 배포해 주세요."): after types weighed aloud, the one decided on; None when none does."""
    from assistant.arguments.earlier import DEFAULT_TYPE
    from assistant.arguments.names import INSTANCE, SIZE_ONLY
    from assistant.corrections import REVISING

    named = [(start, end) for start, end in _addressed_spans(text) if any(
        pattern.search(text, start, end) for pattern in (INSTANCE, SIZE_ONLY, DEFAULT_TYPE))]
    if not named or REVISING.search(text, named[-1][1]):  # "… g5.4xlarge로.. 아니 …": revised after it
        return None
    sentence = text[named[-1][0]:named[-1][1]]
    return sentence if DECIDES.search(sentence) and not HEDGED.search(sentence) else None


DECIDES = re.compile(r"줘|주세요|주시|부탁|하자|가자|바람|요망|할\s*것|\b(?:please|go with|use|deploy|launch|start|kick off|"
                     r"run|do it|proceed)\b", re.IGNORECASE)  # the sentence asks for it
HEDGED = re.compile(r"\?|같기도|것\s*같|같은데|모르|낫나|나을까|할까|\b(?:maybe|perhaps|not sure|or)\b|🤔", re.IGNORECASE)

