"""A place named only to rule it out: "local gpu too slow", "로컬로는 절대 못 맞춰요", "로컬 GPU로는 너무 느리다고",
"로컬로는 사흘 걸려서", "지난번 local run은 OOM 나서", "local run이랑 비교해보고 싶어서", "local serving is fine for me, but
…". The clause that names the place says it is too slow, small or long, failed, is what the run is compared with, or is
conceded before a "but", or is down, failing or full ("on-prem rack down till 09:00.", "local TGI at 98% GPU mem, 5xx
rate 12%."): the work goes elsewhere. Only the words up to that clause's own predicate are read, so
"로컬에서 학습해줘" is never ruled out by what another clause says."""
from __future__ import annotations

import re
from typing import Sequence

from assistant.arguments.told import OUTAGE_EN, states_en
from assistant.korean import morphemes

HANGUL = re.compile(r"[\uac00-\ud7a3]")
BAD_KO = {"느리", "느려", "느림", "못", "포기", "비교", "터지", "죽", "뻗", "부족", "모자라", "실패", "에러", "오류", "무리", "답답"}
NOT_ENOUGH_KO = re.compile(r"안\s*(?:돼|되|됨|올라|돌아|맞|나와|나옴|나오)")  # "로컬로는 안 돼요", "latency 안 나옴"
TOO_LONG_KO = re.compile(r"(?:이틀|사흘|나흘|며칠|몇\s*일|하루|오래|한참|\d+\s*(?:시간|일|주))[^.!?\n]{0,12}?걸리?려")  # "사흘 걸려서"
BAD_EN = re.compile(r"\b(?:too\s+(?:slow|small|weak|long)|slow|forever|not\s+enough|oom|out\s+of\s+memory|crash(?:ed|es)?|fail(?:ed|s)?|"
                    r"can'?t|cannot|won'?t|compare[ds]?|vs\.?|versus|errors?|5xx|offline|unavailable|unreachable|dying|dies|died|unstable|flaky|"
                    r"maintenance|overloaded|maxed\s+out)\b|\b(?:9\d|100)\s*%", re.IGNORECASE)  # … or is out of service or full
CLAUSE_EN = re.compile(r"[^,;.!?\n]*(?:[,;.!?\n]|$)")
CONCEDED_EN = re.compile(r"\s*(?:but|though|however)\b", re.IGNORECASE)  # "local is fine for me, but the team wants …"
ENDS = {"EC", "EF"}
SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?\n]|$)")


def ruled_out(text: str, start: int, end: int, others: Sequence[re.Pattern] = ()) -> bool:
    """Whether the place named at text[start:end] is named only to be ruled out. Where its sentence names no other
    place (`others`), a Korean sentence that states how the place fares and asks nothing ("로컬 GPU로는 8B가 40시간
    넘게 걸려서 마감 못 맞출 것 같습니다.") is read to its end, not only to the place's own predicate."""
    if HANGUL.search(text):
        found = morphemes(text)
        after = [m for m in found if m.start >= end]
        last = next((i for i, m in enumerate(after) if m.tag in ENDS), len(after) - 1)
        close = SENTENCE.match(text, end).end()
        final = next((i for i, m in enumerate(after) if m.tag == "EF" and m.start < close), None)
        if final is not None and others and not any(p.search(text, _begin(text, start), close) for p in others) and (
                _states(after[:final + 1])):
            last = final
        words = after[:last + 1]
        stop = words[-1].end if words else end
        long = TOO_LONG_KO.search(text, end, close)  # a time said in the clause ("10시간 넘게 걸려서"), taken there
        return any(m.form in BAD_KO for m in words) or bool(long and long.start() < stop) or any(
            p.search(text, end, stop) for p in (NOT_ENOUGH_KO, BAD_EN))
    begin = _begin(text, start, r"[,;.!?\n]")
    clause = CLAUSE_EN.match(text, start)
    stop = clause.end() if clause else len(text)
    sentence = _begin(text, start), SENTENCE.match(text, start).end()
    if others and not any(p.search(text, *sentence) for p in others) and states_en(text[sentence[0]:sentence[1]]):
        begin, stop = sentence  # "local TGI at 98% GPU mem, 5xx rate 12%. push … to sagemaker": how it fares, told
        if OUTAGE_EN.search(text, begin, stop):
            return True
    return bool(BAD_EN.search(text, begin, stop)) or bool(CONCEDED_EN.match(text, stop))


def _states(words: list) -> bool:
    """Whether a sentence's words up to its final ending state something and ask nothing: no 주-/부탁 of a request,
    and a final ending of a statement (-다, -습니다) or -요 after a past, an adjective or 이다 ("무리예요", "걸렸어요")."""
    if not words or words[-1].tag != "EF" or any((m.form == "주" and m.tag == "VX") or m.form == "부탁" for m in words):
        return False
    final = words[-1]
    return final.form.endswith("다") or (final.form.endswith("요") and len(words) > 1 and words[-2].tag in
                                          {"EP", "VA", "VCP", "VCN"} and words[-2].form != "시")


def _begin(text: str, start: int, breaks: str = r"[.!?\n]") -> int:
    """Where the sentence (or clause) around `start` begins."""
    return max([m.end() for m in re.finditer(breaks, text[:start])], default=0)
