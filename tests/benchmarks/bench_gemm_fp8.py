"""The GEMMs of one Llama-3-8B decoder layer, bf16 against fp8 (e4m3 weights with one scale per output row,
activations quantized per token, `torch._scaled_mm`), at the token counts of decode (1, 8, 32) and prefill (8,192):
whether halving the weight bytes turns into a shorter decode step and a faster prefill on this GPU. Each variant
runs from a CUDA graph over 8 layers' distinct weights, as the engine's decode step does (no launch overhead, the
weights read from HBM rather than the 60 MB L2).

    python3 -m tests.benchmarks.bench_gemm_fp8 --out $OUT

`--smoke` runs the same code on the CPU with small shapes (the CI smoke run; numbers not meaningful).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

FP8_MAX = 448.0  # largest finite float8_e4m3fn
SHAPES = {"qkv": (6144, 4096), "o": (4096, 4096), "gate_up": (28672, 4096), "down": (4096, 14336)}
SMOKE_SHAPES = {"qkv": (96, 64), "o": (64, 64), "gate_up": (256, 64), "down": (64, 128)}
LAYERS = 8


def quantize_weight(weight):
    """(float8 weight, float32 scale per output row as shape (1, out_features))."""
    import torch

    scale = weight.float().abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / FP8_MAX
    return (weight.float() / scale).clamp(-FP8_MAX, FP8_MAX).to(torch.float8_e4m3fn), scale.t().contiguous()


def fp8_linear(x, weight, weight_scale):
    """`x @ weight.T` with x's rows quantized per token (dynamic FP8, as vLLM's and TGI's `--quantize fp8`)."""
    import torch

    scale = x.float().abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / FP8_MAX
    packed = (x.float() / scale).clamp(-FP8_MAX, FP8_MAX).to(torch.float8_e4m3fn)
    return torch._scaled_mm(packed, weight.t(), scale_a=scale, scale_b=weight_scale, out_dtype=torch.bfloat16,
                            use_fast_accum=True)


def graph_ms(fn, repeats: int = 20, device: str = "cuda") -> float:
    """Milliseconds of one `fn()` replayed from a CUDA graph (on the CPU: called, for the smoke run)."""
    import time

    import torch

    if device != "cuda":
        started = time.perf_counter()
        for _ in range(repeats):
            fn()
        return (time.perf_counter() - started) / repeats * 1000
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            fn()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        fn()
    graph.replay()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    torch.cuda.synchronize()
    start.record()
    for _ in range(repeats):
        graph.replay()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tokens", default="1,8,32,8192")
    parser.add_argument("--smoke", action="store_true", help="the CPU smoke run: small shapes")
    args = parser.parse_args()

    import torch
    import torch.nn.functional as F

    device, shapes = ("cpu", SMOKE_SHAPES) if args.smoke else ("cuda", SHAPES)
    torch._dynamo.config.recompile_limit = 64  # one compiled quantize-and-multiply per shape
    compiled = torch.compile(fp8_linear, dynamic=False, fullgraph=True) if device == "cuda" else fp8_linear
    weights = {name: [torch.randn(shape, dtype=torch.bfloat16, device=device) / 64 for _ in range(LAYERS)]
               for name, shape in shapes.items()}
    packed = {name: [quantize_weight(w) for w in ws] for name, ws in weights.items()}
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for tokens in (int(n) for n in args.tokens.split(",")):
        row: dict = {"tokens": tokens}
        total_bf16 = total_fp8 = 0.0
        for name, (out_features, in_features) in shapes.items():
            x = torch.randn(tokens, in_features, dtype=torch.bfloat16, device=device)
            bf16 = graph_ms(lambda: [F.linear(x, w) for w in weights[name]], device=device) / LAYERS
            fp8 = graph_ms(lambda: [compiled(x, *p) for p in packed[name]], device=device) / LAYERS
            reference = F.linear(x, weights[name][0]).float()
            error = ((compiled(x, *packed[name][0]).float() - reference).norm() / reference.norm()).item()
            row[name] = {"bf16_ms": round(bf16, 4), "fp8_ms": round(fp8, 4), "relative_error": round(error, 4)}
            total_bf16 += bf16
            total_fp8 += fp8
        row["layer_bf16_ms"], row["layer_fp8_ms"] = round(total_bf16, 4), round(total_fp8, 4)
        row["speed-up"] = round(total_bf16 / total_fp8, 2)
        rows.append(row)
        print(json.dumps(row), flush=True)
        (args.out / "gemm_fp8.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
