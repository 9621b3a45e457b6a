"""Instance types spoken rather than typed, as voice dictation writes them: "p four d twenty four x large", "g five
four x large", "지 파이브 투엑스라지", "엠엘 점 지 파이브 점 십이 엑스라지", "ml 점 g5 점 12xlarge", and product names
spelled in Hangul ("에스쓰리"). They are rewritten as typed ("ml.p4d.24xlarge", "S3"), so every reader sees them.
Conservative: a family is only rewritten with its size, and only when SageMaker has that family (an unknown size is
kept, so the brain asks about it); a size alone only in its "x large" form ("the two x large"), and a GPU family alone
as its family ("지 파이브로": g5), so a half reading asks which size rather than reading the default."""
from __future__ import annotations

import re

from assistant.arguments.instances import SIZES

ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "원": 1, "투": 2, "쓰리": 3, "포": 4, "파이브": 5, "식스": 6, "세븐": 7, "에잇": 8, "나인": 9}
SIZE_WORDS = {**ONES, "twelve": 12, "sixteen": 16, "eighteen": 18, "twenty four": 24, "thirty two": 32,
              "forty eight": 48, "트웰브": 12, "식스틴": 16, "에이틴": 18, "트웬티\\s*포": 24, "써티\\s*투": 32,
              "포티\\s*에잇": 48, "일": 1, "이": 2, "사": 4, "팔": 8, "구": 9, "십이": 12, "십육": 16, "십팔": 18,
              "이십사": 24, "삼십이": 32, "사십팔": 48}
LETTERS = {"p": "p", "g": "g", "m": "m", "c": "c", "t": "t", "피": "p", "지": "g", "엠": "m", "씨": "c", "티": "t"}
SUFFIXES = {"d\\s*n": "dn", "d\\s*e": "de", "e\\s*n": "en", "d": "d", "e": "e", "디\\s*엔": "dn", "디\\s*이": "de",
            "이\\s*엔": "en", "디": "d", "이": "e"}


def _any(words: dict[str, object]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # the longest first: "twenty four", not "twenty"


DOT = r"\s*(?:\.|점|닷|\bdot\b)\s*"
EDGE, AFTER = r"(?<![A-Za-z0-9가-힣.])", r"(?![A-Za-z0-9])"
FAMILY = (r"(?:(?P<typed>[cgmpt]\d[a-z]*)|(?P<letter>" + _any(LETTERS) + r")\s*(?P<gen>\d|" + _any(ONES) +
          r")(?:\s*(?P<suffix>" + _any(SUFFIXES) + r"))?)")
SIZE = (r"(?:(?P<number>\d+|" + _any(SIZE_WORDS) + r")?\s*-?\s*(?P<x>x|엑스)\s*-?\s*(?:large|라지)|(?P<bare>large|medium|"
        r"라지|미디엄))")
SPOKEN = re.compile(EDGE + r"(?:(?P<ml>ml|엠엘)" + DOT + r")?" + FAMILY + r"(?:" + DOT + r"|\s*)" + SIZE + AFTER,
                    re.IGNORECASE)
FAMILY_ALONE = re.compile(EDGE + r"(?P<letter>[pg]|피|지)\s*(?P<gen>" + _any(ONES) + r")(?:\s*(?P<suffix>" +
                          _any(SUFFIXES) + r"))?" + AFTER, re.IGNORECASE)  # "지 파이브로": the family, asked which size
SIZE_ALONE = re.compile(EDGE + r"(?P<number>\d+|" + _any(SIZE_WORDS) + r")\s*-?\s*(?:x|엑스)\s*-?\s*(?:large|라지)" +
                        AFTER, re.IGNORECASE)


def _value(words: dict[str, int], said: str) -> int:
    said = said.strip().lower()
    return int(said) if said.isdigit() else next(v for k, v in words.items() if re.fullmatch(k, said, re.IGNORECASE))


def _family(match: re.Match) -> str | None:
    if match.groupdict().get("typed"):
        return match["typed"].lower()
    suffix = next((v for k, v in SUFFIXES.items() if re.fullmatch(k, match["suffix"] or "", re.IGNORECASE)), "")
    family = f"{LETTERS[match['letter'].lower()]}{_value(ONES, match['gen'])}{suffix}"
    return family if family in SIZES else None


def _size(match: re.Match) -> str:
    if match["bare"]:
        return "medium" if match["bare"].lower() in {"medium", "미디엄"} else "large"
    number = _value(SIZE_WORDS, match["number"]) if match["number"] else 1
    return "xlarge" if number == 1 else f"{number}xlarge"


PRODUCT_WORDS = ((re.compile(r"(?<![가-힣])에스\s*(?:쓰리|3)(?![가-힣]*(?:라지|엑스))"), "S3"),)  # "에스쓰리에 올린 데이터"


def typed(text: str) -> str:
    """`text` with the instance types and product names spoken in it written as typed; everything else as it was."""
    for spoken, written in PRODUCT_WORDS:
        text = spoken.sub(written, text)
    def full(match: re.Match) -> str:
        family = _family(match)
        spoken = match["letter"] or match["ml"] or not match["x"] or re.search(r"\s|점|닷|dot", match.group())
        if family is None or not spoken:
            return match.group()
        return f"{'ml.' if match['ml'] else ''}{family}.{_size(match)}"

    text = SPOKEN.sub(full, text)
    text = FAMILY_ALONE.sub(lambda m: _family(m) or m.group(), text)
    return SIZE_ALONE.sub(lambda m: f"{_value(SIZE_WORDS, m['number'])}xlarge"
                          if not m["number"].isdigit() or re.search(r"\s|엑스", m.group()) else m.group(), text)
