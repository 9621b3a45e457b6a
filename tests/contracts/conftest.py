"""Consumers' own loaders for what the product writes: a virtual environment with TGI 3.3.6's transformers pin
(4.51.3, from the package registry, built once and kept under ~/.cache/kosum, with the suite's own torch), and a
model trained and merged by the product's own training script."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

TGI_TRANSFORMERS = "4.51.3"  # text-generation-inference 3.3.6, server/uv.lock


@pytest.fixture(scope="session")
def tgi_python() -> Path:
    """The Python of an environment holding transformers==4.51.3 and torch (CPU), as TGI's server has."""
    cache = Path(os.environ.get("KOSUM_CONTRACT_CACHE", Path.home() / ".cache" / "kosum"))
    venv = cache / f"tgi-transformers-{TGI_TRANSFORMERS}"
    python = venv / "bin" / "python"
    if not (venv / ".ready").is_file():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        uv = Path(sys.executable).with_name("uv")  # installed beside the suite's Python by README's test command
        installer = [str(uv), "pip", "install", "--python", str(python), "--compile-bytecode"] if uv.is_file() else [
            str(python), "-m", "pip", "install", "--disable-pip-version-check"]
        subprocess.run([*installer, "-q", f"transformers=={TGI_TRANSFORMERS}"], check=True, timeout=1200)
        (venv / ".ready").write_text("ok\n")
    borrow_torch(python)  # every session: the cached environment outlives the checkout whose torch it last borrowed
    return python


def borrow_torch(python: Path) -> None:
    """torch (the same 2.13.0 CPU build) from the suite's own environment, not a second copy of its ~1 GB: a .pth
    line appends this environment's site-packages after the TGI environment's own, so transformers 4.51.3 and its
    pinned dependencies come first and only what it lacks (torch) is found here."""
    import torch

    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    line = Path(site) / "kosum_borrowed_torch.pth"
    wanted = str(Path(torch.__file__).parents[1]) + "\n"
    if not line.is_file() or line.read_text() != wanted:
        draft = line.with_suffix(f".{os.getpid()}.tmp")  # another worker may be starting this Python right now
        draft.write_text(wanted)
        draft.replace(line)


@pytest.fixture(scope="session")
def merged_tiny(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path, prepared_sample: Path) -> Path:
    """The tiny model after 3 real training steps and the product's merge (training/train.py, merge: true)."""
    run = tmp_path_factory.mktemp("contract-run")
    done = subprocess.run([sys.executable, str(ROOT / "training" / "train.py"), "--config",
                           str(ROOT / "training" / "configs" / "tiny.yaml"), f"base_model={tiny_base}",
                           f"data_dir={prepared_sample / 'sample'}", f"output_dir={run}", "max_steps=3",
                           "learning_rate=0.01", "max_seq_length=384"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stdout[-3000:]
    return run / "merged"
