"""What the words around a mention do to it: whether "S3" (or "SageMaker", "2대", "tiny") is excluded, negated, kept or
included by the clause that governs it, so "S3는 건드리지 마" reads as keep and "S3까지 다 지워" as delete.

Korean, from the shared Kiwi analysis: the mention's clause runs from the mention to its first clause-ending
connective or final ending, auxiliaries included ("건드리지 마" is one predicate and its negation); the first
delete or keep verb in it governs the mention, and a verb that only describes a noun ("S3에 남긴 모델") does not; an
action noun is negated or left out by what follows it ("S3 삭제 없이", "S3 삭제 빼고", "S3 비우기 안 하고").
English: the clause between commas and conjunctions, the verb before the mention and its negation, and what follows
("s3 included", "leave the bucket alone"); a clause without a verb of its own continues the one before ("delete the
endpoint and the bucket"). A deletion put off ("S3 삭제는 보류", "버킷은 나중에 지우고", "s3 later") keeps it for now. A
mention whose own sentence asks about it ("S3는 지워야 되나?", "s3? idk"), leaves it open ("지울지는 …", "봐서") or hands
it to the assistant ("알아서", "your call") cannot be read for sure."""
from __future__ import annotations

import re
from typing import NamedTuple

from assistant import questions
from assistant.arguments.predicates import ends_verbless, item_then_note, quantifier_next
from assistant.corrections import CORRECTION
from assistant.korean import Morpheme, morphemes

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KEEP = {"남기", "두", "놔두", "놓", "냅두", "보존", "유지", "보관", "살리", "그대로", "남겨두", "패스", "스킵",  # "S3는 패스": skipped
        "keep", "leave", "spare", "preserve", "save", "retain", "skip", "exclude", "hold"}
EXCEPT_KO = {"빼", "빼놓", "제외", "없이", "대신", "외"}
BESIDES_KO = {"외"}  # after an action noun, "외에" is "besides" ("S3 삭제 외에 …도"), not "without"
EXCEPT_EN = {"except", "excluding", "without", "but", "not", "no", "minus", "besides"}
DELETE = {"지우", "삭제", "정리", "철거", "비우", "없애", "날리", "치우", "제거", "청소", "내리", "끄", "밀", "털", "건드리", "건들", "손대",
          "폐기", "파기", "delete", "remove", "wipe", "empty", "purge", "nuke", "destroy", "clean", "clear", "erase",
          "drop", "kill", "tear", "trash", "touch", "rm", "teardown", "cleanup", "including", "incl", "plus", "with", "also"}
HEAD_NOUNS = {"데이터", "파일", "쪽", "것", "거", "버킷", "아티팩트", "모델", "인스턴스", "대", "개"}
INCLUDE = {"까지", "도", "포함", "같이", "including", "incl", "included", "include", "includes", "too", "also", "plus"}
DOUBT = {"모르", "글쎄", "고민", "여부", "확답", "상관없", "상관", "아마", "알아서", "판단", "결정", "맘대로", "마음대로", "재량",
         "maybe", "perhaps", "whatever", "dunno", "idk", "unsure", "either"}  # doubt, or the choice handed to the
# assistant; "삭제 여부 … 확답을 드리기 어려운": whether it goes is not yet settled
DOUBT_EN = re.compile(r"\b(?:up to you|your call|not sure|no idea|you decide|you choose|you pick|you tell me)\b",
                      re.IGNORECASE)
