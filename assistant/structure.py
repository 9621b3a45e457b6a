"""The request in a message written as a document (Markdown headings, bullet lists, tables, code blocks, numbered
plans): code blocks and tables are what exists or what happened (a pasted list, a log, a config), headings are labels,
and a plan's done, struck or later items are context. A pointer to one item ("지금은 2번만 진행해 주세요", "Please kick
off step 2 now", "← 이거 지금 부탁드려요", "Please do the last item") makes that item the request; the other items are
the plan around it. In standup notes ("어제: … / 오늘: … / 이슈: …", "Yesterday / Today / Blockers") yesterday's
items are done: only the ids they name stay, for "stop it" to point to. A message without such structure is returned
as it is."""
from __future__ import annotations

import re

FENCED = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
TABLE_LINE = re.compile(r"^[ \t]*\|.*$", re.MULTILINE)
HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+.*$", re.MULTILINE)
ITEM = re.compile(r"^[ \t]*(?:(?:[-*+][ \t]*)?(?:\[(?P<box>[ xX])\]|(?P<mark>✅|✔\ufe0f?|☑\ufe0f?|⬜|☐|🔲))[ \t]*"
                  r"(?:(?P<boxed>\d{1,2})(?:[.)]|번)[ \t]+)?|(?:(?P<number>\d{1,2})[.)]|[-*+])[ \t]+)(?P<text>\S.*)$",
                  re.MULTILINE)  # "1. …", "- [x] …", "[ ] 3. …", "✅ …", "⬜ 3번 …"
CHECKED = {"x", "X", "✅", "✔", "✔\ufe0f", "☑", "☑\ufe0f"}
DONE = re.compile(r"~~.+?~~|✅|✔|☑|\b(?:done|finished|completed)\b|완료|끝남|끝났", re.IGNORECASE)
LATER = re.compile(r"^\W*\(?\s*(?:나중에|추후|다음에|later|next week|tbd)\s*\)", re.IGNORECASE)
POINTER = re.compile(  # "2번만", "2번 항목", "step 2", "item #3", "no. 2": the plan item the request points to
    r"(?<![\d.])(?P<ko>\d{1,2})\s*번(?:\s*(?:항목|단계|스텝))?(?=만|을|를|은|는|이|부터|\s|$|[,.!])|"
    r"(?:\b(?:step|item|task|point|no\.?|number)\s*#?|(?<![\w#])#)(?P<en>\d{1,2})\b", re.IGNORECASE)  # "knock out #3"
LAST_ITEM = re.compile(r"\b(?:the\s+)?last\s+(?:item|step|one|task|point)\b|마지막\s*(?:항목|단계|거|것|일)", re.IGNORECASE)
USES_BLOCK = re.compile(r"(?:아래|다음|밑에|이)\s*(?:설정|config|구성|값|스펙|옵션)\s*(?:으로|대로|로|을|를)|\b(?:with|using|use)\s+"
                        r"(?:this|these|the following|the|my)\s+(?:config|settings?|values?|spec|options?)\b"
                        r"(?!\s+(?:from|of)\s+(?:last|before|yesterday))", re.IGNORECASE)
MARKER = re.compile(r"(?:←|⬅\ufe0f?|<-+|👈)")  # "3. 50건 평가 ← 이거 지금 부탁드려요"


STANDUP = re.compile(r"(?:^|(?<=[/|\n])|(?<=[.!] ))[ \t]*(?P<label>어제|오늘|이슈|블로커|내일|yesterday|today|blockers?|issues?|"
                     r"tomorrow)[ \t]*[:：]", re.IGNORECASE | re.MULTILINE)
PAST_LABELS = {"어제", "yesterday"}
NOTHING = re.compile(r"^[ \t]*(?:없음|없어요|없습니다|none|n/?a|nothing|[-—])(?=\W|$)[.,]?", re.IGNORECASE)  # "이슈: 없음"
TODAYS = re.compile(r"오늘\s*(?:거|것|꺼|건|항목|할\s*일)|\btoday'?s(?:\s+(?:item|one|task))?(?![\w'])", re.IGNORECASE)


