"""What kind of sentence each one in a message is: news prose (Korean -다, an English statement), one said to the
assistant (a request, a question, "please", a letter's humble "드립니다", an executive's "it has been decided that …
be removed"), a formal -습니다 report said to no one in particular, or a fragment. The article reader (article.py)
tells news from a message by these kinds."""
from __future__ import annotations

import re
from typing import Any

from assistant import register
from assistant.formal import FORMAL_REQUEST
from assistant.korean import morphemes
from assistant.questions import IMPERATIVES_EN

ADDRESSES = re.compile(  # words that speak to the assistant, as a short news text does not ("can you …, I'm offline")
    r"\b(?:you|your|u|i|i'm|im|me|my|we|us|our|let's|lets|pls|please|plz|idk|lol)\b|(?:줘|줘요|주세요|줄래요?|할래요?|해요|하자)\s*[.!?~]",
    re.IGNORECASE)
SENTENCE = re.compile(r".+?(?:[.!?。…]+(?:(?<=다\.)[\"”'’]+)?(?=\s|$)|(?<=[가-힣])~+(?=\s)|\n|$)", re.DOTALL)  # "부탁해요~ …": a spoken
# sentence may end in a tilde
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|「[^」\n]*」")  # what a news story quotes is not said to anyone
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KOSUM = re.compile(r"kosum|코섬", re.IGNORECASE)


def sentence_kinds(text: str) -> list[tuple[str, int]]:
    """(kind, length) of each sentence, quotations left out: "prose" (a Korean sentence in the plain written style,
    ending in -다, or an English statement that starts with a capital letter), "addresses" (one that speaks to the
    assistant), "report" (a formal -습니다 report, said to no one in particular) or "other" (a fragment: "메모리 빠듯함
    주의", "preset llama3-8b, max_steps 1200.")."""
    text = QUOTED.sub(lambda m: " " * len(m.group()), text)
    found = morphemes(text) if HANGUL.search(text) else ()
    kinds = []
    for match in SENTENCE.finditer(text):
        sentence = match.group().strip()
        if not re.search(r"\w", sentence):
            continue
        inside = [m for m in found if match.start() <= m.start < match.end()]
        kinds.append((_kind(sentence, inside), len(sentence)))
    return kinds


CONFIG = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\s*[:=]\s*[\w.\"'-]+")  # "lora_r: 64": a setting, never news


def _kind(sentence: str, found: list) -> str:
    if len(CONFIG.findall(sentence)) >= 2:
        return "other"  # "… with this: load_in_4bit: true, lora_r: 64, max_steps: 1200.": a pasted config
    if ADDRESSES.search(sentence) or FORMAL_REQUEST.search(sentence) or sentence.rstrip("~ ").endswith("?") or (
            KOSUM.search(sentence)) or register.asks(sentence):
        return "addresses"  # "… 시작하십시오, max steps는 이백입니다.": a formal order is said to the assistant
    words = [m for m in found if m.tag not in {"SF", "SP", "SE", "SW", "SO", "SS", "W_EMOJI"}]
    if words and HANGUL.search(sentence):
        finals = [m for m in words if m.tag == "EF"]
        final = finals[-1] if finals else words[-1]
        if final.tag == "EF" and final.form.endswith("다") and not final.form.endswith(("니다", "시다")):  # "봅시다": let's
            return "prose"  # "밝혔다", "줄 예정이다"
        if any((m.form == "주" and m.tag == "VX") or m.form == "부탁" for m in words):
            return "addresses"  # "해 주세요", "진행해 주시고", "정리 부탁드립니다"
        if final.tag == "EF" and final.form.endswith("니다"):
            return "addresses" if _humble(words, final) else "report"  # "출시했습니다": a formal report, said to no one in particular
        if final.tag == "EF" or (final.tag == "JX" and final.form == "요"):
            return "addresses"  # "끝났어요", "지워", "접자", "전부요": spoken to someone
        return "other"
    first = re.match(r"\W*(?:kindly\s+)?([A-Za-z][\w'-]*)", sentence, re.IGNORECASE)  # "Kindly train …": polite
    if first and first[1].lower() in IMPERATIVES_EN:
        return "addresses"  # "Deploy to sagemaker.", "tear down everything …"
    return "prose" if re.match(r"[\"“'‘(]?[A-Z0-9]", sentence) and len(sentence.split()) >= 3 else "other"


def _humble(words: list, final: Any) -> bool:
    """Whether a -니다 sentence is said to its reader: a humble "드립니다" of the writer's own ("감사의 말씀을 드립니다",
    "중단 조치를 요청드립니다"; not a reporter's "전해 드립니다" nor a past "드렸습니다"), or the reader's own thing
    named ("귀 대학원", "귀사"): a letter, not a report said to no one in particular."""
    at = words.index(final)
    gives = at > 0 and words[at - 1].form == "드리" and words[at - 1].tag == "VV"
    return gives or any(m.form in {"귀", "귀사", "귀측", "귀하"} and m.tag in {"NNG", "NNP", "XPN"} for m in words)


ITEM_EN = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+(?:\[[^\]\n]{1,24}\][ \t]*|[A-Z][\w. ]{0,24}:[ \t]+)?"
                     r"(?:(?:please|kindly)[ \t]+)?(?P<verb>[A-Za-z'-]+)", re.MULTILINE)


def items_ask(text: str) -> bool:
    """Whether an English memo's or minutes' items ask something ("2. Prepare the data …", "- Assistant: run the
    evaluation — today"): a list whose item starts with an order is said to its reader, not news."""
    items = list(ITEM_EN.finditer(text))
    return len(items) >= 2 and any(item["verb"].lower() in IMPERATIVES_EN for item in items)

