"""A message that only asks to do it again ("once more", "one more time pls", "한번만 더 ㄱ", "다시 한 번 돌려"): the
previous action of this conversation, read from the words when the classifier has not seen them. Anything else said
(a step, a preset, "설명해줘") makes it another request, read as usual."""
from __future__ import annotations

import re

AGAIN = r"(?:again|once\s+more|one\s+more\s+time|(?:same|that)\s+(?:one\s+|thing\s+)?again|다시(?:\s*한\s*번)?|" \
        r"한\s*번만?\s*더|또\s*한\s*번)"
FILLER = r"(?:\s|[.!~?…]|ㄱ+|pls|plz|please|do\s+it|do\s+that|run\s+it|좀|해|해줘|해\s*주세요|돌려|돌려줘|돌려\s*주세요|가자|ㄱㄱ)*"
ONLY_AGAIN = re.compile(rf"{FILLER}{AGAIN}{FILLER}", re.IGNORECASE)


def only_again(text: str) -> bool:
    """Whether the message says nothing but "again", with its fillers ("pls", "ㄱ", "돌려")."""
    return len(text) < 60 and bool(ONLY_AGAIN.fullmatch(text.strip()))
