"""Instance types named only as people's opinions, with no choice made: "상무님은 g5.12xlarge 얘기하셨고 나는 g5.2xlarge면
충분하다고 보는데... 어쨌든 올려놔요", "the lead said g5.12xlarge, I think g5.2xlarge is enough, just ship it". Whoever
is listed last did not win: the brain asks which. A type named in a request ("… 그냥 g5.2xlarge로 해줘", "go with
g5.2xlarge") or a pick of one opinion ("상무님 말대로", "go with his") is a choice, and the reading goes on as before."""
from __future__ import annotations

import re

from assistant.arguments.names import INSTANCE, size

CLAUSE_END = re.compile(r"(?:\.(?![a-z0-9])|[;!?\n])+|,|…+|(?<=[가-힣])(?<![다라자])(?:고|는데|지만|던데)(?=\s)|\b(?:but|while|whereas|and)\b",
                        re.IGNORECASE)
OPINION = re.compile(r"얘기하|이야기하|말하|말씀|하자고|하라고|라고\s*(?:하|했)|다고\s*(?:보|봐|봤|생각|하|했)|생각하|보는데|"
                     r"추천|주장|원하|선호|\b(?:said|says|suggested|suggests|wants|wanted|thinks|thought|prefers|"
                     r"preferred|recommended|recommends|pushed for|i (?:think|feel|reckon|believe|'d say)|"
                     r"in my (?:view|opinion))\b", re.IGNORECASE)
REQUEST = re.compile(r"해\s*줘|해\s*주세요|해\s*주십|로\s*(?:가|하)(?:자|죠|요)|(?:으로|로)\s*(?:올려|띄워|배포|돌려)|"
                     r"\b(?:go with|use|let'?s|pick|choose|deploy (?:it|on)|run (?:it|on))\b", re.IGNORECASE)
PICKED = re.compile(r"말\s*대로|뜻\s*대로|의견\s*대로|쪽으로|걸로|거로|\b(?:as (?:he|she|they|the \w+) said|"
                    r"go with (?:his|hers|her|theirs|mine|the (?:first|second|former|latter)))\b", re.IGNORECASE)


def _clause(text: str, ends: list[re.Match], at: int) -> str:
    start = max((m.end() for m in ends if m.end() <= at), default=0)
    end = min((m.start() for m in ends if m.start() > at), default=len(text))
    return text[start:end]


def undecided(text: str) -> bool:
    """Whether two or more different instance types are each named only as someone's opinion, none picked."""
    named = list(INSTANCE.finditer(text))
    if len({f"{m[1].lower()}.{size(m[2])}" for m in named}) < 2 or PICKED.search(text):
        return False
    ends = list(CLAUSE_END.finditer(text))  # the clause boundaries, found once for every type named
    return all(OPINION.search(clause := _clause(text, ends, m.start())) and not REQUEST.search(clause)
               for m in named)
