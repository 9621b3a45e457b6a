"""Ids picked from a quoted list of resources by their kind: "> 엔드포인트 kosum-ep-a1, 추론 컴포넌트 kosum-ic-a1, S3 버킷
…\n엔드포인트랑 추론 컴포넌트만 지워주세요", "list showed this: endpoint kosum-ep-a1f3 …\nkill the endpoint". The user's own
lines name kinds, not ids, and the quote says which ids are of that kind: by the kind word beside the id (its row or
its comma-separated item) or the id's own parts ("kosum-ep-…"). Anything unclear (a kind no id carries, an id whose
kind cannot be told apart) gives None: the brain asks which, never plans all."""
from __future__ import annotations

import re

from assistant.arguments import scope
from assistant.arguments.ids import KIND_PARTS, ONLY_AFTER, ONLY_BEFORE, named_ids
from assistant.arguments.values import RESOURCE_KINDS

Parts = frozenset[str]


def by_kind(quoted: str, own: str) -> list[str] | None:
    """The ids in `quoted` of the kinds `own` (the user's lines) asks to remove, each once, in order; None when no kind
    is asked, a kind asked is not one an id carries, or no id of a kind asked is there."""
    asked = [m for m in RESOURCE_KINDS.finditer(own) if scope.deletes(own, *m.span()) or (
        ONLY_AFTER.match(own, m.end()) or ONLY_BEFORE.search(own[max(0, m.start() - 40):m.start()]))]
    kinds = [_parts(m.group()) for m in asked]
    if not kinds or None in kinds:
        return None
    found = [(m.group(), _kind(quoted, m)) for m in named_ids(quoted)]
    if any(not any(kind == parts for _, kind in found) for parts in kinds):
        return None
    return list(dict.fromkeys(name for name, kind in found if kind in kinds)) or None


def _parts(words: str) -> Parts | None:
    """The id parts of the kind `words` names ("엔드포인트": ep, endpoint); None for a kind ids do not carry ("서버")."""
    return next((frozenset(parts) for pattern, parts in KIND_PARTS if re.fullmatch(pattern, words, re.IGNORECASE)),
                None)


def _kind(text: str, match: re.Match) -> Parts | None:
    """The kind of the id `match`: the one kind word in its item of the list, else the one kind its parts name."""
    begin = max(text.rfind("\n", 0, match.start()), text.rfind(",", 0, match.start())) + 1
    ends = [at for at in (text.find("\n", match.end()), text.find(",", match.end())) if at >= 0]
    item = text[begin:min(ends, default=len(text))]
    said = {_parts(m.group()) for m in RESOURCE_KINDS.finditer(item)} - {None}
    own = {frozenset(parts) for _, parts in KIND_PARTS if set(re.split(r"[-_]", match.group().lower())) & parts}
    kinds = said or own
    return next(iter(kinds)) if len(kinds) == 1 and (not said or not own or said == own) else None
