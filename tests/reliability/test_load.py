"""Load: ten chat sessions at once keep their own conversations and one consistent state store; fifty summaries in
parallel against a real local server all complete or are refused with a reason."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import run_cli

ARTICLE = "서울시가 내년부터 공공자전거 3천 대를 추가로 도입한다고 밝혔다. 시는 대여소 40곳도 새로 만든다."


def _human_messages(agent, thread: str) -> list[str]:
    state = agent.get_state({"configurable": {"thread_id": thread}})
    return [m.content for m in state.values["messages"] if m.type == "human"]


def test_ten_chat_sessions_in_parallel(kosum_env: Path, tiny_base: Path, prepared_sample: Path) -> None:
    from assistant.agent import build_agent, chat, pending_approval
    from tools.state import open_store

    running = run_cli("train", "--data", str(prepared_sample), "--base-model", str(tiny_base), "--max-steps", "2000",
                      "--json")  # something to clean up, so each "리소스 정리해줘" waits for its approval
    assert running.returncode == 0, running.stderr
    agent = build_agent()  # one agent for every session, as in the app (Gradio calls it from worker threads)
    scripts = {f"session-{i}": ["샘플 데이터 준비해줘", "작업 상태 알려줘", f"리소스 보여줘 #{i}",
                                "리소스 정리해줘" if i % 2 else "prepare sample data"] for i in range(10)}
    replies: dict[str, list[list[dict]]] = {thread: [] for thread in scripts}
    barrier = threading.Barrier(len(scripts))

    def converse(thread: str) -> None:
        barrier.wait()
        for message in scripts[thread]:
            replies[thread].append(list(chat(agent, thread, message)))

    with ThreadPoolExecutor(len(scripts)) as pool:
        list(pool.map(converse, scripts))  # re-raises the first exception of any session

    for index, (thread, script) in enumerate(scripts.items()):
        assert _human_messages(agent, thread) == script, thread  # nothing from another session leaked in
        prepared = [e for e in replies[thread][0] if e.get("name") == "prepare_data"]
        assert prepared and "Prepared" in prepared[0]["tool_result"], replies[thread][0]
        assert (pending_approval(agent, thread) is not None) == bool(index % 2), thread

    # odd sessions have a teardown waiting; a new message there cancels it instead of leaving it hanging
    odd = [t for i, t in enumerate(scripts) if i % 2]
    with ThreadPoolExecutor(len(odd)) as pool:
        later = dict(zip(odd, pool.map(lambda t: list(chat(agent, t, "작업 상태 알려줘")), odd)))
    for thread in odd:
        assert pending_approval(agent, thread) is None and {"rejected": "teardown"} in later[thread]
        assert any(e.get("name") == "job_status" for e in later[thread]), later[thread]

    store = open_store()
    datasets = store.find(kind="dataset")
    assert len(datasets) == 15  # 10 + 5 preparations, each recorded once
    with sqlite3.connect(kosum_env / "state.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    folder = Path(datasets[0].name)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, info in manifest["files"].items():  # 15 concurrent writers of one folder: every file whole
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == info["sha256"], name
    assert not list(folder.rglob("*.tmp"))
    assert run_cli("teardown", "--all", "--yes").returncode == 0


@pytest.mark.parametrize("engine", ["transformers", "kosum"])
def test_fifty_parallel_summaries(engine: str, tiny_base: Path) -> None:
    from tools.errors import KosumError
    from tools.summarize import summarize

    deployed = run_cli("deploy", "--target", "local", "--model", str(tiny_base), "--engine", engine, "--json")
    assert deployed.returncode == 0, deployed.stderr
    articles = [f"{ARTICLE} ({i}번째 기사)" for i in range(46)] + ["", "   ", "<p></p>", "a\x00b"]

    def one(text: str) -> tuple[str, str]:
        try:
            result = summarize(text=text, max_tokens=8)
            return "ok", json.dumps(result.data, ensure_ascii=False)
        except KosumError as exc:
            return type(exc).__name__, str(exc)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(50) as pool:
            outcomes = list(pool.map(one, articles))
        wall = time.perf_counter() - started
    finally:
        removed = run_cli("teardown", "--all", "--yes", "--json")
    assert [kind for kind, _ in outcomes[:46]] == ["ok"] * 46, [o for o in outcomes if o[0] != "ok"][:3]
    for _, data in outcomes[:46]:  # each reported latency is a real part of this burst, first piece before the end
        timing = json.loads(data)
        assert timing["first_token_s"] is not None and 0 < timing["first_token_s"] <= timing["seconds"] <= wall
    refused = outcomes[46:]
    assert all(kind == "UserInputError" for kind, _ in refused), refused
    assert "empty" in refused[0][1] and "binary" in refused[3][1]
    assert removed.returncode == 0 and json.loads(run_cli("resources", "--json").stdout)["resources"] == []
