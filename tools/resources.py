"""Operations: inventory of everything the product created that still runs or costs, and its teardown.

Sources: the state store, refreshed against processes and AWS, plus AWS tag discovery (anything tagged
`kosum:product` that the store does not know, e.g. after a crash or a lost store, is adopted into the store)."""
from __future__ import annotations

import time
from typing import Callable

from serving.sagemaker_ic import StillThere
from tools.errors import UserInputError
from tools.results import OpResult, ensure_approved_plan, fingerprint
from tools.settings import Settings, get_settings
from tools.state import Record, StateStore, open_store
from training.texts import t

# Teardown order: the workshop's cloud order (component, wait, endpoint, config, model), then training, then local.
TEARDOWN_ORDER = ("inference_component", "endpoint", "endpoint_config", "model", "training_job", "secret", "server",
                  "s3_prefix")
AWS_KINDS = {"inference_component", "endpoint", "endpoint_config", "model"}
_AWS_STATUS = {"exists": "created", "stored": "stored", "InService": "in_service", "Creating": "creating",
               "Updating": "updating", "Failed": "create_failed", "Deleting": "deleting", "InProgress": "running",
               "Stopping": "stopping", "OutOfService": "out_of_service", "SystemUpdating": "updating",
               "RollingBack": "updating", "WarmPool": "warm_pool"}


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


def uses_aws(store: StateStore, settings: Settings) -> bool:
    """Look in AWS only for users of AWS: a role is configured or something was ever created there."""
    return bool(settings.sagemaker_role_arn) or any(r.backend == "sagemaker" for r in store.find())


def _sync_aws(store: StateStore, records: list[Record], settings: Settings) -> list[str]:
    """Adopt KoSum's AWS resources the store does not know (SageMaker by name and tag, secrets by tag, S3 run
    prefixes under kosum/ in the bucket); mark known ones that AWS no longer has as deleted; note S3 sizes.
    Returns warnings (AWS unreachable) instead of failing: local inventory must still work."""
    from serving import inventory
    from tools import aws

    try:
        with aws.aws_errors(t("discovering KoSum's AWS resources")):
            found = inventory.discover(aws.client("sagemaker", settings), aws.is_ours, aws.RUN_TAG)
            found += inventory.discover_secrets(aws.client("secretsmanager", settings), aws.PRODUCT_TAG, aws.is_ours,
                                                aws.RUN_TAG)
            bucket = aws.bucket(settings, create=False)
            sizes = inventory.s3_prefixes(aws.client("s3", settings), bucket)
    except Exception as exc:
        return [t("AWS not checked: {reason}", reason=exc)]
    found += [{"kind": "s3_prefix", "name": f"s3://{bucket}/{prefix}", "arn": None, "status": "stored",
               "run_id": prefix.split("/")[1], "bytes": size, "bucket": bucket, "prefix": prefix}
              for prefix, size in sizes.items()]
    known = {(r.kind, r.name if r.kind != "training_job" else r.details.get("job_name")): r
             for r in store.find() if r.backend == "sagemaker"}
    for item in found:
        record = known.get((item["kind"], item["name"])) or next(
            (r for (kind, name), r in known.items() if kind == "s3_prefix" == item["kind"] and r.active
             and name.startswith(item["name"])), None)  # a deploy's upload lies inside its run prefix
        if record is not None:
            if item["kind"] == "s3_prefix" and record.details.get("bytes") != item["bytes"]:
                store.update(record.id, details={"bytes": item["bytes"]})
            continue
        status = _AWS_STATUS.get(item["status"], item["status"].lower())
        details = {"discovered": True, "arn": item["arn"], "region": aws.region(settings)}
        if item["kind"] == "inference_component":
            details.update(endpoint=item["endpoint"], component=item["name"])
        if item["kind"] == "training_job":
            details["job_name"] = item["name"]
        if item["kind"] == "s3_prefix":
            details.update(bucket=item["bucket"], prefix=item["prefix"], bytes=item["bytes"])
        store.add(item["kind"], item["name"], "sagemaker", status, run_id=item["run_id"], details=details)
    live = {(i["kind"], i["name"]) for i in found}
    for (kind, name), record in known.items():
        if kind in AWS_KINDS | {"secret"} and record.active and record.status != "creating" and (kind, name) not in live:
            store.update(record.id, status="deleted", event="no longer in AWS")
    return []


