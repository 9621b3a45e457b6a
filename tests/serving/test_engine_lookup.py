"""Prompt-lookup decoding in the KoSum engine on CPU: with drafts verified and accepted, greedy output is still
exactly what `generate` gives (runs cut at EOS and at max_tokens, requests with different acceptance in one batch,
the cache holding what plain decoding writes), for the tiny model and for a model shaped like the smol demo's.

Two stand-ins make drafts happen on purpose: a prompt holding every token id once (every step then finds a draft,
which the random tiny model nearly always rejects: the verify step's masks and bonus tokens are checked at every
step), and the tiny model with its attention outputs zeroed ("copying"): its next token depends on the current
one only, so a prompt that holds the chain it generates is copied in long accepted runs."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.serving.test_engine import Collector, greedy_reference


@pytest.fixture(scope="module")
def tiny(tiny_base: Path):
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32)


@pytest.fixture(scope="module")
def copying(tiny_base: Path):
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32)
    with torch.no_grad():
        for layer in model.model.layers:
            layer.self_attn.o_proj.weight.zero_()
    return model


def every_token(model, seed: int) -> list[int]:
    ids = list(range(model.config.vocab_size))
    random.Random(seed).shuffle(ids)
    return ids


def copy_prompt(model, first: int, seed: int) -> list[int]:
    """Filler, then the chain the copying model generates from `first`, then filler again and `first`."""
    filler = random.Random(seed).sample(range(10, 2000), 20)
    chain = greedy_reference(model, [first], 30)
    return filler + [first] + chain + filler[:3] + [first]


def run(engine, prompts: list[list[int]], budgets: list[int], temperature: float = 0.0):
    from serving.engine import Request, SamplingParams

    collector = Collector(len(prompts))
    requests = [Request(p, SamplingParams(b, temperature, 1.0), collector.emit_for(i))
                for i, (p, b) in enumerate(zip(prompts, budgets))]
    for request in requests:
        engine.submit(request)
    while len(collector.finish) < len(prompts):
        engine.step()
    return collector, requests


def test_copied_runs_are_accepted_and_match_generate(copying) -> None:
    from serving.engine import Engine, LookupSettings

    rng = random.Random(5)  # prompts whose chains never come back to a token seen before
    prompts = [copy_prompt(copying, 100, 1), rng.sample(range(10, 2000), 40), copy_prompt(copying, 200, 2),
               rng.sample(range(10, 2000), 33)]
    engine = Engine(copying, [], slots=4, max_len=256, lookup=LookupSettings(k=4))
    collector, requests = run(engine, prompts, [20, 20, 20, 12])
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(copying, prompt, len(collector.tokens[index])), index
        assert collector.finish[index] == "length" and len(collector.tokens[index]) == requests[index].params.max_tokens
    assert requests[0].accepted_drafts >= 10 and requests[2].accepted_drafts >= 10  # copied in runs
    assert requests[1].accepted_drafts == requests[3].accepted_drafts == 0  # nothing to copy, same batch
    assert engine.tokens_per_step[5] >= 4 and engine.steps["verify"] >= 4


def test_a_run_ends_at_eos_and_at_max_tokens_inside_it(copying) -> None:
    from serving.engine import Engine, LookupSettings

    prompt = copy_prompt(copying, 100, 1)
    expected = greedy_reference(copying, prompt, 12)
    stop_token = expected[3]  # the first token comes from prefill; the first verify step accepts 4 drafts + 1
    engine = Engine(copying, [stop_token], slots=2, max_len=256, lookup=LookupSettings(k=4))
    collector, requests = run(engine, [prompt], [12])
    assert collector.tokens[0] == expected[:expected.index(stop_token)] and collector.finish[0] == "stop"
    assert engine.tokens_per_step[5] == 1 and requests[0].accepted_drafts == 4
    engine = Engine(copying, [], slots=2, max_len=256, lookup=LookupSettings(k=4))
    collector, requests = run(engine, [prompt], [4])
    assert collector.tokens[0] == expected[:4] and collector.finish[0] == "length"
    assert engine.tokens_per_step[5] == 1  # the run of 5 was cut to the 3 the limit left


def test_verified_positions_hold_what_plain_decoding_writes(copying) -> None:
    """The cache after a request's accepted runs equals the cache after plain decoding of the same tokens."""
    import torch

    from serving.engine import Engine, LookupSettings

    prompt = copy_prompt(copying, 300, 4)
    caches = []
    for k in (0, 4):
        engine = Engine(copying, [], slots=1, max_len=256, lookup=LookupSettings(k=k))
        collector, requests = run(engine, [prompt], [16])
        caches.append((engine.runner.cache, requests[0].length))
        assert collector.tokens[0] == greedy_reference(copying, prompt, 16)
    (plain, plain_length), (verified, verified_length) = caches
    written = len(prompt) + 15  # the prompt and every generated token but the last
    assert min(plain_length, verified_length) >= written
    for into, reference in zip((*verified.k, *verified.v), (*plain.k, *plain.v)):
        assert torch.allclose(into[0, :, :written], reference[0, :, :written], atol=1e-5)


class KnownContinuation:
    """A drafter that proposes the tokens a request is known to generate, with some changed: the verify step of
    the (attention-sensitive) tiny model must accept exactly the unchanged ones."""

    def __init__(self, tokens: list[int], expected: list[int], wrong_at: set[int]) -> None:
        self.tokens = tokens
        self.expected = [(t + 1) % 2000 if i in wrong_at else t for i, t in enumerate(expected)]

    def propose(self, k: int) -> list[int]:
        return self.expected[len(self.tokens):len(self.tokens) + k]


