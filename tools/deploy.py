"""Operation: deploy a fine-tuned model: a local background server now, SageMaker Inference Components (cloud)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tools.errors import KosumError, UserInputError
from tools.results import OpResult
from tools.settings import Settings, get_settings
from tools.state import new_id, open_store
from training.errors import BadInputError

MAX_INPUT_CHARS = 4000  # about 2,048 Llama-3 tokens of Korean news: TGI's MAX_INPUT_LENGTH on one A10G


def latest_model(settings: Settings) -> Path:
    """The merged model of the most recent completed training run."""
    from tools.jobs import refresh

    store = open_store(settings)
    for record in store.find(kind="training_job"):
        record = refresh(store, record)
        merged = record.details.get("merged_dir")
        if record.status == "completed" and merged and Path(merged).is_dir():
            return Path(merged)
    raise UserInputError("no trained model yet: finish a training run first, or pass --model DIR")


def deploy_local(model: str | None = None, engine: str = "auto", port: int | None = None,
                 progress: Callable[[float, str], None] | None = None) -> OpResult:
    """Start a local OpenAI-compatible server for `model` (default: the latest merged model), wait until healthy."""
    from serving import local_server
    from training.tiny_model import is_tiny

    settings = get_settings()
    model_dir = Path(model).expanduser() if model else latest_model(settings)
    if not model_dir.exists():
        raise UserInputError(f"model folder {model_dir} does not exist")
    store = open_store(settings)
    server_id = new_id("server")
    log_path = settings.path("logs") / f"{server_id}.log"
    try:
        server = local_server.start(model_dir, log_path, engine=engine, port=port, name=server_id)
    except BadInputError as exc:
        raise UserInputError(str(exc)) from None
    label = "tiny stand-in (random weights)" if is_tiny(model_dir) else model_dir.name
    record = store.add("server", server.url, "local", "creating", record_id=server_id, cost_per_hour=0.0, details={
        "engine": server.engine, "url": server.url, "model_dir": str(model_dir), "model_label": label,
        "max_input_chars": MAX_INPUT_CHARS, "container": server.container, **server.handle.to_dict()})
    try:
        local_server.wait_healthy(server.url, server.handle.pid, server.handle.create_time, progress=progress)
    except (RuntimeError, TimeoutError) as exc:
        from training import processes

        local_server.stop(server.handle.pid, server.handle.create_time, server.container)
        tail = processes.tail(log_path, 10)
        store.update(record.id, status="failed", details={"error": str(exc), "log_tail": tail})
        raise KosumError(f"local server failed to start: {exc}", fix=f"see {log_path}") from None
    store.update(record.id, status="in_service")
    return OpResult(f"Serving {label} at {server.url} ({server.engine}); id {server_id}.\n"
                    f"Summarize with `python -m assistant summarize --file article.txt`.",
                    {"id": server_id, "url": server.url, "engine": server.engine, "model_dir": str(model_dir),
                     **server.handle.to_dict()})
