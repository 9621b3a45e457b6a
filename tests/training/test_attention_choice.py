"""The attention kernel is chosen by trying it: flex attention's self-test failing on a GPU (as on the workshop's
A10G, pytorch issue 133254) falls back to sdpa with one log line; an explicit flex_attention fails clearly."""
from __future__ import annotations

import pytest
import torch
from transformers import LlamaConfig

from training.errors import BadInputError
from training.train import Dist, TrainConfig, choose_attention

SM86 = RuntimeError("No valid triton configs. OutOfResources: out of resource: shared memory, Required: 131072, "
                    "Hardware limit: 101376. Reducing block sizes or `num_stages` may help.")
GPU = Dist(0, 1, 0, torch.device("cuda", 0))  # the self-test is injected: nothing runs on a GPU
LLAMA_8B_HEADS = LlamaConfig(hidden_size=4096, num_attention_heads=32, num_key_value_heads=8)


def failing(*args) -> None:
    raise SM86


def test_auto_falls_back_to_sdpa_with_one_log_line(capsys: pytest.CaptureFixture) -> None:
    chosen = choose_attention(TrainConfig(attn_implementation="auto"), LLAMA_8B_HEADS, GPU, self_test=failing)
    assert chosen == "sdpa"
    logged = capsys.readouterr().out.splitlines()
    assert logged == ["[kosum-train] flex attention failed its self-test on this GPU (RuntimeError: No valid triton "
                      "configs. OutOfResources: out of resource: shared memory, Required: 131072, Hardware limit: "
                      "101376. Reducing block sizes or `num_stages` may help.); using sdpa"]


def test_auto_keeps_flex_attention_where_it_runs() -> None:
    tried = []
    chosen = choose_attention(TrainConfig(attn_implementation="auto", max_seq_length=2048), LLAMA_8B_HEADS, GPU,
                              self_test=lambda *args: tried.append(args))
    assert chosen == "flex_attention" and tried == [("flex_attention", LLAMA_8B_HEADS, 2048, GPU.device)]


def test_forced_flex_attention_fails_clearly() -> None:
    with pytest.raises(BadInputError, match="attn_implementation=flex_attention does not run on this GPU .*shared "
                                            "memory.*use attn_implementation=auto or sdpa"):
        choose_attention(TrainConfig(attn_implementation="flex_attention"), LLAMA_8B_HEADS, GPU, self_test=failing)


def test_cpu_and_explicit_choices_need_no_self_test() -> None:
    cpu = Dist(0, 1, 0, torch.device("cpu"))
    assert choose_attention(TrainConfig(attn_implementation="auto"), LLAMA_8B_HEADS, cpu, self_test=failing) == "sdpa"
    assert choose_attention(TrainConfig(attn_implementation="eager"), LLAMA_8B_HEADS, GPU, self_test=failing) == "eager"
