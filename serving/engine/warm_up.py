"""Before the engine reports ready, every path a request takes runs once, so the first summary after deploy is as
fast as the tenth: on CUDA the decoder layer compiles on first use of each phase (and of batch 1 against more, and
of the slot against the prefix cache), and a CUDA graph is captured per batch bucket, length bucket and width.
First the decode and verify graphs are captured (the longest length first, see `ModelRunner.capture`), then prompts
of a summary's size go through the engine's own steps: two sharing a start (the start computed into the prefix
cache from position 0, then both after it), one reusing that start, two sharing nothing, one sharing nothing (the
first request after deploy), and one admitted while another is busy (sampled, as the product's requests are).
With prompt lookup on, requests that always draft then verify (greedy alone, sampled alone, and as many as may
draft at once, greedy and sampled): the warm-up's made-up prompts seldom repeat a token the model emits, so without
them the verify path (its graph replay, the acceptance on the device, the host's reading) first ran in a real
request.
After it, a recompile the warm-up did not foresee runs the layer eagerly instead of stalling a request for a
compile (`torch.compiler.set_stance`, where torch has it), and the warm-up's objects are frozen out of the garbage
collector's full passes (`gc.freeze`), which would otherwise walk them during serving."""
from __future__ import annotations

import gc
import time

from serving.engine.request import Request
from serving.engine.sampling import SamplingParams

# Prime lengths, equal to no model dimension: the compiled prefill is the general variant even where sizes that
# happen to be equal share a symbol (duck sizing, which `ModelRunner.compile` turns off where torch lets it); about
# a summary's prompt, so the kernels' first launch configurations suit real prompts.
SHARED_START, TAILS, ALONE = 53, (967, 983), (991, 997)


def _prompt(first: int, length: int, vocab: int) -> list[int]:
    return [(first + 7 * i) % (vocab - 10) + 10 for i in range(length)]


class _DraftingRequest(Request):
    """A warm-up request that drafts its whole budget at every step (its prompt's first tokens), so each of its
    steps after the prefill is a verify step."""

    def draft(self, budget: int, min_ngram: int, max_ngram: int) -> list[int]:
        return self.prompt_ids[:max(0, budget)]


def _run(engine, prompts: list[list[int]], busy: list[int] | None = None,
         params: list[SamplingParams] | None = None, make: type[Request] = Request) -> None:
    """The prompts through the engine's steps (its thread not started yet), 3 greedy tokens each unless `params`
    says otherwise; with `busy`, that prompt is admitted first (12 sampled tokens), so the others are prefilled into
    the slots after it. `make`: the request class (`_DraftingRequest` to verify)."""
    finished: list[str] = []

    def emit(token: int | None, finish: str | None) -> None:
        if finish is not None:
            finished.append(finish)

    if busy is not None:
        engine.submit(Request(busy, SamplingParams(12, 0.6, 0.9), emit))
        engine.step()
    for prompt, param in zip(prompts, params or [SamplingParams(3, 0.0, 1.0)] * len(prompts)):
        engine.submit(make(prompt, param, emit))
    while len(finished) < len(prompts) + (busy is not None):
        engine.step()
    engine.drain()


def _verify_paths(engine, length: int, vocab: int) -> list[str]:
    """Verify steps of drafting requests: greedy alone, sampled alone, then the most that may draft at once
    (greedy and sampled alternating); none when prompt lookup is off."""
    lookup = engine.scheduler.lookup
    if not (lookup.k and lookup.max_batch):
        return []
    greedy, sampled = SamplingParams(4, 0.0, 1.0), SamplingParams(4, 0.6, 0.9)
    most = min(lookup.max_batch, engine.slots)
    _run(engine, [_prompt(800, length, vocab)], params=[greedy], make=_DraftingRequest)
    _run(engine, [_prompt(810, length, vocab)], params=[sampled], make=_DraftingRequest)
    _run(engine, [_prompt(820 + i, length, vocab) for i in range(most)],
         params=[(greedy, sampled)[i % 2] for i in range(most)], make=_DraftingRequest)
    return ["1 greedy", "1 sampled", f"{most} greedy and sampled"]


def _after_warm_up(runner) -> str:
    """What a recompile does from now on: run the layer eagerly, where torch can say so."""
    import torch

    gc.collect()
    gc.freeze()
    if runner.compiled and hasattr(torch.compiler, "set_stance"):
        torch.compiler.set_stance("eager_on_recompile")
        return "eager_on_recompile"
    return "default"


def warm_up(engine, max_length: int) -> dict:
    """Capture the step graphs up to `max_length` positions and run the prefill paths; returns what was warmed
    and how long each part took (seconds)."""
    started = time.perf_counter()
    scheduler = engine.scheduler
    widths = [(1, engine.slots)]
    if scheduler.lookup.k and scheduler.lookup.max_batch:
        widths.append((scheduler.width, scheduler.lookup.max_batch))
    graphs = engine.runner.capture(max_length, widths)
    engine.inputs_stale = True  # the captures wrote the step inputs
    graphs_s = time.perf_counter() - started
    vocab = engine.runner.model.config.vocab_size
    room = engine.max_len - SHARED_START - 8  # the longest prompt is the start, a tail and 6 more tokens
    scale = min(1.0, room / max(TAILS + ALONE))  # an engine of short sequences gets short prompts

    def length(n: int) -> int:
        return max(3, int(n * scale))

    start = _prompt(1, SHARED_START, vocab)
    _run(engine, [start + _prompt(100, length(n), vocab) for n in TAILS])  # the start computed once, then both after it
    _run(engine, [start + _prompt(200, length(TAILS[0]) + 6, vocab)])  # one prompt reusing the cached start
    _run(engine, [_prompt(300 + 50 * i, length(n), vocab) for i, n in enumerate(ALONE)])  # sharing nothing, from 0
    _run(engine, [_prompt(500, length(ALONE[0]), vocab)])  # alone, from 0: the first request after deploy
    _run(engine, [start + _prompt(600, length(TAILS[1]), vocab)], busy=start + _prompt(700, length(ALONE[1]), vocab))
    before = engine.steps["verify"]
    verified = _verify_paths(engine, length(ALONE[0]), vocab)
    verify_steps = engine.steps["verify"] - before
    engine.tokens_per_step.clear()
    engine.steps.clear()
    prefill_s = time.perf_counter() - started - graphs_s
    return {"graphs": graphs, "widths": [w for w, _ in widths], "graphs_s": round(graphs_s, 1),
            "prefill_paths": ["1 prompt from 0", "2 after a shared start", "1 reusing it", "2 from 0", "1 from 0",
                              "1 beside a busy request"],
            "verify_paths": verified, "verify_steps": verify_steps, "prefill_s": round(prefill_s, 1), "after": _after_warm_up(engine.runner),
            "seconds": round(time.perf_counter() - started, 1)}
