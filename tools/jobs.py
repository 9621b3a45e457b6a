"""Operations: status, progress and stopping of training jobs (local background processes and SageMaker jobs)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable

from tools.errors import UserInputError
from tools.results import OpResult
from tools.state import Record, StateStore, open_store
from training import processes
from training.texts import t


def read_metrics(run_dir: str | Path) -> list[dict[str, Any]]:
    """Every complete JSON line of a run's metrics.jsonl."""
    return read_jsonl(Path(run_dir) / "metrics.jsonl")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every complete JSON line of a file written by another process (a half-written last line is skipped)."""
    rows = []
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    except OSError:
        pass
    return rows


def _read_status(run_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((run_dir / "status.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _refresh_sagemaker(store: StateStore, record: Record) -> Record:
    from tools import aws
    from training import launch_sagemaker

    name = record.details.get("job_name")
    if not name:  # crashed between recording and submitting: discovery by tag decides if a job exists
        return record
    with aws.aws_errors(t("reading training job {job}", job=name)):
        info = launch_sagemaker.describe(aws.client("sagemaker"), name)
        tail = launch_sagemaker.log_tail(aws.client("logs"), name)
    status = info["status"]
    if status in {"completed", "failed", "stopped"} and info["warm_pool"] == "Available":
        status = "warm_pool"  # the cluster is kept alive and billed until it expires or is released
    extra = {"secondary_status": info["secondary_status"], "metrics": info["metrics"], "log_tail": tail,
             "warm_pool": info["warm_pool"], "billable_seconds": info["billable_seconds"]}
    if info["failure_reason"]:
        extra["error"] = info["failure_reason"]
    if info["status"] == "completed":  # also while a warm pool is kept: the model is in S3 either way
        extra["merged_dir"] = record.details.get("model_s3")
    return store.update(record.id, status=status, details=extra) if (
        status != record.status or extra.get("metrics") != record.details.get("metrics")
        or tail != record.details.get("log_tail")) else record


def refresh(store: StateStore, record: Record) -> Record:
    """Bring a job's record up to date with its process / SageMaker job."""
    if not record.active:
        return record
    if record.backend == "sagemaker":
        return _refresh_sagemaker(store, record)
    run_dir = Path(record.details["run_dir"])
    # liveness first: a status read before the process's last write and exit would be taken for a crash
    alive = "pid" in record.details and processes.is_running(record.details["pid"], record.details["create_time"])
    status = _read_status(run_dir)
    reported = status.get("status")
    if reported in {"completed", "failed", "stopped"} and not alive:
        extra = {k: status[k] for k in ("error", "merged_dir", "adapter_dir", "final_loss", "steps") if k in status}
        if reported == "failed":
            extra["log_tail"] = processes.tail(record.details.get("log_path", ""), 15)
        return store.update(record.id, status=reported, details=extra)
    if not alive:
        tail = processes.tail(record.details.get("log_path", ""), 15)
        reported_errors = [line.split("FAILED: ", 1)[1] for line in tail.splitlines() if "FAILED: " in line]
        error = reported_errors[-1] if reported_errors else (
            t("the training process ended without finishing (killed or crashed); `python -m assistant jobs resume "
              "{id}` continues from the last checkpoint", id=record.id))
        return store.update(record.id, status="failed", details={"error": error, "log_tail": tail})
    return record


def progress(record: Record) -> dict[str, Any]:
    """Status plus the latest numbers from metrics.jsonl: what the CLI bar and the UI panel draw."""
    info: dict[str, Any] = {"id": record.id, "backend": record.backend, "status": record.status,
                            "error": record.details.get("error")}
    if record.backend == "sagemaker":
        metrics = record.details.get("metrics") or {}
        info.update({"step": 0, "total_steps": 0, "fraction": 1.0 if record.status == "completed" else 0.0,
                     "loss": metrics.get("train_loss"), "eval_loss": [metrics["eval_loss"]] if "eval_loss" in metrics
                     else [], "loss_curve": [], "eval_curve": [], "tokens_per_s": None, "eta_s": None, "peak_memory_gib": None,
                     "job_name": record.details.get("job_name"), "secondary_status": record.details.get("secondary_status"),
                     "instances": f"{record.details.get('instance_count')} x {record.details.get('instance_type')}",
                     "merged_dir": record.details.get("merged_dir"), "log_tail": record.details.get("log_tail"),
                     "cost_per_hour": record.cost_per_hour})
        info["line"] = progress_line(info)
        return info
    rows = read_metrics(record.details.get("run_dir", ""))
    train_rows = [r for r in rows if r.get("event") == "train"]
    begun = max((i for i, r in enumerate(rows) if r.get("event") == "start"), default=len(rows))  # last (re)start
    start = rows[begun] if begun < len(rows) else {}
    phases = [r for r in rows[begun:] if r.get("event") == "phase"]
    current = _read_status(Path(record.details.get("run_dir", ""))).get("phase") if record.active else None
    last = train_rows[-1] if train_rows else {}
    total = last.get("total_steps") or start.get("total_steps") or 0
    info.update({
        "step": last.get("step", 0), "total_steps": total,
        "fraction": (last.get("step", 0) / total) if total else 0.0,
        "loss": last.get("loss"), "tokens_per_s": last.get("tokens_per_s"), "eta_s": last.get("eta_s"),
        "peak_memory_gib": last.get("peak_memory_gib"),
        "eval_loss": [r["eval_loss"] for r in rows if r.get("event") == "eval"],
        "loss_curve": [(r["step"], r["loss"]) for r in train_rows],
        "eval_curve": [(r["step"], r["eval_loss"]) for r in rows if r.get("event") == "eval"],
        "merged_dir": record.details.get("merged_dir"), "run_dir": record.details.get("run_dir"),
        "log_tail": record.details.get("log_tail"), "processes": start.get("world_size") or record.details.get("nproc"),
        "gpus": record.details.get("gpus"), "sharding": start.get("sharding"),
        "phases": [{"name": r["phase"], "part": r["part"], "parts": r["parts"]} for r in phases],
        "phase": current and {**current, "seconds": max(0, round(time.time() - current["started"]))},
    })
    if record.status == "completed":
        info["fraction"] = 1.0
    info["line"] = progress_line(info)
    return info


