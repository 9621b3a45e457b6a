"""What someone else asked for, passed on by the user: "팀장님이 엔드포인트만 내리라고 하셨어요", "보고서에 넣으래요". Such a
sentence is the request when it is the message; beside the user's own request ("교수님이 일단 뭐라도 돌려 놓으라고
하시네요ㅠ 로컬에서 학습 하나 바로 걸어 주실 수 있을까요?") it is why the user asks, and the user's words say what."""
from __future__ import annotations

import re
from typing import Sequence

from assistant.korean import Morpheme

RELAYED_KO = re.compile(r"(?:라고|자고)\s*(?:하|말씀|그러)")  # "내리라고 하셨어요", "정리하자고 했어요"
RELAYED_ENDS = {"라고", "으라고", "자고"}  # "넣으래요" is 넣+으라고+하


def relays_request(words: Sequence[Morpheme]) -> bool:
    """Whether the words pass on someone else's request: a verb made a quoted imperative or proposal and said by
    someone ("팀장님이 엔드포인트만 내리라고 하셨어요", "보고서에 넣으래요", "돌려보라고", "돌려 놓으라고", "하지 말라고").
    The past tense is the telling, not the request: the step is still to be done."""
    return any(m.tag == "EC" and m.form in RELAYED_ENDS and index and (
        words[index - 1].tag.removesuffix("-R").removesuffix("-I") in {"VV", "XSV"} or (
            words[index - 1].tag == "VX" and words[index - 1].form in {"말", "주", "보", "놓", "두"})) and _said(words[index + 1:])
        for index, m in enumerate(words))


def _said(words: Sequence[Morpheme]) -> bool:
    """Whether the words after a quoted imperative start with its saying verb, past adverbs ("지우라고 확실히
    말씀하셨어요", "내리라고 하셨어요")."""
    verb = next((m for m in words if m.tag != "MAG"), None)
    return verb is not None and verb.form in {"하", "그러", "말하", "말씀"}


def beside_own(sentences: Sequence[Sequence[Morpheme]], steps: set[str]) -> list[tuple[int, int]]:
    """The spans of the sentences that pass on a request, where another sentence asks in the user's own words for a
    step it names (one of `steps`, with a 주- or 부탁 of the user's): those say why, the user's own says what. A bare
    go-ahead ("…정리하라고 하셨습니다. 부탁드려요", "일단 걸어 주세요") names none: the relayed request is the one asked."""
    sentences = [[m for m in s if not m.tag.startswith("S")] for s in sentences]
    relaying = [s for s in sentences if s and relays_request(s)]
    own = [s for s in sentences if s and not relays_request(s) and any(m.form in steps for m in s) and any(
        (m.form == "주" and m.tag == "VX") or m.form == "부탁" for m in s)]
    return [(s[0].start, _told_end(s)) for s in relaying] if relaying and own else []


def _told_end(words: Sequence[Morpheme]) -> int:
    """Where the passing on ends: the ending of its saying verb ("…보여주라고 하셔서요, 음 뭘로 하지": the user's own
    doubt after it stays)."""
    said = next(i for i, m in enumerate(words) if m.tag == "EC" and m.form in RELAYED_ENDS and _said(words[i + 1:]))
    end = next((i for i in range(said + 1, len(words)) if words[i].tag in {"EC", "EF"}), len(words) - 1)
    if end + 1 < len(words) and words[end + 1].form == "요":
        end += 1
    return words[end].end
