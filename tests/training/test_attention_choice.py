"""The attention kernel is chosen by trying it: flex attention's self-test failing on a GPU (as on the workshop's
A10G, pytorch issue 133254) falls back to sdpa with one log line; an explicit flex_attention fails clearly."""
from __future__ import annotations

import pytest
import torch
from transformers import LlamaConfig

from training.config import TrainConfig
from training.errors import BadInputError
from training.plan import Device, choose_attention
from training.probe import flex_attention_error

SM86 = RuntimeError("No valid triton configs. OutOfResources: out of resource: shared memory, Required: 131072, "
                    "Hardware limit: 101376. Reducing block sizes or `num_stages` may help.")
GPU = torch.device("cuda", 0)  # the self-test is injected: nothing runs on a GPU
LLAMA_8B_HEADS = LlamaConfig(hidden_size=4096, num_attention_heads=32, num_key_value_heads=8)


def failing(*args) -> None:
    raise SM86


def _a10g(requested: str) -> Device:
    error = flex_attention_error(TrainConfig(attn_implementation=requested), LLAMA_8B_HEADS, GPU, self_test=failing)
    return Device("cuda", "NVIDIA A10G", (8, 6), flex_attention_error=error)


def test_auto_falls_back_to_sdpa_and_says_why() -> None:
    chosen, reason = choose_attention("auto", _a10g("auto"))
    assert chosen == "sdpa"
    assert reason == ("flex attention failed its self-test on this GPU (RuntimeError: No valid triton configs. "
                      "OutOfResources: out of resource: shared memory, Required: 131072, Hardware limit: 101376. "
                      "Reducing block sizes or `num_stages` may help.); using sdpa")


def test_auto_keeps_flex_attention_where_it_runs() -> None:
    tried = []
    error = flex_attention_error(TrainConfig(attn_implementation="auto", max_seq_length=2048), LLAMA_8B_HEADS, GPU,
                                 self_test=lambda *args: tried.append(args))
    assert error is None and tried == [("flex_attention", LLAMA_8B_HEADS, 2048, GPU)]
    assert choose_attention("auto", Device("cuda", "NVIDIA H200", (9, 0)))[0] == "flex_attention"


def test_forced_flex_attention_fails_clearly() -> None:
    with pytest.raises(BadInputError, match="attn_implementation=flex_attention does not run on this GPU .*shared "
                                            "memory.*use attn_implementation=auto or sdpa"):
        choose_attention("flex_attention", _a10g("flex_attention"))


def test_cpu_and_explicit_choices_need_no_self_test() -> None:
    for requested, device in (("auto", torch.device("cpu")), ("eager", GPU)):
        config = TrainConfig(attn_implementation=requested)
        assert flex_attention_error(config, LLAMA_8B_HEADS, device, self_test=failing) is None
    assert choose_attention("auto", Device("cpu"))[0] == "sdpa"
    assert choose_attention("eager", Device("cuda", flex_attention_error="anything"))[0] == "eager"
