"""A run that writes its final status and exits while `refresh` looks at it is completed, not crashed: the browser
walkthrough once failed on CI because status.json was read (still "merging") just before the run's last write and
exit, and the liveness check after it then found no process. The run here is a real process; the wrapper around the
real status read only lets it finish at that moment."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tools import jobs
from tools.state import open_store
from training import processes

FINISH = """
import json, pathlib, sys, time
run = pathlib.Path(sys.argv[1])
while not (run / "go").exists():
    time.sleep(0.01)
(run / "status.json").write_text(json.dumps({"status": "completed", "steps": 3, "final_loss": 1.5}))
"""


def test_a_run_that_finishes_during_a_refresh_is_completed(tmp_path: Path, monkeypatch) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "status.json").write_text(json.dumps({"status": "merging"}))
    handle = processes.start([sys.executable, "-c", FINISH, str(run_dir)], run_dir / "train.log")
    store = open_store()
    record = store.add("training_job", "run-race", "local", "running", record_id="run-race",
                       details={"run_dir": str(run_dir), **handle.to_dict()})
    real_read = jobs._read_status

    def read_then_let_it_finish(folder: Path) -> dict:
        seen = real_read(folder)
        (run_dir / "go").touch()
        while processes.is_running(handle.pid, handle.create_time):
            time.sleep(0.01)
        return seen

    monkeypatch.setattr(jobs, "_read_status", read_then_let_it_finish)
    try:
        record = jobs.refresh(store, record)
        monkeypatch.setattr(jobs, "_read_status", real_read)
        record = jobs.refresh(store, record)
    finally:
        processes.stop(handle.pid, handle.create_time, grace_s=5)
    assert record.status == "completed", record.details.get("error")
    assert record.details["steps"] == 3
