"""What a developer pastes from a terminal beside a request, and the code-comment marks around their own words. A
command typed at a prompt ("$ kosum resources"), its listing, a traceback, a log line ("2026-12-06T22:10:22Z INFO …",
"WARN lifecycle: … scheduled to delete"), another bot's notice ("[청구 알림] …", "[RSS봇] 새 기사 1건"), an AWS CLI or
curl error, `ls -l`, `du` and `nvidia-smi` output tell what exists or what went wrong: they are quoted ("> …") as
history, so their words ("delete", "Serving ./outputs/old-run") ask nothing and their ids and paths are read only
when the user's own lines name none. A bare prompt ("$") goes. The marks of a comment ("// 로컬 서빙: …", "# TODO: …",
a message that is one "# …" line) go, the words stay the user's; a comment that only labels what is under it ("//
데모 입력 샘플") goes."""
from __future__ import annotations

import re

PROMPT = re.compile(r"^[ \t]*(?:\$|❯|>>>)[ \t]+\S")  # "$ ls -lh ./data/": a command typed at a prompt
OUTPUT = re.compile("|".join((
    PROMPT.pattern,
    r"^[ \t]*[\w.-]+@[\w.-]+:\S*[$#][ \t]",  # "minji@box:~/kosum$ …"
    r"^[-dlcbps][rwxsStT-]{9}[@+.]?[ \t]",  # ls -l
    r"^[ \t]*\d+(?:[.,]\d+)?[KMGTP]?i?B?\t",  # du -sh
    r"^Traceback \(most recent call last\)",
    r"^[ \t]+File \"[^\"\n]+\", line \d+",
    r"^[ \t]*(?:[a-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Warning|Interrupt|Exit)\b(?::|\(|$)",  # "FileNotFoundError: …"
    r"^[ \t]*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}",  # a timestamped log line
    r"^[ \t]*\[?(?:INFO|WARN|WARNING|ERROR|DEBUG|CRITICAL|FATAL|TRACE)\]?(?:[ \t]|:)",  # a log line by its level
    r"^An error occurred \(\w+\) when calling the \w+ operation",  # the AWS CLI
    r"^[\w-]+: \(\d+\) ",  # "curl: (7) Failed to connect …"
    r"^[ \t]*\S+(?:[ \t]{2,}|\t)(?:\S+(?:[ \t]{2,}|\t))?(?:InService|Creating|Updating|Deleting|Failed|Stopped|Stopping|"
    r"InProgress|Completed|Running|Pending)\b",  # a listing's row: "kosum-ep-22aa      InService" is what exists
    r"^[ \t]*\+[-=+]+\+[ \t]*$",  # nvidia-smi's frame (its rows are a table's, structure.py's)
    r"^(?:Killed|Segmentation fault|Aborted)\b[^\n]*$")), re.MULTILINE)
BOT_LINE = re.compile(r"^[ \t]*(?:[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?[ \t]*)*\[[^\]\n]{0,20}(?:봇|알림|알람|"
                      r"bot|alert|alarm|ci)\][ \t]*\S", re.IGNORECASE)  # "💸 [청구 알림] 일일 비용 $412 …"
BARE_PROMPT = re.compile(r"^[ \t]*(?:\$|❯|>>>)[ \t]*$")
ROW = re.compile(r"\S(?:[ \t]{2,}|\t)\S")  # a listing's row under a command: "kosum-ep-91bc      InService"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
COMMENT = re.compile(r"^([ \t]*)(?://+|#+(?=[ \t]*(?:TODO|FIXME|NOTE|XXX|HACK)\b))[ \t]*"
                     r"(?:(?:TODO|FIXME|NOTE|XXX|HACK)\b(?:\([^)\n]*\))?[ \t]*[:：]?[ \t]*)?", re.MULTILINE)
HASH_LINE = re.compile(r"^[ \t]*#+[ \t]+\S[^\n]*$")


def read(text: str) -> str:
    """`text` with pasted terminal output quoted and bare prompts dropped, when the user wrote a line of their own
    besides; with comment marks dropped from the user's own lines."""
    lines = text.split("\n")
    if lines and all(HASH_LINE.match(line) for line in lines if line.strip()):
        lines = [re.sub(r"^[ \t]*#+[ \t]+", "", line) for line in lines]  # "# before we crash: list everything …"
    lines = [line for index, line in enumerate(lines) if not _label(lines, index)]
    kinds = _kinds(lines)
    if "own" not in kinds.values() or "output" not in kinds.values():
        return "\n".join(COMMENT.sub(r"\1", line) for line in lines)
    return "\n".join(f"> {line}" if kinds[i] == "output" else COMMENT.sub(r"\1", line)
                     for i, line in enumerate(lines) if kinds[i] != "prompt")


ASKS = re.compile(r"(?:[줘죠요다ㄱ?!]|해|봐|자|pls|please|plz)\W*$", re.IGNORECASE)  # a line that asks or tells


def _label(lines: list[str], index: int) -> bool:
    """Whether the line is a short comment that only labels the text under it ("// 데모 입력 샘플" over an article)."""
    line = lines[index]
    return bool(re.match(r"[ \t]*//", line)) and index + 1 < len(lines) and len(lines[index + 1].strip()) >= 80 and (
        not re.match(r"[ \t]*//", lines[index + 1])) and len(line.strip()) <= 30 and not ASKS.search(line)  # prose under it


def _kinds(lines: list[str]) -> dict[int, str]:
    """Each line's kind: "output" (pasted from a terminal), "prompt" (a bare one), "own" (words), or "blank"."""
    kinds: dict[int, str] = {}
    after_command = in_traceback = False
    for index, line in enumerate(lines):
        if not line.strip():
            kinds[index], after_command, in_traceback = "blank", False, False
        elif BARE_PROMPT.match(line):
            kinds[index], after_command, in_traceback = "prompt", False, False
        elif BOT_LINE.match(line):
            kinds[index], after_command, in_traceback = "output", False, False
        elif HANGUL.search(line) and not (after_command and ROW.search(line)):
            kinds[index], after_command, in_traceback = "own", False, False
        elif OUTPUT.match(line) or (after_command and ROW.search(line)) or (in_traceback and line[:1] in " \t"):
            kinds[index] = "output"
            after_command = after_command or bool(PROMPT.match(line))
            in_traceback = in_traceback or line.startswith("Traceback") or line.lstrip().startswith("File \"")
        else:
            kinds[index], after_command, in_traceback = "own", False, False
    return kinds
