"""Benchmark (not a test): serving a Llama-3-8B-shaped bf16 model on one GPU, the reference and the served
variants side by side in one run.

    python -m tests.benchmarks.bench_serve_gpu --model /tmp/l8s/m --out $OUT [--variants product,lookup-off]

- reference: plain `model.generate` with static batches of 1, 8 and 32 (greedy, exactly 128 new tokens), the
  perf-baseline's probe, in its own process.
- served variants: `serving.local_server.start` (the code `deploy --target local` runs): "product" is its
  automatic choice (the KoSum engine on a CUDA GPU, prompt lookup on), "lookup-off" the KoSum engine with
  `--lookup-k 0`, the others `transformers serve` with the flags named below, then the product's request
  (`serving.client.chat_payload`: system prompt + user prefix + article through
  the chat template, temperature 0.6, top_p 0.9) over HTTP with server-sent events. One summary = a 1,024-token
  prompt and 128 new tokens; latency of one summary is measured on 5 sequential requests (p50/p95, and the time
  to the first streamed piece); throughput is the generated tokens (the server's `usage`) of N concurrent
  requests, each with a different article, over the wall time from the first send to the last token. Requests go
  through one shared HTTP connection pool (as load generators do; a client per request spent ~0.45 s of the
  benchmark's own CPU on connection set-up before the first of 32 requests left).
- the first request after the server reports healthy (what a user of `deploy` meets: time to the first streamed
  piece and to the end) against the warm single requests; for the KoSum engine, the verify steps and accepted
  drafts from its step trace.

`--smoke` runs every part of it on the CPU with a tiny random model, one request per part (the CI smoke run in
tests/benchmarks/test_smoke_serving.py; numbers not meaningful).

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
from dataclasses import dataclass
from pathlib import Path

VARIANTS = {
    "product": ("auto", []),
    "lookup-off": ("kosum", ["--lookup-k", "0"]),
    "serve-plain": ("transformers", []),
    "serve-cb": ("transformers", ["--continuous-batching"]),
    "serve-cb-graphs": ("transformers", ["--continuous-batching", "--cb-use-cuda-graph"]),
}


@dataclass(frozen=True)
class Plan:
    """The sizes of one run: the GPU measurement, or the CPU smoke run of the same code."""

    shape: str = "8b"
    prompt_tokens: int = 1024
    new_tokens: int = 128
    levels: tuple[int, ...] = (1, 8, 32)
    singles: int = 5
    repeats: int = 50  # decode steps per timing in the profile
    device: str = "cuda"
    engine: str | None = None  # None: each variant's own; the smoke run forces the KoSum engine on the CPU


SMOKE = Plan(shape="smoke", prompt_tokens=64, new_tokens=4, levels=(1,), singles=1, repeats=2, device="cpu",
             engine="kosum")


def synchronize(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.synchronize()


def reference(model_dir: Path, out: Path, plan: Plan) -> list[dict]:
    """The perf-baseline probe: static batches through `generate`, greedy, no early stop."""
    import torch
    from transformers import AutoModelForCausalLM

    dtype = torch.bfloat16 if plan.device == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype, device_map=plan.device).eval()
    model.generation_config.eos_token_id = None
    rows = []
    for batch in plan.levels:
        ids = torch.randint(3, 2048, (batch, plan.prompt_tokens), device=plan.device)
        with torch.no_grad():
            model.generate(ids, max_new_tokens=4, min_new_tokens=4, do_sample=False)
            synchronize(plan.device)
            started = time.perf_counter()
            model.generate(ids, max_new_tokens=plan.new_tokens, min_new_tokens=plan.new_tokens, do_sample=False)
            synchronize(plan.device)
            seconds = time.perf_counter() - started
        rows.append({"variant": "reference-generate", "concurrent": batch, "seconds": round(seconds, 2),
                     "gen_tok_s": round(batch * plan.new_tokens / seconds, 1),
                     "latency_s": round(seconds, 2)})
        print(json.dumps(rows[-1]), flush=True)
    (out / "serve_reference.json").write_text(json.dumps(rows))
    return rows


def profile_engine(model_dir: Path, out: Path, plan: Plan) -> dict:
    """Where the time goes, without HTTP: the time of one decode step per batch size (the compiled decoder layer
    against the eager one, and the cost of the length bucket), a kernel table of one step and of one prefill,
    batched prefill, and the engine alone serving 32 requests of 1,024 + 128 tokens."""
    import threading

    import torch
    from torch.profiler import ProfilerActivity, profile

    from serving.engine import Request, SamplingParams
    from serving.engine.layers import decoder_layer
    from serving.engine_server import load
    from tests.benchmarks.bench_decode_step import decode_step_ms

    engine, _ = load(model_dir, 32, 4096)
    runner = engine.runner
    started = time.perf_counter()
    result: dict = {"warm_up": engine.warm_up(plan.prompt_tokens + 256)}
    result.update({"warm_up_s": round(time.perf_counter() - started, 1), "graphs": len(runner.graphs)})
    prompts = [list(range(3 + i, 3 + i + plan.prompt_tokens)) for i in range(32)]
    result["first_requests_after_warm_up"] = first_requests(engine, prompts, plan, out)
    print(json.dumps(result), flush=True)
    length = plan.prompt_tokens + 128

    def decode_ms(batch: int, positions: int) -> float:
        return round(decode_step_ms(runner, batch, positions, plan.repeats), 2)

    result["decode_ms"] = {batch: decode_ms(batch, length) for batch in plan.levels}
    result["decode_ms_longer_bucket"] = {batch: decode_ms(batch, length + 128) for batch in plan.levels[::2]}
    captured, compiled, pool = runner.graphs, runner.decoder_layer, runner.pool
    runner.graphs, runner.decoder_layer = {}, decoder_layer
    runner.pool = torch.cuda.graph_pool_handle() if runner.use_graphs else None
    result["decode_ms_eager_layer"] = {batch: decode_ms(batch, length) for batch in plan.levels[::2]}
    runner.graphs, runner.decoder_layer, runner.pool = captured, compiled, pool
    print(json.dumps(result), flush=True)
    sampling = SamplingParams(1, 0.6, 0.9)
    batch = plan.levels[-1]
    activity = ProfilerActivity.CUDA if plan.device == "cuda" else ProfilerActivity.CPU
    tables = []
    for label, layer, work in (
            (f"decode step, batch {batch}, eager launch", compiled, lambda: runner.step(batch, length, 1)),
            (f"prefill 32 x {plan.prompt_tokens}, compiled layer", compiled,
             lambda: runner.prefill(prompts, [sampling] * 32, 0)),
            (f"prefill 32 x {plan.prompt_tokens}, eager layer", decoder_layer,
             lambda: runner.prefill(prompts, [sampling] * 32, 0))):
        runner.decoder_layer = layer
        work()
        synchronize(plan.device)
        with profile(activities=[activity]) as prof:
            work()
            synchronize(plan.device)
        tables.append(f"## {label}: {len(prof.events())} events\n"
                      + prof.key_averages().table(sort_by="self_device_time_total" if plan.device == "cuda"
                                                  else "self_cpu_time_total", row_limit=25, max_name_column_width=70))
    (out / "engine_kernels.txt").write_text("\n\n".join(tables))
    for label, layer, size in (("", compiled, 8), ("", compiled, 32), ("_eager_layer", decoder_layer, 32)):
        runner.decoder_layer = layer
        synchronize(plan.device)
        started = time.perf_counter()
        for first in range(0, 32, size):
            runner.prefill(prompts[first:first + size], [sampling] * size, 0)
        synchronize(plan.device)
        result[f"prefill_32x{plan.prompt_tokens}_s_batches_of_{size}{label}"] = round(time.perf_counter() - started, 3)
    runner.decoder_layer = compiled
    result[f"prefill_32x{plan.prompt_tokens}_s_repeated_kv"] = prefill_with_repeated_kv(runner, prompts, sampling, plan)
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
    for prompt in prompts:
        engine.submit(Request(prompt, SamplingParams(plan.new_tokens, 0.6, 0.9), emit))
    done.wait(300)
    wall = time.perf_counter() - started
    engine.stop()
    result["engine_only_32"] = {"seconds": round(wall, 2), "gen_tok_s": round(32 * plan.new_tokens / wall, 1),
                                "finished": len(finished), "steps": dict(engine.steps)}
    print(json.dumps(result), flush=True)
    (out / "engine_profile.json").write_text(json.dumps(result))
    return result


def articles(tokenizer, count: int, prompt_tokens: int) -> list[str]:
    """`count` different articles from the bundled sample, each cut so the whole prompt is ~`prompt_tokens`."""
    from training.data import clean_text, load_source
    from training.prompts import build_messages

    splits, _ = load_source("training/sample_data")
    corpus = " ".join(clean_text(row["document"]) for rows in splits.values() for row in rows)
    corpus = (corpus + " ") * 20

    def length(text: str) -> int:
        return len(tokenizer.apply_chat_template(build_messages(text), add_generation_prompt=True, tokenize=True,
                                                 return_dict=True)["input_ids"])

    result = []
    for index in range(count):
        start = (index * 7919) % (len(corpus) // 2)
        chars = 1500
        for _ in range(6):
            chars = max(50, int(chars * prompt_tokens / length(corpus[start:start + chars])))
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


def trace_summary(path: Path) -> dict:
    """The KoSum engine's steps from its trace: how many verified drafts, and how many of those were accepted."""
    if not path.is_file():
        return {}
    steps = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    verify = [step for step in steps if "width" in step]
    later = next((i for i, step in enumerate(steps) if i and step["admitted"]), len(steps))
    cold = steps[:later]  # the first request after healthy, up to the next admission
    slowest = sorted(cold, key=lambda step: -(step["prefill_ms"] + step["decode_ms"]))[:5]
    return {"steps": len(steps), "verify_steps": len(verify), "drafted": sum(s["drafted"] for s in verify),
            "accepted": sum(s["accepted"] for s in verify),
            "first_request": {"steps": len(cold), "verify_steps": sum("width" in step for step in cold),
                              "slowest_steps": [{"index": cold.index(step), **step} for step in slowest]}}


