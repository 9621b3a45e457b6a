"""KoSum's decode engine: continuous batching for Llama-architecture models with CUDA-graph decode steps.

Why our own: on the lent H100, `transformers serve` (also with continuous batching and CUDA graphs) gave 27 tokens/s
for one stream and 304 at 32 concurrent requests; TGI needs docker and vLLM cannot be installed there. Decoding is
memory-bound, so what matters is (1) one kernel launch per step instead of hundreds (a CUDA graph per batch and
length bucket) and (2) every busy request sharing each read of the weights. The engine keeps requests in fixed
slots 0..n-1 of one KV cache tensor per layer ([slots, kv_heads, max_len, head_dim]); prefills of waiting requests
run batched (right-padded, causal), then one decode step serves every busy slot. It reuses the model's own modules
(projections, norms, rotary embedding, MLP), so weights load with `from_pretrained` as everywhere else.
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

SUPPORTED_MODEL_TYPES = ("llama",)
LENGTH_BUCKET = 256
TOP_K = 50
PREFILL_TOKEN_BUDGET = 32768


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


@dataclass
class Request:
    """One generation. `emit(token_id, finish_reason)` is called from the engine thread for every new token
    (finish_reason None) and once more at the end with token_id None."""

    prompt_ids: list[int]
    max_tokens: int
    temperature: float
    top_p: float
    emit: Callable[[int | None, str | None], None]
    cancelled: bool = False
    generated: int = field(default=0, init=False)
    length: int = field(default=0, init=False)
    last_token: int = field(default=0, init=False)


def batch_bucket(n: int, slots: int) -> int:
    bucket = 1
    while bucket < n:
        bucket *= 2
    return min(bucket, slots)


def length_bucket(n: int, max_len: int) -> int:
    return min(max_len, -(-n // LENGTH_BUCKET) * LENGTH_BUCKET)


def sample(logits, temperature, top_p):
    """Top-k 50 (transformers' default), then temperature and nucleus; greedy where temperature is 0. Graph-safe:
    no host synchronisation (exponential-race sampling instead of multinomial)."""
    import torch

    values, indices = logits.float().topk(TOP_K, dim=-1)
    probs = torch.softmax(values / temperature.clamp_min(1e-5)[:, None], dim=-1)
    keep = (probs.cumsum(-1) - probs) < top_p[:, None]
    race = (probs * keep) / torch.empty_like(probs).exponential_()
    sampled = indices.gather(1, race.argmax(-1, keepdim=True))[:, 0]
    return torch.where(temperature > 0, sampled, indices[:, 0])


class Engine:
    """Owns the model, the KV cache and the scheduling thread. `submit` is thread-safe."""

    def __init__(self, model, eos_ids: list[int], slots: int = 32, max_len: int = 4096, use_graphs: bool | None = None,
                 after_step: Callable[[], None] | None = None):
        """`after_step` runs on the engine thread after each step's tokens were emitted (to hand them over at once)."""
        import torch

        config = model.config
        if config.model_type not in SUPPORTED_MODEL_TYPES or getattr(config, "hidden_act", "silu") != "silu":
            raise ValueError(f"the KoSum engine serves {', '.join(SUPPORTED_MODEL_TYPES)} models, not "
                             f"'{config.model_type}'; use the transformers engine")
        self.model, self.eos = model.eval(), set(eos_ids)
        self.device, self.dtype = model.device, model.dtype
        self.slots, self.max_len = slots, max_len
        self.use_graphs = self.device.type == "cuda" if use_graphs is None else use_graphs
        attn = model.model.layers[0].self_attn
        self.kv_heads, self.head_dim = config.num_key_value_heads, attn.head_dim
        self.groups = config.num_attention_heads // config.num_key_value_heads
        shape = (slots, self.kv_heads, max_len, self.head_dim)
        self.k_cache = [torch.zeros(shape, dtype=self.dtype, device=self.device) for _ in model.model.layers]
        self.v_cache = [torch.zeros(shape, dtype=self.dtype, device=self.device) for _ in model.model.layers]
        self.ids = torch.zeros(slots, dtype=torch.long, device=self.device)
        self.positions = torch.zeros(slots, dtype=torch.long, device=self.device)
        self.temperature = torch.ones(slots, dtype=torch.float32, device=self.device)
        self.top_p = torch.ones(slots, dtype=torch.float32, device=self.device)
        self.next_tokens = torch.zeros(slots, dtype=torch.long, device=self.device)
        self.graphs: dict[tuple[int, int], object] = {}
        self.pool = torch.cuda.graph_pool_handle() if self.use_graphs else None
        self.active: list[Request] = []
        self.waiting: queue.Queue[Request] = queue.Queue()
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.after_step = after_step or (lambda: None)
        self._fuse_projections()
        if self.device.type == "cuda":  # one fused kernel each instead of 5-10 small ones per layer
            self.add_rms_norm = torch.compile(add_rms_norm, dynamic=True, fullgraph=True)
            self.silu_mul = torch.compile(silu_mul, dynamic=True, fullgraph=True)
            self.rotate = torch.compile(rotate, dynamic=True, fullgraph=True)
        else:
            self.add_rms_norm, self.silu_mul, self.rotate = add_rms_norm, silu_mul, rotate

    def _fuse_projections(self) -> None:
        """One GEMM for q/k/v and one for gate/up per layer; the modules' weights become views of the fused
        tensors, so memory does not grow."""
        import torch

        self.qkv, self.gate_up = [], []
        for layer in self.model.model.layers:
            attn, mlp = layer.self_attn, layer.mlp
            if any(m.bias is not None for m in (attn.q_proj, attn.k_proj, attn.v_proj, mlp.gate_proj, mlp.up_proj)):
                raise ValueError("projections with bias are not supported by the KoSum engine")
            for fused_list, modules in ((self.qkv, (attn.q_proj, attn.k_proj, attn.v_proj)),
                                        (self.gate_up, (mlp.gate_proj, mlp.up_proj))):
                fused = torch.cat([m.weight.data for m in modules], dim=0)
                start = 0
                for module in modules:
                    rows = module.weight.shape[0]
                    module.weight.data = fused[start:start + rows]
                    start += rows
                fused_list.append(fused)

    @staticmethod
    def kv_bytes_per_slot(config, max_len: int, dtype_bytes: int = 2) -> int:
        head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        return 2 * config.num_hidden_layers * config.num_key_value_heads * max_len * head_dim * dtype_bytes

    # ---------------------------------------------------------------- model steps

    def _layers(self, hidden, positions, attend):
        """Run the decoder stack; `attend(layer_index, attn, q, k, v)` writes the cache and returns attention."""
        import torch.nn.functional as F

        inner = self.model.model
        cos, sin = inner.rotary_emb(hidden, positions)
        batch, length = hidden.shape[:2]
        q_size = self.kv_heads * self.groups * self.head_dim
        kv_size = self.kv_heads * self.head_dim
        update = hidden.new_zeros(())
        for index, layer in enumerate(inner.layers):
            attn = layer.self_attn
            hidden, x = self.add_rms_norm(hidden, update, layer.input_layernorm.weight, layer.input_layernorm.variance_epsilon)
            q, k, v = F.linear(x, self.qkv[index]).split([q_size, kv_size, kv_size], dim=-1)
            q = q.view(batch, length, -1, self.head_dim).transpose(1, 2)
            k = k.view(batch, length, -1, self.head_dim).transpose(1, 2)
            v = v.view(batch, length, -1, self.head_dim).transpose(1, 2)
            q, k = self.rotate(q, k, cos, sin)
            out = attend(index, attn, q, k, v)
            hidden, x = self.add_rms_norm(hidden, attn.o_proj(out.transpose(1, 2).reshape(batch, length, -1)),
                                          layer.post_attention_layernorm.weight,
                                          layer.post_attention_layernorm.variance_epsilon)
            update = layer.mlp.down_proj(self.silu_mul(F.linear(x, self.gate_up[index])))
        return inner.norm(hidden + update)

    def _decode_step(self, batch: int, length: int):
        """One token for slots 0..batch-1, attending over the first `length` cache positions."""
        import torch
        import torch.nn.functional as F

        positions = self.positions[:batch]
        rows = torch.arange(batch, device=self.device)
        mask = (torch.arange(length, device=self.device)[None, :] <= positions[:, None])[:, None, None, :]

        def attend(index, attn, q, k, v):
            k_view, v_view = self.k_cache[index][:batch, :, :length], self.v_cache[index][:batch, :, :length]
            k_view[rows, :, positions] = k[:, :, 0]
            v_view[rows, :, positions] = v[:, :, 0]
            grouped = q.reshape(batch, self.kv_heads, self.groups, self.head_dim)
            out = F.scaled_dot_product_attention(grouped, k_view, v_view, attn_mask=mask, scale=attn.scaling)
            return out.reshape(batch, -1, 1, self.head_dim)

        with torch.no_grad():
            hidden = self.model.model.embed_tokens(self.ids[:batch, None])
            hidden = self._layers(hidden, positions[:, None], attend)
            logits = self.model.lm_head(hidden[:, -1])
            self.next_tokens[:batch].copy_(sample(logits, self.temperature[:batch], self.top_p[:batch]))

    def _run_decode(self, batch: int, length: int) -> None:
        import torch

        if not self.use_graphs:
            self._decode_step(batch, length)
            return
        graph = self.graphs.get((batch, length))
        if graph is None:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                self._decode_step(batch, length)  # warm-up: writes the same cache entries the replay writes
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, pool=self.pool):
                self._decode_step(batch, length)
            self.graphs[(batch, length)] = graph
        graph.replay()

    def _prefill(self, requests: list[Request], first_slot: int) -> list[int]:
        """Prompts of `requests` into slots first_slot.., right-padded and causal; returns each one's first token."""
        import torch
        import torch.nn.functional as F

        lengths = [len(r.prompt_ids) for r in requests]
        longest = max(lengths)
        ids = torch.zeros(len(requests), longest, dtype=torch.long)
        for row, request in enumerate(requests):
            ids[row, :lengths[row]] = torch.tensor(request.prompt_ids)
        ids = ids.to(self.device)
        positions = torch.arange(longest, device=self.device)[None, :].expand(len(requests), -1)
        slots = slice(first_slot, first_slot + len(requests))

        def attend(index, attn, q, k, v):
            self.k_cache[index][slots, :, :longest] = k
            self.v_cache[index][slots, :, :longest] = v
            k, v = k.repeat_interleave(self.groups, dim=1), v.repeat_interleave(self.groups, dim=1)
            return F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=attn.scaling)

        with torch.no_grad():
            hidden = self._layers(self.model.model.embed_tokens(ids), positions, attend)
            last = hidden[torch.arange(len(requests), device=self.device), torch.tensor(lengths, device=self.device) - 1]
            temperature = torch.tensor([r.temperature for r in requests], device=self.device)
            top_p = torch.tensor([r.top_p for r in requests], device=self.device)
            tokens = sample(self.model.lm_head(last), temperature, top_p)
            self._wait_for_gpu()
            return tokens.tolist()

    def _wait_for_gpu(self) -> None:
        """Poll instead of blocking in a synchronising copy: sleeping releases the GIL, so the HTTP thread streams
        the previous step's tokens while the GPU computes this one."""
        import torch

        if self.device.type != "cuda":
            return
        done = torch.cuda.Event()
        done.record()
        while not done.query():
            time.sleep(0.0002)

    # ---------------------------------------------------------------- scheduling

    def submit(self, request: Request) -> None:
        if self.error is not None:
            raise RuntimeError(f"the engine stopped: {self.error}")
        if not request.prompt_ids or len(request.prompt_ids) >= self.max_len:
            raise ValueError(f"the prompt has {len(request.prompt_ids)} tokens; the limit is {self.max_len - 1}")
        request.max_tokens = max(1, min(request.max_tokens, self.max_len - len(request.prompt_ids)))
        self.waiting.put(request)

    def _finish(self, request: Request, reason: str) -> None:
        request.emit(None, reason)

    def _release(self, finished: set[int]) -> None:
        """Drop finished requests and keep the busy ones in slots 0..n-1 (moving a request copies its cache rows)."""
        kept = [(slot, r) for slot, r in enumerate(self.active) if slot not in finished]
        for new_slot, (old_slot, request) in enumerate(kept):
            if old_slot != new_slot:
                for cache in (*self.k_cache, *self.v_cache):
                    cache[new_slot, :, :request.length] = cache[old_slot, :, :request.length]
        self.active = [request for _, request in kept]

    def _admit(self) -> None:
        free = self.slots - len(self.active)
        batch: list[Request] = []
        budget = PREFILL_TOKEN_BUDGET
        while free > len(batch):
            try:
                request = self.waiting.get(timeout=0 if (self.active or batch) else 0.05)
            except queue.Empty:
                break
            if request.cancelled:
                self._finish(request, "cancelled")
                continue
            batch.append(request)
            budget -= len(request.prompt_ids)
            if budget <= 0:
                break
        if not batch:
            return
        first_tokens = self._prefill(batch, len(self.active))
        finished = set()
        for request, token in zip(batch, first_tokens):
            self.active.append(request)
            request.length = len(request.prompt_ids)
            self._accept(len(self.active) - 1, request, token, finished)
        self._release(finished)

    def _accept(self, slot: int, request: Request, token: int, finished: set[int]) -> None:
        request.generated += 1
        if token in self.eos:
            finished.add(slot)
            self._finish(request, "stop")
            return
        request.emit(token, None)
        if request.cancelled:
            finished.add(slot)
            self._finish(request, "cancelled")
        elif request.generated >= request.max_tokens or request.length + 1 >= self.max_len:
            finished.add(slot)
            self._finish(request, "length")
        else:
            request.last_token = token

    def step(self) -> None:
        """Admit waiting requests (batched prefill), then one decode step for every busy slot."""
        import torch

        self._admit()
        if not self.active:
            return
        count = len(self.active)
        batch = batch_bucket(count, self.slots)
        positions = [r.length for r in self.active] + [0] * (batch - count)
        self.ids[:batch].copy_(torch.tensor([r.last_token for r in self.active] + [0] * (batch - count)))
        self.positions[:batch].copy_(torch.tensor(positions), non_blocking=True)
        self.temperature[:count].copy_(torch.tensor([r.temperature for r in self.active]), non_blocking=True)
        self.top_p[:count].copy_(torch.tensor([r.top_p for r in self.active]), non_blocking=True)
        self._run_decode(batch, length_bucket(max(positions) + 1, self.max_len))
        self._wait_for_gpu()
        tokens = self.next_tokens[:count].tolist()
        finished: set[int] = set()
        for slot, (request, token) in enumerate(zip(self.active, tokens)):
            request.length += 1
            self._accept(slot, request, token, finished)
        if finished:
            self._release(finished)

    def warm_up(self, max_length: int) -> None:
        """Capture the decode graphs of every batch bucket up to `max_length` positions before serving."""
        if not self.use_graphs:
            return
        for batch in sorted({batch_bucket(n, self.slots) for n in range(1, self.slots + 1)}):
            for length in range(LENGTH_BUCKET, length_bucket(max_length, self.max_len) + 1, LENGTH_BUCKET):
                self.positions[:batch].zero_()
                self._run_decode(batch, length)

    def _loop(self) -> None:
        try:
            while not self.stopped.is_set():
                self.step()
                self.after_step()
        except BaseException as error:  # reported to every waiting client, and by /health
            self.error = error
            for request in self.active:
                self._finish(request, "error")
            self.active = []
            while not self.waiting.empty():
                self._finish(self.waiting.get_nowait(), "error")
            self.after_step()

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="kosum-engine", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread:
            self.thread.join(timeout=10)