def test_drafts_the_model_agrees_with_are_accepted_exactly(tiny) -> None:
    from serving.engine import Engine, LookupSettings, Request, SamplingParams

    prompts = [every_token(tiny, 3)[:300], list(range(500, 540)), list(range(600, 613))]
    expected = [greedy_reference(tiny, p, 14) for p in prompts]
    collector = Collector(len(prompts))
    engine = Engine(tiny, [], slots=3, max_len=512, lookup=LookupSettings(k=4))
    requests = [Request(p, SamplingParams(14, 0.0, 1.0), collector.emit_for(i)) for i, p in enumerate(prompts)]
    for request, prompt, reference, wrong in zip(requests, prompts, expected, ({len(prompts[0]) + 7}, set(), None)):
        if wrong is not None:  # the third request drafts with the engine's own drafter
            request.drafter = KnownContinuation(request.tokens, prompt + reference, wrong)
        engine.submit(request)
    while len(collector.finish) < len(prompts):
        engine.step()
    for index in range(len(prompts)):
        assert collector.tokens[index] == expected[index], index
    # the first token comes from prefill. Request 0: 4 drafts accepted, then 1 before the changed 8th token, then
    # 4, then the 1 draft left; request 1: 4, 4, then the 3 left
    assert requests[0].accepted_drafts == 4 + 1 + 4 + 1 and requests[1].accepted_drafts == 4 + 4 + 3


def test_rejected_drafts_every_step_leave_greedy_output_exact(tiny) -> None:
    """A prompt with every token id gives the random tiny model a draft at every step, rejected nearly always; a
    short prompt in the same batch has none most steps and is padded."""
    from serving.engine import Engine, LookupSettings

    prompts = [every_token(tiny, 0), [5, 77, 900, 1200, 31, 64], every_token(tiny, 1)]
    engine = Engine(tiny, [], slots=3, max_len=2304, lookup=LookupSettings(k=4, floor=0.0))
    collector, _ = run(engine, prompts, [10, 10, 6])
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(tiny, prompt, len(collector.tokens[index])), index
    assert engine.steps["verify"] >= 9


def test_sampled_requests_with_lookup_finish_with_their_length(copying) -> None:
    """Sampled (not greedy) requests verify drafts and stop at their budgets. A low temperature and a fixed seed: at
    0.7 the copying model's samples leave its chain often enough that no draft was found in 6 of 12 seeded runs."""
    import torch

    from serving.engine import Engine, LookupSettings

    torch.manual_seed(0)
    prompts = [copy_prompt(copying, 100, 1), copy_prompt(copying, 200, 2)]
    engine = Engine(copying, [], slots=2, max_len=256, lookup=LookupSettings(k=4))
    collector, requests = run(engine, prompts, [16, 9], temperature=0.1)
    assert [len(collector.tokens[i]) for i in range(2)] == [16, 9] and collector.finish == {0: "length", 1: "length"}
    assert engine.steps["verify"] >= 1


def test_a_model_shaped_like_the_smol_demo_is_served_exactly(tiny_base: Path) -> None:
    """SmolLM2-135M's architecture (tied embeddings, 30 layers, head_dim 64, 9 heads over 3 KV heads, rope theta
    100,000) with random weights and a smaller MLP: the engine, with lookup on, matches `generate`."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from serving.engine import Engine, LookupSettings

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=300, hidden_size=576, intermediate_size=384, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, head_dim=64, tie_word_embeddings=True,
                         rope_theta=100000.0, rms_norm_eps=1e-5, max_position_embeddings=8192, initializer_range=0.1)
    model = LlamaForCausalLM(config).eval()
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()
    prompts = [every_token(model, 2), [7, 8, 9, 10, 11, 12, 13, 7, 8, 9]]
    engine = Engine(model, [], slots=2, max_len=512, lookup=LookupSettings(k=3, floor=0.0))
    collector, _ = run(engine, prompts, [6, 6])
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(model, prompt, 6), index
    assert engine.steps["verify"] >= 5


@pytest.mark.parametrize("k", [4, 0])
def test_warm_up_verifies_drafts_when_lookup_is_on(tiny, k: int) -> None:
    """The warm-up's own requests draft at every step, so the verify path has run before the first real request
    (greedy alone, sampled alone, and the most requests that may draft at once). With 3-grams only, none of the
    warm-up's stride-7 prompts gives a real draft: every verify step here comes from the drafting requests."""
    import io
    import json

    from serving.engine import Engine, LookupSettings

    engine = Engine(tiny, [], slots=4, max_len=512,
                    lookup=LookupSettings(k=k, min_ngram=3, max_ngram=3, floor=0.0, max_batch=2))
    engine.trace = io.StringIO()
    warmed = engine.warm_up(max_length=384)
    verify_batches = {step["batch"] for step in map(json.loads, engine.trace.getvalue().splitlines())
                      if "width" in step}
    if k:
        assert warmed["verify_paths"] == ["1 greedy", "1 sampled", "2 greedy and sampled"]
        assert warmed["verify_steps"] >= 3 and verify_batches == {1, 2}
    else:
        assert warmed["verify_paths"] == [] and warmed["verify_steps"] == 0 and not verify_batches
    assert not engine.active and not engine.steps  # nothing of the warm-up is left for the first request
