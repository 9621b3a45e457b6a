"""Operation: prepare the summarization data set (step 1 of the workflow)."""
from __future__ import annotations

import re
from pathlib import Path

from tools.results import OpResult
from tools.settings import get_settings
from tools.state import open_store
from training.data import DEFAULT_HUB_ID, Progress, prepare
from training.errors import SourceUnavailableError
from training.texts import t


def _default_out(source: str) -> str:
    name = "naver-sample" if source == "sample" else re.sub(r"[^A-Za-z0-9._-]+", "-", Path(source).name or source)
    return name.strip("-") or "dataset"


def source_name(described: str) -> str:
    """Where prepared data came from, in words the message catalog translates ("bundled sample" -> "내장 샘플")."""
    kind, _, where = described.partition(":")
    if described == "bundled sample":
        return t("bundled sample")
    if kind == "hub":
        return t("Hugging Face dataset {where}", where=where)
    if kind == "file":
        return t("local file {where}", where=where)
    if kind == "folder":
        return t("local folder {where}", where=where)
    if kind == "workshop":
        return t("workshop folder {where}", where=where)
    return described


def prepare_data(source: str | None = None, out: str | None = None, sample: int = 10, tokenizer: str | None = None,
                 max_seq_length: int = 2048, progress: Progress | None = None) -> OpResult:
    """Prepare data; with no `source`, try the hub and fall back to the bundled sample when it is unreachable."""
    settings = get_settings()
    notice = ""
    chosen = source or DEFAULT_HUB_ID
    if tokenizer == "tiny":
        from tools.models import ensure_tiny_base

        tokenizer = str(ensure_tiny_base(settings))
    try:
        out_dir = Path(out) if out else settings.home / "data" / _default_out(chosen)
        prepared = prepare(chosen, out_dir, sample_size=sample, tokenizer=tokenizer,
                           max_seq_length=max_seq_length, progress=progress)
    except SourceUnavailableError:
        if source is not None:
            raise
        notice = t("The Hugging Face hub is unreachable: using the bundled Korean sample instead.") + "\n"
        chosen = "sample"
        out_dir = Path(out) if out else settings.home / "data" / _default_out(chosen)
        prepared = prepare(chosen, out_dir, sample_size=sample, tokenizer=tokenizer,
                           max_seq_length=max_seq_length, progress=progress)
    manifest = prepared.manifest
    record = open_store(settings).add(
        "dataset", str(prepared.out_dir), "local", "ready",
        details={"source": manifest["source"], "counts": prepared.counts, "skipped": len(manifest["skipped"])},
    )
    counts = ", ".join(f"{split} {n}" for split, n in prepared.counts.items())
    lines = [f"{notice}" + t("Prepared {source} → {folder}", source=source_name(manifest["source"]),
                                     folder=prepared.out_dir),
             t("records: {counts}", counts=counts)]
    if manifest["skipped"]:
        reasons: dict[str, int] = {}
        for item in manifest["skipped"]:
            key = item["reason"].split(" of ")[0]
            reasons[key] = reasons.get(key, 0) + 1
        lines.append(t("skipped: {reasons}", reasons=", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))))
    stats = manifest.get("token_stats")
    if stats:
        train = stats["splits"]["train"]
        lines.append(t("train tokens: p50 {p50}, p99 {p99}, max {max}; {over} over {limit}", p50=train["p50"],
                       p99=train["p99"], max=train["max"], over=train["over_max_seq_length"],
                       limit=stats["max_seq_length"]))
    lines.append(t("sample for quick runs: {sample}; manifest: {manifest}", sample=prepared.out_dir / "sample",
                   manifest=prepared.out_dir / "manifest.json"))
    return OpResult("\n".join(lines), {"id": record.id, "out_dir": str(prepared.out_dir),
                                       "counts": prepared.counts, "skipped": manifest["skipped"],
                                       "token_stats": stats, "source": manifest["source"]})
