"""Local serving, OpenAI-compatible in every case: Hugging Face TGI in docker when a docker engine answers (as the
workshop did); on a CUDA GPU without docker, the KoSum engine (`serving/engine/`) for Llama models; otherwise
`transformers serve` (FastAPI/Uvicorn, from transformers[serving])."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from training import processes
from training.errors import BadInputError

TGI_IMAGE = "ghcr.io/huggingface/text-generation-inference:3.3.6"
ENGINES = ("auto", "tgi", "kosum", "transformers")
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class LocalServer:
    engine: str
    url: str
    port: int
    handle: processes.ProcessHandle
    container: str | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def docker_available() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0


def check_model_dir(model_dir: Path) -> None:
    if not (model_dir / "config.json").is_file():
        raise BadInputError(f"{model_dir} is not a model folder (no config.json); deploy a run's `merged` folder")
    if not any(model_dir.glob("*.safetensors")):
        raise BadInputError(f"{model_dir} has no safetensors weights")


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def pick_engine(model_dir: Path) -> str:
    """TGI when docker answers; the KoSum engine for Llama models on a CUDA GPU (faster than `transformers serve`
    there: BENCHMARKS.md, serving); `transformers serve` otherwise (CPU, other architectures)."""
    from serving.engine import SUPPORTED_MODEL_TYPES

    if docker_available():
        return "tgi"
    model_type = json.loads((model_dir / "config.json").read_text()).get("model_type")
    return "kosum" if model_type in SUPPORTED_MODEL_TYPES and cuda_available() else "transformers"


def refuse_unsupported(model_dir: Path) -> None:
    """A model the KoSum engine cannot serve is refused before anything starts, with the engine to use instead."""
    from transformers import AutoConfig

    from serving.engine import unsupported_reason

    reason = unsupported_reason(AutoConfig.from_pretrained(model_dir))
    if reason:
        raise BadInputError(reason)


def build_command(engine: str, model_dir: Path, port: int, name: str, extra_args: list[str] | None = None) -> list[str]:
    if engine == "tgi":
        return ["docker", "run", "--rm", "--name", name, "--gpus", "all", "--shm-size", "12g",
                "-v", f"{model_dir.resolve()}:/opt/ml/model:ro", "-p", f"127.0.0.1:{port}:8080",
                "-e", "HF_MODEL_ID=/opt/ml/model", "-e", "DTYPE=bfloat16", TGI_IMAGE]
    if engine == "kosum":
        return [sys.executable, "-m", "serving.engine_server", str(model_dir.resolve()), "--host", "127.0.0.1",
                "--port", str(port), *(extra_args or [])]
    transformers_cli = Path(sys.executable).with_name("transformers")
    return [str(transformers_cli), "serve", str(model_dir.resolve()), "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning", *(extra_args or [])]


def start(model_dir: Path, log_path: Path, engine: str = "auto", port: int | None = None, name: str = "kosum",
          extra_args: list[str] | None = None) -> LocalServer:
    """Start the server in the background; call `wait_healthy` before sending requests."""
    check_model_dir(model_dir)
    if engine not in ENGINES:
        raise BadInputError(f"unknown engine '{engine}' ({', '.join(ENGINES)})")
    if engine == "auto":
        engine = pick_engine(model_dir)
    if engine == "kosum":
        refuse_unsupported(model_dir)
    port = port or free_port()
    handle = processes.start(build_command(engine, model_dir, port, name, extra_args), log_path,
                             env={"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))})
    return LocalServer(engine, f"http://127.0.0.1:{port}", port, handle, container=name if engine == "tgi" else None)


def wait_healthy(url: str, pid: int, create_time: float, timeout_s: float = 300, progress=None) -> None:
    """Poll GET /health until it answers 200; fail fast if the process died."""
    import httpx

    started = time.time()
    while time.time() - started < timeout_s:
        if not processes.is_running(pid, create_time):
            raise RuntimeError("the server process exited during start-up (see its log)")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if progress:
            progress(min(0.95, (time.time() - started) / timeout_s), "waiting for the server to load the model")
        time.sleep(0.5)
    raise TimeoutError(f"the server at {url} did not become healthy within {timeout_s:.0f}s")


def healthy(url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{url}/health", timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


def stop(pid: int, create_time: float, container: str | None = None) -> None:
    if container:
        subprocess.run(["docker", "stop", container], capture_output=True, timeout=60)
    processes.stop(pid, create_time, grace_s=15)
