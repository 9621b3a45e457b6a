"""One generation as the scheduler sees it, with explicit counters: how long its prompt is, how many prompt
positions came from the prefix cache, how many tokens it generated and how many cache positions it fills, the
token sequence its drafter reads, and its drafting record."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from serving.engine.lookup import NgramDrafter
from serving.engine.sampling import SamplingParams
from serving.engine.scheduler import LookupState

Emit = Callable[[int | None, str | None], None]


def check_prompt(prompt_ids: list[int], max_len: int) -> None:
    """The engine's input rule, also applied by its HTTP front before a request crosses to the engine process."""
    if not prompt_ids or len(prompt_ids) >= max_len:
        raise ValueError(f"the prompt has {len(prompt_ids)} tokens; the limit is {max_len - 1}")


@dataclass
class Request:
    """`emit(token_id, None)` is called on the engine thread for every new token, then `emit(None, finish_reason)`
    once ('stop', 'length', 'cancelled' or 'error')."""

    prompt_ids: list[int]
    params: SamplingParams
    emit: Emit
    cancelled: bool = False
    cached_tokens: int = field(default=0, init=False)  # prompt positions copied from the prefix cache
    generated: int = field(default=0, init=False)
    length: int = field(default=0, init=False)  # positions written in its cache slot
    last_token: int = field(default=0, init=False)
    accepted_drafts: int = field(default=0, init=False)  # drafted tokens the model agreed with
    tokens: list[int] = field(default_factory=list, init=False)  # prompt, then every generated token
    lookup: LookupState = field(default_factory=LookupState, init=False)
    drafter: NgramDrafter | None = field(default=None, init=False)  # made on the first draft

    def __post_init__(self) -> None:
        self.tokens = list(self.prompt_ids)

    @property
    def prompt_len(self) -> int:
        return len(self.prompt_ids)

    def fit(self, max_len: int) -> None:
        """Check the prompt and cap max_tokens so the cache never overflows (one wasted step included)."""
        check_prompt(self.prompt_ids, max_len)
        room = max(1, min(self.params.max_tokens, max_len - self.prompt_len))
        if room != self.params.max_tokens:
            self.params = replace(self.params, max_tokens=room)

    def draft(self, budget: int, min_ngram: int, max_ngram: int) -> list[int]:
        """Up to `budget` tokens guessed from the request's own tokens (prompt lookup)."""
        if budget <= 0:
            return []
        if self.drafter is None:
            self.drafter = NgramDrafter(self.tokens, min_ngram, max_ngram)
        return self.drafter.propose(budget)

    def accept(self, token: int, eos: set[int]) -> str | None:
        """Count a generated token; the finish reason if the request ends with it ('stop' before emitting it)."""
        self.generated += 1
        self.tokens.append(token)
        if token in eos:
            return "stop"
        self.emit(token, None)
        if self.cancelled:
            return "cancelled"
        if self.generated >= self.params.max_tokens:
            return "length"
        self.last_token = token
        return None

    def accept_run(self, tokens: list[int], eos: set[int]) -> str | None:
        """Count several tokens of one step in order; the request may end inside the run (at EOS, max_tokens or a
        cancellation), and the tokens after that are dropped."""
        for token in tokens:
            reason = self.accept(token, eos)
            if reason is not None:
                return reason
        return None
