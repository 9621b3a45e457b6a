"""Every training benchmark script runs in CI on CPU: the product's tiny model, one or a few steps, short rows
(numbers not judged). A script whose code no longer matches the product's (a function's new return value, a
renamed setting, a metrics field gone) fails here, not on the next lent GPU."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

TINY = ["--shape", "tiny", "--records", "60"]


@pytest.fixture(scope="module")
def bench_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model and synthetic prepared data where the scripts look for them (MODEL/../bench-data)."""
    from tests.benchmarks.bench_train_gpu import build

    model = tmp_path_factory.mktemp("bench") / "m"
    build(model, model.parent / "bench-data", "tiny", records=60)
    return model


@pytest.fixture(autouse=True)
def one_thread_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # the training processes the scripts start share 2 cores


def test_bench_data_prep(capsys: pytest.CaptureFixture) -> None:
    from tests.benchmarks.bench_data_prep import main

    main(["--records", "300"])
    shown = capsys.readouterr().out
    assert "records: 300  tokens: " in shown and "data prepare with token stats: " in shown


def test_bench_train_gpu(bench_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from tests.benchmarks.bench_train_gpu import main

    out = tmp_path / "out"
    code = main(["--model", str(bench_model), "--out", str(out), *TINY, "--device", "cpu", "--steps", "1",
                 "--loss-steps", "2", "--max-seq-length", "128"])
    rows = json.loads((out / "bench_summary.json").read_text())["rows"]
    assert code == 0, rows
    assert [row["variant"] for row in rows] == ["reference (workshop recipe)", "product default", "memory saver",
                                                "memory saver", "product, sdpa attention"]
    assert all(row["tokens_per_s"] > 0 and row["step_s"] > 0 for row in rows)
    assert len(rows[0]["loss_check"]) == len(rows[1]["loss_check"]) == 2
    assert rows[1]["plan"]["rows_per_micro_batch"] == rows[1]["rows"] == 1  # the product default is the run's plan
    assert "the product's plan: 1 x 128 tokens per micro-batch" in capsys.readouterr().out


def test_bench_train_multi_gpu(bench_model: Path, tmp_path: Path) -> None:
    from tests.benchmarks.bench_train_multi_gpu import main, plans, settings
    from training.config import parse_config

    for name, (_, steps, extra) in plans(gpus=2, steps=16, warm=6, seq=2048).items():  # runs not smoked: settings
        parse_config(settings(bench_model, bench_model.parent, tmp_path / name, steps, *extra))
    out = tmp_path / "multi"
    assert main(["--model", str(bench_model), "--out", str(out), *TINY, "--gpus", "1", "--runs", "all-full",
                 "--steps", "4", "--warm", "1", "--max-seq-length", "128"]) == 0
    run = json.loads((out / "multi_gpu.json").read_text())["all-full"]  # one process: `sharding=full` read, unused
    assert run["returncode"] == 0, run.get("error")
    assert run["tokens_per_s"] > 0 and run["sharding"] == "single" and run["rows"] == 1, run
    assert run["profile"]["steps"] == 1 and "device_ms_per_step" in run["profile"]


def test_bench_train_trl(bench_model: Path, tmp_path: Path) -> None:
    from tests.benchmarks.bench_train_trl import main

    out = tmp_path / "trl"
    assert main(["--model", str(bench_model), "--out", str(out), *TINY, "--steps", "3", "--warm", "1", "--rows", "1",
                 "--max-length", "512"]) == 0
    result = json.loads((out / "trl.json").read_text())
    assert result["tokens_per_s"] > 0 and len(result["losses"]) == 3 and result["timed_steps"] == "2-3"


def test_check_tgi_contract(bench_model: Path, tmp_path: Path) -> None:
    """The consumer side runs in the product's own environment here (tests/contracts/ checks transformers 4.51.3):
    the script's training, merge, loading and comparison are what this smoke keeps in step with the product."""
    from tests.benchmarks.check_tgi_contract_gpu import main

    out = tmp_path / "tgi" / "out"
    assert main(["--model", str(bench_model), "--out", str(out), *TINY, "--device", "cpu", "--max-seq-length", "256",
                 "--legacy", ""]) == 0
    report = json.loads((out / "tgi_contract_gpu.json").read_text())
    assert report["same_ids"] and report["same_16_greedy_tokens"] and report["prompt_tokens"] > 0
    assert {"kosum.json", "chat_template.json", "generation_config.json"} <= set(report["merged_files"])
