"""A run's progress as files other processes read (rank 0 only): metrics.jsonl (one JSON event a line), status.json
(the current status and phase), config.json (the settings as the run used them, with its plan), and the log line
format of the training log. Launchers and the app follow a run through these, sharing no memory with it."""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from training.config import TrainConfig
from training.plan import Plan


def log(message: str) -> None:
    if int(os.environ.get("RANK", "0")) == 0:
        print(f"[kosum-train] {message}", flush=True)


@dataclass
class RunLog:
    """Appends JSON lines and keeps status.json; readers tail these files."""

    folder: Path
    enabled: bool
    started: float = field(default_factory=time.time)

    def metric(self, **values: Any) -> None:
        if not self.enabled:
            return
        values = {"time": round(time.time(), 3), "elapsed_s": round(time.time() - self.started, 2), **values}
        with (self.folder / "metrics.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(values, ensure_ascii=False) + "\n")

    def status(self, status: str | None = None, **extra: Any) -> None:
        """Update status.json; without `status` the current one is kept."""
        if not self.enabled:
            return
        path = self.folder / "status.json"
        previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        previous.update({**({"status": status} if status else {}), "updated": time.time(), **extra})
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(previous, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    def settings(self, config: TrainConfig, plan: Plan | None = None) -> None:
        """config.json: the settings as given until the plan is made, then as they ran, with the plan."""
        if not self.enabled:
            return
        values = asdict(plan.settings(config) if plan else config)
        (self.folder / "config.json").write_text(json.dumps({**values, "plan": plan.record() if plan else None},
                                                            indent=1), encoding="utf-8")


class Phases:
    """The run's phases after its last step (validating, saving the adapter, the merge's parts), in order: entering
    one records its name and its place (part k of n) as a metrics event and in status.json, so a follower can show
    what the run is doing instead of its last step."""

    def __init__(self, run: RunLog, names: list[str]):
        self.run, self.names = run, names

    def enter(self, name: str) -> None:
        part, parts = self.names.index(name) + 1, len(self.names)
        self.run.metric(event="phase", phase=name, part=part, parts=parts)
        self.run.status(phase={"name": name, "part": part, "parts": parts, "started": round(time.time(), 3)})
        log(f"phase {part}/{parts}: {name}")
