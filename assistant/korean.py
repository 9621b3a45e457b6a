"""The one Korean analyser of the offline brain: kiwipiepy's Kiwi, loaded once per process on first use and shared by
the intent model, the argument parsers and the question reader, so a message is analysed once however many of them
read it. Loading takes seconds (the app does it in the background after its page is served, with the classifier);
analysing a message takes about a millisecond. Kiwi's dictionaries of proper nouns are not loaded: they slow the load
and the brain needs the grammar (endings, negation, particles), not names."""
from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple


class Morpheme(NamedTuple):
    form: str  # the lemma for verbs ("지우" for 지워), the text otherwise
    tag: str  # Sejong tag: NNG noun, VV verb, VX auxiliary, EC/EF connective/final ending, JX particle, SL Latin, ...
    start: int  # character offsets in the analysed text
    end: int


_LOADING = threading.Lock()


def analyser():
    """The shared Kiwi, ready to use (a second caller waits for the first one's load)."""
    with _LOADING:
        return _loaded()


@functools.cache
def _loaded():
    from kiwipiepy import Kiwi

    kiwi = Kiwi(load_default_dict=False, load_multi_dict=False)
    kiwi.tokenize("")  # Kiwi finishes loading on its first analysis
    return kiwi


@functools.lru_cache(maxsize=512)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """The morphemes of `text`, with their offsets in it; a Latin word as one morpheme and its sentence's punctuation
    as another (`_latin_words`). A memo's item markers ("가.", "나.") are read as the symbols they are: Kiwi takes
    "(staging endpoint)\n  나." for the ending 이나, a question."""
    return _latin_words(_detached_topic(_prohibitions(_analysed(ITEM_MARKER.sub(r"\1·", text))), text))


def _detached_topic(found: list[Morpheme], text: str) -> list[Morpheme]:
    """"instance 는 ml.g5.4xlarge 로요", "…-b3e8 은 …": Kiwi reads a topic particle typed apart from a Latin word or a
    number as 늘- and a modifier ending (a past one, to the readers of what was done), or as 이- and a connective
    ending (a clause's end); it is the particle 는/은."""
    read: list[Morpheme] = []
    for morpheme in found:
        if read and read[-1].form == "늘" and read[-1].tag == "VV" and morpheme.tag == "ETM" and text[
                read[-1].start:read[-1].end] == "는" and len(read) > 1 and read[-2].tag == "SL":
            read[-1] = Morpheme("는", "JX", read[-1].start, read[-1].end)
            continue
        if morpheme.tag == "EC" and text[morpheme.start:morpheme.end] in {"은", "는"} and len(read) > 1 and (
                read[-1].tag == "VCP" and read[-1].start == read[-1].end and read[-2].tag in {"SL", "SN"}):
            read[-1] = Morpheme(morpheme.form, "JX", morpheme.start, morpheme.end)  # "b3e8 은": read as 이+은
            continue
        read.append(morpheme)
    return read


ITEM_MARKER = re.compile(r"^([ \t]*)[가나다라마바사아자차카타파하](?=[.)][ \t])", re.MULTILINE)


IMPERATIVE = re.compile(r"[가-힣](?:줘|줘요|주세요|줄래|줄래요)$")  # "내려줘" read whole as a noun
PREDICATES = {"VV", "VA", "XSV", "XSA", "VX"}


def _prohibitions(found: list[Morpheme]) -> list[Morpheme]:
    """A verb's connective 지 followed by a word Kiwi reads as a noun starting with 마 is the prohibition 말다 in a
    dialect's ending ("건드리지 마래이", 경상도; "지우지 마유", 충청도): no noun follows -지 directly, so it is read as
    말 (VX) and its ending, and "S3는 건드리지 마래이" keeps S3 as "마라" does; a 마 Kiwi does read as VX is 말 too."""
    read: list[Morpheme] = []
    for morpheme in found:
        after_ji = len(read) > 1 and read[-1].form == "지" and read[-1].tag == "EC" and read[-2].tag in PREDICATES
        if after_ji and morpheme.tag in {"NNG", "NNP", "NR", "UN"} and morpheme.form[:1] == "마" and len(morpheme.form) > 1:
            read.append(Morpheme("말", "VX", morpheme.start, morpheme.start + 1))
            read.append(Morpheme(morpheme.form[1:], "EF", morpheme.start + 1, morpheme.end))
            continue
        if after_ji and morpheme.tag == "VX" and morpheme.form == "마":  # "지우지 마래": Kiwi's 마, the stem 말
            morpheme = Morpheme("말", "VX", morpheme.start, morpheme.end)
        read.append(morpheme)
    return read


