"""The model's forward passes for the engine's decisions: one decoder-layer function (`layers.decoder_layer`) runs
every phase. `prefill` runs prompts into slots (the shared start from the prefix cache), `launch` queues one
decode step for slots 0..n-1 without waiting, `launch_verify` one verify step (the last token and the drafted ones
of each slot, accepted or not on the device). The runner owns the model (q/k/v and gate/up fused into one GEMM
each), the slot and prefix caches, the step inputs that stay on the device, and the CUDA graphs.

Decoding is memory-bound, so what matters is (1) one launch per step instead of hundreds (a CUDA graph per batch,
length bucket and width, over one compiled decoder-layer function) and (2) every busy request sharing each read of
the weights. The model's own modules (embeddings, norms, rotary embedding, output head, tied or not) are reused, so
weights load with `from_pretrained` as everywhere else."""
from __future__ import annotations

import time

from serving.engine import layers
from serving.engine.kv_cache import SPARE_POSITIONS, KVCache, PrefixCache
from serving.engine.sampling import SamplingParams, accept_drafts, sample
from training.texts import t

SUPPORTED_MODEL_TYPES = ("llama",)
LENGTH_BUCKET = 128
RECOMPILE_LIMIT = 64  # the layer's compiled variants: phases × (batch 1 or more) × shape coincidences


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


def eos_ids(model, tokenizer) -> list[int]:
    """The tokens that end a generation: the model's generation config, else the tokenizer's EOS."""
    eos = model.generation_config.eos_token_id
    return [e for e in (eos if isinstance(eos, list) else [eos]) if e is not None] or [tokenizer.eos_token_id]


def batch_bucket(n: int, slots: int) -> int:
    bucket = 1
    while bucket < n:
        bucket *= 2
    return min(bucket, slots)


