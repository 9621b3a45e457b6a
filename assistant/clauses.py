"""The part of a message that asks for something now; the intent and the question are read from it, the arguments
still from the whole message. What is not the request:
- a step named only to say when ("정리하기 전에 뭐 있는지부터 확인하자", "배포 전에 평가해줘", "before you clean up, show me
  what's there"): the next step;
- a step named to describe a thing ("방금 준비한 데이터로 학습해", "학습된 모델 배포", "중단했던 잡"): done already (a
  stopped one run again is resumed: `names_stopped`);
- a clause that only keeps or leaves out something before the request ("S3 데이터 남기고 정리", "S3는 지우지 말고 다 정리해줘",
  but not the step named before "A 말고 B": "세이지메이커 학습 p3 말고 p4d로"): what the request spares, read by the arguments;
- a sentence that reports what happened, next to one that asks ("학습 멈춰 주세요 ㅠ 데이터 잘못 넣었어요"): the reason;
- a reason before the request ("디스크가 작아서", "비용이 많이 나오니까"); with any time ("금요일 발표 전에") and an
  English statement of a reason ("my laptop is too slow,") it is an aside, blanked (`without_asides`) before the place
  or the model is read, so a place named in a complaint ("로컬은 느려서 …") is not where the work goes.
The whole text is the request when nothing else is left. `stops` says whether the request's own verb stops or cancels
something ("halt the sagemaker job", "세이지메이커 학습 세워줘"): such a message never starts anything."""
from __future__ import annotations

import re
from typing import Sequence

from assistant.arguments.scope import EXCEPT_KO, KEEP, negates_next
from assistant import courtesy, formal, later, permissions, wrappers
from assistant.relayed import RELAYED_KO, beside_own, relays_request
from assistant.korean import QUOTATIVE, Morpheme, morphemes
from assistant.questions import ASKING_ENDINGS, INTERROGATIVES, WHEN

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ACTIONS = {"정리", "삭제", "제거", "배포", "서빙", "학습", "훈련", "튜닝", "파인튜닝", "평가", "요약", "준비", "전처리", "시작",
           "중지", "중단", "종료", "재개", "업로드", "테스트"}  # the product's steps, as nouns ("배포 전에")
STOPPING = {"중지", "중단", "종료", "취소", "정지", "멈추", "세우", "끄", "그만", "스탑", "스톱", "접", "stop", "halt", "kill",
            "cancel", "abort", "terminate", "pause"}  # 접다: to give up on ("그 잡 접자")
TYPED_STOPS = ("멈추", "멈춰", "멈춤", "세워", "중지", "중단", "정지", "스톱", "스탑")  # matched with one vowel mistyped ("멈처줘")
VOWEL_GROUP = {vowel: group for group, vowels in enumerate(((0, 2, 9), (1, 3, 5, 7, 10, 11, 15),
                                                            (4, 6, 8, 12, 13, 14, 17, 18), (16, 19, 20)))
               for vowel in vowels}  # vowels mistyped for one another (ㅓ/ㅕ/ㅝ/ㅜ, ㅐ/ㅔ, ㅏ/ㅑ/ㅘ, ㅣ/ㅟ/ㅢ), by jamo index
GIVEN = {"으니", "니", "으니까", "니까"}  # "종료됐으니 …": what happened, given as the reason for what is asked
CONDITIONS = {"면", "으면", "려면", "으려면", "다면", "거든"}  # "멈추면 …": a condition, not the request  # "중단했던 잡", "stop했던 job": a state that names the thing
DONE_STEPS = (ACTIONS - {"시작", "재개"}) | STOPPING  # "준비한 데이터", "중단된 학습": what the thing is, not the request
JAMO = re.compile(r"[ㄱ-ㅎ]{2,}")  # "ㄱㄱ" (go go), "ㅇㅋ" (ok): shorthand that ends what is said
SYMBOLS = {"SF", "SE", "SP", "SS", "SO", "SW", "W_EMOJI", "SH"}
CLAUSE_ENDS = {"EC", "EF", "SF", "SP", "SE"}
SPARING_ENDS = {"고", "고서", "어서", "아서", "어", "아", "면서", "으면서"}  # "남기고 …": the clause goes on to the request
PAST = {"었", "았", "였", "었었", "았었", "였었"}  # "돌렸었는데": the past perfect too
GUESSES = {"듯", "듯이"}  # "…충분할 듯": a guess, said as a noun at the sentence's end
KNOWING, TELLS = {"알", "이해", "인지", "감안"}, ("말씀", "드리")  # "비용 나오는 거 알아요", "말씀드려요" (not "감사드려요"): known, told
SEEN, REASON_FINALS = {"더라", "더라고", "더라구", "더라고요", "더라구요", "더군", "더군요"}, {  # "…7달러 넘더라": found, told
    "어서요", "아서요", "여서요", "라서요", "니까요", "으니까요", "거든요", "거든", "길래요"}  # "…해서요."