def phase_line(phase: dict[str, Any]) -> str:
    """A phase after the last step with its place, e.g. 'merging the adapter into the base model (4/5)'."""
    part, parts = phase["part"], phase["parts"]
    lines = {"validate": t("validating ({part}/{parts})", part=part, parts=parts),
             "save_adapter": t("saving the adapter ({part}/{parts})", part=part, parts=parts),
             "load_base": t("loading the base model to merge into ({part}/{parts})", part=part, parts=parts),
             "merge": t("merging the adapter into the base model ({part}/{parts})", part=part, parts=parts),
             "export": t("writing the merged model for serving ({part}/{parts})", part=part, parts=parts)}
    return lines.get(phase["name"], f"{phase['name']} ({part}/{parts})")


def step_line(info: dict[str, Any]) -> str:
    if info["backend"] == "sagemaker":
        return t("SageMaker {status}: {detail}", status=info["status"], detail=info.get("secondary_status") or "-")
    return t("{status}: step {step}/{total}, loss {loss}", status=info["status"], step=info["step"],
             total=info["total_steps"] or "?", loss=_number(info.get("loss"), 3))


def progress_line(info: dict[str, Any]) -> str:
    """What a follower shows now: the step while training (with the time left), then the phase after the last step
    with its place and how long it has run, instead of the last step again."""
    phase = info.get("phase")
    if phase:
        return t("{phase}, {seconds}s so far", phase=phase_line(phase), seconds=phase["seconds"])
    if info["status"] == "running" and info.get("eta_s") is not None:
        return t("{line}, ETA {eta}s", line=step_line(info), eta=_number(info["eta_s"], 0))
    return step_line(info)