DEFER = {"보류", "나중", "미루", "연기", "이따", "추후", "later", "postpone", "defer"}  # "S3 삭제는 보류": not now
REASON_ENDS = {"라", "이라", "거라", "라서", "이라서", "니", "으니", "니까", "으니까", "길래", "기에", "므로", "으므로"}  # a reason
TIME_TOPICS = {"지금", "오늘", "일단", "당분간", "이번", "현재", "우선", "당장"}  # "지금은 그대로 두시고": when, not another topic
NO_NO = re.compile(r"\s*(?:은|는|도)?\s*(?:ㄴㄴ|노노)(?![가-힣ㄱ-ㅎ])")
POSTPOSITIONAL = {"따르", "의하", "의거하", "비추", "인하", "대하", "관하", "위하"}  # "…에 따라", "…에 의해": a particle's work
TARGET_NOUNS = {"대상", "목록", "범위", "리스트", "명단"}  # "정리 대상에서 빼 주세요": left out of the clean-up's targets
NEEDED_ENDS = {"어야", "아야", "여야", "어서", "아서", "여서", "다고", "ᆫ다고", "는다고"}  # "써야 돼서", "쓴다고": why, before the verb
DECIDE = {"판단", "결정"}  # "S3는 나중에 따로 판단할게요": decided later, so kept for now; not put off: left to someone
INDIRECT_QUESTION = {"ᆯ지", "을지", "는지", "ᆫ지", "은지"}  # "S3도 지울지는": whether to, not to
NEGATORS_EN = {"don't", "dont", "never", "not", "no", "doesn't", "shouldn't", "won't", "cannot", "can't", "without"}
EXCEPT_PHRASES_EN = {"other than", "apart from", "aside from", "instead of", "rather than", "except for", "save for",
                     "but for", "outside of"}
DETERMINERS = {"the", "my", "our", "your", "all", "any", "of", "those", "these", "that", "this", "s3's"}
BOUNDARIES_EN = {",", ";", "!", "?", ".", "and", "but", "then", "while", "though", "although", "so", "or", "-"}
EMPHASIS_EN = {"esp", "especially", "particularly", "."}  # the verb before goes on to the mention
LOCATED_EN = {"on", "in", "inside", "from", "within", "at"}
OWN_PREDICATE_EN = {"is", "are", "was", "were", "should", "must", "has", "have", "needs", "will", "can",
                    "may"}  # the mention is the subject of its own clause: it does not continue the verb before it
COPIED_EN = re.compile(r"\s*(?:is|are|was|were|has been|have been)\s+(?:already\s+|now\s+|safely\s+)?(?:archived|backed\s+up|"
                       r"copied|exported|mirrored|saved|uploaded)\s+(?:on|to|in|at|elsewhere)\b", re.IGNORECASE)
KEEP_AFTER_EN = {"alone", "intact", "untouched", "stays", "stay", "kept", "excluded", "safe", "remains"}
KEPT_STATE_EN = re.compile(r"\s*(?:(?:is|are|stays?|remains?|must stay|should stay)\s+(?:still\s+)?(?:off[-\s]?limits|"
                           r"untouchable|needed|required|important|precious|in use|a no-go|no-go|"
                           r"(?:fine|ok|okay|good|safe)\s+to\s+(?:keep|leave|stay))|(?:is|are|should|must|shall)\s+(?:to\s+)?be\s+"
                           r"(?:left|kept|retained|preserved|spared))\b", re.IGNORECASE)  # "… is to be left intact"
# a word, an id with its hyphens as one ("kosum-ep-9e41", so its "-" ends no clause), or a boundary
WORD_EN = re.compile(r"(?=[a-z0-9-]*\d)[a-z0-9]+(?:-[a-z0-9]+)+|[a-z0-9]+(?:['’][a-z]+)?|[,;!?-]|\.(?![a-z0-9])|[\uac00-\ud7a3]+", re.IGNORECASE)


class Reading(NamedTuple):
    cue: str | None  # "delete" or "keep": the verb that governs the mention, if one does
    negated: bool  # that verb (or the clause) is negated: "지우지 마", "안 지워", "don't delete"
    excepted: bool  # the mention itself is left out: "S3 말고", "S3 빼고", "except s3", "without s3"
    included: bool  # the mention is added: "S3까지", "S3도", "S3 포함", "s3 too", "including s3"
    unsure: bool  # permission or doubt ("지워도 되고", "모르겠다", "maybe"), or a correction after it ("아니")


