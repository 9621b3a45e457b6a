"""The part of a message that asks for something now; the intent and the question are read from it, the arguments
still from the whole message. What is not the request:
- a step named only to say when ("정리하기 전에 뭐 있는지부터 확인하자", "배포 전에 평가해줘", "before you clean up, show me
  what's there"): the next step;
- a step named to describe a thing ("방금 준비한 데이터로 학습해", "학습된 모델 배포", "중단했던 잡"): done already (a
  stopped one run again is resumed: `names_stopped`);
- a clause that only keeps or leaves out something before the request ("S3 데이터 남기고 정리", "S3는 지우지 말고 다
  정리해줘"): what the request spares, read by the argument parsers;
- a sentence that reports what happened, next to one that asks ("학습 멈춰 주세요 ㅠ 데이터 잘못 넣었어요"): the reason;
- a reason before the request ("디스크가 작아서", "비용이 많이 나오니까"); with any time ("금요일 발표 전에") and an
  English statement of a reason ("my laptop is too slow,") it is an aside, blanked (`without_asides`) before the place
  or the model is read, so a place named in a complaint ("로컬은 느려서 …") is not where the work goes.
The whole text is the request when nothing else is left. `stops` says whether the request's own verb stops or cancels
something ("halt the sagemaker job", "세이지메이커 학습 세워줘"): such a message never starts anything."""
from __future__ import annotations

import re

from assistant.arguments.scope import EXCEPT_KO, KEEP
from assistant.korean import Morpheme, morphemes
from assistant.questions import ASKING_ENDINGS

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ACTIONS = {"정리", "삭제", "제거", "배포", "서빙", "학습", "훈련", "튜닝", "파인튜닝", "평가", "요약", "준비", "전처리", "시작",
           "중지", "중단", "종료", "재개", "업로드", "테스트"}  # the product's steps, as nouns ("배포 전에")
STOPPING = {"중지", "중단", "종료", "취소", "정지", "멈추", "세우", "끄", "그만", "스탑", "스톱", "stop", "halt", "kill", "cancel",
            "abort", "terminate", "pause"}  # "중단했던 잡", "stop했던 job": a state that names the thing
DONE_STEPS = (ACTIONS - {"시작", "재개"}) | STOPPING  # "준비한 데이터", "중단된 학습": what the thing is, not the request
CLAUSE_ENDS = {"EC", "EF", "SF", "SP", "SE"}
SPARING_ENDS = {"고", "고서", "어서", "아서", "어", "아", "면서", "으면서"}  # "남기고 …": the clause goes on to the request
PAST = {"었", "았", "였"}
REASON_ENDS = {"니까", "으니까", "길래", "기에"}  # "비싸니까", "작길래" ("…할 건데" says what is coming: not a reason)
CAUSE_ENDS = {"어서", "아서", "여서", "라서", "이라서"}  # a reason after a state ("느려서", "해야 해서"), a step otherwise
BEFORE_EN = re.compile(r"\bbefore\s+(?!\d)[^,;.!?]*[,;]?\s*", re.IGNORECASE)
ASIDE_EN = re.compile(  # a clause that states a fact or a reason, not a request ("local GPU is too small for 8B,")
    r"(?:^|(?<=[,;.!?]))\s*(?!\s*(?:please|pls|plz|can|could|would|will)\b)(?:(?:because|since|cause|as)\b[^,;.!?]*|"
    r"[^,;.!?]*?\b(?:is|are|was|were|am|isn't|aren't|wasn't|it's|i'm|we're|they're)\s+(?:too|so|very|really|way|"
    r"kinda|pretty|quite|not|still|already|just)?\s*(?:small|slow|big|weak|tight|full|busy|broken|limited|offline|"
    r"expensive|pricey|cheap|short|low|down|burning|costing|running out)\b[^,;.!?]*)[,;.!?]", re.IGNORECASE)
STOPPED_EN = re.compile(r"\b(?:stopped|paused|interrupted|halted|killed|cancell?ed|aborted)\s+(?:\w+\s+)?(?:run|job|"
                        r"training|one)\b", re.IGNORECASE)
STOP_EN = re.compile(r"(?:^|[,;.!?]\s*|\b(?:please|pls|plz|just|now|you)\s+)(?:halt|stop|kill|cancel|abort|terminate|"
                     r"pause)\b(?!\s+(?:it\s+)?(?:from|being))", re.IGNORECASE)


def request(text: str) -> str:
    """`text` without what is not the request (the module docstring says what); the whole text when nothing is left."""
    rest = _korean_request(text) if HANGUL.search(text) else BEFORE_EN.sub(" ", text)
    return rest.strip() if re.search(r"\w", rest) else text


