"""Benchmark (not a test): the workshop recipe against the product's training step, side by side, one GPU.

    python -m tests.benchmarks.bench_train_gpu --model /tmp/llama8b --out $OUT [--shape 8b|small]
    python -m tests.benchmarks.bench_train_gpu --shape tiny --device cpu --steps 1 --loss-steps 2 --records 60 \
        --max-seq-length 128 --model /tmp/smoke/m --out /tmp/smoke/out     # the CI smoke run (numbers not judged)

Both load the same Llama-3-8B-shaped random model (saved, then loaded with `from_pretrained` + bitsandbytes NF4,
double quant, bf16 compute and storage), LoRA r=16 alpha 8 on all linear layers, the same prepared data and
max sequence length 2048.

- reference: the workshop's SFT recipe: fixed 2048-token rows cut from the concatenated records (TRL's old
  ConstantLengthDataset: samples attend across boundaries), loss on every token, micro-batch 1, gradient
  checkpointing (reentrant), unfused AdamW, plain transformers kernels.
- product: the training recipe's own functions with their defaults: padding-free packing with per-sample position
  ids, Liger kernels (fused linear cross-entropy: no fp32 logits), micro-batch and checkpointing from the run's plan
  (training/plan.py, made from free GPU memory), fused AdamW; and a memory-saver setting (checkpointing on).

Loss check: both kernel sets train 6 steps (`--loss-steps`) from the same LoRA initialisation on the same reference
rows; their per-step losses must agree within bf16 noise. Liger patches transformers' classes globally, so on a GPU
each variant runs in its own process.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "training" / "configs" / "llama3-8b.yaml"
MODULE = "tests.benchmarks.bench_train_gpu"


def build(model_dir: Path, data_dir: Path, shape: str, records: int = 3000) -> None:
    """Random Llama-3-8B-shaped weights (bf16, saved) + the tiny tokenizer (`tiny`: the product's own tiny model)
    + prepared synthetic data."""
    from tests.benchmarks.bench_data_prep import synthetic_source
    from tests.benchmarks.random_llama import build_random_llama
    from training.data import prepare
    from training.tiny_model import build_tiny_base

    if shape == "tiny":
        if not (model_dir / "config.json").is_file():
            build_tiny_base(model_dir)
    else:
        build_random_llama(model_dir, shape)
    if not (data_dir / "full" / "train.jsonl").is_file():
        synthetic_source(data_dir.parent / "bench-src", records)
        prepare(str(data_dir.parent / "bench-src"), data_dir)


def reference_rows(tokenizer, data_dir: Path, count: int, seq: int) -> list[list[int]]:
    """The workshop's packing: every record's full chat text concatenated with EOS, cut into `seq`-token rows."""
    from training.prompts import CHAT_TEMPLATE

    tokenizer.chat_template = CHAT_TEMPLATE
    stream: list[int] = []
    for line in (data_dir / "full" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        text = tokenizer.apply_chat_template(json.loads(line)["messages"], tokenize=False)
        stream += tokenizer(text, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        if len(stream) >= seq * count:
            break
    return [stream[i * seq:(i + 1) * seq] for i in range(count)]


def _synchronize(device) -> None:
    import torch

    if device.type == "cuda":
        torch.cuda.synchronize()


def measure(model, params, make_batch, steps: int, warm: int, device, fused_adam: bool) -> dict:
    """Time `steps` optimizer steps after `warm` ones; tokens/s counts real tokens only (no padding exists)."""
    import torch

    from training.loop import peak_memory_gib

    optimizer = torch.optim.AdamW(params, lr=2e-4, weight_decay=0.0, fused=fused_adam)
    _synchronize(device)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    losses, tokens, started = [], 0, 0.0
    for i in range(warm + steps):
        if i == warm:
            _synchronize(device)
            started, tokens = time.time(), 0
        inputs, count = make_batch(i)
        with torch.autocast(device.type, dtype=torch.bfloat16):
            loss = model(**inputs, use_cache=False).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 0.3)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(round(float(loss), 4))
        tokens += count
    _synchronize(device)
    seconds = time.time() - started
    return {"tokens_per_s": round(tokens / seconds, 1), "step_s": round(seconds / steps, 3),
            "tokens_per_step": tokens // steps, "peak_gib": peak_memory_gib(device), "losses": losses}


def _trainable(model) -> list:
    model.train()
    return [p for p in model.parameters() if p.requires_grad]


def run_reference(settings: list[str], data_dir: Path, steps: int, seq: int, loss_steps: int) -> list[dict]:
    """The workshop's recipe on the product's loaded model: fixed rows, reentrant checkpointing, no Liger."""
    import torch

    from training.config import parse_config
    from training.distributed import init_distributed
    from training.model import load_model, load_tokenizer

    config = parse_config([*settings, "use_liger_kernel=false", "per_device_train_batch_size=1",
                           "gradient_checkpointing=false"])  # checkpointing enabled below the workshop's way
    dist_info = init_distributed()
    rows = reference_rows(load_tokenizer(config), data_dir, loss_steps + steps + 2, seq)

    def ref_batch(i: int):
        ids = torch.tensor([rows[i % len(rows)]], device=dist_info.device)
        return {"input_ids": ids, "labels": ids}, ids.numel()

    torch.manual_seed(0)
    model = load_model(config, dist_info, fused_loss=False).model
    model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": True})
    model.enable_input_require_grads()
    params = _trainable(model)
    check = measure(model, params, ref_batch, loss_steps, 0, dist_info.device, fused_adam=False)
    result = measure(model, params, lambda i: ref_batch(i + loss_steps), steps, 2, dist_info.device,
                     fused_adam=False)
    return [{"variant": "reference (workshop recipe)", "rows": 1, "checkpointing": True, **result,
             "loss_check": check["losses"]}]


def run_product(settings: list[str], data_dir: Path, steps: int, seq: int, loss_steps: int) -> list[dict]:
    """The product's settings: its plan (rows, checkpointing, attention), a memory saver, and sdpa attention."""
    import torch

    from training.batches import load_split
    from training.config import parse_config
    from training.distributed import init_distributed
    from training.model import apply_liger, load_model, load_tokenizer
    from training.packing import pack_samples

    config = parse_config([*settings, "use_liger_kernel=auto"])
    dist_info = init_distributed()
    device = dist_info.device
    tokenizer = load_tokenizer(config)
    rows = reference_rows(tokenizer, data_dir, loss_steps + steps + 2, seq)
    liger = apply_liger(config, dist_info)
    torch.manual_seed(0)
    loaded = load_model(config, dist_info, fused_loss=liger)  # the run's plan: rows, checkpointing, attention
    model, plan = loaded.model, loaded.plan
    params = _trainable(model)
    initial = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}

    def reset() -> None:
        with torch.no_grad():
            for n, p in model.named_parameters():
                if p.requires_grad:
                    p.copy_(initial[n])

    def ref_batch(i: int):
        ids = torch.tensor([rows[i % len(rows)]], device=device)
        return {"input_ids": ids, "labels": ids}, ids.numel()

    check = measure(model, params, ref_batch, loss_steps, 0, device, fused_adam=device.type == "cuda")
    samples, _ = load_split(config, "train", tokenizer)
    default = (plan.rows_per_micro_batch, plan.gradient_checkpointing)
    variants = [("product default", *default, plan.attention), ("memory saver", 1, True, plan.attention),
                ("memory saver", 2, True, plan.attention), ("product, sdpa attention", *default, "sdpa")]
    results = []
    for name, rows_per_batch, checkpointing, attention in variants:
        reset()
        if checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        else:
            model.gradient_checkpointing_disable()
        try:
            model.set_attn_implementation(attention)
        except Exception as exc:
            results.append({"variant": name, "error": f"attention {attention}: {exc!s:.200}"})
            continue
        batches = pack_samples(samples, seq * rows_per_batch)

        def packed(i: int, batches=batches):
            batch = batches[i % len(batches)]
            return batch.to_tensors(device), batch.num_tokens

        try:
            result = measure(model, params, packed, steps, 2, device, fused_adam=device.type == "cuda")
            results.append({"variant": name, "rows": rows_per_batch, "checkpointing": checkpointing,
                            "attention": attention, **result,
                            "padding_waste_if_padded": round(1 - sum(b.num_tokens for b in batches)
                                                             / (len(batches) * seq * rows_per_batch), 4)})
        except torch.cuda.OutOfMemoryError:
            results.append({"variant": name, "rows": rows_per_batch, "error": "out of memory"})
        if device.type == "cuda":
            torch.cuda.empty_cache()
    results[0]["loss_check"] = check["losses"]
    results[0]["plan"] = plan.record()
    return results


