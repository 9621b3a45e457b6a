"""Before the engine reports ready, every path a request takes runs once, so the first summary after deploy is as
fast as the tenth: on CUDA the decoder layer compiles on first use of each phase (and of batch 1 against more),
and a CUDA graph is captured per batch bucket, length bucket and width. First the decode and verify graphs are
captured (the longest length first, see `ModelRunner.capture`), then prompts of a summary's size go through the
engine's own steps: two sharing a start (the start computed into the prefix cache from position 0, then both after
it), one reusing that start, two sharing nothing."""
from __future__ import annotations

import time

from serving.engine.request import Request
from serving.engine.sampling import SamplingParams

# Prime lengths: equal to no model dimension, so the compiled prefill is the general variant (a size equal to
# another dimension at the first compile makes a specialised one, and a compile later); about a summary's prompt,
# so the kernels' first launch configurations suit real prompts.
SHARED_START, TAILS, ALONE = 53, (967, 983), (991, 997)


def _prompt(first: int, length: int, vocab: int) -> list[int]:
    return [(first + 7 * i) % (vocab - 10) + 10 for i in range(length)]


def _run(engine, prompts: list[list[int]]) -> None:
    """The prompts through the engine's steps (its thread not started yet), 3 greedy tokens each."""
    finished: list[str] = []

    def emit(token: int | None, finish: str | None) -> None:
        if finish is not None:
            finished.append(finish)

    for prompt in prompts:
        engine.submit(Request(prompt, SamplingParams(3, 0.0, 1.0), emit))
    while len(finished) < len(prompts):
        engine.step()
    engine.drain()


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
    engine.tokens_per_step.clear()
    engine.steps.clear()
    return {"graphs": graphs, "widths": [w for w, _ in widths], "graphs_s": round(graphs_s, 1),
            "prefill_paths": ["1 prompt from 0", "2 after a shared start", "1 reusing it", "2 from 0"],
            "prefill_s": round(time.perf_counter() - started - graphs_s, 1),
            "seconds": round(time.perf_counter() - started, 1)}
