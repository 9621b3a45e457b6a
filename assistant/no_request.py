"""Messages that ask for nothing after all, answered without a tool: a request taken back in the same message
("배포해줘… 아 아니다 오늘은 하지 말자", "…2대로. … 취소할게요"), one withdrawn from earlier in the chat ("방금 부탁한 건 없던
걸로 해줘", "never mind that"), and a message that only tells (what happened, a state, thanks, "참고만 하세요", "fyi")."""
from __future__ import annotations

import re

from assistant import courtesy
from assistant.clauses import HANGUL, SYMBOLS, reports_only, request
from assistant.corrections import CORRECTING, TURN
from assistant.korean import morphemes
from assistant.wrappers import THANKS_FOR_KO, without_sign_off

WITHDRAWN = re.compile(r"없던\s*(?:걸로|것으로|거로|일로)|(?:부탁|말)한\s*(?:거|것|건)\s*(?:은|는)?\s*(?:취소|됐어|안\s*해도)|"
                       r"\bnever\s*mind\b|\bforget (?:it|that|about it|what i (?:said|asked))\b|\bscratch that\b|"
                       r"\bdisregard (?:that|my last)\b", re.IGNORECASE)


LEFT_AS_IS = re.compile(  # "그냥 둬", "됐어", "관두자", "leave it", "hold off": nothing is to be done after all
    r"^[\s.,!?…~]*(?:(?:그냥|걍|일단|역시)\s*)?(?:(?:그대로\s*)?(?:둬|두자|둬요|두세요|놔둬|놔두|냅둬|냅두)|관두|그만두|됐어|됐다|"
    r"됐습니다|됐고|없던\s*(?:걸로|일로)|취소)|^[\s.,!?…~]*(?:(?:just|actually|nah|no)\s*,?\s*)*(?:leave it|don't|do not|"
    r"never\s*mind|forget it|skip it|hold (?:off|that|it)|not now|not today|cancel that|scratch that|let's not|dont)\b",
    re.IGNORECASE)


SENTENCE_START = re.compile(r"(?<=[.!?…])\s+")
LEAVE = re.compile(  # leaving things as they are, or the step forbidden ("지우지 말고", "시작하지 마세요", "don't")
    r"(?:그냥|걍|그대로|일단|역시)\s*(?:다\s*)?(?:놔\s*)?(?:둬|두자|둬요|두세요|두십시오|둘게|두죠|냅\s*둬|냅\s*두|놔두)|"
    r"(?:하지|지우지|정리하지|삭제하지|배포하지|내리지|돌리지|올리지|띄우지|날리지)\s*(?:말|마)|관두|그만두|없던\s*(?:걸로|일로)|"
    r"\b(?:leave (?:it|them|everything|things|it all)|keep (?:it|them|everything)|never ?mind|forget it|let'?s not|"
    r"hold off|not now|skip it|cancel that|scratch that)\b|\b(?:don'?t|do not)(?: (?:do|delete|deploy|train|remove|"
    r"touch|run|start|launch|tear (?:it )?down|clean (?:it )?up|bother))?(?: (?:it|that|this|anything|everything|"
    r"them|any of it))?\s*(?:[.!?,;…]|$)", re.IGNORECASE)
OBJECTS = re.compile(r"체크\s*포인트|checkpoints?|모델|models?|인스턴스|instances?|로그|logs?|파일|files?|스텝|steps?|"
                     r"노드|nodes?|\d+\s*대", re.IGNORECASE)  # a thing named: a clause about it spares it
CLAUSE = re.compile(r"[^.!?…,;\n]*")


def takes_back(text: str) -> bool:
    """Whether a request is taken back in the same message (the one reader of this; assistant/risk.py asks it too): a
    correction ("아 아니다", "잠깐", "no wait", "on second thought") after something, followed by leaving it as it is
    ("그냥 둬", "됐어", "leave it") or by a prohibition only ("비용 때문에 오늘은 하지 말자", "don't deploy it yet"); after
    any turn ("근데", "but"), a clause naming no resource that leaves things or forbids the step ("…아 잠깐만요, … 시작하지
    마세요"); or the speaker calling it off ("방금 건 취소할게요"): nothing is done. A correction followed by another
    request ("아 아니다 평가부터 해줘") is that request, and a clause that spares a thing ("근데 S3는 그냥 둬") is read by
    the argument parsers."""
    from assistant.arguments.asks import forbids_only

    if (HANGUL.search(text) and _calls_off(text)) or _left_after_turn(text):
        return True
    for match in CORRECTING.finditer(text):
        rest = text[match.end():]
        if not re.search(r"\w", text[:match.start()]) or not re.search(r"\w", rest):
            continue
        if any(LEFT_AS_IS.search(part) and not _names_a_thing(part) for part in SENTENCE_START.split(rest)) or (
                forbids_only(rest)) or (
                forbids_only(request(rest))):  # "비싸니까 하지 말자", "Actually no, finance hasn't signed off yet. Hold
            return True  # that.": leaving it as it is may follow a reason sentence
    return False