def without_asides(text: str) -> str:
    """`text` with its times and reasons blanked (same length, same offsets): what the place and the model are read
    from."""
    if HANGUL.search(text):
        found = morphemes(text)
        spans = _before_clauses(found, steps=False) + _reasons(found)
    else:
        spans = [match.span() for match in ASIDE_EN.finditer(text)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def stops(text: str) -> bool:
    """Whether the request's own verb stops or cancels something: not a modifier ("중단했던 잡"), not negated
    ("멈추지 말고"), not a question about stopping."""
    if not HANGUL.search(text):
        return bool(STOP_EN.search(text))
    found = morphemes(text)
    for index, morpheme in enumerate(found):
        if morpheme.form.lower() not in STOPPING or morpheme.tag not in {"VV", "NNG", "MAG", "SL"}:
            continue
        rest = found[index + 1:index + 4]
        if any(m.tag == "ETM" for m in rest[:3]) or any(m.form in {"말", "않"} and m.tag == "VX" for m in rest):
            continue
        if index and found[index - 1].tag == "MAG" and found[index - 1].form in {"안", "못"}:
            continue
        return True
    return False


def names_stopped(text: str) -> bool:
    """Whether the message names its object as one that was stopped ("중단된 거", "멈췄던 학습", "the paused run"): run
    again, that object is resumed."""
    if not HANGUL.search(text):
        return bool(STOPPED_EN.search(text))
    found = morphemes(text)
    return any(found[start].form.lower() in STOPPING for start, _ in _modifier_spans(found))


def _korean_request(text: str) -> str:
    found = morphemes(text)
    cuts = _before_clauses(found) + _reasons(found) + _modifiers(found) + _sparing_clauses(found)
    cuts += _reports(found, text)
    for start, end in reversed(_merged(cuts)):
        text = text[:start] + " " + text[end:]
    return text


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, overlapping ones joined ("금요일 데모 전에" inside the reason clause around it)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _clause_start(found: tuple[Morpheme, ...], index: int) -> int:
    """The index of the first morpheme of the clause found[index] is in (an auxiliary goes on with its verb: "지우지
    말고" is one predicate)."""
    while index > 0 and (found[index - 1].tag not in CLAUSE_ENDS or (
            found[index - 1].tag == "EC" and found[index].tag == "VX")):
        index -= 1
    return index


def _before_clauses(found: tuple[Morpheme, ...], steps: bool = True) -> list[tuple[int, int]]:
    """"정리하기 전에", "배포 전에": a step named as a time; with `steps` False any time ("금요일 데모 전에")."""
    cuts = []
    for index, morpheme in enumerate(found[1:-1], start=1):
        step = found[index - 1]
        if not (morpheme.form == "전" and morpheme.tag == "NNG" and found[index + 1].form == "에"):
            continue
        if not (step.tag in {"ETN", "SL"} or (step.tag in {"NNG", "NNP"} and (step.form in ACTIONS or not steps))):
            continue
        cuts.append((found[_clause_start(found, index - 1)].start, found[index + 1].end))
    return cuts


def _reasons(found: tuple[Morpheme, ...]) -> list[tuple[int, int]]:
    """"비싸니까", "너무 느려서 그런데", "한 번 돌려봐야 해서", "디스크가 안 남아서": a reason, when the request follows it."""
    cuts = []
    for index, morpheme in enumerate(found[1:-1], start=1):
        predicate = found[index - 1]
        cause = morpheme.form in CAUSE_ENDS and (predicate.tag in {"VA", "VCP", "VCN", "XSA"} or (
            predicate.form == "하" and predicate.tag == "VX") or (index > 1 and found[index - 2].form in {"안", "못"}))
        if morpheme.tag != "EC" or not (morpheme.form in REASON_ENDS or cause):
            continue
        start = _clause_start(found, index - 1)
        if any(m.form in {"주", "부탁"} for m in found[start:index]):
            continue
        end = index
        while end + 1 < len(found) and (found[end + 1].tag in {"SP", "MAJ"} or found[end + 1].form == "그런데"):
            end += 1  # "…느려서 그런데", "…해서,"
        cuts.append((found[start].start, found[end].end))
    return cuts


def _modifiers(found: tuple[Morpheme, ...]) -> list[tuple[int, int]]:
    """"준비한", "학습된", "배포했던", "중단했던", "멈춘", "stop했던": a step made a modifier of the next noun."""
    return [(found[start].start, found[last].end) for start, last in _modifier_spans(found)]


def _modifier_spans(found: tuple[Morpheme, ...]) -> list[tuple[int, int]]:
    """(first, last) morpheme indices of each step modifier."""
    cuts = []
    for index, morpheme in enumerate(found[:-2]):
        noun = morpheme.tag in {"NNG", "SL"} and found[index + 1].tag in {"XSV", "VV"} and (
            found[index + 1].form in {"하", "되"})
        if morpheme.form.lower() not in DONE_STEPS or not (noun or morpheme.tag == "VV"):
            continue
        last = index + (2 if noun else 1)
        while last < len(found) - 1 and found[last].tag == "EP":
            last += 1
        if found[last].tag == "ETM" and (found[last + 1].tag.startswith("N") or found[last + 1].tag == "SL"):
            cuts.append((index, last))
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
