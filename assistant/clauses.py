"""The part of a message that asks for something now; the intent and the question are read from it, the arguments
still from the whole message. What is not the request:
- a step named only to say when ("정리하기 전에 뭐 있는지부터 확인하자", "배포 전에 평가해줘", "before you clean up, show me
  what's there"): the next step;
- a step named to describe a thing ("방금 준비한 데이터로 학습해", "학습된 모델 배포"): done already;
- a clause that only keeps or leaves out something before the request ("S3 데이터 남기고 정리", "S3는 지우지 말고 다
  정리해줘"): what the request spares, read by the argument parsers;
- a sentence that reports what happened, next to one that asks ("학습 멈춰 주세요 ㅠ 데이터 잘못 넣었어요"): the reason.
The whole text is the request when nothing else is left."""
from __future__ import annotations

import re

from assistant.arguments.scope import EXCEPT_KO, KEEP
from assistant.korean import Morpheme, morphemes
from assistant.questions import ASKING_ENDINGS

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ACTIONS = {"정리", "삭제", "제거", "배포", "서빙", "학습", "훈련", "튜닝", "파인튜닝", "평가", "요약", "준비", "전처리", "시작",
           "중지", "중단", "종료", "재개", "업로드", "테스트"}  # the product's steps, as nouns ("배포 전에")
DONE_STEPS = ACTIONS - {"시작", "중지", "중단", "종료", "재개", "업로드"}  # "준비한 데이터": done; "중단된 학습" is a state
CLAUSE_ENDS = {"EC", "EF", "SF", "SP", "SE"}
SPARING_ENDS = {"고", "고서", "어서", "아서", "어", "아", "면서", "으면서"}  # "남기고 …": the clause goes on to the request
PAST = {"었", "았", "였"}
BEFORE_EN = re.compile(r"\bbefore\s+(?!\d)[^,;.!?]*[,;]?\s*", re.IGNORECASE)


def request(text: str) -> str:
    """`text` without what is not the request (the module docstring says what); the whole text when nothing is left."""
    rest = _korean_request(text) if HANGUL.search(text) else BEFORE_EN.sub(" ", text)
    return rest.strip() if re.search(r"\w", rest) else text


def _korean_request(text: str) -> str:
    found = morphemes(text)
    cuts = _before_clauses(found) + _modifiers(found) + _sparing_clauses(found) + _reports(found, text)
    for start, end in sorted(set(cuts), reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _clause_start(found: tuple[Morpheme, ...], index: int) -> int:
    """The index of the first morpheme of the clause found[index] is in (an auxiliary goes on with its verb: "지우지
    말고" is one predicate)."""
    while index > 0 and (found[index - 1].tag not in CLAUSE_ENDS or (
            found[index - 1].tag == "EC" and found[index].tag == "VX")):
        index -= 1
    return index


def _before_clauses(found: tuple[Morpheme, ...]) -> list[tuple[int, int]]:
    """"정리하기 전에", "배포 전에": a step named as a time."""
    cuts = []
    for index, morpheme in enumerate(found[1:-1], start=1):
        step = found[index - 1]
        if not (morpheme.form == "전" and morpheme.tag == "NNG" and found[index + 1].form == "에"):
            continue
        if not (step.tag == "ETN" or (step.tag == "NNG" and step.form in ACTIONS) or step.tag == "SL"):
            continue
        cuts.append((found[_clause_start(found, index - 1)].start, found[index + 1].end))
    return cuts


def _modifiers(found: tuple[Morpheme, ...]) -> list[tuple[int, int]]:
    """"준비한", "학습된", "배포했던": a step noun made a modifier of the next noun."""
    cuts = []
    for index, morpheme in enumerate(found[:-2]):
        if morpheme.tag != "NNG" or morpheme.form not in DONE_STEPS or found[index + 1].tag not in {"XSV", "VV"} or (
                found[index + 1].form not in {"하", "되"}):
            continue
        last = index + 2
        while last < len(found) - 1 and found[last].tag == "EP":
            last += 1
        if found[last].tag == "ETM" and found[last + 1].tag.startswith("N"):
            cuts.append((morpheme.start, found[last].end))
    return cuts


def _sparing_clauses(found: tuple[Morpheme, ...]) -> list[tuple[int, int]]:
    """A clause that only keeps, leaves out or does not do something, before the request: "S3 데이터 남기고",
    "S3 말고", "S3는 지우지 말고", "안 지우고"."""
    cuts = []
    for index, morpheme in enumerate(found[1:-1], start=1):
        if morpheme.tag != "EC" or morpheme.form not in SPARING_ENDS or found[index + 1].tag == "VX":
            continue
        start = _clause_start(found, index - 1)
        clause = found[start:index]
        predicate = clause[-1]
        negated = predicate.tag == "VX" and predicate.form in {"말", "않"} or any(
            m.tag == "MAG" and m.form in {"안", "못"} for m in clause)
        if negated or predicate.form in KEEP or predicate.form in EXCEPT_KO or predicate.form == "말":
            cuts.append((clause[0].start, morpheme.end))
    return cuts


def _reports(found: tuple[Morpheme, ...], text: str) -> list[tuple[int, int]]:
    """Sentences that say what happened ("데이터 잘못 넣었어요"), when another sentence is left."""
    sentences, first = [], 0
    for index, morpheme in enumerate(found):
        ends = morpheme.tag in {"SF", "SE"} or (morpheme.tag == "EF" and not (
            index + 1 < len(found) and found[index + 1].tag in {"SF", "SE"}))
        if ends or index == len(found) - 1:
            sentences.append(found[first:index + 1])
            first = index + 1
    reports = [(s[0].start, s[-1].end) for s in sentences if _reports_only(s, text)]
    return reports if len(reports) < len(sentences) else []


def _reports_only(sentence: tuple[Morpheme, ...], text: str) -> bool:
    finals = [m for m in sentence if m.tag == "EF"]
    return bool(finals) and any(m.tag == "EP" and m.form in PAST for m in sentence) and (
        finals[-1].form not in ASKING_ENDINGS) and "?" not in text[sentence[0].start:sentence[-1].end] and not any(
        m.form in {"주", "부탁"} for m in sentence)
