"""The app benchmark (tests/benchmarks/bench_app.py) runs on CPU in seconds, its numbers not judged: it fails when
the script no longer matches the product (the offline router's API, the intent classifier, the app's command line
and page)."""
from __future__ import annotations

import re

import pytest


def test_bench_app_routes_and_starts_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.benchmarks import bench_app

    bench_app.routing()
    bench_app.startup(runs=1)
    printed = capsys.readouterr().out
    assert re.search(r"classifier ready in [\d.]+ s \(loaded when stored, else fitted and stored\)", printed), printed
    assert f"routing: {20 * len(bench_app.PHRASES)} decisions, median" in printed, printed
    assert re.search(r"startup to page: [\d.]+ s; median [\d.]+ s", printed), printed