def _left_after_turn(text: str) -> bool:
    at = turn(text)
    for match in LEAVE.finditer(text, at) if at is not None else ():
        marks = r"[.!?…;\n]" if re.search(r"\b(?:it|them)\b", match.group(), re.I) else r"[.!?…,;\n]"  # "But the other
        start = max((m.end() for m in re.finditer(marks, text[:match.start()])), default=0)  # one, kosum-ep-8f01, please
        # keep it …": what "it" is was named before the comma
        clause = text[start:match.start()] + CLAUSE.match(text, match.start()).group()
        if not _names_a_thing(clause):
            return True
    return False


def _names_a_thing(clause: str) -> bool:
    """Whether a clause that leaves something alone names what ("leave kosum-ep-1a9b alone", "don't touch s3."): it
    spares that thing, and the request stands."""
    from assistant.arguments import INSTANCE, RESOURCE_ID
    from assistant.arguments.names import OTHER_ID
    from assistant.arguments.values import DATA_WORDS, RESOURCE_KINDS, S3_WORDS

    return any(words.search(clause) for words in (RESOURCE_KINDS, S3_WORDS, DATA_WORDS, OBJECTS, INSTANCE, RESOURCE_ID,
                                                  OTHER_ID))


def turn(text: str) -> int | None:
    """Where the first turn ("근데", "잠깐만요", "but", "wait") after some words of the message begins, or None."""
    for match in TURN.finditer(text):
        if re.search(r"\w", text[:match.start()]):
            return match.start()
    return None


CALLING_OFF = {"취소", "보류", "그만", "그만두", "관두"}  # what the speaker calls off (not "S3는 패스할게요": a part skipped)
PROMISSIVE = {"ᆯ게", "ᆯ게요", "을게", "을게요", "ᆯ께", "ᆯ께요"}  # "-ㄹ게요": what the speaker will do


def _calls_off(text: str) -> bool:
    """Whether, after something else was said, the speaker says they call it off themselves ("…2대로. …아 예산 승인이
    아직 안 났대요. 취소할게요", "아까 부탁한 거 보류할게요"): the first person "-ㄹ게요" of a cancelling verb takes the
    request back; it asks no job to be stopped (that is "취소해 줘")."""
    found = morphemes(text)
    for index, morpheme in enumerate(found):
        if morpheme.form not in CALLING_OFF or not ASKED_BEFORE.search(text[:morpheme.start]) or (
                _spares_a_part(text[:morpheme.start])):  # "… 정리해 주세요. S3 삭제는 보류할게요": S3 is kept
            continue  # "학습 취소할게요" alone may still mean the job: it is read as a stop
        if any(m.tag == "EF" and m.form in PROMISSIVE for m in found[index + 1:index + 3]) or re.match(
                r"\s*할\s*(?:게|께)", text[morpheme.end:]):  # "취소할게요", read by Kiwi as "취소하 ᆯ 것 이 요" at times
            return True
    return False


def _spares_a_part(before: str) -> bool:
    """Whether the clause of a calling-off verb names S3 or the data: that part is put off, the request stands."""
    from assistant.arguments.values import DATA_WORDS, S3_WORDS

    clause = re.split(r"[.!?…,;\n]", before)[-1]
    return bool(S3_WORDS.search(clause) or DATA_WORDS.search(clause))


ASKED_BEFORE = re.compile(r"줘|주세요|주시|주실|부탁|ㄱㄱ|달라|드린|드렸|하래|하라고|할래|해요")  # a request said before


def withdraws(text: str) -> bool:
    """Whether the request takes back something asked for in the chat ("방금 부탁한 data prep은 없던 걸로 해줘", "never mind
    the evaluation"): nothing is done. A running job is stopped by a stop verb, not by this ("학습 취소해줘")."""
    return bool(WITHDRAWN.search(text))


INFORMING_KO = re.compile(  # a sentence that says the message only tells, or that nothing is needed ("할 거 없어요";
    # not "급할 거 없으니까 …": no hurry, a reason before the request)
    r"(?:알려|말해|말씀)\s*(?:주는|드리는|준|드린)\s*(?:거|것|겁니다)|참고(?:로|만|하세요|하시|해)|그렇다(?:고|구)요?|"
    r"그냥\s*(?:\S+\s*){0,2}?(?:한|하는|했던)\s*(?:거|것|말)(?:야|임|이야|예요|에요|이에요|입니다|요|니까)?(?:\s|$|[.!~ㅋㅎ])|"
    r"(?:안|않)\s*(?:하|해|하셔|해주셔|해\s*주셔)(?:도|셔도)\s*(?:돼|되|괜찮)|(?<![가-힣])(?:할|하실)\s*(?:거|것|일|작업|조치)(?:은|는|이)?\s*없(?!으니|어서|으면|는데|지만)|신경\s*(?:안|쓰지\s*않)|"
    r"^\W*공유\s*(?:드립니다|드려요|합니다|해요|드림)")  # "공유드립니다. … 추가로 하실 작업은 없습니다": a report shared
