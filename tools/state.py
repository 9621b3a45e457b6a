"""The state store: one SQLite file (WAL) under KOSUM_HOME recording every dataset, job, server and cloud resource
the product creates. It is the single source of truth for inventory and teardown after a crash or restart."""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from tools.settings import Settings, get_settings

SCHEMA_VERSION = 1
# Statuses after which a record costs nothing and needs no clean-up.
FINAL_STATUSES = frozenset({"completed", "failed", "stopped", "deleted", "ready"})
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    backend       TEXT NOT NULL,
    status        TEXT NOT NULL,
    run_id        TEXT,
    cost_per_hour REAL,
    details       TEXT NOT NULL DEFAULT '{}',
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind, status);
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id  TEXT NOT NULL,
    at         REAL NOT NULL,
    message    TEXT NOT NULL
);
"""


@dataclass
class Record:
    """One thing the product made: a dataset, a training job, a server, an AWS resource."""

    id: str
    kind: str
    name: str
    backend: str
    status: str
    run_id: str | None = None
    cost_per_hour: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    updated_at: float = 0.0

    @property
    def active(self) -> bool:
        return self.status not in FINAL_STATUSES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def new_id(prefix: str) -> str:
    """Short, sortable, unique ids such as `train-20261127-221530-3fa2`."""
    return f"{prefix}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"


class StateStore:
    """Thread- and process-safe: one short-lived connection per call, WAL journal, busy timeout."""

    def __init__(self, path: Path, secrets: list[str] | None = None):
        self.path = path
        self._secrets = secrets or []
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{path} was written by a newer KoSum (schema {version} > {SCHEMA_VERSION})")
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            db.row_factory = sqlite3.Row
            yield db
        finally:
            db.close()

    def _scrub(self, details: dict[str, Any]) -> str:
        text = json.dumps(details, ensure_ascii=False, default=str)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    @staticmethod
    def _row(row: sqlite3.Row) -> Record:
        data = dict(row)
        data["details"] = json.loads(data["details"])
        return Record(**data)

    def add(self, kind: str, name: str, backend: str, status: str, *, record_id: str | None = None,
            run_id: str | None = None, cost_per_hour: float | None = None,
            details: dict[str, Any] | None = None) -> Record:
        """Record something *before* creating it, so a crash in between still leaves a trace to clean up."""
        collisions = 0
        while True:  # a generated id can collide when many records are made in one second: draw another
            now = time.time()
            record = Record(record_id or new_id(kind.replace("_", "-")), kind, name, backend, status, run_id,
                            cost_per_hour, details or {}, now, now)
            try:
                with self._connect() as db:
                    db.execute("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?)",
                               (record.id, kind, name, backend, status, run_id, cost_per_hour,
                                self._scrub(record.details), now, now))
                    db.execute("INSERT INTO events(record_id, at, message) VALUES (?,?,?)",
                               (record.id, now, f"created: {status}"))
                return record
            except sqlite3.IntegrityError:
                collisions += 1
                if record_id is not None or collisions == 5:
                    raise

    def update(self, record_id: str, *, status: str | None = None, details: dict[str, Any] | None = None,
               cost_per_hour: float | None = None, event: str | None = None) -> Record:
        """Change status and merge `details` in one transaction."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                db.execute("ROLLBACK")
                raise KeyError(record_id)
            record = self._row(row)
            record.details.update(details or {})
            record.status = status or record.status
            record.cost_per_hour = cost_per_hour if cost_per_hour is not None else record.cost_per_hour
            record.updated_at = time.time()
            db.execute(
                "UPDATE records SET status=?, details=?, cost_per_hour=?, updated_at=? WHERE id=?",
                (record.status, self._scrub(record.details), record.cost_per_hour, record.updated_at, record_id),
            )
            message = event or (f"status: {status}" if status else "updated")
            db.execute("INSERT INTO events(record_id, at, message) VALUES (?,?,?)", (record_id, record.updated_at, message))
            db.execute("COMMIT")
        return record

    def get(self, record_id: str) -> Record | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
        return self._row(row) if row else None

    def find(self, *, kind: str | tuple[str, ...] | None = None, name: str | None = None,
             active_only: bool = False, run_id: str | None = None) -> list[Record]:
        """Records, newest first, filtered by kind(s), exact name, run and activity."""
        query, args = "SELECT * FROM records WHERE 1=1", []
        if kind:
            kinds = (kind,) if isinstance(kind, str) else kind
            query += f" AND kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        if name:
            query += " AND name = ?"
            args.append(name)
        if run_id:
            query += " AND run_id = ?"
            args.append(run_id)
        if active_only:
            query += f" AND status NOT IN ({','.join('?' * len(FINAL_STATUSES))})"
            args += sorted(FINAL_STATUSES)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY created_at DESC, id DESC", args).fetchall()
        return [self._row(r) for r in rows]

    def events(self, record_id: str) -> list[tuple[float, str]]:
        with self._connect() as db:
            rows = db.execute("SELECT at, message FROM events WHERE record_id = ? ORDER BY seq", (record_id,)).fetchall()
        return [(r["at"], r["message"]) for r in rows]


def open_store(settings: Settings | None = None) -> StateStore:
    """The store under KOSUM_HOME, scrubbing this process's secrets from everything written."""
    settings = settings or get_settings()
    return StateStore(settings.home / "state.sqlite3", secrets=settings.secret_values())
