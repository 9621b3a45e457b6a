"""The model a run trains: the tokenizer with the workshop's chat template, the base (4-bit NF4 with double quant and
bf16 compute and storage where bitsandbytes runs, else bf16) with LoRA adapters in fp32, Liger's fused kernels on
CUDA, and the plan made once the base is in memory (its free memory is what the plan fits into)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from training.config import TrainConfig
from training.distributed import Dist
from training.errors import BadInputError
from training.plan import Device, ModelShape, Plan, choose_attention, make_plan
from training.probe import flex_attention_error, measure_device
from training.prompts import CHAT_TEMPLATE
from training.runlog import log
from training.texts import t


@dataclass
class LoadedModel:
    """The PEFT model ready to train, whether its base is 4-bit, and the plan it was prepared for."""

    model: Any
    quantized: bool
    plan: Plan


def load_tokenizer(config: TrainConfig):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(config.base_model, token=os.environ.get("HF_TOKEN") or None)
    tokenizer.chat_template = CHAT_TEMPLATE
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def apply_liger(config: TrainConfig, dist_info: Dist) -> bool:
    """Fused RoPE/RMSNorm/SwiGLU and fused linear cross-entropy (no full fp32 logits) where Liger runs (CUDA).
    Patches transformers' Llama classes, so it runs before the model is built."""
    if config.use_liger_kernel == "false":
        return False
    if dist_info.device.type != "cuda":
        if config.use_liger_kernel == "true":
            raise BadInputError(t("use_liger_kernel=true needs a CUDA GPU; this machine has none"))
        return False
    try:
        from liger_kernel.transformers import apply_liger_kernel_to_llama
    except ImportError:
        if config.use_liger_kernel == "true":
            raise BadInputError(t("use_liger_kernel=true but liger-kernel is not installed")) from None
        log("liger-kernel not installed: using plain transformers kernels")
        return False
    apply_liger_kernel_to_llama(rope=True, rms_norm=True, swiglu=True, cross_entropy=False,
                                fused_linear_cross_entropy=True)
    return True


def _bnb_usable() -> bool:
    try:
        import bitsandbytes  # noqa: F401
    except Exception as exc:
        log(f"bitsandbytes unavailable ({exc!s:.80}): falling back to plain LoRA in bf16")
        return False
    return True


def keep_cpu_4bit_layout(model) -> None:
    """bitsandbytes repacks a Linear4bit's weight in place into a CPU inference layout the first time the layer runs
    in eval mode without autograd (on CPUs with AVX512-BF16) and keeps it so, and training after it computes with the
    repacked bytes. Measured on the tiny preset: one validation pass before training left the run at loss 7.09
    instead of 3.28 (and 2 gloo processes 1% apart on that validation pass). Training never uses that layout."""
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False


def load_base(config: TrainConfig, dist_info: Dist, attention: str):
    """The base model on this process's device; returns (model, quantized)."""
    import torch
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    kwargs: dict[str, Any] = {"dtype": torch.bfloat16, "attn_implementation": attention,
                              "token": os.environ.get("HF_TOKEN") or None}
    quantized = config.load_in_4bit and _bnb_usable()
    if quantized:
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_storage=torch.bfloat16,
        )
        kwargs["device_map"] = {"": dist_info.device}
    model = AutoModelForCausalLM.from_pretrained(config.base_model, **kwargs)
    if not quantized:
        model.to(dist_info.device)
    model.config.use_cache = False
    return model, quantized


def add_adapters(model, config: TrainConfig, checkpointing: bool):
    """LoRA on the configured layers, trained in fp32 while the frozen base stays bf16 / 4-bit."""
    from peft import LoraConfig, get_peft_model

    if checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout, bias="none",
                      target_modules=config.lora_target_modules, task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    for param in model.parameters():
        if param.requires_grad:
            param.data = param.data.float()
    return model


def load_model(config: TrainConfig, dist_info: Dist, fused_loss: bool, resumed_rows: int = 0) -> LoadedModel:
    """Try flex attention, load the base, make the plan from the memory left, then add the adapters as planned.
    `fused_loss`: Liger's fused cross-entropy is on (see apply_liger); `resumed_rows`: the checkpoint's rows."""
    from transformers import AutoConfig

    model_config = AutoConfig.from_pretrained(config.base_model, token=os.environ.get("HF_TOKEN") or None)
    flex_error = flex_attention_error(config, model_config, dist_info.device)
    attention, _ = choose_attention(config.attn_implementation, Device(dist_info.device.type,
                                                                       flex_attention_error=flex_error))
    model, quantized = load_base(config, dist_info, attention)
    plan = make_plan(measure_device(dist_info.device, flex_error), ModelShape.of(model.config), config,
                     dist_info.world, fused_loss, resumed_rows)
    model = add_adapters(model, config, plan.gradient_checkpointing)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    log(f"model {config.base_model}: {'4-bit NF4' if quantized else 'bf16'} base, "
        f"{trainable:,} trainable of {total:,} parameters ({100 * trainable / total:.2f}%)")
    return LoadedModel(model, quantized, plan)
