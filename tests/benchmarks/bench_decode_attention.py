"""Issue #21's decode-step lever "fewer, better-shaped kernels": the decode attention. cuDNN's SDPA kernel gives one
thread block per (request, key/value head), so at batch 1 eight of the H200's 132 SMs read the cache. Measured here
on the GPU, each variant compiled and replayed from a CUDA graph over 32 layers' caches (the engine's layout: 32
slots × 4,096 positions), then the whole decode step of the Llama-3-8B-shaped model with each variant in the engine:

    python3 -m tests.benchmarks.bench_decode_attention --model /tmp/l8s/m --out $OUT

Variants, each with the engine's attention signature (`serving.engine.layers.attend`): `sdpa`
(F.scaled_dot_product_attention with the mask as a bias: the engine before), `matmul` (the engine's `attend` now:
scores and weighted sum as two batched GEMMs around a float32 softmax), `flex` (FlexAttention, whose decode kernel
splits the keys across blocks). `--smoke` runs the same code on the CPU with small shapes (the CI smoke run)."""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Shapes:
    layers: int = 32
    slots: int = 32
    positions: int = 4096
    kv_heads: int = 8
    groups: int = 4
    head_dim: int = 128
    length: int = 1152
    device: str = "cuda"


SMOKE = Shapes(layers=2, slots=2, positions=256, kv_heads=2, groups=2, head_dim=16, length=128, device="cpu")


def attend_sdpa(q, k, v, bias, scale: float):
    import torch.nn.functional as F

    batch, _, heads, head_dim = q.shape
    kv_heads = k.shape[1]
    rows = q.view(batch, kv_heads, heads // kv_heads, head_dim)
    out = F.scaled_dot_product_attention(rows, k, v, attn_mask=bias, scale=scale)
    return out.reshape(batch, 1, heads * head_dim)


def attend_flex(q, k, v, bias, scale: float):
    from torch.nn.attention.flex_attention import flex_attention

    batch, _, heads, head_dim = q.shape

    def add_bias(score, b, h, q_idx, kv_idx):
        return score + bias[b, 0, 0, kv_idx]

    out = flex_attention(q.transpose(1, 2), k, v, score_mod=add_bias, scale=scale, enable_gqa=True)
    return out.transpose(1, 2).reshape(batch, 1, heads * head_dim)


def variants() -> dict:
    from serving.engine.layers import attend

    return {"sdpa": attend_sdpa, "matmul": attend, "flex": attend_flex}


def kernel_ms(batches: list[int], shapes: Shapes) -> list[dict]:
    """Attention alone: all layers' worth per graph replay."""
    import torch

    from tests.benchmarks.bench_gemm_fp8 import graph_ms

    device, dtype = shapes.device, torch.bfloat16 if shapes.device == "cuda" else torch.float32
    k = [torch.randn(shapes.slots, shapes.kv_heads, shapes.positions, shapes.head_dim, dtype=dtype, device=device)
         for _ in range(shapes.layers)]
    v = [torch.randn_like(t) for t in k]
    scale, length = shapes.head_dim ** -0.5, shapes.length
    rows = []
    for batch in batches:
        q = torch.randn(batch, 1, shapes.kv_heads * shapes.groups, shapes.head_dim, dtype=dtype, device=device)
        positions = torch.randint(length - 128, length, (batch,), device=device)
        bias = torch.zeros(batch, 1, 1, length, dtype=dtype, device=device)
        bias.masked_fill_((torch.arange(length, device=device)[None, :] > positions[:, None])[:, None, None, :],
                          torch.finfo(dtype).min)
        row: dict = {"batch": batch}
        reference = None
        for name, fn in variants().items():
            try:
                compiled = torch.compile(fn, dynamic=False, fullgraph=True) if device == "cuda" else fn
                out = compiled(q, k[0][:batch, :, :length], v[0][:batch, :, :length], bias, scale)
                ms = graph_ms(lambda: [compiled(q, k[i][:batch, :, :length], v[i][:batch, :, :length], bias, scale)
                                       for i in range(shapes.layers)], device=device)
            except Exception as error:  # a variant this torch cannot build is reported, not fatal
                row[name] = f"failed: {type(error).__name__}: {str(error)[:200]}"
                continue
            reference = out if reference is None else reference
            row[name] = {"ms_all_layers": round(ms, 4),
                         "max_abs_diff_vs_sdpa": round((out - reference).abs().max().item(), 4)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", default="1,8,32")
    parser.add_argument("--steps", default="sdpa,matmul,flex", help="variants to time in the whole decode step")
    parser.add_argument("--smoke", action="store_true", help="the CPU smoke run: small shapes, the tiny model")
    args = parser.parse_args()

    import torch

    from serving.engine import layers
    from tests.benchmarks.bench_decode_step import measure
    from tests.benchmarks.random_llama import build_random_llama

    shapes = SMOKE if args.smoke else Shapes()
    torch._dynamo.config.recompile_limit = 64
    batches = [int(b) for b in args.batches.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict = {"attention_only": kernel_ms(batches, shapes), "decode_step": []}
    build_random_llama(args.model, "smoke" if args.smoke else "8b", decodable=True)
    choices = variants()  # taken before the engine's `attend` is swapped below
    for name in args.steps.split(","):
        torch._dynamo.reset()
        layers.attend = choices[name]
        try:
            row = measure(args.model, "default", batches, shapes.device, repeats=2 if args.smoke else 100)
        except Exception as error:
            row = {"failed": f"{type(error).__name__}: {str(error)[:300]}"}
        finally:
            layers.attend = choices["matmul"]
        row["attention"] = name
        result["decode_step"].append(row)
        print(json.dumps(row), flush=True)
        (args.out / "decode_attention.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
