"""Data preparation: naver-news-summarization-ko (hub, local files or the workshop's layout) → chat JSON Lines.

Output layout (what training reads): `OUT/full/{train,validation,test}.jsonl`, `OUT/sample/...` and
`OUT/manifest.json` (counts, every skipped record with its reason, SHA-256 per file, token-length statistics).
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import random
import re
import socket
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlparse

from training.errors import BadInputError, SourceUnavailableError
from training.prompts import SYSTEM_PROMPT, USER_PREFIX, build_messages

DEFAULT_HUB_ID = "daekeun-ml/naver-news-summarization-ko"
SPLITS = ("train", "validation", "test")
BUNDLED_SAMPLE = Path(__file__).parent / "sample_data"
LOCAL_SUFFIXES = (".jsonl", ".json", ".csv", ".parquet")
SEED = 42
SINGLE_FILE_SPLIT = (0.8, 0.1)  # train, validation; the rest is test

Progress = Callable[[float, str], None]

_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------------------------------------------
# Reading sources
# --------------------------------------------------------------------------------------------------------------
def _read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of one local file (JSON Lines, JSON array, CSV or Parquet) as dicts."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.read_table(path).to_pylist()
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path} is not UTF-8 text ({exc.reason})") from exc
    except PermissionError as exc:
        raise BadInputError(f"{path} is not readable (permission denied)") from exc
    except OSError as exc:
        raise BadInputError(f"cannot read {path}: {exc}") from exc
    except Exception as exc:  # pyarrow raises its own error types for corrupt files
        raise BadInputError(f"{path} is not a readable Parquet file: {exc}") from exc
    if suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInputError(f"{path} is not valid JSON: {exc}") from exc
        return [r if isinstance(r, dict) else {"_raw": r} for r in rows]
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            row = {"_error": f"line {number} is not valid JSON"}
        rows.append(row if isinstance(row, dict) else {"_raw": row})
    return rows


def _split_file(folder: Path, split: str) -> Path | None:
    for suffix in LOCAL_SUFFIXES:
        candidate = folder / f"{split}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _workshop_files(folder: Path) -> dict[str, Path] | None:
    """The workshop's converted layout: `train/train_dataset.json` (or `full_train/...`) and siblings."""
    for prefix in ("full_", ""):
        files = {s: folder / f"{prefix}{s}" / f"{s}_dataset.json" for s in SPLITS}
        if files["train"].is_file():
            return {s: p for s, p in files.items() if p.is_file()}
    return None


def _from_workshop_row(row: dict[str, Any]) -> dict[str, Any]:
    """A workshop chat record back to the naver columns we use."""
    messages = row.get("messages")
    if not isinstance(messages, list):
        return {"_error": "no 'messages' list"}
    by_role = {m.get("role"): m.get("content") for m in messages if isinstance(m, dict)}
    document = by_role.get("user")
    if isinstance(document, str) and document.startswith(USER_PREFIX):
        document = document[len(USER_PREFIX):]
    return {"document": document, "summary": by_role.get("assistant")}


def _hub_reachable(timeout: float = 3.0) -> bool:
    """A quick TCP check so that an offline machine fails in seconds, not after the hub client's retries."""
    if os.environ.get("HF_HUB_OFFLINE") == "1" or os.environ.get("HF_DATASETS_OFFLINE") == "1":
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        with socket.create_connection((url.hostname, url.port or 443), timeout=timeout):
            return True
    except OSError:
        return False


def _load_hub(dataset_id: str) -> dict[str, list[dict[str, Any]]]:
    if not _hub_reachable():
        raise SourceUnavailableError(
            f"the Hugging Face hub is unreachable, so '{dataset_id}' cannot be downloaded. Offline alternatives: "
            f"--source sample (the bundled Korean sample), a local folder or file in the naver schema "
            f"(train/validation/test as .jsonl, .json, .csv or .parquet), or the workshop's layout "
            f"(train/train_dataset.json, ...)."
        )
    import datasets

    try:
        loaded = datasets.load_dataset(dataset_id)
    except Exception as exc:
        raise BadInputError(f"cannot load '{dataset_id}' from the Hugging Face hub: {exc}") from exc
    return {split: loaded[split].to_list() for split in SPLITS if split in loaded}