NOTHING = Reading(None, False, False, False, False)


def read(text: str, start: int, end: int) -> Reading:
    """How the clause around text[start:end] treats it; in Korean with English words, the English words right
    before the mention when the Korean after it says nothing ("teardown 해줘 except S3")."""
    if NO_NO.match(text, end):
        return Reading(None, False, True, False, False)  # "세이지메이커 ㄴㄴ", "7c3d는 ㄴㄴ": left out, in chat shorthand
    reading = korean_reading(text, end) if HANGUL.search(text) else _english(text, start, end)
    if reading == NOTHING and HANGUL.search(text):
        reading = _english(text, start, end)
    if CORRECTION.search(text[end:]) or _asked(text, start, end):
        reading = reading._replace(unsure=True)
    return reading


def _asked(text: str, start: int, end: int) -> bool:
    """Whether the mention's own sentence asks about it or hands it over ("S3는 지워야 되나?", "s3? idk", "S3 지울까",
    "s3 is your call") rather than asks for something: a question about a destructive choice is not that choice."""
    if HANGUL.search(text):
        found = morphemes(text)
        ends = [i for i, m in enumerate(found) if m.tag in {"SF", "SE", "EF"}]
        begin = max([found[i].end for i in ends if found[i].end <= start], default=0)
        last = next((i for i in ends if found[i].end >= end), len(found) - 1)
        while last + 1 < len(found) and found[last + 1].tag in {"SF", "SE"}:
            last += 1  # the "?" after a final ending is its sentence's
        stop = found[last].end if found else len(text)
    else:
        begin = max([m.end() for m in re.finditer(r"[.!?;]", text[:start])], default=0)
        after = re.search(r"[.!?;]", text[end:])
        stop = end + after.end() if after else len(text)
    sentence = text[begin:stop]
    read = questions.read(sentence)
    return read.asks or read.suggests or bool(DOUBT_EN.search(text[begin:]))


def excluded(text: str, start: int, end: int) -> bool:
    """The mention is left out or negated ("세이지메이커 말고", "AWS 비용 안 나오게", "not on sagemaker")."""
    reading = read(text, start, end)
    return reading.excepted or reading.negated


def deletes(text: str, start: int, end: int) -> bool | None:
    """Whether the message deletes what is mentioned (True), keeps it (False), or cannot be read for sure (None)."""
    reading = read(text, start, end)
    if reading.unsure:
        return None
    if reading.excepted:
        return False
    if reading.cue == "delete":
        return not reading.negated
    if reading.cue == "keep":
        return None if reading.negated else False
    return True if reading.included and not reading.negated else None


ROW = re.compile(r"^[ \t]*(?:[-*•·]|\d+[.)])[ \t]|\S[ \t]{2,}\S")  # a list item or a table's row: it names things


