"""What the user says they will do later themselves, after this step: "잘 되면 그때 8B 갈게", "나중에 세이지메이커로 돌릴
거예요", "If that passes I'll launch the real one on SageMaker". It is no request, and what it names (a preset, a
place, an instance type) is no argument of the step asked now: "smol로 먼저 돌려봐. 잘 되면 그때 8B 갈게" is a smol run,
not a choice between two presets."""
from __future__ import annotations

import re

from assistant.korean import morphemes

LATER_EN = re.compile(
    r"(?:^|(?<=[,;.!?]))\s*(?:if|once|when|after)\b[^.!?;]*\b(?:i'll|i will|we'll|we will|i'm going to|we're going to|"
    r"i'd|we'd|i can|we can)\b[^.!?;]*(?:[.!?;]|$)", re.IGNORECASE)
PROMISE = {"ᆯ게", "ᆯ게요", "을게", "을게요", "ᆯ께", "ᆯ께요"}  # "갈게", "할게요": what the speaker will do
LATER_WORDS = {"나중", "그때", "다음", "이후", "담", "내일", "그담"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences that tell the user's own later step are: a promise ("-ㄹ게") or a plan ("-ㄹ 거예요") after a
    condition ("잘 되면") or a later time ("그때", "나중에"); in English, "if/once … I'll …"."""
    if not HANGUL.search(text):
        return [m.span() for m in LATER_EN.finditer(text)]
    found, later_spans, begin = morphemes(text), [], 0
    for index, morpheme in enumerate(found):
        if morpheme.tag not in {"EF", "SF"} and index + 1 < len(found):
            continue
        sentence, begin = found[begin:index + 1], index + 1
        promised = any(m.tag == "EF" and m.form in PROMISE for m in sentence) or any(  # "돌릴 거예요", not "될 것 같아요"
            a.tag == "ETM" and a.form in {"ᆯ", "을"} and b.form in {"거", "것"} and c.tag in {"VCP", "JKS"}  # "갈게": 갈 것이
            for a, b, c in zip(sentence, sentence[1:], sentence[2:]))
        marks = [i for i, m in enumerate(sentence) if (m.form == "면" and m.tag == "EC") or (
            m.form in LATER_WORDS and m.tag.startswith("N"))]
        if promised and marks:  # from the clause the condition or the time is in: "기본으로 하시고요 승인 창 뜨면 누를게요"
            start = max([i + 1 for i, m in enumerate(sentence[:marks[0]]) if m.tag in {"EC", "EF", "SF"}], default=0)
            later_spans.append((sentence[start].start, sentence[-1].end))
    return later_spans


def without_later(text: str) -> str:
    """`text` with those sentences blanked (same length, same offsets); `text` itself when nothing else is left."""
    rest = text
    for start, end in spans(text):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return rest if re.search(r"\w", rest) else text
