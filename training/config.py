"""A run's settings: the `TrainConfig` dataclass, its parser (YAML file, then `key=value` or `--key value`) and its
validation. Importable without torch, so a launcher refuses a bad config in the time Python takes to start; unknown
keys are errors, not ignored (the workshop's `max_seq_len` typo silently trained at 512 tokens)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from training.errors import BadInputError
from training.texts import t

SHARDING = ("auto", "replicate", "full")
TRI_STATE = ("auto", "true", "false")
ALIASES = {"fsdp": "sharding"}  # old key -> the key that says what it does (`fsdp: replicate` was never FSDP)
SCRIPT_HELP = """Fine-tune a causal LM for Korean news summarization with QLoRA (one process per GPU).

    torchrun --nproc_per_node N training/train.py --config training/configs/llama3-8b.yaml [key=value ...]

The same script runs locally (CPU or GPU) and inside a SageMaker training job (channels `train`, `validation`,
`config`; hyperparameters arrive as `--key value`). Rank 0 appends progress to OUTPUT_DIR/metrics.jsonl and keeps
OUTPUT_DIR/status.json current; OUTPUT_DIR/config.json holds the settings as the run used them and its plan."""


def setting(default: Any, help_text: str) -> Any:
    """A TrainConfig field with its one-line help (shown by `train.py --help`)."""
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class TrainConfig:
    """Every knob of a run; YAML keys and `key=value` overrides must name one of these fields. `0` and `auto` are
    requests: the run's plan (training/plan.py) says what they became."""

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
    sharding: str = setting("auto", "several processes: auto (replicate the 4-bit base on every GPU when it fits, "
                                    "else shard it with FSDP2), replicate, full (FSDP2); old name: fsdp")
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
            raise BadInputError(t("max_seq_length must be at least 32"))
        if self.per_device_train_batch_size < 0 or self.gradient_accumulation_steps < 1:
            raise BadInputError(t("per_device_train_batch_size must be 0 (auto) or more; gradient_accumulation_steps "
                                  "1 or more"))
        if self.max_steps == 0 or self.max_steps < -1:
            raise BadInputError(t("max_steps must be a positive number (or -1 for whole epochs)"))
        if self.num_train_epochs <= 0:
            raise BadInputError(t("num_train_epochs must be more than 0"))
        for name in ("use_liger_kernel", "gradient_checkpointing"):
            if getattr(self, name) not in TRI_STATE:
                raise BadInputError(t("{name} takes auto, true or false", name=name))
        if self.sharding not in SHARDING:
            raise BadInputError(t("sharding takes {choices}", choices=", ".join(SHARDING)))
        if self.max_gpu_memory_gib < 0 or self.profile_steps < 0:
            raise BadInputError(t("max_gpu_memory_gib and profile_steps must be 0 or more"))


class HelpRequested(Exception):
    """`--help` was asked for: the message is the usage text."""


def usage() -> str:
    """`--help`: every setting with its type, default and help, from the dataclass itself."""
    lines = [SCRIPT_HELP, "", "settings (YAML keys, key=value or --key value):"]
    for item in fields(TrainConfig):
        lines.append(f"  {item.name:28} {item.type:5} default {item.default!r:30} {item.metadata['help']}")
    lines += [f"  {old:28} old name of {new}, still read" for old, new in ALIASES.items()]
    return "\n".join(lines)


def _coerce(name: str, kind: type, value: Any) -> Any:
    if kind is str and isinstance(value, bool):  # YAML reads `false` as a boolean; tri-state fields keep the word
        return str(value).lower()
    if kind is bool and isinstance(value, str):
        if value.lower() not in {"true", "false", "1", "0", "yes", "no"}:
            raise BadInputError(t("{name} must be true or false, got '{value}'", name=name, value=value))
        return value.lower() in {"true", "1", "yes"}
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise BadInputError(t("{name} must be {kind}, got '{value}'", name=name, kind=kind.__name__,
                              value=value)) from None


def _yaml(text: str, where: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0]
        raise BadInputError(t("{where} is not valid YAML: {reason}", where=where, reason=reason)) from None


def _read_arguments(argv: list[str]) -> dict[str, Any]:
    """The YAML file's settings updated by the overrides, in the order given."""
    values: dict[str, Any] = {}
    overrides: list[tuple[str, str]] = []
    args = list(argv)
    while args:
        item = args.pop(0)
        if item == "--config":
            if not args:
                raise BadInputError(t("--config needs a file"))
            path = Path(args.pop(0))
            if not path.is_file():
                raise BadInputError(t("config file {file} does not exist", file=path))
            loaded = _yaml(path.read_text(encoding="utf-8"), str(path)) or {}
            if not isinstance(loaded, dict):
                raise BadInputError(t("{file} must hold a mapping of settings", file=path))
            values.update(loaded)
        elif "=" in item:
            key, _, value = item.lstrip("-").partition("=")
            overrides.append((key, value))
        elif item.startswith("--") and args:
            overrides.append((item[2:], args.pop(0)))
        else:
            raise BadInputError(t("cannot read argument '{argument}' (use key=value or --key value)", argument=item))
    for key, value in overrides:
        values[key.replace("-", "_")] = _yaml(value, key) if value else value
    return values


def read_config(argv: list[str]) -> tuple[TrainConfig, list[str]]:
    """The settings of `--config F` then the overrides, validated, and a note for each old key name used."""
    if {"-h", "--help"} & set(argv):
        raise HelpRequested(usage())
    values = _read_arguments(argv)
    notes = []
    for old, new in ALIASES.items():
        if old in values:
            if new in values:
                raise BadInputError(t("{old} and {new} are the same setting: keep only {new}", old=old, new=new))
            values[new] = values.pop(old)
            notes.append(f"setting '{old}' is an old name: write '{new}: {values[new]}' (it says what it does)")
    known = {f.name: f for f in fields(TrainConfig)}
    for key in values:
        if key not in known:
            hint = difflib.get_close_matches(key, [*known, *ALIASES], n=1)
            raise BadInputError(t("unknown setting '{key}' (did you mean '{hint}'?)", key=key, hint=hint[0]) if hint
                                else t("unknown setting '{key}'", key=key))
    types = {"bool": bool, "int": int, "float": float, "str": str}
    config = TrainConfig(**{k: _coerce(k, types[known[k].type], v) for k, v in values.items()})
    config.validate()
    return config, notes


def parse_config(argv: list[str]) -> TrainConfig:
    """`--config F` (YAML) then overrides as `key=value` or `--key value`, validated."""
    return read_config(argv)[0]
