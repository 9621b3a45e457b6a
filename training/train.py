"""Fine-tune a causal LM for Korean news summarization with QLoRA, sharded with FSDP2 when world size > 1.

    torchrun --nproc_per_node N training/train.py --config training/configs/llama3-8b.yaml [key=value ...]

The same script runs locally (CPU or GPU) and inside a SageMaker training job (channels `train`, `validation`,
`config`; hyperparameters arrive as `--key value`). Rank 0 appends progress to OUTPUT_DIR/metrics.jsonl and keeps
OUTPUT_DIR/status.json current, so launchers and the app follow a run without sharing memory with it.
"""
from __future__ import annotations

import difflib
import json
import math
import os
import random
import signal
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Iterator

if __package__ in (None, ""):  # run as a script (torchrun, SageMaker): make `training` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.errors import BadInputError  # noqa: E402
from training.packing import PackedBatch, pack_samples, tokenize_record  # noqa: E402
from training.prompts import CHAT_TEMPLATE  # noqa: E402


# ======================================================================================================================
# Arguments
# ======================================================================================================================
@dataclass
class TrainConfig:
    """Every knob of a run; YAML keys and `key=value` overrides must name one of these fields."""

    # model
    base_model: str = "meta-llama/Meta-Llama-3-8B"
    load_in_4bit: bool = True
    attn_implementation: str = "auto"  # auto = flex_attention on CUDA (fast for packed rows), sdpa on CPU
    # LoRA (workshop defaults)
    lora_r: int = 16
    lora_alpha: int = 8
    lora_dropout: float = 0.05
    lora_target_modules: str = "all-linear"
    # data
    data_dir: str = ""
    max_seq_length: int = 2048
    assistant_only_loss: bool = True
    # optimisation
    num_train_epochs: float = 3.0
    max_steps: int = -1
    per_device_train_batch_size: int = 0  # rows of max_seq_length tokens per micro-batch; 0 = fit to free GPU memory
    gradient_accumulation_steps: int = 2
    learning_rate: float = 2e-4
    warmup_ratio: float = 0.03
    max_grad_norm: float = 0.3
    gradient_checkpointing: str = "auto"  # auto = only when activations would not fit in free GPU memory
    use_liger_kernel: str = "auto"
    seed: int = 42
    # distribution
    fsdp: str = "auto"
    fsdp_cpu_offload: bool = False
    # output
    output_dir: str = "runs/latest"
    logging_steps: int = 1
    save_steps: int = 0
    save_total_limit: int = 2
    eval_each_epoch: bool = True
    resume: bool = True
    merge: bool = True
    merge_output_dir: str = ""

    def validate(self) -> None:
        if self.max_seq_length < 32:
            raise BadInputError("max_seq_length must be at least 32")
        if self.per_device_train_batch_size < 0 or self.gradient_accumulation_steps < 1:
            raise BadInputError("per_device_train_batch_size must be 0 (auto) or more; gradient_accumulation_steps 1 or more")
        if self.max_steps == 0 or self.max_steps < -1:
            raise BadInputError("max_steps must be a positive number (or -1 for whole epochs)")
        if self.num_train_epochs <= 0:
            raise BadInputError("num_train_epochs must be more than 0")
        for name in ("fsdp", "use_liger_kernel", "gradient_checkpointing"):
            if getattr(self, name) not in {"auto", "true", "false"}:
                raise BadInputError(f"{name} takes auto, true or false")


def _coerce(name: str, kind: type, value: Any) -> Any:
    if kind is str and isinstance(value, bool):  # YAML reads `false` as a boolean; tri-state fields keep the word
        return str(value).lower()
    if kind is bool and isinstance(value, str):
        if value.lower() not in {"true", "false", "1", "0", "yes", "no"}:
            raise BadInputError(f"{name} must be true or false, got '{value}'")
        return value.lower() in {"true", "1", "yes"}
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise BadInputError(f"{name} must be {kind.__name__}, got '{value}'") from None


