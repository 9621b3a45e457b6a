"""Padding-free packing: samples concatenated into rows with per-sample position ids, so packed samples never
attend to each other (transformers builds a block-diagonal causal mask from position resets) and no token is padding."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

IGNORE = -100


def tokenize_record(tokenizer, messages: list[dict[str, str]], max_length: int,
                    assistant_only_loss: bool = True) -> tuple[dict[str, list[int]], bool]:
    """Token ids and labels of one chat record, exactly as the serving prompt tokenizes.

    The prompt (system + user turn + "\\n\\nAssistant: ") and the answer are tokenized apart, because at inference
    the prompt ends where generation starts. An over-long record keeps its answer and loses the end of its article.
    """
    eos = tokenizer.eos_token_id
    head_text = tokenizer.apply_chat_template(messages[:2], tokenize=False)
    head_text = head_text[: len(head_text) - len(tokenizer.eos_token)] if head_text.endswith(tokenizer.eos_token) else head_text
    head = tokenizer(head_text, add_special_tokens=False)["input_ids"]
    tail = [eos] + tokenizer("\n\nAssistant: ", add_special_tokens=False)["input_ids"]
    answer = tokenizer(messages[2]["content"], add_special_tokens=False)["input_ids"] + [eos]
    answer = answer[: max_length // 2]
    budget = max_length - len(tail) - len(answer)
    truncated = len(head) > budget
    prompt = head[:budget] + tail
    input_ids = prompt + answer
    labels = ([IGNORE] * len(prompt) if assistant_only_loss else [IGNORE] + prompt[1:]) + answer
    return {"input_ids": input_ids, "labels": labels}, truncated


@dataclass
class PackedBatch:
    """One micro-batch: a single row of concatenated samples (shape 1 x num_tokens)."""

    input_ids: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    position_ids: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def add(self, sample: dict[str, list[int]]) -> None:
        self.input_ids += sample["input_ids"]
        self.labels += sample["labels"]
        self.position_ids += range(len(sample["input_ids"]))
        self.lengths.append(len(sample["input_ids"]))

    @property
    def num_tokens(self) -> int:
        return len(self.input_ids)

    @property
    def target_tokens(self) -> int:
        """Tokens that contribute to the loss (labels are shifted by one inside the model)."""
        return sum(1 for label in self.labels[1:] if label != IGNORE)

    def to_tensors(self, device: Any) -> dict[str, Any]:
        import torch

        return {key: torch.tensor([getattr(self, key)], dtype=torch.long, device=device)
                for key in ("input_ids", "labels", "position_ids")}


def pack_samples(samples: list[dict[str, list[int]]], capacity: int) -> list[PackedBatch]:
    """Best-fit decreasing bin packing into rows of at most `capacity` tokens (each sample is at most that long)."""
    bins: list[PackedBatch] = []
    free: list[tuple[int, int]] = []  # (free tokens, bin index), sorted
    for sample in sorted(samples, key=lambda s: len(s["input_ids"]), reverse=True):
        size = len(sample["input_ids"])
        spot = bisect.bisect_left(free, (size, -1))
        if spot < len(free):
            room, index = free.pop(spot)
        else:
            room, index = capacity, len(bins)
            bins.append(PackedBatch())
        bins[index].add(sample)
        if room - size > 0:
            bisect.insort(free, (room - size, index))
    return bins


def padding_waste(batches: list[PackedBatch], capacity: int) -> float:
    """Share of token slots a padded (rows x capacity) layout would waste; padding-free batches waste none of it."""
    used = sum(b.num_tokens for b in batches)
    return 1.0 - used / max(1, len(batches) * capacity)
