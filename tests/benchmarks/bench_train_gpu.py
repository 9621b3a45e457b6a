"""Benchmark (not a test): the workshop recipe against the product's training step, side by side, one GPU.

    python -m tests.benchmarks.bench_train_gpu --model /tmp/llama8b --out $OUT [--shape 8b|small]

Both load the same Llama-3-8B-shaped random model (saved, then loaded with `from_pretrained` + bitsandbytes NF4,
double quant, bf16 compute and storage), LoRA r=16 alpha 8 on all linear layers, the same prepared data and
max sequence length 2048.

- reference: the workshop's SFT recipe: fixed 2048-token rows cut from the concatenated records (TRL's old
  ConstantLengthDataset: samples attend across boundaries), loss on every token, micro-batch 1, gradient
  checkpointing (reentrant), unfused AdamW, plain transformers kernels.
- product: `training/train.py`'s own functions with their defaults: padding-free packing with per-sample position
  ids, Liger kernels (fused linear cross-entropy: no fp32 logits), micro-batch and checkpointing chosen from free
  GPU memory, fused AdamW; and a memory-saver setting (checkpointing on).

Loss check: both kernel sets train 6 steps from the same LoRA initialisation on the same reference rows; their
per-step losses must agree within bf16 noise. Liger patches transformers' classes globally, so the reference runs
in its own process.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SEQ = 2048
LOSS_STEPS = 6


def build(model_dir: Path, data_dir: Path, shape: str) -> None:
    """Random Llama-3-8B-shaped weights (bf16, saved) + the tiny tokenizer + prepared synthetic data."""
    from tests.benchmarks.bench_data_prep import synthetic_source
    from tests.benchmarks.random_llama import build_random_llama
    from training.data import prepare

    build_random_llama(model_dir, shape)
    if not (data_dir / "full" / "train.jsonl").is_file():
        synthetic_source(data_dir.parent / "bench-src", 3000)
        prepare(str(data_dir.parent / "bench-src"), data_dir)


def reference_rows(tokenizer, data_dir: Path, count: int) -> list[list[int]]:
    """The workshop's packing: every record's full chat text concatenated with EOS, cut into 2048-token rows."""
    from training.prompts import CHAT_TEMPLATE

    tokenizer.chat_template = CHAT_TEMPLATE
    stream: list[int] = []
    for line in (data_dir / "full" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        text = tokenizer.apply_chat_template(json.loads(line)["messages"], tokenize=False)
        stream += tokenizer(text, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        if len(stream) >= SEQ * count:
            break
    return [stream[i * SEQ:(i + 1) * SEQ] for i in range(count)]


def measure(model, params, make_batch, steps: int, warm: int, fused_adam: bool) -> dict:
    """Time `steps` optimizer steps after `warm` ones; tokens/s counts real tokens only (no padding exists)."""
    import torch

    optimizer = torch.optim.AdamW(params, lr=2e-4, weight_decay=0.0, fused=fused_adam)
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    losses, tokens, started = [], 0, 0.0
    for i in range(warm + steps):
        if i == warm:
            torch.cuda.synchronize()
            started, tokens = time.time(), 0
        inputs, count = make_batch(i)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(**inputs, use_cache=False).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 0.3)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(round(float(loss), 4))
        tokens += count
    torch.cuda.synchronize()
    seconds = time.time() - started
    return {"tokens_per_s": round(tokens / seconds, 1), "step_s": round(seconds / steps, 3),
            "tokens_per_step": tokens // steps, "peak_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2),
            "losses": losses}


def run_variant(kind: str, model_dir: Path, data_dir: Path, out: Path, steps: int) -> None:
    """One process: the reference recipe, or the product's settings (default, memory saver, attention kernels)."""
    import torch

    from training import train as product
    from training.packing import pack_samples

    config = product.parse_config(["--config", str(Path(product.__file__).parent / "configs" / "llama3-8b.yaml"),
                                   f"base_model={model_dir}", f"data_dir={data_dir / 'full'}", "lora_dropout=0"])
    dist_info = product.init_distributed()
    tokenizer = product.load_tokenizer(config)
    rows = reference_rows(tokenizer, data_dir, LOSS_STEPS + steps + 2)
    results = []

    def ref_batch(i: int):
        ids = torch.tensor([rows[i % len(rows)]], device="cuda")
        return {"input_ids": ids, "labels": ids}, ids.numel()

    if kind == "reference":
        config.use_liger_kernel = "false"
        config.gradient_checkpointing = "false"  # enabled below the workshop's way (reentrant)
        config.per_device_train_batch_size = 1
        torch.manual_seed(0)
        model, _ = product.load_model(config, dist_info)
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": True})
        model.enable_input_require_grads()
        model.train()
        params = [p for p in model.parameters() if p.requires_grad]
        check = measure(model, params, ref_batch, LOSS_STEPS, 0, fused_adam=False)
        result = measure(model, params, lambda i: ref_batch(i + LOSS_STEPS), steps, 2, fused_adam=False)
        results.append({"variant": "reference (workshop recipe)", "rows": 1, "checkpointing": True, **result,
                        "loss_check": check["losses"]})
    else:
        config.use_liger_kernel = "auto"
        product.apply_liger(config, dist_info)
        torch.manual_seed(0)
        model, _ = product.load_model(config, dist_info)  # resolves the memory plan (rows, checkpointing)
        model.train()
        params = [p for p in model.parameters() if p.requires_grad]
        initial = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}

        def reset() -> None:
            with torch.no_grad():
                for n, p in model.named_parameters():
                    if p.requires_grad:
                        p.copy_(initial[n])

        check = measure(model, params, ref_batch, LOSS_STEPS, 0, fused_adam=True)
        samples, _ = product.load_split(config, "train", tokenizer)
        plans = [("product default", config.per_device_train_batch_size, config.gradient_checkpointing == "true",
                  config.attn_implementation)]
        plans += [("memory saver", 1, True, config.attn_implementation),
                  ("memory saver", 2, True, config.attn_implementation),
                  ("product, sdpa attention", config.per_device_train_batch_size,
                   config.gradient_checkpointing == "true", "sdpa")]
        for name, rows_per_batch, checkpointing, attention in plans:
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
            batches = pack_samples(samples, SEQ * rows_per_batch)

            def packed(i: int, batches=batches):
                batch = batches[i % len(batches)]
                t = batch.to_tensors("cuda")
                return t, batch.num_tokens

            try:
                result = measure(model, params, packed, steps, 2, fused_adam=True)
                results.append({"variant": name, "rows": rows_per_batch, "checkpointing": checkpointing,
                                "attention": attention, **result,
                                "padding_waste_if_padded": round(1 - sum(b.num_tokens for b in batches)
                                                                 / (len(batches) * SEQ * rows_per_batch), 4)})
            except torch.cuda.OutOfMemoryError:
                results.append({"variant": name, "rows": rows_per_batch, "error": "out of memory"})
            torch.cuda.empty_cache()
        results[0]["loss_check"] = check["losses"]
    (out / f"bench_{kind}.json").write_text(json.dumps(results, indent=1))
    for row in results:
        print(json.dumps({k: v for k, v in row.items() if k != "losses"}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=Path("/tmp/llama8b-random"))
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "/tmp")))
    parser.add_argument("--shape", choices=["8b", "small"], default="8b")
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--variant", choices=["reference", "product"])
    args = parser.parse_args()
    data_dir = args.model.parent / "bench-data"
    if args.variant:
        run_variant(args.variant, args.model, data_dir, args.out, args.steps)
        return
    import torch
    import transformers

    build(args.model, data_dir, args.shape)
    for kind in ("reference", "product"):
        subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_train_gpu", "--variant", kind,
                        "--model", str(args.model), "--out", str(args.out), "--steps", str(args.steps)], check=False)
    rows = []
    for kind in ("reference", "product"):
        path = args.out / f"bench_{kind}.json"
        rows += json.loads(path.read_text()) if path.exists() else [{"variant": kind, "error": "no result"}]
    versions = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
                "transformers": transformers.__version__}
    from importlib.metadata import PackageNotFoundError, version

    for name in ("peft", "bitsandbytes", "liger-kernel"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "missing"
    reference = rows[0].get("tokens_per_s")
    flops_per_token = 4 * 8.03e9 if args.shape == "8b" else None
    print("\n" + json.dumps(versions))
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
              f"{row['peak_gib']:>8.2f} {mfu:>6} {ratio:>6}")
    ref_losses = rows[0].get("loss_check")
    product_losses = next((r.get("loss_check") for r in rows[1:] if r.get("loss_check")), None)
    print(f"loss check, same rows, same LoRA init: reference {ref_losses}\n"
          f"                                     product   {product_losses}")
    (args.out / "bench_summary.json").write_text(json.dumps({"versions": versions, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
