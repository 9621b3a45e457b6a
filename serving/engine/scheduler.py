"""The scheduler's decisions, as pure functions of the engine's state (no tensors, no threads): how many waiting
requests to prefill now, which busy requests draft tokens for the next step and how many (prompt lookup), how a
request's recent acceptance changes that, and which slots are kept when requests finish. The engine (`engine.py`)
carries them out."""
from __future__ import annotations

from dataclasses import dataclass, replace

PREFILL_TOKEN_BUDGET = 32768
MAX_LOOKUP_K = 15  # a verify step's width is k + 1; the KV cache keeps SPARE_POSITIONS (16) past max_len for it


@dataclass(frozen=True)
class LookupSettings:
    """Prompt-lookup decoding: up to `k` drafted tokens per request and step (0: off), from the longest matching
    n-gram of `max_ngram` down to `min_ngram` tokens, while at most `max_batch` requests are busy (above, a step
    costs more than the drafts win back). A request whose accepted drafts per step average (exponentially, weight
    `smoothing`) below `floor` stops drafting for `pause_steps` steps, then tries again."""

    k: int = 6
    min_ngram: int = 1
    max_ngram: int = 3
    max_batch: int = 8
    floor: float = 0.1
    smoothing: float = 0.3
    pause_steps: int = 16

    def __post_init__(self) -> None:
        if not 0 <= self.k <= MAX_LOOKUP_K:
            raise ValueError(f"lookup k must be between 0 and {MAX_LOOKUP_K}, got {self.k}")
        if not 1 <= self.min_ngram <= self.max_ngram:
            raise ValueError(f"lookup n-grams must satisfy 1 <= min <= max, got {self.min_ngram}..{self.max_ngram}")
        if self.max_batch < 0 or self.pause_steps < 0 or not 0 < self.smoothing <= 1:
            raise ValueError("lookup max_batch and pause_steps must be >= 0 and smoothing in (0, 1]")


@dataclass(frozen=True)
class LookupState:
    """One request's drafting record: its average accepted drafts per verify step, and steps left in a pause."""

    average: float = 1.0
    paused: int = 0


class Scheduler:
    def __init__(self, slots: int, lookup: LookupSettings | None = None,
                 prefill_budget: int = PREFILL_TOKEN_BUDGET) -> None:
        self.slots, self.prefill_budget = slots, prefill_budget
        self.lookup = lookup or LookupSettings()

    @property
    def width(self) -> int:
        """Positions per row of a verify step: the last token and up to k drafts."""
        return self.lookup.k + 1

    def admit(self, busy: int, prompt_lengths: list[int]) -> int:
        """How many of the waiting prompts (in arrival order) to prefill in one batch: as many as there are free
        slots, stopping once the batch's tokens reach the budget (the first always goes)."""
        count, budget = 0, self.prefill_budget
        for length in prompt_lengths[:self.slots - busy]:
            count += 1
            budget -= length
            if budget <= 0:
                break
        return count

    def lookup_on(self, busy: int) -> bool:
        return self.lookup.k > 0 and 0 < busy <= self.lookup.max_batch

    def may_verify(self, states: list[LookupState]) -> bool:
        """Whether the next step may be a verify step (then the engine waits for the step in flight, whose tokens
        the drafts continue)."""
        return self.lookup_on(len(states)) and any(state.paused == 0 for state in states)

    def draft_budgets(self, states: list[LookupState]) -> list[int]:
        """Drafted tokens each busy request may propose for the next step (0: none). A draft may reach past the
        request's max_tokens: the verify step costs the same, and the tokens past the limit are dropped."""
        if not self.lookup_on(len(states)):
            return [0] * len(states)
        return [0 if state.paused else self.lookup.k for state in states]

    def after_step(self, state: LookupState, drafted: int, accepted: int) -> LookupState:
        """A request's record after one step: a pause counts down; a step with drafts updates the average, and a
        low average starts a pause (after which the request starts again from an average at the floor)."""
        if state.paused:
            paused = state.paused - 1
            return LookupState(self.lookup.floor if paused == 0 else state.average, paused)
        if not drafted:
            return state
        average = (1 - self.lookup.smoothing) * state.average + self.lookup.smoothing * accepted
        if average < self.lookup.floor:
            return replace(state, average=average, paused=self.lookup.pause_steps)
        return replace(state, average=average)

    @staticmethod
    def kept(busy: int, finished: set[int]) -> list[int]:
        """The slots whose requests continue, in slot order (they move to slots 0..n-1)."""
        return [slot for slot in range(busy) if slot not in finished]
