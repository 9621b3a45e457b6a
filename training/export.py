"""The merged model folder as every consumer reads it, not only this product's transformers 5.

Readers and what each needs (checked by tests/contracts/ with the consumers' own loaders):
- transformers 4.51 inside TGI 3.3.6's Python server: a tokenizer class it knows (`PreTrainedTokenizerFast`, not
  transformers 5's `TokenizersBackend`), top-level `rope_theta`/`rope_scaling` (it ignores `rope_parameters` and
  would silently fall back to theta 10000), `torch_dtype`.
- TGI's router: the chat template in `tokenizer_config.json["chat_template"]` or `chat_template.json`, never
  `chat_template.jinja` alone.
- generation (TGI, `generate`): every end-of-turn token in `generation_config.json`'s `eos_token_id`, so a Llama-3
  model stops at `<|eot_id|>` as well as at its EOS.
- the product's deploy: `kosum.json` with the training sequence length, from which TGI's token limits are sized.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SERVING_INFO = "kosum.json"
LEGACY_TOKENIZER_CLASS = "PreTrainedTokenizerFast"
END_OF_TURN_TOKENS = ("<|eot_id|>",)  # Llama-3's end of turn, besides the tokenizer's EOS


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def stop_token_ids(tokenizer, configured: Any = None) -> list[int]:
    """The EOS ids generation must stop at: what the model already had, the tokenizer's EOS, end-of-turn tokens."""
    ids = configured if isinstance(configured, list) else [configured] if configured is not None else []
    ids = [*ids, tokenizer.eos_token_id]
    vocabulary = tokenizer.get_vocab()
    ids += [vocabulary[token] for token in END_OF_TURN_TOKENS if token in vocabulary]
    return list(dict.fromkeys(i for i in ids if i is not None))


def legacy_config_keys(config: dict[str, Any]) -> None:
    """Top-level rope and dtype keys for transformers < 5 (which ignore `rope_parameters` and `dtype`)."""
    rope = config.get("rope_parameters") or {}
    if "rope_theta" in rope:
        config["rope_theta"] = rope["rope_theta"]
    if rope.get("rope_type", "default") != "default":
        config["rope_scaling"] = {k: v for k, v in rope.items() if k != "rope_theta"}
    config["torch_dtype"] = config.get("dtype") or config.get("torch_dtype") or "bfloat16"


def save_for_serving(model, tokenizer, out_dir: Path, chat_template: str, serving_info: dict[str, Any]) -> None:
    """Write the model (safetensors, 5 GB shards) and tokenizer, then make the folder readable by every consumer."""
    tokenizer.chat_template = chat_template
    model.generation_config.pad_token_id = tokenizer.pad_token_id or tokenizer.eos_token_id
    model.generation_config.eos_token_id = stop_token_ids(tokenizer, model.generation_config.eos_token_id)
    model.save_pretrained(out_dir, safe_serialization=True, max_shard_size="5GB")
    tokenizer.save_pretrained(out_dir)
    _edit_json(out_dir / "config.json", legacy_config_keys)

    def tokenizer_config(data: dict[str, Any]) -> None:
        data["tokenizer_class"] = LEGACY_TOKENIZER_CLASS
        data["chat_template"] = chat_template
        extra = data.pop("extra_special_tokens", None)  # a list in transformers 5; < 5 reads a dict of named tokens
        if isinstance(extra, list) and extra:
            data["additional_special_tokens"] = extra
        elif isinstance(extra, dict) and extra:
            data["extra_special_tokens"] = extra
        for key in ("is_local", "local_files_only"):  # how it was loaded here, not settings of the tokenizer
            data.pop(key, None)

    _edit_json(out_dir / "tokenizer_config.json", tokenizer_config)
    (out_dir / "chat_template.json").write_text(json.dumps({"chat_template": chat_template}, ensure_ascii=False,
                                                           indent=2) + "\n", encoding="utf-8")
    (out_dir / SERVING_INFO).write_text(json.dumps(serving_info, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")


def serving_info(model_dir: Path) -> dict[str, Any]:
    """What the training run recorded for serving (empty for folders from elsewhere)."""
    try:
        return json.loads((model_dir / SERVING_INFO).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
