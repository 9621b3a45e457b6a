"""Numbers as people type them for a count, a number of steps or a record limit: digits ("100", "1,000", "1k",
"2천"), sino-Korean words (십, 백, 이백, 오십, 천, 이천오백), native Korean words (한, 두, 세, 열두, 스무) and English words
("four", "two hundred"); vague amounts ("두세", "몇", "several", "2~3") are marked so a cost-bearing one is asked for.
Numbers that are never such an argument (instance sizes, memory and model sizes, metric and model names, dates,
durations, percentages, money, versions, ids, paths) are blanked first, keeping every other character's offset."""
from __future__ import annotations

import re
from typing import NamedTuple

from assistant.arguments.names import HUB_ID, INSTANCE, JOB_ID, ML_NAME, OTHER_ID, PATH, RESOURCE_ID, SIZE_ONLY, URL

ELAPSED = r"\d+\s*(?:분|시간|초)\s*째|\bminute\s+\d+"  # "통화 40분째", "around minute 42": time gone by, no duration
EXACTLY = r"(?:(?:정확히|딱|exactly|precisely)\s*)?"  # "max_steps 정확히 500", "set to exactly 1200": the value as said
NAMES = [URL, PATH, HUB_ID, JOB_ID, RESOURCE_ID, OTHER_ID, ML_NAME, INSTANCE, SIZE_ONLY]
NOT_ARGUMENTS = NAMES + [re.compile(p.replace(r"\s*", r"[ \t]*"), re.IGNORECASE) for p in (  # a unit on its number's line
    r"(?:gpus?|a10g|a100|h100|h200|l4|l40s?)\s*\d+\s*(?:개|장)?|\d+\s*(?:gpus?|장)(?![a-z])|"  # GPUs, not instances
    r"\d+\s*[x×]\s*(?=\d+\s*(?:gib|gb|기가)|(?:a10g|a100|h100|h200|l4|gpu))",  # "4x 24GB", "8x A100": an instance's GPUs
    r"\d+(?:[.,]\d+)?\s*(?:gib|gb|mib|mb|tib|tb|kb|[bmgt]|기가|메가|테라)(?![a-z])",  # 24GB, 8B, 135M, 24기가
    r"(?<![가-힣])(?:\d+|[한두세네]|다섯|열)\s*배(?=로|씩|나|만큼|\s|$)",  # "두 배로": how many times as much, no count
    r"rouge[\s_-]*(?:\d+|l)(?![a-z0-9])|(?:루지|리드|라마|lead)[\s_-]*\d+",  # ROUGE-2, 리드3, lead-3
    r"(?<![a-z0-9])(?!x\d|steps?\d|max)[a-z]+[_-]?\d+(?:[.-]\d+)*[a-z]*",  # llama3, g5, v2, qwen2.5, CHE-2027-01
    r"\d+\s*(?:년|월|일|시간|시|분|초|주일|주(?!고|세요|시|셔|면|며|어|었)|개월|달)|\d+\s*(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|"
    r"weeks?|months?|years?|[hs])(?![a-z])",  # 2024년, 3시간, 10 minutes; not "500 주고" (주다: give)
    r"\d+(?:\.\d+)?\s*(?:%|퍼센트|프로|percent)",
    r"[$₩]\s*\d[\d,.]*[kmb]?|\d[\d,.]*\s*(?:[천만억]\s*)?(?:달러|원|usd|dollars?|bucks|krw)(?![a-z])",  # "$40k", "1,200만 원"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"  # "Dec 31",
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",  # "31 Dec"
    r"\b(?:no|nr|ref)\.\s*\d+(?:/\w+)?",  # "decision no. 27/B": a document's number
    r"(?<![가-힣])(?:한|1)\s*대(?:에|당|마다)(?![가-힣])",  # "한 대에 A100이 8장씩": per instance, no count
    r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])|" + ELAPSED,  # "11/3", "40분째": dates, elapsed time
    r"\d+\s*(?:번째|등|위|세대|st|nd|rd|th)(?![a-z])",  # ordinals, generations ("4세대")
    r"\d+\s*(?:approvals?|reviews?|reviewers?|votes?|blocking|comments?|건\s*승인|명\s*승인)(?![a-z])",  # "3 approvals"
    r"(?:쿼터|quota|한도)[^\d\n]{0,12}\d+\s*(?:대|개|instances?)?|\d+\s*(?:대|개)\s*까지\s*(?:승인|허용)",  # a quota's value
    r"(?:\b(?:table|tab|fig(?:ure)?|eq(?:uation)?|sec(?:tion)?|footnote|appendix|reviewer|row|line|item)\.?|§|"
    r"(?<![가-힣])(?:표|그림|각주|리뷰어|심사위원|부록)|#)\s*\(?\d+(?:\.\d+)*\)?",  # "Table 2", "Reviewer 1", "§5.3": a label
    r"\d+\.\d+",  # decimals: counts, steps and limits are whole
    r"(?m)^[ \t]*(?:[-*][ \t]*)?\(?\d{1,2}[.)](?=[ \t])|[\u2460-\u2473]",  # "2. Start …", "1) …", "①": an item's number
)]


