"""What a request written as a form says a clean-up removes: a ticket's "대상: A, B" / "제외 대상: C" / "S3: 유지" lines,
a YAML snippet's "delete:" and "keep:" lists, a JSON blob's "targets", "keep" and "delete_s3", a table's "| 범위 | … |"
rows. Each field's key says what its ids are for, so an id under "keep" is never planned, and the S3 field settles
the S3 scope; None where the message has no such fields."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.arguments.ids import named_ids

DELETE_KEY = re.compile(r"(?:delete|remove|targets?|to[\s_-]*delete|teardown|삭제(?:\s*대상)?|정리\s*대상|대상"
                        r"(?:\s*리소스)?)", re.IGNORECASE)  # not a listing's "id": what exists is no target
KEEP_KEY = re.compile(r"(?:keep(?:[\s_-]*ids)?|excluded?|exclusions?|skip|do[\s_-]*not[\s_-]*touch|don'?t[\s_-]*touch|"
                      r"제외(?:\s*대상)?|유지(?:\s*대상)?|보존(?:\s*대상)?|존치(?:\s*대상)?)", re.IGNORECASE)
S3_KEY = re.compile(r"(?P<keep>keep[\s_-]*)?(?:(?:delete|include|purge)[\s_-]*)?(?:s3|buckets?|버킷)(?:\s*(?:버킷|bucket|데이터))?",
                    re.IGNORECASE)
S3_KEPT = re.compile(r"^\W*(?:false|no|0|off|유지|보존|보관|남김|남기|keep|kept|retain|건드리지|손대지|삭제\s*금지|제외)", re.I)
S3_GONE = re.compile(r"^\W*(?:true|yes|1|on|삭제|포함|delete|remove|purge|include|지워|비워)", re.IGNORECASE)
S3_WORDS = re.compile(r"\bs3\b|buckets?|버킷", re.IGNORECASE)
LINE = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?(?P<key>[^\s:：|{}\[\]\"'][^:：|{}\[\]\"'\n]{0,24}?)[ \t]*[:：][ \t]*(?P<value>[^\n]*)$",
                  re.MULTILINE)
ROW = re.compile(r"^[ \t]*\|[ \t]*(?P<key>[^|\n]{1,24}?)[ \t]*\|[ \t]*(?P<value>[^|\n]*?)[ \t]*\|[ \t]*$", re.MULTILINE)
LIST_ITEM = re.compile(r"(?:[ \t]*\n)*(?P<items>(?:[ \t]+(?:-|[가-하][.)]|\(?\d{1,2}[.)])[ \t]+[^\n]*(?:\n|$))+)")  # a YAML
# list under its key, or a memo's "가. …" / "1) …" items under its heading
HEADING = re.compile(r"^[ \t]*(?:\d{1,2}[.)][ \t]*)?(?P<key>[^\s:：|{}\[\]\"'][^:：|{}\[\]\"'\n]{0,24}?)[ \t]*$",
                     re.MULTILINE)  # "2. 정리 대상" over its items
BELOW = re.compile(r"아래|다음|\b(?:below|following)\b", re.IGNORECASE)  # a heading that points at its items
MARKER = re.compile(r"^(?:\d{1,2}[.)]|[가-하][.)]|[-*•])[ \t]*")  # "3. 존치 대상: …": the item's number is not the key
JSON_FIELD = re.compile(r"[{,][ \t]*[\"']?(?P<key>[\w -]{1,24}?)[\"']?[ \t]*:[ \t]*(?P<value>\[[^\]]*\]|\"[^\"]*\"|[^,}\n]*)")  # a
# JSON object's field, its key quoted or not (as a chat client may have left it)


@dataclass(frozen=True)
class Fields:
    delete: list[str]
    keep: list[str]
    s3: bool | None


def teardown_fields(text: str) -> Fields | None:
    """The ids a form's fields delete and keep, and its S3 setting; None when no field names an id to delete."""
    from assistant.arguments.asks import asks_to_remove

    delete: list[str] = []
    keep: list[str] = []
    s3: bool | None = None
    for key, value in _pairs(text):
        ids = [m.group() for m in named_ids(value)]
        if (setting := S3_KEY.fullmatch(key)) is not None:
            said = _s3_said(value)
            s3 = s3 if said is None else (not said if setting["keep"] else said)
        elif KEEP_KEY.fullmatch(key):
            keep += ids
            if S3_WORDS.search(value):
                s3 = False  # "keep:\n  - s3 buckets"
        elif DELETE_KEY.fullmatch(key) or (BELOW.search(key) and asks_to_remove(key)):  # "아래 resource teardown 요청함."
            delete += ids
    delete = [i for i in dict.fromkeys(delete) if i not in keep]
    return Fields(delete, keep, s3) if delete else None


def _s3_said(value: str) -> bool | None:
    return False if S3_KEPT.match(value) else True if S3_GONE.match(value) else None


def _pairs(text: str) -> list[tuple[str, str]]:
    """(key, value) of every field: a JSON object's, "key: value" lines (a YAML list under an empty value is its
    value; so are a memo's items under a heading) and two-cell table rows."""
    pairs: list[tuple[str, str]] = []
    pairs += [(field["key"].strip(), field["value"]) for field in JSON_FIELD.finditer(text)]
    for line in LINE.finditer(text):
        value = line["value"]
        if not value.strip() and (items := LIST_ITEM.match(text, line.end() + 1)):
            value = items["items"]
        pairs.append((MARKER.sub("", line["key"].strip()), value))
    pairs += [(heading["key"].strip(), items["items"]) for heading in HEADING.finditer(text)
              if (items := LIST_ITEM.match(text, heading.end() + 1))]
    pairs += [(row["key"].strip(), row["value"]) for row in ROW.finditer(text)]
    return pairs