def _number(value: Any, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def job_headline(info: dict[str, Any]) -> str:
    """One line for a job (every field always present, '-' when unknown): the jobs panel's row."""
    eval_loss = _number(info["eval_loss"][-1] if info.get("eval_loss") else None)
    if info["backend"] == "sagemaker":
        return t("{id} [SageMaker {job}] {status} ({detail}) on {instances}: loss {loss}, eval loss {eval_loss}",
                 id=info["id"], job=info["job_name"] or "-", status=info["status"],
                 detail=info.get("secondary_status") or "-", instances=info["instances"],
                 loss=_number(info.get("loss")), eval_loss=eval_loss)
    if not info.get("processes"):
        where = t("this machine")
    elif info.get("gpus"):
        where = t("{count} GPU(s), {sharding}", count=info["processes"], sharding=info.get("sharding") or "-")
    else:
        where = t("{count} CPU process(es)", count=info["processes"])
    fields = dict(id=info["id"], where=where, status=info["status"], step=info["step"], total=info["total_steps"],
                  loss=_number(info.get("loss")), eval_loss=eval_loss, speed=_number(info.get("tokens_per_s"), 0))
    if info["status"] != "running":  # no time left to show
        return t("{id} [local, {where}] {status}: step {step}/{total}, loss {loss}, eval loss {eval_loss}, "
                 "{speed} tokens/s", **fields)
    return t("{id} [local, {where}] {status}: step {step}/{total}, loss {loss}, eval loss {eval_loss}, "
             "{speed} tokens/s, ETA {eta}s", eta=_number(info.get("eta_s"), 0), **fields)


def describe_job(info: dict[str, Any]) -> str:
    """The job's line, then its model and its error."""
    lines = [job_headline(info)]
    if info.get("merged_dir"):
        lines.append(t("  model: {path}", path=info["merged_dir"]))
    if info.get("error"):
        lines.append(t("  error: {error}", error=info["error"]))
    return "\n".join(lines)


def get_job(store: StateStore, job_id: str) -> Record:
    record = store.get(job_id)
    if record is None or record.kind != "training_job":
        raise UserInputError(t("no training job '{job}' (see `python -m assistant jobs`)", job=job_id))
    return record


def newest_running_job() -> str:
    """The id of the most recently started job that is still running (what `jobs --follow` follows)."""
    store = open_store()
    running = [r for r in store.find(kind="training_job", active_only=True) if refresh(store, r).active]
    if not running:
        raise UserInputError(t("no training job is running (see `python -m assistant jobs`)"))
    return running[0].id


def latest_resumable_job() -> str:
    """The id of the most recent local run that stopped or failed before finishing (what 'resume' continues)."""
    store = open_store()
    for record in store.find(kind="training_job"):
        record = refresh(store, record)
        if record.backend == "local" and record.status in {"stopped", "failed"}:
            return record.id
    raise UserInputError(t("no stopped or failed local training run to resume (see `python -m assistant jobs`)"))


def job_status(job_id: str | None = None) -> OpResult:
    """One job, or every job (newest first)."""
    store = open_store()
    records = [get_job(store, job_id)] if job_id else store.find(kind="training_job")
    infos = [progress(refresh(store, r)) for r in records]
    text = "\n".join(describe_job(i) for i in infos) or t("No training jobs yet.")
    if job_id and infos[0].get("log_tail"):
        text += "\n" + t("  log:") + "\n" + "\n".join("    " + line for line in infos[0]["log_tail"].splitlines())
    return OpResult(text, {"jobs": infos})


def follow_job(job_id: str, on_update: Callable[[dict[str, Any]], None], poll_s: float = 1.0,
               timeout_s: float | None = None) -> OpResult:
    """Poll until the job ends, calling `on_update` with each progress snapshot. Besides `line` (what to show now),
    a snapshot has `new_lines`: for a log, what happened since the last snapshot (each phase the run entered, even
    one that began and ended between two polls, and the step line when it changed), never the same line twice."""
    store = open_store()
    deadline = time.time() + timeout_s if timeout_s else None
    told_phases, told_step = 0, None
    while True:
        record = refresh(store, get_job(store, job_id))
        info = progress(record)
        phases = [phase_line(phase) for phase in info.get("phases", [])[told_phases:]]
        told_phases += len(phases)
        step = step_line(info) if info["total_steps"] or not record.active or info["backend"] == "sagemaker" else None
        stepped = [step] if step and step != told_step else []
        told_step = step or told_step
        info["new_lines"] = stepped + phases if record.active else phases + stepped  # the end line comes last
        on_update(info)
        if not record.active:
            break
        if deadline and time.time() > deadline:
            break
        time.sleep(poll_s)
    result = job_status(job_id)
    result.data["exit_code"] = 0 if record.status == "completed" else 1
    return result


def stop_job(job_id: str) -> OpResult:
    """Stop a running job cleanly (a local run saves a checkpoint first)."""
    store = open_store()
    record = refresh(store, get_job(store, job_id))
    if not record.active:
        return OpResult(t("{id} is already {status}; nothing to stop.", id=job_id, status=record.status),
                        {"id": job_id, "status": record.status})
    if record.backend == "sagemaker":
        return _stop_sagemaker(store, record)
    store.update(job_id, status="stopping")
    processes.stop(record.details["pid"], record.details["create_time"], grace_s=60)
    status = _read_status(Path(record.details["run_dir"])).get("status")
    final = store.update(job_id, status="stopped", event=f"stopped by user (run reported {status})")
    return OpResult(t("Stopped {id}; its last checkpoint is kept for resuming.", id=job_id),
                    {"id": job_id, "status": final.status})


def _stop_sagemaker(store: StateStore, record: Record) -> OpResult:
    from tools import aws
    from training import launch_sagemaker

    name = record.details.get("job_name")
    if not name:
        raise UserInputError(t("{id} was never submitted (status {status}); nothing to stop", id=record.id,
                               status=record.status))
    sagemaker = aws.client("sagemaker")
    with aws.aws_errors(t("stopping {job}", job=name)):
        if record.status == "warm_pool":
            launch_sagemaker.end_warm_pool(sagemaker, name)
            store.update(record.id, status="stopped", event="warm pool released by user")
            return OpResult(t("Released the warm pool of {job}.", job=name), {"id": record.id, "status": "stopped"})
        launch_sagemaker.stop(sagemaker, name)
        status = launch_sagemaker.describe(sagemaker, name)["status"]
    final = store.update(record.id, status=status, event="stop requested by user")
    return OpResult(t("Stop requested for {job}: now {status}; SageMaker uploads the last checkpoint to {where}.",
                      job=name, status=status, where=record.details.get("plan", {}).get("checkpoints", "S3")),
                    {"id": record.id, "status": final.status})