def korean_reading(text: str, end: int) -> Reading:
    line_end = text.find("\n", end)
    line = text[text.rfind("\n", 0, end) + 1:line_end if line_end >= 0 else len(text)]
    limit = line_end if line_end >= 0 and ROW.search(line) else len(text)  # a pasted row's words end at its line
    after = [m for m in morphemes(text) if end <= m.start < limit]
    cue, negated, pending, excepted, included, unsure = None, False, False, False, False, False
    deferred = deciding = False  # "S3 삭제는 보류", "버킷은 나중에 지우고": the deletion is put off, so this clean-up keeps it
    direct = True  # nothing but particles and a head noun yet ("S3 데이터는 빼고"): an exclusion here is the mention's
    nominal = False  # the cue is an action noun ("S3 삭제"): what negates or leaves it out next is the cue's
    topic = bool(after) and after[0].tag == "JX" and after[0].form in {"는", "은"}  # "X는 …"
    beyond = False  # read past the topic's first clause
    depth = 0  # inside brackets after the mention: a note ("(98:95 역전승!)"), whose "!" ends no clause of it
    for index, morpheme in enumerate(after):
        following = after[index + 1] if index + 1 < len(after) else None
        form, tag = _form(morpheme), morpheme.tag
        if tag in {"SSO", "SSC"} and morpheme.form in "()":
            depth = depth + 1 if tag == "SSO" else max(0, depth - 1)
            continue
        if depth:
            continue
        if beyond and tag == "JX" and form in {"는", "은"} and after[index - 1].tag in {"NNG", "NNP", "SL", "SN", "NP"} and (
                after[index - 1].form not in TIME_TOPICS):
            break  # another topic: its predicate is not this mention's
        if tag == "EF" and form in INDIRECT_QUESTION:
            unsure = True  # "S3까지 지울지는 …": Kiwi reads "-ㄹ지" before a particle as a final ending; whether to
            break
        if tag == "EF" and form == "고" and cue == "keep" and negated and after[index - 1].form == "말":
            cue, negated = "delete", False  # "…까지 하나도 남기지 말고.": not kept, so deleted
        if tag == "EC" and form == "고" and cue is None and after[index - 1].tag == "VCP" and quantifier_next(after, index):
            continue  # "모델이고 S3 데이터고 하나도 남기지 말고": one of a list, the quantifier's verb governs it
        if tag in {"SF", "SE", "EF"} or (tag in {"JC", "SP"} and form in {"하고", ","} and nominal) or ends_verbless(
                after, index):  # "A만 삭제하고 버킷은 …": Kiwi reads 하고 after an action noun as a particle; the clause
            break  # ends there, as at a comma after one ("A랑 B 전부 삭제, S3 데이터는 손대지 말고")
        if tag == "EC":
            if form in INDIRECT_QUESTION | {"ᆯ까", "을까"} or (form in {"어서", "아서"} and index and after[index - 1].form == "보"):
                unsure = True  # "지울지는 …", "지울지 말지", "지울까 말까", "봐서": whether to is left open
                break
            if form.endswith("도") and following and following.form in {"되", "괜찮"}:
                unsure = not negated and not (included and _final_after(after, index + 1))  # "지워도 되고":
                # permission, not a request; "안 지워도 돼": no need, so kept; "버킷도 같이 지워도 됩니다": included, said so
                break
            if following is not None and following.tag == "VX":
                continue  # "건드리지 마", "지워 줘": the predicate goes on
            if form in {"아", "어", "여"} and index > 1 and after[index - 1].form in POSTPOSITIONAL and (
                    after[index - 2].tag == "JKB"):
                continue  # "규정 제23조에 따라 10년 보존 대상이므로 …": "according to", no clause of its own
            if cue is not None and form in {"면", "으면"} and _forbidden(after[index + 1:index + 4]):
                negated = True  # "S3는 지우면 안 돼": what must not happen
                break
            if cue is None and (form in REASON_ENDS or form in NEEDED_ENDS or (
                    form in {"아", "어"} and index and after[index - 1].form in {"않", "없"})):  # "더 이상 쓰지 않아 내려":
                # a state not held ("not used any more") is the reason, as "-지 않아서"
                pending = negated = False  # "버킷도 더는 안 쓰니까 같이 지워도 됩니다": the reason's negation is its own
                continue  # "버킷은 백업용이라 손대지 마", "S3 건 다음 주에 써야 하니 살려 둬", "또 써야 돼서 남겨두고", "또 쓴다고
                # 지우지 말라셨고요": the main clause says what happens to it
            if cue == "keep" and negated and form in {"고", "고서"} and _deleted_next(after[index + 1:]):
                cue, negated = "delete", False  # "하나도 남기지 말고 지워주세요": not kept, deleted
            if cue is None and topic:
                beyond = True  # "X 는 다음 주 데모 끝나고 그때 내릴 거라 지금은 그대로 두시고": the topic's own predicate
                continue  # comes later in its sentence; read on, for a keep only
            break
        if tag == "ETM":  # the verb so far describes a noun ("S3에 남긴 모델"), unless it is a state ("남겨둔 채로")
            if following is not None and following.form in {"채", "상태", "그대로"}:
                break
            if cue is not None and following is not None and following.form in {"것", "거"} and (
                    index + 2 >= len(after) or after[index + 2].tag in {"SF", "SE", "SP", "SW", "SSO"} or (
                        "\n" in text[after[index + 1].end:after[index + 2].start])):
                break  # "S3는 건드리지 말 것", "S3도 keep 할 것 (…)": a nominal imperative, the clause's own predicate
            cue, negated = None, False
            continue
        if item_then_note(after, index):
            break  # "엔드포인트 내리기 (S3는 건드리지 마세요)": a to-do item's verb, its bracket a note of its own
        if tag == "ETN":  # "S3 비우기 없이": the verb made a noun, left out or negated as one
            nominal = cue is not None
            continue
        after_verb = index > 0 and after[index - 1].tag == "EC"  # "하지 말고": negation; "S3(는) 말고": exception
        if form == "아니" and tag == "VCN" and following is not None and following.form in {"면", "으면"}:
            unsure = True  # "A 아니면 B": A or B, not "not A"
            break
        excepting = (form == "말" and not after_verb) or (form == "아니" and tag == "VCN") or form in EXCEPT_KO
        if excepting and direct:
            excepted = True
        elif nominal and (negates_next(after, index) or (excepting and form not in BESIDES_KO)):
            negated = True  # "S3 삭제 없이", "S3 삭제 빼고", "S3 삭제 안 하고": the deletion is what is left out
        elif negates_next(after, index):
            pending = True
        elif (tag == "VX" and form in {"않", "못하"}) or (form == "말" and after_verb) or form == "금지":
            negated = True
        if form in INCLUDE:
            included = True
        if form in DOUBT and form not in DECIDE:
            unsure = True
        deciding = deciding or form in DECIDE
        deferred = deferred or form in DEFER
        if cue is None and (_is_predicate(morpheme) or (excepting and not direct)):
            cue = "keep" if form in KEEP or excepting else "delete" if form in DELETE else None
            negated = negated or (pending and cue is not None)
            nominal = cue is not None and tag in {"NNG", "SL", "XR"}
        elif nominal and not (tag.startswith("J") or form in EXCEPT_KO | TARGET_NOUNS or form in {"안", "못", "하", "말", "아니"}):
            nominal = False  # another word came between the action noun and what follows
        direct = direct and (tag.startswith("J") or form in HEAD_NOUNS)
    if beyond and cue == "delete" and not negated:
        cue = None  # a later clause's deletion may have another object ("S3는 백업했고 엔드포인트 지워"): not read
    unsure = unsure or (deciding and not deferred)  # "S3는 알아서 판단해": the choice handed over
    if deferred and cue != "keep":
        cue, negated = ("delete", True) if cue == "delete" else ("keep", False)
    return Reading(cue, negated, excepted, included, unsure)


