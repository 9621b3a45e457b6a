"""The engine loop: each step carries out the scheduler's decisions on the model runner and hands the new tokens to
their requests. Waiting requests are prefilled into free slots, busy ones get one decode step (or one verify step
of their drafted tokens), finished ones are released and the cache compacted. Plain decode steps are queued one
ahead of the host's bookkeeping (step N+1 runs on the GPU while step N's tokens are handed out); a verify step
waits for the step before it, because its drafts continue that step's tokens. `Engine` runs the loop on its own
thread; `submit` is thread-safe."""
from __future__ import annotations

import json
import queue
import threading
import time
from collections import Counter
from typing import Callable, TextIO

from serving.engine.model_runner import ModelRunner
from serving.engine.request import Request
from serving.engine.scheduler import LookupSettings, Scheduler


class Engine:
    def __init__(self, model, eos_ids: list[int], slots: int = 32, max_len: int = 4096, use_graphs: bool | None = None,
                 after_step: Callable[[], None] | None = None, lookup: LookupSettings | None = None,
                 compile_options: dict | None = None):
        """`after_step` runs on the engine thread after each step's tokens were emitted (to hand them over at once);
        `lookup`: prompt-lookup decoding's settings (None: the defaults; `LookupSettings(k=0)`: off)."""
        self.scheduler = Scheduler(slots, lookup)
        self.runner = ModelRunner(model, slots, max_len, use_graphs, compile_options, max_width=self.scheduler.width)
        self.eos = set(eos_ids)
        self.slots, self.max_len = slots, max_len
        self.active: list[Request] = []  # request i owns cache slot i
        self.waiting: queue.Queue[Request] = queue.Queue()
        self.arrived: list[Request] = []  # taken from `waiting`, not yet admitted
        self.finished: set[int] = set()  # slots whose request ended (released before the next step is planned)
        self.in_flight: tuple | None = None
        self.inputs_stale = True  # the busy slots changed since the step inputs were uploaded
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.after_step = after_step or (lambda: None)
        self.trace: TextIO | None = None  # one JSON line per step when set (KOSUM_ENGINE_TRACE)
        # per request and step: how many tokens the model produced (1 for a decode step, accepted drafts + 1 verifying)
        self.tokens_per_step: Counter[int] = Counter()
        self.steps: Counter[str] = Counter()  # 'decode' and 'verify' steps run

    def submit(self, request: Request) -> None:
        if self.error is not None:
            raise RuntimeError(f"the engine stopped: {self.error}")
        request.fit(self.max_len)
        self.waiting.put(request)

    # ---------------------------------------------------------------- admit, accept, release

    def _take_arrivals(self) -> None:
        """Move submitted requests to `arrived` (waiting a little when there is nothing else to do); those cancelled
        before admission end here."""
        wait = 0 if (self.active or self.arrived) else 0.05
        while True:
            try:
                self.arrived.append(self.waiting.get(timeout=wait))
            except queue.Empty:
                break
            wait = 0
        for request in [r for r in self.arrived if r.cancelled]:
            self.arrived.remove(request)
            request.emit(None, "cancelled")

    def _admit(self) -> int:
        """Prefill the batch of waiting requests the scheduler picks; returns how many."""
        self._take_arrivals()
        count = self.scheduler.admit(len(self.active), [r.prompt_len for r in self.arrived])
        if not count:
            return 0
        batch, self.arrived = self.arrived[:count], self.arrived[count:]
        cached, first_tokens = self.runner.prefill([r.prompt_ids for r in batch], [r.params for r in batch],
                                                   len(self.active))
        for request, token in zip(batch, first_tokens):
            self.active.append(request)
            request.length, request.cached_tokens = request.prompt_len, cached
            self._accept(len(self.active) - 1, request, [token])
        self.inputs_stale = True
        return count

    def _accept(self, slot: int, request: Request, tokens: list[int]) -> None:
        """Hand one step's tokens to their request; a slot whose request ended is added to `finished`."""
        reason = request.accept_run(tokens, self.eos)
        if reason is not None:
            self.finished.add(slot)
            request.emit(None, reason)

    def _release(self) -> None:
        """Drop finished requests and keep the busy ones in slots 0..n-1 (the cache moves their rows)."""
        kept = self.scheduler.kept(len(self.active), self.finished)
        self.runner.cache.compact([(slot, self.active[slot].length) for slot in kept])
        self.active = [self.active[slot] for slot in kept]
        self.finished = set()
        self.inputs_stale = True

    def _admissible(self) -> bool:
        """Whether requests wait and a slot is free for them."""
        return len(self.active) < self.slots and (bool(self.arrived) or not self.waiting.empty())

    # ---------------------------------------------------------------- one step

    def _launch(self) -> tuple:
        """Queue one decode step for every busy slot; returns what `_collect` needs."""
        host, done = self.runner.launch(len(self.active), max(r.length for r in self.active))
        self.steps["decode"] += 1
        if self.scheduler.lookup_on(len(self.active)):  # a pause counts down only while drafting could happen
            for request in self.active:
                request.lookup = self.scheduler.after_step(request.lookup, 0, 0)
        for request in self.active:
            request.length += 1
        return list(self.active), host, done

    def _collect(self, launched: tuple) -> None:
        """Wait for a launched step and hand out its tokens; requests that finished at an earlier step get none."""
        requests, host, done = launched
        self.runner.wait_for_gpu(done)
        for slot, (request, token) in enumerate(zip(requests, host[:len(requests)].tolist())):
            if slot not in self.finished:
                self.tokens_per_step[1] += 1
                self._accept(slot, request, [token])

    def _drafts(self) -> list[list[int]]:
        lookup = self.scheduler.lookup
        budgets = self.scheduler.draft_budgets([r.lookup for r in self.active])
        return [r.draft(budget, lookup.min_ngram, lookup.max_ngram) for r, budget in zip(self.active, budgets)]

    def _verify(self, drafts: list[list[int]]) -> int:
        """One verify step for every busy slot, waited for; returns how many drafted tokens were accepted."""
        width = self.scheduler.width
        host, done = self.runner.launch_verify(max(r.length for r in self.active), drafts, width)
        self.runner.wait_for_gpu(done)
        self.steps["verify"] += 1
        total = 0
        for slot, (request, draft, row) in enumerate(zip(self.active, drafts, host[:len(drafts)].tolist())):
            accepted = row[0]
            total += accepted
            request.accepted_drafts += accepted
            self.tokens_per_step[accepted + 1] += 1
            request.length += accepted + 1  # the last token and the accepted drafts are in the cache now
            request.lookup = self.scheduler.after_step(request.lookup, len(draft), accepted)
            self._accept(slot, request, row[1:accepted + 2])
        return total

    def step(self) -> None:
        """One decode or verify step for every busy slot. The pipeline drains first (the step in flight is
        collected) when requests finished or wait to be admitted, or when the step may verify drafts; then finished
        slots are released, waiting prompts prefilled, and the step inputs uploaded if the busy slots changed."""
        started = time.perf_counter()
        drafting = self.scheduler.lookup_on(len(self.active))  # off: nothing of prompt lookup runs this step
        may_verify = drafting and self.scheduler.may_verify([r.lookup for r in self.active])
        if self.in_flight is not None and (self.finished or self._admissible() or may_verify):
            self._collect(self.in_flight)
            self.in_flight = None
        admitted, record = 0, {}
        if self.in_flight is None:
            if self.finished:
                self._release()
            admitted = self._admit()
            if self.finished:  # requests that ended with their first token
                self._release()
            if not self.active:
                return
            if self.inputs_stale:
                self.runner.upload([r.last_token for r in self.active], [r.length for r in self.active],
                                   [r.params for r in self.active])
                self.inputs_stale = False
            drafts = self._drafts() if self.scheduler.lookup_on(len(self.active)) else []
            if any(drafts):
                prefilled = time.perf_counter()
                record = {"width": self.scheduler.width, "drafted": sum(map(len, drafts)),
                          "accepted": self._verify(drafts)}
                self._write_trace(started, prefilled, admitted, record)
                return
        prefilled = time.perf_counter()
        previous, self.in_flight = self.in_flight, self._launch()
        if previous is not None:
            self._collect(previous)
        self._write_trace(started, prefilled, admitted, record)

    def _write_trace(self, started: float, prefilled: float, admitted: int, record: dict) -> None:
        if self.trace is not None:
            self.trace.write(json.dumps({"t": round(started, 4), "admitted": admitted,
                                         "prefill_ms": round((prefilled - started) * 1000, 2), "batch": len(self.active),
                                         "decode_ms": round((time.perf_counter() - prefilled) * 1000, 2), **record})
                             + "\n")

    # ---------------------------------------------------------------- thread

    def drain(self) -> None:
        """Collect the step in flight and release finished requests (before the engine changes hands)."""
        if self.in_flight is not None:
            self._collect(self.in_flight)
            self.in_flight = None
        if self.finished:
            self._release()

    def warm_up(self, max_length: int) -> dict:
        """Run every path a request takes once before serving (`warm_up.py`); returns what was warmed."""
        from serving.engine.warm_up import warm_up

        return warm_up(self, max_length)

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
            for request in self.arrived:
                request.emit(None, "error")
            self.active, self.arrived, self.finished, self.in_flight = [], [], set(), None
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
