"""Base models the product can train from: the offline tiny stand-in and hub ids such as Llama-3-8B."""
from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from tools.settings import Settings, get_settings


def ensure_tiny_base(settings: Settings | None = None) -> Path:
    """The tiny stand-in under KOSUM_HOME/models/tiny-base, built once (a file lock keeps concurrent callers safe)."""
    settings = settings or get_settings()
    folder = settings.path("models") / "tiny-base"
    with open(settings.path("models") / ".tiny.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "model.safetensors").is_file():
            from training.tiny_model import build_tiny_base

            tmp = folder.with_name("tiny-base.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            build_tiny_base(tmp)
            tmp.rename(folder)
    return folder