def standup_request(text: str) -> str:
    """Standup notes with yesterday's items reduced to the ids they name, the labels and empty blockers ("이슈: 없음")
    left out, and "오늘 거" / "today's" pointing to today's item; unchanged without a today and another label."""
    labels = list(STANDUP.finditer(text))
    if not any(m["label"].lower() in {"오늘", "today"} for m in labels) or len(labels) < 2:
        return text
    pieces, at = [], 0
    for index, label in enumerate(labels):
        pieces.append(text[at:label.start()])
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        newline = text.find("\n", label.end(), stop)
        at = stop if newline < 0 else newline
        section = text[label.end():at]
        if label["label"].lower() in PAST_LABELS:
            section = _referents(section)
        section = NOTHING.sub("", section).strip(" \t/|—-")
        pieces.append(f"{section}\n" if section else "")
    pieces.append(text[at:].lstrip("\n"))
    return TODAYS.sub(lambda m: "이 항목" if m.group().startswith("오늘") else "this item", "".join(pieces)).strip()


def request_text(text: str) -> str:
    """`text` without its code blocks, tables and headings, and, in a numbered or checked plan, with only the items
    still to do, or only the one a pointer names; unchanged when it has none of these."""
    blocks = standup_request(FENCED.sub("\n", text))
    if USES_BLOCK.search(blocks):  # "아래 설정으로 … 생성 부탁드립니다": the block is what to use; its fences go
        blocks = re.sub(r"^[ \t]*(?:```|~~~)[^\n]*$", "", text, flags=re.MULTILINE)
    said = TABLE_LINE.sub("", blocks)  # the words around the tables: which rows they point to
    follows, names = bool(USES_TABLE.search(said)), {(m["en"] or m["ko"]).strip().lower() for m in ROW_POINTER.finditer(said)}
    plain = HEADING.sub("", TABLE_LINE.sub(lambda line: _pointed_row(line.group(), follows, names), blocks))
    items = list(ITEM.finditer(plain))
    plan = [item for item in items if _number(item) or item["box"] or item["mark"]]
    if len(plan) >= 2:
        plain = _plan_request(plain, plan)
    plain = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", plain).strip()
    return plain if plain != text.strip() else text


ROW_POINTER = re.compile(r"\bthe\s+(?P<en>[\w .&'-]{1,30}?)\s+row\b|(?P<ko>[\w.&-]{1,20}(?:\s[\w.&-]{1,20})?)\s*(?:행|줄|row)"
                         r"(?:만|으로|로|을|를|은|는)?(?![가-힣])", re.IGNORECASE)  # "Deploy the Channel On row", "채널온 행으로"


