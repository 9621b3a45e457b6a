"""The model step: the engine's GPU work for the scheduler's decisions. It owns the model (with q/k/v and gate/up
fused into one GEMM each), the slot and prefix caches, the decode inputs that stay on the device, and the CUDA
graphs: `prefill` runs prompts into slots, `launch` queues one decode step for slots 0..n-1 without waiting.

Decoding is memory-bound, so what matters is (1) one launch per step instead of hundreds (a CUDA graph per batch and
length bucket, over one compiled decoder-layer function) and (2) every busy request sharing each read of the
weights. The model's own modules (embeddings, norms, rotary embedding) are reused, so weights load with
`from_pretrained` as everywhere else."""
from __future__ import annotations

import time

from serving.engine.kv_cache import KVCache, PrefixCache
from serving.engine.sampling import SamplingParams, sample
from training.texts import t

SUPPORTED_MODEL_TYPES = ("llama",)
LENGTH_BUCKET = 128


class UnsupportedModelError(ValueError):
    """The KoSum engine cannot serve this model; the message says which engine can."""


def unsupported_reason(config) -> str | None:
    """Why the KoSum engine cannot serve a model with this transformers config (None when it can)."""
    model_type = getattr(config, "model_type", None)
    if model_type not in SUPPORTED_MODEL_TYPES:
        return t("the KoSum engine serves {supported} models, not '{model_type}': use --engine transformers (or tgi "
                 "with docker)", supported=", ".join(SUPPORTED_MODEL_TYPES), model_type=model_type)
    if getattr(config, "hidden_act", "silu") != "silu":
        return t("the KoSum engine needs the silu activation, not '{activation}': use --engine transformers",
                 activation=config.hidden_act)
    if getattr(config, "attention_bias", False) or getattr(config, "mlp_bias", False):
        return t("the KoSum engine does not support projections with bias: use --engine transformers")
    return None


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
    from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

    return apply_rotary_pos_emb(q, k, cos, sin)


def attend(q, k, v, bias, scale: float):
    """Decode attention: q [batch, kv_heads, groups, head_dim] (a GQA group's query heads as rows) over k/v
    [batch, kv_heads, length, head_dim], `bias` added to the scores. Two batched GEMMs around a float32 softmax
    rather than SDPA: cuDNN's fused kernel gives one thread block per (request, kv head), so at batch 1 eight of the
    H200's 132 SMs read the cache (0.90 ms per step against 0.34 ms, `bench_decode_attention`)."""
    import torch

    scores = torch.matmul(q, k.transpose(-1, -2)).float() * scale + bias
    return torch.matmul(torch.softmax(scores, dim=-1).to(q.dtype), v)


def decode_layer(hidden, update, weights, k_cache, v_cache, positions, cos, sin, bias, eps: float, scale: float):
    """One decoder layer for one new token per slot 0..batch-1: writes the token's key/value into the cache and
    attends over the first `bias.shape[-1]` positions (`bias`: 0 where visible, dtype minimum where not). A plain
    function of tensors so that on CUDA one compiled version serves every layer, fusing the norms, rotary, cache
    writes and reshapes around the four GEMMs and the attention kernel."""
    import torch
    import torch.nn.functional as F

    input_norm, qkv, o_proj, post_norm, gate_up, down = weights
    batch, kv_heads, head_dim = hidden.shape[0], k_cache.shape[1], k_cache.shape[3]
    kv_size = kv_heads * head_dim
    hidden, x = add_rms_norm(hidden, update, input_norm, eps)
    q, k, v = F.linear(x, qkv).split([qkv.shape[0] - 2 * kv_size, kv_size, kv_size], dim=-1)
    q, k = rotate(q.view(batch, 1, -1, head_dim).transpose(1, 2), k.view(batch, 1, kv_heads, head_dim).transpose(1, 2),
                  cos, sin)
    rows = torch.arange(batch, device=hidden.device)
    k_cache[rows, :, positions] = k[:, :, 0]
    v_cache[rows, :, positions] = v.view(batch, kv_heads, head_dim)
    length = bias.shape[-1]
    out = attend(q.reshape(batch, kv_heads, -1, head_dim), k_cache[:batch, :, :length], v_cache[:batch, :, :length],
                 bias, scale)
    hidden, x = add_rms_norm(hidden, F.linear(out.reshape(batch, 1, -1), o_proj), post_norm, eps)
    return hidden, F.linear(silu_mul(F.linear(x, gate_up)), down)


