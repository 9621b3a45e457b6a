"""The decoder layer's math as plain functions of tensors: one `decoder_layer` serves prefill, the decode step and the
verify step (any number of new tokens per row), so a new Llama variant is written once. On CUDA it is compiled as
a whole, fusing the norms, rotary, cache writes and reshapes around the four GEMMs and the attention kernel, which
is a parameter: `attend_prompt` (SDPA's causal flash kernel, for prompts of many tokens) or `attend` (two GEMMs, for
one or a few new tokens over a long cache)."""
from __future__ import annotations


def add_rms_norm(hidden, update, weight, eps: float):
    """Residual add + Llama RMSNorm (float32 statistics, as transformers computes them): (new hidden, normed)."""
    import torch

    hidden = hidden + update
    h = hidden.float()
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return hidden, weight * h.to(hidden.dtype)


def silu_mul(gate_up):
    import torch.nn.functional as F

    gate, up = gate_up.chunk(2, dim=-1)
    return F.silu(gate) * up


def rotate(q, k, cos, sin):
    """Rotary embedding of q [batch, seq, heads, head_dim] and k [batch, seq, kv_heads, head_dim]."""
    from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

    return apply_rotary_pos_emb(q, k, cos, sin, unsqueeze_dim=2)


def attend(q, k, v, bias, scale: float):
    """Attention of a few new tokens per row: q [batch, seq, heads, head_dim] over k/v [batch, kv_heads, length,
    head_dim], `bias` [batch, 1, seq, length] added to the scores (0 where visible, dtype minimum where not).
    A GQA group's query heads of every new token are the rows of one batched GEMM, around a float32 softmax, rather
    than SDPA: cuDNN's fused kernel gives one thread block per (request, kv head), so at batch 1 eight of the H200's
    132 SMs read the cache (0.90 ms per step against 0.34 ms, `bench_decode_attention`)."""
    import torch

    batch, seq, heads, head_dim = q.shape
    kv_heads, length = k.shape[1], k.shape[2]
    groups = heads // kv_heads
    q = q.view(batch, seq, kv_heads, groups, head_dim).transpose(1, 2).reshape(batch, kv_heads, seq * groups, head_dim)
    scores = torch.matmul(q, k.transpose(-1, -2)).float() * scale
    scores = (scores.view(batch, kv_heads, seq, groups, length) + bias.view(batch, 1, seq, 1, length))
    weights = torch.softmax(scores.view(batch, kv_heads, seq * groups, length), dim=-1).to(q.dtype)
    out = torch.matmul(weights, v)
    return out.view(batch, kv_heads, seq, groups, head_dim).transpose(1, 2).reshape(batch, seq, heads * head_dim)


def attend_prompt(q, k, v, bias, scale: float):
    """Causal attention of a prompt block (q [batch, seq, heads, head_dim], the last `seq` of the `length` positions
    of k/v [batch, kv_heads, length, head_dim]; `bias` unused): query i sees positions 0..length - seq + i. SDPA's
    causal mask without an explicit mask (so the flash kernel runs; on CUDA cuDNN's is off, see `ModelRunner`) is
    aligned at the first query and first key; after cached positions, zero queries stand in for them (their outputs
    are dropped), which makes the block square and the alignment right. Their cost: attention is ~3% of a prefill,
    and the cached start is short. A GQA group's query heads read their key/value head in the kernel
    (`enable_gqa`): the repeated keys and values the compiled layer used to write before SDPA took a fifth of a
    32 x 1,024 prefill on the H200 (226 of 946 ms)."""
    import torch
    import torch.nn.functional as F

    batch, seq, heads, head_dim = q.shape
    before = k.shape[2] - seq  # cached positions before the prompt block
    if before:
        q = torch.cat([q.new_zeros(batch, before, heads, head_dim), q], dim=1)
    out = F.scaled_dot_product_attention(q.transpose(1, 2), k, v, is_causal=True, scale=scale, enable_gqa=True)
    return out.transpose(1, 2)[:, before:].reshape(batch, seq, -1)


def decoder_layer(hidden, update, weights, k_cache, v_cache, positions, cos, sin, bias, length: int, eps: float,
                  scale: float, attention):
    """One decoder layer for new tokens of cache rows 0..batch-1: `hidden` [batch, seq, dim] is the residual stream
    before the previous layer's output `update` is added. The tokens' keys and values are written at `positions`:
    per row ([batch, seq], decode and verify) or, for a prompt block at the same positions in every row, the first
    of them (an int: one contiguous write); then `attention(q, k, v, bias, scale)` runs over the rows' first `length`
    positions. Returns (hidden, this layer's output)."""
    import torch
    import torch.nn.functional as F

    input_norm, qkv, o_proj, post_norm, gate_up, down = weights
    batch, seq = hidden.shape[0], hidden.shape[1]
    kv_heads, head_dim = k_cache.shape[1], k_cache.shape[3]
    kv_size = kv_heads * head_dim
    hidden, x = add_rms_norm(hidden, update, input_norm, eps)
    q, k, v = F.linear(x, qkv).split([qkv.shape[0] - 2 * kv_size, kv_size, kv_size], dim=-1)
    q, k = rotate(q.view(batch, seq, -1, head_dim), k.view(batch, seq, kv_heads, head_dim), cos, sin)
    v = v.view(batch, seq, kv_heads, head_dim)
    if isinstance(positions, torch.Tensor):
        rows = torch.arange(batch, device=hidden.device)[:, None]
        k_cache[rows, :, positions] = k
        v_cache[rows, :, positions] = v
    else:
        k_cache[:batch, :, positions:positions + seq] = k.transpose(1, 2)
        v_cache[:batch, :, positions:positions + seq] = v.transpose(1, 2)
    out = attention(q, k_cache[:batch, :, :length], v_cache[:batch, :, :length], bias, scale)
    hidden, x = add_rms_norm(hidden, F.linear(out, o_proj), post_norm, eps)
    return hidden, F.linear(silu_mul(F.linear(x, gate_up)), down)