def load_source(source: str) -> tuple[dict[str, list[dict[str, Any]]], str]:
    """Raw rows per split and a description of where they came from."""
    if source == "sample":
        return {s: _read_table(BUNDLED_SAMPLE / f"{s}.jsonl") for s in SPLITS}, "bundled sample"
    path = Path(source).expanduser()
    looks_local = path.exists() or source.startswith((".", "/", "~")) or path.suffix.lower() in LOCAL_SUFFIXES
    if not looks_local:
        return _load_hub(source), f"hub:{source}"
    if not path.exists():
        raise BadInputError(f"--source {source}: no such file or folder")
    if path.is_file():
        if path.suffix.lower() not in LOCAL_SUFFIXES:
            raise BadInputError(f"{path}: unsupported file type '{path.suffix}' (use {', '.join(LOCAL_SUFFIXES)})")
        rows = _read_table(path)
        if rows and "messages" in rows[0]:
            rows = [_from_workshop_row(r) for r in rows]
        return _split_single(rows), f"file:{path}"
    if not os.access(path, os.R_OK | os.X_OK):
        raise BadInputError(f"{path} is not readable (permission denied)")
    workshop = _workshop_files(path)
    if workshop:
        return {s: [_from_workshop_row(r) for r in _read_table(p)] for s, p in workshop.items()}, f"workshop:{path}"
    files = {s: _split_file(path, s) for s in SPLITS}
    if not files["train"]:
        raise BadInputError(
            f"{path} has no train split: expected train.jsonl/.json/.csv/.parquet (plus validation and test) "
            f"or the workshop's train/train_dataset.json"
        )
    return {s: _read_table(p) for s, p in files.items() if p}, f"folder:{path}"


