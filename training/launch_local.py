"""Local launcher: the torchrun command line for a run on this machine (1..N GPUs, CPU, or one node of several)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

TRAIN_SCRIPT = Path(__file__).parent / "train.py"
CONFIGS = Path(__file__).parent / "configs"


@dataclass
class NodeOptions:
    """torchrun's multi-node options, passed through unchanged."""

    nnodes: int = 1
    node_rank: int = 0
    rdzv_endpoint: str | None = None


def available_gpus() -> int:
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def build_command(config_path: Path, overrides: dict[str, object], nproc: int, nodes: NodeOptions) -> list[str]:
    """`python train.py ...` for one process on one node, torchrun otherwise."""
    args = ["--config", str(config_path), *(f"{k}={v}" for k, v in overrides.items())]
    if nproc == 1 and nodes.nnodes == 1:
        return [sys.executable, str(TRAIN_SCRIPT), *args]
    torchrun = [sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={nproc}", f"--nnodes={nodes.nnodes}"]
    if nodes.nnodes > 1:
        if not nodes.rdzv_endpoint:
            raise ValueError("several nodes need --rdzv-endpoint HOST:PORT")
        torchrun += [f"--node_rank={nodes.node_rank}", "--rdzv_backend=c10d", f"--rdzv_endpoint={nodes.rdzv_endpoint}"]
    else:
        torchrun += ["--standalone"]
    return [*torchrun, str(TRAIN_SCRIPT), *args]
