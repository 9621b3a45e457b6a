"""The scheduler: which requests run. Waiting requests are admitted into free slots (prefilled in one batch up to
a token budget), busy ones get one token per decode step, finished ones are released and the rest compacted into
slots 0..n-1. Decode steps are queued one ahead of the host's bookkeeping: step N+1 runs on the GPU while step N's
tokens are handed out. `Engine` is the scheduler with its thread; `submit` is thread-safe."""
from __future__ import annotations

import json
import queue
import threading
import time
from typing import Callable, TextIO

from serving.engine.model_runner import ModelRunner
from serving.engine.request import Request

PREFILL_TOKEN_BUDGET = 32768


class Engine:
    def __init__(self, model, eos_ids: list[int], slots: int = 32, max_len: int = 4096, use_graphs: bool | None = None,
                 after_step: Callable[[], None] | None = None):
        """`after_step` runs on the engine thread after each step's tokens were emitted (to hand them over at once)."""
        self.runner = ModelRunner(model, slots, max_len, use_graphs)
        self.eos = set(eos_ids)
        self.slots, self.max_len = slots, max_len
        self.active: list[Request] = []  # request i owns cache slot i
        self.waiting: queue.Queue[Request] = queue.Queue()
        self.finished: set[int] = set()  # slots whose request ended while a step was in flight
        self.in_flight: tuple | None = None
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.after_step = after_step or (lambda: None)
        self.trace: TextIO | None = None  # one JSON line per step when set (KOSUM_ENGINE_TRACE)

    def submit(self, request: Request) -> None:
        if self.error is not None:
            raise RuntimeError(f"the engine stopped: {self.error}")
        request.fit(self.max_len)
        self.waiting.put(request)

    # ---------------------------------------------------------------- admit, accept, release

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
                request.emit(None, "cancelled")
                continue
            batch.append(request)
            budget -= request.prompt_len
            if budget <= 0:
                break
        if not batch:
            return 0
        cached, first_tokens = self.runner.prefill([r.prompt_ids for r in batch], [r.params for r in batch],
                                                   len(self.active))
        finished: set[int] = set()
        for request, token in zip(batch, first_tokens):
            self.active.append(request)
            request.length, request.cached_tokens = request.prompt_len, cached
            self._accept(len(self.active) - 1, request, token, finished)
        self._release(finished)
        return len(batch)

    def _accept(self, slot: int, request: Request, token: int, finished: set[int]) -> None:
        """Hand `token` to its request; a slot whose request ended is added to `finished`."""
        reason = request.accept(token, self.eos)
        if reason is not None:
            finished.add(slot)
            request.emit(None, reason)

    def _release(self, finished: set[int]) -> None:
        """Drop finished requests and keep the busy ones in slots 0..n-1 (moving a request copies its cache rows)."""
        kept = [(slot, r) for slot, r in enumerate(self.active) if slot not in finished]
        cache = self.runner.cache
        for new_slot, (old_slot, request) in enumerate(kept):
            if old_slot != new_slot:
                cache.copy_from(new_slot, cache, old_slot, slice(0, request.length))
        self.active = [request for _, request in kept]

    # ---------------------------------------------------------------- one step

    def _launch(self) -> tuple:
        """Queue one decode step for every busy slot; returns what `_collect` needs."""
        host, done = self.runner.launch(len(self.active), max(r.length for r in self.active))
        for request in self.active:
            request.length += 1
        return list(self.active), host, done

    def _collect(self, launched: tuple) -> None:
        """Wait for a launched step and hand out its tokens; requests that finished at an earlier step get none."""
        requests, host, done = launched
        self.runner.wait_for_gpu(done)
        for slot, (request, token) in enumerate(zip(requests, host[:len(requests)].tolist())):
            if slot not in self.finished:
                self._accept(slot, request, token, self.finished)

    def step(self) -> None:
        """One decode step for every busy slot, scheduled one step ahead. When requests finish or wait to be
        admitted, the pipeline drains first: the step in flight is collected, finished slots are released, waiting
        prompts are prefilled, and the decode inputs are uploaded again."""
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
            self.runner.upload([r.last_token for r in self.active], [r.length for r in self.active],
                               [r.params for r in self.active])
        prefilled = time.perf_counter()
        previous, self.in_flight = self.in_flight, self._launch()
        if previous is not None:
            self._collect(previous)
        if self.trace is not None:
            self.trace.write(json.dumps({"t": round(started, 4), "admitted": admitted,
                                         "prefill_ms": round((prefilled - started) * 1000, 2), "batch": len(self.active),
                                         "decode_ms": round((time.perf_counter() - prefilled) * 1000, 2)}) + "\n")

    # ---------------------------------------------------------------- thread

    def warm_up(self, max_length: int) -> None:
        self.runner.warm_up(max_length)

    def _loop(self) -> None:
        try:
            while not self.stopped.is_set():
                self.step()
                self.after_step()
        except BaseException as error:  # reported to every waiting client, and by /health
            self.error = error
            for slot, request in enumerate(self.active):
                if slot not in self.finished:
                    request.emit(None, "error")
            self.active, self.finished, self.in_flight = [], set(), None
            while not self.waiting.empty():
                self.waiting.get_nowait().emit(None, "error")
            self.after_step()

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name="kosum-engine", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread:
            self.thread.join(timeout=10)
