"""OpenAI-compatible HTTP front of the KoSum engine (`serving/engine.py`): `/health`, `/v1/models` and
`/v1/chat/completions` (server-sent events or one JSON answer), the same surface the summarization client uses for
TGI and `transformers serve`.

    python -m serving.engine_server MODEL_DIR [--host 127.0.0.1] [--port 8080] [--slots 32] [--max-len 4096]
"""

import argparse
import asyncio
import json
import time
import uuid
from pathlib import Path

KV_MEMORY_SHARE = 0.85


class Handover:
    """Tokens cross from the engine thread to the event loop once per engine step, not once per token."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pending: list[tuple[asyncio.Queue, tuple]] = []

    def put(self, queue: asyncio.Queue, item: tuple) -> None:
        self.pending.append((queue, item))

    def flush(self) -> None:
        if self.pending and self.loop is not None:
            batch, self.pending = self.pending, []
            self.loop.call_soon_threadsafe(self._deliver, batch)

    @staticmethod
    def _deliver(batch: list) -> None:
        for queue, item in batch:
            queue.put_nowait(item)


def load(model_dir: Path, slots: int, max_len: int, after_step=None):
    """Model (bf16 on CUDA, fp32 on CPU), tokenizer, and an engine whose slot count fits the free GPU memory."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from serving.engine import Engine

    cuda = torch.cuda.is_available()
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.bfloat16 if cuda else torch.float32,
                                                 device_map="cuda" if cuda else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if cuda:
        free, _ = torch.cuda.mem_get_info()
        fitting = int(free * KV_MEMORY_SHARE) // Engine.kv_bytes_per_slot(model.config, max_len)
        if fitting < 1:
            raise SystemExit(f"not enough GPU memory for one {max_len}-token sequence; lower --max-len")
        slots = min(slots, fitting)
    eos = model.generation_config.eos_token_id
    eos_ids = [e for e in (eos if isinstance(eos, list) else [eos]) if e is not None] or [tokenizer.eos_token_id]
    return Engine(model, eos_ids, slots=slots, max_len=max_len, after_step=after_step), tokenizer


def chunk(request_id: str, model_id: str, delta: dict, finish: str | None = None, usage: dict | None = None) -> str:
    body = {"id": request_id, "object": "chat.completion.chunk", "created": int(time.time()), "model": model_id,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if usage:
        body["usage"] = usage
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def create_app(engine, tokenizer, model_id: str, handover: Handover):
    from fastapi import FastAPI, Request as HttpRequest
    from fastapi.responses import JSONResponse, StreamingResponse
    from tokenizers.decoders import DecodeStream

    from serving.engine import Request

    app = FastAPI(title="KoSum engine")

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": {"message": message, "type": "invalid_request_error"}}, status_code=status)

    @app.get("/health")
    def health():
        if engine.error is not None:
            return JSONResponse({"status": "error", "error": str(engine.error)}, status_code=503)
        return {"status": "ok", "slots": engine.slots, "max_len": engine.max_len}

    @app.get("/v1/models")
    def models():
        return {"object": "list", "data": [{"id": model_id, "object": "model", "owned_by": "kosum"}]}

    @app.post("/v1/chat/completions")
    async def chat(http: HttpRequest):
        try:
            body = await http.json()
            messages = body["messages"]
            if not isinstance(messages, list) or not all(isinstance(m, dict) and "role" in m for m in messages):
                raise ValueError("messages must be a list of {role, content}")
            max_tokens = int(body.get("max_tokens") or 512)
            temperature = float(body.get("temperature", 1.0))
            top_p = float(body.get("top_p", 1.0))
            if max_tokens < 1 or not 0 <= temperature <= 2 or not 0 < top_p <= 1:
                raise ValueError("max_tokens >= 1, 0 <= temperature <= 2, 0 < top_p <= 1")
            prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                                   return_dict=True)["input_ids"]
        except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
            return error(400, f"bad request: {exc}")
        handover.loop = asyncio.get_running_loop()
        pieces: asyncio.Queue = asyncio.Queue()
        decoder = DecodeStream(skip_special_tokens=True)
        rust_tokenizer = tokenizer.backend_tokenizer

        def emit(token: int | None, finish: str | None) -> None:
            text = decoder.step(rust_tokenizer, token) if token is not None else None
            handover.put(pieces, (text, finish))

        request = Request(prompt, max_tokens, temperature, top_p, emit)
        try:
            engine.submit(request)
        except (ValueError, RuntimeError) as exc:
            return error(400 if isinstance(exc, ValueError) else 503, str(exc))
        request_id = f"chatcmpl-{uuid.uuid4().hex[:16]}"

        def usage() -> dict:
            return {"prompt_tokens": len(prompt), "completion_tokens": request.generated,
                    "total_tokens": len(prompt) + request.generated}

        async def events():
            try:
                yield chunk(request_id, model_id, {"role": "assistant", "content": ""})
                while True:
                    items = [await pieces.get()]
                    while not pieces.empty():
                        items.append(pieces.get_nowait())
                    text = "".join(t or "" for t, _ in items)
                    finish = items[-1][1]
                    if text:
                        yield chunk(request_id, model_id, {"content": text})
                    if finish is not None:
                        if finish == "error":
                            yield f"data: {json.dumps({'error': str(engine.error)})}\n\n"
                            return
                        yield chunk(request_id, model_id, {}, finish, usage())
                        yield "data: [DONE]\n\n"
                        return
            finally:
                request.cancelled = True

        if body.get("stream"):
            return StreamingResponse(events(), media_type="text/event-stream")
        parts, finish = [], None
        while finish is None:
            text, finish = await pieces.get()
            parts.append(text or "")
        if finish == "error":
            return error(503, f"the engine stopped: {engine.error}")
        return {"id": request_id, "object": "chat.completion", "created": int(time.time()), "model": model_id,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(parts)},
                             "finish_reason": finish}], "usage": usage()}

    return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--slots", type=int, default=32)
    parser.add_argument("--max-len", type=int, default=4096)
    parser.add_argument("--warm-up-len", type=int, default=2048, help="capture decode graphs up to this length")
    args = parser.parse_args()
    handover = Handover()
    engine, tokenizer = load(args.model_dir, args.slots, args.max_len, handover.flush)
    started = time.time()
    engine.warm_up(args.warm_up_len)
    print(f"engine ready: {engine.slots} slots x {engine.max_len} tokens, {len(engine.graphs)} decode graphs "
          f"captured in {time.time() - started:.1f}s", flush=True)
    engine.start()
    uvicorn.run(create_app(engine, tokenizer, str(args.model_dir.resolve()), handover), host=args.host, port=args.port,
                log_level="warning")


if __name__ == "__main__":
    main()
