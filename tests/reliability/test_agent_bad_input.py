"""Bad input through the agent: whatever arguments a brain (an LLM may invent them) passes to a tool, the chat
answers in plain words with the reason; nothing raises and nothing is created."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

CASES = [
    ("start_training", {"preset": "tiny", "max_steps": -5}),
    ("start_training", {"preset": "gpt-5"}),
    ("start_training", {"preset": "tiny", "max_steps": "many"}),
    ("summarize", {"text": "   "}),
    ("summarize", {"text": "가" * 200_000}),
    ("summarize", {}),
    ("deploy", {"model": "/no/such/model"}),
    ("job_status", {"job_id": "train-19990101-000000-dead"}),
    ("stop_job", {"job_id": "../../etc/passwd"}),
    ("prepare_data", {"source": "/no/such/data.jsonl"}),
    ("evaluate", {"limit": 0}),
    ("train_on_sagemaker", {"instance_type": "ml.t3.medium", "instance_count": 0}),
    ("deploy_to_sagemaker", {"instance_type": "p5"}),
]


@pytest.mark.parametrize("tool,args", CASES, ids=[f"{t}-{i}" for i, (t, _) in enumerate(CASES)])
def test_bad_tool_arguments_get_a_plain_reply(tool: str, args: dict, monkeypatch) -> None:
    from assistant import router
    from assistant.agent import build_agent, chat

    monkeypatch.setattr(router.OfflineRouter, "route", lambda self, text: (tool, args, None))
    events = list(chat(build_agent(), f"bad-{tool}", "do it"))
    results = [e for e in events if "tool_result" in e]
    assert results, events
    text = results[-1]["tool_result"]
    assert "Traceback" not in text and ("오류" in text or "실패" in text or "error" in text.lower()), text
    assert not any("approval" in e for e in events)
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []
