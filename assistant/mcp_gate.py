"""The plan ids of the MCP approval gate: what may be approved, through which channel, until when.

A costly or destructive MCP tool never acts on its first call: it makes the plan and files it here under a random
id (`secrets`), bound to the tool, its validated arguments, the plan's own id and fingerprint, and the one channel
that may approve it (the client's elicitation prompt, or a second call carrying the id). The ids live in this server
process's memory only, and a stdio server serves one client, so an id is worthless in any other session. An id is
used once (redeemed or refused, it is gone), expires after the server's TTL, and is cancelled as soon as it shows up
inside another argument (an article quoting it), so text in data can never approve anything. The operation itself
makes the plan again at execution and does nothing when it differs from the approved one."""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Callable

from pydantic import BaseModel

from assistant.actions import Approval
from tools.errors import UserInputError
from training.texts import t

ELICITATION, SECOND_CALL = "elicitation", "plan_id"  # the channels a plan may be approved through


def canonical(args: BaseModel) -> str:
    """Arguments as compared for approval: validated (defaults filled in), key order irrelevant."""
    return json.dumps(args.model_dump(mode="json"), sort_keys=True)


@dataclass(frozen=True)
class Pending:
    tool: str
    arguments: str
    channel: str
    approval: Approval
    expires_at: float


class PlanBook:
    """The plans shown and not yet approved, by id."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic):
        self.ttl_s = ttl_s
        self._clock = clock
        self._pending: dict[str, Pending] = {}
        self._filed: set[str] = set()

    def file(self, tool: str, args: BaseModel, channel: str, approval: Approval) -> str:
        plan_id = f"plan-{secrets.token_urlsafe(12)}"
        self._pending[plan_id] = Pending(tool, canonical(args), channel, approval, self._clock() + self.ttl_s)
        self._filed.add(plan_id)
        return plan_id

    def redeem(self, plan_id: str, tool: str, args: BaseModel, channel: str) -> Approval:
        """The approval filed under `plan_id` for exactly this call; the id is spent either way. Raises, naming the
        reason, for an unknown, spent, cancelled, expired or foreign id."""
        pending = self._pending.pop(plan_id, None)
        again = t("call {tool} without plan_id to get a new plan, and approve that one", tool=tool)
        if pending is None:
            raise UserInputError(t("plan id {id} is unknown, already used or cancelled; nothing was done", id=plan_id),
                                 fix=again)
        if self._clock() > pending.expires_at:
            raise UserInputError(t("plan id {id} expired; nothing was done", id=plan_id), fix=again)
        if pending.tool != tool:
            raise UserInputError(t("plan id {id} is a plan of {other}, not of {tool}; nothing was done", id=plan_id,
                                   other=pending.tool, tool=tool), fix=again)
        if pending.arguments != canonical(args):
            raise UserInputError(t("plan id {id} was made for other arguments ({planned}); nothing was done",
                                   id=plan_id, planned=pending.arguments), fix=again)
        if pending.channel != channel:
            raise UserInputError(t("plan id {id} is approved through the client's approval prompt, not by a second "
                                   "call; nothing was done", id=plan_id), fix=again)
        return pending.approval

    def cancel_mentioned(self, text: str) -> int:
        """Cancel every pending plan whose id appears in `text` (an argument other than plan_id); how many."""
        mentioned = [plan_id for plan_id in self._pending if plan_id in text]
        for plan_id in mentioned:
            del self._pending[plan_id]
        return len(mentioned)

    def redact(self, text: str) -> str:
        """`text` without any plan id this server filed: only a gated tool's own answer carries its id."""
        for plan_id in self._filed:
            text = text.replace(plan_id, t("[plan id removed]"))
        return text
