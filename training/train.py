"""Fine-tune a causal LM for Korean news summarization with QLoRA; on several GPUs the 4-bit base is replicated or,
when it does not fit one GPU, sharded with FSDP2.

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
from typing import Any

if __package__ in (None, ""):  # run as a script (torchrun, SageMaker): make `training` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.errors import BadInputError  # noqa: E402
from training.packing import PackedBatch, pack_samples, tokenize_record  # noqa: E402
from training.prompts import CHAT_TEMPLATE  # noqa: E402


# ======================================================================================================================
# Arguments
# ======================================================================================================================
SHARDING = ("auto", "full", "replicate")


def setting(default: Any, help_text: str) -> Any:
    """A TrainConfig field with its one-line help (shown by `train.py --help`)."""
    return field(default=default, metadata={"help": help_text})


def usage() -> str:
    """`--help`: every setting with its type, default and help, from the dataclass itself."""
    lines = [__doc__.strip(), "", "settings (YAML keys, key=value or --key value):"]
    for item in fields(TrainConfig):
        lines.append(f"  {item.name:28} {item.type:5} default {item.default!r:30} {item.metadata['help']}")
    return "\n".join(lines)


@dataclass
class TrainConfig:
    """Every knob of a run; YAML keys and `key=value` overrides must name one of these fields."""

    # model
    base_model: str = setting("meta-llama/Meta-Llama-3-8B", "hub id or local folder of the base model")
    load_in_4bit: bool = setting(True, "QLoRA: the base in 4-bit NF4 (double quant, bf16 compute and storage)")
    attn_implementation: str = setting("auto", "auto: flex attention where its self-test passes on the GPU, else sdpa")
    # LoRA (workshop defaults)
    lora_r: int = setting(16, "LoRA rank")
    lora_alpha: int = setting(8, "LoRA alpha")
    lora_dropout: float = setting(0.05, "LoRA dropout")
    lora_target_modules: str = setting("all-linear", "which linear layers get adapters")
    # data
    data_dir: str = setting("", "prepared data folder (train.jsonl, validation.jsonl)")
    max_seq_length: int = setting(2048, "tokens per packed row; longer records have their article cut")
    assistant_only_loss: bool = setting(True, "train on the summary tokens only")
    # optimisation
    num_train_epochs: float = setting(3.0, "epochs (when max_steps is -1)")
    max_steps: int = setting(-1, "stop after this many optimizer steps (-1: whole epochs)")
    per_device_train_batch_size: int = setting(0, "rows per micro-batch; 0 = fit to free GPU memory")
    gradient_accumulation_steps: int = setting(2, "micro-batches per optimizer step on each process")
    learning_rate: float = setting(2e-4, "peak learning rate (constant after warm-up)")
    warmup_ratio: float = setting(0.03, "share of the steps with a linear warm-up")
    max_grad_norm: float = setting(0.3, "gradient clipping")
    gradient_checkpointing: str = setting("auto", "auto: only when activations would not fit in free GPU memory")
    use_liger_kernel: str = setting("auto", "fused Liger kernels: auto (on CUDA when installed), true, false")
    seed: int = setting(42, "data order and LoRA initialisation")
    # distribution
    fsdp: str = setting("auto", "several GPUs: auto (replicate the 4-bit base when it fits, else full), full, replicate")
    fsdp_cpu_offload: bool = setting(False, "full sharding: keep parameters in CPU memory")
    max_gpu_memory_gib: float = setting(0.0, "cap this process's GPU memory (0 = all): plan as on a smaller GPU")
    # output
    output_dir: str = setting("runs/latest", "run folder: metrics.jsonl, status.json, checkpoints, adapter, merged")
    logging_steps: int = setting(1, "write a metrics line every N steps")
    save_steps: int = setting(0, "checkpoint every N steps (0: at epoch ends and on stop)")
    save_total_limit: int = setting(2, "checkpoints kept")
    eval_each_epoch: bool = setting(True, "validation loss at each epoch end")
    eval_before_training: bool = setting(False, "validation loss before the first step: the baseline of the curve")
    resume: bool = setting(True, "continue from the run folder's last complete checkpoint")
    merge: bool = setting(True, "merge the adapter into the base (bf16) for serving at the end")
    merge_output_dir: str = setting("", "merged model folder (default OUTPUT_DIR/merged)")
    profile_steps: int = setting(0, "profile the last N steps on rank 0 into profile.json")

    def validate(self) -> None:
        if self.max_seq_length < 32:
            raise BadInputError("max_seq_length must be at least 32")
        if self.per_device_train_batch_size < 0 or self.gradient_accumulation_steps < 1:
            raise BadInputError("per_device_train_batch_size must be 0 (auto) or more; gradient_accumulation_steps 1 or more")
        if self.max_steps == 0 or self.max_steps < -1:
            raise BadInputError("max_steps must be a positive number (or -1 for whole epochs)")
        if self.num_train_epochs <= 0:
            raise BadInputError("num_train_epochs must be more than 0")
        for name in ("use_liger_kernel", "gradient_checkpointing"):
            if getattr(self, name) not in {"auto", "true", "false"}:
                raise BadInputError(f"{name} takes auto, true or false")
        if self.fsdp not in SHARDING:
            raise BadInputError(f"fsdp takes {', '.join(SHARDING)}")
        if self.max_gpu_memory_gib < 0 or self.profile_steps < 0:
            raise BadInputError("max_gpu_memory_gib and profile_steps must be 0 or more")


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
    if {"-h", "--help"} & set(args):
        raise HelpRequested(usage())
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


class StepProfiler:
    """With `profile_steps: N`, rank 0 profiles the run's last N optimizer steps and writes OUTPUT_DIR/profile.json:
    device time per step, the part spent in collectives (NCCL/gloo), and the costliest kernels."""

    def __init__(self, config: "TrainConfig", dist_info: "Dist", output: Path, total_steps: int):
        self.first = total_steps - config.profile_steps if config.profile_steps and dist_info.main else None
        self.steps, self.output, self.profile = config.profile_steps, output, None

    def before(self, step: int) -> None:
        if self.first is not None and step == self.first:
            import torch

            activities = [torch.profiler.ProfilerActivity.CPU]
            if torch.cuda.is_available():
                activities.append(torch.profiler.ProfilerActivity.CUDA)
            self.profile = torch.profiler.profile(activities=activities)
            self.profile.start()

    def after(self, step: int) -> None:
        if self.profile is None or step < self.first + self.steps:
            return
        from torch.autograd import DeviceType

        self.profile.stop()
        kernels = [e for e in self.profile.key_averages()  # device kernels only, not the "nccl:..." annotations
                   if e.device_type != DeviceType.CPU and not e.key.startswith("nccl:")]
        rows = sorted(((e.key, e.self_device_time_total / 1000) for e in kernels if e.self_device_time_total > 0),
                      key=lambda row: -row[1])
        comm = sum(ms for k, ms in rows if k.startswith(("ncclDevKernel", "ncclKernel")))
        device = sum(ms for _, ms in rows)
        (self.output / "profile.json").write_text(json.dumps({
            "steps": self.steps, "device_ms_per_step": round(device / self.steps, 2),
            "communication_ms_per_step": round(comm / self.steps, 2),
            "top_kernels_ms_per_step": [[k[:120], round(ms / self.steps, 2)] for k, ms in rows[:12]]}, indent=1))
        self.profile = None


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


def init_distributed(max_gpu_memory_gib: float = 0.0) -> Dist:
    import torch
    import torch.distributed as dist

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
        if max_gpu_memory_gib:  # as if on a smaller GPU (the workshop's 24 GB A10G): allocations past it fail
            total = torch.cuda.get_device_properties(device).total_memory
            torch.cuda.set_per_process_memory_fraction(min(1.0, max_gpu_memory_gib * 2**30 / total), device)
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


def keep_cpu_4bit_layout(model) -> None:
    """bitsandbytes repacks a Linear4bit's weight in place into a CPU inference layout the first time the layer runs
    in eval mode without autograd (on CPUs with AVX512-BF16) and keeps it so, and training after it computes with the
    repacked bytes. Measured on the tiny preset: one validation pass before training left the run at loss 7.09
    instead of 3.28 (and 2 gloo processes 1% apart on that validation pass). Training never uses that layout."""
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False


def load_model(config: TrainConfig, dist_info: Dist):
    """Base model (4-bit NF4, double quant, bf16 compute and storage when possible) + LoRA adapters."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    from transformers import AutoConfig

    model_config = AutoConfig.from_pretrained(config.base_model, token=os.environ.get("HF_TOKEN") or None)
    config.attn_implementation = choose_attention(config, model_config, dist_info)
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
    fits_one_device = choose_memory_plan(config, model.config, dist_info)
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
    return model, quantized, fits_one_device


