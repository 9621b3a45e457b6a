"""The ids a message names: job ids (to check, stop or wait on) and resource ids (endpoints, inference components,
training jobs) a clean-up plans, with the ones singled out ("A만 지워줘", "only the endpoint") and a bucket's name
(the S3 scope, never an id). The tools answer an unknown id with "not found", so an id of another shape is read too."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.arguments import scope
from assistant.arguments.names import HUB_ID, JOB_ID, OTHER_ID, PATH, RESOURCE_ID, URL
from assistant.corrections import kept_after_correction


def _ids(pattern: re.Pattern, text: str, every: bool = False) -> list[re.Match]:
    """KoSum's own ids, else ids of another shape outside paths, hub ids and URLs (the tools answer an unknown id
    with "not found"; reading none would plan the latest job, or everything). With `every`, both, in order: a
    clean-up plans each id named ("the endpoint kosum-ep-2c9d and the training job train-20261205-120000-dd44")."""
    named = list(pattern.finditer(text))
    if named and not every:
        return named
    names = [m.span() for p in (URL, PATH, HUB_ID) for m in p.finditer(text)] + [m.span() for m in named]
    other = [m for m in OTHER_ID.finditer(text) if not any(s <= m.start() < e or m.start() <= s < m.end()
                                                            for s, e in names)]
    return sorted(named + other, key=lambda m: m.start())


def job_ids(text: str) -> list[str]:
    """Every job id named, in order (KoSum's shape, else another shape outside paths, hub ids and URLs)."""
    return [m.group() for m in _ids(JOB_ID, text)]


def job_id(text: str) -> str | None:
    return next(iter(job_ids(text)), None)


ONLY_AFTER = re.compile(r"\s*(?:\([^)\n]{0,30}\)\s*)?(?:(?:(?:한|두|세|네|다섯|\d)\s*(?:개|건|가지)|하나|둘|셋)\s*)?(?:만|only\b)",
                        re.IGNORECASE)  # "A만 지워줘", "A only", "A 랑 B 두 개만", "A 하나만"
ONLY_BEFORE = re.compile(r"\b(?:only|just)\s+(?:the\s+)?(?:[a-z ]{0,25}\s)?$", re.IGNORECASE)  # "only A", "just the endpoint A"


JOINED = re.compile(r"\s*(?:,|&|\+|/|\band\b|이랑|랑|하고|와|과|및|그리고)?\s*", re.IGNORECASE)


KIND_PARTS = ((r"엔드포인트|endpoints?|(?<![a-z])ep(?![a-z])", {"ep", "endpoint"}),  # a kind, and the parts of the ids of that kind
              (r"추론\s*컴포넌트|컴포넌트|inference\s*components?|(?<![a-z])ic(?![a-z])", {"ic", "inference", "component"}),
              (r"학습\s*잡|학습\s*작업|training\s*jobs?|(?<![a-z])(?:train|job)(?![a-z])", {"train", "training", "job", "sm"}))
ANY_KIND = "|".join(words for words, _ in KIND_PARTS)
JOINED_KINDS = rf"(?:(?:\s*(?:,|&|\+|/|\band\b|이랑|랑|하고|와|과|및)\s*)(?:{ANY_KIND}))*"  # "ic랑 endpoint만": both singled out
BUCKET_BEFORE = re.compile(r"(?:s3|버킷|buckets?)(?:\W{0,3}|[ \t]+)$|s3://$", re.IGNORECASE)  # "S3 버킷(kosum-data-bucket)",
# a table's row "S3         kosum-data-7781": the
# S3 scope (include_s3), never an id to plan


def named_ids(text: str) -> list[re.Match]:
    """Every resource id named, in order, but a bucket's name (the S3 scope, never an id to plan) and an id's last
    parts said again ("kosum-ic-5e61 … ic-5e61도": the same one; `aliases`)."""
    found = [m for m in _ids(RESOURCE_ID, text, every=True)
             if not BUCKET_BEFORE.search(text[max(0, m.start() - 24):m.start()])]
    return [m for m in found if not any(other.group().endswith("-" + m.group()) for other in found)]


@dataclass(frozen=True)
class Alias:
    """An id said again by its last part ("kosum-ep-9b2e … 9b2e는 살리고", "leave a41f alone"), read as that id."""
    full: str
    begin: int
    stop: int

    def group(self) -> str:
        return self.full

    def span(self) -> tuple[int, int]:
        return self.begin, self.stop

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop


def aliases(text: str, named: list[re.Match]) -> list[Alias]:
    """Where an id named in full is said again by its last part or two ("9b2e", "ic-5e61"), when no other id ends so."""
    full = list(dict.fromkeys(m.group() for m in named))
    spans = [m.span() for m in named]
    found = []
    for name in full:
        parts = name.split("-")
        for form in {"-".join(parts[-2:]), parts[-1]} if len(parts) > 2 else ():
            if len(form) < 3 or not re.search(r"\d", form) or sum(other.endswith(form) for other in full) > 1:
                continue
            found += [Alias(name, *m.span()) for m in re.finditer(rf"(?<![A-Za-z0-9-]){re.escape(form)}(?![A-Za-z0-9-])", text)
                      if not any(s <= m.start() < e for s, e in spans)]
    return found


def resource_ids(text: str) -> tuple[list[str] | None, bool]:
    """(the resource ids named, each once, in order; unclear): an id that is left out ("X 말고 다 지워") cannot be planned:
    unclear. Ids singled out with 만/only/just ("아까 목록에 A, B 있었지? A만 지워줘") are the ones planned: the others are
    what exists, named to pick from. An id said again by its last part ("… 9b2e는 살리고 4a1f만 지워") is that id, and
    one kept, left out or taken back where it is said again does not go."""
    full = named_ids(text)
    named: list = sorted(full + aliases(text, full), key=lambda m: m.start())
    only = {i for i, m in enumerate(named)
            if ONLY_AFTER.match(text, m.end()) or ONLY_BEFORE.search(text[max(0, m.start() - 40):m.start()])}
    for i in sorted(only):  # "A and B only", "A 이랑 B 만", "just A and B": the ids joined to one singled out
        for step in (-1, 1):
            j = i
            while 0 <= j + step < len(named) and JOINED.fullmatch(
                    text[min(named[j].end(), named[j + step].end()):max(named[j].start(), named[j + step].start())]):
                j += step
                only.add(j)
    only |= {i for i, m in enumerate(named) if m.group() in {named[j].group() for j in only}}  # where else it is said
    if not only and len(named) > 1:  # "A, B 남아있네요. 이 중에 ep만 지워주세요": a kind singled out picks its ids
        ends = {m.end() for m in named}  # "A 엔드포인트랑 B 인퍼런스 컴포넌트만": a kind right after an id names that id
        kinds = [parts for words, parts in KIND_PARTS for found in re.finditer(
            rf"(?:{words})(?={JOINED_KINDS}\s*(?:만|only\b))|\bonly\s+(?:the\s+)?(?:{words})", text, re.IGNORECASE)
            if not any(0 <= found.start() - end <= 10 and not text[end:found.start()].strip(" 인퍼런스추론") for end in ends)]
        if kinds:
            only = {i for i, m in enumerate(named) if set(re.split(r"[-_]", m.group().lower())) & set().union(*kinds)}
            if not only:
                return None, True  # no id of that kind: which is asked, never all
    named = [m for i, m in enumerate(named) if i in only] or named
    back = {m.group() for i, m in enumerate(named) if taken_back(text, m, named[i + 1].start() if i + 1 < len(named)
                                                                 else None)}
    named = [m for m in named if m.group() not in back]
    ids = list(dict.fromkeys(m.group() for m in named))
    said = {name: _last_said(text, [m for m in named if m.group() == name]) for name in ids}
    left_out = {name for name, last in said.items() if last == "left out"}
    if left_out and (len(left_out) == len(ids) or (EVERY.search(text) and _rest_count(text) != len(ids) - len(left_out))):
        return None, True  # "X 말고 다 지워": everything but X cannot be planned by ids (but the rest named and counted:
    ids = [name for name in ids if name not in left_out]  # "A, B, C, D … D 빼고 나머지 세 개 다 내려 주세요")
    kept = {name for name in ids if said[name] == "kept"}  # "B는 그대로 둬야 합니다": B stays
    if kept and len(kept) == len(ids):
        return None, True
    return [name for name in ids if name not in kept] or None, False


def _last_said(text: str, mentions: list) -> str | None:
    """What the last mention of an id that says anything of it says: "left out", "kept", "deleted" (or None): "X 잡은
    결과물 받아놨고 … X랑 Y 삭제해 주세요" deletes X; "kosum-ep-a41f (…) … leave a41f alone" keeps it."""
    for mention in reversed(mentions):
        if scope.excluded(text, *mention.span()):
            return "left out"
        deletes = scope.deletes(text, *mention.span())
        if deletes is not None:
            return "deleted" if deletes else "kept"
    return None


REST_COUNT = re.compile(r"나머지\s*(?P<ko>두|세|네|다섯|\d)\s*(?:개|대|건)|\bthe\s+other\s+(?P<en>two|three|four|five|\d)\b",
                        re.IGNORECASE)
COUNT_WORDS = {"두": 2, "세": 3, "네": 4, "다섯": 5, "two": 2, "three": 3, "four": 4, "five": 5}


def _rest_count(text: str) -> int | None:
    """How many "the rest" says ("나머지 세 개", "the other two"), if it says."""
    found = REST_COUNT.search(text)
    word = (found["ko"] or found["en"]).lower() if found else None
    return None if word is None else int(word) if word.isdigit() else COUNT_WORDS[word]


EVERY = re.compile(r"(?<![가-힣])(?:다|전부|모두|싹|몽땅|나머지)(?![가-힣])|\b(?:all|everything|every|rest)\b", re.IGNORECASE)


def taken_back(text: str, match: re.Match, upto: int | None) -> bool:
    """Whether the id `match` is named and then taken back before the next id: a correction after it that keeps it
    ("X도 같이… 아니다, 그 학습은 놔두세요", "also X — no wait, keep that one"): it is not in the clean-up."""
    return kept_after_correction(text, match.end(), upto if upto is not None else len(text))


LISTED_COUNTS = ((re.compile(r"둘\s*다|두\s*개|두\s*가지|\bboth\b|\b(?:these|those|the|all)\s+two\b|\btwo\s+of\s+(?:them|these|those)\b",
                             re.IGNORECASE), 2),
                 (re.compile(r"셋\s*다|세\s*개|\b(?:these|those|the|all)\s+three\b|\bthree\s+of\s+(?:them|these|those)\b",
                             re.IGNORECASE), 3),
                 (re.compile(r"이것들|저것들|이거\s*(?:다|전부|모두)|위(?:에)?\s*(?:것|거|꺼)\s*(?:다|전부|모두)|"
                             r"\ball\s+(?:of\s+)?(?:these|those|them)\b", re.IGNORECASE), 0))


REMOVED_NEAR = re.compile(r"삭제|지우|지워|정리|없애|내려|날려|\b(?:delete|remove|kill|drop|tear|clean|wipe|nuke)", re.IGNORECASE)
WIDER = re.compile(r"\s*(?:도|를|을)?\s*(?:포함|까지|외에|말고|빼고|including|plus|and everything)", re.IGNORECASE)


def _beside_removal(text: str, match: re.Match) -> bool:
    """Whether a removal verb is in the pointing word's own sentence, just before or after it ("delete both", "둘 다 지워")."""
    begin = max(text.rfind(c, 0, match.start()) for c in ".!?\n") + 1
    after = re.split(r"[.!?\n]", text[match.end():], maxsplit=1)[0]
    return bool(REMOVED_NEAR.search(text[max(begin, match.start() - 20):match.start()] + " " + after[:15]))


def refers_to_listed(text: str, count: int) -> bool | None:
    """Whether the user's lines point at the ids of a pasted list as what to remove ("둘 다 삭제해줘", "delete both",
    "all of these"): True when a word of that count (or of none) is there beside a removal verb, None when its count is
    not the list's (which is asked), else False; the list as part of more ("위 두 개 포함해서 전부 정리") is not it."""
    said = [number for pattern, number in LISTED_COUNTS for m in pattern.finditer(text)
            if not WIDER.match(text, m.end()) and _beside_removal(text, m)]
    if not said:
        return False
    return True if all(number in {0, count} for number in said) else None


THIS_ONE = re.compile(r"(?<![가-힣])(?:이거|이것|이걸|요거|그거|그것|그걸|걔)(?![가-힣]*\s*(?:다|전부|모두))|\b(?:this one|that one|kill it|"
                      r"delete it|remove it)\b", re.IGNORECASE)


def points_at_one(request: str) -> bool:
    """Whether the request's last sentence points at one thing by a demonstrative ("그거 지워 주세요", "delete that one")
    and at no count of them ("둘 다", "all of these"): among several ids named, which one is not said."""
    last = [part for part in re.split(r"(?<=[.!?\n])\s*|\.{2,}|…", request) if re.search(r"\w", part)][-1:] or [""]
    return bool(THIS_ONE.search(last[0])) and not any(pattern.search(last[0]) for pattern, _ in LISTED_COUNTS)


def pointed(named: list[str], text: str) -> list[str] | None:
    """The ids of a pasted notice or listing (`named`) that the user's lines point at as what to remove: all of them
    ("둘 다 지워주세요" beside two), or the one a notice names ("[청구 알림] … kosum-ep-7c3d …\n이거 내려주세요");
    None when they point at none, or a count that is not the notice's."""
    if refers_to_listed(text, len(named)):
        return named
    one = len(named) == 1 and any(_beside_removal(text, m) for m in THIS_ONE.finditer(text))
    return named if one else None
