"""The run's plan, decided once from what was measured: rows per micro-batch and gradient checkpointing from the free
GPU memory after the base loaded (within `max_gpu_memory_gib`), how several processes share the model, and the
attention kernel. A pure function of numbers (no torch, no GPU), so every card the product names can be planned in
a test; the plan and its reasons are written to config.json and metrics.jsonl as the run used them."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from training.config import SHARDING, TrainConfig
from training.errors import BadInputError
from training.texts import t

GIB = 2**30
MAX_ROWS = 4  # more rows per micro-batch measured no faster (BENCHMARKS.md) and only cost memory
BUDGET_SHARE = 0.75  # of the free memory, for activations: the rest is optimizer state, fragmentation, NCCL buffers


@dataclass(frozen=True)
class Device:
    """What was measured on this process's device. `free_bytes` is taken after the base model loaded;
    `reserved_bytes` is what this process holds (the part of a `max_gpu_memory_gib` cap already used)."""

    kind: str  # "cuda" or "cpu"
    name: str = ""
    capability: tuple[int, int] | None = None
    total_bytes: int = 0
    free_bytes: int = 0
    reserved_bytes: int = 0
    flex_attention_error: str | None = None  # the self-test's failure; None when it ran or was not tried


@dataclass(frozen=True)
class ModelShape:
    """The numbers of the model config that size its activations."""

    hidden_size: int
    intermediate_size: int
    num_hidden_layers: int
    vocab_size: int

    @classmethod
    def of(cls, model_config: Any) -> ModelShape:
        return cls(model_config.hidden_size, model_config.intermediate_size, model_config.num_hidden_layers,
                   model_config.vocab_size)


@dataclass(frozen=True)
class Plan:
    """What the run does, and why."""

    rows_per_micro_batch: int
    gradient_checkpointing: bool
    sharding: str  # single, replicate or full
    attention: str
    fits_one_device: bool  # a micro-batch fits next to the whole loaded model
    memory_reason: str
    sharding_reason: str
    attention_reason: str
    processes: int
    device: Device

    def settings(self, config: TrainConfig) -> TrainConfig:
        """The settings as they ran: `0` and `auto` replaced by what the plan chose."""
        return replace(config, per_device_train_batch_size=self.rows_per_micro_batch,
                       gradient_checkpointing="true" if self.gradient_checkpointing else "false",
                       attn_implementation=self.attention,
                       sharding=self.sharding if self.sharding in SHARDING else config.sharding)

    def record(self) -> dict[str, Any]:
        """The plan as one JSON object (config.json's `plan`, metrics.jsonl's `plan` event)."""
        values = asdict(self)
        device = values.pop("device")
        values["device"] = {**device, "free_gib": round(device["free_bytes"] / GIB, 2),
                            "total_gib": round(device["total_bytes"] / GIB, 2)}
        return values


def activation_bytes(shape: ModelShape, tokens: int, checkpointing: bool, fused_loss: bool) -> float:
    """Estimated activation memory of one micro-batch (bf16). Calibrated on a Llama-3-8B-shaped model on an H100:
    ~(14 h + 4 i) * 2 bytes per token and layer kept for backward; with checkpointing only each layer's input is kept
    plus one layer's activations during recomputation; an unfused loss adds ~10 bytes per token and vocabulary entry."""
    per_layer = (14 * shape.hidden_size + 4 * shape.intermediate_size) * 2
    kept = shape.hidden_size * 2 * shape.num_hidden_layers + per_layer if checkpointing \
        else per_layer * shape.num_hidden_layers
    head = 0 if fused_loss else shape.vocab_size * 10
    return tokens * (kept + head)


def choose_attention(requested: str, device: Device) -> tuple[str, str]:
    """`auto`: flex attention on a GPU where its self-test passed, else sdpa; an explicit `flex_attention` that
    failed its self-test is an error; anything else is taken as given."""
    if requested not in {"auto", "flex_attention"}:
        return requested, f"attn_implementation={requested}"
    if requested == "auto" and device.kind != "cuda":
        return "sdpa", "no CUDA GPU"
    if device.flex_attention_error:
        if requested == "flex_attention":
            raise BadInputError(t("attn_implementation=flex_attention does not run on this GPU ({reason}); use "
                                  "attn_implementation=auto or sdpa", reason=device.flex_attention_error))
        return "sdpa", f"flex attention failed its self-test on this GPU ({device.flex_attention_error}); using sdpa"
    return "flex_attention", "flex attention passed its self-test here"


