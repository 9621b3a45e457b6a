"""Bad input through the agent: whatever arguments a brain (an LLM may invent them) passes to a tool, the chat
answers in plain words with the reason; nothing raises and nothing is created."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

CASES = [  # (tool, invented arguments, the reason the reply must give)
    ("start_training", {"preset": "tiny", "max_steps": -5}, "Input error: max_steps: Input should be greater than or equal to 1"),
    ("start_training", {"preset": "gpt-5"}, "Input error: unknown preset 'gpt-5' (choose llama3-8b, smol, tiny)"),
    ("start_training", {"preset": "tiny", "max_steps": "many"}, "Input error: max_steps: Input should be a valid integer"),
    ("summarize", {"text": "   "}, "Input error: the article is empty"),
    ("summarize", {"text": "가" * 200_000}, "Input error: nothing is deployed"),
    ("summarize", {}, "Input error: text: Field required"),
    ("deploy", {"model": "/no/such/model"}, "Input error: model folder /no/such/model does not exist"),
    ("job_status", {"job_id": "train-19990101-000000-dead"}, "Input error: no training job 'train-19990101-000000-dead'"),
    ("stop_job", {"job_id": "../../etc/passwd"}, "Input error: no training job '../../etc/passwd'"),
    ("prepare_data", {"source": "/no/such/data.jsonl"}, "Input error: --source /no/such/data.jsonl: no such file or folder"),
    ("evaluate", {"limit": 0}, "Input error: limit: Input should be greater than or equal to 1"),
    ("train_on_sagemaker", {"instance_type": "ml.t3.medium", "instance_count": 0},
     "Input error: instance_count: Input should be greater than or equal to 1"),
    ("deploy_to_sagemaker", {"instance_type": "p5"}, "Input error: unknown instance type 'p5'"),
]


@pytest.mark.parametrize("tool,args,reason", CASES, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(CASES)])
def test_bad_tool_arguments_get_a_plain_reply(tool: str, args: dict, reason: str, monkeypatch) -> None:
    from assistant import router
    from assistant.agent import build_agent, chat

    monkeypatch.setattr(router.OfflineRouter, "route", lambda self, text, history=(): (tool, args, None))
    events = list(chat(build_agent(), f"bad-{tool}", "do it"))
    results = [e for e in events if "tool_result" in e]
    assert results, events
    text = results[-1]["tool_result"]
    assert text.startswith(reason), text
    from assistant.messages import localize

    assert localize(text, "ko").startswith("입력 오류: ")  # what the Korean chat shows
    assert "Traceback" not in text and "Error invoking tool" not in text
    assert not any("approval" in e for e in events)
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []
