"""Every serving benchmark runs once on the CPU (tiny shapes, one step or one request; numbers not judged), so a
benchmark whose code no longer matches the product's fails here, not on the lent GPU. Each script catches a failing
variant and goes on (a GPU run must never need a second attempt), so these runs also check that nothing was caught:
no `failed` or `error` entry in what they wrote. Each script's `main` runs in this process with the arguments a
command line would give (what `python -m` runs, without importing torch again)."""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def smoke_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.benchmarks.random_llama import build_random_llama

    model_dir = tmp_path_factory.mktemp("smoke-llama") / "m"
    build_random_llama(model_dir, "smoke", decodable=True)
    return model_dir


@pytest.fixture(autouse=True)
def restore_trace_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOSUM_ENGINE_TRACE", "")  # bench_serve_gpu sets it for its server; put back afterwards


def bench(module: str, *args: str) -> None:
    arguments = sys.argv
    sys.argv = [module, *args]
    try:
        importlib.import_module(f"tests.benchmarks.{module}").main()
    finally:
        sys.argv = arguments


def nothing_failed(value) -> bool:
    if isinstance(value, dict):
        return not ({"failed", "error"} & value.keys()) and all(nothing_failed(v) for v in value.values())
    if isinstance(value, list):
        return all(nothing_failed(v) for v in value)
    return not (isinstance(value, str) and value.startswith("failed:"))


def written(path: Path):
    data = json.loads(path.read_text())
    assert nothing_failed(data), data
    return data


def test_decode_step(smoke_model: Path, tmp_path: Path) -> None:
    bench("bench_decode_step", "--model", str(smoke_model), "--out", str(tmp_path), "--shape", "smoke", "--device",
          "cpu", "--modes", "default", "--batches", "1", "--repeats", "1")
    assert written(tmp_path / "decode_step.json")[0]["decode_ms_batch_1"] > 0


def test_verify_step_and_its_projection(smoke_model: Path, tmp_path: Path) -> None:
    acceptance = tmp_path / "acceptance.json"
    acceptance.write_text(json.dumps({"tokens_per_step": {"2": 1.5}}))
    bench("bench_verify_step", "--model", str(smoke_model), "--out", str(tmp_path), "--shape", "smoke", "--device",
          "cpu", "--ks", "0,2", "--batches", "1", "--repeats", "1", "--new-tokens", "4", "--acceptance", str(acceptance),
          "--tokens-per-step", "inline:2=1.8")
    result = written(tmp_path / "verify_step.json")
    assert [row["k"] for row in result["costs"]] == [0, 2] and [row["k"] for row in result["engine"]] == [0, 2]
    assert result["engine"][1]["steps"].get("verify", 0) >= 1  # the drafting prompt made the engine verify
    assert {(row["acceptance"], row["k"]) for row in result["projections"]} == {
        ("acceptance.json", 0), ("acceptance.json", 2), ("inline", 0), ("inline", 2)}


def test_lookup_acceptance(tiny_base: Path, prepared_sample: Path, tmp_path: Path) -> None:
    bench("bench_lookup_acceptance", "--tokenizer", str(tiny_base), "--data", str(prepared_sample), "--out",
          str(tmp_path), "--ks", "2", "--ngrams", "1-3")
    result = written(tmp_path / "lookup_acceptance.json")
    assert result["records"] >= 1 and 1 <= result["tokens_per_step"]["2"] <= 3


def test_lookup_real(tiny_base: Path, tmp_path: Path) -> None:
    bench("bench_lookup_real", "--model", str(tiny_base), "--out", str(tmp_path), "--device", "cpu", "--limit", "2",
          "--ks", "0,2", "--sampled-ks", "2", "--max-tokens", "4")
    result = written(tmp_path / "lookup_real.json")
    assert [(row["k"], row["temperature"]) for row in result["passes"]] == [(0, 0.0), (2, 0.0), (2, 0.6)]
    assert result["passes"][1]["identical_to_k0"] == 2  # greedy output does not change with lookup
    assert set(written(tmp_path / "lookup_acceptance_real.json")["tokens_per_step"]) == {"0", "2"}


def test_decode_attention(smoke_model: Path, tmp_path: Path) -> None:
    bench("bench_decode_attention", "--smoke", "--model", str(smoke_model), "--out", str(tmp_path), "--batches", "1",
          "--steps", "matmul")
    result = written(tmp_path / "decode_attention.json")
    assert result["attention_only"][0]["matmul"]["max_abs_diff_vs_sdpa"] < 1e-3  # the engine's attend = SDPA's result


def test_gemm_fp8(tmp_path: Path) -> None:
    bench("bench_gemm_fp8", "--smoke", "--tokens", "1", "--out", str(tmp_path))
    assert written(tmp_path / "gemm_fp8.json")[0]["layer_bf16_ms"] > 0


def test_serve_gpu_through_the_product_server(smoke_model: Path, tmp_path: Path) -> None:
    bench("bench_serve_gpu", "--smoke", "--no-reference", "--profile", "--variants", "product", "--model",
          str(smoke_model), "--out", str(tmp_path))
    rows = written(tmp_path / "serve_summary.json")["rows"]
    assert rows[0]["variant"] == "product" and rows[0]["completion_tokens"] >= 1
    assert rows[0]["health"]["warm_up"]["prefill_paths"] and rows[0]["engine_trace"]["steps"] >= 1
    assert rows[0]["first_request_after_healthy"]["seconds"] > 0
    profile = written(tmp_path / "engine_profile.json")
    assert profile["engine_only_32"]["finished"] == 32 and "prefill_32x64_s_batches_of_32_eager_layer" in profile
    assert [request["steps"] >= 1 for request in profile["first_requests_after_warm_up"]] == [True] * 3
    assert profile["prefill_32x64_s_repeated_kv"] > 0
    assert rows[0]["engine_trace"]["first_request"]["steps"] >= 1