def attention_self_test(implementation: str, model_config, seq_len: int, device) -> None:
    """One forward and backward of transformers' flex attention path at the model's head shape and this run's
    length: a GPU that cannot run it (the backward needs more shared memory than an A10G, sm86, has for head_dim
    128: pytorch issue 133254) fails here in seconds instead of in the first training step."""
    import torch
    from torch.nn.attention.flex_attention import create_block_mask
    from transformers.integrations.flex_attention import flex_attention_forward

    heads = model_config.num_attention_heads
    kv_heads = getattr(model_config, "num_key_value_heads", None) or heads
    head_dim = getattr(model_config, "head_dim", None) or model_config.hidden_size // heads

    def tensor(count: int):
        return torch.randn(1, count, seq_len, head_dim, device=device, dtype=torch.bfloat16, requires_grad=True)

    mask = create_block_mask(lambda b, h, q, k: q >= k, None, None, seq_len, seq_len, device=str(device))
    output, _ = flex_attention_forward(torch.nn.Module().train(), tensor(heads), tensor(kv_heads), tensor(kv_heads),
                                       mask, scaling=head_dim ** -0.5)
    output.float().sum().backward()
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def choose_attention(config: TrainConfig, model_config, dist_info: Dist, self_test=attention_self_test) -> str:
    """`auto`: flex attention on a GPU where its self-test passes, else sdpa (one log line says why); an explicit
    `flex_attention` that fails its self-test is an error; anything else is taken as given."""
    requested = config.attn_implementation
    if requested not in {"auto", "flex_attention"}:
        return requested
    if requested == "auto" and dist_info.device.type != "cuda":
        return "sdpa"
    try:
        self_test("flex_attention", model_config, config.max_seq_length, dist_info.device)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        if requested == "flex_attention":
            raise BadInputError(f"attn_implementation=flex_attention does not run on this GPU ({reason}); use "
                                "attn_implementation=auto or sdpa") from None
        log(f"flex attention failed its self-test on this GPU ({reason}); using sdpa")
        return "sdpa"
    return "flex_attention"


