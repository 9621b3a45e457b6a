"""The KoSum engine (`serving/engine/`) on CPU with the tiny model: continuous batching gives exactly what
`generate` gives, stops and limits hold, and its HTTP front serves the product's summarize path."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def tiny(tiny_base: Path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    return AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32), AutoTokenizer.from_pretrained(tiny_base)


def recorded_offsets(engine) -> list[int]:
    """The `offset` of every prompt block the runner computes, in order (appended to as the engine runs)."""
    offsets: list[int] = []
    forward = engine.runner.forward_prompts

    def recording(prompts, offset, *rest):
        offsets.append(offset)
        return forward(prompts, offset, *rest)

    engine.runner.forward_prompts = recording
    return offsets


class Collector:
    def __init__(self, count: int) -> None:
        self.tokens: dict[int, list[int]] = {i: [] for i in range(count)}
        self.finish: dict[int, str] = {}
        self.done = threading.Event()
        self.count = count

    def emit_for(self, index: int):
        def emit(token, finish):
            if token is not None:
                self.tokens[index].append(token)
            else:
                self.finish[index] = finish
                if len(self.finish) == self.count:
                    self.done.set()
        return emit


def greedy_reference(model, prompt: list[int], new_tokens: int) -> list[int]:
    import torch

    ids = torch.tensor([prompt])  # the mask given: a prompt may hold the pad id, which would be masked otherwise
    out = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens, do_sample=False,
                         eos_token_id=None, pad_token_id=0)
    return out[0, len(prompt):].tolist()


def test_continuous_batching_matches_generate(tiny) -> None:
    from serving.engine import Engine, Request, SamplingParams

    model, tokenizer = tiny
    prompts = [tokenizer("서울시 교통 정책 발표 " * n)["input_ids"] for n in (3, 9, 1, 14, 5, 2)]
    budgets = [12, 12, 3, 12, 7, 12]
    engine = Engine(model, [], slots=3, max_len=256)
    collector = Collector(len(prompts))
    engine.start()
    try:
        for index, prompt in enumerate(prompts):  # 6 requests, 3 slots: slots are reused and compacted
            engine.submit(Request(prompt, SamplingParams(budgets[index], 0.0, 1.0), collector.emit_for(index)))
        assert collector.done.wait(120)
    finally:
        engine.stop()
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(model, prompt, budgets[index]), index
        assert collector.finish[index] == "length"
    assert engine.active == [] and engine.error is None


def test_shared_prompt_start_is_computed_once_and_reused(tiny) -> None:
    from serving.engine import Engine, Request, SamplingParams

    model, tokenizer = tiny
    system = tokenizer("다음 기사를 한국어로 세 문장 이내로 요약하세요. 핵심 목표와 결과를 강조하세요. ")["input_ids"]
    articles = ["서울시 교통 정책 발표", "부산 항만 물동량 증가 " * 3, "대전 과학 축제 개막", "광주 비엔날레 개최 " * 2,
                "제주 관광객 증가"]
    prompts = [system + tokenizer(a)["input_ids"] for a in articles]
    engine = Engine(model, [], slots=3, max_len=256)
    offsets = recorded_offsets(engine)
    collector = Collector(len(prompts))
    for index, prompt in enumerate(prompts[:3]):  # one batch: its common start is computed once, then reused
        engine.submit(Request(prompt, SamplingParams(8, 0.0, 1.0), collector.emit_for(index)))
    engine.step()
    assert offsets == [0, len(system)]
    for index, prompt in enumerate(prompts[3:], start=3):  # later arrivals reuse the cached start
        engine.submit(Request(prompt, SamplingParams(8, 0.0, 1.0), collector.emit_for(index)))
    engine.start()
    try:
        assert collector.done.wait(120)
    finally:
        engine.stop()
    assert offsets[2:] and all(offset == len(system) for offset in offsets[2:])
    for index, prompt in enumerate(prompts):
        assert collector.tokens[index] == greedy_reference(model, prompt, 8), index


def test_stops_limits_and_cancellation(tiny) -> None:
    from serving.engine import Engine, Request, SamplingParams

    model, tokenizer = tiny
    prompt = tokenizer("부산 항만 물동량 증가 " * 4)["input_ids"]
    expected = greedy_reference(model, prompt, 6)
    stop_token = expected[3]
    engine = Engine(model, [stop_token], slots=2, max_len=len(prompt) + 4)
    collector = Collector(3)
    engine.submit(Request(prompt, SamplingParams(50, 0.0, 1.0), collector.emit_for(0)))      # EOS (stop) or the length limit
    engine.submit(Request(prompt, SamplingParams(6, 0.7, 1e-9), collector.emit_for(1)))      # nucleus of one token: greedy
    cancelled = Request(prompt, SamplingParams(6, 0.0, 1.0), collector.emit_for(2))
    cancelled.cancelled = True
    engine.submit(cancelled)
    with pytest.raises(ValueError, match="limit"):
        engine.submit(Request(list(range(3, 3 + len(prompt) + 4)), SamplingParams(5), collector.emit_for(9)))
    engine.start()
    try:
        assert collector.done.wait(60)
    finally:
        engine.stop()
    first_stop = expected.index(stop_token)
    assert collector.tokens[0] == expected[:first_stop] and collector.finish[0] == "stop"
    assert collector.tokens[1] == expected[:first_stop] and collector.finish[1] == "stop"
    assert collector.finish[2] == "cancelled" and collector.tokens[2] == []


def test_unsupported_model_is_refused(tiny) -> None:
    from serving.engine import Engine, UnsupportedModelError

    model, _ = tiny
    model.config.model_type = "gpt2"
    try:
        with pytest.raises(UnsupportedModelError, match="--engine transformers"):
            Engine(model, [], slots=1, max_len=32)
    finally:
        model.config.model_type = "llama"


def test_http_front_through_the_cli(tmp_path: Path, tiny_base: Path) -> None:
    import httpx

    deployed = run_cli("deploy", "--target", "local", "--model", str(tiny_base), "--engine", "kosum", "--json")
    assert deployed.returncode == 0, deployed.stderr
    server = json.loads(deployed.stdout)
    try:
        assert server["engine"] == "kosum"
        health = httpx.get(f"{server['url']}/health", timeout=5).json()
        assert health["status"] == "ok" and health["slots"] >= 1 and health["lookup_k"] >= 1
        assert len(health["warm_up"]["prefill_paths"]) == 6  # every prefill path ran before "healthy"
        article = tmp_path / "a.txt"
        article.write_text("서울시가 내년부터 공공자전거 3천 대를 추가로 도입한다고 밝혔다.", encoding="utf-8")
        summary = run_cli("summarize", "--file", str(article), "--max-tokens", "10", "--json")
        assert summary.returncode == 0, summary.stderr
        assert json.loads(summary.stdout)["summary"]
        answer = httpx.post(f"{server['url']}/v1/chat/completions", timeout=60, json={
            "messages": [{"role": "user", "content": "안녕"}], "max_tokens": 5, "temperature": 0}).json()
        assert answer["usage"]["completion_tokens"] <= 5 and answer["choices"][0]["finish_reason"] in {"stop", "length"}
        request = {"messages": [{"role": "user", "content": "부산 항만 물동량 증가 " * 30}], "max_tokens": 24,
                   "temperature": 0}
        whole = httpx.post(f"{server['url']}/v1/chat/completions", json=request, timeout=60).json()
        with httpx.stream("POST", f"{server['url']}/v1/chat/completions", json={**request, "stream": True},
                          timeout=60) as streamed:
            events = [line[5:].strip() for line in streamed.iter_lines() if line.startswith("data:")]
        assert events[-1] == "[DONE]"
        chunks = [json.loads(event) for event in events[:-1]]  # every event is one well-formed JSON chunk
        text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
        assert text == whole["choices"][0]["message"]["content"]  # (random tokens: not always valid UTF-8)
        assert chunks[-1]["usage"] == whole["usage"]
        user = [{"role": "user", "content": "x"}]
        for bad, param in (({"messages": "x"}, "messages"), ({"messages": []}, "messages"),
                           ({"messages": user, "top_p": 0}, "top_p"), ({"messages": user, "max_tokens": 0}, "max_tokens"),
                           ({"messages": user, "temperature": "hot"}, "temperature"),
                           ({"messages": [{"role": "robot", "content": "x"}]}, "messages.0.role"),
                           ({"messages": [{"role": "user", "content": "가" * 20_000}]}, "messages")):
            refused = httpx.post(f"{server['url']}/v1/chat/completions", json=bad, timeout=30)
            error = refused.json()["error"]
            assert refused.status_code == 400 and error["type"] == "invalid_request_error", bad
            assert error["param"] == param and error["message"], (bad, error)
        not_json = httpx.post(f"{server['url']}/v1/chat/completions", content=b"{", timeout=30,
                              headers={"content-type": "application/json"})
        assert not_json.status_code == 400 and not_json.json()["error"]["message"]
    finally:
        removed = run_cli("teardown", "--all", "--yes", "--json")
    assert removed.returncode == 0 and json.loads(removed.stdout)["removed"] == [server["id"]]


def test_a_failing_step_ends_every_request_and_refuses_new_ones(tiny) -> None:
    from serving.engine import Engine, Request, SamplingParams

    model, tokenizer = tiny
    prompt = tokenizer("대전 과학 축제 개막 " * 3)["input_ids"]
    collector = Collector(2)

    def broken(token, finish):
        if token is not None:
            raise RuntimeError("client callback broke")
        collector.emit_for(0)(token, finish)

    engine = Engine(model, [], slots=2, max_len=128)
    engine.submit(Request(prompt, SamplingParams(5, 0.0, 1.0), collector.emit_for(1)))
    engine.submit(Request(prompt, SamplingParams(5, 0.0, 1.0), broken))
    engine.start()
    try:
        assert collector.done.wait(60)
    finally:
        engine.stop()
    assert collector.finish == {0: "error", 1: "error"} and "client callback broke" in str(engine.error)
    with pytest.raises(RuntimeError, match="engine stopped"):
        engine.submit(Request(prompt, SamplingParams(5, 0.0, 1.0), collector.emit_for(1)))


def engine_process(server):
    import psutil

    children = psutil.Process(server.handle.pid).children()
    assert len(children) >= 1
    return next(c for c in children if "resource_tracker" not in " ".join(c.cmdline()))


def test_engine_process_death_is_reported_and_the_front_death_frees_the_engine(tmp_path: Path, tiny_base: Path) -> None:
    """The engine runs in its own process (the GPU's owner): if it dies, the front says so (503) instead of
    hanging; if the front dies, even by SIGKILL, the engine exits by itself instead of holding the GPU."""
    import os
    import signal
    import time

    import httpx
    import psutil

    from serving import local_server

    request = {"messages": [{"role": "user", "content": "안녕"}], "max_tokens": 5}
    server = local_server.start(tiny_base, tmp_path / "a.log", engine="kosum")
    try:
        local_server.wait_healthy(server.url, server.handle.pid, server.handle.create_time, timeout_s=120)
        engine_process(server).kill()
        for _ in range(50):
            health = httpx.get(f"{server.url}/health", timeout=5)
            if health.status_code == 503:
                break
            time.sleep(0.1)
        assert health.status_code == 503 and "exited" in health.json()["error"]
        refused = httpx.post(f"{server.url}/v1/chat/completions", json=request, timeout=30)
        assert refused.status_code == 503 and "engine stopped" in refused.json()["error"]["message"]
    finally:
        local_server.stop(server.handle.pid, server.handle.create_time)

    server = local_server.start(tiny_base, tmp_path / "b.log", engine="kosum")
    try:
        local_server.wait_healthy(server.url, server.handle.pid, server.handle.create_time, timeout_s=120)
        engine = engine_process(server)
        assert httpx.post(f"{server.url}/v1/chat/completions", json=request, timeout=60).status_code == 200
        os.kill(server.handle.pid, signal.SIGKILL)
        engine.wait(timeout=30)
        assert not engine.is_running() or engine.status() == psutil.STATUS_ZOMBIE
    finally:
        local_server.stop(server.handle.pid, server.handle.create_time)
