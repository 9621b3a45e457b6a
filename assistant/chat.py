"""What a team chat adds around a message, read away before anything else: the bot's own name as an @mention or as
a slash command people invent ("@KoSum", "/kosum 요약 …"), emoji codes (":fire:", ":pray:") and the marks that make
words bold, italic or code ("*small offline model*", "`/mnt/news/`"). "/kosum" was read as a local path to prepare
data from, "*small offline model*" named no preset, and "/kosum 요약 <article>" asked nothing; each is the plain
message it stands for. A power user's settings read as said: '{"max_steps": 50}' as "max_steps: 50", "--steps 300"
as "steps 300". A path or an id keeps its own characters: only marks around words go."""
from __future__ import annotations

import re

ADDRESS = re.compile(r"(?<![\w/.-])[@/]kosum\b(?![/.-]\w)[:,]?", re.IGNORECASE)
EMOJI_CODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]{2,30}:(?![\w:])")
JSON_KEY = re.compile(r"\"(\w+)\"\s*:")  # '{"max_steps": 50}' as 'max_steps: 50', which the parsers read
FLAG = re.compile(r"(?<![\w-])--(max[_-]steps|steps|limit|count|preset|instance[_-]type|instance[_-]count)(?:=|\s+)",
                  re.IGNORECASE)  # "--steps 300", "--limit=50": the setting and its value
MARKED = re.compile(r"(?<![\w*_])([*_]{1,2})(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*_])")  # *bold*, _italic_
CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")  # `code`; a ``` block is structure.py's


def plain(text: str) -> str:
    """`text` without the bot's name, emoji codes and the marks around marked words, its settings as said."""
    text = EMOJI_CODE.sub(" ", ADDRESS.sub(" ", text))
    text = FLAG.sub(lambda match: f"{match[1]} ", JSON_KEY.sub(lambda match: f"{match[1]}:", text))
    return MARKED.sub(lambda match: match[2], CODE.sub(lambda match: match[1], text)).strip() or text
