"""The drafter of prompt-lookup decoding: a summary copies runs of its article, so the tokens that followed the
most recent earlier occurrence of the sequence's last n tokens are a cheap guess at what comes next. The index
of n-grams grows with the sequence (each new token is indexed once), so a proposal costs a few dictionary look-ups
however long the prompt is."""
from __future__ import annotations


class NgramDrafter:
    """Drafts for one token sequence (`tokens`, the request's prompt then its generated tokens, appended by its
    owner). Longer matches are tried first: `max_ngram` tokens down to `min_ngram`."""

    def __init__(self, tokens: list[int], min_ngram: int = 1, max_ngram: int = 3) -> None:
        if not 1 <= min_ngram <= max_ngram:
            raise ValueError(f"n-gram sizes must satisfy 1 <= min <= max, got {min_ngram}..{max_ngram}")
        self.tokens, self.min_ngram, self.max_ngram = tokens, min_ngram, max_ngram
        self.following: dict[tuple[int, ...], int] = {}  # n-gram → where the tokens after its latest occurrence start
        self.indexed = 1  # continuations of n-grams that end before this index are in `following`

    def _index_new_tokens(self) -> None:
        tokens, following = self.tokens, self.following
        for start in range(self.indexed, len(tokens)):  # tokens[start] follows the n-grams ending at start-1
            for n in range(self.min_ngram, min(self.max_ngram, start) + 1):
                following[tuple(tokens[start - n:start])] = start
        self.indexed = max(self.indexed, len(tokens))

    def propose(self, k: int) -> list[int]:
        """Up to `k` tokens that followed the latest earlier occurrence of the longest matching suffix ([] if none)."""
        if k <= 0:
            return []
        self._index_new_tokens()
        tokens = self.tokens
        for n in range(min(self.max_ngram, len(tokens)), self.min_ngram - 1, -1):
            start = self.following.get(tuple(tokens[-n:]))
            if start is not None:
                return tokens[start:start + k]
        return []