def active_resources(warnings: list[str] | None = None) -> list[Record]:
    """Every record that still runs or could cost money, refreshed against its process or AWS."""
    from tools.jobs import refresh

    warnings = [] if warnings is None else warnings
    settings = get_settings()
    store = open_store(settings)
    if uses_aws(store, settings):
        warnings.extend(_sync_aws(store, store.find(), settings))
    found = []
    for record in store.find(active_only=True):
        try:
            if record.kind == "training_job":
                record = refresh(store, record)
            elif record.kind == "server":
                record = check_server(store, record)
        except Exception as exc:  # one unreadable record must not hide the others
            warnings.append(f"{record.id}: {exc}")
        if record.active:
            found.append(record)
    return found


def cost_label(record: Record) -> str:
    """What a resource costs, as people read it."""
    if record.kind == "s3_prefix":
        size = record.details.get("bytes")
        return t("S3 storage") if size is None else t("S3 {mib} MiB", mib=f"{size / 2**20:,.1f}")
    return t("{usd} USD/h", usd=f"{record.cost_per_hour:.2f}") if record.cost_per_hour else t("no charge")


def place(record: Record) -> str:
    return record.details.get("url") or record.details.get("job_name") or record.name


def _line(record: Record) -> str:
    return t("{id}: {kind} on {backend} at {where}, {status}, {cost}", id=record.id, kind=record.kind,
             backend=record.backend, where=place(record), status=record.status, cost=cost_label(record))


def list_resources() -> OpResult:
    warnings: list[str] = []
    records = active_resources(warnings)
    total = sum(r.cost_per_hour or 0 for r in records)
    notes = "".join(f"\n⚠ {w}" for w in warnings)
    if not records:
        return OpResult(t("Nothing is running and nothing costs money.") + notes,
                        {"resources": [], "cost_per_hour": 0.0, "warnings": warnings})
    text = "\n".join(_line(r) for r in records) + "\n" + t("Total: {usd} USD/hour", usd=f"{total:.2f}") + notes
    return OpResult(text, {"resources": [r.to_dict() for r in records], "cost_per_hour": total, "warnings": warnings})


def _remove(store: StateStore, record: Record, settings: Settings,
            progress: Callable[[str], None] | None = None) -> None:
    """Stop or delete one resource and verify it is gone; raises if it is not."""
    from serving import local_server
    from training import processes

    if record.kind == "server":
        pid, create_time = record.details["pid"], record.details["create_time"]
        local_server.stop(pid, create_time, record.details.get("container"))
        if processes.is_running(pid, create_time):
            raise RuntimeError(t("still running"))
        store.update(record.id, status="deleted", event="teardown")
    elif record.kind == "training_job" and record.backend == "local":
        processes.stop(record.details["pid"], record.details["create_time"], grace_s=60)
        if processes.is_running(record.details["pid"], record.details["create_time"]):
            raise RuntimeError(t("still running"))
        store.update(record.id, status="stopped", event="teardown")
    elif record.kind == "training_job":
        from tools.jobs import stop_job

        if record.details.get("job_name"):
            stop_job(record.id)
        else:
            store.update(record.id, status="failed", event="teardown: never submitted")
    elif record.kind == "s3_prefix":
        from serving.inventory import delete_prefix
        from tools import aws

        with aws.aws_errors(t("deleting {name}", name=record.name)):
            delete_prefix(aws.client("s3", settings), record.details["bucket"], record.details["prefix"])
        store.update(record.id, status="deleted", event="teardown")
    elif record.kind == "secret":
        from tools import aws

        with aws.aws_errors(t("deleting {kind} {name}", kind=record.kind, name=record.name)):
            aws.delete_secret(record.details["arn"], settings)
        store.update(record.id, status="deleted", event="teardown")
    else:
        from serving import sagemaker_ic
        from tools import aws

        with aws.aws_errors(t("deleting {kind} {name}", kind=record.kind, name=record.name)):
            sagemaker_ic.delete(aws.client("sagemaker", settings), record.kind, record.name,
                                deadline_s=settings.teardown_wait_seconds, poll_s=settings.poll_seconds,
                                progress=progress)
        store.update(record.id, status="deleted", event="teardown")


