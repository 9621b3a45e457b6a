"""KoSum's decode engine: continuous batching for Llama-architecture models with CUDA-graph decode steps and
prompt-lookup speculative decoding.

Why our own: on the lent H100, `transformers serve` (also with continuous batching and CUDA graphs) gave 27 tokens/s
for one stream and 319 at 32 concurrent requests; TGI needs docker and vLLM cannot be installed there.

A request's path: `serving/engine_server.py` (HTTP front: pydantic request, chat template, stream) → `messages.py`
(typed messages over the pipe to the engine's own process) → `engine.py` (the loop: step, collect, hand out) asking
`scheduler.py` (decisions: admit, draft, release) → `model_runner.py` (prefill, decode and verify steps, CUDA
graphs) over `layers.py` (the one decoder-layer function) and `kv_cache.py` (slot and prefix caches, compaction,
prefix policy); a request's state is `request.py`, its drafter `lookup.py`, its sampling `sampling.py`;
`warm_up.py` runs every path once before the engine reports ready."""
from serving.engine.engine import Engine
from serving.engine.model_runner import SUPPORTED_MODEL_TYPES, UnsupportedModelError, unsupported_reason
from serving.engine.request import Request, check_prompt
from serving.engine.sampling import SamplingParams
from serving.engine.scheduler import LookupSettings

__all__ = ["Engine", "LookupSettings", "Request", "SamplingParams", "SUPPORTED_MODEL_TYPES", "UnsupportedModelError",
           "check_prompt", "unsupported_reason"]
