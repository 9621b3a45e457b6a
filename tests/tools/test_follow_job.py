"""`follow_job` tells each line once: a step line when the step a poll sees changed, each phase after the last step
once (also several between two polls), and the end line last. The run is a real process and a real run folder whose
metrics.jsonl and status.json this test writes poll by poll, as train.py would, so every poll's lines are known."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.jobs import follow_job
from tools.state import open_store
from training import processes

PHASES = [("validate", "validating"), ("save_adapter", "saving the adapter"),
          ("load_base", "loading the base model to merge into"), ("merge", "merging the adapter into the base model"),
          ("export", "writing the merged model for serving")]


def _append(run_dir: Path, *rows: dict) -> None:
    with (run_dir / "metrics.jsonl").open("a", encoding="utf-8") as log:
        log.writelines(json.dumps(row) + "\n" for row in rows)


def _phase(part: int) -> dict:
    return {"event": "phase", "phase": PHASES[part - 1][0], "part": part, "parts": 5}


def test_each_step_and_phase_line_is_told_once_and_the_end_line_last(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    _append(run_dir, {"event": "start", "total_steps": 3})
    handle = processes.start([sys.executable, "-c", "import time; time.sleep(120)"], run_dir / "train.log")
    store = open_store()
    store.add("training_job", "run-follow", "local", "running", record_id="run-follow",
              details={"run_dir": str(run_dir), **handle.to_dict()})

    def train(poll: int) -> None:
        """What the run writes after the given poll, before the next one."""
        if poll == 0:
            _append(run_dir, {"event": "train", "step": 1, "total_steps": 3, "loss": 2.5})
        elif poll == 2:  # two steps between two polls: only the later is seen
            _append(run_dir, *({"event": "train", "step": s, "total_steps": 3, "loss": 2.0 - s / 10} for s in (2, 3)))
        elif poll == 3:
            _append(run_dir, _phase(1), _phase(2))
        elif poll == 5:  # the last three phases and the end, all between two polls
            _append(run_dir, _phase(3), _phase(4), _phase(5))
            processes.stop(handle.pid, handle.create_time, grace_s=5)
            (run_dir / "status.json").write_text(json.dumps({"status": "completed", "steps": 3, "final_loss": 1.7}))

    told: list[list[str]] = []
    try:
        follow_job("run-follow", lambda info: (told.append(info["new_lines"]), train(len(told) - 1)), poll_s=0.01,
                   timeout_s=60)
    finally:
        processes.stop(handle.pid, handle.create_time, grace_s=5)
    phase_lines = [f"{text} ({part}/5)" for part, (_, text) in enumerate(PHASES, start=1)]
    assert told == [
        ["running: step 0/3, loss -"],
        ["running: step 1/3, loss 2.500"],
        [],  # nothing new: nothing told
        ["running: step 3/3, loss 1.700"],
        phase_lines[:2],  # the step is unchanged while the run validates and saves: not told again
        [],
        [*phase_lines[2:], "completed: step 3/3, loss 1.700"],
    ], told