def _plan_line(record: Record) -> str:
    name, usd = (record.name if record.backend == "sagemaker" else record.id), f"{record.cost_per_hour or 0:.2f}"
    if record.kind == "s3_prefix":
        return t("delete every object under {name}", name=name)
    if record.kind in {"training_job", "server"}:
        return t("stop {kind} {name} ({usd} USD/h)", kind=record.kind, name=name, usd=usd) if record.cost_per_hour \
            else t("stop {kind} {name}", kind=record.kind, name=name)
    return t("delete {kind} {name} ({usd} USD/h)", kind=record.kind, name=name, usd=usd) if record.cost_per_hour \
        else t("delete {kind} {name}", kind=record.kind, name=name)


def _s3_line(records: list[Record], include_s3: bool, named: bool) -> str:
    """The plan's S3 scope in words, so a misread request is visible before Approve."""
    if any(r.kind == "s3_prefix" for r in records):
        return t("S3 artifacts: deleted")
    return t("S3 artifacts: none to delete") if include_s3 and not named else t("S3 artifacts: kept")


def teardown(ids: list[str] | None = None, everything: bool = False, confirm: bool = False,
             include_s3: bool = False, attempts: int = 3, approved: str | None = None,
             progress: Callable[[float, str], None] | None = None) -> OpResult:
    """Stop/delete the named resources (or all) in the safe order; without `confirm` only says what would happen.
    Transient failures are retried; a component still Creating is waited for (KOSUM_TEARDOWN_WAIT_SECONDS); an
    endpoint that still carries a component is never deleted. What could not be removed is reported exactly, with
    its cost and the command to retry, and the rest still goes. `approved` (the shown plan's fingerprint) makes it
    remove exactly what was shown, or nothing."""
    if not ids and not everything:
        raise UserInputError(t("name resources to remove, or use --all"))
    settings = get_settings()
    store = open_store(settings)
    records = active_resources()
    if not include_s3 and not ids:
        records = [r for r in records if r.kind != "s3_prefix"]
    if ids:
        unknown = set(ids) - {r.id for r in records}
        if unknown:
            raise UserInputError(t("not active or not created by KoSum: {ids}", ids=", ".join(sorted(unknown))))
        records = [r for r in records if r.id in ids]
    records.sort(key=lambda r: TEARDOWN_ORDER.index(r.kind) if r.kind in TEARDOWN_ORDER else len(TEARDOWN_ORDER))
    plan = [_plan_line(r) for r in records]
    if not records:
        return OpResult(t("Nothing to remove."), {"removed": [], "remaining": []})
    shown = {"remove": [(r.id, r.kind, r.name, r.cost_per_hour) for r in records], "include_s3": include_s3}
    if not confirm:
        text = "\n".join([t("Would remove, in this order:"), *plan, _s3_line(records, include_s3, bool(ids))])
        return OpResult(text,
                        {"plan": plan, "ids": [r.id for r in records], "removed": [], "confirmed": False,
                         "fingerprint": fingerprint(shown)})
    ensure_approved_plan(approved, shown)
    removed, remaining, left = [], [], []
    for index, record in enumerate(records):
        def step(message: str, index: int = index) -> None:
            if progress:
                progress(index / len(records), message)

        for attempt in range(attempts):
            try:
                _remove(store, record, settings, step)
            except StillThere as exc:  # waiting longer or again would not change it now
                error = exc
                break
            except Exception as exc:
                error = exc
                time.sleep(min(2 ** attempt, 5) * (settings.poll_seconds / 15))
            else:
                removed.append(record.id)
                break
        if record.id not in removed:
            left.append(record)
            remaining.append(t("{id} ({kind} {name}; {usd} USD/h): {error}", id=record.id, kind=record.kind,
                               name=record.name, usd=f"{record.cost_per_hour:.2f}", error=error)
                             if record.cost_per_hour else
                             t("{id} ({kind} {name}): {error}", id=record.id, kind=record.kind, name=record.name,
                               error=error))
    if progress:
        progress(1.0, t("done"))
    text = t("Removed {count}: {ids}", count=len(removed), ids=", ".join(removed) or "-")
    if remaining:
        per_hour = sum(r.cost_per_hour or 0 for r in left)
        retry = f"python -m assistant teardown {' '.join(r.id for r in left)} --yes" + (
            " --include-s3" if include_s3 else "")
        text += "\n".join(["", t("Still there ({usd} USD/hour):", usd=f"{per_hour:.2f}"), *remaining,
                           t("Retry with: {command}", command=retry)])
    return OpResult(text, {"removed": removed, "remaining": remaining, "confirmed": True,
                           "remaining_cost_per_hour": sum(r.cost_per_hour or 0 for r in left),
                           "retry": [r.id for r in left], "exit_code": 1 if remaining else 0})
