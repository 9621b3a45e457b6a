"""OpenAI-compatible HTTP front of the KoSum engine (`serving/engine/`): `/health`, `/v1/models` and
`/v1/chat/completions` (server-sent events or one JSON answer), the same surface the summarization client uses for
TGI and `transformers serve`.

    python -m serving.engine_server MODEL_DIR [--host 127.0.0.1] [--port 8080] [--slots 32] [--max-len 4096]
        [--lookup-k 4] [--lookup-max-batch 8] [--lookup-min-ngram 1] [--lookup-max-ngram 3]

The prompt-lookup settings default to KOSUM_LOOKUP_K, KOSUM_LOOKUP_MAX_BATCH, KOSUM_LOOKUP_MIN_NGRAM and
KOSUM_LOOKUP_MAX_NGRAM when those are set (`--lookup-k 0`: off).
"""

import argparse
import asyncio
import json
import os
import time
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from serving.engine.messages import Cancel, Failed, Ready, Submit, Token, Tokens
from serving.engine.scheduler import LookupSettings

KV_MEMORY_SHARE = 0.85
DEFAULT_MAX_TOKENS = 512


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "user", "assistant"]
    content: str


class ChatRequest(BaseModel):
    """The part of OpenAI's chat-completions request this server uses; other fields (model, n, ...) are ignored,
    as OpenAI-compatible servers do. A bad value is a 400 naming the field, as OpenAI answers it."""

    model_config = ConfigDict(extra="ignore")
    messages: list[ChatMessage] = Field(min_length=1)
    max_tokens: int | None = Field(None, ge=1)
    temperature: float = Field(1.0, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    stream: bool = False


def bad_request(message: str, param: str | None = None, status: int = 400):
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}},
                        status_code=status)


def validation_error(exc: ValidationError):
    """The first problem of a request body, OpenAI-style: the field's dotted path in `param`."""
    first = exc.errors()[0]
    param = ".".join(str(part) for part in first["loc"]) or None
    return bad_request(f"{param}: {first['msg']}" if param else first["msg"], param)


def run_engine(model_dir: Path, slots: int, max_len: int, warm_up_len: int, lookup: LookupSettings, inbox,
               outbox) -> None:
    """The engine's own process: the HTTP front's Python work (parsing, templating, detokenizing, 32 event streams)
    would otherwise share one GIL with the scheduling thread and delay every decode step. Receives `Submit` and
    `Cancel`; sends `Ready` (or `Failed`) once, then one `Tokens` per engine step. Exits when the front's pipe closes."""
    import os
    import signal
    import sys
    import threading

    from serving.engine import Request

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a normal exit, so multiprocessing cleans up after us

    pending: list[Token] = []
    sending = threading.Lock()

    def send(message) -> None:
        with sending:
            outbox.send(message)

    def flush() -> None:
        if pending or engine.error is not None:
            batch = pending[:]
            del pending[:len(batch)]
            send(Tokens(batch, None if engine.error is None else str(engine.error)))

    try:
        engine, _ = load(model_dir, slots, max_len, flush, lookup)
        started = time.time()
        warmed = engine.warm_up(warm_up_len)
    except BaseException as exc:
        send(Failed(f"{type(exc).__name__}: {exc}"))
        raise
    send(Ready(engine.slots, engine.max_len, len(engine.runner.graphs), round(time.time() - started, 1), warmed,
               engine.scheduler.lookup.k))
    if os.environ.get("KOSUM_ENGINE_TRACE"):
        engine.trace = open(os.environ["KOSUM_ENGINE_TRACE"], "a", buffering=1, encoding="utf-8")
    engine.start()
    requests: dict[str, Request] = {}
    while True:
        try:
            message = inbox.recv()
        except (EOFError, OSError):  # the front is gone: free the GPU now
            engine.stop()
            return
        if isinstance(message, Cancel):
            request = requests.pop(message.request_id, None)
            if request is not None:
                request.cancelled = True
            continue

        def emit(token, finish, request_id=message.request_id):
            request = requests.pop(request_id, None) if finish is not None else None
            pending.append(Token(request_id, token, finish, request.generated if request else 0))

        requests[message.request_id] = Request(message.prompt_ids, message.params, emit)
        try:  # the front applied `check_prompt` already, so only a stopped engine refuses here
            engine.submit(requests[message.request_id])
        except RuntimeError as exc:
            requests.pop(message.request_id, None)
            send(Tokens([Token(message.request_id, None, "error", 0)], str(exc)))


