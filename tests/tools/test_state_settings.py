"""The state store (threads, processes, restarts, secrets) and the settings object."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tools.settings import get_settings
from tools.state import SCHEMA_VERSION, StateStore, open_store


def test_store_survives_restart_and_is_versioned(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    record = StateStore(path).add("training_job", "run-a", "local", "running", cost_per_hour=1.5, details={"pid": 42})
    reopened = StateStore(path)
    assert reopened.get(record.id).details == {"pid": 42}
    reopened.update(record.id, status="completed", details={"final_loss": 1.2})
    again = StateStore(path).get(record.id)
    assert again.status == "completed" and again.details == {"pid": 42, "final_loss": 1.2} and not again.active
    assert [m for _, m in reopened.events(record.id)] == ["created: running", "status: completed"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        StateStore(path)


def test_concurrent_writers_from_threads(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    record = store.add("server", "s", "local", "running", details={"n": 0})
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(20):
                store.add("dataset", f"d{i}-{j}", "local", "ready")
                store.update(record.id, details={f"t{i}": j})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    assert len(store.find(kind="dataset")) == 160
    assert store.get(record.id).details == {"n": 0, **{f"t{i}": 19 for i in range(8)}}


def test_find_filters(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.sqlite3")
    store.add("endpoint", "ep", "sagemaker", "in_service", run_id="r1")
    store.add("model", "m", "sagemaker", "deleted", run_id="r1")
    store.add("dataset", "d", "local", "ready")
    assert {r.name for r in store.find(active_only=True)} == {"ep"}
    assert {r.name for r in store.find(run_id="r1")} == {"ep", "m"}
    assert {r.name for r in store.find(kind=("model", "dataset"))} == {"m", "d"}


def test_secrets_never_reach_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_supersecretvalue123")
    settings = get_settings()
    assert "hf_supersecretvalue123" not in repr(settings) and "hf_supersecretvalue123" not in str(settings.hf_token)
    store = open_store(settings)
    record = store.add("training_job", "j", "local", "running", details={"env": "HF_TOKEN=hf_supersecretvalue123"})
    assert store.get(record.id).details["env"] == "HF_TOKEN=***"
    store.update(record.id, status="failed", details={"error": "401 for token hf_supersecretvalue123",
                                                      "log_tail": "login hf_supersecretvalue123 refused"})
    updated = store.get(record.id).details
    assert updated["error"] == "401 for token ***" and updated["log_tail"] == "login *** refused"
    for path in settings.home.glob("state.sqlite3*"):  # the database and its WAL
        assert b"hf_supersecretvalue123" not in path.read_bytes(), path


def test_settings_from_env_and_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "kosum.yaml"
    config.write_text("s3_bucket: from-yaml\nbrain: openai\nopenai_base_url: http://127.0.0.1:8080/v1\n")
    monkeypatch.setenv("KOSUM_CONFIG", str(config))
    monkeypatch.setenv("KOSUM_SAGEMAKER_ROLE_ARN", "arn:aws:iam::123456789012:role/kosum")
    settings = get_settings()
    assert settings.s3_bucket == "from-yaml" and settings.brain == "openai"
    assert settings.sagemaker_role_arn.endswith("role/kosum") and settings.aws_region == "us-east-1"
    monkeypatch.setenv("KOSUM_S3_BUCKET", "from-env")
    assert get_settings().s3_bucket == "from-env", "environment wins over the file"