BACKGROUND_ENDS = {"는데", "ᆫ데", "은데", "고", "으면", "면", "으니", "니", "는데요", "ᆫ데요", "던데", "다던데"}  # after a past tense: background
REASON_ENDS = {"니까", "으니까", "길래", "기에"}  # "비싸니까", "작길래" ("…할 건데" says what is coming: not a reason)
CAUSE_ENDS = {"어서", "아서", "여서", "라서", "이라서"}  # a reason after a state ("느려서", "해야 해서"), a step otherwise
BEFORE_EN = re.compile(r"\b(?:before|prior\s+to|ahead\s+of)\s+(?!\d)[^,;.!?:\n]*[,;:]?[ \t]*|"  # to the clause's end or line's; a purpose
                       r"\bso(?:\s+that)?\s+(?:the\s+|our\s+|my\s+)?\w+\s+(?:can|could|will|may)\s+[^,;.!?:\n]*",
                       re.IGNORECASE)  # ("… ready so the engineers can train on them next week"): what others do after
RULED_OUT_EN = re.compile(  # a clause that names what is not done now ("before we spend anything on AWS", "instead of
    # paying for SageMaker"): a place named there is ruled out, not where the work goes
    r"\b(?:before|instead\s+of|rather\s+than)\s+(?!\d)(?:(?![,;!?:\n]|\.(?:\s|$)).)*", re.IGNORECASE)
STOPPED_EN = re.compile(r"\b(?:stopped|paused|interrupted|halted|killed|cancell?ed|aborted)\s+(?:\w+\s+)?(?:run|job|"
                        r"training|one)\b", re.IGNORECASE)
STOP_EN = re.compile(r"(?:^|[,;.!?]\s*|\b(?:please|pls|plz|just|now|you)\s+)(?:halt|stop|kill|cancel|abort|terminate|"
                     r"pause)\b(?!\s+(?:it\s+)?(?:from|being))", re.IGNORECASE)


def request(text: str) -> str:
    """`text` without what is not the request (the module docstring says what); the whole text when nothing is left."""
    rest = _korean_request(formal.plain_requests(text)) if HANGUL.search(text) else BEFORE_EN.sub(" ", wrappers.plain(wrappers.LEAD_IN_EN.sub(" ", text)))
    rest = rest if HANGUL.search(text) else wrappers.without_fact_before(rest)  # "that one's broken anyway, just delete …"
    return rest.strip() if re.search(r"\w", rest) else text


SPECIFIES = re.compile(r"(?:preset|프리셋|max[\s_-]*steps?|스텝|steps?|인스턴스|instance(?:[\s_-]*type)?|개수|대수)\s*(?:은|는|:|=)",
                       re.IGNORECASE)


