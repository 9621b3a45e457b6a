"""The engine's units one by one (CPU): sampling settings, a request's counters, the slot and prefix caches (their
copies, compaction and the prefix policy), the typed messages that cross the pipe, and the refusal of models the
engine cannot serve."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_sampling_params_refuse_bad_values() -> None:
    from serving.engine import SamplingParams

    assert SamplingParams(8, 0.0, 1.0).max_tokens == 8
    for bad, field in (({"max_tokens": 0}, "max_tokens"), ({"max_tokens": 2.5}, "max_tokens"),
                       ({"max_tokens": True}, "max_tokens"), ({"temperature": -0.1}, "temperature"),
                       ({"temperature": 2.5}, "temperature"), ({"top_p": 0}, "top_p"), ({"top_p": 1.5}, "top_p")):
        with pytest.raises(ValueError, match=field):
            SamplingParams(**bad)


def test_sample_is_greedy_at_temperature_zero_and_respects_the_nucleus() -> None:
    import torch

    from serving.engine.sampling import sample

    torch.manual_seed(0)
    logits = torch.randn(4, 100)
    best = logits.argmax(-1)
    assert sample(logits, torch.zeros(4), torch.ones(4)).tolist() == best.tolist()
    assert sample(logits, torch.ones(4), torch.full((4,), 1e-9)).tolist() == best.tolist()  # nucleus of one token
    drawn = {tuple(sample(logits, torch.full((4,), 1.5), torch.ones(4)).tolist()) for _ in range(20)}
    assert len(drawn) > 1  # temperature > 0 samples


def test_request_counters_and_finish_reasons() -> None:
    from serving.engine import Request, SamplingParams

    emitted: list = []
    request = Request([5, 6, 7], SamplingParams(10), lambda token, finish: emitted.append((token, finish)))
    request.fit(max_len=6)  # 3 prompt positions leave 3
    assert request.prompt_len == 3 and request.params.max_tokens == 3
    assert request.accept(11, eos={2}) is None and request.last_token == 11 and request.generated == 1
    assert request.accept(2, eos={2}) == "stop" and emitted == [(11, None)]  # the stop token is not shown
    limited = Request([5], SamplingParams(2), lambda *_: None)
    assert [limited.accept(9, set()), limited.accept(9, set())] == [None, "length"]
    cancelled = Request([5], SamplingParams(5), lambda *_: None)
    cancelled.cancelled = True
    assert cancelled.accept(9, set()) == "cancelled"
    with pytest.raises(ValueError, match="limit is 5"):
        Request([1] * 6, SamplingParams(1), lambda *_: None).fit(max_len=6)


def test_slot_copies_move_exactly_the_asked_positions() -> None:
    import torch

    from serving.engine.kv_cache import KVCache

    cache = KVCache(layers=2, rows=3, kv_heads=1, positions=8, head_dim=2, dtype=torch.float32, device="cpu")
    for tensor in (*cache.k, *cache.v):
        tensor.copy_(torch.arange(tensor.numel(), dtype=torch.float32).view_as(tensor))
    before = [t.clone() for t in (*cache.k, *cache.v)]
    cache.copy_from(0, cache, 2, slice(0, 5))
    for old, new in zip(before, (*cache.k, *cache.v)):
        assert torch.equal(new[0, :, :5], old[2, :, :5]) and torch.equal(new[0, :, 5:], old[0, :, 5:])
        assert torch.equal(new[1:], old[1:])


def test_compaction_moves_busy_rows_down_in_order() -> None:
    import torch

    from serving.engine.kv_cache import KVCache

    cache = KVCache(layers=1, rows=5, kv_heads=1, positions=4, head_dim=1, dtype=torch.float32, device="cpu")
    for tensor in (*cache.k, *cache.v):
        tensor.copy_(torch.arange(5, dtype=torch.float32).view(5, 1, 1, 1).expand_as(tensor))
    cache.compact([(0, 4), (2, 3), (4, 2)])  # rows 1 and 3 finished; each kept row holds that many positions
    for tensor in (*cache.k, *cache.v):
        assert tensor[0, 0, :, 0].tolist() == [0, 0, 0, 0]
        assert tensor[1, 0, :, 0].tolist() == [2, 2, 2, 1]  # only the 3 positions row 2 held
        assert tensor[2, 0, :, 0].tolist() == [4, 4, 2, 2]


def test_prefix_cache_reuses_only_a_start_worth_sharing() -> None:
    import torch

    from serving.engine.kv_cache import MIN_SHARED_PREFIX, PrefixCache

    prefix = PrefixCache(layers=1, kv_heads=1, positions=64, head_dim=2, dtype=torch.float32, device="cpu")
    system = list(range(100, 100 + MIN_SHARED_PREFIX + 4))
    prompts = [system + [1, 2], system + [3], system + [4, 5, 6]]
    assert prefix.reusable(prompts) == 0 and prefix.worth_computing(prompts) == len(system)
    prefix.ids = system
    assert prefix.reusable(prompts) == len(system)
    assert prefix.reusable([system]) == len(system) - 1  # one token of each prompt is always prefilled
    assert prefix.worth_computing([system + [1]]) == 0  # a single prompt shares nothing
    assert prefix.reusable([[7] * 40]) == 0 and prefix.worth_computing([system[:5] + [1], system[:5] + [2]]) == 0
    assert prefix.reusable([system[:5] + [1, 2, 3]]) == 0  # a held start shorter than MIN_SHARED_PREFIX is not used
    assert prefix.plan(prompts) == (len(system), 0)  # held: reused, nothing to compute
    prefix.ids = []
    assert prefix.plan(prompts) == (0, len(system)) and prefix.plan(prompts[:1]) == (0, 0)
    assert prefix.keep_positions(list(range(100))) == 64  # as much of the last prompt as fits


def test_messages_cross_a_process_pipe_typed() -> None:
    import multiprocessing

    from serving.engine import SamplingParams
    from serving.engine.messages import Submit, Token, Tokens

    reader, writer = multiprocessing.get_context("spawn").Pipe(duplex=False)
    writer.send(Submit("r1", [1, 2, 3], SamplingParams(4, 0.5, 0.9)))
    writer.send(Tokens([Token("r1", 7, None, 1), Token("r1", None, "length", 4)], None))
    submitted, tokens = reader.recv(), reader.recv()
    assert isinstance(submitted, Submit) and submitted.params == SamplingParams(4, 0.5, 0.9)
    assert isinstance(tokens, Tokens) and tokens.items[1].finish == "length" and tokens.error is None


def test_chat_request_errors_name_the_field_as_openai_does() -> None:
    from pydantic import ValidationError

    from serving.engine_server import ChatRequest, validation_error

    ok = ChatRequest.model_validate({"model": "x", "n": 1, "messages": [{"role": "user", "content": "안녕"}]})
    assert ok.max_tokens is None and ok.temperature == 1.0 and not ok.stream
    with pytest.raises(ValidationError) as caught:
        ChatRequest.model_validate({"messages": [{"role": "user", "content": "x"}], "top_p": 0})
    answer = validation_error(caught.value)
    body = json.loads(answer.body)
    assert answer.status_code == 400 and body["error"]["param"] == "top_p"
    assert body["error"]["type"] == "invalid_request_error" and "greater than 0" in body["error"]["message"]


def test_a_model_the_engine_cannot_serve_is_refused_before_anything_starts(tmp_path: Path, tiny_base: Path) -> None:
    import shutil

    from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel

    model_dir = tmp_path / "gpt2-tiny"
    GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=32, n_head=2, vocab_size=2100)).save_pretrained(model_dir)
    AutoTokenizer.from_pretrained(tiny_base).save_pretrained(model_dir)
    shutil.copy(tiny_base / "KOSUM_MODEL.txt", model_dir)
    refused = run_cli("deploy", "--target", "local", "--model", str(model_dir), "--engine", "kosum")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "not 'gpt2'" in refused.stderr and "--engine transformers" in refused.stderr
    listed = run_cli("resources", "--json")
    assert json.loads(listed.stdout)["resources"] == []  # nothing was started or recorded
