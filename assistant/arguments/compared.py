"""A model named only to compare with another run ("same seed as the smol run from this morning", "smol 때랑 같은
seed로", "compared to the tiny run"), or an instance type only to compare prices ("g5보다 쌈"), is that run's or that
type's, not the one asked for. Such a mention is only dropped when the message names another one for this run: with
nothing else said, the brain reads it as before."""
from __future__ import annotations

import re

ARTICLE = r"\s+(?:(?:the|my|our|that|this|[a-z]+'s)\s+)?$"
SAME_AS = re.compile(r"(?:\b(?:same|identical|matching)\b[^.,;!?\n]{0,40}?\b(?:as|like)|\bcompared\s+(?:to|with)|\bvs\.?|"
                     r"\bthan)" + ARTICLE, re.IGNORECASE)  # "same seed as the ", "compared to the ", "faster than the "
LIKE = re.compile(r"\b(?:as|like)\s+(?:the|my|our|that|this|[a-z]+'s)\s+$", re.IGNORECASE)  # "like the " …
RUN_AFTER = re.compile(r"\s*(?:run|job|one|training|experiment)\b", re.IGNORECASE)  # … "smol run"
SAME_AFTER = re.compile(r"[^\s,.]*?\s*(?:(?:런|잡|학습|모델|돌렸을|돌린|했을)\s*)?(?:때)?\s*(?:이랑|랑|과|와|하고|처럼)\s*"
                        r"(?:같은|같게|동일|똑같)")  # "smol 때랑 같은 seed", "smol이랑 동일하게" (read from the name)
THAN_AFTER = re.compile(r"[^\s,.]*?\s*(?:보다|대비)")  # "g5보다 쌈", "g5 대비 싸요": the one compared with


def _compared(text: str, match: re.Match) -> bool:
    before = text[max(0, match.start() - 60):match.start()]
    return bool(SAME_AS.search(before) or (LIKE.search(before) and RUN_AFTER.match(text, match.end())) or
                SAME_AFTER.match(text, match.start()) or THAN_AFTER.match(text, match.end()))


def without_compared(text: str, patterns: list[re.Pattern]) -> str:
    """`text` with the models named only as a comparison blanked (same length), when another model is still named."""
    spans = [m.span() for p in patterns for m in p.finditer(text) if _compared(text, m)]
    rest = text
    for start, end in spans:
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return rest if spans and any(p.search(rest) for p in patterns) else text