def parse_config(argv: list[str]) -> TrainConfig:
    """`--config F` (YAML) then overrides as `key=value` or `--key value`; unknown keys are errors, not ignored
    (the workshop's `max_seq_len` typo silently trained at 512 tokens)."""
    import yaml

    values: dict[str, Any] = {}
    overrides: list[tuple[str, str]] = []
    args = list(argv)
    while args:
        item = args.pop(0)
        if item == "--config":
            if not args:
                raise BadInputError("--config needs a file")
            path = Path(args.pop(0))
            if not path.is_file():
                raise BadInputError(f"config file {path} does not exist")
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(loaded, dict):
                raise BadInputError(f"{path} must hold a mapping of settings")
            values.update(loaded)
        elif "=" in item:
            key, _, value = item.lstrip("-").partition("=")
            overrides.append((key, value))
        elif item.startswith("--") and args:
            overrides.append((item[2:], args.pop(0)))
        else:
            raise BadInputError(f"cannot read argument '{item}' (use key=value or --key value)")
    for key, value in overrides:
        values[key.replace("-", "_")] = yaml.safe_load(value) if value else value
    known = {f.name: f for f in fields(TrainConfig)}
    for key in values:
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            raise BadInputError(f"unknown setting '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
    types = {"bool": bool, "int": int, "float": float, "str": str}
    config = TrainConfig(**{k: _coerce(k, types[known[k].type], v) for k, v in values.items()})
    config.validate()
    return config


# ======================================================================================================================
# Progress: metrics.jsonl and status.json (rank 0 only)
# ======================================================================================================================
@dataclass
class RunLog:
    """Appends JSON lines and keeps status.json; readers tail these files."""

    folder: Path
    enabled: bool
    started: float = field(default_factory=time.time)

    def metric(self, **values: Any) -> None:
        if not self.enabled:
            return
        values = {"time": round(time.time(), 3), "elapsed_s": round(time.time() - self.started, 2), **values}
        with (self.folder / "metrics.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(values, ensure_ascii=False) + "\n")

    def status(self, status: str, **extra: Any) -> None:
        if not self.enabled:
            return
        path = self.folder / "status.json"
        previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        previous.update({"status": status, "updated": time.time(), **extra})
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(previous, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)


STOP_REQUESTED = {"flag": False}


def _request_stop(signum: int, frame: Any) -> None:
    STOP_REQUESTED["flag"] = True


def log(message: str) -> None:
    if int(os.environ.get("RANK", "0")) == 0:
        print(f"[kosum-train] {message}", flush=True)


# ======================================================================================================================
# Distributed setup
# ======================================================================================================================
@dataclass
class Dist:
    rank: int
    world: int
    local_rank: int
    device: Any

    @property
    def main(self) -> bool:
        return self.rank == 0


def init_distributed() -> Dist:
    import torch
    import torch.distributed as dist

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return Dist(rank, world, local_rank, device)


def all_reduce_sum(value: float, dist_info: Dist) -> float:
    import torch
    import torch.distributed as dist

    if dist_info.world == 1:
        return value
    tensor = torch.tensor([value], dtype=torch.float64, device=dist_info.device)
    dist.all_reduce(tensor)
    return float(tensor.item())


# ======================================================================================================================
# Model
# ======================================================================================================================
def load_tokenizer(config: TrainConfig):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(config.base_model, token=os.environ.get("HF_TOKEN") or None)
    tokenizer.chat_template = CHAT_TEMPLATE
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _bnb_usable(device) -> bool:
    try:
        import bitsandbytes  # noqa: F401
    except Exception as exc:
        log(f"bitsandbytes unavailable ({exc!s:.80}): falling back to plain LoRA in bf16")
        return False
    return True


def load_model(config: TrainConfig, dist_info: Dist):
    """Base model (4-bit NF4, double quant, bf16 compute and storage when possible) + LoRA adapters."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    if config.attn_implementation == "auto":
        config.attn_implementation = "flex_attention" if dist_info.device.type == "cuda" else "sdpa"
    kwargs: dict[str, Any] = {"dtype": torch.bfloat16, "attn_implementation": config.attn_implementation,
                              "token": os.environ.get("HF_TOKEN") or None}
    quantized = config.load_in_4bit and _bnb_usable(dist_info.device)
    if quantized:
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_storage=torch.bfloat16,
        )
        kwargs["device_map"] = {"": dist_info.device}
    model = AutoModelForCausalLM.from_pretrained(config.base_model, **kwargs)
    if not quantized:
        model.to(dist_info.device)
    model.config.use_cache = False
    choose_memory_plan(config, model.config, dist_info)
    if config.gradient_checkpointing == "true":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout, bias="none",
                      target_modules=config.lora_target_modules, task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    for param in model.parameters():  # adapters train in fp32; the frozen base stays bf16 / 4-bit
        if param.requires_grad:
            param.data = param.data.float()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    log(f"model {config.base_model}: {'4-bit NF4' if quantized else 'bf16'} base, "
        f"{trainable:,} trainable of {total:,} parameters ({100 * trainable / total:.2f}%)")
    return model, quantized


def activation_bytes(model_config, tokens: int, checkpointing: bool, fused_loss: bool) -> float:
    """Estimated activation memory of one micro-batch (bf16). Calibrated on a Llama-3-8B-shaped model on an H100:
    ~(14 h + 4 i) * 2 bytes per token and layer kept for backward; with checkpointing only each layer's input is kept
    plus one layer's activations during recomputation; an unfused loss adds ~10 bytes per token and vocabulary entry."""
    hidden, inner, layers = model_config.hidden_size, model_config.intermediate_size, model_config.num_hidden_layers
    per_layer = (14 * hidden + 4 * inner) * 2
    kept = hidden * 2 * layers + per_layer if checkpointing else per_layer * layers
    head = 0 if fused_loss else model_config.vocab_size * 10
    return tokens * (kept + head)


def choose_memory_plan(config: TrainConfig, model_config, dist_info: Dist, max_rows: int = 4) -> None:
    """Resolve `per_device_train_batch_size: 0` and `gradient_checkpointing: auto` from free GPU memory: prefer no
    recomputation (fastest), then the largest micro-batch that fits. On CPU: one row, checkpointing on."""
    import torch

    fixed_rows = config.per_device_train_batch_size
    if dist_info.device.type != "cuda":
        config.per_device_train_batch_size = fixed_rows or 1
        config.gradient_checkpointing = "true" if config.gradient_checkpointing == "auto" else config.gradient_checkpointing
        return
    free, _ = torch.cuda.mem_get_info(dist_info.device)
    budget = free * 0.75  # optimizer state, allocator fragmentation, NCCL buffers
    fused = config.use_liger_kernel != "false"
    modes = {"auto": [False, True], "true": [True], "false": [False]}[config.gradient_checkpointing]
    rows_options = [fixed_rows] if fixed_rows else list(range(max_rows, 0, -1))
    for checkpointing in modes:
        for rows in rows_options:
            if activation_bytes(model_config, rows * config.max_seq_length, checkpointing, fused) <= budget:
                config.per_device_train_batch_size = rows
                config.gradient_checkpointing = "true" if checkpointing else "false"
                log(f"memory plan: {rows} x {config.max_seq_length} tokens per micro-batch, gradient checkpointing "
                    f"{'on' if checkpointing else 'off'} ({free / 2**30:.1f} GiB free)")
                return
    config.per_device_train_batch_size = fixed_rows or 1
    config.gradient_checkpointing = "true" if config.gradient_checkpointing != "false" else "false"
    log("memory plan: little free GPU memory; one row with gradient checkpointing")


def use_fsdp(config: TrainConfig, dist_info: Dist) -> bool:
    return config.fsdp == "true" or (config.fsdp == "auto" and dist_info.world > 1)


def shard_model(model, config: TrainConfig, dist_info: Dist) -> None:
    """FSDP2: full shard per decoder layer (auto wrap) and at the root; bf16 compute, fp32 gradient reduction."""
    import torch
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.fsdp import CPUOffloadPolicy, MixedPrecisionPolicy, fully_shard

    mesh = init_device_mesh(dist_info.device.type, (dist_info.world,))
    policy = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32)
    extra: dict[str, Any] = {"mesh": mesh, "mp_policy": policy}
    if config.fsdp_cpu_offload:
        extra["offload_policy"] = CPUOffloadPolicy()
    for layer in model.base_model.model.model.layers:
        fully_shard(layer, **extra)
    fully_shard(model, **extra)


def apply_liger(config: TrainConfig, dist_info: Dist) -> bool:
    """Fused RoPE/RMSNorm/SwiGLU and fused linear cross-entropy (no full fp32 logits) where Liger runs (CUDA)."""
    if config.use_liger_kernel == "false":
        return False
    if dist_info.device.type != "cuda":
        if config.use_liger_kernel == "true":
            raise BadInputError("use_liger_kernel=true needs a CUDA GPU; this machine has none")
        return False
    try:
        from liger_kernel.transformers import apply_liger_kernel_to_llama
    except ImportError:
        if config.use_liger_kernel == "true":
            raise BadInputError("use_liger_kernel=true but liger-kernel is not installed") from None
        log("liger-kernel not installed: using plain transformers kernels")
        return False
    apply_liger_kernel_to_llama(rope=True, rms_norm=True, swiglu=True, cross_entropy=False,
                                fused_linear_cross_entropy=True)
    return True


# ======================================================================================================================
# Data
# ======================================================================================================================
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
            raise BadInputError(f"no train.jsonl in data_dir '{config.data_dir}' (prepare data first)")
        return [], 0
    samples, truncated = [], 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            messages = json.loads(line)["messages"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise BadInputError(f"{path}:{number} is not a chat record with 'messages'") from None
        sample, was_cut = tokenize_record(tokenizer, messages, config.max_seq_length, config.assistant_only_loss)
        samples.append(sample)
        truncated += was_cut
    if split == "train" and not samples:
        raise BadInputError(f"{path} holds no records")
    return samples, truncated


def epoch_batches(samples: list[dict], config: TrainConfig, dist_info: Dist, epoch: int) -> list[PackedBatch]:
    """This rank's packed micro-batches for `epoch`: same order on every run (resume skips what was done)."""
    capacity = config.max_seq_length * config.per_device_train_batch_size
    order = list(range(len(samples)))
    random.Random(config.seed + epoch).shuffle(order)
    batches = pack_samples([samples[i] for i in order], capacity)
    random.Random(config.seed + 1000 + epoch).shuffle(batches)
    per_rank = max(1, len(batches) // dist_info.world)
    # every rank must run the same number of steps: drop the remainder, wrap when there are fewer bins than ranks
    return [batches[(dist_info.rank + i * dist_info.world) % len(batches)] for i in range(per_rank)]


# ======================================================================================================================
# Checkpoints
# ======================================================================================================================
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


def save_checkpoint(model, optimizer, folder: Path, step: int, epoch: int, batch_in_epoch: int,
                    config: TrainConfig, dist_info: Dist) -> None:
    """Trainable weights, optimizer state and position, written by rank 0; trainer_state.json last marks it complete."""
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
        {"step": step, "epoch": epoch, "batch_in_epoch": batch_in_epoch}), encoding="utf-8")
    checkpoints = sorted(folder.parent.glob("step-*"), key=lambda p: int(p.name.split("-")[1]))
    for old in checkpoints[:-config.save_total_limit]:
        shutil.rmtree(old, ignore_errors=True)


def latest_checkpoint(folder: Path) -> Path | None:
    complete = [p for p in folder.glob("step-*") if (p / "trainer_state.json").is_file()]
    return max(complete, key=lambda p: int(p.name.split("-")[1]), default=None)


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


# ======================================================================================================================
# Training loop
# ======================================================================================================================
def forward_loss(model, batch: PackedBatch, device, num_items: float):
    """Summed token loss over `num_items` target tokens (so accumulation and ranks weigh every token equally)."""
    import torch

    inputs = batch.to_tensors(device)
    with torch.autocast(device_type=device.type, dtype=torch.bfloat16):
        out = model(input_ids=inputs["input_ids"], position_ids=inputs["position_ids"], labels=inputs["labels"],
                    use_cache=False, num_items_in_batch=torch.tensor(num_items, device=device))
    return out.loss


def evaluate(model, batches: list[PackedBatch], dist_info: Dist) -> float:
    import torch

    model.eval()
    total, count = 0.0, 0.0
    with torch.no_grad():
        for batch in batches:
            targets = batch.target_tokens
            loss = forward_loss(model, batch, dist_info.device, float(targets))
            total += float(loss) * targets
            count += targets
    model.train()
    total, count = all_reduce_sum(total, dist_info), all_reduce_sum(count, dist_info)
    return total / max(count, 1.0)


def peak_memory_gib(device) -> float | None:
    import torch

    if device.type == "cuda":
        return round(torch.cuda.max_memory_allocated(device) / 2**30, 2)
    try:
        import resource

        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)
    except Exception:
        return None