def _analysed(text: str, offset: int = 0) -> list[Morpheme]:
    """Kiwi's morphemes; where it reads a run-on imperative as one unknown noun ("띄운 거 다 내려줘 버킷은 남겨두고":
    "내려줘" a proper noun, "거 다" as 거이다), the text up to it and the rest are analysed apart, as if a dictated
    sentence had its full stop."""
    found = [Morpheme(t.form, t.tag, offset + t.start, offset + t.start + t.len) for t in analyser().tokenize(text)]
    for morpheme in found:
        cut = morpheme.end - offset
        if morpheme.tag in {"NNP", "NNG"} and IMPERATIVE.search(morpheme.form) and text[cut:].strip():
            head = [Morpheme(t.form, t.tag, offset + t.start, offset + t.start + t.len)
                    for t in analyser().tokenize(text[:cut])]
            if head and head[-1].tag not in {"NNP", "NNG"}:
                return head + _analysed(text[cut:], offset + cut)
    return found


ABBREVIATIONS = {"incl", "e.g", "i.e", "etc", "vs", "esp", "approx"}  # their period ends no sentence
PUNCTUATION = re.compile(r"[.!?,;]+$")


def _latin_words(found: list[Morpheme]) -> tuple[Morpheme, ...]:
    """Kiwi splits an English word before Hangul and glues the punctuation after it ("bucket. 비용" as "buc", "ket.";
    "keep." as one): the pieces are joined again and the punctuation made its own morpheme, so "the S3 bucket. 비용
    리포트는 …" ends its sentence at the period and "keep." reads as the verb keep."""
    joined: list[Morpheme] = []
    for morpheme in found:
        if joined and morpheme.tag == "SL" and joined[-1].tag == "SL" and joined[-1].end == morpheme.start:
            previous = joined.pop()
            morpheme = Morpheme(previous.form + morpheme.form, "SL", previous.start, morpheme.end)
        joined.append(morpheme)
    split: list[Morpheme] = []
    for morpheme in joined:
        glued = PUNCTUATION.search(morpheme.form) if morpheme.tag == "SL" else None
        word = morpheme.form[:glued.start()] if glued else ""
        if not glued or not word or word.lower() in ABBREVIATIONS:
            split.append(morpheme)
            continue
        at = morpheme.start + len(word)
        split.append(Morpheme(word, "SL", morpheme.start, at))
        split.append(Morpheme(glued.group(), "SP" if glued.group()[0] in ",;" else "SF", at, morpheme.end))
    return tuple(split)


# Korean typed in Latin letters, and loanwords for a step said in Hangul: each read as the Korean the brain knows. Clean-up,
# keep and delete words only ("jiwo jwo", "s3 neun nwadugo", "클린업"), one table, so every reader (intent, S3 scope, ids)
# sees the same words; a particle typed apart from its noun ("s3 neun") is joined to it again.
SPELLED = {"jiwo": "지워", "jiwojwo": "지워줘", "jwo": "줘", "jwoyo": "줘요", "haejwo": "해줘", "haejuseyo": "해주세요",
           "jom": "좀", "jeonbu": "전부", "modu": "모두", "ssak": "싹", "geo": "거", "geot": "것",
           "jeongri": "정리", "jeongni": "정리", "sakje": "삭제", "naeryeo": "내려", "kkeo": "꺼",
           "ppaego": "빼고", "ppaeseo": "빼서", "nwadugo": "놔두고", "nwadwo": "놔둬", "namgyeo": "남겨",
           "namgigo": "남기고", "namgyeodugo": "남겨두고", "malgo": "말고", "kkaji": "까지", "neun": "는", "eun": "은",
           "reul": "를", "eul": "을", "pohamhaeseo": "포함해서", "geondeuriji": "건드리지",
           "클린\\s*업": "정리", "딜리트": "삭제", "리무브": "삭제", "티어다운": "정리"}
