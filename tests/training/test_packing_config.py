"""Config parsing (the workshop's max_seq_len bug), tokenization that matches serving, padding-free packing."""
from __future__ import annotations

from pathlib import Path

import pytest

from training.errors import BadInputError
from training.packing import IGNORE, pack_samples, padding_waste, tokenize_record
from training.prompts import build_messages
from training.config import parse_config


def test_yaml_and_overrides(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("max_seq_length: 300\nlearning_rate: 0.001\ngradient_checkpointing: false\n")
    parsed = parse_config(["--config", str(config), "max_steps=7", "--lora_r", "8", "--use-liger-kernel", "false"])
    assert (parsed.max_seq_length, parsed.learning_rate, parsed.gradient_checkpointing) == (300, 0.001, "false")
    assert (parsed.max_steps, parsed.lora_r, parsed.use_liger_kernel) == (7, 8, "false")


def test_workshop_typo_is_an_error_not_a_silent_default(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("max_seq_len: 2048\n")
    with pytest.raises(BadInputError, match="unknown setting 'max_seq_len' \\(did you mean 'max_seq_length'\\?\\)"):
        parse_config(["--config", str(config)])
    with pytest.raises(BadInputError, match="must be int"):
        parse_config(["max_steps=lots"])
    with pytest.raises(BadInputError, match="max_steps"):
        parse_config(["max_steps=-5"])


def test_training_tokens_match_the_serving_prompt(tiny_base: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    messages = build_messages("서울시가 공공자전거를 늘린다.", "자전거가 늘어난다.")
    sample, cut = tokenize_record(tokenizer, messages, 512)
    prompt = tokenizer.apply_chat_template(messages[:2], add_generation_prompt=True, tokenize=False)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    assert not cut
    assert sample["input_ids"][: len(prompt_ids)] == prompt_ids
    assert sample["labels"][: len(prompt_ids)] == [IGNORE] * len(prompt_ids)
    answer = sample["input_ids"][len(prompt_ids):]
    assert tokenizer.decode(answer) == "자전거가 늘어난다." + tokenizer.eos_token
    assert sample["labels"][len(prompt_ids):] == answer


def test_over_long_record_keeps_its_answer(tiny_base: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    sample, cut = tokenize_record(tokenizer, build_messages("아주 긴 기사 " * 500, "짧은 요약"), 128)
    assert cut and len(sample["input_ids"]) == 128
    assert tokenizer.decode(sample["input_ids"]).endswith("\n\nAssistant: 짧은 요약" + tokenizer.eos_token)


def test_packing_fills_rows_without_padding() -> None:
    samples = [{"input_ids": list(range(n)), "labels": list(range(n))} for n in (700, 500, 300, 900, 100, 250, 1000)]
    batches = pack_samples(samples, 1024)
    assert all(b.num_tokens <= 1024 for b in batches)
    assert sorted(n for b in batches for n in b.lengths) == sorted(len(s["input_ids"]) for s in samples)
    for batch in batches:
        starts = [i for i, p in enumerate(batch.position_ids) if p == 0]
        assert len(starts) == len(batch.lengths)
    assert len(batches) == 4  # 3,750 tokens: the best possible is 4 rows of 1,024
    assert padding_waste(batches, 1024) < 0.1


def test_packed_samples_do_not_attend_to_each_other() -> None:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                         num_attention_heads=4, num_key_value_heads=2, vocab_size=100)).eval()
    a, b = torch.randint(0, 100, (9,)).tolist(), torch.randint(0, 100, (6,)).tolist()
    (batch,) = pack_samples([{"input_ids": a, "labels": a}, {"input_ids": b, "labels": b}], 64)
    tensors = batch.to_tensors("cpu")
    with torch.no_grad():
        packed = model(input_ids=tensors["input_ids"], position_ids=tensors["position_ids"], use_cache=False).logits[0]
        alone_a = model(input_ids=torch.tensor([a]), use_cache=False).logits[0]
        alone_b = model(input_ids=torch.tensor([b]), use_cache=False).logits[0]
    assert torch.allclose(packed[:9], alone_a, atol=1e-5)
    assert torch.allclose(packed[9:], alone_b, atol=1e-5)


def test_help_lists_every_setting_with_its_help() -> None:
    import subprocess
    import sys
    from dataclasses import fields

    from tests.conftest import ROOT
    from training.config import TrainConfig

    shown = subprocess.run([sys.executable, str(ROOT / "training" / "train.py"), "--help"], capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    for item in fields(TrainConfig):
        line = next((l for l in lines if l.split()[:1] == [item.name]), "")
        assert item.metadata["help"] and line.endswith(item.metadata["help"]), item.name
