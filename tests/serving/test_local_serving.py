"""A real local server (`transformers serve`) with the tiny model answering over HTTP on CPU; summarize; teardown."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from serving.client import GenerationSettings, chat_payload, prepare_article
from tests.conftest import run_cli
from training.errors import BadInputError
from training.prompts import SYSTEM_PROMPT, USER_PREFIX
from training.tiny_model import TINY_LABEL

ARTICLE = "<p>서울시가 내년부터 공공자전거 3천 대를 추가로 도입한다고 밝혔다.</p> 시는 대여소 40곳도 새로 만든다."


def test_article_preparation_and_request_shape() -> None:
    prepared = prepare_article(ARTICLE, 4000)
    assert prepared.text.startswith("서울시가") and "<p>" not in prepared.text and not prepared.warnings
    assert "does not look Korean" in prepare_article("The city will add bikes next year.", 4000).warnings[0]
    long = prepare_article("가" * 10_000, 4000)
    assert len(long.text) == 4000 and "cut from 10,000" in long.warnings[0]
    for bad in ("", "   \n\t", "<div></div>", "abc\x00def"):
        with pytest.raises(BadInputError):
            prepare_article(bad, 4000)
    payload = chat_payload(prepared.text, GenerationSettings(), "m")
    assert payload["messages"] == [{"role": "system", "content": SYSTEM_PROMPT},
                                   {"role": "user", "content": USER_PREFIX + prepared.text}]
    assert (payload["temperature"], payload["top_p"], payload["max_tokens"], payload["stream"]) == (0.6, 0.9, 512, True)


def test_deploy_summarize_evaluate_teardown(tmp_path: Path, tiny_base: Path, prepared_sample: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    deployed = run_cli("deploy", "--target", "local", "--model", str(tiny_base), "--engine", "transformers", "--json")
    assert deployed.returncode == 0, deployed.stderr
    server = json.loads(deployed.stdout)
    try:
        import httpx

        assert httpx.get(f"{server['url']}/health", timeout=5).status_code == 200
        started = time.perf_counter()
        summary = run_cli("summarize", "--file", str(article), "--max-tokens", "48", "--json")
        wall = time.perf_counter() - started
        assert summary.returncode == 0, summary.stderr
        data = json.loads(summary.stdout)
        assert data["summary"] and data["model_label"].startswith("tiny stand-in")
        assert "\ufffd" not in data["summary"]  # random weights emit byte sequences that never form a character
        assert 0 < data["first_token_s"] <= data["seconds"] < wall  # timed inside the CLI call, first piece first
        evaluated = run_cli("eval", "--data", str(prepared_sample), "--limit", "2", "--max-tokens", "8", "--json")
        assert evaluated.returncode == 0, evaluated.stderr
        systems = json.loads(evaluated.stdout)["report"]["systems"]
        deployed_label = f"deployed {TINY_LABEL}"
        assert {"lead-3 baseline", deployed_label} == set(systems)
        assert systems[deployed_label]["records"] == 2
        empty = run_cli("summarize", "--text", "   ")
        assert empty.returncode == 2 and "empty" in empty.stderr
        listed = json.loads(run_cli("resources", "--json").stdout)
        assert [r["id"] for r in listed["resources"]] == [server["id"]]
        refused = run_cli("teardown", "--all")  # no terminal, no --yes: nothing happens
        assert refused.returncode == 1 and "Nothing was removed" in refused.stdout
    finally:
        removed = run_cli("teardown", "--all", "--yes", "--json")
    assert removed.returncode == 0 and json.loads(removed.stdout)["removed"] == [server["id"]]
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []
    from training.processes import is_running

    assert not is_running(server["pid"], server["create_time"])


def test_deploy_and_summarize_bad_input(tmp_path: Path) -> None:
    result = run_cli("deploy", "--model", str(tmp_path))
    assert result.returncode == 2 and "not a model folder" in result.stderr
    result = run_cli("summarize", "--text", "기사")
    assert result.returncode == 2 and "nothing is deployed" in result.stderr
    result = run_cli("teardown")
    assert result.returncode == 2