CORRECTION = re.compile(  # "200정도?\n아니 300으로", "삼천... 아 아니 이천이요", "500 steps, no wait, 800": the later is meant
    r"\s*(?:정도|쯤|개|대|스텝|steps?)?\s*\?*\s*[,.…]*\s*(?:(?:아|어|음|앗)\s*)?"
    r"(?:아니(?!면)|\bno\b|\bnah\b|\bactually\b|\bwait\b)[^\d\n]{0,15}|[^\d\n]{0,20}?(?:잘못\s*(?:봤|말했|썼|적었|읽었|알았)|"
    r"\bsorry\b|\bmy (?:mistake|bad)\b|\bi misread\b)[^\d\n]{0,25}", re.IGNORECASE)  # "천 번... 제가 잘못 봤네요, 메모에 오백"


def corrected(text: str) -> str:
    """`text` with a number taken back by the one right after it ("200? 아니 100", "삼천... 아 아니 이천") replaced by
    that later number, in digits or in words alike: a spoken correction keeps the second value."""
    found = [n for n in numbers(blanked(text)) if n.value is not None]
    for said, meant in reversed(list(zip(found, found[1:]))):
        if CORRECTION.fullmatch(text, said.end, meant.start):
            text = text[:said.start] + text[meant.start:meant.end] + text[said.end:]
    return text


class Number(NamedTuple):
    value: int | None  # None: a vague amount
    start: int
    end: int


def blanked(text: str) -> str:
    """`text` with every number that is not an argument replaced by spaces (same length, same offsets)."""
    for pattern in NOT_ARGUMENTS:
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
SINO_POWERS = {"십": 10, "백": 100, "천": 1000, "만": 10000}
NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50}
NATIVE_ONES = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "서": 3, "네": 4, "넷": 4, "넉": 4,
               "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
ENGLISH_ONES = {"a": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
ENGLISH_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}
ENGLISH_POWERS = {"hundred": 100, "thousand": 1000}


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


NOT_AFTER_HANGUL = r"(?<![가-힣])"
DIGITS = re.compile(r"(?<![a-z0-9.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\s*(천|백|k(?![a-z])))?", re.IGNORECASE)
SINO = re.compile(r"(?<![가-힣0-9a-zA-Z_])(?=[일이삼사오육칠팔구]?[만천백십])" + "".join(  # "count만 2": a particle after a word
    rf"(?:[일이삼사오육칠팔구]?{power})?" for power in "만천백십") + "(?:이(?![요에야라고면었네다지니])|[일삼사오육칠팔구])?")  # "이천이요":
# 2000 and the copula ("이천이 스텝" would be 2002, which nobody says)
NATIVE = re.compile(NOT_AFTER_HANGUL + rf"(?:({_alternatives(NATIVE_TENS)})\s?)?({_alternatives(NATIVE_ONES)})|"
                    + NOT_AFTER_HANGUL + rf"({_alternatives(NATIVE_TENS)})")
ENGLISH = re.compile(rf"\b(?:({_alternatives(ENGLISH_TENS)})[\s-]?)?({_alternatives(ENGLISH_ONES)})?"
                     rf"(?:\s+({_alternatives(ENGLISH_POWERS)}))?\b", re.IGNORECASE)
VAGUE = re.compile(r"\d+\s*[~〜–-]\s*\d+|\d+\s*(?:or|또는|아니면|이나)\s*\d+|" + NOT_AFTER_HANGUL +
                   r"(?:한두|두세|서너|너덧|네다섯|대여섯|예닐곱|두어|몇|여러|수십|수백)|"
                   r"\b(?:a couple(?: of)?|a few|several|some|many|multiple|a bunch of|a handful of)\b", re.IGNORECASE)


def _sino(word: str) -> int:
    total, digit = 0, None
    for char in word:
        if char in SINO_DIGITS:
            digit = SINO_DIGITS[char]
        else:
            total += (digit or 1) * SINO_POWERS[char]
            digit = None
    return total + (digit or 0)


def numbers(text: str) -> list[Number]:
    """Every number in an already blanked text, with its span; vague amounts have no value."""
    found = [Number(None, m.start(), m.end()) for m in VAGUE.finditer(text)]
    vague = [(n.start, n.end) for n in found]

    def add(value: int, start: int, end: int) -> None:
        if not any(s <= start < e for s, e in vague):
            found.append(Number(value, start, end))

    for match in DIGITS.finditer(text):
        power = (match[2] or "").lower()
        add(int(match[1].replace(",", "")) * {"천": 1000, "백": 100, "k": 1000}.get(power, 1), *match.span())
    for match in SINO.finditer(text):
        if match.group() == "만" and re.match(r"[ \t]*\d", text[match.end():]):
            continue  # "max_steps 만 1,500으로": the particle "only", before the number it limits
        add(_sino(match.group()), *match.span())
    for match in NATIVE.finditer(text):
        if match.group():
            tens, ones = match[1] or match[3], match[2]
            add(NATIVE_TENS.get(tens, 0) + NATIVE_ONES.get(ones, 0), *match.span())
    for match in ENGLISH.finditer(text):
        if match.group().strip() and match.group().lower() != "a":
            value = ENGLISH_TENS.get((match[1] or "").lower(), 0) + ENGLISH_ONES.get((match[2] or "").lower(), 0)
            power = ENGLISH_POWERS.get((match[3] or "").lower(), 1)
            add((value or 1) * power if match[3] else value, *match.span())
    return sorted(found, key=lambda number: number.start)
