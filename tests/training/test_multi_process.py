"""Several processes compute what one does: the same global batch (same rows, same order, same LoRA start) gives the
same per-step losses and adapter on 2 processes (gloo, CPU) as on 1, with the base replicated (the default when it
fits) or sharded (FSDP2); a 2-process run merges; `auto` says which it chose and why."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.training.test_train_run import _metrics, _train


def _run(tmp_path: Path, name: str, tiny_base: Path, prepared_sample: Path, nproc: int, *extra: str) -> Path:
    run = tmp_path / name
    done = _train([f"base_model={tiny_base}", f"data_dir={prepared_sample / 'full'}", f"output_dir={run}",
                   "max_steps=6", "learning_rate=0.01", "max_seq_length=128", "lora_dropout=0", "warmup_ratio=0",
                   "per_device_train_batch_size=1", "save_steps=0", *extra], nproc=nproc)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return run


def _losses(run: Path) -> list[float]:
    return [r["loss"] for r in _metrics(run) if r["event"] == "train"]


def _adapter(run: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(run / "adapter" / "adapter_model.safetensors"))


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path, prepared_sample: Path) -> Path:
    """The reference: one process doing both ranks' micro-batches (accumulation 4 = 2 ranks x 2)."""
    return _run(tmp_path_factory.mktemp("one"), "run", tiny_base, prepared_sample, 1, "gradient_accumulation_steps=4",
                "merge=false")


@pytest.mark.parametrize("sharding", ["auto", "full"])
def test_two_processes_train_exactly_as_one(sharding: str, one_process: Path, tmp_path: Path, tiny_base: Path,
                                            prepared_sample: Path) -> None:
    two = _run(tmp_path, "two", tiny_base, prepared_sample, 2, "gradient_accumulation_steps=2", f"sharding={sharding}",
               f"merge={'true' if sharding == 'auto' else 'false'}")
    start = next(r for r in _metrics(two) if r["event"] == "start")
    expected = "replicate" if sharding == "auto" else "full"
    assert start["world_size"] == 2 and start["sharding"] == expected, start
    if sharding == "auto":
        assert "only LoRA gradients are exchanged" in start["sharding_reason"]
    before = [next(r["eval_loss"] for r in _metrics(run) if r["event"] == "eval" and r["step"] == 0)
              for run in (one_process, two)]  # validation before training (tiny.yaml), a forward of every rank
    assert abs(before[0] - before[1]) <= 0.002 * before[0], before
    reference, losses = _losses(one_process), _losses(two)
    assert len(reference) == len(losses) == 6
    for step, (a, b) in enumerate(zip(reference, losses), 1):
        assert abs(a - b) <= 0.01 * abs(a), (step, reference, losses)  # bf16 noise, not another batch
    one, other = _adapter(one_process), _adapter(two)
    assert one.keys() == other.keys()
    assert all(one[n].abs().max() > 0 for n in one if "lora_B" in n)  # trained (B starts at zero): not a no-op
    for name in one:  # mean, not max: Adam turns bf16 noise in a near-zero gradient into a full-size step
        difference = (one[name].float() - other[name].float()).abs().mean().item()
        assert difference <= 0.02 * one[name].float().abs().mean().item() + 1e-5, name
    if sharding == "auto":  # a 2-process run merges like any other
        from transformers import AutoModelForCausalLM

        assert AutoModelForCausalLM.from_pretrained(two / "merged").num_parameters() > 0
        assert json.loads((two / "merged" / "kosum.json").read_text())["max_seq_length"] == 128


def test_every_rank_runs_as_many_validation_forwards() -> None:
    """With FSDP2 each forward is a collective: a rank with one forward fewer would pair its next all-gather with
    another layer's. Ranks short of a batch repeat one that is not counted; each batch is counted exactly once."""
    from training.batches import rank_eval_batches
    from training.distributed import Dist

    batches = [f"batch-{i}" for i in range(5)]
    shares = [rank_eval_batches(batches, Dist(rank, 2, rank, "cpu")) for rank in range(2)]
    assert [len(share) for share in shares] == [3, 3]
    counted = sorted(batch for share in shares for batch, used in share if used)
    assert counted == batches