def activation_bytes(model_config, tokens: int, checkpointing: bool, fused_loss: bool) -> float:
    """Estimated activation memory of one micro-batch (bf16). Calibrated on a Llama-3-8B-shaped model on an H100:
    ~(14 h + 4 i) * 2 bytes per token and layer kept for backward; with checkpointing only each layer's input is kept
    plus one layer's activations during recomputation; an unfused loss adds ~10 bytes per token and vocabulary entry."""
    hidden, inner, layers = model_config.hidden_size, model_config.intermediate_size, model_config.num_hidden_layers
    per_layer = (14 * hidden + 4 * inner) * 2
    kept = hidden * 2 * layers + per_layer if checkpointing else per_layer * layers
    head = 0 if fused_loss else model_config.vocab_size * 10
    return tokens * (kept + head)


def choose_memory_plan(config: TrainConfig, model_config, dist_info: Dist, max_rows: int = 4) -> bool:
    """Resolve `per_device_train_batch_size: 0` and `gradient_checkpointing: auto` from free GPU memory (within
    `max_gpu_memory_gib` when set): prefer no recomputation (fastest), then the largest micro-batch that fits. On
    CPU: one row, checkpointing on. Returns whether a plan fits next to the whole loaded model."""
    import torch

    fixed_rows = config.per_device_train_batch_size
    if dist_info.device.type != "cuda":
        config.per_device_train_batch_size = fixed_rows or 1
        config.gradient_checkpointing = "true" if config.gradient_checkpointing == "auto" else config.gradient_checkpointing
        return True
    free, _ = torch.cuda.mem_get_info(dist_info.device)
    if config.max_gpu_memory_gib:
        free = min(free, config.max_gpu_memory_gib * 2**30 - torch.cuda.memory_reserved(dist_info.device))
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
                return True
    config.per_device_train_batch_size = fixed_rows or 1
    config.gradient_checkpointing = "true" if config.gradient_checkpointing != "false" else "false"
    log("memory plan: little free GPU memory; one row with gradient checkpointing")
    return False


