"""KoSum's decode engine: continuous batching for Llama-architecture models with CUDA-graph decode steps.

Why our own: on the lent H100, `transformers serve` (also with continuous batching and CUDA graphs) gave 27 tokens/s
for one stream and 319 at 32 concurrent requests; TGI needs docker and vLLM cannot be installed there. Decoding is
memory-bound, so what matters is (1) one kernel launch per step instead of hundreds (a CUDA graph per batch and
length bucket, over one compiled decoder-layer function) and (2) every busy request sharing each read of the
weights. The engine keeps requests in fixed slots 0..n-1 of one KV cache tensor per layer ([slots, kv_heads,
max_len, head_dim]); prefills of waiting requests run batched (right-padded, causal) after the prompt start they
share is copied from a prefix cache; decode steps are queued one ahead of the host's bookkeeping. It reuses the
model's own modules (embeddings, norms, rotary embedding), so weights load with `from_pretrained` as everywhere else.
"""
from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, TextIO

SUPPORTED_MODEL_TYPES = ("llama",)
LENGTH_BUCKET = 128
TOP_K = 50
PREFILL_TOKEN_BUDGET = 32768
PREFIX_CACHE_TOKENS = 1024
MIN_SHARED_PREFIX = 16


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
    out = F.scaled_dot_product_attention(q.reshape(batch, kv_heads, -1, head_dim), k_cache[:batch, :, :length],
                                         v_cache[:batch, :, :length], attn_mask=bias, scale=scale)
    hidden, x = add_rms_norm(hidden, F.linear(out.reshape(batch, 1, -1), o_proj), post_norm, eps)
    return hidden, F.linear(silu_mul(F.linear(x, gate_up)), down)


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


def check_prompt(prompt_ids: list[int], max_len: int) -> None:
    """The engine's input rule, also applied by its HTTP front before a request crosses to the engine process."""
    if not prompt_ids or len(prompt_ids) >= max_len:
        raise ValueError(f"the prompt has {len(prompt_ids)} tokens; the limit is {max_len - 1}")


