"""A metric's threshold said as when the work ends ("ROUGE-2가 0.3 넘을 때까지 학습해줘", "loss가 1.2 밑으로 갈 때까지",
"train until ROUGE-L passes 0.25"): a condition on the request, not the request. Its metric words would read as an
evaluation and "밑으로 갈" as a stop, so the intent is read without it; its number is a score, never a step count or a
limit (the argument parsers blank metric names and read no bare decimal)."""
from __future__ import annotations

import re

METRIC = r"(?:rouge[\w-]*|bleu|bert-?score|loss|로스|손실|점수|스코어|score|accuracy|정확도|perplexity|ppl|f1|metric|지표)"
NUMBER = r"\d+(?:\.\d+)?|\.\d+"
CONDITION_KO = re.compile(rf"{METRIC}(?:(?![,!?\n]|\.(?!\d)).)*?(?:{NUMBER})(?:(?![,!?\n]|\.(?!\d)).)*?때\s*까지",
                          re.IGNORECASE)  # "ROUGE-L 0.25 이상 나올 때까지"
CONDITION_EN = re.compile(rf"\b(?:until|till|untill|til)\b(?:(?![,;!?\n]|\.(?!\d)).)*?{METRIC}"
                          rf"(?:(?![,;!?\n]|\.(?!\d)).)*?(?:{NUMBER})(?:\.(?=\d)|[^\s,;!?.])*", re.IGNORECASE)


def without_condition(text: str) -> str:
    """`text` with a metric-threshold condition blanked (same length, same offsets); `text` itself when nothing
    else is left."""
    rest = text
    for pattern in (CONDITION_KO, CONDITION_EN):
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    return rest if re.search(r"\w", rest) else text
