"""The approval gate: a costly or destructive tool runs only after an explicit Approve of exactly the plan shown.

It fails closed at every step:
- after the model asks for a gated tool, the gate makes the plan (the operation itself, with `confirm=False`),
  retrying transient AWS errors with backoff. A plan that cannot be made is answered with its reason: no approval
  card, and the tool never runs. A plan with nothing to do is answered as it is.
- the plan (its text, id and fingerprint) is kept in the conversation's state, so the card and the approval refer to
  the same plan across restarts. The tool call then waits for a decision; anything but "approve" is a rejection.
- only an approved call reaches the tool, and it carries the approved plan's id and fingerprint: the operation makes
  the plan again and stops, creating and deleting nothing, if it differs (other resources, another cost).
- a tool that finds no approval for its own call refuses, so removing a tool from the gate cannot make it run.
"""
from __future__ import annotations

from typing import Annotated, Any, Callable, NotRequired

from langchain.agents.middleware.types import AgentMiddleware, AgentState, PrivateStateAttr
from langchain_core.messages import AIMessage, ToolMessage

from assistant.actions import Action, plan_with_retries
from tools.errors import KosumError
from training.texts import t

PLANS_KEY = "kosum_plans"  # tool call id -> the plan shown for it (kept in the checkpointed state)
APPROVED_KEY = "kosum_approved"  # the plan the user approved, handed to the tool with its call


class GateState(AgentState):
    kosum_plans: NotRequired[Annotated[dict[str, dict[str, Any]], PrivateStateAttr]]


def rejection(name: str, call_id: str) -> ToolMessage:
    """What the model gets for a rejected call (HITL's wording); the faces recognise it by its artifact."""
    return ToolMessage(content=f"User rejected the tool call for `{name}` with id {call_id}. The tool was not "
                               "executed. Do not retry this tool call unless the user explicitly requests it.",
                       name=name, tool_call_id=call_id, status="error", artifact={"rejected": True})


def is_rejection(message: Any) -> bool:
    return message.type == "tool" and (getattr(message, "artifact", None) or {}).get("rejected") is True


def approved_plan(runtime: Any) -> dict[str, Any]:
    """The approved plan handed to this very tool call; without one the tool must not act."""
    approval = (getattr(runtime, "state", None) or {}).get(APPROVED_KEY) or {}
    if not approval or approval.get("tool_call_id") != getattr(runtime, "tool_call_id", None):
        raise KosumError(t("this action needs your approval of its plan first; nothing was done"),
                         fix=t("ask again and press Approve on the plan"))
    return approval


class ApprovalGate(AgentMiddleware):
    """Plan in `after_model` (a node of its own, so the plan is saved before anyone is asked), ask and hand over in
    `wrap_tool_call`."""

    state_schema = GateState

    def __init__(self, actions: dict[str, Action], attempts: int = 4, backoff_s: float = 0.5,
                 describe_error: Callable[[BaseException], str] = str):
        super().__init__()
        self.actions = actions
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.describe_error = describe_error

    # -- planning --------------------------------------------------------------------------------------------------
    def after_model(self, state: dict[str, Any], runtime: Any) -> dict[str, Any] | None:
        last = next((m for m in reversed(state.get("messages", [])) if isinstance(m, AIMessage)), None)
        gated = [c for c in (last.tool_calls if last else []) if c["name"] in self.actions]
        if not gated:
            return {PLANS_KEY: {}} if state.get(PLANS_KEY) else None
        answers: list[ToolMessage] = []
        plans: dict[str, dict[str, Any]] = {}
        for index, call in enumerate(gated):
            if index > 0:
                answers.append(ToolMessage(content=t("One costly action at a time: this one was not run."),
                                           name=call["name"], tool_call_id=call["id"], status="error"))
                continue
            try:
                plan, retried = plan_with_retries(self.actions[call["name"]], call["args"], self.attempts,
                                                  self.backoff_s)
            except Exception as exc:  # bad arguments, no role, AWS still throttling: the reason, no card
                answers.append(ToolMessage(content=self.describe_error(exc), name=call["name"],
                                           tool_call_id=call["id"], status="error"))
                continue
            if not plan.data.get("fingerprint"):  # nothing to approve ("Nothing to remove."): say so, run nothing
                answers.append(ToolMessage(content=plan.text, name=call["name"], tool_call_id=call["id"]))
                continue
            text = plan.text + ("\n" + t("(Planned after {count} retry because AWS was busy: {reason})",
                                          count=len(retried), reason=retried[0]) if retried else "")
            plans[call["id"]] = {"name": call["name"], "args": call["args"], "text": text,
                                 "plan_id": plan.data.get("plan_id"), "fingerprint": plan.data["fingerprint"]}
        return {"messages": answers, PLANS_KEY: plans}

    # -- asking and handing over -----------------------------------------------------------------------------------
    def wrap_tool_call(self, request: Any, handler: Callable[[Any], Any]) -> Any:
        from langgraph.types import interrupt

        call = request.tool_call
        if call["name"] not in self.actions:
            return handler(request)
        plan = (request.state.get(PLANS_KEY) or {}).get(call["id"])
        if plan is None:
            return ToolMessage(content=t("No plan was made for this action, so it was not run."), name=call["name"],
                               tool_call_id=call["id"], status="error")
        answer = interrupt({"action_requests": [{"name": call["name"], "args": call["args"],
                                                 "description": plan["text"]}],
                            "fingerprint": plan["fingerprint"]})
        decisions = answer.get("decisions") if isinstance(answer, dict) else None
        decision = decisions[0].get("type") if decisions and isinstance(decisions[0], dict) else None
        if decision != "approve":
            return rejection(call["name"], call["id"])
        approval = {**plan, "tool_call_id": call["id"]}
        return handler(request.override(state={**request.state, APPROVED_KEY: approval}))
