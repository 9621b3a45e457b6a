"""The run's data as the loop consumes it: the prepared splits tokenized (from the data folder or a SageMaker
channel), each epoch's packed micro-batches in one global order that every rank and every resumed run sees alike,
and each rank's equal share of the validation batches."""
from __future__ import annotations

import json
import os
import random
from pathlib import Path

from training.config import TrainConfig
from training.distributed import Dist
from training.errors import BadInputError
from training.packing import PackedBatch, pack_samples, tokenize_record
from training.texts import t


def _data_file(config: TrainConfig, split: str) -> Path | None:
    channel = os.environ.get(f"SM_CHANNEL_{split.upper()}")  # SageMaker input channel
    folders = [Path(channel)] if channel else []
    if config.data_dir:
        folders.append(Path(config.data_dir))
    for folder in folders:
        for name in (f"{split}.jsonl", f"{split}_dataset.json"):
            if (folder / name).is_file():
                return folder / name
    return None


def load_split(config: TrainConfig, split: str, tokenizer) -> tuple[list[dict], int]:
    """Tokenized samples of a split and how many were truncated to fit max_seq_length."""
    path = _data_file(config, split)
    if path is None:
        if split == "train":
            raise BadInputError(t("no train.jsonl in data_dir '{folder}' (prepare data first)", folder=config.data_dir))
        return [], 0
    samples, truncated = [], 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            messages = json.loads(line)["messages"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise BadInputError(t("{file}:{line} is not a chat record with 'messages'", file=path,
                                  line=number)) from None
        sample, was_cut = tokenize_record(tokenizer, messages, config.max_seq_length, config.assistant_only_loss)
        samples.append(sample)
        truncated += was_cut
    if split == "train" and not samples:
        raise BadInputError(t("{file} holds no records", file=path))
    return samples, truncated


def epoch_batches(samples: list[dict], rows: int, max_seq_length: int, seed: int, world: int,
                  epoch: int) -> list[PackedBatch]:
    """Every rank's packed micro-batches (`rows` x `max_seq_length` tokens) for `epoch` in one global order, the same
    on every run and rank (resume skips what was done). Rank r takes items r, r + world, ...: every rank gets as
    many (the remainder is dropped; with fewer bins than ranks they wrap), and a step's window is a contiguous slice
    of this list."""
    order = list(range(len(samples)))
    random.Random(seed + epoch).shuffle(order)
    batches = pack_samples([samples[i] for i in order], max_seq_length * rows)
    random.Random(seed + 1000 + epoch).shuffle(batches)
    per_rank = max(1, len(batches) // world)
    return [batches[i % len(batches)] for i in range(per_rank * world)]


def window_totals(batches: list[PackedBatch], world: int, start: int, size: int) -> tuple[int, int]:
    """Target tokens and all tokens of one optimizer step across every rank (micro-batches start..start+size of
    each rank's share): known on the host, so no collective is needed to scale the loss."""
    window = batches[start * world:(start + size) * world]
    return sum(b.target_tokens for b in window), sum(b.num_tokens for b in window)


def rank_eval_batches(batches: list[PackedBatch], dist_info: Dist) -> list[tuple[PackedBatch, bool]]:
    """This rank's share of the validation batches, as (batch, counted). Every rank gets as many: with FSDP2 each
    forward is a collective (all-gathers), so a rank with one forward fewer would pair its next all-gather with
    another layer's and compute silently wrong numbers. Ranks short of a batch repeat one, not counted."""
    mine = batches[dist_info.rank::dist_info.world]
    rounds = -(-len(batches) // dist_info.world)
    return [(batch, True) for batch in mine] + [(batches[0], False)] * (rounds - len(mine))