def _final_after(after: list[Morpheme], index: int) -> bool:
    """Whether the predicate at after[index] ends its sentence ("…지워도 됩니다"), not a clause ("…지워도 되고")."""
    rest = [m for m in after[index + 1:] if m.tag not in {"EP", "VX"}]
    return not rest or rest[0].tag in {"EF", "SF"}


ALL_WORDS = {"다", "싹", "전부", "모두", "몽땅", "깨끗이", "깔끔히", "깔끔하", "게", "같이", "함께", "그냥", "바로", "좀"}


def _deleted_next(rest: list[Morpheme]) -> bool:
    """Whether the next clause is only a deletion of the same things ("…남기지 말고 (다) 지워주세요"), not of something it
    names ("… 말고 엔드포인트만 지워")."""
    for index, morpheme in enumerate(rest):
        if morpheme.form.lower() in DELETE and _is_predicate(morpheme):
            return not negates_next(rest, index - 1) if index else True
        if morpheme.form not in ALL_WORDS and morpheme.tag not in {"SP", "MAG"}:
            return False
    return False


def _forbidden(rest: list[Morpheme]) -> bool:
    """Whether what follows "-면" says it must not happen: "안 돼", "안 됨", "못 써", "곤란해", "큰일 나"."""
    forms = [m.form for m in rest]
    return bool(forms) and (forms[0] in {"곤란", "큰일", "안되", "안돼"} or (
        len(forms) > 1 and forms[0] in {"안", "못"} and forms[1] in {"되", "돼", "쓰"}))


