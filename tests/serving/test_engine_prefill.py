"""The KoSum engine's prefill on CPU with the tiny model: prompts from position 0 and prompts after a cached start
(the prefix cache) give what `generate` gives, in batches of prompts of different lengths; their keys and values
land in the slot cache where transformers puts them; the prompt attention's causal alignment (the last query at
the last key) holds against an explicit mask."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.serving.test_engine import greedy_reference, recorded_offsets
from tests.serving.test_engine_lookup import run


@pytest.fixture(scope="module")
def tiny(tiny_base: Path):
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32)


def distinct(seed: int, length: int) -> list[int]:
    return random.Random(seed).sample(range(10, 2000), length)


def test_prompt_attention_is_causal_from_the_last_query_back(tiny) -> None:
    import torch
    import torch.nn.functional as F

    from serving.engine.layers import attend_prompt

    torch.manual_seed(0)
    for before in (0, 5):  # from position 0, and after 5 cached positions
        q, k, v = torch.randn(2, 7, 4, 8), torch.randn(2, 2, before + 7, 8), torch.randn(2, 2, before + 7, 8)
        visible = torch.ones(7, before + 7, dtype=torch.bool).tril(diagonal=before)  # query i sees 0..before + i
        expected = F.scaled_dot_product_attention(q.transpose(1, 2), k.repeat_interleave(2, 1), v.repeat_interleave(2, 1),
                                                  attn_mask=visible, scale=0.3).transpose(1, 2).reshape(2, 7, 32)
        assert torch.allclose(attend_prompt(q, k, v, None, 0.3), expected, atol=1e-5), before


def test_a_batch_of_three_lengths_from_position_0_matches_generate(tiny) -> None:
    from serving.engine import Engine, LookupSettings

    prompts = [distinct(1, 37), distinct(2, 5), distinct(3, 90)]  # no shared start: all from position 0
    engine = Engine(tiny, [], slots=3, max_len=256, lookup=LookupSettings(k=0))
    offsets = recorded_offsets(engine)
    collector, _ = run(engine, prompts, [8, 8, 8])
    assert offsets == [0]  # one batch
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(tiny, prompt, 8), index


def test_prompts_after_a_cached_start_match_generate_and_fill_the_cache_as_transformers(tiny) -> None:
    import torch

    from serving.engine import Engine, LookupSettings

    start = distinct(4, 40)
    prompts = [start + distinct(5, 3), start + distinct(6, 61), start + distinct(7, 19)]
    later = [start + distinct(8, 27), start[:30] + distinct(9, 12)]  # the cached start reused whole, then in part
    engine = Engine(tiny, [], slots=3, max_len=256, lookup=LookupSettings(k=0))
    offsets = recorded_offsets(engine)
    filled = []
    collector, requests = run(engine, prompts, [1, 1, 1])  # the batch's start computed once, then all after it
    assert offsets == [0, len(start)] and [r.cached_tokens for r in requests] == [len(start)] * 3
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(tiny, prompt, 1), index
    with torch.no_grad():  # before any release or decode step: slots 0..2 hold the three prompts
        for row, prompt in enumerate(prompts):
            cache = tiny(torch.tensor([prompt]), use_cache=True).past_key_values
            for layer, (k, v) in enumerate(zip(engine.runner.cache.k, engine.runner.cache.v)):
                filled.append(torch.allclose(k[row, :, :len(prompt)], cache.layers[layer].keys[0], atol=1e-5)
                              and torch.allclose(v[row, :, :len(prompt)], cache.layers[layer].values[0], atol=1e-5))
    assert all(filled)
    collector, requests = run(engine, later, [10, 10])
    assert offsets[2:] == [30] and [r.cached_tokens for r in requests] == [30, 30]  # the common part of both
    for index, prompt in enumerate(later):
        assert collector.tokens[index] == greedy_reference(tiny, prompt, 10), index
    collector, requests = run(engine, [later[0]], [10])  # all of it cached but the last token
    assert offsets[3:] == [len(later[0]) - 1] and collector.tokens[0] == greedy_reference(tiny, later[0], 10)
