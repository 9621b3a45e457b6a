"""The English words a clean-up turns on, typed with one slip on a phone ("tear dowm", "keeep the bucket",
"teardwon everything", "delte it"), read as meant: a removal verb missed meant no clean-up was asked, and a keep word
missed meant S3 was not kept. A slip is two neighbouring letters swapped, a letter doubled, one letter missing from
a long word, or one letter replaced by a key beside it; so a real word one letter away ("deleted", "remote",
"step") is never changed. Ids and paths keep their spelling."""
from __future__ import annotations

import re

WORDS = ("teardown", "delete", "remove", "destroy", "terminate", "cleanup", "bucket", "leave", "keep", "down")
ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS = {key: {other for r2, other_row in enumerate(ROWS) for c2, other in enumerate(other_row)
                    if abs(r2 - r) <= 1 and abs(c2 - c) <= 1 and other != key}
              for r, row in enumerate(ROWS) for c, key in enumerate(row)}
WORD = re.compile(r"(?<![\w/.-])[a-z]{4,}(?![\w/.-])", re.IGNORECASE)


def _slip(word: str, target: str) -> bool:
    """Whether `word` is `target` typed with one slip (see the module docstring)."""
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
        if len(diff) == 1:
            return word[diff[0]] in NEIGHBOURS.get(target[diff[0]], set())
        return len(diff) == 2 and diff[1] == diff[0] + 1 and (word[diff[0]], word[diff[1]]) == (
            target[diff[1]], target[diff[0]])
    if len(word) == len(target) + 1:  # a letter doubled: "keeep", "remmove"
        return any(word[:i] + word[i + 1:] == target and word[i] == word[i - 1] for i in range(1, len(word)))
    return len(word) + 1 == len(target) >= 6 and any(target[:i] + target[i + 1:] == word for i in range(len(target)))


def corrected(text: str) -> str:
    """`text` with each of WORDS typed with one slip spelled right."""
    def right(match: re.Match[str]) -> str:
        word = match.group().lower()
        return next((target for target in WORDS if word != target and _slip(word, target)), match.group())

    return WORD.sub(right, text)
