"""Arguments read from what people type, each by a parser of its own (the intent classifier never guesses them):
instance types first, then counts from the rest of the sentence ("2대", "두 대", "x2", "3 instances"), job and
resource ids, S3 wording (with its negations), model presets, and pasted articles. A cost-bearing value that cannot
be read with certainty is reported as unclear, so the brain asks instead of guessing."""
from __future__ import annotations

import re
from dataclasses import dataclass

# ASCII word edges: Korean particles follow names directly ("ml.g5.12xlarge로"), and \b counts Hangul as a letter
START, END = r"(?<![a-z0-9.-])", r"(?![a-z0-9])"
INSTANCE = re.compile(START + r"(?:ml\.)?([cgmpt]\d+[a-z]*)[.\s]?(\d*x?large|xlarge|medium)" + END, re.IGNORECASE)
ML_NAME = re.compile(START + r"ml\.[a-z0-9]+\.[a-z0-9]+" + END, re.IGNORECASE)
JOB_ID = re.compile(START + r"train-\d{8}-\d{6}-[0-9a-f]{4}" + END)
RESOURCE_ID = re.compile(START + r"[a-z][a-z-]*-\d{8}-\d{6}-[0-9a-f]{4}" + END)
NATIVE = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6,
          "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
ENGLISH = {"one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
UNIT = r"(?:대|개|노드|인스턴스|instances?|nodes?|machines?)"
VAGUE_COUNT = re.compile(r"몇\s*대|여러\s*대|several|a few|some instances|\d+\s*[~-]\s*\d+\s*" + UNIT, re.IGNORECASE)
S3_WORDS = re.compile(r"s3|버킷|bucket|아티팩트|artifact|업로드한 (?:파일|모델)", re.IGNORECASE)
S3_EXCLUDED = re.compile(r"(?:s3|버킷|bucket|아티팩트|artifacts?)\S*\s*(?:는|은)?\s*(?:빼고|말고|제외|남겨|놔두|keep)|"
                         r"(?:without|except|but not|keep)\s+(?:the\s+)?(?:s3|bucket|artifacts?)", re.IGNORECASE)
ARTICLE_AFTER = re.compile(r"^\s*[^\n:：]{0,40}?(?:요약|summari[sz]e|summary|tl;?dr)[^\n:：]{0,30}[:：]\s*(?P<body>.+)$",
                           re.IGNORECASE | re.DOTALL)
HTML = re.compile(r"<\s*(?:p|div|br|span|article|h\d|li|a)\b[^>]*>", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?:[.!?。]|다\.)(?:\s|$)")
ARTICLE_MIN_CHARS = 200


@dataclass
class Count:
    value: int | None  # None: not mentioned
    unclear: bool = False


def instance_type(text: str) -> tuple[str | None, bool]:
    """(ml.<family>.<size>, unclear): 'g5.12xlarge', 'g5 12xlarge' and 'ml.g5.12xlarge' all read the same; two
    different types, or an 'ml.' name that is not an instance, are unclear."""
    found = {f"ml.{family.lower()}.{size.lower()}" for family, size in INSTANCE.findall(text)}
    odd = ML_NAME.search(text) and not found
    if len(found) > 1 or odd:
        return None, True
    return (found.pop() if found else None), False


def without_instance_types(text: str) -> str:
    """The sentence with instance names blanked, so '12xlarge' is never read as a count."""
    return INSTANCE.sub(" ", ML_NAME.sub(" ", text))


def instance_count(text: str) -> Count:
    """How many instances the sentence asks for: digits or Korean/English number words next to a unit, 'x2'."""
    rest = without_instance_types(text)
    if VAGUE_COUNT.search(rest):
        return Count(None, unclear=True)
    values = [int(n) for n in re.findall(r"(\d+)\s*" + UNIT, rest, re.IGNORECASE)]
    values += [int(n) for n in re.findall(r"(?:^|\s)[x×]\s*(\d+)\b", rest, re.IGNORECASE)]
    values += [NATIVE[w] for w in re.findall(r"(" + "|".join(sorted(NATIVE, key=len, reverse=True)) + r")\s*" + UNIT,
                                             rest)]
    values += [ENGLISH[w.lower()] for w in re.findall(r"\b(" + "|".join(ENGLISH) + r")\s+" + UNIT, rest,
                                                      re.IGNORECASE)]
    if not values:
        return Count(None)
    if len(set(values)) > 1 or not 1 <= values[0] <= 16:
        return Count(None, unclear=True)
    return Count(values[0])


def job_id(text: str) -> str | None:
    found = JOB_ID.findall(text)
    return found[0] if found else None


def resource_ids(text: str) -> list[str] | None:
    return RESOURCE_ID.findall(text) or None


def include_s3(text: str) -> bool:
    """S3 artifacts only when asked for, and not when they are asked to stay ('S3는 빼고', 'without S3')."""
    return bool(S3_WORDS.search(text)) and not S3_EXCLUDED.search(text)


def preset(text: str) -> str | None:
    lowered = text.lower()
    if re.search(r"llama|라마|8b", lowered):
        return "llama3-8b"
    if re.search(r"smol|스몰", lowered):
        return "smol"
    if re.search(r"tiny|작은|테스트|데모|demo|test", lowered):
        return "tiny"
    return None


def data_source(text: str) -> str | None:
    return "sample" if re.search(r"샘플|sample|예제|offline|오프라인", text, re.IGNORECASE) else None


def article(text: str) -> str | None:
    """The article in a message, if the message is one: text after '요약해줘:'/'summarize this:', a short request
    line followed by the text, HTML, a block of several sentences, or anything long. Never searched for commands."""
    stripped = text.strip()
    match = ARTICLE_AFTER.match(stripped)
    if match:
        return match["body"].strip()
    first, _, rest = stripped.partition("\n")
    if rest.strip() and len(first) <= 60 and re.search(r"요약|summar", first, re.IGNORECASE):
        return rest.strip()
    if HTML.search(stripped) or len(stripped) >= ARTICLE_MIN_CHARS:
        return stripped
    if len(SENTENCE_END.findall(stripped)) >= 2 and len(stripped) >= 40:
        return stripped
    return None
