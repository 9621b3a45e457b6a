"""Levers of issue #21 measured in isolation on the GPU: the decode step's time (CUDA-graph replay) per batch size
with the decoder layer compiled with Inductor's defaults against `max-autotune` (Triton GEMM templates tuned for the
skinny decode shapes) and `coordinate-descent` (gpt-fast's setting: a one-row GEMM becomes a Triton reduction that
can fuse the norm before it), on the Llama-3-8B-shaped random model.

    python3 -m tests.benchmarks.bench_decode_step --model /tmp/l8s/m --out $OUT [--modes default,coordinate-descent]

`--shape smoke --device cpu` runs the same code on a tiny random model (the CI smoke run; numbers not meaningful).
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


def synchronize(runner) -> None:
    import torch

    if runner.device.type == "cuda":
        torch.cuda.synchronize()


def decode_step_ms(runner, batch: int, length: int, repeats: int, width: int = 1) -> float:
    """Milliseconds of one step (width 1: decode; wider: verify `width - 1` drafted tokens) for `batch` requests
    over `length` cache positions (graph replay where the runner uses graphs; the first run, which may capture, is
    not timed)."""
    runner.positions[:batch].fill_(POSITION)
    runner.drafts[:batch].zero_()
    runner.run_step(batch, length, width)
    synchronize(runner)
    started = time.perf_counter()
    for _ in range(repeats):  # no slot is live, so the steps do not move the positions on
        runner.run_step(batch, length, width)
    synchronize(runner)
    return (time.perf_counter() - started) / repeats * 1000


def load_runner(model_dir: Path, device: str, compile_options=None, max_width: int = 1):
    import torch
    from transformers import AutoModelForCausalLM

    from serving.engine.model_runner import ModelRunner

    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype, device_map=device)
    return ModelRunner(model, slots=32, max_len=4096, compile_options=compile_options, max_width=max_width)


def measure(model_dir: Path, mode: str, batches: list[int], device: str = "cuda", repeats: int = 100) -> dict:
    import torch

    started = time.perf_counter()
    runner = load_runner(model_dir, device, MODES[mode])
    result: dict = {"mode": mode}
    for batch in batches:
        ms = decode_step_ms(runner, batch, LENGTH, repeats)
        result[f"decode_ms_batch_{batch}"] = round(ms, 3)
        result[f"weights_TB_s_batch_{batch}"] = round(WEIGHT_BYTES_8B / (ms / 1000) / 1e12, 2)
    result["compile_and_capture_s"] = round(time.perf_counter() - started, 1)
    del runner
    if device == "cuda":
        torch.cuda.empty_cache()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--modes", default="default,coordinate-descent", help=", ".join(MODES))
    parser.add_argument("--batches", default="1,8,32")
    parser.add_argument("--shape", default="8b")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--repeats", type=int, default=100)
    args = parser.parse_args()

    import torch

    from tests.benchmarks.random_llama import build_random_llama

    build_random_llama(args.model, args.shape, decodable=True)
    batches = [int(b) for b in args.batches.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for mode in args.modes.split(","):
        torch._dynamo.reset()
        try:
            rows.append(measure(args.model, mode, batches, args.device, args.repeats))
        except Exception as error:  # a mode this torch cannot build is reported, not fatal
            rows.append({"mode": mode, "failed": f"{type(error).__name__}: {str(error)[:300]}"})
        print(json.dumps(rows[-1]), flush=True)
        (args.out / "decode_step.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
