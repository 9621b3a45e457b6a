"""Random-weight stand-ins for Llama-3-8B (no hub here): the exact layer shapes, bf16, saved with `save_pretrained`
so the code under benchmark loads them the way it loads the real model, plus the tiny tokenizer with the chat
template. The `smoke` shape is for the benchmarks' CPU smoke runs (tests/benchmarks/test_smoke_serving.py)."""
from __future__ import annotations

import time
from pathlib import Path

SHAPES = {
    "8b": dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
               num_key_value_heads=8, vocab_size=128256, max_position_embeddings=8192, rope_theta=500000.0,
               rms_norm_eps=1e-5, tie_word_embeddings=False),
    "smoke": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                  num_key_value_heads=2, vocab_size=2100, max_position_embeddings=8192, tie_word_embeddings=False),
    "small": dict(hidden_size=512, intermediate_size=1792, num_hidden_layers=4, num_attention_heads=8,
                  num_key_value_heads=2, vocab_size=128256, max_position_embeddings=8192, tie_word_embeddings=False),
}


def build_random_llama(model_dir: Path, shape: str = "8b", decodable: bool = False) -> None:
    """Write the model folder once. `decodable` zeroes the output rows of special tokens and of ids the stand-in
    tokenizer cannot decode and sharpens the rest, so sampled text is visible and never stops early (a summary of
    exactly max_tokens); it changes no shape and no cost."""
    if (model_dir / "config.json").is_file():
        return
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from training.tiny_model import build_tiny_base

    started = time.time()
    tokenizer = AutoTokenizer.from_pretrained(build_tiny_base(model_dir.parent / "tokenizer-src"))
    config = LlamaConfig(**SHAPES[shape], bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.bfloat16)
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        model = LlamaForCausalLM(config)
    torch.set_default_dtype(torch.float32)
    if decodable:
        with torch.no_grad():
            rows = model.lm_head.weight
            rows.mul_(10.0)
            rows[len(tokenizer):] = 0
            rows[tokenizer.all_special_ids] = 0
    model.save_pretrained(model_dir, safe_serialization=True, max_shard_size="5GB")
    tokenizer.save_pretrained(model_dir)
    del model
    print(f"built {shape} model in {time.time() - started:.0f}s", flush=True)
