"""Detached background processes (training runs, local servers) that outlive the app and can be found again after
a restart: identified by pid *and* start time, so a recycled pid is never mistaken for ours."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class ProcessHandle:
    pid: int
    create_time: float
    log_path: str

    def to_dict(self) -> dict:
        return {"pid": self.pid, "create_time": self.create_time, "log_path": self.log_path}


def start(command: list[str], log_path: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> ProcessHandle:
    """Start `command` in its own session (own process group), output appended to `log_path`."""
    import psutil

    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, **(env or {})}, cwd=cwd, start_new_session=True)
    return ProcessHandle(process.pid, psutil.Process(process.pid).create_time(), str(log_path))


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)  # our own child: collect it so it does not linger as a zombie
    except ChildProcessError:
        pass
    except OSError:
        pass


def is_running(pid: int, create_time: float) -> bool:
    import psutil

    _reap(pid)
    try:
        process = psutil.Process(pid)
        return abs(process.create_time() - create_time) < 1.0 and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def stop(pid: int, create_time: float, grace_s: float = 30.0) -> bool:
    """SIGTERM the process group (training saves a checkpoint and exits), SIGKILL after `grace_s`. True if it ran."""
    if not is_running(pid, create_time):
        return False
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.time() + grace_s
    while time.time() < deadline:
        if not is_running(pid, create_time):
            return True
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for _ in range(50):
        if not is_running(pid, create_time):
            break
        time.sleep(0.1)
    return True


def tail(path: str | Path, lines: int = 20) -> str:
    """The last lines of a log file (empty if there is none)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
