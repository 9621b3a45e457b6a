"""A second-language writer's Korean read as the standard form it stands for, where that is unambiguous: a particle
written apart from its noun ("때 까지", "30분 만", "다음 에", "학습 을") joins it, and a verb's dictionary form before
때 ("끝나다 때" for "끝날 때") becomes the adnominal form. The classifier learned the standard forms: the learner's
forms alone made "train-… 끝나다 때 까지 지켜 봐 주세요. 근데 30분 만 기다려요" read as a teardown."""
from __future__ import annotations

from assistant.korean import morphemes

NOUNS = {"NNG", "NNP", "NNB", "NR", "NP", "SN", "SL", "SH"}  # what a particle follows
HANGUL_BASE, FINALS, RIEUL = 0xAC00, 28, 8  # a Hangul syllable's final consonant is (code - base) % 28; ㄹ is 8


def standard(text: str) -> str:
    """`text` with a learner's detached particles and dictionary forms before 때 in their standard form."""
    found = morphemes(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in `text`, in order
    for before, morpheme in zip(found, found[1:]):
        gap = text[before.end:morpheme.start]
        if morpheme.tag.startswith("J") and before.tag in NOUNS and gap and not gap.strip():
            edits.append((before.end, morpheme.start, ""))  # "30분 만" → "30분만"
    for stem, ending, noun in zip(found, found[1:], found[2:]):
        if stem.tag in {"VV", "VA"} and ending.form == "다" and ending.tag in {"EC", "EF"} and (
                noun.form == "때" and noun.tag == "NNG") and stem.end == ending.start:
            edits.append((stem.start, ending.end, _adnominal(text[stem.start:stem.end])))  # "끝나다 때" → "끝날 때"
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _adnominal(stem: str) -> str:
    """The prospective adnominal form of a verb stem: "끝나" → "끝날", "만들" → "만들", "먹" → "먹을"."""
    code = ord(stem[-1]) - HANGUL_BASE
    if not 0 <= code < 11172:
        return stem + "ㄹ"
    final = code % FINALS
    if final == 0:
        return stem[:-1] + chr(HANGUL_BASE + code + RIEUL)
    return stem if final == RIEUL else stem + "을"
