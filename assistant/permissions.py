"""A sentence that only leaves the timing of the request to the assistant: "21:00 뉴스 끝나고 하셔도 되는데 그냥 지금
해주셔도 괜찮아요" does what the other sentence asks ("다 꺼주시고 지워주실 수 있을까요?") whenever it suits, and its
permission words outweighed the request's for the classifier. Only 하다 ("해도 돼", "하셔도 괜찮아요") is such a
sentence; "지워도 돼" and "S3는 해도 돼" say more than when, and "해도 돼요?" asks leave rather than grants it."""
from __future__ import annotations

import re
from typing import Collection, Sequence

from assistant.korean import Morpheme

PERMITTED = {"되", "괜찮", "상관없"}
EVEN = ("어도", "아도", "여도")
OWN_WORDS = re.compile(r"[?？]|s3|버킷|bucket|엔드포인트|endpoint|서버|server|모델|model|데이터|data|세이지|sage|인스턴스|"
                       r"instance|잡|job|리소스|resource|체크\s*포인트|checkpoint|로컬|local|\b(?:stop|halt)\b", re.IGNORECASE)


def grants_leave(sentence: Sequence[Morpheme], text: str, actions: Collection[str]) -> bool:
    """Whether the sentence (its morphemes in `text`) only permits doing it, naming no step (`actions`), thing or verb
    of its own."""
    core = [m.form for m in sentence if m.tag != "EP"]  # "하셔도": 하 + 시 + 어도
    granted = any(core[i:i + 3] in (["하", even, allowed] for even in EVEN for allowed in PERMITTED)
                  or core[i:i + 5] in (["하", "어", "주", "어도", allowed] for allowed in PERMITTED)  # "해 주셔도"
                  for i in range(len(core)))
    own = OWN_WORDS.search(text[sentence[0].start:sentence[-1].end + 1]) or any(
        m.form in actions or (m.tag == "VV" and m.form not in {"하", "되", "끝나"}) for m in sentence)
    return granted and not own
