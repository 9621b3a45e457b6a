"""Operations: inventory of everything the product created that still runs or costs, and its teardown."""
from __future__ import annotations

from tools.errors import UserInputError
from tools.results import OpResult
from tools.state import Record, StateStore, open_store

# Teardown order: what serves first, then what trains (the cloud order IC → endpoint → config → model comes with
# the SageMaker backend).
TEARDOWN_ORDER = ("server", "training_job")


def check_server(store: StateStore, record: Record) -> Record:
    """Mark a local server whose process died (crash, reboot) as failed; report unhealthy ones."""
    from serving import local_server
    from training import processes

    if record.kind != "server" or not record.active:
        return record
    if not processes.is_running(record.details["pid"], record.details["create_time"]):
        return store.update(record.id, status="failed", details={
            "error": "the server process is gone (crashed or the machine restarted); deploy again",
            "log_tail": processes.tail(record.details.get("log_path", ""), 10)})
    if record.status == "in_service" and not local_server.healthy(record.details["url"]):
        return store.update(record.id, details={"health": "not answering /health"})
    return record


def active_resources() -> list[Record]:
    """Every record that still runs or could cost money, refreshed against its process."""
    from tools.jobs import refresh

    store = open_store()
    found = []
    for record in store.find(active_only=True):
        record = refresh(store, record) if record.kind == "training_job" else check_server(store, record)
        if record.active:
            found.append(record)
    return found


def _line(record: Record) -> str:
    cost = f"{record.cost_per_hour:.2f} USD/h" if record.cost_per_hour else "no charge"
    where = record.details.get("url") or record.details.get("run_dir") or record.name
    return f"{record.id:34} {record.kind:14} {record.backend:9} {record.status:11} {cost:12} {where}"


def list_resources() -> OpResult:
    records = active_resources()
    total = sum(r.cost_per_hour or 0 for r in records)
    if not records:
        return OpResult("Nothing is running and nothing costs money.", {"resources": [], "cost_per_hour": 0.0})
    text = "\n".join(_line(r) for r in records) + f"\nTotal: {total:.2f} USD/hour"
    return OpResult(text, {"resources": [r.to_dict() for r in records], "cost_per_hour": total})


def teardown(ids: list[str] | None = None, everything: bool = False, confirm: bool = False) -> OpResult:
    """Stop/delete the named resources (or all); without `confirm` only says what would happen."""
    from serving import local_server
    from training import processes

    if not ids and not everything:
        raise UserInputError("name resources to remove, or use --all")
    store = open_store()
    records = active_resources()
    if ids:
        unknown = set(ids) - {r.id for r in records}
        if unknown:
            raise UserInputError(f"not active or not created by KoSum: {', '.join(sorted(unknown))}")
        records = [r for r in records if r.id in ids]
    records.sort(key=lambda r: TEARDOWN_ORDER.index(r.kind) if r.kind in TEARDOWN_ORDER else len(TEARDOWN_ORDER))
    plan = [f"{'stop' if r.kind == 'training_job' else 'delete'} {r.kind} {r.id}" for r in records]
    if not records:
        return OpResult("Nothing to remove.", {"removed": [], "remaining": []})
    if not confirm:
        return OpResult("Would remove, in this order:\n" + "\n".join(plan) + "\nConfirm to proceed.",
                        {"plan": plan, "removed": [], "confirmed": False})
    removed, remaining = [], []
    for record in records:
        pid, create_time = record.details["pid"], record.details["create_time"]
        try:
            if record.kind == "server":
                local_server.stop(pid, create_time, record.details.get("container"))
            else:
                processes.stop(pid, create_time, grace_s=60)
            gone = not processes.is_running(pid, create_time)
        except Exception as exc:  # keep going: report exactly what remains
            remaining.append(f"{record.id}: {exc}")
            continue
        if gone:
            store.update(record.id, status="deleted" if record.kind == "server" else "stopped", event="teardown")
            removed.append(record.id)
        else:
            remaining.append(f"{record.id}: still running")
    text = f"Removed {len(removed)}: {', '.join(removed) or '-'}"
    if remaining:
        text += "\nStill there:\n" + "\n".join(remaining)
    return OpResult(text, {"removed": removed, "remaining": remaining, "confirmed": True,
                           "exit_code": 1 if remaining else 0})