def negates_next(found: list[Morpheme] | tuple[Morpheme, ...], index: int) -> bool:
    """Whether found[index] is 안/못 right before a verb ("안 지워", "안 정리해"), not before an adverb ("안 되게")."""
    following = found[index + 1:index + 3]
    verb = bool(following) and (following[0].tag in {"VV", "VA"} or (
        following[0].tag == "NNG" and len(following) > 1 and following[1].tag == "XSV"))
    wrongly = found[index].form == "못" and index > 0 and found[index - 1].form == "잘"  # "잘못 넣었다": not a negation
    return found[index].tag == "MAG" and found[index].form in {"안", "못"} and verb and not wrongly


def _form(morpheme: Morpheme) -> str:
    """The lower-case form; a Latin word without the punctuation Kiwi may glue to it ("S3 data는 keep.")."""
    form = morpheme.form.lower()
    return form.rstrip(".!?,;") or form if morpheme.tag == "SL" else form


def _is_predicate(morpheme: Morpheme) -> bool:
    return morpheme.tag in {"VV", "VX", "VA", "NNG", "NNP", "MAG", "SL", "XR"} and (
        _form(morpheme) in KEEP or _form(morpheme) in DELETE)


def _english(text: str, start: int, end: int) -> Reading:
    words = [(";" if HANGUL.match(m.group()) else _verb(m.group().lower()), m.start()) for m in WORD_EN.finditer(text)]
    before = [w for w, at in words if at < start]  # Korean words between English ones end an English clause
    after = [w for w, at in words if at >= end]
    clause_before = clause_words_before(before)
    clause_after = []
    for word in after:
        if word in BOUNDARIES_EN:
            break
        clause_after.append(word)
    lead = [w for w in clause_before if w not in DETERMINERS]
    phrase = " ".join([w for w in clause_before if w not in DETERMINERS or w == "of"][-2:])  # "instead of the"
    excepted = bool(lead) and (lead[-1] in EXCEPT_EN or phrase in EXCEPT_PHRASES_EN)
    cue, negated = None, False
    for position in range(len(clause_before) - 1, -1, -1):
        word = clause_before[position]
        if word in KEEP or word in DELETE:
            cue = "keep" if word in KEEP else "delete"
            negated = any(w in NEGATORS_EN for w in clause_before[:position])
            break
    included = any(w in INCLUDE for w in clause_after[:3]) or bool(lead) and lead[-1] in INCLUDE
    if cue is None and set(clause_after[:3]) & KEEP_AFTER_EN:
        cue, negated = "keep", "not" in clause_after[:3]
    if cue is None and (kept := [w for w in clause_after[:3] if w in KEEP]):  # "About S3 also keep, …": the mention kept
        cue, negated, included = "keep", "not" in clause_after[:clause_after.index(kept[0])], False
    if cue is None and not lead[:-1] and (taken := _taken_up(after[len(clause_after):])) is not None:
        cue, negated = taken  # "The bucket in S3, please do not touch it, …": the next clause's verb, on "it"
    if cue is None and KEPT_STATE_EN.match(text, end):
        cue = "keep"  # "s3 is off-limits", "the bucket is still needed": said to stay
    if "not" in clause_after[:2] and included:
        excepted, included = True, False  # "s3 not included"
    negator = any(w in NEGATORS_EN for w in clause_before)
    unsure = any(w in DOUBT and not (w == "either" and negator) for w in clause_before + clause_after)  # "don't touch
    # the bucket either": not that one too
    if cue == "delete" and any(w in DEFER for w in clause_before + clause_after[:3]):
        negated = True  # "postpone deleting s3", "delete s3 later"
    elif cue is None and set(clause_after[:3]) & DEFER:
        cue = "keep"  # "s3 later"
    if cue is None and COPIED_EN.match(text, end):
        return NOTHING  # "the artifact is archived on Zenodo": a copy is elsewhere; nothing said of this clean-up
    if cue is None and not excepted and not included and clause_after and clause_after[0] in OWN_PREDICATE_EN:
        return Reading(None, False, False, False, True)  # "s3 is sacred": a clause of its own, its word not known
    located = bool(lead) and lead[-1] in LOCATED_EN  # "… and the models on S3": where the things deleted are
    stressed = bool(lead) and all(w in EMPHASIS_EN for w in lead)  # "leave everything else alone, esp. the bucket"
    if cue is None and not excepted and not included and (not lead or located or stressed) and (
            len(before) > len(clause_before)):
        return _continued(before[:len(before) - len(clause_before)])._replace(unsure=unsure)
    negated = negated or (cue is None and any(w in NEGATORS_EN for w in clause_before))
    if included and cue != "keep" and lead and lead[-1] in {"including", "incl", "plus"} and len(before) > len(clause_before) and (
            _continued(before[:len(before) - len(clause_before)]).cue == "keep"):  # "leave everything else alone,
        return Reading("keep", False, False, False, unsure)  # including the S3 stuff": one of what is kept
    return Reading(cue, negated, excepted, included, unsure)