def common_prefix_length(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


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
        self.live = torch.zeros(slots, dtype=torch.long, device=self.device)  # 1 for busy slots, 0 for padding
        self.host_tokens = [torch.zeros(slots, dtype=torch.long, pin_memory=self.device.type == "cuda") for _ in range(2)]
        self.launches = 0
        self.in_flight: tuple | None = None
        self.finished: set[int] = set()  # slots whose request ended while a step was in flight
        self.prefix_len = min(PREFIX_CACHE_TOKENS, max_len)
        prefix_shape = (1, self.kv_heads, self.prefix_len, self.head_dim)
        self.prefix_k = [torch.zeros(prefix_shape, dtype=self.dtype, device=self.device) for _ in model.model.layers]
        self.prefix_v = [torch.zeros(prefix_shape, dtype=self.dtype, device=self.device) for _ in model.model.layers]
        self.prefix_ids: list[int] = []
        self.graphs: dict[tuple[int, int], object] = {}
        self.pool = torch.cuda.graph_pool_handle() if self.use_graphs else None
        self.active: list[Request] = []
        self.waiting: queue.Queue[Request] = queue.Queue()
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.after_step = after_step or (lambda: None)
        self.trace: TextIO | None = None  # one JSON line per step when set (KOSUM_ENGINE_TRACE)
        self._fuse_projections()
        self.layer_weights = [(layer.input_layernorm.weight, self.qkv[index], layer.self_attn.o_proj.weight,
                               layer.post_attention_layernorm.weight, self.gate_up[index], layer.mlp.down_proj.weight)
                              for index, layer in enumerate(model.model.layers)]
        if self.device.type == "cuda":  # fused kernels instead of 5-20 small ones per layer
            self.add_rms_norm = torch.compile(add_rms_norm, dynamic=True, fullgraph=True)
            self.silu_mul = torch.compile(silu_mul, dynamic=True, fullgraph=True)
            self.rotate = torch.compile(rotate, dynamic=True, fullgraph=True)
            self.decode_layer = torch.compile(decode_layer, dynamic=True, fullgraph=True)
        else:
            self.add_rms_norm, self.silu_mul, self.rotate, self.decode_layer = add_rms_norm, silu_mul, rotate, decode_layer

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

    def _decode_step(self, batch: int, length: int):
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
                hidden, update = self.decode_layer(hidden, update, weights, self.k_cache[index], self.v_cache[index],
                                                   positions, cos, sin, bias, eps, scale)
            logits = self.model.lm_head(inner.norm(hidden + update)[:, -1])
            self.next_tokens[:batch].copy_(sample(logits, self.temperature[:batch], self.top_p[:batch]))
            self.ids[:batch].copy_(self.next_tokens[:batch])  # the next step's inputs, without the host
            self.positions[:batch].add_(self.live[:batch])

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

    def _forward_prompts(self, prompts: list[list[int]], offset: int, k_cache: list, v_cache: list, slots: slice):
        """Prompt tokens that follow `offset` already-cached positions through the decoder (right-padded, causal),
        writing their keys/values into `k_cache`/`v_cache` rows `slots`; returns the last layer's residual stream."""
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
            k_cache[index][slots, :, offset:end] = k
            v_cache[index][slots, :, offset:end] = v
            if offset:
                k, v = k_cache[index][slots, :, :end], v_cache[index][slots, :, :end]
            k, v = k.repeat_interleave(self.groups, dim=1), v.repeat_interleave(self.groups, dim=1)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=causal, is_causal=causal is None,
                                                 scale=layer.self_attn.scaling)
            norm = layer.post_attention_layernorm
            hidden, x = self.add_rms_norm(hidden, layer.self_attn.o_proj(out.transpose(1, 2).reshape(batch, longest, -1)),
                                          norm.weight, norm.variance_epsilon)
            update = layer.mlp.down_proj(self.silu_mul(F.linear(x, self.gate_up[index])))
        return hidden + update

    def _shared_prefix(self, prompts: list[list[int]]) -> int:
        """How many leading tokens every prompt shares with what the prefix cache holds, computing the batch's own
        common prefix into it first when the cache has too little of it. Every KoSum request starts with the same
        system prompt and user prefix (~60 tokens with Llama-3's tokenizer, 160 with the stand-in's), so this work
        is done once, not once per request."""
        longest_shared = min(min(len(p) for p in prompts) - 1, self.prefix_len)  # at least one token is prefilled
        cached = min(common_prefix_length(self.prefix_ids, p) for p in prompts)
        if min(cached, longest_shared) >= MIN_SHARED_PREFIX:
            return min(cached, longest_shared)
        shared = min(longest_shared, min(common_prefix_length(prompts[0], p) for p in prompts[1:])) if len(prompts) > 1 else 0
        if shared < MIN_SHARED_PREFIX:
            return 0
        self._forward_prompts([prompts[0][:shared]], 0, self.prefix_k, self.prefix_v, slice(0, 1))
        self.prefix_ids = prompts[0][:shared]
        return shared

    def _prefill(self, requests: list[Request], first_slot: int) -> list[int]:
        """Prompts of `requests` into slots first_slot..; the shared prefix is copied from the prefix cache, the rest
        runs batched. The first prompt's start is kept as the next prefix cache. Returns each one's first token."""
        import torch

        prompts = [r.prompt_ids for r in requests]
        batch, slots = len(prompts), slice(first_slot, first_slot + len(prompts))
        with torch.no_grad():
            offset = self._shared_prefix(prompts)
            prefix, cache = (self.prefix_k, self.prefix_v), (self.k_cache, self.v_cache)
            self._copy_kv(cache, slots, prefix, slice(0, 1), slice(0, offset))
            hidden = self._forward_prompts([p[offset:] for p in prompts], offset, *cache, slots)
            keep = min(len(prompts[0]), self.prefix_len)  # positions before `offset` are already there
            self._copy_kv(prefix, 0, cache, first_slot, slice(offset, keep))
            self.prefix_ids = prompts[0][:keep]
            last = torch.tensor([len(p) - offset - 1 for p in prompts], device=self.device)
            last = self.model.model.norm(hidden[torch.arange(batch, device=self.device), last])
            temperature = torch.tensor([r.temperature for r in requests], device=self.device)
            top_p = torch.tensor([r.top_p for r in requests], device=self.device)
            tokens = sample(self.model.lm_head(last), temperature, top_p)
            self._wait_for_gpu()
            return tokens.tolist()

    def _wait_for_gpu(self, done=None) -> None:
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

    # ---------------------------------------------------------------- scheduling

    def submit(self, request: Request) -> None:
        if self.error is not None:
            raise RuntimeError(f"the engine stopped: {self.error}")
        check_prompt(request.prompt_ids, self.max_len)
        request.max_tokens = max(1, min(request.max_tokens, self.max_len - len(request.prompt_ids)))
        self.waiting.put(request)

    def _finish(self, request: Request, reason: str) -> None:
        request.emit(None, reason)

    @staticmethod
    def _copy_kv(into: tuple[list, list], rows, source: tuple[list, list], source_rows, positions: slice) -> None:
        """Cached keys and values of `positions`, every layer, from `source` rows to `into` rows."""
        for into_cache, source_cache in zip((*into[0], *into[1]), (*source[0], *source[1])):
            into_cache[rows, :, positions] = source_cache[source_rows, :, positions]

    def _release(self, finished: set[int]) -> None:
        """Drop finished requests and keep the busy ones in slots 0..n-1 (moving a request copies its cache rows)."""
        kept = [(slot, r) for slot, r in enumerate(self.active) if slot not in finished]
        cache = (self.k_cache, self.v_cache)
        for new_slot, (old_slot, request) in enumerate(kept):
            if old_slot != new_slot:
                self._copy_kv(cache, new_slot, cache, old_slot, slice(0, request.length))
        self.active = [request for _, request in kept]

    def _admit(self) -> int:
        """Prefill as many waiting requests as fit (slots, token budget) in one batch; returns how many."""
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
            return 0
        first_tokens = self._prefill(batch, len(self.active))
        finished = set()
        for request, token in zip(batch, first_tokens):
            self.active.append(request)
            request.length = len(request.prompt_ids)
            self._accept(len(self.active) - 1, request, token, finished)
        self._release(finished)
        return len(batch)

    def _accept(self, slot: int, request: Request, token: int, finished: set[int]) -> None:
        """Hand `token` to its request; finished slots are collected in `finished`. The length limit needs no
        check here: `submit` caps max_tokens so the cache never overflows, one wasted step included."""
        request.generated += 1
        if token in self.eos:
            finished.add(slot)
            self._finish(request, "stop")
            return
        request.emit(token, None)
        if request.cancelled:
            finished.add(slot)
            self._finish(request, "cancelled")
        elif request.generated >= request.max_tokens:
            finished.add(slot)
            self._finish(request, "length")
        else:
            request.last_token = token

    def _upload(self) -> None:
        """The decode inputs of the busy slots from the host's view, after the set of busy slots changed."""
        import torch

        count = len(self.active)
        batch = batch_bucket(count, self.slots)
        padding = [0] * (batch - count)
        self.ids[:batch].copy_(torch.tensor([r.last_token for r in self.active] + padding))
        self.positions[:batch].copy_(torch.tensor([r.length for r in self.active] + padding))
        self.live[:batch].copy_(torch.tensor([1] * count + padding))
        self.temperature[:count].copy_(torch.tensor([r.temperature for r in self.active]))
        self.top_p[:count].copy_(torch.tensor([r.top_p for r in self.active]))

    def _launch(self) -> tuple:
        """Queue one decode step for every busy slot and the copy of its tokens to the host; does not wait."""
        import torch

        count = len(self.active)
        self._run_decode(batch_bucket(count, self.slots),
                         length_bucket(max(r.length for r in self.active) + 1, self.max_len))
        for request in self.active:
            request.length += 1
        host = self.host_tokens[self.launches % 2]
        self.launches += 1
        host[:count].copy_(self.next_tokens[:count], non_blocking=True)
        done = None
        if self.device.type == "cuda":
            done = torch.cuda.Event()
            done.record()
        return list(self.active), host, done

    def _collect(self, launched: tuple) -> None:
        """Wait for a launched step and hand out its tokens; requests that finished at an earlier step get none."""
        requests, host, done = launched
        self._wait_for_gpu(done)
        for slot, (request, token) in enumerate(zip(requests, host[:len(requests)].tolist())):
            if slot not in self.finished:
                self._accept(slot, request, token, self.finished)

    def step(self) -> None:
        """One decode step for every busy slot, scheduled one step ahead: the next step is queued on the GPU
        before this one's tokens are handed out, so the host's work hides behind the GPU's. When requests finish
        or wait to be admitted, the pipeline drains first: the step in flight is collected, finished slots are
        released, waiting prompts are prefilled, and the decode inputs are uploaded again."""
        started = time.perf_counter()
        if self.in_flight is not None and (self.finished or not self.waiting.empty()):
            self._collect(self.in_flight)
            self.in_flight = None
        admitted = 0
        if self.in_flight is None:
            if self.finished:
                self._release(self.finished)
                self.finished = set()
            admitted = self._admit()
            if not self.active:
                return
            self._upload()
        prefilled = time.perf_counter()
        previous, self.in_flight = self.in_flight, self._launch()
        if previous is not None:
            self._collect(previous)
        if self.trace is not None:
            self.trace.write(json.dumps({"t": round(started, 4), "admitted": admitted,
                                         "prefill_ms": round((prefilled - started) * 1000, 2), "batch": len(self.active),
                                         "decode_ms": round((time.perf_counter() - prefilled) * 1000, 2)}) + "\n")

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
            for slot, request in enumerate(self.active):
                if slot not in self.finished:
                    self._finish(request, "error")
            self.active, self.finished, self.in_flight = [], set(), None
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
