"""The part of a message that asks for something now. A step named only to say when ("정리하기 전에 뭐 있는지부터
확인하자", "배포 전에 평가해줘", "before you clean up, show me what's there") is the next step, not the request: the
intent and the question are read from the rest. The arguments are still read from the whole message."""
from __future__ import annotations

import re

from assistant.korean import morphemes

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ACTIONS = {"정리", "삭제", "제거", "배포", "서빙", "학습", "훈련", "튜닝", "파인튜닝", "평가", "요약", "준비", "전처리", "시작",
           "중지", "중단", "종료", "재개", "업로드", "테스트"}  # the product's steps, as nouns ("배포 전에")
CLAUSE_ENDS = {"EC", "EF", "SF", "SP", "SE"}
BEFORE_EN = re.compile(r"\bbefore\s+(?!\d)[^,;.!?]*[,;]?\s*", re.IGNORECASE)


def request(text: str) -> str:
    """`text` without its "before <step>" clauses; the whole text when nothing else is left."""
    rest = _without_korean_before(text) if HANGUL.search(text) else BEFORE_EN.sub(" ", text)
    return rest.strip() if re.search(r"\w", rest) else text


def _without_korean_before(text: str) -> str:
    found = morphemes(text)
    cuts: list[tuple[int, int]] = []
    for index, morpheme in enumerate(found[1:-1], start=1):
        step = found[index - 1]
        if not (morpheme.form == "전" and morpheme.tag == "NNG" and found[index + 1].form == "에"):
            continue
        if not (step.tag == "ETN" or (step.tag == "NNG" and step.form in ACTIONS) or step.tag == "SL"):
            continue
        start = index - 1
        while start > 0 and found[start - 1].tag not in CLAUSE_ENDS:
            start -= 1
        cuts.append((found[start].start, found[index + 1].end))
    for start, end in reversed(cuts):
        text = text[:start] + " " + text[end:]
    return text