def _switch(on: bool) -> str:
    return "on" if on else "off"


def choose_memory(device: Device, shape: ModelShape, config: TrainConfig, fused_loss: bool,
                  fixed_rows: int) -> tuple[int, bool, bool, str]:
    """(rows, checkpointing, fits, reason): prefer no recomputation (fastest), then the largest micro-batch that fits
    the budget. `fixed_rows` (set, or taken from the checkpoint resumed) is kept. On CPU: one row, checkpointing on."""
    requested = config.gradient_checkpointing
    if device.kind != "cuda":
        rows, checkpointing = fixed_rows or 1, requested != "false"
        return rows, checkpointing, True, (f"{rows} x {config.max_seq_length} tokens per micro-batch, gradient "
                                           f"checkpointing {_switch(checkpointing)} (no CUDA GPU)")
    free = device.free_bytes
    if config.max_gpu_memory_gib:
        free = min(free, config.max_gpu_memory_gib * GIB - device.reserved_bytes)
    budget = free * BUDGET_SHARE
    modes = {"auto": [False, True], "true": [True], "false": [False]}[requested]
    rows_options = [fixed_rows] if fixed_rows else list(range(MAX_ROWS, 0, -1))
    for checkpointing in modes:
        for rows in rows_options:
            if activation_bytes(shape, rows * config.max_seq_length, checkpointing, fused_loss) <= budget:
                return rows, checkpointing, True, (f"{rows} x {config.max_seq_length} tokens per micro-batch, "
                                                   f"gradient checkpointing {_switch(checkpointing)} "
                                                   f"({free / GIB:.1f} GiB free)")
    rows, checkpointing = fixed_rows or 1, requested != "false"
    return rows, checkpointing, False, (f"little free GPU memory ({free / GIB:.1f} GiB): {rows} row(s), gradient "
                                        f"checkpointing {_switch(checkpointing)}")


def choose_sharding(requested: str, processes: int, fits_one_device: bool, rows: int,
                    max_seq_length: int) -> tuple[str, str]:
    """How several processes share the work, and why. Replicating the 4-bit base moves only the LoRA gradients
    (about 0.2 GB for Llama-3-8B) once per optimizer step; FSDP2 full sharding all-gathers the base in every forward
    and backward, which pays only when the base does not fit one device."""
    if processes == 1:
        return "single", "one process"
    if requested != "auto":
        return requested, f"sharding={requested}"
    if fits_one_device:
        return "replicate", (f"the quantized base and a {rows} x {max_seq_length}-token micro-batch fit on each "
                             "device: only LoRA gradients are exchanged")
    return "full", "the model and one micro-batch do not fit on one device: the base is sharded (FSDP2)"


def make_plan(device: Device, shape: ModelShape, config: TrainConfig, processes: int, fused_loss: bool,
              resumed_rows: int = 0) -> Plan:
    """The plan for this run. `fused_loss`: Liger's fused linear cross-entropy is on (no fp32 logits);
    `resumed_rows`: the rows per micro-batch of the checkpoint this run continues (it must keep them)."""
    attention, attention_reason = choose_attention(config.attn_implementation, device)
    fixed_rows = config.per_device_train_batch_size or resumed_rows
    rows, checkpointing, fits, memory_reason = choose_memory(device, shape, config, fused_loss, fixed_rows)
    if resumed_rows and not config.per_device_train_batch_size:
        memory_reason += "; rows from the checkpoint resumed"
    sharding, sharding_reason = choose_sharding(config.sharding, processes, fits, rows, config.max_seq_length)
    return Plan(rows, checkpointing, sharding, attention, fits, memory_reason, sharding_reason, attention_reason,
                processes, device)