class EngineClient:
    """The front's handle on the engine process: submits requests and routes each step's tokens to the asyncio
    queue of the request they belong to (one hop onto the event loop per step)."""

    def __init__(self, model_dir: Path, slots: int, max_len: int, warm_up_len: int, lookup: LookupSettings) -> None:
        import multiprocessing
        import threading

        context = multiprocessing.get_context("spawn")
        inbox_reader, self.inbox = context.Pipe(duplex=False)
        self.outbox, outbox_writer = context.Pipe(duplex=False)
        self.process = context.Process(target=run_engine, name="kosum-engine", daemon=True,
                                       args=(model_dir, slots, max_len, warm_up_len, lookup, inbox_reader,
                                             outbox_writer))
        self.process.start()
        inbox_reader.close()
        outbox_writer.close()
        try:
            self.info = self.outbox.recv()
        except EOFError:
            self.process.join(5)
            self.info = Failed(f"the engine process exited with code {self.process.exitcode}")
        if not isinstance(self.info, Ready):
            raise SystemExit(f"the KoSum engine did not start: {self.info.reason}")
        self.slots, self.max_len = self.info.slots, self.info.max_len
        self.error: str | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.queues: dict[str, asyncio.Queue] = {}
        threading.Thread(target=self._receive, name="kosum-engine-receiver", daemon=True).start()

    def submit(self, request_id: str, prompt_ids: list[int], params) -> asyncio.Queue:
        """Queue of `Token`s for this request; raises RuntimeError once the engine stopped."""
        if self.error is not None:
            raise RuntimeError(f"the engine stopped: {self.error}")
        self.loop = asyncio.get_running_loop()
        queue = self.queues[request_id] = asyncio.Queue()
        try:
            self.inbox.send(Submit(request_id, prompt_ids, params))
        except OSError as exc:  # the process is gone; the receiver thread reports why
            self.queues.pop(request_id, None)
            raise RuntimeError(f"the engine stopped: {self.error or exc}") from exc
        return queue

    def cancel(self, request_id: str) -> None:
        """Called on the event loop when a client goes away before its answer ended."""
        if self.queues.pop(request_id, None) is not None and self.error is None:
            try:
                self.inbox.send(Cancel(request_id))
            except OSError:
                pass  # the engine is gone, and with it the request

    def _receive(self) -> None:
        while True:
            try:
                items, error = self.outbox.recv()
            except (EOFError, OSError):
                self.process.join(5)
                items, error = None, f"the engine process exited (code {self.process.exitcode})"
            if self.loop is None:
                self.error = error or self.error
            else:
                self.loop.call_soon_threadsafe(self._deliver, items, error)
            if items is None:
                return

    def _deliver(self, items: list | None, error: str | None) -> None:
        self.error = error or self.error
        if items is None:  # the process is gone: end every open request
            items = [Token(request_id, None, "error", 0) for request_id in self.queues]
        for item in items:
            queue = self.queues.pop(item.request_id, None) if item.finish is not None else self.queues.get(item.request_id)
            if queue is not None:
                queue.put_nowait(item)

    def stop(self) -> None:
        self.inbox.close()
        self.process.join(10)