def choose_sharding(config: TrainConfig, dist_info: Dist, fits_one_device: bool) -> tuple[str, str]:
    """How several processes share the work, and why. Replicating the 4-bit base moves only the LoRA gradients
    (about 0.2 GB for Llama-3-8B) once per optimizer step; FSDP2 full sharding all-gathers the base in every forward
    and backward, which pays only when the base does not fit one device."""
    if dist_info.world == 1:
        return "single", "one process"
    if config.fsdp != "auto":
        return config.fsdp, f"fsdp={config.fsdp}"
    if fits_one_device:
        return "replicate", (f"the quantized base and a {config.per_device_train_batch_size} x "
                             f"{config.max_seq_length}-token micro-batch fit on each device: only LoRA gradients "
                             "are exchanged")
    return "full", "the model and one micro-batch do not fit on one device: the base is sharded (FSDP2)"


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


def broadcast_trainable(params: list) -> None:
    """Replicated runs start every rank from rank 0's LoRA weights (one flat broadcast)."""
    import torch.distributed as dist
    from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

    flat = _flatten_dense_tensors([p.data for p in params])
    dist.broadcast(flat, src=0)
    for param, synced in zip(params, _unflatten_dense_tensors(flat, [p.data for p in params])):
        param.data.copy_(synced)


def sum_gradients(params: list) -> None:
    """Replicated runs add up every rank's LoRA gradients: one flat all-reduce per optimizer step."""
    import torch.distributed as dist
    from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

    grads = [p.grad for p in params]
    flat = _flatten_dense_tensors(grads)
    dist.all_reduce(flat)
    for grad, synced in zip(grads, _unflatten_dense_tensors(flat, grads)):
        grad.copy_(synced)


def step_stats(loss_sum, grad_norm, stop: bool, dist_info: Dist, sharding: str) -> tuple[float, float, bool]:
    """The step's loss, gradient norm and 'stop requested' across ranks, with one all-reduce and the step's only
    host synchronisation. Each rank's loss is its share of the global mean; FSDP2 averages (so shares are world
    times larger), replication sums."""
    import torch
    import torch.distributed as dist

    norm = grad_norm.full_tensor() if hasattr(grad_norm, "full_tensor") else grad_norm
    stats = torch.stack([loss_sum.float(), norm.float(), torch.tensor(float(stop), device=loss_sum.device)])
    if dist_info.world > 1:
        dist.all_reduce(stats)
    loss, norm_sum, stops = stats.tolist()
    return loss / (dist_info.world if sharding == "full" else 1), norm_sum / dist_info.world, stops > 0


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


def epoch_batches(samples: list[dict], config: TrainConfig, world: int, epoch: int) -> list[PackedBatch]:
    """Every rank's packed micro-batches for `epoch` in one global order, the same on every run and rank (resume
    skips what was done). Rank r takes items r, r + world, ...: every rank gets as many (the remainder is dropped;
    with fewer bins than ranks they wrap), and a step's window is a contiguous slice of this list."""
    capacity = config.max_seq_length * config.per_device_train_batch_size
    order = list(range(len(samples)))
    random.Random(config.seed + epoch).shuffle(order)
    batches = pack_samples([samples[i] for i in order], capacity)
    random.Random(config.seed + 1000 + epoch).shuffle(batches)
    per_rank = max(1, len(batches) // world)
    return [batches[i % len(batches)] for i in range(per_rank * world)]


def window_totals(batches: list[PackedBatch], world: int, start: int, size: int) -> tuple[int, int]:
    """Target tokens and all tokens of one optimizer step across every rank (micro-batches start..start+size of
    each rank's share): known on the host, so no collective is needed to scale the loss."""
    window = batches[start * world:(start + size) * world]
    return sum(b.target_tokens for b in window), sum(b.num_tokens for b in window)


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
        {"step": step, "epoch": epoch, "batch_in_epoch": batch_in_epoch, "world_size": dist_info.world,
         "rows_per_micro_batch": config.per_device_train_batch_size,
         "max_seq_length": config.max_seq_length}), encoding="utf-8")
    checkpoints = sorted(folder.parent.glob("step-*"), key=lambda p: int(p.name.split("-")[1]))
    for old in checkpoints[:-config.save_total_limit]:
        shutil.rmtree(old, ignore_errors=True)


def latest_checkpoint(folder: Path) -> Path | None:
    complete = [p for p in folder.glob("step-*") if (p / "trainer_state.json").is_file()]
    return max(complete, key=lambda p: int(p.name.split("-")[1]), default=None)


