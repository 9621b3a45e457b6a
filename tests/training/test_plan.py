"""The run's plan on the cards the product names, from made-up byte counts (no GPU needed): rows per micro-batch,
gradient checkpointing, sharding and attention, checked against what BENCHMARKS.md measured where it measured it
(Llama-3-8B: 4 rows x 2,048 without checkpointing on an H200, 3 rows with 73.1 GiB free on an H100, 4 rows with
checkpointing within 22 GiB, the workshop's A10G)."""
from __future__ import annotations

import json

import pytest

from training.config import TrainConfig
from training.plan import GIB, Device, ModelShape, make_plan

LLAMA_8B = ModelShape(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, vocab_size=128256)
LOADED_8B = 6.5 * GIB  # what the NF4 base (bf16 embeddings and head) and the CUDA context take before the plan


def card(name: str, total_gib: float, capability: tuple[int, int], free_gib: float | None = None,
         flex_error: str | None = None) -> Device:
    """A device as measured right after the 8B base loaded (`free_gib` when a run recorded it)."""
    total = int(total_gib * GIB)
    free = int(free_gib * GIB) if free_gib is not None else int(total - LOADED_8B)
    return Device("cuda", name, capability, total, free, int(LOADED_8B), flex_error)


SM86_FLEX = "RuntimeError: No valid triton configs. OutOfResources: out of resource: shared memory"
A10G = card("NVIDIA A10G", 22.49, (8, 6), flex_error=SM86_FLEX)
L4 = card("NVIDIA L4", 22.03, (8, 9))
A100_40 = card("NVIDIA A100-SXM4-40GB", 39.39, (8, 0))
A100_80 = card("NVIDIA A100-SXM4-80GB", 79.25, (8, 0))
H100 = card("NVIDIA H100 80GB HBM3", 79.19, (9, 0), free_gib=73.1)  # BENCHMARKS.md: "73.1 GiB free"
H200 = card("NVIDIA H200", 139.8, (9, 0))


def plan(device: Device, processes: int = 1, fused_loss: bool = True, resumed_rows: int = 0, **settings):
    return make_plan(device, LLAMA_8B, TrainConfig(max_seq_length=2048, **settings), processes, fused_loss,
                     resumed_rows)


@pytest.mark.parametrize("device, rows, checkpointing", [
    (H200, 4, False),  # BENCHMARKS.md, 1 and 2 x H200: 4 rows x 2,048, no checkpointing
    (H100, 3, False),  # BENCHMARKS.md, one H100: 3 rows x 2048 without checkpointing (73.1 GiB free)
    (A100_80, 3, False),
    (A100_40, 1, False),  # one row without recomputation beats four with it
    (A10G, 4, True),  # 14 GiB of activations per row without checkpointing: recomputation, then the most rows
    (L4, 4, True),
])
def test_one_process_on_each_card(device: Device, rows: int, checkpointing: bool) -> None:
    chosen = plan(device)
    assert (chosen.rows_per_micro_batch, chosen.gradient_checkpointing) == (rows, checkpointing), chosen.memory_reason
    assert chosen.fits_one_device and chosen.sharding == "single"
    assert f"{rows} x 2048 tokens per micro-batch, gradient checkpointing {'on' if checkpointing else 'off'}" \
        in chosen.memory_reason


def test_attention_follows_the_self_test() -> None:
    assert plan(H200).attention == "flex_attention"
    on_a10g = plan(A10G)
    assert on_a10g.attention == "sdpa" and "failed its self-test" in on_a10g.attention_reason
    assert plan(H200, attn_implementation="sdpa").attention == "sdpa"


def test_a_memory_cap_plans_as_on_the_smaller_card() -> None:
    """BENCHMARKS.md, cap-one on an H200 capped at 22 GiB: 4 rows x 2,048 with checkpointing, no OOM."""
    capped = plan(H200, max_gpu_memory_gib=22)
    assert (capped.rows_per_micro_batch, capped.gradient_checkpointing) == (4, True)
    assert "(15.5 GiB free)" in capped.memory_reason  # 22 GiB less what the loaded base already holds


def test_checkpointing_forced_on_or_off() -> None:
    assert (plan(H200, gradient_checkpointing="true").rows_per_micro_batch,
            plan(H200, gradient_checkpointing="true").gradient_checkpointing) == (4, True)
    no_recompute = plan(A100_40, gradient_checkpointing="false")
    assert (no_recompute.rows_per_micro_batch, no_recompute.gradient_checkpointing) == (1, False)
    too_big = plan(A10G, gradient_checkpointing="false")  # one row needs 14 GiB, 12 are spared
    assert (too_big.rows_per_micro_batch, too_big.gradient_checkpointing, too_big.fits_one_device) == (1, False, False)
    assert too_big.memory_reason.startswith("little free GPU memory")


def test_an_unfused_loss_costs_rows_where_memory_is_tight() -> None:
    """Without Liger the 128K-vocabulary logits take ~2.4 GiB per row more: the A10G drops to 3 rows."""
    assert plan(A10G, fused_loss=False).rows_per_micro_batch == 3
    assert plan(H200, fused_loss=False).rows_per_micro_batch == 4


def test_fixed_and_resumed_rows_are_kept() -> None:
    fixed = plan(A10G, per_device_train_batch_size=2)
    assert (fixed.rows_per_micro_batch, fixed.gradient_checkpointing) == (2, True)
    resumed = plan(H200, resumed_rows=2)
    assert resumed.rows_per_micro_batch == 2 and "rows from the checkpoint resumed" in resumed.memory_reason


@pytest.mark.parametrize("device, processes", [(H200, 2), (A10G, 4), (A10G, 8)])  # 2 x ml.g5.12xlarge = 8 x A10G
def test_several_processes_replicate_what_fits(device: Device, processes: int) -> None:
    chosen = plan(device, processes=processes)
    assert chosen.sharding == "replicate" and "only LoRA gradients are exchanged" in chosen.sharding_reason
    assert chosen.rows_per_micro_batch == plan(device).rows_per_micro_batch  # each process plans its own GPU


def test_several_processes_shard_what_does_not_fit() -> None:
    crowded = card("NVIDIA A10G", 22.49, (8, 6), free_gib=1.0)  # a base that leaves ~1 GiB: not one row fits
    chosen = plan(crowded, processes=2)
    assert (chosen.sharding, chosen.fits_one_device, chosen.rows_per_micro_batch, chosen.gradient_checkpointing) == \
        ("full", False, 1, True)
    assert plan(crowded).sharding == "single"
    assert plan(H200, processes=2, sharding="full").sharding == "full"
    assert plan(H200, processes=2, sharding="full").sharding_reason == "sharding=full"


def test_cpu_plan_and_what_the_run_records() -> None:
    cpu = make_plan(Device("cpu"), LLAMA_8B, TrainConfig(), 1, fused_loss=False)
    assert (cpu.rows_per_micro_batch, cpu.gradient_checkpointing, cpu.sharding, cpu.attention) == \
        (1, True, "single", "sdpa")
    ran = plan(H200, processes=2)
    settings = ran.settings(TrainConfig(max_seq_length=2048))
    assert (settings.per_device_train_batch_size, settings.gradient_checkpointing, settings.attn_implementation,
            settings.sharding) == (4, "false", "flex_attention", "replicate")
    record = json.loads(json.dumps(ran.record()))
    assert record["device"]["name"] == "NVIDIA H200" and record["device"]["capability"] == [9, 0]
    assert record["rows_per_micro_batch"] == 4 and record["processes"] == 2 and record["memory_reason"]
