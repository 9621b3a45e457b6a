"""The first request after warm-up compiles nothing (CPU): the decoder layer compiled as on CUDA (one function,
dynamic shapes, fullgraph) with the "aot_eager" backend, which makes the same variants as Inductor without code
generation. After `Engine.warm_up`, with `torch.compiler.set_stance("fail_on_recompile")`, requests of new prompt
lengths, batch sizes, with and without the prefix cache, admitted beside busy requests, with verify steps, greedy
and sampled, compile no new variant, and greedy output still equals `generate`'s."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.serving.test_engine import greedy_reference
from tests.serving.test_engine import Collector
from tests.serving.test_engine_lookup import KnownContinuation, run


@pytest.fixture(scope="module")
def tiny(tiny_base: Path):
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32)


@pytest.fixture
def no_recompiles():
    """Fail on any recompile while the test runs; the stance is put back afterwards."""
    import torch

    yield lambda: torch.compiler.set_stance("fail_on_recompile")
    torch.compiler.set_stance("default")


def warmed_engine(model, k: int):
    from serving.engine import Engine, LookupSettings

    engine = Engine(model, [], slots=4, max_len=512, lookup=LookupSettings(k=k, floor=0.0, max_batch=2))
    engine.runner.compile("aot_eager")
    warmed = engine.warm_up(max_length=384)
    assert warmed["after"] in {"eager_on_recompile", "default"}
    return engine


def graphs() -> int:
    from torch._dynamo.utils import counters

    return counters["stats"]["unique_graphs"]


@pytest.mark.parametrize("k", [4, 0])
def test_requests_after_warm_up_compile_nothing(tiny, no_recompiles, k: int) -> None:
    from serving.engine import Request, SamplingParams

    engine = warmed_engine(tiny, k)
    compiled = graphs()
    no_recompiles()
    rng = random.Random(k)
    start = rng.sample(range(10, 2000), 30)
    batches = [[start + rng.sample(range(10, 2000), 211)],  # from 0 (the cached start is the warm-up's)
               [start + rng.sample(range(10, 2000), n) for n in (5, 77, 140)]]  # reusing the start just cached
    for prompts in batches:
        collector, _ = run(engine, prompts, [9] * len(prompts))
        for index, prompt in enumerate(prompts):
            assert collector.tokens[index] == greedy_reference(tiny, prompt, 9), (prompts, index)
    drafting = [rng.sample(range(10, 2000), 260), rng.sample(range(10, 2000), 2)]  # from 0, two lengths
    expected = [greedy_reference(tiny, prompt, 16) for prompt in drafting]
    collector = Collector(2)
    for index, prompt in enumerate(drafting):  # drafts at every step: runs accepted up to a wrong token
        request = Request(prompt, SamplingParams(16, 0.0, 1.0), collector.emit_for(index))
        request.drafter = KnownContinuation(request.tokens, prompt + expected[index], {len(prompt) + 9})
        engine.submit(request)
    while len(collector.finish) < 2:
        engine.step()
    assert [collector.tokens[0], collector.tokens[1]] == expected
    busy = Request(start + rng.sample(range(10, 2000), 50), SamplingParams(20, 0.8, 0.9), lambda *_: None)
    engine.submit(busy)
    engine.step()  # a sampled request is busy in slot 0 when the next ones are admitted, into slots 1..
    late = [start + rng.sample(range(10, 2000), 90), drafting[0][:123]]
    collector, _ = run(engine, late, [12, 12])
    for index, prompt in enumerate(late):
        assert collector.tokens[index] == greedy_reference(tiny, prompt, 12), index
    while engine.active:
        engine.step()
    assert graphs() == compiled
    if k:
        assert engine.steps["verify"] >= 4
