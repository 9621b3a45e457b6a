"""A tiny Llama-architecture stand-in for Llama-3-8B: random weights and a byte-level BPE tokenizer trained on the
bundled Korean sample, both made locally so the whole workflow runs offline on a CPU. Its output is not meaningful."""
from __future__ import annotations

import json
from pathlib import Path

from training.prompts import CHAT_TEMPLATE, SYSTEM_PROMPT, USER_PREFIX
from training.texts import t

TINY_LABEL = t("tiny stand-in for Llama-3-8B (random weights: its output is not meaningful)")
SPECIAL = {"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>", "pad_token": "<|pad|>"}
END_OF_TURN = "<|eot_id|>"  # Llama-3's end-of-turn token, so exports are checked with it as for the real model


def _corpus(sample_dir: Path) -> list[str]:
    texts = [SYSTEM_PROMPT, USER_PREFIX, "\n\nHuman: ", "\n\nAssistant: "]
    for path in sorted(sample_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [row.get("title", ""), row.get("document", ""), row.get("summary", "")]
    return texts


def build_tiny_base(out_dir: Path, *, vocab_size: int = 2048, hidden_size: int = 256, layers: int = 2,
                    seed: int = 0) -> Path:
    """Write tokenizer + random-weight model to `out_dir` (a `from_pretrained`-loadable folder) and return it."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    from training.data import BUNDLED_SAMPLE

    out_dir.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[*SPECIAL.values(), END_OF_TURN],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator(_corpus(BUNDLED_SAMPLE), trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, additional_special_tokens=[END_OF_TURN], **SPECIAL)
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.model_max_length = 4096
    tokenizer.save_pretrained(out_dir)

    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=hidden_size * 3,
        num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
        rope_theta=500000.0, tie_word_embeddings=False, initializer_range=0.1, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
    )
    model = LlamaForCausalLM(config).to(torch.bfloat16)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(out_dir)
    (out_dir / "KOSUM_MODEL.txt").write_text(TINY_LABEL + "\n", encoding="utf-8")
    return out_dir


def demo_label(model_dir: str | Path) -> str | None:
    """The label of an offline demo model (tiny or smol, and models trained or merged from one); None for others."""
    path = Path(model_dir) / "KOSUM_MODEL.txt"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None