SHORTHAND = tuple((re.compile(pattern), meaning) for pattern, meaning in (  # phone shorthand, emoji as a verb, typos
    (r"(?<=[는은])\s*(?:ㄴㄴ|노노|ㄴ{3,})(?:요)?", " 빼고"),  # "s3는 ㄴㄴ": S3 is left out
    (r"(?<=[가-힣])ㅇㅇ(?![ㄱ-ㅎ])", " 응"),  # "전부삭제ㅇㅇ": yes
    (r"\s*🗑\ufe0f?\s*", " 삭제 "),  # "전부🗑️ 해주세요": delete
    (r"냅둬|냅두", "놔둬"), (r"(?<=야)\s*쓰것다잉?|(?<=야)\s*쓰겄다잉?", " 한다"), (r"(?<![가-힣])근디(?![가-힣])", "근데"),
    (r"(?<=[가-힣])당가(?=[\s?]|$)", "나"), (r"(?<![가-힣])아이가(?=[\s?]|$)", "아니야"),  # 전라도, 경상도 endings
    (r"세이지\s*[메매]\s*[아이]\s*[커거카]|세이지메이커", "세이지메이커")))  # "세이지메아커", "세이지메이거"
INFINITIVE = {"지우": "지워", "지아": "지워", "지": "지워", "내리": "내려", "치우": "치워", "끄": "꺼", "멈추": "멈춰", "하": "해",
              "정리하": "정리해", "삭제하": "삭제해", "없애": "없애", "날리": "날려", "치워": "치워", "지워": "지워"}
QUOTATIVE = {"다고", "자고", "라고", "냐고", "으라고"}  # "지우지 말자고 했었는데": what was said, with its reporting verb
MUST = re.compile(r"안\s*([가-힣]{1,3}?)(?:으면|면)\s*안\s*(돼|되|됨|된다)")  # "안 지우면 안 돼": it must be deleted
DIALECT_AUXILIARY = re.compile(r"([가-힣]{1,3}?)(?:아|어)?(?:뿌라|뿌러|뿐다|부러|부려|삐라|삐래)(?=[\s.,!?~ㅋㅎ]|$)")  # 경상도
# "내리뿌라", "지아뿌라", 전라도 "치워부러": "-어 버려"
NOT_ALONE = {"neun", "eun", "reul", "eul", "kkaji", "geo", "geot", "jom"}  # also English words or names
SPELLED_WORD = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(SPELLED, key=len, reverse=True)) + r")(?![A-Za-z])",
                          re.IGNORECASE)
LATIN_KOREAN = re.compile(r"(?<![A-Za-z])(?:" + "|".join(k for k in SPELLED if k.isascii()) + r")(?![A-Za-z])",
                          re.IGNORECASE)


def in_hangul(text: str) -> str:
    """`text` with romanized Korean words ("jeonbu jiwo jwo, s3 ppaego") and clean-up loanwords ("클린업") in the Hangul
    the brain reads; romanized words only when two of them are there, one a verb or an adverb (a particle or "geo" alone
    is more likely English or a name); formal request endings ("시작하십시오", "삭제 요망") as 해요체 (assistant/formal.py)."""
    from assistant.formal import plain_requests

    text = plain_requests(text)
    found = {word.lower() for word in LATIN_KOREAN.findall(text)}
    romanized = len(found) >= 2 and bool(found - NOT_ALONE)  # a verb or an adverb among them, not "geo" and "neun"

    def spelled(match: re.Match) -> str:
        word = match.group()
        if word.isascii() and not romanized:
            return word
        return next(hangul for key, hangul in SPELLED.items() if re.fullmatch(key, word, re.IGNORECASE))

    text = SPELLED_WORD.sub(spelled, text)
    for shorthand, meaning in SHORTHAND:
        text = shorthand.sub(meaning, text)
    text = MUST.sub(lambda m: f"꼭 {INFINITIVE[m[1]]}야 {m[2]}" if m[1] in INFINITIVE else m.group(), text)
    text = DIALECT_AUXILIARY.sub(lambda m: f"{INFINITIVE.get(m[1], m[1])} 버려", text)
    return re.sub(r"(?<=[A-Za-z0-9])\s+(?=(?:는|은|를|을|까지)(?![가-힣]))", "", text) if romanized else text
