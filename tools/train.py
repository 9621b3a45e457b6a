"""Operation: start a fine-tuning run on this machine as a recorded background process."""
from __future__ import annotations

from pathlib import Path

from tools.errors import UserInputError
from tools.results import OpResult
from tools.settings import Settings, get_settings
from tools.state import new_id, open_store
from training.data import resolve_data_dir
from training.launch_local import CONFIGS, NodeOptions, available_gpus, build_command
from training.train import parse_config

PRESETS = {"llama3-8b": CONFIGS / "llama3-8b.yaml", "tiny": CONFIGS / "tiny.yaml"}


def resolve_config(preset: str, config: str | None) -> Path:
    if preset not in PRESETS:
        raise UserInputError(f"unknown preset '{preset}' (choose {', '.join(PRESETS)})")
    path = Path(config).expanduser() if config else PRESETS[preset]
    if not path.is_file():
        raise UserInputError(f"config file {path} does not exist")
    return path


def resolve_data(data: str | None, subset: str, settings: Settings) -> Path:
    """The given folder, or the most recently prepared data set."""
    if data:
        return resolve_data_dir(data, subset)
    for record in open_store(settings).find(kind="dataset"):
        if Path(record.name).is_dir():
            return resolve_data_dir(record.name, subset)
    raise UserInputError("no prepared data yet: run `python -m assistant data prepare` first (or pass --data DIR)")


def resolve_base_model(preset: str, base_model: str | None, settings: Settings) -> str:
    if base_model:
        local = Path(base_model).expanduser()
        if local.exists():
            if not (local / "config.json").is_file():
                raise UserInputError(f"{local} is not a model folder (no config.json)")
            return str(local)
        if base_model.startswith((".", "/", "~")):
            raise UserInputError(f"base model folder {base_model} does not exist")
        model = base_model
    elif preset == "tiny":
        from tools.models import ensure_tiny_base

        return str(ensure_tiny_base(settings))
    else:
        model = "meta-llama/Meta-Llama-3-8B"
    if model.startswith("meta-llama/") and not settings.hf_token:
        raise UserInputError(f"{model} is gated: accept its licence on huggingface.co and set HF_TOKEN")
    return model


def start_local_training(preset: str = "tiny", config: str | None = None, data: str | None = None,
                         base_model: str | None = None, nproc: str | int = "auto", max_steps: int | None = None,
                         subset: str = "full", nodes: NodeOptions | None = None,
                         overrides: dict[str, object] | None = None) -> OpResult:
    """Start `training/train.py` in the background on this machine and record it; returns at once."""
    settings = get_settings()
    config_path = resolve_config(preset, config)
    data_dir = resolve_data(data, subset, settings)
    gpus = available_gpus()
    if preset == "llama3-8b" and gpus == 0 and not base_model:
        raise UserInputError("llama3-8b needs a CUDA GPU and this machine has none: use --preset tiny here, "
                             "or train on a GPU machine")
    count = (gpus or 1) if nproc == "auto" else int(nproc)
    if count < 1:
        raise UserInputError("--nproc must be at least 1")
    if gpus and count > gpus:
        raise UserInputError(f"--nproc {count} but this machine has {gpus} GPU(s)")
    if max_steps is not None and max_steps < 1:
        raise UserInputError("--max-steps must be at least 1")
    model = resolve_base_model(preset, base_model, settings)

    from training import processes

    run_id = new_id("train")
    run_dir = settings.path("runs") / run_id
    values: dict[str, object] = {"base_model": model, "data_dir": data_dir, "output_dir": run_dir, **(overrides or {})}
    if max_steps:
        values["max_steps"] = max_steps
    try:
        command = build_command(config_path, values, count, nodes or NodeOptions())
        parse_config(command[command.index("--config"):])  # a bad key or value fails here, before anything starts
    except ValueError as exc:
        raise UserInputError(str(exc)) from None
    store = open_store(settings)
    store.add("training_job", run_id, "local", "starting", record_id=run_id, details={
        "run_dir": str(run_dir), "preset": preset, "base_model": model, "data_dir": str(data_dir),
        "nproc": count, "gpus": gpus, "command": command})
    env = {"PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false"}
    handle = processes.start(command, run_dir / "train.log", env=env, cwd=run_dir)
    store.update(run_id, status="running", details=handle.to_dict())
    device = f"{count} GPU(s)" if gpus else f"CPU ({count} process{'es' if count > 1 else ''})"
    return OpResult(
        f"Started local training {run_id} on {device}: {preset} preset, base {model}, data {data_dir}.\n"
        f"Follow it with `python -m assistant jobs {run_id} --follow`.",
        {"id": run_id, "run_dir": str(run_dir), "pid": handle.pid, "backend": "local", "nproc": count},
    )
