"""Checkpoints and the adapter: the trainable weights gathered whole (a collective under FSDP2), the optimizer state
and the position in the data, written by rank 0 so a stopped, killed or interrupted run continues where it was,
and refused when the processes or rows would change the data order."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from training.distributed import Dist
from training.errors import BadInputError
from training.texts import t


def trainable_state(model) -> dict[str, Any]:
    """Full (unsharded) trainable tensors on CPU; a collective under FSDP, so every rank calls it."""
    state = {}
    for name, param in model.named_parameters():
        if param.requires_grad:
            tensor = param.full_tensor() if hasattr(param, "full_tensor") else param.detach()
            state[name] = tensor.detach().to("cpu", copy=True)
    return state


def save_adapter(model, folder: Path, dist_info: Dist, tokenizer=None) -> None:
    state = trainable_state(model)
    if dist_info.main:
        model.save_pretrained(folder, state_dict=state, safe_serialization=True)
        if tokenizer is not None:
            tokenizer.save_pretrained(folder)


def save_checkpoint(model, optimizer, folder: Path, position: dict[str, int], rows: int, max_seq_length: int,
                    keep: int, dist_info: Dist) -> None:
    """Trainable weights, optimizer state and `position` (step, epoch, batch_in_epoch), written by rank 0;
    trainer_state.json last marks it complete. Only the newest `keep` checkpoints stay."""
    import shutil

    import torch
    from safetensors.torch import save_file
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_optimizer_state_dict

    weights = trainable_state(model)
    optim_state = get_optimizer_state_dict(model, optimizer,
                                           options=StateDictOptions(full_state_dict=True, cpu_offload=True))
    if not dist_info.main:
        return
    folder.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(folder / "trainable.safetensors"))
    torch.save(optim_state, folder / "optimizer.pt")
    (folder / "trainer_state.json").write_text(json.dumps(
        {**position, "world_size": dist_info.world, "rows_per_micro_batch": rows, "max_seq_length": max_seq_length}),
        encoding="utf-8")
    checkpoints = sorted(folder.parent.glob("step-*"), key=lambda p: int(p.name.split("-")[1]))
    for old in checkpoints[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def latest_checkpoint(folder: Path) -> Path | None:
    complete = [p for p in folder.glob("step-*") if (p / "trainer_state.json").is_file()]
    return max(complete, key=lambda p: int(p.name.split("-")[1]), default=None)


def check_resumable(folder: Path, rows: int, world: int) -> int:
    """A checkpoint continues the same sequence of micro-batches only with the same processes and rows per
    micro-batch: returns the checkpoint's rows (which `rows=0`, automatic, adopts), refuses another world size or
    other fixed rows with what to do."""
    state = json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))
    written_by = state.get("world_size", world)
    if written_by != world:
        raise BadInputError(t("checkpoint {checkpoint} was written by {written} process(es) and this run has "
                              "{processes}: the data order would differ. Resume with {written} process(es) (torchrun "
                              "--nproc_per_node {written}), or start a new run with resume=false",
                              checkpoint=folder.name, written=written_by, processes=world))
    saved_rows = state.get("rows_per_micro_batch") or 0
    if saved_rows and rows and saved_rows != rows:
        raise BadInputError(t("checkpoint {checkpoint} used per_device_train_batch_size={rows}; resume with that "
                              "value (or 0 = auto), or start a new run with resume=false", checkpoint=folder.name,
                              rows=saved_rows))
    return saved_rows


def load_checkpoint(model, optimizer, folder: Path) -> dict[str, int]:
    """Every rank reads the full checkpoint; the state-dict API shards it onto this rank's parameters."""
    import torch
    from safetensors.torch import load_file
    from torch.distributed.checkpoint.state_dict import (StateDictOptions, set_model_state_dict,
                                                         set_optimizer_state_dict)

    options = StateDictOptions(full_state_dict=True, strict=False)
    set_model_state_dict(model, load_file(str(folder / "trainable.safetensors")), options=options)
    optim_state = torch.load(folder / "optimizer.pt", map_location="cpu", weights_only=False)
    set_optimizer_state_dict(model, optimizer, optim_state_dict=optim_state, options=options)
    return json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))
