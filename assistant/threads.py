"""A chat thread or a handover note pasted whole: which lines are history and which one is asked for now.

- A thread's quoted lines ("> 어제 18:40 윤: …") are history, the lines after them the request. A value the request
  names (a job id, a folder, an instance type, a count) is the one asked for; the history's is read only when the
  request names none of that kind ("그거 멈춰줘": the job quoted), so an earlier line never overrides a newer one.
- A request that defers to a quoted instruction ("팀장님 말씀대로 평가 진행 부탁", "오후 지시대로 처리해주세요", "as Tom
  said", "Tom's last call stands") asks for that instruction: its line is read as the user's own, with its arguments.
- A handover note's done items and its other lines ("- 완료: …", "- DONE: …", its header, a phone number) are history;
  its item left to do ("- 남은 일: …", "LEFT FOR YOU: …", "todo: …") is the request."""
from __future__ import annotations

import re
from typing import Callable, TypeVar

T = TypeVar("T")

LABEL = r"^[ \t]*(?:[-*•·][ \t]*)?(?:{words})(?:[ \t]*\([^)\n]{{0,20}}\))?[ \t]*[:：][ \t]*"
DONE_ITEM = re.compile(LABEL.format(words=r"완료|끝난\s*(?:일|것|거)|한\s*일|done|finished|completed"),
                       re.IGNORECASE | re.MULTILINE)
LEFT_ITEM = re.compile(LABEL.format(words=r"남은\s*(?:일|것|거|작업)|할\s*일|해야\s*할\s*(?:일|것)|"
                                          r"to\s*-?\s*do(?:\s+now)?|left\s+(?:for\s+you|to\s+do)|remaining|next\s+up"),
                       re.IGNORECASE | re.MULTILINE)
HANDOVER = re.compile(r"인수\s*인계|인계\s*사항|hand\s*-?\s*(?:over|off)|shift\s+notes?", re.IGNORECASE)
SPEAKER_LINE = re.compile(  # "> 어제 18:40 윤: …", "> 팀장 (오후): …": who said it (and when), then what was said
    r"^[ \t]*(?:>|&gt;)[ \t]*(?P<label>(?:\d{1,2}:\d{2}|[^:：\n]){1,40}?)[ \t]*[:：][ \t]+(?P<said>\S[^\n]*)$",
    re.MULTILINE)
DEFERS = re.compile(  # the instruction deferred to, by who gave it or when
    r"(?<![\w])(?P<ko>[가-힣A-Za-z]{2,}?)(?:님)?(?:이|가|께서|의)?\s*(?:말씀|지시|얘기|이야기|요청|결정)(?:하신|한|했던|하셨던|주신)?"
    r"\s*(?:대로|처럼)|\b(?:as|like)\s+(?P<as>[A-Za-z]\w+)\s+(?:said|asked|wrote|suggested|decided)\b|"
    r"\b(?P<whose>[A-Za-z]\w+)'s\s+(?:last\s+|latest\s+|final\s+)?"
    r"(?:call|message|decision|word|instruction|suggestion)\b",
    re.IGNORECASE)


RELAYED_LINE = re.compile(  # 'SA: "tear it all down but keep the bucket"': who said it, then what was said, in quotes
    r"^[ \t]*(?:>|&gt;)?[ \t]*(?P<label>[^:：\n\"“]{1,30}?)[ \t]*[:：][ \t]*[\"“](?P<said>[^\"”\n]+)[\"”][ \t]*$", re.MULTILINE)
AGREES = re.compile(r"동의(?:합니다|해요|함|하고)|(?:그렇게|그대로)\s*(?:ㄱ+|진행|가(?:죠|자|요)|하(?:죠|자|세요)|해\s*주세요|해\s*줘)|"
                    r"\b(?:agreed|sounds good|let'?s do (?:that|it)|do as (?:he|she|they) (?:says?|said))\b", re.IGNORECASE)

FILLERS = re.compile(r"[\W\u3131-\u318e]*(?:(?:네|넵|예|응|ok|okay|yes|yep)[\W\u3131-\u318e]*)*", re.IGNORECASE)  # "→ 네 "


def read(text: str) -> str:
    """`text` with a handover note's history quoted and the instruction its request defers to unquoted."""
    return _agreed(_deferred(_handover(text)))


def _handover(text: str) -> str:
    """A handover note with an item left to do: that item (its label dropped) as the request, every other line quoted
    as history; any other text unchanged."""
    lines = text.split("\n")
    left = [i for i, line in enumerate(lines) if LEFT_ITEM.match(line) and LEFT_ITEM.sub("", line).strip()]
    if not left or not (HANDOVER.search(lines[0]) or any(DONE_ITEM.match(line) for line in lines)):
        return text
    return "\n".join(LEFT_ITEM.sub("", line) if i in left else f"> {line}" if line.strip() else line
                     for i, line in enumerate(lines))


def _deferred(text: str) -> str:
    """`text` with the latest quoted line of the one the request defers to ("팀장님 말씀대로", "오후 지시대로": the line
    labelled 팀장, or 오후) read as the user's own: the quote's label dropped, what was said kept in its place."""
    quoted = list(SPEAKER_LINE.finditer(text))
    own = SPEAKER_LINE.sub(lambda m: " " * len(m.group()), text)
    if not quoted or not own.strip():
        return text
    for match in DEFERS.finditer(own):
        who = (match["ko"] or match["as"] or match["whose"]).lower()
        said = [line for line in quoted if who in line["label"].lower()]
        if said:
            line = said[-1]
            return text[:line.start()] + line["said"] + text[line.end():]
    return text


def _agreed(text: str) -> str:
    """The one relayed instruction a reply agrees to ('SA: "tear it all down but keep the bucket"\n→ ㅇㅇ 동의합니다
    그렇게 ㄱㄱ'), read as the user's own request in place of the agreement; any other text unchanged."""
    quoted = list(RELAYED_LINE.finditer(text)) or list(SPEAKER_LINE.finditer(text))
    if len(quoted) != 1:
        return text
    line = quoted[0]
    own = text[:line.start()] + text[line.end():]
    if not AGREES.search(own) or DEFERS.search(own):
        return text
    rest = AGREES.sub("", own)
    return line["said"] + ("" if FILLERS.fullmatch(rest) else "\n" + rest)


def own_first(reader: Callable[[str], T], own: str, text: str, named: Callable[[T], bool] = bool) -> T:
    """The value `reader` finds in the user's own lines (`own`: the quoted history blanked), when they name one
    (`named`); else the one in the whole message, history included (the referent of "그거 멈춰줘")."""
    if own != text:
        value = reader(own)
        if named(value):
            return value
    return reader(text)
