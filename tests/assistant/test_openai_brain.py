"""`KOSUM_BRAIN=openai`: the agent drives a real OpenAI-compatible HTTP endpoint through langchain-openai. No LLM
runs offline, so the endpoint is scripted: it speaks the real chat-completions wire format and picks a tool by
keyword. What is tested is ours: tool schemas and system prompt sent, tool calls parsed and executed, the approval
gate, the API key sent as a bearer token and never written anywhere."""

import json
import socket
import threading
import time
from pathlib import Path

import pytest

KEY = "sk-kosum-test-key-0987654321"


class ScriptedLLM:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.authorizations: list[str] = []

    def answer(self, body: dict) -> dict:
        last = body["messages"][-1]
        message: dict = {"role": "assistant", "content": None}
        if last["role"] == "tool":
            message["content"] = f"완료했습니다. {str(last['content'])[:200]}"
        elif "정리" in last["content"]:
            message["tool_calls"] = [{"id": f"call_{len(self.requests)}", "type": "function",
                                      "function": {"name": "teardown", "arguments": json.dumps({"include_s3": True})}}]
        elif "리소스" in last["content"]:
            message["tool_calls"] = [{"id": f"call_{len(self.requests)}", "type": "function",
                                      "function": {"name": "list_resources", "arguments": "{}"}}]
        else:
            message["content"] = "무엇을 도와드릴까요?"
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        return {"id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
                "model": body["model"], "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

    def app(self):
        from fastapi import FastAPI, Request

        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def complete(request: Request):
            body = await request.json()
            self.requests.append(body)
            self.authorizations.append(request.headers.get("authorization", ""))
            return self.answer(body)

        return app


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch):
    import uvicorn

    scripted = ScriptedLLM()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(scripted.app(), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    monkeypatch.setenv("KOSUM_BRAIN", "openai")
    monkeypatch.setenv("KOSUM_OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("KOSUM_OPENAI_MODEL", "scripted")
    monkeypatch.setenv("KOSUM_OPENAI_API_KEY", KEY)
    yield scripted
    server.should_exit = True
    thread.join(timeout=10)


def test_openai_brain_uses_the_tools_and_the_gate(llm: ScriptedLLM, kosum_env: Path, tiny_base: Path,
                                                 prepared_sample: Path) -> None:
    from assistant.agent import SYSTEM, TOOLS, build_agent, chat, pending_approval
    from tests.conftest import run_cli

    started = run_cli("train", "--data", str(prepared_sample), "--base-model", str(tiny_base), "--max-steps", "500",
                      "--json")
    assert started.returncode == 0, started.stderr
    job = json.loads(started.stdout)["id"]

    agent = build_agent()
    listed = list(chat(agent, "o1", "리소스 보여줘"))
    assert [e["tool"] for e in listed if "tool" in e] == ["list_resources"]
    assert any(e.get("reply", "").startswith("완료했습니다") for e in listed), listed

    first = llm.requests[0]
    assert first["model"] == "scripted" and first["messages"][0] == {"role": "system", "content": SYSTEM}
    sent = {t["function"]["name"]: t["function"] for t in first["tools"]}
    assert set(sent) == {t.name for t in TOOLS}
    assert sent["teardown"]["parameters"]["properties"]["include_s3"]["type"] == "boolean"
    assert set(llm.authorizations) == {f"Bearer {KEY}"}

    asked = list(chat(agent, "o2", "리소스 정리해줘"))
    assert any("approval" in e for e in asked) and job in pending_approval(agent, "o2")
    calls_before = len(llm.requests)
    done = list(chat(agent, "o2", decision="approve"))
    assert pending_approval(agent, "o2") is None
    assert any(e.get("name") == "teardown" and f"Removed 1: {job}" in e["tool_result"] for e in done), done
    assert len(llm.requests) == calls_before + 1  # the tool result went back to the LLM once

    written = [p for p in kosum_env.rglob("*") if p.is_file()]
    assert written and not [p for p in written if KEY.encode() in p.read_bytes()]