def _split_single(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """One file without splits: a seeded 80/10/10 split, so the test set never overlaps training."""
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    n_train = int(len(rows) * SINGLE_FILE_SPLIT[0])
    n_val = int(len(rows) * SINGLE_FILE_SPLIT[1])
    parts = {"train": order[:n_train], "validation": order[n_train:n_train + n_val], "test": order[n_train + n_val:]}
    return {s: [rows[i] for i in sorted(idx)] for s, idx in parts.items()}


# --------------------------------------------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------------------------------------------
def clean_text(value: str) -> str:
    """Strip HTML (tags, scripts, entities), control characters and runs of whitespace."""
    text = _SCRIPT_STYLE.sub(" ", value)
    text = html.unescape(_TAG.sub(" ", text))
    text = _TAG.sub(" ", text)  # tags that were entity-escaped in the source
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACE.sub(" ", text).strip()


def _problem(row: dict[str, Any]) -> tuple[str | None, str, str]:
    """(reason to skip or None, clean document, clean summary)."""
    if "_error" in row:
        return row["_error"], "", ""
    if "_raw" in row:
        return "record is not an object", "", ""
    cleaned = {}
    for column in ("document", "summary"):
        value = row.get(column)
        if value is None or (isinstance(value, float) and value != value):  # missing or NaN from CSV/Parquet
            return f"missing {column}", "", ""
        if not isinstance(value, str):
            return f"non-text {column} ({type(value).__name__})", "", ""
        if "\ufffd" in value or value.count("\x00"):
            return f"non-text {column} (binary bytes)", "", ""
        cleaned[column] = clean_text(value)
        if not cleaned[column]:
            return f"empty {column}", "", ""
    return None, cleaned["document"], cleaned["summary"]


# --------------------------------------------------------------------------------------------------------------
# Preparation
# --------------------------------------------------------------------------------------------------------------
@dataclass
class PreparedData:
    """What `prepare` wrote; `manifest` is also saved as OUT/manifest.json."""

    out_dir: Path
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {s: v["records"] for s, v in self.manifest["splits"].items()}


def _private_tmp(path: Path) -> Path:
    """A temporary name no concurrent writer shares (two chat sessions may prepare the same folder at once); the
    final rename is atomic, so readers see one complete version."""
    return path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _private_tmp(path)
    digest = hashlib.sha256()
    count = 0
    with tmp.open("wb") as handle:
        for record in records:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            digest.update(line)
            handle.write(line)
            count += 1
    tmp.replace(path)
    return {"records": count, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _token_stats(tokenizer_path: str, records: dict[str, list[dict]], max_seq_length: int) -> dict[str, Any]:
    """Token lengths of full chat records, through the tokenizer's chat template (the workshop's if it has none)."""
    import numpy as np
    from transformers import AutoTokenizer

    from training.prompts import CHAT_TEMPLATE

    try:
        tokenizer = AutoTokenizer.from_pretrained(tokenizer_path)
    except Exception as exc:
        raise BadInputError(f"cannot load tokenizer '{tokenizer_path}': {exc}") from exc
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.model_max_length = 10**9  # we count, not truncate
    stats: dict[str, Any] = {"tokenizer": tokenizer_path, "max_seq_length": max_seq_length, "splits": {}}
    for split, rows in records.items():
        if not rows:
            continue
        texts = tokenizer.apply_chat_template([r["messages"] for r in rows], tokenize=False)
        lengths = np.array([len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]] or [0])
        over = [i for i, n in enumerate(lengths.tolist()) if n > max_seq_length]
        stats["splits"][split] = {
            "p50": int(np.percentile(lengths, 50)), "p90": int(np.percentile(lengths, 90)),
            "p99": int(np.percentile(lengths, 99)), "max": int(lengths.max()), "total_tokens": int(lengths.sum()),
            "over_max_seq_length": len(over), "over_max_seq_length_indices": over[:100],
        }
    return stats


def prepare(
    source: str = DEFAULT_HUB_ID,
    out_dir: str | Path = "data",
    *,
    sample_size: int = 10,
    tokenizer: str | None = None,
    max_seq_length: int = 2048,
    progress: Progress | None = None,
) -> PreparedData:
    """Convert `source` into the workshop's chat JSON Lines plus a manifest. Raises BadInputError on unusable input."""
    if sample_size < 0:
        raise BadInputError("--sample must be 0 or more")
    if max_seq_length < 16:
        raise BadInputError("--max-seq-length must be at least 16")
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    report(0.0, f"reading {source}")
    raw, described = load_source(source)
    report(0.3, "cleaning")

    seen: dict[str, str] = {}
    kept: dict[str, list[tuple[str, str]]] = {}
    skipped: list[dict[str, Any]] = []
    for split in SPLITS:
        kept[split] = []
        for index, row in enumerate(raw.get(split, [])):
            reason, document, summary = _problem(row)
            if reason is None and document in seen:
                reason = f"duplicate of {seen[document]}"
            if reason:
                skipped.append({"split": split, "index": index, "reason": reason,
                                "title": str(row.get("title", ""))[:80]})
                continue
            seen[document] = f"{split}[{index}]"
            kept[split].append((document, summary))
    if not kept["train"]:
        reasons = sorted({s["reason"] for s in skipped})[:5]
        raise BadInputError(f"{described} has no usable training record" + (f" ({'; '.join(reasons)})" if reasons else ""))

    out = Path(out_dir).expanduser()
    report(0.5, "writing files")
    full: dict[str, list[dict]] = {}
    sample: dict[str, list[dict]] = {}
    files: dict[str, Any] = {}
    for split in SPLITS:
        records = [{"messages": build_messages(d, s)} for d, s in kept[split]]
        sample_records = records[:sample_size]
        random.Random(SEED).shuffle(sample_records)
        random.Random(SEED).shuffle(records)
        full[split], sample[split] = records, sample_records
        files[f"full/{split}.jsonl"] = _write_jsonl(out / "full" / f"{split}.jsonl", records)
        files[f"sample/{split}.jsonl"] = _write_jsonl(out / "sample" / f"{split}.jsonl", sample_records)

    manifest: dict[str, Any] = {
        "source": described,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "format": "chat messages (system, user, assistant), UTF-8 JSON Lines",
        "system_prompt": SYSTEM_PROMPT,
        "user_prefix": USER_PREFIX,
        "seed": SEED,
        "sample_size": sample_size,
        "splits": {s: {"read": len(raw.get(s, [])), "records": len(kept[s]),
                       "skipped": sum(1 for k in skipped if k["split"] == s)} for s in SPLITS},
        "skipped": skipped,
        "files": files,
    }
    if tokenizer:
        report(0.7, f"counting tokens with {tokenizer}")
        manifest["token_stats"] = _token_stats(tokenizer, full, max_seq_length)
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    tmp = _private_tmp(out / "manifest.json")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out / "manifest.json")
    report(1.0, "done")
    return PreparedData(out_dir=out, manifest=manifest)


def resolve_data_dir(path: str | Path, subset: str = "full") -> Path:
    """The folder with train.jsonl: `path` itself (`OUT/full`, `OUT/sample`) or `path/subset` for a prepared `OUT`."""
    folder = Path(path).expanduser()
    for candidate in (folder, folder / subset):
        if (candidate / "train.jsonl").is_file():
            return candidate
    raise BadInputError(f"{folder} holds no prepared data (train.jsonl); run `python -m assistant data prepare` first")