def attend_prompt_repeated_kv(q, k, v, bias, scale: float):
    """The prefill attention before `enable_gqa`: keys and values repeated per query head, then SDPA."""
    import torch
    import torch.nn.functional as F

    batch, seq, heads, head_dim = q.shape
    before = k.shape[2] - seq
    if before:
        q = torch.cat([q.new_zeros(batch, before, heads, head_dim), q], dim=1)
    groups = heads // k.shape[1]
    k, v = k.repeat_interleave(groups, dim=1), v.repeat_interleave(groups, dim=1)
    out = F.scaled_dot_product_attention(q.transpose(1, 2), k, v, is_causal=True, scale=scale)
    return out.transpose(1, 2)[:, before:].reshape(batch, seq, -1)


def prefill_with_repeated_kv(runner, prompts: list[list[int]], sampling, plan: Plan) -> float:
    """Seconds of the 32-prompt prefill (one batch) with the attention the layer used before `enable_gqa`,
    compiled as the engine compiles (the warm-up's stance is lifted for it, then put back)."""
    import torch

    from serving.engine import layers

    kept, stance = layers.attend_prompt, hasattr(torch.compiler, "set_stance")
    layers.attend_prompt = attend_prompt_repeated_kv
    if stance:
        torch.compiler.set_stance("default")
    try:
        runner.prefill(prompts, [sampling] * 32, 0)  # compiles the variant
        synchronize(plan.device)
        started = time.perf_counter()
        runner.prefill(prompts, [sampling] * 32, 0)
        synchronize(plan.device)
        return round(time.perf_counter() - started, 3)
    finally:
        layers.attend_prompt = kept
        if stance and runner.compiled:
            torch.compiler.set_stance("eager_on_recompile")


