"""What the HTTP front and the engine process say to each other over their two pipes (pickled NamedTuples)."""
from __future__ import annotations

from typing import NamedTuple

from serving.engine.sampling import SamplingParams


class Submit(NamedTuple):  # front → engine
    request_id: str
    prompt_ids: list[int]
    params: SamplingParams


class Cancel(NamedTuple):  # front → engine: the client went away
    request_id: str


class Ready(NamedTuple):  # engine → front, once, after loading and warming every path (`warm_up.py`)
    slots: int
    max_len: int
    graphs: int
    warm_up_s: float
    warmed: dict  # what the warm-up ran and how long each part took
    lookup_k: int  # drafted tokens per verify step (0: prompt lookup off)


class Failed(NamedTuple):  # engine → front, instead of Ready
    reason: str


class Token(NamedTuple):
    request_id: str
    token: int | None  # None with the finish reason
    finish: str | None  # 'stop', 'length', 'cancelled' or 'error'
    generated: int


class Tokens(NamedTuple):  # engine → front, one per engine step
    items: list[Token]
    error: str | None  # set once the engine stopped