def length_bucket(n: int, positions: int) -> int:
    return min(positions, -(-n // LENGTH_BUCKET) * LENGTH_BUCKET)


class ModelRunner:
    """The model, its caches and its compiled/captured steps."""

    def __init__(self, model, slots: int, max_len: int, use_graphs: bool | None = None,
                 compile_options: dict | None = None, max_width: int = 1) -> None:
        """`compile_options`: Inductor options for the decoder layer on CUDA (None: the defaults); `max_width`: the
        widest verify step (1 + the most drafted tokens)."""
        import torch

        config = model.config
        reason = unsupported_reason(config)
        if reason:
            raise UnsupportedModelError(reason)
        self.model = model.eval()
        self.device, self.dtype = model.device, model.dtype
        self.slots, self.max_len, self.max_width = slots, max_len, max_width
        self.use_graphs = self.device.type == "cuda" if use_graphs is None else use_graphs
        count = len(model.model.layers)
        kv_heads, head_dim = config.num_key_value_heads, model.model.layers[0].self_attn.head_dim
        self.cache = KVCache(count, slots, kv_heads, max_len + SPARE_POSITIONS, head_dim, self.dtype, self.device)
        self.prefix = PrefixCache(count, kv_heads, max_len, head_dim, self.dtype, self.device)
        # step inputs, on the device: each step writes the next step's last tokens and positions itself
        on_device = {"dtype": torch.long, "device": self.device}
        self.ids = torch.zeros(slots, **on_device)
        self.positions = torch.zeros(slots, **on_device)
        self.live = torch.zeros(slots, **on_device)  # 1 for busy slots, 0 for padding
        self.temperature = torch.ones(slots, dtype=torch.float32, device=self.device)
        self.top_p = torch.ones(slots, dtype=torch.float32, device=self.device)
        self.next_tokens = torch.zeros(slots, **on_device)
        self.drafts = torch.zeros(slots, max_width, **on_device)  # column 0: how many drafts; then the drafts
        self.verified = torch.zeros(slots, max_width + 1, **on_device)  # column 0: accepted drafts; then the tokens
        pinned = self.device.type == "cuda"
        self.host_tokens = [torch.zeros(slots, dtype=torch.long, pin_memory=pinned) for _ in range(2)]
        self.host_verified = torch.zeros(slots, max_width + 1, dtype=torch.long, pin_memory=pinned)
        self.launches = 0
        self.graphs: dict[tuple[int, int, int], object] = {}
        self.pool = torch.cuda.graph_pool_handle() if self.use_graphs else None
        self._fuse_projections()
        self.layer_weights = [(layer.input_layernorm.weight, self.qkv[index], layer.self_attn.o_proj.weight,
                               layer.post_attention_layernorm.weight, self.gate_up[index], layer.mlp.down_proj.weight)
                              for index, layer in enumerate(model.model.layers)]
        first = model.model.layers[0]
        self.eps, self.scale = first.input_layernorm.variance_epsilon, first.self_attn.scaling
        self.decoder_layer, self.compiled = layers.decoder_layer, False
        if self.device.type == "cuda":
            # cuDNN's attention builds a plan per new prompt length (49 ms over 32 layers; 0.99 s once for a
            # 1,024-token prompt on the H200, run 4 of #28): every request meets a new length, so the prefill
            # takes the flash kernel, which has no per-shape set-up. Process-wide: the engine has its own process.
            torch.backends.cuda.enable_cudnn_sdp(False)
            self.compile(options=compile_options)  # one compiled function instead of 5-20 small kernels per layer

    def compile(self, backend: str = "inductor", options: dict | None = None) -> None:
        """Compile the decoder layer as on CUDA: one function for every phase, every shape dynamic (variants only for
        the phases, for batch 1 against more, and for the slot and prefix caches). Sizes that happen to be equal
        get separate symbols (no duck sizing): a prompt as long as a weight dimension or the prefix cache would
        otherwise compile a variant that only such coincidences reuse. Another `backend` ("aot_eager") checks the
        variants on the CPU."""
        import torch
        import torch.fx.experimental._config as shapes_config

        torch._dynamo.config.recompile_limit = max(torch._dynamo.config.recompile_limit, RECOMPILE_LIMIT)
        if hasattr(shapes_config, "use_duck_shape"):
            shapes_config.use_duck_shape = False
        extra = {} if options is None else {"options": options}
        self.decoder_layer = torch.compile(layers.decoder_layer, dynamic=True, fullgraph=True, backend=backend, **extra)
        self.compiled = True

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

    def forward(self, ids, positions, k, v, bias, length: int, attention, start: int | None = None):
        """The decoder over ids/positions [batch, seq] of cache rows 0..batch-1 (`k`, `v`: per-layer tensors whose
        first rows are the batch's), attending over `length` positions; `start`: a prompt block's first position
        (its keys and values then go in as one contiguous block), None for per-row positions. Returns the last
        residual stream, not yet normed (only the positions whose logits are used are)."""
        import torch

        inner = self.model.model
        hidden = inner.embed_tokens(ids)
        cos, sin = inner.rotary_emb(hidden, positions)
        update = torch.zeros_like(hidden)  # the same rank for every layer: one compiled variant, not two
        written = positions if start is None else start
        for index, weights in enumerate(self.layer_weights):
            hidden, update = self.decoder_layer(hidden, update, weights, k[index], v[index], written, cos, sin, bias,
                                                length, self.eps, self.scale, attention)
        return hidden + update

    def logits(self, residual):
        return self.model.lm_head(self.model.model.norm(residual))

    # ---------------------------------------------------------------- decode and verify

    def step(self, batch: int, length: int, width: int) -> None:
        """One step for slots 0..batch-1 over the first `length` cache positions: width 1 decodes one token; a wider
        step verifies the slots' drafts (`self.drafts`) and writes the outcome to `self.verified`."""
        import torch

        base = self.positions[:batch]
        with torch.no_grad():
            if width == 1:
                ids, positions = self.ids[:batch, None], base[:, None]
            else:
                ids = torch.cat([self.ids[:batch, None], self.drafts[:batch, 1:width]], dim=1)
                positions = base[:, None] + torch.arange(width, device=self.device)
            hidden_mask = torch.arange(length, device=self.device)[None, None, :] > positions[:, :, None]
            bias = torch.zeros(batch, 1, width, length, dtype=self.dtype, device=self.device)
            bias.masked_fill_(hidden_mask[:, None], torch.finfo(self.dtype).min)
            logits = self.logits(self.forward(ids, positions, self.cache.k, self.cache.v, bias, length, layers.attend))
            temperature, top_p = self.temperature[:batch], self.top_p[:batch]
            if width == 1:
                self.next_tokens[:batch].copy_(sample(logits[:, -1], temperature, top_p))
                self.ids[:batch].copy_(self.next_tokens[:batch])  # the next step's inputs, without the host
                self.positions[:batch].add_(self.live[:batch])
                return
            accepted, tokens = accept_drafts(logits, ids[:, 1:], self.drafts[:batch, 0], temperature, top_p)
            self.verified[:batch, 0].copy_(accepted)
            self.verified[:batch, 1:width + 1].copy_(tokens)
            self.ids[:batch].copy_(tokens.gather(1, accepted[:, None])[:, 0])
            self.positions[:batch].add_((accepted + 1) * self.live[:batch])

    def run_step(self, batch: int, length: int, width: int = 1) -> None:
        """The step, replayed from its CUDA graph (captured on first use) where graphs are on."""
        import torch

        if not self.use_graphs:
            self.step(batch, length, width)
            return
        graph = self.graphs.get((batch, length, width))
        if graph is None:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                self.step(batch, length, width)  # warm-up: writes the same cache entries the replay writes
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, pool=self.pool):
                self.step(batch, length, width)
            self.graphs[(batch, length, width)] = graph
        graph.replay()

    def upload(self, tokens: list[int], lengths: list[int], params: list[SamplingParams]) -> None:
        """The step inputs of busy slots 0..n-1 from the host's view, after the set of busy slots changed."""
        import torch

        count = len(tokens)
        batch = batch_bucket(count, self.slots)
        padding = [0] * (batch - count)
        self.ids[:batch].copy_(torch.tensor(tokens + padding))
        self.positions[:batch].copy_(torch.tensor(lengths + padding))
        self.live[:batch].copy_(torch.tensor([1] * count + padding))
        self.temperature[:count].copy_(torch.tensor([p.temperature for p in params]))
        self.top_p[:count].copy_(torch.tensor([p.top_p for p in params]))

    def _record(self):
        import torch

        if self.device.type != "cuda":
            return None
        done = torch.cuda.Event()
        done.record()
        return done

    def launch(self, count: int, longest: int) -> tuple:
        """Queue one decode step for busy slots 0..count-1 (the longest holding `longest` positions) and the copy
        of its tokens to the host; does not wait. Returns (host tensor, event to wait on)."""
        self.run_step(batch_bucket(count, self.slots), length_bucket(longest + 1, self.cache.positions))
        host = self.host_tokens[self.launches % 2]
        self.launches += 1
        host[:count].copy_(self.next_tokens[:count], non_blocking=True)
        return host, self._record()

    def launch_verify(self, longest: int, drafts: list[list[int]], width: int) -> tuple:
        """Queue one verify step of `width` positions per busy slot (slot i's drafts are `drafts[i]`, any number up
        to width - 1) and the copy of its outcome to the host: per slot, the accepted drafts, then the tokens."""
        import torch

        count = len(drafts)
        rows = [[len(d), *d, *[0] * (self.max_width - 1 - len(d))] for d in drafts]
        self.drafts[:count].copy_(torch.tensor(rows))
        self.run_step(batch_bucket(count, self.slots), length_bucket(longest + width, self.cache.positions), width)
        self.host_verified[:count, :width + 1].copy_(self.verified[:count, :width + 1], non_blocking=True)
        return self.host_verified, self._record()

    def capture(self, max_length: int, widths: list[tuple[int, int]]) -> int:
        """Capture the graphs of every batch bucket up to `max_length` positions for each (width, largest batch)
        in `widths`, before serving; returns how many graphs there are. The longest first: the layer's first compile
        for a batch size then sees a length that equals no other dimension (128 is Llama-3's head_dim), so it is the
        general one and the shorter lengths reuse it. Without graphs, a compiled layer runs each batch bucket once
        (its variants are what matters there); an eager one needs nothing."""
        if not (self.use_graphs or self.compiled):
            return 0
        for width, largest in widths:
            longest = length_bucket(max_length, self.cache.positions)
            lengths = range(longest - longest % LENGTH_BUCKET, 0, -LENGTH_BUCKET) if self.use_graphs else [longest]
            for batch in sorted({batch_bucket(n, self.slots) for n in range(1, min(largest, self.slots) + 1)}):
                for length in lengths:
                    self.positions[:batch].zero_()
                    self.drafts[:batch].zero_()
                    self.run_step(batch, length, width)
        return len(self.graphs)

    def wait_for_gpu(self, done=None) -> None:
        """Poll instead of blocking in a synchronising call: sleeping releases the GIL for the engine process's
        pipe reader while the GPU computes."""
        if self.device.type != "cuda":
            return
        if done is None:
            done = self._record()
        while not done.query():
            time.sleep(0.0002)

    # ---------------------------------------------------------------- prefill

    def forward_prompts(self, prompts: list[list[int]], offset: int, cache: KVCache, first_row: int):
        """Prompt tokens that follow `offset` already-cached positions through the decoder (right-padded to at
        least 2 tokens, so one compiled shape serves every length), writing their keys/values into `cache` rows
        first_row.. as one block of positions offset..; causal attention (the flash kernel) over those rows' first
        positions. Returns the last residual stream, not yet normed."""
        import torch

        batch, longest = len(prompts), max(2, max(len(p) for p in prompts))
        ids = torch.zeros(batch, longest, dtype=torch.long)
        for row, prompt in enumerate(prompts):
            ids[row, :len(prompt)] = torch.tensor(prompt)
        end = offset + longest
        positions = torch.arange(offset, end, device=self.device)[None, :].expand(batch, -1)
        rows = slice(first_row, first_row + batch)
        return self.forward(ids.to(self.device), positions, [k[rows] for k in cache.k], [v[rows] for v in cache.v],
                            None, end, layers.attend_prompt, start=offset)

    def _shared_prefix(self, prompts: list[list[int]]) -> int:
        """How many leading tokens of every prompt come from the prefix cache, computing the batch's common start
        into it first when its plan says so. Every KoSum request starts with the same system prompt and user prefix
        (~60 tokens with Llama-3's tokenizer), so this work is done once, not once per request."""
        plan = self.prefix.plan(prompts)
        if plan.compute:
            self.forward_prompts([prompts[0][:plan.compute]], 0, self.prefix, 0)
            self.prefix.ids = prompts[0][:plan.compute]
        return plan.reuse or plan.compute

    def prefill(self, prompts: list[list[int]], params: list[SamplingParams], first_slot: int) -> tuple[int, list[int]]:
        """Prompts into slots first_slot..: the shared start is copied from the prefix cache, the rest runs batched;
        the first prompt's start is kept as the next prefix cache. Returns (positions taken from the prefix cache,
        each prompt's first token)."""
        import torch

        batch, slots = len(prompts), slice(first_slot, first_slot + len(prompts))
        with torch.no_grad():
            offset = self._shared_prefix(prompts)
            self.cache.copy_from(slots, self.prefix, slice(0, 1), slice(0, offset))
            residual = self.forward_prompts([p[offset:] for p in prompts], offset, self.cache, first_slot)
            keep = self.prefix.keep_positions(prompts[0])  # positions before `offset` are already there
            self.prefix.copy_from(0, self.cache, first_slot, slice(offset, keep))
            self.prefix.ids = prompts[0][:keep]
            last = torch.tensor([len(p) - offset - 1 for p in prompts], device=self.device)
            logits = self.logits(residual[torch.arange(batch, device=self.device), last])
            temperature = torch.tensor([p.temperature for p in params], device=self.device)
            top_p = torch.tensor([p.top_p for p in params], device=self.device)
            tokens = sample(logits, temperature, top_p)
            self.wait_for_gpu()
            return offset, tokens.tolist()