INFORMING_EN = re.compile(r"\b(?:fyi|heads up|for your info(?:rmation)?|just (?:letting you know|so you know|saying|"
                          r"venting|telling you|logging this)|no need to|nothing (?:(?:else|more)\s+)?(?:to do|needed)|no (?:further )?action "
                          r"(?:needed|required)|you don't (?:have|need) to|update:|(?:not|aren't|won't be) doing (?:that|this|it)|circle back)\b",
                          re.IGNORECASE)
RELAYED_EN = re.compile(r"\b(?:asked|told|wants?|wanted|needs?)\s+(?:me|us)\s+to\s+(?!know\b)[a-z]", re.IGNORECASE)
THANKS_EN = re.compile(rf"^\W*(?:{courtesy.THANKS_EN}|great|awesome|nice|perfect|cool|love it)\b", re.IGNORECASE)
LEADING_EN = re.compile(r"^\W*(?:(?:now|then|just|also|so|and|ok|okay|next|pls|please|plz)\s+)*", re.IGNORECASE)


def informs_only(text: str) -> bool:
    """Whether the message only tells something: what happened, a state, thanks, and that it is only telling or that
    nothing is needed ("콘솔에서 엔드포인트 직접 지웠어요, 참고만 하세요", "이미 멈췄어요. 따로 안 하셔도 돼요", "thanks, the
    summaries look way better now", "fyi I deleted the endpoint myself"): a reply, no tool. Any sentence that asks for
    something or asks a question makes it a message to act on or answer."""
    if "?" in text:
        return False
    if not HANGUL.search(text):
        if not (INFORMING_EN.search(text) or THANKS_EN.search(text)) or re.search(
                r"\b(?:can|could|would|will)\s+(?:you|u)\b|\b(?:please|pls|plz)\b", text, re.IGNORECASE) or (
                RELAYED_EN.search(text)):  # "Jin asked me to kick off a quick local run … fyi …": a request passed on
            return False
        from assistant.questions import IMPERATIVES_EN

        for clause in re.split(r"[,;.!]+|\s(?:and|then|but)\s|<-+|->|[←→]", text):  # "--source … <- prep the dataset"
            first = re.match(r"([a-z][\w'-]*)", LEADING_EN.sub("", clause.strip()), re.IGNORECASE)
            if first and first[1].lower() in IMPERATIVES_EN - {"let"}:
                return False
        return True
    rest = without_sign_off(text)  # "체크포인트에서 재개 ㄱㄱ 고마워요!": the thanks after a request are no sentence of it;
    found = morphemes(rest)  # they make a reply of what only tells, unless they thank for nothing done ("미리 감사드립니다")
    sentences, first, informing = [], 0, bool(THANKS_FOR_KO.search(text, len(rest)))
    for index, morpheme in enumerate(found):
        ends = morpheme.tag in {"SF", "SE"} or (morpheme.tag == "EF" and not (
            index + 1 < len(found) and found[index + 1].tag in {"SF", "SE", "JX"})) or (  # a line ends one too:
            index + 1 < len(found) and "\n" in rest[morpheme.end:found[index + 1].start])  # "- 최신 모델을 SageMaker에 배포\n"
        if ends or index == len(found) - 1:
            if any(m.tag not in SYMBOLS for m in found[first:index + 1]):
                sentences.append(found[first:index + 1])
            first = index + 1
    for sentence in sentences:
        words = [m for m in sentence if m.tag not in SYMBOLS]
        said = rest[sentence[0].start:sentence[-1].end]
        if words and (words[-1].form in {"님", "여러분"} or said.rstrip().endswith(",")) and all(
                m.tag.startswith("NN") or m.tag in {"XSN", "NP"} for m in words):
            continue  # "팀장님,", "운영팀 여러분,", "운영팀,": whom the message is to, after a greeting
        if INFORMING_KO.search(rest[sentence[0].start:sentence[-1].end]):
            informing = True
        elif not reports_only(sentence, rest):
            return False
        informing = informing or any(m.form in courtesy.THANKS_STEMS for m in sentence)  # thanks beside
        # reports and states only ("…잘 되네요 감사합니다"): a reply
    return informing