def first_requests(engine, prompts: list[list[int]], plan: Plan, out: Path) -> list[dict]:
    """The first three requests after warm-up (a prompt 24 tokens shorter, then two of the full length): whether
    the first is slow whatever its length. The first runs under the profiler (CPU and CUDA, started once before so
    its own start-up is not counted), its table in first_request_profile.txt; recompiles are logged."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if plan.device == "cuda" else [])
    with profile(activities=activities):
        torch.ones(1, device=engine.runner.device).add_(1)
    torch._logging.set_logs(recompiles=True)
    shorter = prompts[29][:plan.prompt_tokens - 24]
    with profile(activities=activities) as prof:
        rows = [one_engine_request(engine, shorter, plan.new_tokens)]
    (out / "first_request_profile.txt").write_text(
        prof.key_averages().table(sort_by="cpu_time_total", row_limit=40, max_name_column_width=70))
    rows += [one_engine_request(engine, prompts[i], plan.new_tokens) for i in (30, 31)]
    torch._logging.set_logs(recompiles=False)
    return rows


def one_engine_request(engine, prompt: list[int], new_tokens: int) -> dict:
    """One sampled request through the engine's steps on this thread: its seconds to the first token and to the
    end, its slowest steps, and what it compiled or captured (dynamo's graphs, CUDA graphs) that warm-up had not."""
    from torch._dynamo.utils import counters

    from serving.engine import Request, SamplingParams

    graphs, compiled = len(engine.runner.graphs), counters["stats"]["unique_graphs"]
    tokens: list[float] = []
    finished: list[str] = []

    def emit(token, finish):
        if finish is not None:
            finished.append(finish)
        else:
            tokens.append(time.perf_counter())

    steps: list[tuple[float, dict]] = []
    started = time.perf_counter()
    engine.submit(Request(prompt, SamplingParams(new_tokens, 0.6, 0.9), emit))
    while not finished:
        before, verify = time.perf_counter(), engine.steps["verify"]
        engine.step()
        steps.append((time.perf_counter() - before, {"verify": engine.steps["verify"] > verify}))
    engine.drain()
    slowest = sorted(steps, key=lambda item: -item[0])[:5]
    return {"first_token_s": round(tokens[0] - started, 4), "seconds": round(time.perf_counter() - started, 4),
            "steps": len(steps), "verify_steps": sum(info["verify"] for _, info in steps),
            "slowest_steps_ms": [[round(seconds * 1000, 2), index, info["verify"]] for (seconds, info), index in
                                 ((item, steps.index(item)) for item in slowest)],
            "new_cuda_graphs": len(engine.runner.graphs) - graphs,
            "new_dynamo_graphs": counters["stats"]["unique_graphs"] - compiled}


def serve_variant(name: str, model_dir: Path, out: Path, texts: list[str], plan: Plan) -> list[dict]:
    import httpx

    from serving import local_server
    from training import processes

    model = str(model_dir.resolve())
    engine, flags = VARIANTS[name]
    trace = out / f"server_trace_{name}.jsonl"
    os.environ["KOSUM_ENGINE_TRACE"] = str(trace)  # the KoSum engine's steps
    server = local_server.start(model_dir, out / f"server_{name}.log", engine=plan.engine or engine, extra_args=flags)
    rows = []
    http = httpx.Client(limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))  # one pool, as load tools keep
    try:
        started = time.perf_counter()
        local_server.wait_healthy(server.url, server.handle.pid, server.handle.create_time, timeout_s=600)
        load_s = time.perf_counter() - started
        health = http.get(f"{server.url}/health", timeout=10).json()
        cold = one_request(http, server.url, model, texts[-1], plan.new_tokens)  # what a user meets after deploy
        started = time.perf_counter()
        for level in plan.levels:
            concurrent(http, server.url, model, texts[:level], 8)
        warm_s = time.perf_counter() - started
        print(f"{name}: {server.engine} {flags} healthy in {load_s:.0f}s, warm-up {warm_s:.0f}s", flush=True)
        singles = [one_request(http, server.url, model, texts[i], plan.new_tokens) for i in range(plan.singles)]
        rows.append({"variant": name, "concurrent": 1, "gen_tok_s": round(
            sum(r["completion_tokens"] for r in singles) / sum(r["seconds"] for r in singles), 1), **latency(singles),
            "prompt_tokens": singles[0]["prompt_tokens"], "completion_tokens": singles[0]["completion_tokens"],
            "pieces": singles[0]["pieces"], "load_s": round(load_s), "warmup_s": round(warm_s),
            "first_request_after_healthy": {"seconds": round(cold["seconds"], 3), "first_piece_s": round(
                cold["first_s"] or 0, 3)}, "health": health})
        print(json.dumps(rows[-1]), flush=True)
        for level in plan.levels[1:]:
            if name == "serve-plain" and level > 8:
                continue
            wall, results = concurrent(http, server.url, model, texts[-level:], plan.new_tokens)
            rows.append({"variant": name, "concurrent": level, "seconds": round(wall, 2), "ended_at": round(time.perf_counter(), 3),
                         "gen_tok_s": round(sum(r["completion_tokens"] for r in results) / wall, 1),
                         **latency(results), "completion_tokens": sum(r["completion_tokens"] for r in results)})
            print(json.dumps(rows[-1]), flush=True)
        rows[0]["engine_trace"] = trace_summary(trace)
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
    parser.add_argument("--variants", default="product,lookup-off")
    parser.add_argument("--reference-only", action="store_true")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--profile", action="store_true", help="also time the engine's parts in-process")
    parser.add_argument("--smoke", action="store_true", help="the CPU smoke run: tiny model, one request per part")
    args = parser.parse_args()
    plan = SMOKE if args.smoke else Plan()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.reference_only:
        reference(args.model, args.out, plan)
        return

    from tests.benchmarks.random_llama import build_random_llama
    from transformers import AutoTokenizer

    build_random_llama(args.model, plan.shape, decodable=True)
    rows = []
    part = [sys.executable, "-m", "tests.benchmarks.bench_serve_gpu", "--model", str(args.model), "--out", str(args.out)]
    part += ["--smoke"] if args.smoke else []
    if not args.no_reference:
        subprocess.run(part + ["--reference-only"], check=True)
        rows += json.loads((args.out / "serve_reference.json").read_text())
    if args.profile:
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from tests.benchmarks.bench_serve_gpu import SMOKE, Plan, profile_engine; "
                        "profile_engine(Path(sys.argv[1]), Path(sys.argv[2]), SMOKE if sys.argv[3] == '1' else Plan())",
                        str(args.model), str(args.out), "1" if args.smoke else "0"], check=args.smoke)
    texts = articles(AutoTokenizer.from_pretrained(args.model), 40, plan.prompt_tokens)
    for name in args.variants.split(","):
        rows += serve_variant(name, args.model, args.out, texts, plan)
    import torch
    import transformers

    summary = {"gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu", "torch": torch.__version__,
               "transformers": transformers.__version__, "prompt_tokens": plan.prompt_tokens,
               "new_tokens": plan.new_tokens, "rows": rows}
    (args.out / "serve_summary.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