def check_resumable(folder: Path, config: TrainConfig, dist_info: Dist) -> None:
    """A checkpoint continues the same sequence of micro-batches only with the same processes and rows per
    micro-batch: adopt its rows when they were chosen automatically, refuse another world size with what to do."""
    state = json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))
    world = state.get("world_size", dist_info.world)
    if world != dist_info.world:
        raise BadInputError(f"checkpoint {folder.name} was written by {world} process(es) and this run has "
                            f"{dist_info.world}: the data order would differ. Resume with {world} process(es) "
                            f"(torchrun --nproc_per_node {world}), or start a new run with resume=false")
    rows = state.get("rows_per_micro_batch")
    if rows and not config.per_device_train_batch_size:
        config.per_device_train_batch_size = rows
    elif rows and rows != config.per_device_train_batch_size:
        raise BadInputError(f"checkpoint {folder.name} used per_device_train_batch_size={rows}; resume with that "
                            f"value (or 0 = auto), or start a new run with resume=false")


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


def rank_eval_batches(batches: list[PackedBatch], dist_info: Dist) -> list[tuple[PackedBatch, bool]]:
    """This rank's share of the validation batches, as (batch, counted). Every rank gets as many: with FSDP2 each
    forward is a collective (all-gathers), so a rank with one forward fewer would pair its next all-gather with
    another layer's and compute silently wrong numbers. Ranks short of a batch repeat one, not counted."""
    mine = batches[dist_info.rank::dist_info.world]
    rounds = -(-len(batches) // dist_info.world)
    return [(batch, True) for batch in mine] + [(batches[0], False)] * (rounds - len(mine))


def evaluate(model, batches: list[tuple[PackedBatch, bool]], dist_info: Dist) -> float:
    """Mean validation loss per target token over every rank."""
    import torch

    model.eval()
    total, count = 0.0, 0.0
    with torch.no_grad():
        for batch, counted in batches:
            targets = batch.target_tokens
            loss = forward_loss(model, batch, dist_info.device, float(targets))
            if counted:
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
    checkpoints = output / "checkpoints"
    resume_from = latest_checkpoint(checkpoints) if config.resume else None
    if resume_from:
        check_resumable(resume_from, config, dist_info)  # before the model loads: a mismatch fails in seconds
    liger = apply_liger(config, dist_info)
    model, quantized, fits_one_device = load_model(config, dist_info)
    if quantized and dist_info.device.type == "cpu":
        keep_cpu_4bit_layout(model)
    sharding, reason = choose_sharding(config, dist_info, fits_one_device)
    log(f"sharding: {sharding} ({reason})")
    if sharding == "full":
        shard_model(model, config, dist_info)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    if sharding == "replicate":
        broadcast_trainable(params)
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0,
                                  fused=dist_info.device.type == "cuda")

    world, accumulation = dist_info.world, config.gradient_accumulation_steps
    first_epoch = epoch_batches(train_samples, config, world, 0)
    steps_per_epoch = max(1, len(first_epoch) // world // accumulation)
    total_steps = config.max_steps if config.max_steps > 0 else math.ceil(steps_per_epoch * config.num_train_epochs)
    warmup = int(total_steps * config.warmup_ratio)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (warmup + 1)))

    step, start_epoch, skip_batches = 0, 0, 0
    if resume_from:
        state = load_checkpoint(model, optimizer, resume_from)
        step, start_epoch, skip_batches = state["step"], state["epoch"], state["batch_in_epoch"]
        for _ in range(step):
            scheduler.step()
        log(f"resumed from {resume_from.name} (step {step})")
        run.metric(event="resume", step=step, checkpoint=str(resume_from))
    resumed_step = step
    run.metric(event="start", total_steps=total_steps, steps_per_epoch=steps_per_epoch, world_size=world,
               sharding=sharding, sharding_reason=reason, fsdp=sharding == "full", quantized=quantized, liger=liger,
               max_seq_length=config.max_seq_length, attention=config.attn_implementation,
               rows_per_micro_batch=config.per_device_train_batch_size,
               gradient_checkpointing=config.gradient_checkpointing == "true",
               max_sample_tokens=max(len(s["input_ids"]) for s in train_samples),
               max_row_tokens=max(b.num_tokens for b in first_epoch),
               train_records=len(train_samples), eval_records=len(eval_samples), resumed_step=step)
    run.status("running", total_steps=total_steps, step=step)
    log(f"{len(train_samples)} train / {len(eval_samples)} validation records; {total_steps} steps; "
        f"world {world}; sharding {sharding}; liger {liger}")

    eval_batches = rank_eval_batches(pack_samples(eval_samples, config.max_seq_length), dist_info) \
        if eval_samples else []
    if config.eval_before_training and eval_batches and step == 0:
        eval_loss = evaluate(model, eval_batches, dist_info)
        run.metric(event="eval", step=0, epoch=0, eval_loss=round(eval_loss, 5))
        log(f"before training: eval_loss={eval_loss:.5f}")
    profiler = StepProfiler(config, dist_info, output, total_steps)
    started, tokens_seen, last_loss = time.time(), 0, float("nan")
    epoch = start_epoch
    while step < total_steps:
        batches = epoch_batches(train_samples, config, world, epoch)
        mine = batches[dist_info.rank::world]
        position = skip_batches
        skip_batches = 0
        while position + accumulation <= len(mine) and step < total_steps:
            profiler.before(step)
            items, tokens = window_totals(batches, world, position, accumulation)
            denominator = items / world if sharding == "full" else items  # FSDP2 averages over ranks, we sum
            loss_sum = torch.zeros((), device=dist_info.device)
            for batch in mine[position:position + accumulation]:
                loss = forward_loss(model, batch, dist_info.device, denominator)
                loss.backward()
                loss_sum += loss.detach()
            if sharding == "replicate":
                sum_gradients(params)
            grad_norm = torch.nn.utils.clip_grad_norm_(params, config.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            position += accumulation
            step += 1
            tokens_seen += tokens
            last_loss, norm, stop = step_stats(loss_sum, grad_norm, STOP_REQUESTED["flag"], dist_info, sharding)
            profiler.after(step)
            if step % config.logging_steps == 0 or step == total_steps:
                elapsed = time.time() - started
                run.metric(event="train", step=step, total_steps=total_steps,
                           epoch=round(epoch + position / len(mine), 3), loss=round(last_loss, 5),
                           learning_rate=scheduler.get_last_lr()[0], grad_norm=round(norm, 4), tokens=tokens_seen,
                           tokens_per_s=round(tokens_seen / elapsed, 1),
                           eta_s=round(elapsed / max(step - resumed_step, 1) * (total_steps - step), 1),
                           peak_memory_gib=peak_memory_gib(dist_info.device))
                run.status("running", step=step)
                log(f"step {step}/{total_steps} train_loss={last_loss:.5f} tokens_per_s={tokens_seen / elapsed:.1f}")
            if stop:
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


def token_from_secret() -> None:
    """A SageMaker job gets the Hugging Face token as a Secrets Manager ARN (KOSUM_HF_TOKEN_SECRET), never as a value
    in its description (DescribeTrainingJob shows the environment): read it into this process before any download."""
    arn = os.environ.get("KOSUM_HF_TOKEN_SECRET")
    if not arn or os.environ.get("HF_TOKEN"):
        return
    import boto3

    secrets = boto3.client("secretsmanager", region_name=arn.split(":")[3])
    os.environ["HF_TOKEN"] = secrets.get_secret_value(SecretId=arn)["SecretString"]


class HelpRequested(Exception):
    """`--help` was asked for: the message is the usage text."""


def main(argv: list[str] | None = None) -> int:
    try:
        config = parse_config(sys.argv[1:] if argv is None else argv)
    except HelpRequested as shown:
        print(shown)
        return 0
    except BadInputError as exc:
        log(f"FAILED: {exc}")
        return 2
    if os.environ.get("SM_MODEL_DIR") and not config.merge_output_dir:
        config.merge_output_dir = os.environ["SM_MODEL_DIR"]  # SageMaker uploads this folder as the model
    if os.environ.get("SM_MODEL_DIR") and config.output_dir == TrainConfig.output_dir:
        config.output_dir = "/opt/ml/checkpoints"  # synced to S3: spot interruptions resume from here
    try:
        token_from_secret()
    except Exception as exc:
        log(f"FAILED: cannot read the Hugging Face token secret ({type(exc).__name__}: {exc!s:.200}); the "
            "execution role needs secretsmanager:GetSecretValue on it")
        return 1
    dist_info = init_distributed(config.max_gpu_memory_gib)
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
            merged = merge_adapter(config.base_model, Path(result["adapter_dir"]), merged_dir, config.max_seq_length)
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
