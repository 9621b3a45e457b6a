"""Lay words for the steps, read as the product's: a volunteer who is not technical says "컴퓨터한테 가르치기" for
training, "인터넷에 띄워서 … 쓸 수 있게" for deploying, "아마존 클라우드" for AWS, "점수 매기기" or "grade it" for
evaluating. The classifier and the place reader learned the product's words, so the reading is the same whoever
writes. "가르쳐 주세요" (teach me, tell me how) stays: it asks for an explanation, not a training."""
from __future__ import annotations

import re

LAY = tuple((re.compile(pattern, re.IGNORECASE), meaning) for pattern, meaning in (
    (r"가르치(?=[고는기라면던게며자](?!\s*(?:주|줘|줄)))", "학습시키"),  # "아마존 클라우드에서 가르치라고", "가르치고 있는거"
    (r"가르쳐(?=\s*(?:서|요|야|놓|둔|본|봐)\b|\s*$)", "학습시켜"),  # "가르쳐서", not "가르쳐 주세요"
    (r"아마존\s*(?:웹\s*서비스|클라우드)?(?=\s*(?:에서|에|으로|로|쪽|에다)|\s*$)", "AWS"),  # "아마존에 올리는 걸로요"
    (r"인터넷에\s*(?=(?:띄우|띄워|올리|올려))", "서버로 "),  # "요약 로봇을 인터넷에 띄워서 …": deployed, no place said
    (r"점수\s*(?:를\s*)?매기(?:는|기)\s*(?:거|것)?", "평가"),  # "점수 매기는 거 한번 해주세요": 평가 한번 해주세요
    (r"점수\s*(?:를\s*)?매겨", "평가해"), (r"점수\s*(?:를\s*)?매기", "평가하"),
    (r"\btidy(?:ing)?\s+(?:it\s+|things\s+|everything\s+)?up\b", "clean up"),  # "let's have it tidy up"
    (r"\bgrade(?=\s+(?:it|the\s+model|our\s+model|the\s+summari[sz]er)\b)", "evaluate"),  # "can you grade it on …"
))


def plain(text: str) -> str:
    """`text` with each lay word for a step put as the product's word; unchanged elsewhere."""
    for pattern, meaning in LAY:
        text = pattern.sub(meaning, text)
    return text