def without_asides(text: str) -> str:
    """`text` with its times, reasons and what it rules out ("before we spend anything on AWS", "AWS에 올리기 전에")
    blanked (same length, same offsets): what the place and the model are read from."""
    if HANGUL.search(text):
        found = morphemes(text)
        reports = [(start, end) for start, end in _reports(found, text, past=False)
                   if not SPECIFIES.search(text, start, end)]  # "preset은 smol, … 오십 스텝이면 충분합니다": a setting given
        spans = _before_clauses(found, steps=False) + _reasons(found) + reports + later.spans(text) + [
            span for span in background(text) if not RELAYED_KO.search(text, *span)]  # "smol로 하라고 하셨고": asked
    else:  # … and what was done before ("로컬 TGI로 p95 지연이 1.8초 나왔는데 …", "i trained on g5.12xlarge, …")
        spans = [match.span() for pattern in (wrappers.LEAD_IN_EN, wrappers.FACT_EN, RULED_OUT_EN) for match in pattern.finditer(text)]
        spans += later.spans(text) + background(text)
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def without_reports(text: str) -> str:
    """`text` with its reasons and the sentences that report what happened blanked (same length, same offsets): "어제
    엔드포인트를 안 내려서 돈이 나갔어요. 전부 정리해 주세요" does not ask to keep the endpoint."""
    if not HANGUL.search(text):
        return text
    found = morphemes(text)
    for start, end in _reasons(found) + _reports(found, text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _describes(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether the verb at `index` goes on, through its auxiliaries, to describe a noun ("멈춰 뒀던 local run", "stop
    해버린 train-…"): the run that was stopped, not a stop asked for."""
    for morpheme in found[index + 1:index + 7]:
        if morpheme.tag == "ETM":
            return True
        if morpheme.tag not in {"EC", "VX", "EP", "XSV"} and not (morpheme.form == "하" and morpheme.tag == "VV"):
            return False
    return False


def stops(text: str) -> bool:
    """Whether the request's own verb stops or cancels something: not a modifier ("중단했던 잡"), not negated
    ("멈추지 말고"), not a question about stopping."""
    if not HANGUL.search(text):
        return bool(STOP_EN.search(text))
    found = morphemes(text)
    for index, morpheme in enumerate(found):
        if morpheme.form.lower() not in STOPPING or morpheme.tag.removesuffix("-R") not in {"VV", "NNG", "MAG", "SL"}:
            continue
        rest = found[index + 1:index + 4]
        if any(m.tag == "ETM" for m in rest[:3]) or _describes(found, index) or any(
                m.form in {"말", "않"} and m.tag == "VX" for m in rest) or (
                _either_not(found, index)):
            continue
        if any(m.tag == "EC" and m.form in CONDITIONS for m in rest[:3]):
            continue  # "학습 멈추면 체크포인트 남아?": what would happen
        if morpheme.tag in {"NNG", "SL"} and rest and (rest[0].tag.startswith("N") or rest[0].form in AFTER_END):
            continue  # "중단 지점부터 이어서": a noun describing the next one; "종료 즉시 보고": when, not the verb
        if rest and rest[0].tag == "ETN" and not (len(rest) > 1 and rest[1].form in {"요망", "바람", "부탁"}):
            continue  # "3,150스텝에서 멈춤 (목표 …)": a memo's report of what happened, said as a noun
        if index and found[index - 1].tag == "MAG" and found[index - 1].form in {"안", "못"}:
            continue
        if rest and rest[0].tag.startswith("VV") and rest[0].form in WATCHING:
            continue  # "그만 보고 알려줘": the watching stops, no job
        if _ends_the_watching(found, index):
            continue
        return True
    return _typed_stop(text)


WATCHING = {"보", "지켜보", "기다리", "확인"}  # what following a job does
AFTER_END = {"즉시", "후", "시", "뒤", "이후", "직후", "때", "까지", "되", "되면"}  # "종료 즉시", "종료 후": once it ends


def _ends_the_watching(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether the stop found[index] follows a condition after a watching verb ("끝날때까지 지켜봐죠 한시간 넘으면
    그만"): the time the watching lasts, no job stopped."""
    condition = any(m.tag == "EC" and m.form in CONDITIONS for m in found[max(0, index - 2):index])
    return condition and any(m.tag.startswith("VV") and m.form in WATCHING for m in found[:index])


def _either_not(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether the verb found[index] is one of "-거나 하지 말/않" ("멈추거나 하지는 말고요", "stop하거나 지우지 마"): none of
    them is to be done."""
    rest = [m for m in found[index + 1:index + 7] if m.tag not in {"JX", "SP"}]
    if not rest or rest[0].tag != "EC" or rest[0].form not in {"거나", "든지", "든가"}:
        return False
    for morpheme in rest[1:]:
        if morpheme.tag == "VX" and morpheme.form in {"말", "않"}:
            return True
        if morpheme.tag in {"EF", "SF", "SE"}:
            return False
    return False


def _typed_stop(text: str) -> bool:
    """A stop word with one vowel mistyped, as people type on a phone ("멈처줘", "세와 주세요"), not negated: Kiwi reads such a
    word as an unknown noun, so it is matched letter by letter (initial and final consonants exact)."""
    for match in re.finditer(r"[\uac00-\ud7a3]+", text):
        word = match.group()
        if word.startswith(TYPED_STOPS):
            continue  # spelled right: the analysis above read it
        for stem in TYPED_STOPS:
            if len(word) < len(stem):
                continue
            pairs = [(_letters(a), _letters(b)) for a, b in zip(word, stem)]
            if all(a[0] == b[0] and a[2] == b[2] and VOWEL_GROUP[a[1]] == VOWEL_GROUP[b[1]] for a, b in pairs) and (
                    sum(a[1] != b[1] for a, b in pairs) == 1 and pairs[0][0] == pairs[0][1]):
                after = text[match.end() - len(word) + len(stem):match.end() + 6]
                before = text[max(0, match.start() - 3):match.start()]
                if not re.match(r"\S*지\s*(?:말|마|않)", after) and not re.search(r"(?:안|못)\s*$", before):
                    return True
    return False


def _letters(syllable: str) -> tuple[int, int, int]:
    """(initial, vowel, final) of a Hangul syllable."""
    code = ord(syllable) - 0xAC00
    return code // 588, code % 588 // 28, code % 28


def names_stopped(text: str) -> bool:
    """Whether the message names its object as one that was stopped ("중단된 거", "멈췄던 학습", "the paused run"): run
    again, that object is resumed."""
    if not HANGUL.search(text):
        return bool(STOPPED_EN.search(text))
    found = morphemes(text)
    return any(found[start].form.lower() in STOPPING for start, _ in _modifier_spans(found))


def background(text: str) -> list[tuple[int, int]]:
    """Clauses that report or presuppose a step already done, before the request: "학습은 g5.12xlarge로 했는데",
    "학습 끝났으면", "데이터는 어제 준비했고", "I trained on g5.12xlarge, …": a past tense before -는데/-고/-으면 (not the wish
    "-었으면 좋겠어"). Neither the intent nor the costly arguments (instance, count, place, model) come from them."""
    if not HANGUL.search(text):
        return [m.span() for m in BACKGROUND_EN.finditer(text) if m.end() < len(text.rstrip())]
    found = morphemes(text)
    spans = []
    for index, morpheme in enumerate(found[1:-1], start=1):
        if morpheme.tag != "EC" or morpheme.form not in BACKGROUND_ENDS or found[index - 1].tag != "EP" or (
                found[index - 1].form not in PAST):
            continue
        following = found[index + 1]
        if following.tag == "VX" or following.form in {"좋", "하", "싶", "되"}:
            continue  # "지웠으면 좋겠어", "끝냈으면 해": a wish, the request itself
        start = _clause_start(found, index - 1)
        spans.append((found[start].start, morpheme.end))
    for index, morpheme in enumerate(found[:-2]):  # "어제 g5.12xlarge로 학습 돌린 모델 있잖아요, 그거 배포해 주세요": what both
        if morpheme.tag == "EF" and morpheme.form in {"잖아", "잖아요"} and found[index + 1].tag == "SP":  # know
            spans.append((found[_clause_start(found, index)].start, morpheme.end))
    return spans


CLAUSE_EN = r"(?:(?![,;!?]|\.(?:\s|$)).)*?"  # words up to a clause's end; the dots inside "g5.12xlarge" do not end it
BACKGROUND_EN = re.compile(  # "i trained on g5.12xlarge, …", "training ran on g5.12xlarge but …"
    rf"(?:^|(?<=[,;!?])|(?<=\.\s))\s*{CLAUSE_EN}\b(?:trained|ran|used|tried|finished|deployed|prepared|evaluated|fine-tuned)\b"
    rf"{CLAUSE_EN}(?:[,;!?]|\.(?=\s|$)|\s(?=but\b|and\b|so\b))", re.IGNORECASE)


def _korean_request(text: str) -> str:
    text = RELAYED_QUESTION.sub(lambda m: " " * len(m.group()), text)  # "…되냐는 질문이 있었는데요,": an audience's question
    found = morphemes(text)
    cuts = _before_clauses(found) + _reasons(found) + _modifiers(found) + _sparing_clauses(found)
    cuts += _reports(found, text) + background(text) + _permissions(found, text) + beside_own(_sentences(found), ACTIONS)
    for start, end in reversed(_merged(cuts)):
        text = text[:start] + " " + text[end:]
    if cuts and (left := morphemes(text)):  # "조교님께서 … 하라고 하셨는데, 프리셋은 따로 말씀이 없으셨어요.": with the relayed
        for start, end in reversed(_reports(left, text)):  # background gone, what is left of its sentence is a report
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
    말고" is one predicate; so does a reporting verb with what it reports: "말자고 했었는데")."""
    while index > 0 and (found[index - 1].tag not in CLAUSE_ENDS or (
            found[index - 1].tag == "EC" and found[index].tag == "VX") or (
            found[index - 1].form in QUOTATIVE and found[index].form == "하")) and not (
            found[index - 1].tag == "SW" and JAMO.fullmatch(found[index - 1].form)):  # "학습 ㄱㄱ 예전엔 …했는데"
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
        start = _clause_start(found, index - 1)
        cause = morpheme.form in CAUSE_ENDS and (predicate.tag in {"VA", "VCP", "VCN", "XSA"} or (
            predicate.form == "하" and predicate.tag == "VX") or (index > 1 and found[index - 2].form in {"안", "못"}) or (
            relays_request(found[start:index]))) or (morpheme.form == "라" and predicate.tag == "VCP" and index > 1 and (
            found[index - 2].tag in {"NNB", "SN", "SW", "NR"}))  # "… 하라고 하셔서,": an instruction; "2,200건이라": a count
        if morpheme.tag != "EC" or not (morpheme.form in REASON_ENDS or cause):
            continue
        if any(m.form == "주" or m.form.startswith("부탁") for m in found[start:index]):  # "부탁해요" read as a noun
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
        if found[last].tag == "ETM" and (found[last + 1].tag.startswith("N") or found[last + 1].tag == "SL") and (
                found[last + 1].form not in WHEN):  # "요약할 때 …?": when the step is done, a question about it
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
        predicate = (clause := found[start:index])[-1]
        negated = predicate.tag == "VX" and predicate.form in {"말", "않"} or any(
            negates_next(clause, at) for at in range(len(clause)))  # not "과금 안 되게 teardown 해": 안 before an adverb
        steps = [at for at, m in enumerate(clause[:-2]) if m.form in ACTIONS and clause[at + 1].tag in {"SL", "SN"}]
        kept = predicate.form in KEEP and not (predicate.tag == "VX" and len(clause) > 2 and clause[-3].tag.startswith("VV")
                                                and clause[-3].form not in KEEP)  # "학습 걸어 놓고": set up and left
        if negated or kept or predicate.form in EXCEPT_KO or predicate.form == "말":
            cuts.append((clause[steps[-1] + 1 if steps and predicate.form == "말" else 0].start, morpheme.end))
    return cuts


def _sentences(found: tuple[Morpheme, ...]) -> list[tuple[Morpheme, ...]]:
    sentences, first = [], 0
    for index, morpheme in enumerate(found):
        ends = morpheme.tag in {"SF", "SE"} or (morpheme.tag == "EF" and not (
            index + 1 < len(found) and found[index + 1].tag in {"SF", "SE"}))
        if ends or index == len(found) - 1:
            if any(m.tag not in SYMBOLS for m in found[first:index + 1]):  # "ㅋㅋ" alone is no sentence
                sentences.append(found[first:index + 1])
            first = index + 1
    return sentences


def _reports(found: tuple[Morpheme, ...], text: str, past: bool = True) -> list[tuple[int, int]]:
    """Sentences that say what happened ("데이터 잘못 넣었어요"), when another sentence is left."""
    sentences = _sentences(found)
    reports = [(s[0].start, s[-1].end) for s in sentences if reports_only(s, text, past)]
    return reports if len(reports) < len(sentences) else []


def _permissions(found: tuple[Morpheme, ...], text: str) -> list[tuple[int, int]]:
    """Sentences that only leave the timing of the request to the assistant (assistant/permissions.py), when another
    sentence is left: the request is said there."""
    sentences = _sentences(found)
    cuts = [(s[0].start, s[-1].end) for s in sentences if permissions.grants_leave(s, text, ACTIONS)]
    return cuts if len(cuts) < len(sentences) else []


def reports_only(sentence: tuple[Morpheme, ...], text: str, past: bool = True) -> bool:
    """A sentence that only tells: what happened ("데이터 잘못 넣었어요"), a state ("로컬은 너무 느리다", "의미 없음", "돈
    아까워"), what the user knows ("비용 나오는 거 알아요"), a reason on its own ("…준비해야 할 것 같아서요"), or a greeting or
    thanks ("안녕하세요", "감사합니다"); with `past` False not what happened (a place named there may still be where)."""
    words = [m for m in sentence if m.tag not in SYMBOLS]
    if words and _lost(words) and "?" not in text[sentence[0].start:sentence[-1].end]:
        return True  # "저는 뭔 말인지 하나도 모르겠어요 ㅎㅎ": the user is lost, and says so
    if not words or "?" in text[sentence[0].start:sentence[-1].end] or any(
            (m.form == "부탁" or m.form == "주" and m.tag != "NNG") and not _modifies(words, i) or m.form in INTERROGATIVES
            for i, m in enumerate(words)) or relays_request(words) or ASKED_WORD.search(
            text[sentence[0].start:sentence[-1].end]):
        return False
    if all(m.form in courtesy.COURTESY_STEMS or m.tag.startswith("E") or m.tag.startswith("X") or m.tag == "JX" for m in words) and (
            any(m.form in courtesy.COURTESY_STEMS for m in words)):
        return True
    if words[-1].tag == "NNB" and words[-1].form in GUESSES and not _acts(words):
        return True  # "한 장이면 충분할 듯": a guess
    finals = [m for m in words if m.tag == "EF"]
    if not finals or finals[-1].form in ASKING_ENDINGS:  # "팀장님이 물어보셔서요.": a reason said on its own
        return not finals and len(words) > 1 and words[-1].form == "요" and words[-2].form in CAUSE_ENDS | REASON_ENDS
    at = words.index(finals[-1])
    predicate = words[at - 1] if at else finals[-1]
    if past and any(m.tag == "EP" and m.form in PAST and not (  # a past tense, not a condition's ("끝났으면 … 내려") nor
            i + 1 < len(sentence) and sentence[i + 1].tag == "EC" and sentence[i + 1].form in CONDITIONS | GIVEN)
            for i, m in enumerate(sentence)):  # a reason's before the request ("계약 종료됐으니 싹 다 내려요")
        return True
    failing = predicate.form == "되" and at > 1 and words[at - 2].form in {"안", "못", "잘"}  # "이렇게 떠서 안 되네요": it
    # fails; "로컬 배포 잘 되네요": it works
    state = (predicate.tag.removesuffix("-I") in {"VA", "XSA", "VCP"} and not _acts(words)) or (
        failing and not _acts(words[:at - 1]))  # "다 날려 돈 아까워": 날려 acts; "8B는 무리네요": a state said with a noun
    return finals[-1].form in REASON_FINALS | SEEN or state or predicate.form in KNOWING or (
        at > 1 and TELLS == (words[at - 2].form, predicate.form))  # "…말고유.": 유 may end a sentence of one word


def _lost(words: list[Morpheme]) -> bool:
    """Whether 모르- is the sentence's one verb ("뭔 말인지 모르겠어요"; not "S3는 지울지 모르겠어요", "모르겠지만 배포해 줘")."""
    return words[-1].tag == "EF" and [m.form for m in words if m.tag.split("-")[0] in {"VV", "XSV", "VX"}] == ["모르"]


RELAYED_QUESTION = re.compile(r"[^.!?\n]*?(?:냐는|냐고|는지|ᆫ지)\s*(?:질문|물어|여쭤|물으)[^.!?\n,]*,?")
ASKED_WORD = re.compile(r"(?:줘|줘요|주세요)(?![가-힣])")  # "stop 해줘요": a request the analyser read as an unknown noun


def _modifies(words: Sequence[Morpheme], index: int) -> bool:
    """Whether words[index] (주-, 부탁) only describes the noun after it ("어제 배포해주신 모델로 …"): what was done for the
    user, not a request."""
    after = next((m for m in words[index + 1:] if m.tag != "EP"), None)
    return after is not None and after.tag == "ETM"


def _acts(words: list[Morpheme]) -> bool:
    """Whether a verb of the sentence ends a clause of its own (not a reason, not a modifier): a request may be in it."""
    for index, morpheme in enumerate(words[:-1]):
        if morpheme.tag.removesuffix("-R").removesuffix("-I") not in {"VV", "XSV"}:
            continue
        after = next((m for m in words[index + 1:] if m.tag != "EP"), None)
        if after is not None and (after.tag == "EF" or (after.tag == "EC" and after.form not in CAUSE_ENDS | REASON_ENDS)):
            return True
    return False
