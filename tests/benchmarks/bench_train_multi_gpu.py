"""Benchmark (not a test): training on one GPU and on every GPU of the machine, side by side, in one command.

    python -m tests.benchmarks.bench_train_multi_gpu --model /tmp/l8/m --out $OUT [--runs one,all,all-full] [--steps 16]
    python -m tests.benchmarks.bench_train_multi_gpu --shape tiny --gpus 1 --runs all-full --steps 4 --warm 1 \
        --records 60 --max-seq-length 128 --model /tmp/smoke/m --out /tmp/smoke/multi   # the CI smoke run (CPU)

Each run is the product's own `training/train.py` under torchrun with the llama3-8b config (NF4 + LoRA, the memory
plan's micro-batch), on the Llama-3-8B-shaped random model and the synthetic prepared data of bench_train_gpu.
Throughput is the steady state: global tokens between the optimizer step `--warm` and the last one over the wall
time between them (compilation and warm-up excluded). Communication time per step comes from the profiler
(`profile_steps`: NCCL kernels on rank 0). Runs:

- one / all: the defaults on 1 GPU and on every GPU (`sharding: auto` picks replicate or full shard by memory)
- all-full: every GPU with FSDP2 full sharding forced (the alternative `auto` did not pick)
- parity-one / parity-all: 6 steps of the same global batch (fixed rows, dropout 0; accumulation doubled on one
  GPU) to compare per-step losses
- cap-one / cap-all: the workshop's 24 GB A10G simulated by capping each process at 22 GiB, 10 steps
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "training" / "configs" / "llama3-8b.yaml"


def settings(model: Path, data: Path, run_dir: Path, steps: int, *extra: str) -> list[str]:
    """train.py's arguments for one run (the llama3-8b config and the run's overrides)."""
    return ["--config", str(CONFIG), f"base_model={model}", f"data_dir={data}", f"output_dir={run_dir}",
            f"max_steps={steps}", "save_steps=0", "merge=false", "eval_each_epoch=false", "logging_steps=1",
            "resume=false", *extra]


def plans(gpus: int, steps: int, warm: int, seq: int) -> dict[str, tuple[int, int, list[str]]]:
    """Every run this benchmark knows: name -> (processes, steps, overrides)."""
    profile = f"profile_steps={min(3, steps - warm - 2)}"
    length = f"max_seq_length={seq}"
    parity = ["lora_dropout=0", "per_device_train_batch_size=4", "gradient_checkpointing=false", "learning_rate=1e-3"]
    return {
        "one": (1, steps, [length, profile]),
        "all": (gpus, steps, [length, profile]),
        "all-full": (gpus, steps, [length, profile, "sharding=full"]),
        "parity-one": (1, 6, [length, *parity, f"gradient_accumulation_steps={2 * gpus}"]),
        "parity-all": (gpus, 6, [length, *parity, "gradient_accumulation_steps=2"]),
        "cap-one": (1, 10, [length, "max_gpu_memory_gib=22"]),
        "cap-all": (gpus, 10, [length, "max_gpu_memory_gib=22"]),
    }


def run_training(name: str, gpus: int, model: Path, data: Path, out: Path, steps: int, *extra: str) -> dict:
    """One training run; returns its metrics rows (and the error tail if it failed)."""
    run_dir = out / name
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={gpus}",
               str(ROOT / "training" / "train.py"), *settings(model, data, run_dir, steps, *extra)]
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ",".join(str(i) for i in range(gpus))}
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()] \
        if (run_dir / "metrics.jsonl").is_file() else []
    profile = json.loads((run_dir / "profile.json").read_text()) if (run_dir / "profile.json").is_file() else {}
    result = {"name": name, "gpus": gpus, "returncode": done.returncode, "wall_s": round(time.time() - started, 1),
              "rows": rows, "profile": profile}
    if done.returncode:
        result["error"] = (done.stdout + done.stderr)[-3000:]
    return result


def steady_state(result: dict, warm: int, profiled: int) -> dict:
    """Tokens/s from step `warm` to the last step before profiling began, plus what the run chose and its losses."""
    train = [r for r in result["rows"] if r["event"] == "train"]
    start = next((r for r in result["rows"] if r["event"] == "start"), {})
    summary = {"losses": [r["loss"] for r in train], "sharding": start.get("sharding"),
               "rows": start.get("rows_per_micro_batch"), "checkpointing": start.get("gradient_checkpointing"),
               "attention": start.get("attention"), "peak_gib": train[-1]["peak_memory_gib"] if train else None,
               "communication_ms_per_step": result["profile"].get("communication_ms_per_step"),
               "device_ms_per_step": result["profile"].get("device_ms_per_step")}
    timed = train[warm - 1:len(train) - profiled]
    if len(timed) < 2:
        return {**summary, "tokens_per_s": None}
    seconds = timed[-1]["time"] - timed[0]["time"]
    return {**summary, "tokens_per_s": round((timed[-1]["tokens"] - timed[0]["tokens"]) / seconds, 1),
            "step_s": round(seconds / (timed[-1]["step"] - timed[0]["step"]), 3),
            "timed_steps": f"{timed[0]['step'] + 1}-{timed[-1]['step']}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--runs", default="one,all")
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument("--warm", type=int, default=6, help="steps excluded from the steady state")
    parser.add_argument("--shape", default="8b", help="8b, or small / tiny for a smoke run")
    parser.add_argument("--gpus", type=int, help="processes for the 'all' runs (default: every GPU)")
    parser.add_argument("--records", type=int, default=3000, help="synthetic records prepared (first run only)")
    parser.add_argument("--max-seq-length", type=int, default=2048)
    args = parser.parse_args(argv)

    from tests.benchmarks.bench_train_gpu import build

    if args.gpus:
        gpus = args.gpus
    else:
        import torch

        gpus = torch.cuda.device_count()
    data = args.model.parent / "bench-data"
    build(args.model, data, args.shape, args.records)
    data = data / "full"
    args.out.mkdir(parents=True, exist_ok=True)
    profiled = min(3, args.steps - args.warm - 2)
    known = plans(gpus, args.steps, args.warm, args.max_seq_length)
    results = {}
    for name in args.runs.split(","):
        count, steps, extra = known[name]
        result = run_training(name, count, args.model, data, args.out, steps, *extra)
        profiling = any(item.startswith("profile_steps=") for item in extra)
        results[name] = {**{k: v for k, v in result.items() if k != "rows"},
                         **steady_state(result, args.warm, profiled if profiling else 0)}
        print(json.dumps({k: v for k, v in results[name].items() if k != "profile"}), flush=True)
        if result["returncode"]:
            print(result["error"], flush=True)
    if "one" in results and "all" in results and results["one"].get("tokens_per_s") and results["all"].get("tokens_per_s"):
        efficiency = results["all"]["tokens_per_s"] / (gpus * results["one"]["tokens_per_s"])
        print(f"scaling: {gpus} GPUs {results['all']['tokens_per_s']:,.0f} tokens/s vs 1 GPU "
              f"{results['one']['tokens_per_s']:,.0f}: {efficiency:.1%} efficiency", flush=True)
    if "parity-one" in results and "parity-all" in results:
        pairs = list(zip(results["parity-one"].get("losses", []), results["parity-all"].get("losses", [])))
        print(f"parity: per-step losses {pairs}; largest difference "
              f"{max((abs(a - b) for a, b in pairs), default=float('nan')):.5f}", flush=True)
    (args.out / "multi_gpu.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
