"""A message that asks to do it again: alone ("once more", "one more time pls", "한번만 더 ㄱ", "다시 한 번 돌려"), the
previous action of this conversation, read from the words when the classifier has not seen them; with an argument
changed ("once more with smol", "다시 한 번, 이번엔 300스텝으로"), the previous call with that argument changed, when
its tool takes it and no other step is named; asking to explain again ("한 번 더 설명해줘") is no repeat of a tool."""
from __future__ import annotations

import re
from typing import Any, Callable

from assistant import arguments

AGAIN = r"(?:again|once\s+more|one\s+more\s+time|(?:same|that)\s+(?:one\s+|thing\s+)?again|다시(?:\s*한\s*번)?|" \
        r"한\s*번만?\s*더|또\s*한\s*번)"
FILLER = r"(?:\s|[.!~?…]|ㄱ+|pls|plz|please|do\s+it|do\s+that|run\s+it|좀|해|해줘|해\s*주세요|돌려|돌려줘|돌려\s*주세요|가자|ㄱㄱ)*"
ONLY_AGAIN = re.compile(rf"{FILLER}{AGAIN}{FILLER}", re.IGNORECASE)
SAYS_AGAIN = re.compile(rf"(?<![가-힣a-z]){AGAIN}(?![a-z])", re.IGNORECASE)
JOINED = re.compile(rf"{AGAIN}(?:\s*[,.]?\s*(?:but|with|this\s+time|only|just)\b)*", re.IGNORECASE)  # "once more but
# 500 steps": the words that join the change to "again" are no scope of it (not "all but 500")
EXPLAIN = re.compile(r"설명|\bexplain", re.IGNORECASE)  # what is asked again is words
PARSERS: dict[str, Callable[[str], Any]] = {  # the arguments a repeat may change, each read by its own parser
    "preset": lambda text: arguments.preset(text)[0], "max_steps": arguments.max_steps,
    "instance_type": lambda text: arguments.instance_type(text)[0],
    "instance_count": lambda text: arguments.instance_count(text).value, "limit": arguments.record_limit,
    "timeout_s": arguments.wait_seconds, "job_id": arguments.job_id, "model": arguments.model_folder}


def only_again(text: str) -> bool:
    """Whether the message says nothing but "again", with its fillers ("pls", "ㄱ", "돌려")."""
    return len(text) < 60 and bool(ONLY_AGAIN.fullmatch(text.strip()))


def says_again(text: str) -> bool:
    """Whether a short message asks to do something again, alone or with something else said."""
    return len(text) < 80 and bool(SAYS_AGAIN.search(text))


def explains_again(text: str) -> bool:
    """"한 번 더 설명해줘", "explain that again": an explanation asked for again, not a tool call repeated."""
    return says_again(text) and bool(EXPLAIN.search(text))


def changed(tool: str, args: dict[str, Any], text: str) -> dict[str, Any] | None:
    """The previous call's arguments with those the message names changed ("once more with smol": preset smol),
    the ones it does not name kept; None when it names none that the tool takes."""
    from assistant.actions import ACTIONS

    if tool not in ACTIONS:
        return None
    rest = JOINED.sub(lambda m: " " * len(m.group()), text)
    changes = {name: value for name, parse in PARSERS.items() if name in ACTIONS[tool].args.model_fields
               and (value := parse(rest)) is not None}
    return {**args, **changes} if changes else None
