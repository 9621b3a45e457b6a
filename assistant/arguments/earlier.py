"""Instance types said of another run, not the one asked for: the clause that names them tells what was done
("지난달엔 g5.48xlarge 4대로 돌렸는데", "학습은 12xlarge 2대로 했었음", "12xlarge로 학습돌린 모델", "the 12xlarge was only
for training"), or a correction takes them back ("g5.12xlarge로 배포해줘 아 아니 그거 말고 g5.2xlarge로"). Such a
mention is only dropped when the message names another choice (a type, or the default) for this run: with nothing
else said, the brain reads it as before (or asks), never guesses a type. A type asked for and refused ("the p4d
request is rejected") is another run's too. `past_runs` blanks every clause about an earlier run, whatever it names
(its steps, records or type: "지난번 런은 1200스텝이었는데 이번엔 …")."""
from __future__ import annotations

import re

from assistant.arguments import scope
from assistant.arguments.names import FAMILY_ONLY, INSTANCE, SIZE_ONLY
from assistant.arguments.unfit import remarked
from assistant.corrections import CORRECTION
from assistant.korean import QUOTATIVE, morphemes

PAST = {"었", "았", "였", "었었", "았었", "였었"}
PAST_MODIFIERS = {"ᆫ", "은", "던"}  # "돌린 모델", "쓴 거": after a verb, what was done
CLAUSE_ENDS = {"EC", "EF", "ETN", "ETM", "SF"}
TIME_NOUNS = {"때", "동안", "중", "도중", "적"}
FINISHED = {"끝나", "마치", "완료", "종료"}  # "…로 끝남", "완료함": a memo's -ㅁ of what is finished
CHOSEN = {"정하", "고르", "결정", "선택", "찍"}  # "g5.12xlarge로 정했어요": the choice made for this run, said in the past
WISHES = {"좋", "하", "싶", "되"}  # "g5.12xlarge로 했으면 좋겠어": a wish
BREAK_EN = re.compile(r"[,;!?()\[\]\n]|\.(?=\s|$)|\b(?:but|so|and|then)\b", re.IGNORECASE)
PAST_EN = re.compile(r"\b(?:was|were|took|used|ran|did|had|trained|went|tried|needed)\b", re.IGNORECASE)
REPLACED_BY = re.compile(r"\s*(?:으로|로)?\s*(?:바꿔|바꾸어|변경해|교체해)\s*(?:서|줘|주|요|[.,!~]|$)")  # "Y로 바꿔서 해
# 주세요", "Y로 변경해줘": the change asked for (not "바꿀지", "바꿔도 될까", "바꾸지 말고")
REPLACING = re.compile(r"(?:^|[,.;!]\s*|\b(?:actually|no|please|pls|let'?s|just)\s+)(?:switch|change|swap|bump|go|move)\s+"
                       r"(?:it\s+|that\s+)?(?:up\s+)?to\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)  # "…, switch to Y"
DEFAULT_TYPE = re.compile(r"기본\s*(?:인스턴스|타입|사양|값|설정|으로|그대로)|디폴트|(?<![a-z])default(?![a-z])",
                          re.IGNORECASE)  # "default로": a particle right after it


def mentions(text: str) -> list[tuple[int, int]]:
    """The spans of every instance type or bare size named."""
    full = [m.span() for m in INSTANCE.finditer(text)]
    return sorted(full + [m.span() for m in SIZE_ONLY.finditer(text) if not any(s <= m.start() < e for s, e in full)])


def this_run(text: str) -> str:
    """`text` with the clauses that name another run's instance type blanked (same length, same offsets), their
    counts with them, when the message names another choice (a type or the default); `text` itself otherwise."""
    named = mentions(text)
    named = sorted(named + [m.span() for m in FAMILY_ONLY.finditer(text) if _refused(text, m.span())
                            and not any(s <= m.start() < e for s, e in named)])  # "the p4d request is rejected"
    dropped = _dropped(text, named)
    rest = [span for span in named if span not in dropped and not scope.excluded(text, *span)]
    defaults = [m for m in DEFAULT_TYPE.finditer(text) if not scope.read(text, *m.span()).excepted]
    return _blanked(text, dropped.values()) if dropped and (rest or defaults) else text


def without_done(text: str) -> str:
    """`text` with every clause that reports another run's instance type blanked, whatever else is said: where the
    count of this run is looked for first ("bump it to 2 instances. one g5.12xlarge took almost 9 hours")."""
    return _blanked(text, _dropped(text, mentions(text)).values())


def done_clause(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The clause around text[span] when it reports what was done before (see _done); None otherwise."""
    return _done(text, span, [span])


def _dropped(text: str, named: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    found = {span: _corrected(text, span, named[i + 1:]) or _done(text, span, named) or _too_small(text, span, named)
             for i, span in enumerate(named)}
    return {span: clause for span, clause in found.items() if clause}


CLAUSE_BREAK = re.compile(r"[,;!?\n]|\.(?=\s|$)")  # not the dots inside "ml.g5.12xlarge", nor brackets ("한 장(24GB)")


def _too_small(text: str, span: tuple[int, int], named: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The part of the clause naming the mention when a remark there says that type is too small for the model
    ("ml.g5.12xlarge로 배포해줘. 2xlarge는 A10G 한 장이라 8B 올리기 빠듯해", "the 2xlarge won't fit it"): the reason for
    the type asked for, not a choice. The remark is the nearest mention's before it (unfit.remarked), so the type
    asked for in the same clause stays ("ml.g5.2xlarge로는 8B가 안 돌아가니 ml.g5.12xlarge로 배포해줘"): the part runs
    from the clause's start (from the mention, when another comes before it) to the next mention. None otherwise (a
    remark said as a condition, "X로 하고 부족하면 Y로", leaves both open), and never for the type said as the
    replacement ("메모리 모자라겠다 g5.2xlarge로 변경해서", "…, switch to Y")."""
    if REPLACED_BY.match(text, span[1]) or REPLACING.search(text[:span[0]]):
        return None
    begin = max([m.end() for m in CLAUSE_BREAK.finditer(text, 0, span[0])], default=0)
    after = CLAUSE_BREAK.search(text, span[1])
    end = after.start() if after else len(text)
    inside = [start for start, stop in named if begin <= start and stop <= end]
    if span[0] not in remarked(text, begin, end, inside, said_if=False):
        return None
    later = [start for start in inside if start > span[0]]
    return (span[0] if any(start < span[0] for start in inside) else begin, later[0] if later else end)


def _blanked(text: str, spans) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _corrected(text: str, span: tuple[int, int], later: list[tuple[int, int]]) -> tuple[int, int] | None:
    """"X로 해줘 아 아니 그거 말고 Y로": a correction between this mention and a later one takes this one back; so does
    a later one said as the replacement ("X로요... 아 그거 메모리 부족하다고 하셨죠, Y로 바꿔서 해 주세요", "switch to Y"),
    and a correction before the default named ("X — um, no, just the default type")."""
    if _refused(text, span):
        return span
    later = later + [m.span() for m in DEFAULT_TYPE.finditer(text, span[1])]
    return span if any(CORRECTION.search(text, span[1], start) or REPLACED_BY.match(text, end)
                       or REPLACING.search(text[span[1]:start]) for start, end in later) else None


def _refused(text: str, span: tuple[int, int]) -> bool:
    """Whether the type at `span` was asked for and refused, or the default is asked for instead of it ("the p4d
    request is rejected …; launch it with the default instance type and count instead")."""
    return bool(REJECTED.search(_clause(text, span))) or any(
        INSTEAD.match(text, m.end()) for m in DEFAULT_TYPE.finditer(text, span[1]))


INSTEAD = re.compile(r"[^.!?\n]{0,40}?(?:\binstead\b|대신)", re.IGNORECASE)
REJECTED = re.compile(r"\b(?:rejected|denied|declined|not approved|turned down|vetoed|cancell?ed|ruled out)\b|반려|거절|불허|취소|"
                      r"제외\s*(?:하기로|키로|함|됨|했|되었)|"
                      r"승인\s*(?:안|거부)",
                      re.IGNORECASE)  # a type asked for before and refused


def _clause(text: str, span: tuple[int, int]) -> str:
    begin = max([m.end() for m in CLAUSE_BREAK.finditer(text, 0, span[0])], default=0)
    after = CLAUSE_BREAK.search(text, span[1])
    return text[begin:after.start() if after else len(text)]


def _done(text: str, span: tuple[int, int], named: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The clause naming the mention when it reports what was done (its predicate is in the past tense, or the
    mention sits in or is modified by a past modifier clause: "썼던 ml.g5.12xlarge"); None otherwise. In English, a
    clause does not reach past the other types `named` either: dictation has no commas ("deploy on a g5.4xlarge the
    2xlarge was too slow last time": only the 2xlarge was used before)."""
    if not re.search(r"[\uac00-\ud7a3]", text):
        begin = max([m.end() for m in BREAK_EN.finditer(text, 0, span[0])] + [e for _, e in named if e <= span[0]],
                    default=0)
        after = BREAK_EN.search(text, span[1])
        end = min([after.start() if after else len(text)] + [s for s, _ in named if s >= span[1]])
        return (begin, end) if PAST_EN.search(text[begin:end]) else None
    found = morphemes(text)
    ends = [i for i, m in enumerate(found) if m.tag in CLAUSE_ENDS]
    begin = max([found[i].end for i in ends if found[i].end <= span[0]], default=0)
    before = [i for i, m in enumerate(found) if m.end <= span[0]]
    if before and _past_modifier(found, before[-1]):  # "training 때 썼던 ml.g5.12xlarge"
        return span
    index = next((i for i in ends if found[i].start >= span[1] and not _time_phrase(found, i)
                  and not _continued(found, i)), None)
    if index is None or any(m.tag == "EC" and m.form in {"라고", "으라고", "자고"} and span[1] <= m.start < found[index].start
                            for m in found) and not re.search(r"었었|았었|였었|어제|저번|지난", text[begin:found[index].end]):
        return None  # "보안팀은 g6.xlarge 쓰라고 했던 거 같기도": an instruction, still open (not "어제는 … 말자고 했었는데")
    if found[index].tag == "ETM":
        return (begin, found[index].end) if _past_modifier(found, index) else None
    if found[index].tag == "ETN" and (found[index - 1].form in FINISHED or any(
            m.form == "이미" for m in found if begin <= m.start < found[index].start)):
        return begin, found[index].end  # "Training은 이미 ml.g5.12xlarge로 끝남": a memo's report of what is done
    previous = found[index - 1]
    quoted = [i for i in ends if span[1] <= found[i].start < found[index].start and _continued(found, i)
              and found[i].form in QUOTATIVE]  # "3,000 스텝 돌렸다고 하는데": what another reports done is done
    previous = found[quoted[-1] - 1] if quoted and found[quoted[-1] - 1].form in PAST else previous
    wish = index + 1 < len(found) and found[index + 1].form in WISHES and found[index].form in {"면", "으면"}
    chosen = index >= 2 and found[index - 2].form in CHOSEN
    past = previous.tag == "EP" and previous.form in PAST and not wish and not chosen
    return (begin, found[index].end) if past else None


def _continued(found: tuple, index: int) -> bool:
    """"남겨놨다가" (남기+어+놓+았), "지우지 말자고 했었는데": an auxiliary or a reporting verb goes on with the predicate."""
    following = found[index + 1] if index + 1 < len(found) else None
    return following is not None and (following.tag == "VX" or (
        found[index].form in QUOTATIVE and following.form == "하"))


def _time_phrase(found: tuple, index: int) -> bool:
    """"학습할 때", "돌리는 동안": a modifier of a time noun is inside the clause, not its end."""
    return found[index].tag == "ETM" and index + 1 < len(found) and found[index + 1].form in TIME_NOUNS


def _past_modifier(found: tuple, index: int) -> bool:
    morpheme = found[index]
    if morpheme.tag != "ETM" or index == 0:
        return False
    previous = found[index - 1]  # "돌렸는데" is 돌리+었+는+데: any modifier after the past tense
    return (previous.tag == "EP" and previous.form in PAST) or (
        previous.tag in {"VV", "XSV"} and morpheme.form in PAST_MODIFIERS and previous.form not in CHOSEN)


PAST_RUN = re.compile(  # a clause about an earlier run ("저번에 100스텝은 너무 짧더라", "지난번엔 50개만 했었거든", "last run we
    # did on p4d.24xlarge"), not one that repeats it ("저번처럼", "like last time")
    r"(?:저번|지난\s*(?:번|주|달|분기|해|학기)|이전|예전|어제|데모\s*때)(?!\s*(?:처럼|같이|과|와|하고|이랑|대로|거|것|꺼))|\b(?:in|during)\s+the\s+demo\b|"
    r"\blast\s+(?:time|run|week|month|quarter|year|job|attempt)\b(?!\s*(?:'s\s+settings|again))|\bpreviously\b|\bprevious\s+run\b|"
    r"\byesterday'?s?\b", re.IGNORECASE)
THIS_TIME = re.compile(r"이번|지금|오늘|this\s+time|\bnow\b|\bthis\s+run\b", re.IGNORECASE)
BREAK = (r"[\n;…]|,(?!(?<=\d,)\d{3}(?!\d))(?![^()\n]*\))|[.!?](?=\s|$)|[ㅠㅜㅋㅎ]{2,}|"  # "g5.12xlarge" is one word; so are
         r"[\U0001F000-\U0001FAFF\u2600-\u27BF]")  # "1,200" and "(tiny, 1500 steps)": a thousands comma or one in brackets
CLAUSE = re.compile(rf"(?:(?!{BREAK}).)+(?:(?:{BREAK})+|$)", re.DOTALL)


def past_runs(text: str) -> str:
    """`text` with the clauses about an earlier run blanked (same length, same offsets): the steps, records or
    instance type used before are not the ones asked for now. A clause that also says "이번" / "this time" stays, but
    for its part before a contrast ("지난번 런은 1200스텝이었는데 이번엔 …")."""
    for clause in CLAUSE.finditer(text):
        past, now = PAST_RUN.search(clause.group()), THIS_TIME.search(clause.group())
        turn = next(CONTRAST.finditer(clause.group(), past.end(), now.start() if now else len(clause.group())), None) if (
            past) else None  # "어제 400에서 발산했으니까 스텝은 200으로": the past ends at its connective
        end = clause.start() + turn.end() if turn else clause.end() if past and not now else None
        if end is not None:
            text = text[:clause.start()] + " " * (end - clause.start()) + text[end:]
    return text


CONTRAST = re.compile(r"(?:는데|ᆫ데|지만|으니까|니까)\s*|\b(?:but|whereas)\s+", re.IGNORECASE)
