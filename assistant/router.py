"""The offline brain: an intent classifier (assistant/intents.py) and argument parsers (assistant/arguments.py)
exposed as a LangChain chat model with tool calling, so the agent, its tools and its approval gate are the same
whichever brain is configured.

Pasted articles are data: text after "요약해줘:"/"summarize this:", HTML, a block of sentences or anything long
always becomes the `text` argument of the summarize tool and is never searched for commands. Below the confidence
threshold, or when a cost-bearing argument cannot be read with certainty, it asks instead of guessing.
"""
from __future__ import annotations

import re
import uuid
from typing import Any, ClassVar, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from assistant import arguments
from assistant.messages import is_korean, say

THRESHOLD = 0.25  # below: a clarifying question with examples (chosen on the development set)
CLOUD = re.compile(r"세이지\s*메이커|sage\s*maker|aws|클라우드|cloud|엔드포인트|endpoint|inference component", re.I)


class OfflineRouter(BaseChatModel):
    """One tool call per user turn (or a question), then a plain reply with the tool's result."""

    DEFAULTS: ClassVar[dict[str, dict[str, Any]]] = {
        "train_on_sagemaker": {"instance_type": "ml.g5.12xlarge", "instance_count": 1},
        "deploy_to_sagemaker": {"instance_type": "ml.g5.2xlarge"}}
    tools: list[dict[str, Any]] = []

    @property
    def _llm_type(self) -> str:
        return "kosum-offline-router"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "OfflineRouter":
        from langchain_core.utils.function_calling import convert_to_openai_tool

        return self.model_copy(update={"tools": [convert_to_openai_tool(t) for t in tools]})

    # ------------------------------------------------------------------------------------------------------------
    def route(self, text: str, history: Sequence[BaseMessage] = ()) -> tuple[str | None, dict[str, Any], str | None]:
        """(tool name or None, arguments, reply when no tool is called)."""
        korean = is_korean(text)
        body = arguments.article(text)
        if body is not None:
            return "summarize", {"text": body}, None
        from assistant.intents import NONE, predict

        intent, confidence = predict(text)
        if intent == NONE:
            return None, {}, say("help", korean)
        if confidence < THRESHOLD:
            return None, {}, say("unsure", korean)
        if intent == "repeat":
            return self._repeat(history, korean)
        if intent in {"start_training", "deploy"} and CLOUD.search(text):
            intent = {"start_training": "train_on_sagemaker", "deploy": "deploy_to_sagemaker"}[intent]
        return self._arguments(intent, text, korean)

    def _arguments(self, intent: str, text: str, korean: bool) -> tuple[str | None, dict[str, Any], str | None]:
        if intent in self.DEFAULTS:
            args = dict(self.DEFAULTS[intent])
            kind, unclear = arguments.instance_type(text)
            if unclear:
                return None, {}, say("which_instance", korean)
            if kind:
                args["instance_type"] = kind
            if intent == "train_on_sagemaker":
                count = arguments.instance_count(text)
                if count.unclear:
                    return None, {}, say("how_many", korean)
                args["instance_count"] = count.value or 1
            return intent, args, None
        if intent == "prepare_data":
            return intent, {"source": arguments.data_source(text)}, None
        if intent == "start_training":  # no model named: the tool's default (the offline demo model)
            preset = arguments.preset(text)
            return intent, ({"preset": preset} if preset else {}), None
        if intent in {"job_status", "stop_job", "resume_job"}:
            job = arguments.job_id(text)
            return intent, ({"job_id": job} if job else {}), None
        if intent == "teardown":
            return intent, {"ids": arguments.resource_ids(text), "include_s3": arguments.include_s3(text)}, None
        if intent == "summarize":
            return None, {}, say("paste_article", korean)
        return intent, {}, None

    @staticmethod
    def _repeat(history: Sequence[BaseMessage], korean: bool) -> tuple[str | None, dict[str, Any], str | None]:
        """'다시 해줘': the previous tool call of this conversation, with the same arguments (gated ones ask again)."""
        for message in reversed(history):
            if isinstance(message, AIMessage) and message.tool_calls:
                call = message.tool_calls[-1]
                return call["name"], dict(call["args"]), None
        return None, {}, say("nothing_to_repeat", korean)

    # ------------------------------------------------------------------------------------------------------------
    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        last = messages[-1]
        if isinstance(last, ToolMessage) and last.status == "error" and str(last.content).startswith("User rejected"):
            reply = AIMessage(content="")  # a rejected approval: the app says so; nothing to add
        elif isinstance(last, ToolMessage):
            reply = AIMessage(content=str(last.content))
        else:
            text = last.content if isinstance(last, HumanMessage) and isinstance(last.content, str) else ""
            tool, args, answer = self.route(text, messages[:-1])
            available = {t["function"]["name"] for t in self.tools}
            if tool and tool in available:
                reply = AIMessage(content="", tool_calls=[{"name": tool, "args": args,
                                                           "id": f"call_{uuid.uuid4().hex[:12]}"}])
            else:
                reply = AIMessage(content=answer or say("help", is_korean(text)))
        return ChatResult(generations=[ChatGeneration(message=reply)])
