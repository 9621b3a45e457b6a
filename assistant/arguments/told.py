"""Words that only tell how things are, said in English: "local server down.", "on-prem rack down till 09:00". Such
a sentence or clause is context (a place out of service), not a request; "shut the local server down" asks."""
from __future__ import annotations

import re

from assistant.questions import IMPERATIVES_EN

OUTAGE_EN = re.compile(r"\bdown\b", re.IGNORECASE)  # out of service where told, what is asked where ordered
ASKING_EN = re.compile(r"\?|\b(?:please|pls|plz|can|could|would|will|let'?s|want|need|should)\b", re.IGNORECASE)


def states_en(sentence: str) -> bool:
    """Whether an English sentence only tells how things are: none of its clauses starts with an imperative, and it
    asks, wishes or proposes nothing ("on-prem rack down till 09:00.", not "keep it local, please")."""
    firsts = [re.match(r"\W*([A-Za-z][\w'-]*)", clause) for clause in re.split(r"[,;]|\b(?:and|then|so)\b", sentence)]
    return not ASKING_EN.search(sentence) and not any(first and first[1].lower() in IMPERATIVES_EN for first in firsts)
