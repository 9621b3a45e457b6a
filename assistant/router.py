"""The offline brain: a deterministic Korean/English intent router exposed as a LangChain chat model with tool
calling, so the agent, its tools and its approval gates are the same whichever brain is configured.

Pasted articles are data: long text, or text after "요약:"/"summarize:", always becomes the `text` argument of the
summarize tool and is never searched for commands.
"""
from __future__ import annotations

import difflib
import re
import uuid
from typing import Any, ClassVar, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

ARTICLE_MIN_CHARS = 200
ARTICLE_PREFIX = re.compile(r"^\s*(요약|summari[sz]e|summary)\s*[:：]\s*", re.IGNORECASE)


class OfflineRouter(BaseChatModel):
    """Keyword and fuzzy matching over short commands; one tool call per user turn, then a plain reply."""

    INTENTS: ClassVar[dict[str, tuple[str, ...]]] = {
        "teardown": ("정리", "삭제", "지워", "없애", "teardown", "clean", "cleanup", "delete", "remove", "destroy"),
        "stop_job": ("중지", "멈춰", "멈추", "취소", "stop", "cancel", "abort"),
        "job_status": ("상태", "진행", "진척", "status", "progress", "jobs"),
        "evaluate": ("평가", "채점", "성능", "rouge", "evaluate", "evaluation", "eval", "score"),
        "prepare_data": ("데이터", "dataset", "data"),
        "start_training": ("학습", "훈련", "파인튜닝", "튜닝", "train", "training", "finetune", "fine-tune"),
        "deploy": ("배포", "서빙", "deploy", "serve", "serving"),
        "list_resources": ("리소스", "자원", "비용", "resources", "resource", "inventory", "cost"),
        "summarize": ("요약", "summarize", "summarise", "summary"),
    }
    TYPOS: ClassVar[dict[str, str]] = {"학슴": "학습", "배포햐": "배포", "배표": "배포", "데이타": "데이터",
                                       "리소수": "리소스", "trian": "train", "deploi": "deploy"}
    tools: list[dict[str, Any]] = []

    @property
    def _llm_type(self) -> str:
        return "kosum-offline-router"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "OfflineRouter":
        from langchain_core.utils.function_calling import convert_to_openai_tool

        return self.model_copy(update={"tools": [convert_to_openai_tool(t) for t in tools]})

    # ------------------------------------------------------------------------------------------------------------
    def route(self, text: str) -> tuple[str | None, dict[str, Any], str | None]:
        """(tool name or None, arguments, reply when no tool is called)."""
        korean = bool(re.search(r"[\uac00-\ud7a3]", text))
        article = ARTICLE_PREFIX.sub("", text) if ARTICLE_PREFIX.match(text) else None
        if article is not None or len(text.strip()) >= ARTICLE_MIN_CHARS:
            body = (article if article is not None else text).strip()
            if not body:
                return None, {}, "요약할 기사를 붙여 넣어 주세요." if korean else "Paste the article to summarize."
            return "summarize", {"text": body}, None
        words = re.findall(r"[\w\-]+", text.lower())
        normalized = " ".join(self.TYPOS.get(w, w) for w in words)
        intent = self._intent(normalized, words)
        if intent is None:
            return None, {}, self.help_text(korean)
        args: dict[str, Any] = {}
        if intent == "prepare_data":
            args["source"] = "sample" if any(k in normalized for k in ("샘플", "sample", "예제", "offline")) else None
        cloud = any(k in normalized for k in ("sagemaker", "세이지메이커", "aws", "클라우드", "cloud"))
        if intent == "start_training" and cloud:
            match = re.search(r"ml\.[a-z0-9]+\.[a-z0-9]+", text)
            count = re.search(r"(\d+)\s*(?:대|개|x|instances?|nodes?)", text)
            return "train_on_sagemaker", {"instance_type": match.group(0) if match else "ml.g5.12xlarge",
                                          "instance_count": int(count.group(1)) if count else 1}, None
        if intent == "deploy" and cloud:
            match = re.search(r"ml\.[a-z0-9]+\.[a-z0-9]+", text)
            return "deploy_to_sagemaker", {"instance_type": match.group(0) if match else "ml.g5.2xlarge"}, None
        if intent == "start_training":
            if any(k in normalized for k in ("tiny", "작은", "테스트", "test", "demo", "데모")):
                args["preset"] = "tiny"
            elif any(k in normalized for k in ("llama", "라마", "8b")):
                args["preset"] = "llama3-8b"
            else:
                return None, {}, ("어떤 모델로 학습할까요? 'tiny'(오프라인 데모용 작은 모델) 또는 'llama3-8b'(GPU 필요)라고 "
                                  "말씀해 주세요." if korean else
                                  "Which model should I train: 'tiny' (offline demo stand-in) or 'llama3-8b' (needs a GPU)?")
        if intent == "summarize":
            return None, {}, ("요약할 기사를 '요약: ' 뒤에 붙여 넣거나 기사 입력 칸을 사용해 주세요." if korean else
                              "Paste the article after 'summarize: ' or use the article box.")
        if intent in {"stop_job", "job_status"}:
            ids = re.findall(r"train-\d{8}-\d{6}-[0-9a-f]{4}", text)
            if ids:
                args["job_id"] = ids[0]
        if intent == "teardown":
            ids = re.findall(r"[a-z][a-z-]*-\d{8}-\d{6}-[0-9a-f]{4}", text)
            args["ids"] = ids or None
            args["include_s3"] = any(k in normalized for k in ("s3", "버킷", "bucket", "아티팩트", "artifact"))
        return intent, args, None

    def _intent(self, normalized: str, words: list[str]) -> str | None:
        for intent, keys in self.INTENTS.items():
            if any(k in normalized for k in keys):
                return intent
        vocabulary = {k: intent for intent, keys in self.INTENTS.items() for k in keys}
        for word in words:
            match = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.8)
            if match:
                return vocabulary[match[0]]
        return None

    @staticmethod
    def help_text(korean: bool) -> str:
        if korean:
            return ("할 수 있는 일: 데이터 준비(\"샘플 데이터 준비해줘\"), 학습(\"tiny 모델로 학습 시작해줘\"), "
                    "진행 상태(\"학습 상태 알려줘\"), 배포(\"로컬에 배포해줘\"), SageMaker 학습·배포(\"세이지메이커에서 학습해줘\"), 기사 요약(기사를 붙여 넣기), "
                    "리소스 확인(\"리소스 보여줘\"), 정리(\"리소스 정리해줘\").")
        return ("I can: prepare data (\"prepare the sample data\"), train (\"start training with tiny\"), show progress "
                "(\"training status\"), deploy (\"deploy locally\"), SageMaker (\"train on SageMaker\"), summarize (paste an article), list resources "
                "(\"show resources\") and clean up (\"clean up resources\").")

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
            tool, args, answer = self.route(text)
            available = {t["function"]["name"] for t in self.tools}
            if tool and tool in available:
                reply = AIMessage(content="", tool_calls=[{"name": tool, "args": args,
                                                           "id": f"call_{uuid.uuid4().hex[:12]}"}])
            else:
                reply = AIMessage(content=answer or self.help_text(True))
        return ChatResult(generations=[ChatGeneration(message=reply)])
