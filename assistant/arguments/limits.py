"""How many test records an evaluation reads: a number with a unit of records ("200건", "500 test records", "300
held-out test articles") or after a key word ("first 50", "limit of 500", "상위 30"); the best ones to show ("top 3
examples 보여줘") and the best of something else ("top 3 configs", "first 2 runs") are not a limit."""
from __future__ import annotations

import re

from assistant.arguments.numbers import blanked, corrected
from assistant.arguments.earlier import past_runs
from assistant.arguments.values import LIMIT_UNIT, with_unit

LIMIT_KEY = re.compile(r"(?:first|처음|앞에서|상위|limit(?:ed)?|top|only|최대|\b(?:bump|make|change|raise|set)\s+it(?:\s+up)?)\s*"
                       r"(?:=|:|of|to|at)?\s*$", re.IGNORECASE)  # "Bump it to 250."
SEE = r"보여|보이|보려|궁금|볼게|보고\s*싶|알고\s*싶|show|display|print|curious|see\b|look at|report|share|highlight"  # "상위 5개도 궁금한데 나중에 볼게요"
SHOWN_BEST = re.compile(  # "점수 좋은 예시 상위 3개도 같이 보여 주시면", "show me the top 3 examples": the best ones to show,
    r"(?:상위|하위|베스트|top|best|worst)\s*\d+[^\n.?!]{0,25}?(?:%s)|"  # not how many are scored; so are the best
    r"(?:%s)[^\n.?!]{0,25}?(?:상위|하위|베스트|top|best|worst)\s*\d+" % ((SEE,) * 2), re.IGNORECASE)  # to see later
BEST_OF = re.compile(r"\b(?:top|first|best|worst)\s*\d+(?=\s+(?!(?:thanks|pls|plz|this|is|was|as|has|its|yes)\b)[a-z]+s\b)",
                     re.IGNORECASE)  # "top 3 configs", "first 2 runs": the best of other things, unless records


EXISTING = re.compile(r"\d[\d,]*\s*(?:개|건)\s*(?:쯤|정도|가량|남짓)?\s*(?:이|가)?\s*(?=있|됩니다|돼요|되는데)")  # "기사가
# 3,000개쯤 있는데 그거랑은 상관없고요": how many exist, not how many to score
LISTED = re.compile(r"(?:[^\s,]+,\s*)+[^\s,]+\s+(?:두|세|네|다섯|\d)\s*(?:개|가지)")  # "ROUGE-1, ROUGE-2, ROUGE-L 세 개 다":
# how many things were listed, not records
OF_THEM = re.compile(r"(\d+)\s+of\s+(?:them|these|those)\b", re.IGNORECASE)  # "grade it on the test articles … Use 50 of them"


def record_limit(text: str) -> int | None:
    """How many test records to evaluate: "30개만", "백 개로", "200건", "first 50 records" (one value, or none), not the
    count of an earlier run ("지난번엔 50개만 했었거든")."""
    text = SHOWN_BEST.sub(lambda m: " " * len(m.group()), corrected(past_runs(text)))
    text = BEST_OF.sub(lambda m: m.group() if LIMIT_UNIT.match(text, m.end()) else " " * len(m.group()), text)
    text = OF_THEM.sub(lambda m: f"{m[1]} records", EXISTING.sub(lambda m: " " * len(m.group()), text))
    text = LISTED.sub(lambda m: " " * len(m.group()), text)
    values, _ = with_unit(text, blanked(text), LIMIT_UNIT, LIMIT_KEY, now=True)
    return values[0] if len(set(values)) == 1 and values[0] >= 1 else None
