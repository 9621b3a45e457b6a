"""What a whole message asks, beside what the words around one mention do to it (scope.py): whether it asks to stop
or delete anything at all ("다 내려", "clean up", "teardwon everything"), and whether every clause of it only forbids
("S3는 건드리지 마", "don't deploy"), so a prohibition plans nothing."""
from __future__ import annotations

import re
from typing import Sequence

from assistant.arguments.predicates import ASKS_MIXED, describes_noun, ends_on_action, item_then_note
from assistant.arguments.scope import (DELETE, HANGUL, NEGATORS_EN, WORD_EN, clause_words_before,
                                       korean_reading, negates_next)
from assistant.arguments.told import OUTAGE_EN, states_en
from assistant.arguments.unfit import does_not_fit
from assistant import typos
from assistant.korean import Morpheme, morphemes

REMOVE_KO = {"지우", "삭제", "정리", "철거", "비우", "없애", "날리", "치우", "제거", "청소", "내리", "끄", "밀", "털", "종료", "폐기",
             "파기", "teardown", "cleanup", "delete", "remove", "clean", "wipe", "nuke", "purge", "destroy", "erase"}
REMOVE_EN = re.compile(r"\b(?:delete|remove|wipe|empty|purge|nuke|destroy|decom|decommission|clean|clear|erase|kill|tear|trash|teardown|"
                       r"shut|terminate|stop|off|down|rid)\b|\b(?:can|could|may|should|must|will|has to|have to|"
                       r"needs? to)\s+(?:all\s+|now\s+|safely\s+)?go\b", re.IGNORECASE)  # "everything can go": removed

CLAUSE_EN = re.compile(r"[^,;.!?\n]+")  # "local server down, restart it": the clause "down" is told in
PUT_DOWN_EN = re.compile(r"\b(?:take|took|shut|bring|tear|turn|spin|wind|power|scale|put|pull|knock|close)\b",
                         re.IGNORECASE)  # "take the local server down": an order, whatever else is said