def load(model_dir: Path, slots: int, max_len: int, after_step=None, lookup: LookupSettings | None = None):
    """Model (bf16 on CUDA, fp32 on CPU), tokenizer, and an engine whose slot count fits the free GPU memory."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from serving.engine import Engine
    from serving.engine.kv_cache import bytes_per_slot
    from serving.engine.model_runner import eos_ids

    cuda = torch.cuda.is_available()
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.bfloat16 if cuda else torch.float32,
                                                 device_map="cuda" if cuda else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if cuda:
        free, _ = torch.cuda.mem_get_info()
        fitting = int(free * KV_MEMORY_SHARE) // bytes_per_slot(model.config, max_len)
        if fitting < 1:
            raise SystemExit(f"not enough GPU memory for one {max_len}-token sequence; lower --max-len")
        slots = min(slots, fitting)
    return Engine(model, eos_ids(model, tokenizer), slots=slots, max_len=max_len, after_step=after_step,
                  lookup=lookup), tokenizer


def chunk(request_id: str, model_id: str, delta: dict, finish: str | None = None, usage: dict | None = None) -> str:
    body = {"id": request_id, "object": "chat.completion.chunk", "created": int(time.time()), "model": model_id,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if usage:
        body["usage"] = usage
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


class TextStream:
    """A request's text as its tokens arrive, several per engine step when drafts were accepted. `DecodeStream`
    keeps the bytes of an unfinished UTF-8 character (a Korean syllable is 3 bytes, often split over byte-level
    tokens) until the token that completes it, so no piece of the stream ever splits a character."""

    def __init__(self, tokenizer) -> None:
        from tokenizers.decoders import DecodeStream

        self.tokenizer = tokenizer.backend_tokenizer
        self.decoder = DecodeStream(skip_special_tokens=True)

    def add(self, tokens: list[int]) -> str:
        return "".join(self.decoder.step(self.tokenizer, token) or "" for token in tokens)


def create_app(engine: EngineClient, tokenizer, model_id: str):
    from fastapi import FastAPI, Request as HttpRequest
    from fastapi.responses import JSONResponse, StreamingResponse

    from serving.engine import SamplingParams, check_prompt

    app = FastAPI(title="KoSum engine")

    @app.get("/health")
    def health():
        if engine.error is not None:
            return JSONResponse({"status": "error", "error": engine.error}, status_code=503)
        return {"status": "ok", "slots": engine.slots, "max_len": engine.max_len, "lookup_k": engine.info.lookup_k,
                "warm_up": engine.info.warmed}

    @app.get("/v1/models")
    def models():
        return {"object": "list", "data": [{"id": model_id, "object": "model", "owned_by": "kosum"}]}

    @app.post("/v1/chat/completions")
    async def chat(http: HttpRequest):
        try:
            body = ChatRequest.model_validate_json(await http.body())
        except ValidationError as exc:
            return validation_error(exc)
        params = SamplingParams(body.max_tokens or DEFAULT_MAX_TOKENS, body.temperature, body.top_p)
        try:
            prompt = tokenizer.apply_chat_template([m.model_dump() for m in body.messages], add_generation_prompt=True,
                                                   tokenize=True, return_dict=True)["input_ids"]
            check_prompt(prompt, engine.max_len)
        except (TypeError, ValueError) as exc:
            return bad_request(str(exc), "messages")
        request_id = f"chatcmpl-{uuid.uuid4().hex[:16]}"
        try:
            pieces = engine.submit(request_id, prompt, params)
        except RuntimeError as exc:
            return bad_request(str(exc), status=503)
        stream = TextStream(tokenizer)

        def usage(generated: int) -> dict:
            return {"prompt_tokens": len(prompt), "completion_tokens": generated, "total_tokens": len(prompt) + generated}

        async def next_pieces() -> tuple[str, str | None, int]:
            """Text of every token that arrived since the last call, and the finish reason once there is one."""
            items = [await pieces.get()]
            while not pieces.empty():
                items.append(pieces.get_nowait())
            text = stream.add([item.token for item in items if item.token is not None])
            return text, items[-1].finish, items[-1].generated

        async def events():
            finish = None
            try:
                yield chunk(request_id, model_id, {"role": "assistant", "content": ""})
                while finish is None:
                    text, finish, generated = await next_pieces()
                    if text:
                        yield chunk(request_id, model_id, {"content": text})
                if finish == "error":
                    failure = {"error": f"the engine stopped: {engine.error}", "error_type": "generation"}
                    yield f"data: {json.dumps(failure)}\n\n"
                    return
                yield chunk(request_id, model_id, {}, finish, usage(generated))
                yield "data: [DONE]\n\n"
            finally:
                if finish is None:
                    engine.cancel(request_id)

        if body.stream:
            return StreamingResponse(events(), media_type="text/event-stream")
        parts, finish = [], None
        try:
            while finish is None:
                text, finish, generated = await next_pieces()
                parts.append(text)
        finally:
            if finish is None:
                engine.cancel(request_id)
        if finish == "error":
            return bad_request(f"the engine stopped: {engine.error}", status=503)
        return {"id": request_id, "object": "chat.completion", "created": int(time.time()), "model": model_id,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(parts)},
                             "finish_reason": finish}], "usage": usage(generated)}

    return app


def main() -> None:
    import uvicorn
    from transformers import AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--slots", type=int, default=32)
    parser.add_argument("--max-len", type=int, default=4096)
    parser.add_argument("--warm-up-len", type=int, default=2048, help="capture step graphs up to this length")
    defaults = LookupSettings()
    for name, default, meaning in (("k", defaults.k, "drafted tokens per verify step (0: off)"),
                                   ("max-batch", defaults.max_batch, "draft only while at most this many requests run"),
                                   ("min-ngram", defaults.min_ngram, "shortest n-gram matched"),
                                   ("max-ngram", defaults.max_ngram, "longest n-gram matched")):
        variable = "KOSUM_LOOKUP_" + name.upper().replace("-", "_")
        parser.add_argument(f"--lookup-{name}", type=int, default=int(os.environ.get(variable, default)),
                            help=f"prompt lookup: {meaning} (default {variable} or {default})")
    args = parser.parse_args()
    try:
        lookup = LookupSettings(k=args.lookup_k, max_batch=args.lookup_max_batch, min_ngram=args.lookup_min_ngram,
                                max_ngram=args.lookup_max_ngram)
    except ValueError as exc:
        parser.error(str(exc))
    tokenizer = AutoTokenizer.from_pretrained(args.model_dir)
    engine = EngineClient(args.model_dir, args.slots, args.max_len, args.warm_up_len, lookup)
    print(f"engine ready: {engine.slots} slots x {engine.max_len} tokens, prompt lookup k={engine.info.lookup_k}, "
          f"{engine.info.graphs} step graphs; warmed in {engine.info.warm_up_s}s: {json.dumps(engine.info.warmed)}",
          flush=True)
    try:
        uvicorn.run(create_app(engine, tokenizer, str(args.model_dir.resolve())), host=args.host, port=args.port,
                    log_level="warning")
    finally:
        engine.stop()


if __name__ == "__main__":
    main()