def train(config: TrainConfig, run: RunLog, dist_info: Dist) -> dict[str, Any]:
    import torch

    torch.manual_seed(config.seed)
    output = Path(config.output_dir)
    tokenizer = load_tokenizer(config)
    train_samples, cut = load_split(config, "train", tokenizer)
    eval_samples, _ = load_split(config, "validation", tokenizer)
    if cut:
        log(f"{cut} training records were longer than max_seq_length={config.max_seq_length}: their articles were cut")
    liger = apply_liger(config, dist_info)
    model, quantized = load_model(config, dist_info)
    fsdp = use_fsdp(config, dist_info)
    if fsdp:
        shard_model(model, config, dist_info)
    elif dist_info.world > 1:
        raise BadInputError("fsdp=false with several processes would train unsynchronised copies; use fsdp=auto")
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0,
                                  fused=dist_info.device.type == "cuda")

    first_epoch = epoch_batches(train_samples, config, dist_info, 0)
    batches_per_epoch = len(first_epoch)
    steps_per_epoch = max(1, batches_per_epoch // config.gradient_accumulation_steps)
    total_steps = config.max_steps if config.max_steps > 0 else math.ceil(steps_per_epoch * config.num_train_epochs)
    warmup = int(total_steps * config.warmup_ratio)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (warmup + 1)))

    step, start_epoch, skip_batches = 0, 0, 0
    checkpoints = output / "checkpoints"
    resume_from = latest_checkpoint(checkpoints) if config.resume else None
    if resume_from:
        state = load_checkpoint(model, optimizer, resume_from)
        step, start_epoch, skip_batches = state["step"], state["epoch"], state["batch_in_epoch"]
        for _ in range(step):
            scheduler.step()
        log(f"resumed from {resume_from.name} (step {step})")
        run.metric(event="resume", step=step, checkpoint=str(resume_from))
    run.metric(event="start", total_steps=total_steps, steps_per_epoch=steps_per_epoch, world_size=dist_info.world,
               fsdp=fsdp, quantized=quantized, liger=liger, max_seq_length=config.max_seq_length,
               max_sample_tokens=max(len(s["input_ids"]) for s in train_samples),
               max_row_tokens=max(b.num_tokens for b in first_epoch),
               train_records=len(train_samples), eval_records=len(eval_samples), resumed_step=step)
    run.status("running", total_steps=total_steps, step=step)
    log(f"{len(train_samples)} train / {len(eval_samples)} validation records; {total_steps} steps; "
        f"world {dist_info.world}; fsdp {fsdp}; liger {liger}")

    eval_batches = [b for i, b in enumerate(pack_samples(eval_samples, config.max_seq_length))
                    if i % dist_info.world == dist_info.rank] if eval_samples else []
    started, tokens_seen, last_loss = time.time(), 0, float("nan")
    epoch = start_epoch
    while step < total_steps:
        batches = epoch_batches(train_samples, config, dist_info, epoch)
        position = skip_batches
        skip_batches = 0
        while position + config.gradient_accumulation_steps <= len(batches) and step < total_steps:
            window = batches[position:position + config.gradient_accumulation_steps]
            items = all_reduce_sum(float(sum(b.target_tokens for b in window)), dist_info)
            step_loss = 0.0
            for batch in window:
                # FSDP averages gradients over ranks; scale so the result is the sum over all tokens / items
                loss = forward_loss(model, batch, dist_info.device, items / dist_info.world)
                loss.backward()
                step_loss += float(loss.detach()) / dist_info.world
            grad_norm = torch.nn.utils.clip_grad_norm_(params, config.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            position += len(window)
            step += 1
            last_loss = all_reduce_sum(step_loss, dist_info)
            tokens_seen += all_reduce_sum(float(sum(b.num_tokens for b in window)), dist_info)
            if step % config.logging_steps == 0 or step == total_steps:
                elapsed = time.time() - started
                done_here = step - (state["step"] if resume_from else 0)
                run.metric(event="train", step=step, total_steps=total_steps, epoch=round(epoch + position / len(batches), 3),
                           loss=round(last_loss, 5), learning_rate=scheduler.get_last_lr()[0],
                           grad_norm=round(float(grad_norm.full_tensor() if hasattr(grad_norm, "full_tensor") else grad_norm), 4),
                           tokens_per_s=round(tokens_seen / elapsed, 1),
                           eta_s=round(elapsed / max(done_here, 1) * (total_steps - step), 1),
                           peak_memory_gib=peak_memory_gib(dist_info.device))
                run.status("running", step=step)
                log(f"step {step}/{total_steps} train_loss={last_loss:.5f} tokens_per_s={tokens_seen / elapsed:.1f}")
            if all_reduce_sum(float(STOP_REQUESTED["flag"]), dist_info) > 0:
                save_checkpoint(model, optimizer, checkpoints / f"step-{step}", step, epoch, position, config, dist_info)
                log(f"stopped on request at step {step}; checkpoint saved, `resume` continues from here")
                return {"stopped": True, "steps": step, "final_loss": last_loss}
            if config.save_steps and step % config.save_steps == 0:
                folder = checkpoints / f"step-{step}"
                save_checkpoint(model, optimizer, folder, step, epoch, position, config, dist_info)
        epoch += 1
        if config.eval_each_epoch and eval_batches:
            eval_loss = evaluate(model, eval_batches, dist_info)
            run.metric(event="eval", step=step, epoch=epoch, eval_loss=round(eval_loss, 5))
            log(f"epoch {epoch}: eval_loss={eval_loss:.5f}")
        if step < total_steps:
            save_checkpoint(model, optimizer, checkpoints / f"step-{step}", step, epoch, 0, config, dist_info)

    adapter_dir = output / "adapter"
    save_adapter(model, adapter_dir, dist_info, tokenizer)
    return {"adapter_dir": str(adapter_dir), "steps": step, "final_loss": last_loss,
            "tokens_per_s": round(tokens_seen / max(time.time() - started, 1e-9), 1)}


def main(argv: list[str] | None = None) -> int:
    try:
        config = parse_config(sys.argv[1:] if argv is None else argv)
    except BadInputError as exc:
        log(f"FAILED: {exc}")
        return 2
    if os.environ.get("SM_MODEL_DIR") and not config.merge_output_dir:
        config.merge_output_dir = os.environ["SM_MODEL_DIR"]  # SageMaker uploads this folder as the model
    if os.environ.get("SM_MODEL_DIR") and config.output_dir == TrainConfig.output_dir:
        config.output_dir = "/opt/ml/checkpoints"  # synced to S3: spot interruptions resume from here
    dist_info = init_distributed()
    output = Path(config.output_dir)
    if dist_info.main:
        output.mkdir(parents=True, exist_ok=True)
        (output / "config.json").write_text(json.dumps(asdict(config), indent=1), encoding="utf-8")
    run = RunLog(output, dist_info.main)
    run.status("starting", pid=os.getpid())
    signal.signal(signal.SIGTERM, _request_stop)
    try:
        result = train(config, run, dist_info)
        if result.get("stopped"):
            run.metric(event="end", status="stopped", **result)
            run.status("stopped", **result)
            return 0
        if config.merge and dist_info.main:
            from training.merge import merge_adapter

            run.status("merging", **result)
            merged_dir = Path(config.merge_output_dir or output / "merged")
            merged = merge_adapter(config.base_model, Path(result["adapter_dir"]), merged_dir)
            result.update(merged_dir=str(merged_dir), merged_size_bytes=merged["size_bytes"])
            run.metric(event="merged", **merged)
        run.metric(event="end", status="completed", **result)
        run.status("completed", **result)
        code = 0
    except Exception as exc:
        message = describe_failure(exc, config)
        log(f"FAILED: {message}")
        traceback.print_exc()
        run.metric(event="end", status="failed", error=message)
        run.status("failed", error=message)
        code = 2 if isinstance(exc, BadInputError) else 1
    finally:
        import torch.distributed as dist

        if dist.is_initialized():
            dist.destroy_process_group()
    return code


def describe_failure(exc: BaseException, config: TrainConfig) -> str:
    """One line a user can act on, for the failures people actually hit."""
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:400]
    lowered = text.lower()
    if isinstance(exc, BadInputError):
        return str(exc)
    if "out of memory" in lowered:
        return (f"out of GPU memory at max_seq_length={config.max_seq_length}, per_device_train_batch_size="
                f"{config.per_device_train_batch_size}: lower the batch size or turn gradient_checkpointing on")
    if "gated" in lowered or "401" in lowered or "403" in lowered:
        return f"{config.base_model} is gated: accept its licence on the hub and set HF_TOKEN"
    if "not a valid model identifier" in lowered or "repository not found" in lowered or "404" in lowered:
        return f"unknown model '{config.base_model}': give a hub id or a local folder with config.json"
    if "couldn't connect" in lowered or "offline" in lowered or "connection" in lowered:
        return f"cannot download '{config.base_model}' (no network to the hub): use a local model folder"
    return text


if __name__ == "__main__":
    sys.exit(main())
