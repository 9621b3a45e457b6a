"""Levers of issue #21 measured in isolation on the GPU: the decode step's time (CUDA-graph replay) per batch size
with the decoder layer compiled with Inductor's defaults against `max-autotune` (Triton GEMM templates tuned for the
skinny decode shapes) and `coordinate-descent` (gpt-fast's setting: a one-row GEMM becomes a Triton reduction that
can fuse the norm before it), on the Llama-3-8B-shaped random model.

    python3 -m tests.benchmarks.bench_decode_step --model /tmp/l8s/m --out $OUT [--modes default,coordinate-descent]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

WEIGHT_BYTES_8B = 16.06e9
LENGTH = 1152
POSITION = 1100  # where each timed request is: a 1,024-token prompt and ~76 generated tokens
MODES = {"default": None, "max-autotune": {"max_autotune": True},
         "coordinate-descent": {"coordinate_descent_tuning": True}}


def decode_step_ms(runner, batch: int, length: int, repeats: int) -> float:
    """Milliseconds of one decode step for `batch` requests over `length` cache positions (graph replay where the
    runner uses graphs; the first run, which may capture, is not timed)."""
    import torch

    runner.positions[:batch].fill_(POSITION)
    runner.run_decode(batch, length)
    torch.cuda.synchronize()
    started = time.perf_counter()
    for _ in range(repeats):
        runner.run_decode(batch, length)
    torch.cuda.synchronize()
    return (time.perf_counter() - started) / repeats * 1000


def measure(model_dir: Path, mode: str, batches: list[int]) -> dict:
    import torch
    from transformers import AutoModelForCausalLM

    from serving.engine.model_runner import ModelRunner

    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.bfloat16, device_map="cuda")
    started = time.perf_counter()
    runner = ModelRunner(model, slots=32, max_len=4096, compile_options=MODES[mode])
    result: dict = {"mode": mode}
    for batch in batches:
        ms = decode_step_ms(runner, batch, LENGTH, 100)
        result[f"decode_ms_batch_{batch}"] = round(ms, 3)
        result[f"weights_TB_s_batch_{batch}"] = round(WEIGHT_BYTES_8B / (ms / 1000) / 1e12, 2)
    result["compile_and_capture_s"] = round(time.perf_counter() - started, 1)
    del runner, model
    torch.cuda.empty_cache()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--modes", default="default,coordinate-descent", help=", ".join(MODES))
    parser.add_argument("--batches", default="1,8,32")
    args = parser.parse_args()

    import torch

    from tests.benchmarks.random_llama import build_random_llama

    build_random_llama(args.model, "8b", decodable=True)
    batches = [int(b) for b in args.batches.split(",")]
    rows = []
    for mode in args.modes.split(","):
        torch._dynamo.reset()
        rows.append(measure(args.model, mode, batches))
        print(json.dumps(rows[-1]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "decode_step.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
