"""Benchmark (not a test): serving a Llama-3-8B-shaped bf16 model on one GPU, the reference and the served
variants side by side in one run.

    python -m tests.benchmarks.bench_serve_gpu --model /tmp/l8s/m --out $OUT [--variants product,serve-plain]

- reference: plain `model.generate` with static batches of 1, 8 and 32 (greedy, exactly 128 new tokens), the
  perf-baseline's probe, in its own process.
- served variants: `serving.local_server.start` (the code `deploy --target local` runs): "product" is its
  automatic choice (the KoSum engine on a CUDA GPU), the others `transformers serve` with the flags named below, then the product's request (`serving.client.chat_payload`: system prompt + user prefix + article through
  the chat template, temperature 0.6, top_p 0.9) over HTTP with server-sent events. One summary = a 1,024-token
  prompt and 128 new tokens; latency of one summary is measured on 5 sequential requests (p50/p95, and the time
  to the first streamed piece); throughput is the generated tokens (the server's `usage`) of N concurrent
  requests, each with a different article, over the wall time from the first send to the last token. Requests go
  through one shared HTTP connection pool (as load generators do; a client per request spent ~0.45 s of the
  benchmark's own CPU on connection set-up before the first of 32 requests left).

The weights are random (`tests/benchmarks/random_llama.py`, `decodable=True`): text is gibberish but every
request generates exactly max_tokens, as a real summary capped at that length would.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROMPT_TOKENS = 1024
NEW_TOKENS = 128
LEVELS = (1, 8, 32)
VARIANTS = {
    "product": ("auto", []),
    "serve-plain": ("transformers", []),
    "serve-cb": ("transformers", ["--continuous-batching"]),
    "serve-cb-graphs": ("transformers", ["--continuous-batching", "--cb-use-cuda-graph"]),
}


def reference(model_dir: Path, out: Path) -> list[dict]:
    """The perf-baseline probe: static batches through `generate`, greedy, no early stop."""
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.bfloat16, device_map="cuda").eval()
    model.generation_config.eos_token_id = None
    rows = []
    for batch in LEVELS:
        ids = torch.randint(3, 2048, (batch, PROMPT_TOKENS), device="cuda")
        with torch.no_grad():
            model.generate(ids, max_new_tokens=4, min_new_tokens=4, do_sample=False)
            torch.cuda.synchronize()
            started = time.perf_counter()
            model.generate(ids, max_new_tokens=NEW_TOKENS, min_new_tokens=NEW_TOKENS, do_sample=False)
            torch.cuda.synchronize()
            seconds = time.perf_counter() - started
        rows.append({"variant": "reference-generate", "concurrent": batch, "seconds": round(seconds, 2),
                     "gen_tok_s": round(batch * NEW_TOKENS / seconds, 1),
                     "latency_s": round(seconds, 2)})
        print(json.dumps(rows[-1]), flush=True)
    (out / "serve_reference.json").write_text(json.dumps(rows))
    return rows


def profile_engine(model_dir: Path, out: Path) -> dict:
    """Where the time goes, without HTTP: the GPU time of one decode step per batch size (the compiled decoder layer
    against the eager one, and the cost of the length bucket), a kernel table of one step and of one prefill,
    batched prefill, and the engine alone serving 32 requests of 1,024 + 128 tokens."""
    import threading

    import torch

    from serving.engine import Request, SamplingParams
    from serving.engine.model_runner import decode_layer
    from serving.engine_server import load
    from tests.benchmarks.bench_decode_step import decode_step_ms

    engine, _ = load(model_dir, 32, 4096)
    runner = engine.runner
    started = time.perf_counter()
    engine.warm_up(1280)
    result: dict = {"warm_up_s": round(time.perf_counter() - started, 1), "graphs": len(runner.graphs)}

    def decode_ms(batch: int, length: int) -> float:
        return round(decode_step_ms(runner, batch, length, 50), 2)

    result["decode_ms"] = {batch: decode_ms(batch, 1152) for batch in (1, 8, 32)}
    result["decode_ms_len_1280"] = {batch: decode_ms(batch, 1280) for batch in (1, 32)}
    captured, compiled, pool = runner.graphs, runner.decode_layer, runner.pool
    runner.graphs, runner.decode_layer, runner.pool = {}, decode_layer, torch.cuda.graph_pool_handle()
    result["decode_ms_eager_layer"] = {batch: decode_ms(batch, 1152) for batch in (1, 32)}
    runner.graphs, runner.decode_layer, runner.pool = captured, compiled, pool
    print(json.dumps(result), flush=True)
    prompts = [list(range(3 + i, 3 + i + PROMPT_TOKENS)) for i in range(32)]
    sampling = SamplingParams(1, 0.6, 0.9)
    runner.prefill(prompts[:3], [sampling] * 3, 0)  # compile warm-up
    from torch.profiler import ProfilerActivity, profile

    tables = []
    for label, work in (("decode step, batch 32, eager launch", lambda: runner.decode_step(32, 1152)),
                        ("prefill 8 x 1024", lambda: runner.prefill(
                            prompts[:8], [sampling] * 8, 0))):
        work()
        torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            work()
            torch.cuda.synchronize()
        events = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
        tables.append(f"## {label}: {len(events)} kernels, "
                      f"{sum(e.device_time_total for e in events) / 1000:.2f} ms of kernel time\n"
                      + prof.key_averages().table(sort_by="device_time_total", row_limit=25, max_name_column_width=70))
    (out / "engine_kernels.txt").write_text("\n\n".join(tables))
    for size in (8, 32):
        torch.cuda.synchronize()
        started = time.perf_counter()
        for first in range(0, 32, size):
            runner.prefill(prompts[first:first + size], [sampling] * size, 0)
        torch.cuda.synchronize()
        result[f"prefill_32x1024_s_batches_of_{size}"] = round(time.perf_counter() - started, 3)
    done = threading.Event()
    finished: list[str] = []

    def emit(token, finish):
        if finish is not None:
            finished.append(finish)
            if len(finished) == 32:
                done.set()

    engine.eos = set()
    engine.trace = (out / "engine_only_trace.jsonl").open("w")
    engine.start()
    started = time.perf_counter()
    for p in prompts:
        engine.submit(Request(p, SamplingParams(NEW_TOKENS, 0.6, 0.9), emit))
    done.wait(120)
    wall = time.perf_counter() - started
    engine.stop()
    result["engine_only_32"] = {"seconds": round(wall, 2), "gen_tok_s": round(32 * NEW_TOKENS / wall, 1)}
    print(json.dumps(result), flush=True)
    (out / "engine_profile.json").write_text(json.dumps(result))
    return result


def articles(tokenizer, count: int) -> list[str]:
    """`count` different articles from the bundled sample, each cut so the whole prompt is ~PROMPT_TOKENS."""
    from training.data import clean_text, load_source
    from training.prompts import build_messages

    splits, _ = load_source("training/sample_data")
    corpus = " ".join(clean_text(row["document"]) for rows in splits.values() for row in rows)
    corpus = (corpus + " ") * 20

    def prompt_tokens(text: str) -> int:
        return len(tokenizer.apply_chat_template(build_messages(text), add_generation_prompt=True, tokenize=True,
                                                 return_dict=True)["input_ids"])

    result = []
    for index in range(count):
        start = (index * 7919) % (len(corpus) // 2)
        chars = 1500
        for _ in range(6):
            chars = max(50, int(chars * PROMPT_TOKENS / prompt_tokens(corpus[start:start + chars])))
        result.append(corpus[start:start + chars])
    return result


def one_request(http, url: str, model: str, article: str, max_tokens: int) -> dict:
    from serving.client import GenerationSettings, chat_payload

    payload = chat_payload(article, GenerationSettings(max_tokens=max_tokens), model)
    started = time.perf_counter()
    first, usage, pieces = None, {}, 0
    with http.stream("POST", f"{url}/v1/chat/completions", json=payload, timeout=900) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data:") or line[5:].strip() == "[DONE]":
                continue
            chunk = json.loads(line[5:])
            if "error" in chunk:
                raise RuntimeError(chunk["error"])
            delta = ((chunk.get("choices") or [{}])[0].get("delta") or {}).get("content")
            if delta:
                pieces += 1
                first = first if first is not None else time.perf_counter() - started
            usage = chunk.get("usage") or usage
    return {"seconds": time.perf_counter() - started, "first_s": first, "pieces": pieces,
            "completion_tokens": usage.get("completion_tokens", 0), "prompt_tokens": usage.get("prompt_tokens", 0)}


def concurrent(http, url: str, model: str, texts: list[str], max_tokens: int) -> tuple[float, list[dict]]:
    with ThreadPoolExecutor(len(texts)) as pool:
        started = time.perf_counter()
        results = list(pool.map(lambda text: one_request(http, url, model, text, max_tokens), texts))
    return time.perf_counter() - started, results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(results: list[dict]) -> dict:
    seconds = [r["seconds"] for r in results]
    return {"latency_p50_s": round(statistics.median(seconds), 2), "latency_p95_s": round(pct(seconds, 0.95), 2),
            "first_piece_p50_s": round(statistics.median(r["first_s"] or 0 for r in results), 3)}


def serve_variant(name: str, model_dir: Path, out: Path, texts: list[str]) -> list[dict]:
    import httpx

    from serving import local_server
    from training import processes

    model = str(model_dir.resolve())
    engine, flags = VARIANTS[name]
    os.environ["KOSUM_ENGINE_TRACE"] = str(out / f"server_trace_{name}.jsonl")  # the KoSum engine's steps
    server = local_server.start(model_dir, out / f"server_{name}.log", engine=engine, extra_args=flags)
    rows = []
    http = httpx.Client(limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))  # one pool, as load tools keep
    try:
        started = time.perf_counter()
        local_server.wait_healthy(server.url, server.handle.pid, server.handle.create_time, timeout_s=600)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        for level in LEVELS:
            concurrent(http, server.url, model, texts[:level], 8)
        warm_s = time.perf_counter() - started
        print(f"{name}: {server.engine} {flags} healthy in {load_s:.0f}s, warm-up {warm_s:.0f}s", flush=True)
        singles = [one_request(http, server.url, model, texts[i], NEW_TOKENS) for i in range(5)]
        rows.append({"variant": name, "concurrent": 1, "gen_tok_s": round(
            sum(r["completion_tokens"] for r in singles) / sum(r["seconds"] for r in singles), 1), **latency(singles),
            "prompt_tokens": singles[0]["prompt_tokens"], "completion_tokens": singles[0]["completion_tokens"],
            "load_s": round(load_s), "warmup_s": round(warm_s)})
        print(json.dumps(rows[-1]), flush=True)
        for level in LEVELS[1:]:
            if name == "serve-plain" and level > 8:
                continue
            wall, results = concurrent(http, server.url, model, texts[-level:], NEW_TOKENS)
            rows.append({"variant": name, "concurrent": level, "seconds": round(wall, 2), "ended_at": round(time.perf_counter(), 3),
                         "gen_tok_s": round(sum(r["completion_tokens"] for r in results) / wall, 1),
                         **latency(results), "completion_tokens": sum(r["completion_tokens"] for r in results)})
            print(json.dumps(rows[-1]), flush=True)
    except Exception as error:
        rows.append({"variant": name, "error": f"{type(error).__name__}: {error}"})
        print(json.dumps(rows[-1]), flush=True)
        print(processes.tail(server.handle.log_path, 40), flush=True)
    finally:
        http.close()
        local_server.stop(server.handle.pid, server.handle.create_time)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--variants", default="product,serve-plain")
    parser.add_argument("--reference-only", action="store_true")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--profile", action="store_true", help="also time the engine's parts in-process")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.reference_only:
        reference(args.model, args.out)
        return

    from tests.benchmarks.random_llama import build_random_llama
    from transformers import AutoTokenizer

    build_random_llama(args.model, "8b", decodable=True)
    rows = []
    if not args.no_reference:
        subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_serve_gpu", "--reference-only",
                        "--model", str(args.model), "--out", str(args.out)], check=True)
        rows += json.loads((args.out / "serve_reference.json").read_text())
    if args.profile:
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from tests.benchmarks.bench_serve_gpu import profile_engine; "
                        "profile_engine(Path(sys.argv[1]), Path(sys.argv[2]))", str(args.model), str(args.out)],
                       check=False)
    texts = articles(AutoTokenizer.from_pretrained(args.model), 40)
    for name in args.variants.split(","):
        rows += serve_variant(name, args.model, args.out, texts)
    import torch
    import transformers

    summary = {"gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu", "torch": torch.__version__,
               "transformers": transformers.__version__, "prompt_tokens": PROMPT_TOKENS, "new_tokens": NEW_TOKENS,
               "rows": rows}
    (args.out / "serve_summary.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