def _taken_up(rest: list[str]) -> tuple[str, bool] | None:
    """After a mention set apart by a comma, the next clause's keep or delete verb when its object is "it" or "them"
    (its negation with it); None otherwise."""
    if not rest or rest[0] != ",":
        return None
    following = rest[1:]
    clause = following[:next((i for i, w in enumerate(following) if w in BOUNDARIES_EN), len(following))]
    for position, word in enumerate(clause[:-1]):
        if (word in KEEP or word in DELETE) and clause[position + 1] in {"it", "them"}:
            return ("keep" if word in KEEP else "delete"), any(w in NEGATORS_EN for w in clause[:position])
    return None


def _verb(word: str) -> str:
    """A keep or delete verb in its base form ("deleting", "wiped", "keeps", "dropping"), other words as they are."""
    for suffix in ("ing", "ed", "es", "s"):
        stem = word.removesuffix(suffix)
        if stem == word or len(stem) < 2:
            continue
        for base in (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else stem):
            if base in KEEP or base in DELETE:
                return base
    return word


def clause_words_before(before: list[str], but_excepts: bool = True) -> list[str]:
    """The words of the mention's clause before it; "but" right before a mention is "except", not a new clause."""
    clause: list[str] = []
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        excepting = but_excepts and all(w in DETERMINERS for w in clause)
        if word in BOUNDARIES_EN and not (word == "but" and excepting) and not (
                word == "." and index > 0 and before[index - 1] in {"incl", "e", "g", "etc", "vs", "esp"}):
            break
        clause.insert(0, word)
    return clause


def _continued(before: list[str]) -> Reading:
    """A clause that is only the mention ("…, and the bucket") continues the verb of the clauses before it."""
    boundary = before[-1]
    if boundary not in {"and", ","}:
        return NOTHING
    if boundary == "and" and before[-2:-1] == [","]:
        before = before[:-1]  # "remove the endpoint, and the bucket along with it": one boundary
    previous = clause_words_before(before[:-1])
    for position in range(len(previous) - 1, -1, -1):
        word = previous[position]
        if word in KEEP or word in DELETE:
            negated = any(w in NEGATORS_EN for w in previous[:position])
            return Reading("keep" if word in KEEP else "delete", negated, False, False, False)
    earlier = before[:len(before) - 1 - len(previous)]
    return _continued(earlier) if earlier and previous else NOTHING  # "delete X, the Y and the Z"
