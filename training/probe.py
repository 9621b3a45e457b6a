"""What the plan is made from, measured on this process's device: whether flex attention runs here (tried, not
assumed), and the GPU's name, capability and free memory once the base model is loaded."""
from __future__ import annotations

from typing import Any, Callable

from training.config import TrainConfig
from training.plan import Device


def attention_self_test(implementation: str, model_config: Any, seq_len: int, device: Any) -> None:
    """One forward and backward of transformers' flex attention path at the model's head shape and this run's
    length: a GPU that cannot run it (the backward needs more shared memory than an A10G, sm86, has for head_dim
    128: pytorch issue 133254) fails here in seconds instead of in the first training step."""
    import torch
    from torch.nn.attention.flex_attention import create_block_mask
    from transformers.integrations.flex_attention import flex_attention_forward

    heads = model_config.num_attention_heads
    kv_heads = getattr(model_config, "num_key_value_heads", None) or heads
    head_dim = getattr(model_config, "head_dim", None) or model_config.hidden_size // heads

    def tensor(count: int):
        return torch.randn(1, count, seq_len, head_dim, device=device, dtype=torch.bfloat16, requires_grad=True)

    mask = create_block_mask(lambda b, h, q, k: q >= k, None, None, seq_len, seq_len, device=str(device))
    output, _ = flex_attention_forward(torch.nn.Module().train(), tensor(heads), tensor(kv_heads), tensor(kv_heads),
                                       mask, scaling=head_dim ** -0.5)
    output.float().sum().backward()
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def flex_attention_error(config: TrainConfig, model_config: Any, device: Any,
                         self_test: Callable[..., None] = attention_self_test) -> str | None:
    """The self-test's failure as one line, or None when it passed or is not needed (another kernel was asked
    for, or `auto` on a CPU)."""
    requested = config.attn_implementation
    if requested not in {"auto", "flex_attention"} or (requested == "auto" and device.type != "cuda"):
        return None
    try:
        self_test("flex_attention", model_config, config.max_seq_length, device)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return None


def measure_device(device: Any, flex_error: str | None) -> Device:
    """This process's device as the plan sees it (call after the base model is loaded)."""
    if device.type != "cuda":
        return Device("cpu", flex_attention_error=flex_error)
    import torch

    free, total = torch.cuda.mem_get_info(device)
    properties = torch.cuda.get_device_properties(device)
    return Device("cuda", properties.name, (properties.major, properties.minor), total, free,
                  torch.cuda.memory_reserved(device), flex_error)
