"""Where keys and values live, and the policies that keep them. `KVCache`: one tensor per layer of [slots,
kv_heads, positions, head_dim]; a busy request owns one slot (row) and busy requests are kept in slots 0..n-1
(`compact` moves rows when requests finish), so a decode step reads one contiguous block. `PrefixCache`: the keys
and values of the prompt start that requests share (system prompt and user prefix), computed once and copied into
each new request's slot; `plan` decides when it is reused and when a batch's common start is worth computing."""
from __future__ import annotations

from typing import NamedTuple

PREFIX_CACHE_TOKENS = 1024
MIN_SHARED_PREFIX = 16
SPARE_POSITIONS = 16  # past max_len: a verify step's padding (and a prefill padded to 2 tokens) may write there


def common_prefix_length(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def bytes_per_slot(config, max_len: int, dtype_bytes: int = 2) -> int:
    """Key and value bytes of one slot of `max_len` positions (and the spare ones) for a transformers model config."""
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
    positions = max_len + SPARE_POSITIONS
    return 2 * config.num_hidden_layers * config.num_key_value_heads * positions * head_dim * dtype_bytes


class KVCache:
    """Keys and values of `rows` sequences of up to `positions` tokens, one tensor pair per layer."""

    def __init__(self, layers: int, rows: int, kv_heads: int, positions: int, head_dim: int, dtype, device) -> None:
        import torch

        shape = (rows, kv_heads, positions, head_dim)
        self.k = [torch.zeros(shape, dtype=dtype, device=device) for _ in range(layers)]
        self.v = [torch.zeros(shape, dtype=dtype, device=device) for _ in range(layers)]
        self.rows, self.positions = rows, positions

    def copy_from(self, rows, source: KVCache, source_rows, positions: slice) -> None:
        """Keys and values of `positions`, every layer, from `source` rows into these rows."""
        for into, came_from in zip((*self.k, *self.v), (*source.k, *source.v)):
            into[rows, :, positions] = came_from[source_rows, :, positions]

    def compact(self, kept: list[tuple[int, int]]) -> None:
        """Busy requests into rows 0..n-1: `kept` lists (current row, positions it holds) in their new order; rows
        only move down, so a copy never overwrites a row still to be moved."""
        for new_row, (old_row, length) in enumerate(kept):
            if old_row != new_row:
                self.copy_from(new_row, self, old_row, slice(0, length))


class PrefixPlan(NamedTuple):
    reuse: int  # leading positions of every prompt the cache already holds
    compute: int  # leading positions to compute into the cache first (the batch's common start), then reuse


class PrefixCache(KVCache):
    """One row: the shared prompt start, and the token ids it holds."""

    def __init__(self, layers: int, kv_heads: int, positions: int, head_dim: int, dtype, device) -> None:
        super().__init__(layers, 1, kv_heads, min(PREFIX_CACHE_TOKENS, positions), head_dim, dtype, device)
        self.ids: list[int] = []

    def reusable(self, prompts: list[list[int]]) -> int:
        """How many leading tokens of every prompt the cache already holds (0 when too few to be worth a copy);
        at least one token of each prompt is always left to prefill."""
        limit = min(min(len(p) for p in prompts) - 1, self.positions)
        held = min(min(common_prefix_length(self.ids, p) for p in prompts), limit)
        return held if held >= MIN_SHARED_PREFIX else 0

    def worth_computing(self, prompts: list[list[int]]) -> int:
        """How long a start the batch's prompts share (0 when too short to compute once for all of them)."""
        if len(prompts) < 2:
            return 0
        limit = min(min(len(p) for p in prompts) - 1, self.positions)
        shared = min(limit, min(common_prefix_length(prompts[0], p) for p in prompts[1:]))
        return shared if shared >= MIN_SHARED_PREFIX else 0

    def plan(self, prompts: list[list[int]]) -> PrefixPlan:
        """Reuse what the cache holds; otherwise compute the batch's common start once when it is long enough."""
        held = self.reusable(prompts)
        return PrefixPlan(held, 0) if held else PrefixPlan(0, self.worth_computing(prompts))

    def keep_positions(self, prompt: list[int]) -> int:
        """How much of a prompt just prefilled is kept as the next shared start (as much as fits)."""
        return min(len(prompt), self.positions)
