"""Benchmark (not a test): offline routing decision time, and seconds from `python -m assistant` to the page.

Run: python -m tests.benchmarks.bench_app   (goals: routing < 50 ms, page < 5 s)"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PHRASES = ["샘플 데이터 준비해줘", "tiny 모델로 학습 시작해줘", "학습 상태 알려줘", "로컬에 배포해줘", "리소스 보여줘",
           "리소스 정리해줘", "prepare the sample data", "deploy locally", "세이지메이커에서 학습해줘", "모델 평가해줘",
           "요약: " + "서울시는 내년 버스 요금을 올린다고 밝혔다. " * 20]


def routing() -> None:
    """Decisions once the classifier has learned its phrases (the app trains it right after the page is served)."""
    from assistant.intents import classifier
    from assistant.router import OfflineRouter

    started = time.perf_counter()
    classifier()
    print(f"classifier ready in {time.perf_counter() - started:.2f} s (loaded when stored, else fitted and stored)")
    router = OfflineRouter()
    timings = []
    for _ in range(20):
        for phrase in PHRASES:
            started = time.perf_counter()
            router.route(phrase)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"routing: {len(timings)} decisions, median {statistics.median(timings):.3f} ms, "
          f"p99 {timings[int(len(timings) * 0.99) - 1]:.3f} ms, max {timings[-1]:.3f} ms (goal < 50 ms)")


def startup(runs: int = 3) -> None:
    seconds = []
    for _ in range(runs):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {**os.environ, "KOSUM_HOME": tempfile.mkdtemp(prefix="kosum-bench-"), "GRADIO_ANALYTICS_ENABLED": "False"}
        started = time.perf_counter()
        app = subprocess.Popen([sys.executable, "-m", "assistant", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if app.poll() is not None:
                    raise RuntimeError(f"the app exited with {app.returncode} before serving its page") from None
                time.sleep(0.05)
        seconds.append(time.perf_counter() - started)
        app.terminate()
        app.wait()
    print(f"startup to page: {', '.join(f'{s:.2f}' for s in seconds)} s; median {statistics.median(seconds):.2f} s "
          f"(goal < 5 s)")


if __name__ == "__main__":
    routing()
    startup()