def _pointed_row(line: str, follows: bool, names: set[str]) -> str:
    """A table's row the message points to by its first cell, one of `names` ("Deploy the Channel On row to
    SageMaker"), or every row of a table the message `follows` ("위 표대로"), as plain words the arguments are read
    from; any other row, like a table's header, goes."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells):
        return ""
    if follows:  # "위 표대로 지금 진행해 주세요": each row is what to do
        return " ".join(cells)
    return " ".join(cells) if cells and cells[0] and cells[0].lower() in names else ""


USES_TABLE = re.compile(r"(?:위|아래|다음|이)\s*표(?:대로|처럼|와\s*같이|에\s*(?:적힌|나온)\s*대로)|\b(?:as|per)\s+(?:in\s+)?the\s+"
                        r"(?:table|form)\b", re.IGNORECASE)


def _plan_request(text: str, plan: list[re.Match]) -> str:
    """The plan's lines reduced to the item the request points to, else to the items not done, struck or later."""
    spans = [item.span() for item in plan]
    pointers = [m for m in POINTER.finditer(text) if not any(s <= m.start() < e for s, e in spans)]
    chosen = [item for item in plan if MARKER.search(item["text"])]
    edits: list[tuple[int, int, str]] = []
    if not chosen and pointers:
        number = pointers[0]["ko"] or pointers[0]["en"]
        chosen = [item for item in plan if _number(item) == number]
        if chosen:  # "2번만" names the item now, not a count or a number of steps
            edits.append((pointers[0].start(), pointers[0].end(), "이 항목" if pointers[0]["ko"] else "this item"))
    if not chosen and any(not any(s <= m.start() < e for s, e in spans) for m in LAST_ITEM.finditer(text)):
        chosen = [plan[-1]]
    if not chosen:
        chosen = [item for item in plan if not _done(item)]
    pointing = any(PRONOUN.search(item["text"]) for item in chosen)  # "serve it locally": the done item's path stays
    edits += [(item.start(), item.end(), _referents(item["text"]) if pointing else "") for item in plan if item not in chosen]
    edits += [(item.start(), item.start("text"), "") for item in chosen if item["box"] or item["mark"]]  # "[ ] 3. "
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _done(item: re.Match) -> bool:
    """A plan item done, struck or put off: context, not the request."""
    said = NOTE.sub("", item["text"])  # "… 삭제하기 바람(이관 완료 확인됨)": a note in brackets says why, not that it is done
    return (item["box"] or item["mark"]) in CHECKED or bool(DONE.search(said) and not ASKS.search(said)) or bool(
        LATER.search(item["text"]))


NOTE = re.compile(r"\([^()\n]*\)")
ASKS = re.compile(r"바람|바랍니다|요망|할\s*것|주세요|주십시오|\bplease\b", re.IGNORECASE)  # an item that asks is still to do


PRONOUN = re.compile(r"\b(?:it|that|them|those)\b|그거|그것|그걸|걔|(?<![가-힣])그\s+(?:모델|잡|작업|엔드포인트|endpoint|job)", re.IGNORECASE)


def _referents(text: str) -> str:
    """The paths and ids a done item names ("merged adapter into ./outputs/kosum-merged-v2"), for a pronoun to point to."""
    from assistant.arguments.names import JOB_ID, PATH, RESOURCE_ID

    return " ".join(dict.fromkeys(m.group() for p in (PATH, JOB_ID, RESOURCE_ID) for m in p.finditer(text)))


def _number(item: re.Match) -> str | None:
    """The number a plan item is labelled with ("3. …", "[ ] 3. …", "⬜ 3번 …"), if any."""
    return item["number"] or item["boxed"]


def only_job(text: str) -> str | None:
    """The one job id a message's pasted block or table names ("```kosum-local-003 Running …```\n이거 중단시켜 주세요"):
    pointing at a listing of one job names it; None when it lists none or several."""
    from assistant.arguments.ids import job_ids

    pasted = "\n".join(m.group() for m in FENCED.finditer(text)) + "\n" + "\n".join(TABLE_LINE.findall(text))
    found = set(job_ids(pasted))
    return found.pop() if len(found) == 1 else None


LISTED_NAME = re.compile(r"(?<![a-z0-9.-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![a-z0-9.-])", re.IGNORECASE)  # "kosum-b2", a row's id


def named_job(text: str, request: str) -> str | None:
    """The one id of a pasted block or table that the request names ("| kosum-b2 | InProgress |…\n이 중에서 kosum-b2만
    중단해 주세요"): a listing's ids may be shorter than the shapes read anywhere else; None unless exactly one is named."""
    pasted = "\n".join(m.group() for m in FENCED.finditer(text)) + "\n" + "\n".join(TABLE_LINE.findall(text))
    listed = {m.group() for m in LISTED_NAME.finditer(pasted) if re.search(r"\d", m.group())}
    named = {name for name in listed if re.search(rf"(?<![a-z0-9.-]){re.escape(name)}(?![a-z0-9.-])", request, re.I)}
    return named.pop() if len(named) == 1 else None