def batch_bucket(n: int, slots: int) -> int:
    bucket = 1
    while bucket < n:
        bucket *= 2
    return min(bucket, slots)


def length_bucket(n: int, max_len: int) -> int:
    return min(max_len, -(-n // LENGTH_BUCKET) * LENGTH_BUCKET)


class ModelRunner:
    """The model, its caches and its compiled/captured decode step."""

    def __init__(self, model, slots: int, max_len: int, use_graphs: bool | None = None,
                 compile_options: dict | None = None) -> None:
        """`compile_options`: Inductor options for the decoder layer on CUDA (None: the defaults)."""
        import torch

        config = model.config
        reason = unsupported_reason(config)
        if reason:
            raise UnsupportedModelError(reason)
        self.model = model.eval()
        self.device, self.dtype = model.device, model.dtype
        self.slots, self.max_len = slots, max_len
        self.use_graphs = self.device.type == "cuda" if use_graphs is None else use_graphs
        layers = len(model.model.layers)
        self.kv_heads, self.head_dim = config.num_key_value_heads, model.model.layers[0].self_attn.head_dim
        self.groups = config.num_attention_heads // config.num_key_value_heads
        self.cache = KVCache(layers, slots, self.kv_heads, max_len, self.head_dim, self.dtype, self.device)
        self.prefix = PrefixCache(layers, self.kv_heads, max_len, self.head_dim, self.dtype, self.device)
        # decode inputs, on the device: each step writes the next step's ids and positions itself
        self.ids = torch.zeros(slots, dtype=torch.long, device=self.device)
        self.positions = torch.zeros(slots, dtype=torch.long, device=self.device)
        self.temperature = torch.ones(slots, dtype=torch.float32, device=self.device)
        self.top_p = torch.ones(slots, dtype=torch.float32, device=self.device)
        self.next_tokens = torch.zeros(slots, dtype=torch.long, device=self.device)
        self.live = torch.zeros(slots, dtype=torch.long, device=self.device)  # 1 for busy slots, 0 for padding
        self.host_tokens = [torch.zeros(slots, dtype=torch.long, pin_memory=self.device.type == "cuda") for _ in range(2)]
        self.launches = 0
        self.graphs: dict[tuple[int, int], object] = {}
        self.pool = torch.cuda.graph_pool_handle() if self.use_graphs else None
        self._fuse_projections()
        self.layer_weights = [(layer.input_layernorm.weight, self.qkv[index], layer.self_attn.o_proj.weight,
                               layer.post_attention_layernorm.weight, self.gate_up[index], layer.mlp.down_proj.weight)
                              for index, layer in enumerate(model.model.layers)]
        if self.device.type == "cuda":  # fused kernels instead of 5-20 small ones per layer
            self.add_rms_norm = torch.compile(add_rms_norm, dynamic=True, fullgraph=True)
            self.silu_mul = torch.compile(silu_mul, dynamic=True, fullgraph=True)
            self.rotate = torch.compile(rotate, dynamic=True, fullgraph=True)
            self.decode_layer = torch.compile(decode_layer, dynamic=True, fullgraph=True, options=compile_options)
        else:
            self.add_rms_norm, self.silu_mul, self.rotate, self.decode_layer = add_rms_norm, silu_mul, rotate, decode_layer

    def _fuse_projections(self) -> None:
        """One GEMM for q/k/v and one for gate/up per layer; the modules' weights become views of the fused
        tensors, so memory does not grow."""
        import torch

        self.qkv, self.gate_up = [], []
        for layer in self.model.model.layers:
            attn, mlp = layer.self_attn, layer.mlp
            for fused_list, modules in ((self.qkv, (attn.q_proj, attn.k_proj, attn.v_proj)),
                                        (self.gate_up, (mlp.gate_proj, mlp.up_proj))):
                fused = torch.cat([m.weight.data for m in modules], dim=0)
                start = 0
                for module in modules:
                    rows = module.weight.shape[0]
                    module.weight.data = fused[start:start + rows]
                    start += rows
                fused_list.append(fused)

    # ---------------------------------------------------------------- decode

    def decode_step(self, batch: int, length: int) -> None:
        """One token for slots 0..batch-1, attending over the first `length` cache positions."""
        import torch

        inner = self.model.model
        positions = self.positions[:batch]
        with torch.no_grad():
            hidden = inner.embed_tokens(self.ids[:batch, None])
            cos, sin = inner.rotary_emb(hidden, positions[:, None])
            hidden_mask = torch.arange(length, device=self.device)[None, :] > positions[:, None]
            bias = torch.zeros(batch, 1, 1, length, dtype=self.dtype, device=self.device)
            bias.masked_fill_(hidden_mask[:, None, None, :], torch.finfo(self.dtype).min)
            first = inner.layers[0]
            eps, scale = first.input_layernorm.variance_epsilon, first.self_attn.scaling
            update = hidden.new_zeros(())
            for index, weights in enumerate(self.layer_weights):
                hidden, update = self.decode_layer(hidden, update, weights, self.cache.k[index], self.cache.v[index],
                                                   positions, cos, sin, bias, eps, scale)
            logits = self.model.lm_head(inner.norm(hidden + update)[:, -1])
            self.next_tokens[:batch].copy_(sample(logits, self.temperature[:batch], self.top_p[:batch]))
            self.ids[:batch].copy_(self.next_tokens[:batch])  # the next step's inputs, without the host
            self.positions[:batch].add_(self.live[:batch])

    def run_decode(self, batch: int, length: int) -> None:
        """The decode step, replayed from its CUDA graph (captured on first use) where graphs are on."""
        import torch

        if not self.use_graphs:
            self.decode_step(batch, length)
            return
        graph = self.graphs.get((batch, length))
        if graph is None:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                self.decode_step(batch, length)  # warm-up: writes the same cache entries the replay writes
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, pool=self.pool):
                self.decode_step(batch, length)
            self.graphs[(batch, length)] = graph
        graph.replay()

    def upload(self, tokens: list[int], lengths: list[int], params: list[SamplingParams]) -> None:
        """The decode inputs of busy slots 0..n-1 from the host's view, after the set of busy slots changed."""
        import torch

        count = len(tokens)
        batch = batch_bucket(count, self.slots)
        padding = [0] * (batch - count)
        self.ids[:batch].copy_(torch.tensor(tokens + padding))
        self.positions[:batch].copy_(torch.tensor(lengths + padding))
        self.live[:batch].copy_(torch.tensor([1] * count + padding))
        self.temperature[:count].copy_(torch.tensor([p.temperature for p in params]))
        self.top_p[:count].copy_(torch.tensor([p.top_p for p in params]))

    def launch(self, count: int, longest: int) -> tuple:
        """Queue one decode step for busy slots 0..count-1 (the longest holding `longest` positions) and the copy
        of its tokens to the host; does not wait. Returns (host tensor, event to wait on)."""
        import torch

        self.run_decode(batch_bucket(count, self.slots), length_bucket(longest + 1, self.max_len))
        host = self.host_tokens[self.launches % 2]
        self.launches += 1
        host[:count].copy_(self.next_tokens[:count], non_blocking=True)
        done = None
        if self.device.type == "cuda":
            done = torch.cuda.Event()
            done.record()
        return host, done

    def warm_up(self, max_length: int) -> None:
        """Capture the decode graphs of every batch bucket up to `max_length` positions before serving."""
        if not self.use_graphs:
            return
        for batch in sorted({batch_bucket(n, self.slots) for n in range(1, self.slots + 1)}):
            for length in range(LENGTH_BUCKET, length_bucket(max_length, self.max_len) + 1, LENGTH_BUCKET):
                self.positions[:batch].zero_()
                self.run_decode(batch, length)

    def wait_for_gpu(self, done=None) -> None:
        """Poll instead of blocking in a synchronising call: sleeping releases the GIL for the engine process's
        pipe reader while the GPU computes."""
        import torch

        if self.device.type != "cuda":
            return
        if done is None:
            done = torch.cuda.Event()
            done.record()
        while not done.query():
            time.sleep(0.0002)

    # ---------------------------------------------------------------- prefill

    def forward_prompts(self, prompts: list[list[int]], offset: int, cache: KVCache, slots: slice):
        """Prompt tokens that follow `offset` already-cached positions through the decoder (right-padded, causal),
        writing their keys/values into `cache` rows `slots`; returns the last layer's residual stream."""
        import torch
        import torch.nn.functional as F
        from torch.nn.attention.bias import causal_lower_right

        batch, longest = len(prompts), max(len(p) for p in prompts)
        ids = torch.zeros(batch, longest, dtype=torch.long)
        for row, prompt in enumerate(prompts):
            ids[row, :len(prompt)] = torch.tensor(prompt)
        inner = self.model.model
        q_size, kv_size = self.kv_heads * self.groups * self.head_dim, self.kv_heads * self.head_dim
        end = offset + longest
        causal = causal_lower_right(longest, end) if offset else None  # position i sees the prefix and 0..i
        hidden = inner.embed_tokens(ids.to(self.device))
        positions = torch.arange(offset, end, device=self.device)[None, :].expand(batch, -1)
        cos, sin = inner.rotary_emb(hidden, positions)
        update = hidden.new_zeros(())
        for index, layer in enumerate(inner.layers):
            norm = layer.input_layernorm
            hidden, x = self.add_rms_norm(hidden, update, norm.weight, norm.variance_epsilon)
            q, k, v = (part.view(batch, longest, -1, self.head_dim).transpose(1, 2) for part in
                       F.linear(x, self.qkv[index]).split([q_size, kv_size, kv_size], dim=-1))
            q, k = self.rotate(q, k, cos, sin)
            cache.k[index][slots, :, offset:end] = k
            cache.v[index][slots, :, offset:end] = v
            if offset:
                k, v = cache.k[index][slots, :, :end], cache.v[index][slots, :, :end]
            k, v = k.repeat_interleave(self.groups, dim=1), v.repeat_interleave(self.groups, dim=1)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=causal, is_causal=causal is None,
                                                 scale=layer.self_attn.scaling)
            norm = layer.post_attention_layernorm
            hidden, x = self.add_rms_norm(hidden, layer.self_attn.o_proj(out.transpose(1, 2).reshape(batch, longest, -1)),
                                          norm.weight, norm.variance_epsilon)
            update = layer.mlp.down_proj(self.silu_mul(F.linear(x, self.gate_up[index])))
        return hidden + update

    def _shared_prefix(self, prompts: list[list[int]]) -> int:
        """How many leading tokens of every prompt come from the prefix cache, computing the batch's common start
        into it first when the cache holds too little of it. Every KoSum request starts with the same system prompt
        and user prefix (~60 tokens with Llama-3's tokenizer), so this work is done once, not once per request."""
        held = self.prefix.reusable(prompts)
        if held:
            return held
        shared = self.prefix.worth_computing(prompts)
        if shared:
            self.forward_prompts([prompts[0][:shared]], 0, self.prefix, slice(0, 1))
            self.prefix.ids = prompts[0][:shared]
        return shared

    def prefill(self, prompts: list[list[int]], params: list[SamplingParams], first_slot: int) -> tuple[int, list[int]]:
        """Prompts into slots first_slot..: the shared start is copied from the prefix cache, the rest runs batched;
        the first prompt's start is kept as the next prefix cache. Returns (positions taken from the prefix cache,
        each prompt's first token)."""
        import torch

        batch, slots = len(prompts), slice(first_slot, first_slot + len(prompts))
        with torch.no_grad():
            offset = self._shared_prefix(prompts)
            self.cache.copy_from(slots, self.prefix, slice(0, 1), slice(0, offset))
            hidden = self.forward_prompts([p[offset:] for p in prompts], offset, self.cache, slots)
            keep = min(len(prompts[0]), self.prefix.positions)  # positions before `offset` are already there
            self.prefix.copy_from(0, self.cache, first_slot, slice(offset, keep))
            self.prefix.ids = prompts[0][:keep]
            last = torch.tensor([len(p) - offset - 1 for p in prompts], device=self.device)
            last = self.model.model.norm(hidden[torch.arange(batch, device=self.device), last])
            temperature = torch.tensor([p.temperature for p in params], device=self.device)
            top_p = torch.tensor([p.top_p for p in params], device=self.device)
            tokens = sample(self.model.lm_head(last), temperature, top_p)
            self.wait_for_gpu()
            return offset, tokens.tolist()
