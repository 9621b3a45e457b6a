"""Regional and spoken request endings read in their standard form where that is unambiguous. Kiwi learned the
standard language: 제주's imperative "-ㅂ서" ("남겨둡서", "정리해줍서", "봅서") it reads as one unknown noun, so "버킷은
남겨둡서" kept nothing and the brain asked about S3; a relayed imperative shortened to "-래요" ("S3는 멘토님이 남기래요":
남기라고 해요) it reads as "남" + "-기이래요", keeping nothing. Only a verb stem it is known on is rewritten ("엽서", a
postcard, and "노래요" stay), and only at a word's end."""
from __future__ import annotations

import re

JEJU_IMPERATIVE = {"줍": "주", "둡": "두", "봅": "보", "헙": "하", "합": "하", "옵": "오", "냅": "내"}  # + 서 = + 세요
IMPERATIVE = re.compile(r"(" + "|".join(JEJU_IMPERATIVE) + r")서(?:예)?(?=[\s.!?~,…]|$)")
RELAYED = re.compile(r"(남기|지우|살리|놔두|유지하|보관하|삭제하|정리하)래(요)?(?=[\s.!?~,…]|$)")  # + 라고 해(요)


def standard(text: str) -> str:
    """`text` with 제주's "-ㅂ서" imperatives as "-세요" ("남겨둡서" → "남겨두세요"), "-래요" as "-라고 해요"."""
    text = RELAYED.sub(lambda match: f"{match[1]}라고 해{match[2] or ''}", text)
    return IMPERATIVE.sub(lambda match: JEJU_IMPERATIVE[match[1]] + "세요", text)