def _removal_verb(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether found[index] is a removal verb; Kiwi splits "내려" as 내+려 ("다 내려줘"), read as 내리 all the same, and
    reads the imperative "꺼." ("kosum-ep-5e1a 꺼.") as the noun 꺼 (것), which a modifier or an owner precedes ("켜진
    꺼", "내 꺼") and a sentence's end follows."""
    form = found[index].form.lower()
    split = form == "내" and index + 1 < len(found) and found[index + 1].form == "려" and found[index + 1].tag == "EC"
    return (form in REMOVE_KO and not _sums_up(found, index)) or split or _turned_off(found, index)


TEXT_NOUNS = {"기사", "글", "뉴스", "내용", "요점", "핵심", "본문", "문장", "줄", "요약"}  # "위 기사 세 줄로 정리": summed up


def _sums_up(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether the 정리 at found[index] sums up a text ("위 기사 세 줄로 정리 부탁드려요"), not a clean-up."""
    if found[index].form != "정리":
        return False
    before = []
    for morpheme in reversed(found[max(0, index - 6):index]):
        if morpheme.tag in {"SF", "EF", "EC"}:  # the clause's own words only
            break
        before.append(morpheme.form)
    return bool(TEXT_NOUNS & set(before))


def _turned_off(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether the noun 꺼 at found[index] is the imperative 꺼 (turn off): it ends its sentence, after no modifier,
    owner or particle."""
    if found[index].form != "꺼" or found[index].tag != "NNB":
        return False
    ends = index + 1 == len(found) or found[index + 1].tag in {"SF", "SE", "SP", "W_EMOJI"}
    before = found[index - 1].tag if index else ""
    return ends and not (before in {"ETM", "NP", "MM"} or before.startswith("J"))


WHEN = {"시", "때", "시점"}  # "작업 종료 시까지": until the job ends


def _an_event(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether the removal noun at `index` names something that happens, not a removal asked for: a time of it ("작업
    종료 시까지 지켜보고", "종료 때까지") or its passive ("학습 종료되면 알려줘")."""
    if found[index].tag != "NNG" or index + 1 >= len(found):
        return False
    after = found[index + 1]
    return (after.form in WHEN and after.tag in {"NNB", "NNG"}) or (after.form == "되" and after.tag == "XSV")


JOB_BEFORE = re.compile(r"(?:train-[\w-]+|학습|훈련|트레이닝|잡|작업|job|training)\s*(?:을|를|은|는|도|만|좀)?\s*$",
                        re.IGNORECASE)
OTHER_KINDS = re.compile(r"엔드포인트|endpoint|서버|server|리소스|resource|버킷|bucket|s3|추론|인퍼런스|inference|"
                         r"kosum-(?!train)", re.IGNORECASE)


def _ends_a_job(text: str, found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether "종료" ends only a training job ("train-… 종료 바람", "학습 종료해줘"): a job is stopped, not cleaned up;
    with an endpoint or another resource named too, it is a removal."""
    return found[index].form == "종료" and bool(JOB_BEFORE.search(text[:found[index].start])) and not (
        OTHER_KINDS.search(text))


STOP_JOB_EN = re.compile(r"\b(?:stop|halt|kill|cancel|abort|terminate|pause)\s+(?:the\s+|that\s+|this\s+)?(?:(?:training\s+)?"
                         r"(?:job|run)\s+)?train-[\w-]+", re.IGNORECASE)  # "Please stop train-…": a job stopped
SIGNED_OFF_EN = re.compile(r"\b(?:sign(?:s|ed)?|log(?:s|ged)?|day|time)\s+off\b", re.IGNORECASE)  # "the CFO signed off": no removal


def stops_only_jobs(text: str) -> bool:
    """Whether an English message's removal verbs only stop training jobs it names ("Please stop train-…. Leave
    train-… alone"): the jobs are stopped, nothing is cleaned up."""
    rest = SIGNED_OFF_EN.sub(" ", STOP_JOB_EN.sub(" ", text))
    return not HANGUL.search(text) and bool(STOP_JOB_EN.search(text)) and not _asks_to_remove_en(rest)


def asks_to_remove(text: str) -> bool:
    """Whether the message asks to stop or delete something at all, with a verb that is not negated ("다 내려",
    "clean up"), as opposed to "아무것도 지우지 마" or "don't delete anything"; an English verb typed with one slip
    counts ("teardwon", "delte"). A "down" in a clause that only tells how things are ("local server down.") says a
    place is out of service, and asks nothing removed."""
    text = typos.corrected(text)
    if HANGUL.search(text):
        found = morphemes(text)
        for index, morpheme in enumerate(found):
            if _removal_verb(found, index) and morpheme.tag not in {"ETM", "EC", "EF"} and not (
                    _an_event(found, index) or _ends_a_job(text, found, index)):
                negated_before = (index > 0 and negates_next(found, index - 1)) or (
                    index > 1 and found[index - 1].tag == "NNG" and negates_next(found, index - 2))
                if not korean_reading(text, morpheme.start).negated and not negated_before:
                    return True
        return _asks_to_remove_en(text, mixed=True)  # "spin down everything … 부탁해요", not "delete 하지 마"
    return _asks_to_remove_en(text)


NEGATED_AFTER_KO = re.compile(r"[^,.!?\n]{0,15}?(?:하지|말|마|않|안|못|금지|빼|남기|두)")  # "delete 하지 마", "wipe 말고"


def _asks_to_remove_en(text: str, mixed: bool = False) -> bool:
    """An English removal verb not negated before it, nor (in a mixed message) by Korean words after it."""
    for match in REMOVE_EN.finditer(text):
        if mixed and NEGATED_AFTER_KO.match(text, match.end()):
            continue
        if OUTAGE_EN.fullmatch(match.group()) and _told(text, match.start()):
            continue
        before = [m.group().lower() for m in WORD_EN.finditer(text, 0, match.start())]
        if not any(word in NEGATORS_EN for word in clause_words_before(before, but_excepts=False)):
            return True
    return False


def _told(text: str, at: int) -> bool:
    """Whether the English clause around text[at] only tells how things are, beside another clause that asks
    ("local server down. restart it locally"), not "shut the local server down", nor "everything down by tonight"
    said alone (then it is what is asked)."""
    clauses = [m for m in CLAUSE_EN.finditer(text) if m.group().strip()]
    own = next((m for m in clauses if m.start() <= at < m.end()), None)
    return bool(own) and not PUT_DOWN_EN.search(own.group()) and states_en(own.group()) and any(
        not states_en(m.group()) for m in clauses if m is not own)


PUT_OFF = {"보류", "미루"}  # a step put on hold


def _modifies(found: Sequence[Morpheme], index: int) -> bool:
    """Whether the verb at `index` describes a noun ("보류한 거", "미뤄둔 평가") before its clause ends."""
    for morpheme in found[index + 1:index + 5]:
        if morpheme.tag in {"ETM", "EF"}:
            return morpheme.tag == "ETM"
    return False


def forbids_only(text: str) -> bool:
    """Whether every clause of the message that says something is negated ("S3는 건드리지 마", "아무것도 지우지 마",
    "don't deploy"): a prohibition asks for nothing, so nothing is planned. A clause saying a model does not fit
    ("8B는 g5.2xlarge에서 안 돌아가니 …") is a reason, not a prohibition; so is "just start it, steps는 안 정할게요"."""
    if not HANGUL.search(text):
        forbids = re.match(r"^\s*(?:please\s+)?(?:don't|dont|do not|never|hold off)\b", text, re.IGNORECASE)
        return bool(forbids) and not re.search(r"[,;.]\s*\w|\b(?:but|and|then|instead)\b", text, re.IGNORECASE)
    clauses: list[bool] = [False] if ASKS_MIXED.search(text) else []  # per clause with a predicate: whether negated
    found = morphemes(text)
    predicate = negated = False
    begin = 0
    for index, morpheme in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if morpheme.tag in {"VV", "VA", "XSV", "XSA"} or (morpheme.tag == "NNG" and morpheme.form in DELETE) or (
                morpheme.tag == "VX" and morpheme.form == "하") or ends_on_action(found, index):  # "…게 해줘", "… 학습 시작"
            predicate = True
        if describes_noun(found, index):  # "안 꺼진 endpoint …": the negation picks the thing, forbids nothing
            negated = False
        if (morpheme.tag == "VX" and morpheme.form in {"않", "말", "못하"} and index and found[index - 1].tag == "EC") or (
                negates_next(found, index)) or morpheme.form == "금지" or (morpheme.form in PUT_OFF and not _modifies(found, index)):  # "배포는 보류하십시오" (not "보류한 거"): not now
            negated = True
        purpose = morpheme.tag == "EC" and morpheme.form in {"게", "도록"}  # "안 나가게 해줘": the negation is the aim's
        done_noun = morpheme.tag == "JC" and morpheme.form == "하고" and index and found[index - 1].form in DELETE
        ends = morpheme.tag in {"EF", "SF", "SE"} or done_noun or item_then_note(found, index) or (morpheme.tag == "EC" and (purpose or not (
            following and following.tag == "VX")))  # "A만 삭제하고 …": Kiwi reads 하고 after an action noun as a particle
        ends = ends or bool(following and "\n" in text[morpheme.end:following.start])  # a form's line is a clause
        if ends or following is None:
            if predicate and not (negated and does_not_fit(text[begin:morpheme.end])):
                clauses.append(negated)
            predicate = negated = False
            begin = morpheme.end
    return bool(clauses) and all(clauses)
