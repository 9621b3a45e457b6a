"""Which words of a Korean clause make it a request or a prohibition, beside its verbs (read by scope.forbids_only):
a clause may end on an action noun ("smol로 로컬 학습 시작": a request, not a fragment), and a negated verb that
describes a noun ("안 꺼진 endpoint", "안 지운 버킷") says which thing is meant, not what must not be done; an English
request in a Korean message ("just start it, steps는 안 정할게요") asks whatever its Korean clauses deny; a choice
said as "X로," needs no verb of its own."""
from __future__ import annotations

import re
from typing import Sequence

from assistant.korean import Morpheme

ACTION_NOUNS = {"시작", "진행", "배포", "학습", "훈련", "평가", "요약", "준비", "중지", "중단", "재개", "실행", "전처리"}
NOUN_TAGS = {"NNG", "NNP", "NNB", "SL", "SH"}
ENDS = {"SF", "SE", "SW", "SS"}
ASKS_MIXED = re.compile(r"(?:^|[,;.!?\n]\s*|\b(?:just|please|pls|now|then)\s+)(?:start|run|kick\s+off|launch|train|deploy|"
                        r"evaluate|begin)\b", re.IGNORECASE)  # an English request in a Korean message ("just start …")


def ends_on_action(found: Sequence[Morpheme], index: int) -> bool:
    """Whether found[index] is an action noun that closes its clause ("… 학습 시작", "배포 ㄱ."): a request said
    without a verb."""
    following = found[index + 1] if index + 1 < len(found) else None
    return found[index].tag == "NNG" and found[index].form in ACTION_NOUNS and (
        following is None or following.tag in ENDS)


def describes_noun(found: Sequence[Morpheme], index: int) -> bool:
    """Whether found[index] ends a verb that describes the noun after it ("안 꺼진 endpoint", "안 쓰는 버킷"), not the
    thing-noun of a nominalised clause ("안 지우는 걸로", "건드리지 않는 거"), which still forbids."""
    following = found[index + 1] if index + 1 < len(found) else None
    return found[index].tag == "ETM" and following is not None and following.tag in NOUN_TAGS and (
        following.form not in {"것", "거", "걸", "게", "건"})


def quantifier_next(found: Sequence[Morpheme], index: int) -> bool:
    """Whether "A(이)고 B(이)고" ends on a quantifier of them all ("하나도", "전부", "다"): the list's items share its verb."""
    rest = found[index + 1:index + 3]
    return bool(rest) and (rest[0].form in {"전부", "모두", "다", "몽땅", "싹"} or (
        rest[0].form == "하나" and len(rest) > 1 and rest[1].form == "도"))



def ends_verbless(found: Sequence[Morpheme], index: int) -> bool:
    """Whether found[index] is the comma after "X로" with no verb yet: the choice is said without one ("인스턴스는
    ml.g5.2xlarge로, 월 300만원 넘기지 마세요"), and what follows the comma is another clause with its own verb."""
    return found[index].tag == "SP" and found[index].form == "," and index > 0 and (
        found[index - 1].tag == "JKB" and found[index - 1].form in {"로", "으로"})


def item_then_note(found: Sequence[Morpheme], index: int) -> bool:
    """A to-do item's verb made a noun, then a bracketed note with its own topic ("엔드포인트 내리기 (S3는 건드리지
    마세요)"): the note's negation is its topic's, not the item's; "S3 지우기 (하지 마)" has no topic, so it negates."""
    if found[index].tag != "ETN" or index + 2 >= len(found) or found[index + 1].tag != "SSO":
        return False
    note = found[index + 2:index + 6]
    return any(m.tag[:1] == "J" and i and note[i - 1].tag[:2] in {"NN", "SL", "SN"} for i, m in enumerate(note))
