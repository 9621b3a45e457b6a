"""Benchmark (not a test), issue #28 (b): prompt lookup with a real model whose output is a real summary (the
product's fine-tuned `smol` demo model, or any merged Llama-architecture folder). The same prompts (the product's
chat template over the bundled Korean articles of training/sample_data and the hold-out-style ones beside this
file) go through the KoSum engine in this process, one request at a time, with lookup at each k (0 = off): tokens
per step (mean and distribution), generated tokens/s, and whether greedy output is identical to k = 0.

    python3 -m tests.benchmarks.bench_lookup_real --model DIR --out $OUT [--ks 0,2,4,6,8] [--max-tokens 256]
        [--sampled-ks 0,6]

Greedy output with lookup equals plain decoding exactly on the CPU (tests/serving/test_engine_lookup.py); in bf16 on
a GPU a verify step's GEMMs have other shapes than a decode step's, so a near-tie between two tokens may fall the
other way: the first differing position is printed. `--sampled-ks` adds passes at the product's settings
(temperature 0.6, top_p 0.9). `--device cpu --limit 2` is the CI smoke run. The JSON written
(`lookup_acceptance_real.json`) holds greedy tokens per step by k: an input of `bench_verify_step --acceptance`.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

HOLDOUT = Path(__file__).with_name("holdout_articles.jsonl")


def articles(limit: int | None) -> list[tuple[str, str]]:
    """(set, document): every bundled article, then the hold-out-style ones."""
    from training.data import BUNDLED_SAMPLE, clean_text, load_source

    splits, _ = load_source(str(BUNDLED_SAMPLE))
    bundled = [("bundled", clean_text(row["document"])) for rows in splits.values() for row in rows]
    holdout = [("holdout", json.loads(line)["document"]) for line in HOLDOUT.read_text(encoding="utf-8").splitlines()]
    chosen = bundled + holdout
    return chosen if limit is None else bundled[:limit // 2] + holdout[:limit - limit // 2]


def run_pass(engine, prompts: list[list[int]], max_tokens: int, temperature: float, top_p: float) -> dict:
    """Each prompt alone through the engine's steps; per prompt its tokens and seconds, and the pass's steps."""
    from serving.engine import Request, SamplingParams

    engine.tokens_per_step.clear()
    engine.steps.clear()
    outputs, seconds = [], []
    for prompt in prompts:
        tokens: list[int] = []
        finished: list[str] = []

        def emit(token, finish):
            if token is not None:
                tokens.append(token)
            else:
                finished.append(finish)

        started = time.perf_counter()
        engine.submit(Request(prompt, SamplingParams(max_tokens, temperature, top_p), emit))
        while not finished:
            engine.step()
        seconds.append(time.perf_counter() - started)
        engine.drain()
        outputs.append(tokens)
    histogram = dict(sorted(engine.tokens_per_step.items()))
    steps = sum(histogram.values())
    return {"outputs": outputs, "seconds": seconds, "histogram": histogram, "steps": dict(engine.steps),
            "tokens_per_step": round(sum(n * c for n, c in histogram.items()) / max(1, steps), 3)}


def first_difference(a: list[int], b: list[int]) -> int | None:
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return None if len(a) == len(b) else min(len(a), len(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--ks", default="0,2,4,6,8")
    parser.add_argument("--sampled-ks", default="0,6")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--limit", type=int, help="only this many articles (half bundled, half hold-out)")
    parser.add_argument("--device", default="cuda")
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from serving.engine import Engine, LookupSettings
    from serving.engine.model_runner import eos_ids
    from training.prompts import build_messages

    ks = [int(k) for k in args.ks.split(",")]
    sampled_ks = [int(k) for k in args.sampled_ks.split(",") if k]
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    chosen = articles(args.limit)
    prompts = [tokenizer.apply_chat_template(build_messages(text), add_generation_prompt=True, tokenize=True,
                                             return_dict=True)["input_ids"] for _, text in chosen]
    dtype = torch.bfloat16 if args.device == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=dtype, device_map=args.device)
    longest = max(map(len, prompts)) + args.max_tokens + 16
    engine = Engine(model, eos_ids(model, tokenizer), slots=8, max_len=max(4096, longest),
                    lookup=LookupSettings(k=max(ks + sampled_ks)))
    started = time.perf_counter()
    warmed = engine.warm_up(longest)
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict = {"model": str(args.model), "articles": {"bundled": sum(s == "bundled" for s, _ in chosen),
                    "holdout": sum(s == "holdout" for s, _ in chosen)}, "max_tokens": args.max_tokens,
                    "prompt_tokens_mean": round(sum(map(len, prompts)) / len(prompts), 1), "warm_up": warmed,
                    "warm_up_s": round(time.perf_counter() - started, 1), "passes": []}
    print(json.dumps({k: v for k, v in result.items() if k != "passes"}), flush=True)
    plain: list[list[int]] | None = None
    for temperature, top_p, pass_ks in ((0.0, 1.0, ks), (0.6, 0.9, sampled_ks)):
        for k in pass_ks:
            engine.scheduler.lookup = LookupSettings(k=k)
            engine.runner.capture(longest, [(k + 1, 1)])  # this width's graphs before timing
            try:
                outcome = run_pass(engine, prompts, args.max_tokens, temperature, top_p)
            except Exception as error:  # reported, and the other passes still run
                result["passes"].append({"k": k, "temperature": temperature,
                                         "failed": f"{type(error).__name__}: {str(error)[:300]}"})
                print(json.dumps(result["passes"][-1]), flush=True)
                continue
            generated = sum(map(len, outcome["outputs"]))
            row = {"k": k, "temperature": temperature, "top_p": top_p, "generated": generated,
                   "tokens_s": round(generated / sum(outcome["seconds"]), 1),
                   "tokens_per_step": outcome["tokens_per_step"], "histogram": outcome["histogram"],
                   "steps": outcome["steps"]}
            if temperature == 0 and k == 0:
                plain = outcome["outputs"]
            elif temperature == 0 and plain is not None:
                differences = [first_difference(a, b) for a, b in zip(plain, outcome["outputs"])]
                row["identical_to_k0"] = sum(d is None for d in differences)
                row["first_differences"] = [d for d in differences if d is not None]
            if temperature == 0 and k == ks[0]:
                row["example"] = tokenizer.decode(outcome["outputs"][-1], skip_special_tokens=True)[:300]
            result["passes"].append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            (args.out / "lookup_real.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    greedy = {r["k"]: r["tokens_per_step"] for r in result["passes"] if r.get("temperature") == 0 and "failed" not in r}
    off = next((r["tokens_s"] for r in result["passes"] if r.get("k") == 0 and r.get("temperature") == 0), None)
    for row in result["passes"]:
        if off and "tokens_s" in row and row["temperature"] == 0:
            row["speed_up_vs_k0"] = round(row["tokens_s"] / off, 2)
    (args.out / "lookup_real.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    (args.out / "lookup_acceptance_real.json").write_text(json.dumps({"model": str(args.model),
                                                                      "tokens_per_step": greedy}, indent=1))
    print(json.dumps({"tokens_per_step": greedy, "speed_up_vs_k0": {r["k"]: r.get("speed_up_vs_k0") for r in
                      result["passes"] if r.get("temperature") == 0}}), flush=True)


if __name__ == "__main__":
    main()