def run_variant(kind: str, model_dir: Path, data_dir: Path, out: Path, steps: int, seq: int, loss_steps: int) -> None:
    """The reference recipe, or the product's, writing OUT/bench_KIND.json."""
    settings = ["--config", str(CONFIG), f"base_model={model_dir}", f"data_dir={data_dir / 'full'}",
                "lora_dropout=0", f"max_seq_length={seq}"]
    results = (run_reference if kind == "reference" else run_product)(settings, data_dir, steps, seq, loss_steps)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"bench_{kind}.json").write_text(json.dumps(results, indent=1))
    for row in results:
        print(json.dumps({k: v for k, v in row.items() if k not in ("losses", "plan")}), flush=True)


def versions(device: str) -> dict[str, str]:
    import torch
    import transformers

    found = {"gpu": torch.cuda.get_device_name(0) if device == "cuda" else device, "torch": torch.__version__,
             "transformers": transformers.__version__}
    from importlib.metadata import PackageNotFoundError, version

    for name in ("peft", "bitsandbytes", "liger-kernel"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def report(rows: list[dict], shape: str) -> None:
    """The table of BENCHMARKS.md (tokens/s, step time, peak memory, MFU for the 8B shape, ratio to reference)."""
    reference = rows[0].get("tokens_per_s")
    flops_per_token = 4 * 8.03e9 if shape == "8b" else None
    print(f"{'variant':32} {'rows':>4} {'ckpt':>5} {'attn':>14} {'tok/s':>9} {'step s':>7} {'peak GiB':>8} "
          f"{'MFU':>6} {'x ref':>6}")
    for row in rows:
        if "error" in row:
            print(f"{row['variant']:32} ERROR {row['error']}")
            continue
        mfu = f"{row['tokens_per_s'] * flops_per_token / 989e12:.1%}" if flops_per_token else "-"
        ratio = f"{row['tokens_per_s'] / reference:.2f}" if reference else "-"
        print(f"{row['variant']:32} {row['rows']:>4} {str(row['checkpointing']):>5} "
              f"{row.get('attention', 'sdpa'):>14} {row['tokens_per_s']:>9.0f} {row['step_s']:>7.3f} "
              f"{row['peak_gib'] or 0:>8.2f} {mfu:>6} {ratio:>6}")
    ref_losses = rows[0].get("loss_check")
    product_losses = next((r.get("loss_check") for r in rows[1:] if r.get("loss_check")), None)
    print(f"loss check, same rows, same LoRA init: reference {ref_losses}\n"
          f"                                     product   {product_losses}")
    plan = next((r["plan"] for r in rows if "plan" in r), None)
    if plan:
        print(f"the product's plan: {plan['memory_reason']}; attention {plan['attention']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=Path("/tmp/llama8b-random"))
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "/tmp")))
    parser.add_argument("--shape", choices=["8b", "small", "tiny"], default="8b")
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda", help="cpu: the smoke run")
    parser.add_argument("--records", type=int, default=3000, help="synthetic records prepared (first run only)")
    parser.add_argument("--max-seq-length", type=int, default=2048)
    parser.add_argument("--loss-steps", type=int, default=6, help="steps of the loss check")
    parser.add_argument("--variant", choices=["reference", "product"])
    args = parser.parse_args(argv)
    data_dir = args.model.parent / "bench-data"
    if args.variant:
        run_variant(args.variant, args.model, data_dir, args.out, args.steps, args.max_seq_length, args.loss_steps)
        return 0
    build(args.model, data_dir, args.shape, args.records)
    for kind in ("reference", "product"):
        variant = ["--variant", kind, "--model", str(args.model), "--out", str(args.out), "--steps", str(args.steps),
                   "--max-seq-length", str(args.max_seq_length), "--loss-steps", str(args.loss_steps)]
        if args.device == "cpu":  # no Liger on a CPU, so nothing to keep apart: the smoke run stays in one process
            main(variant)
        else:  # Liger patches transformers' classes globally: each variant in its own process
            subprocess.run([sys.executable, "-m", MODULE, *variant], check=False)
    rows = []
    for kind in ("reference", "product"):
        path = args.out / f"bench_{kind}.json"
        rows += json.loads(path.read_text()) if path.exists() else [{"variant": kind, "error": "no result"}]
    found = versions(args.device)
    print("\n" + json.dumps(found))
    report(rows, args.shape)
    (args.out / "bench_summary.json").write_text(json.dumps({"versions": found, "rows": rows}, indent=1))
    return 0 if not any("error" in row for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
