"""Issue #21's decode-step lever "fewer, better-shaped kernels": the decode attention. cuDNN's SDPA kernel gives one
thread block per (request, key/value head), so at batch 1 eight of the H200's 132 SMs read the cache. Measured here
on the GPU, each variant compiled and replayed from a CUDA graph over 32 layers' caches (the engine's layout: 32
slots × 4,096 positions), then the whole decode step of the Llama-3-8B-shaped model with each variant in the engine:

    python3 -m tests.benchmarks.bench_decode_attention --model /tmp/l8s/m --out $OUT

Variants: `sdpa` (F.scaled_dot_product_attention with the mask as a bias: the engine before), `matmul` (the engine's
`attend` now: scores and weighted sum as two batched GEMMs around a float32 softmax), `flex` (FlexAttention, whose
decode kernel splits the keys across blocks)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

LAYERS, SLOTS, POSITIONS, KV_HEADS, GROUPS, HEAD_DIM, LENGTH = 32, 32, 4096, 8, 4, 128, 1152


def attend_sdpa(q, k, v, bias, scale: float):
    import torch.nn.functional as F

    return F.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=scale)


def attend_flex(q, k, v, bias, scale: float):
    from torch.nn.attention.flex_attention import flex_attention

    batch, kv_heads, groups, head_dim = q.shape

    def add_bias(score, b, h, q_idx, kv_idx):
        return score + bias[b, 0, 0, kv_idx]

    out = flex_attention(q.reshape(batch, kv_heads * groups, 1, head_dim), k, v, score_mod=add_bias, scale=scale,
                         enable_gqa=True)
    return out.reshape(batch, kv_heads, groups, head_dim)


def variants() -> dict:
    from serving.engine.model_runner import attend

    return {"sdpa": attend_sdpa, "matmul": attend, "flex": attend_flex}


def kernel_ms(batches: list[int]) -> list[dict]:
    """Attention alone: 32 layers' worth per graph replay."""
    import torch

    from tests.benchmarks.bench_gemm_fp8 import graph_ms

    k = [torch.randn(SLOTS, KV_HEADS, POSITIONS, HEAD_DIM, dtype=torch.bfloat16, device="cuda") for _ in range(LAYERS)]
    v = [torch.randn_like(t) for t in k]
    scale = HEAD_DIM ** -0.5
    rows = []
    for batch in batches:
        q = torch.randn(batch, KV_HEADS, GROUPS, HEAD_DIM, dtype=torch.bfloat16, device="cuda")
        positions = torch.randint(LENGTH - 128, LENGTH, (batch,), device="cuda")
        bias = torch.zeros(batch, 1, 1, LENGTH, dtype=torch.bfloat16, device="cuda")
        bias.masked_fill_((torch.arange(LENGTH, device="cuda")[None, :] > positions[:, None])[:, None, None, :],
                          torch.finfo(torch.bfloat16).min)
        row: dict = {"batch": batch}
        reference = None
        for name, fn in variants().items():
            compiled = torch.compile(fn, dynamic=False, fullgraph=True)
            try:
                out = compiled(q, k[0][:batch, :, :LENGTH], v[0][:batch, :, :LENGTH], bias, scale)
                ms = graph_ms(lambda: [compiled(q, k[i][:batch, :, :LENGTH], v[i][:batch, :, :LENGTH], bias, scale)
                                       for i in range(LAYERS)])
            except Exception as error:  # a variant this torch cannot build is reported, not fatal
                row[name] = f"failed: {type(error).__name__}: {str(error)[:200]}"
                continue
            reference = out if reference is None else reference
            row[name] = {"ms_32_layers": round(ms, 4), "max_abs_diff_vs_sdpa": round((out - reference).abs().max().item(), 4)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", default="1,8,32")
    parser.add_argument("--steps", default="sdpa,matmul,flex", help="variants to time in the whole decode step")
    args = parser.parse_args()

    import torch

    from serving.engine import model_runner
    from tests.benchmarks.bench_decode_step import measure
    from tests.benchmarks.random_llama import build_random_llama

    torch._dynamo.config.recompile_limit = 64
    batches = [int(b) for b in args.batches.split(",")]
    result: dict = {"attention_only": kernel_ms(batches), "decode_step": []}
    build_random_llama(args.model, "8b", decodable=True)
    choices = variants()  # taken before the engine's `attend` is swapped below
    for name in args.steps.split(","):
        torch._dynamo.reset()
        model_runner.attend = choices[name]
        try:
            row = measure(args.model, "default", batches)
        except Exception as error:
            row = {"failed": f"{type(error).__name__}: {str(error)[:300]}"}
        finally:
            model_runner.attend = choices["matmul"]
        row["attention"] = name
        result["decode_step"].append(row)
        print(json.dumps(row), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "decode_attention.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
