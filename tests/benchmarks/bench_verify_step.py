"""Benchmark (not a test), issue #28 (a): what a verify step of k drafted tokens costs against a plain decode step
on the Llama-3-8B-shaped model, and what one stream gains at a given acceptance.

1. The step alone: the engine's own step (`ModelRunner.run_step`, width k + 1) replayed from its CUDA graph at
   1,152 cache positions, for each k and batch size (k = 0 is the plain decode step, as `bench_decode_step`).
   A verify step pays while its mean tokens per step exceed its cost relative to the plain step (printed as
   `break_even_tokens_per_step`), which says where the scheduler's `max_batch` belongs.
2. The engine's step end to end at batch 1: host drafting, upload, the wait and the hand-out included. The prompt
   holds every token id the stand-in model can emit (its output rows outside the stand-in tokenizer are zeroed),
   so every step has a draft (random weights accept nearly none: the overhead figure).
3. The projection for one stream: tokens per step at width k (from `bench_lookup_real` or
   `bench_lookup_acceptance`: their `lookup_acceptance*.json` given with --acceptance, or the figures given inline
   with --tokens-per-step) over the step's time (replay at 1,152 positions + the engine's host time per step
   measured in 2).

    python3 -m tests.benchmarks.bench_verify_step --model /tmp/l8s/m --out $OUT [--ks 0,1,2,3,4,6,8]
        [--batches 1,8,32] [--acceptance FILE ...] [--tokens-per-step NAME:K=V,K=V ...]

`--shape smoke --device cpu` runs the same code on a tiny random model (the CI smoke run).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tests.benchmarks.bench_decode_step import LENGTH, decode_step_ms, load_runner


def step_costs(runner, ks: list[int], batches: list[int], repeats: int) -> list[dict]:
    rows = []
    for batch in batches:
        plain = None
        for k in ks:
            try:
                ms = decode_step_ms(runner, batch, LENGTH, repeats, width=k + 1)
            except Exception as error:  # a width that fails is reported, the others still run
                rows.append({"batch": batch, "k": k, "failed": f"{type(error).__name__}: {str(error)[:300]}"})
                print(json.dumps(rows[-1]), flush=True)
                continue
            plain = ms if k == 0 else plain
            rows.append({"batch": batch, "k": k, "step_ms": round(ms, 3)})
            if plain:
                rows[-1]["break_even_tokens_per_step"] = round(ms / plain, 3)
            print(json.dumps(rows[-1]), flush=True)
    return rows


def engine_prompt(model_dir: Path) -> list[int]:
    """Every token id the stand-in model emits (its output rows past the stand-in tokenizer are zeroed)."""
    from transformers import AutoTokenizer

    return list(range(3, len(AutoTokenizer.from_pretrained(model_dir))))


def engine_steps(model_dir: Path, ks: list[int], new_tokens: int, device: str) -> list[dict]:
    """Wall milliseconds per engine step at batch 1, each k; every step drafts (see the module docstring)."""
    import torch
    from transformers import AutoModelForCausalLM

    from serving.engine import Engine, LookupSettings, Request, SamplingParams

    prompt = engine_prompt(model_dir)
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype, device_map=device)
    engine = Engine(model, [], slots=8, max_len=len(prompt) + new_tokens + 64,
                    lookup=LookupSettings(k=max(ks), floor=0.0, max_batch=8))
    rows = []
    for k in ks:
        engine.scheduler.lookup = LookupSettings(k=k, floor=0.0, max_batch=8)
        for _ in range(2):  # the first run captures this width's graphs; the second is timed
            finished: list[str] = []
            engine.steps.clear()
            engine.submit(Request(prompt, SamplingParams(new_tokens, 0.0, 1.0),
                                  lambda token, finish: finished.append(finish) if finish else None))
            engine.step()  # the prefill (and a first step)
            started, steps = time.perf_counter(), 0
            while not finished:
                engine.step()
                steps += 1
            wall = time.perf_counter() - started
            engine.drain()
        rows.append({"k": k, "engine_step_ms": round(wall / steps * 1000, 3), "steps": dict(engine.steps)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def acceptance_figures(files: list[Path], inline: list[str]) -> dict[str, dict[int, float]]:
    """Tokens per step by k, by source: the JSON files written by bench_lookup_real / bench_lookup_acceptance (a
    missing one is reported and skipped), and figures given as NAME:K=V,K=V (e.g. from BENCHMARKS.md)."""
    sources: dict[str, dict[int, float]] = {}
    for path in files:
        if not path.is_file():
            print(json.dumps({"acceptance": str(path), "failed": "no such file: skipped"}), flush=True)
            continue
        sources[path.name] = {int(k): v for k, v in json.loads(path.read_text())["tokens_per_step"].items()}
    for spec in inline:
        name, _, pairs = spec.partition(":")
        sources[name] = {int(k): float(v) for k, v in (pair.split("=") for pair in pairs.split(","))}
    return sources


def projections(costs: list[dict], engine_rows: list[dict], sources: dict[str, dict[int, float]]) -> list[dict]:
    """One stream's tokens/s at each k: tokens per step / (replayed step at batch 1 + the engine's host time)."""
    replay = {r["k"]: r["step_ms"] for r in costs if r["batch"] == 1 and "step_ms" in r}
    host = {r["k"]: max(0.0, r["host_ms_per_step"]) for r in engine_rows}
    rows = []
    for name, per_step in sources.items():
        per_step = {0: 1.0, **per_step}
        for k in sorted(set(per_step) & set(replay)):
            step = replay[k] + host.get(k, 0.0)
            rows.append({"acceptance": name, "k": k, "tokens_per_step": per_step[k], "step_ms": round(step, 3),
                         "one_stream_tokens_s": round(per_step[k] / step * 1000, 1)})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--ks", default="0,1,2,3,4,6,8")
    parser.add_argument("--batches", default="1,8,32")
    parser.add_argument("--acceptance", type=Path, nargs="*", default=[], help="lookup_acceptance*.json files")
    parser.add_argument("--tokens-per-step", action="append", default=[], metavar="NAME:K=V,K=V",
                        help="acceptance figures given inline (repeatable)")
    parser.add_argument("--new-tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--shape", default="8b")
    parser.add_argument("--device", default="cuda")
    args = parser.parse_args()

    import torch

    from serving.engine.model_runner import length_bucket
    from tests.benchmarks.random_llama import build_random_llama

    build_random_llama(args.model, args.shape, decodable=True)
    ks, batches = [int(k) for k in args.ks.split(",")], [int(b) for b in args.batches.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict = {"ks": ks, "batches": batches, "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available()
                    else "cpu"}
    started = time.perf_counter()
    runner = load_runner(args.model, args.device, max_width=max(ks) + 1)
    result["costs"] = step_costs(runner, ks, batches, args.repeats)
    result["compile_and_capture_s"] = round(time.perf_counter() - started, 1)
    middle = len(engine_prompt(args.model)) + args.new_tokens // 2  # where the engine run's steps are, on average
    replay_at_engine_length = {k: decode_step_ms(runner, 1, length_bucket(middle + k + 1, runner.cache.positions),
                                                 args.repeats, width=k + 1) for k in ks}
    (args.out / "verify_step.json").write_text(json.dumps(result, indent=1))
    del runner
    if args.device == "cuda":
        torch.cuda.empty_cache()
    try:
        result["engine"] = engine_steps(args.model, ks, args.new_tokens, args.device)
        for row in result["engine"]:
            row["replay_ms_at_engine_length"] = round(replay_at_engine_length[row["k"]], 3)
            row["host_ms_per_step"] = round(row["engine_step_ms"] - row["replay_ms_at_engine_length"], 3)
            print(json.dumps(row), flush=True)
    except Exception as error:  # the replayed costs above are kept
        result["engine"] = [{"failed": f"{type(error).__name__}: {str(error)[:300]}"}]
        print(json.dumps(result["engine"][0]), flush=True)
    sources = acceptance_figures(args.acceptance, args.tokens_per_step)
    result["projections"] = projections(result["costs"], [r for r in result["engine"] if "k" in r], sources)
    (args.out / "verify_step.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
