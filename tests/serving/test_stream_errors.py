"""Errors that arrive inside a summary's stream become one clear line, never "the model returned no text":
TGI's in-stream error events (HTTP 200, `data: {"error": ..., "error_type": ...}`) and botocore's EventStreamError on
the SageMaker path, and a local engine that dies mid-summary."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

ARTICLE = ("서울시는 27일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다. 시는 연료비와 인건비 상승으로 적자가 "
           "커져 요금 조정이 불가피하다고 설명했다.")


@pytest.fixture
def component(aws, monkeypatch: pytest.MonkeyPatch, tiny_base: Path) -> str:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    deployed = run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base), "--yes", "--json")
    assert deployed.returncode == 0, deployed.stderr
    yield json.loads(deployed.stdout)["component"]
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0


def _one_error_line(result) -> str:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: summarization failed: "), result.stderr
    assert "returned no text" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    return lines[0]


def test_tgi_error_event_inside_the_sagemaker_stream(aws, component: str) -> None:
    aws.behaviour["stream_error"] = {"error": "Input validation error: `inputs` tokens + `max_new_tokens` must be "
                                              "<= 4096. Given: 4000 `inputs` tokens and 512 `max_new_tokens`",
                                     "error_type": "validation"}
    line = _one_error_line(run_cli("summarize", "--target", component, "--text", ARTICLE))
    assert "validation error: Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096" in line


def test_model_stream_error_from_sagemaker(aws, component: str) -> None:
    aws.behaviour["model_stream_error"] = "CUDA error: an illegal memory access was encountered"
    line = _one_error_line(run_cli("summarize", "--target", component, "--text", ARTICLE))
    assert "model stream failed (ModelStreamError): CUDA error: an illegal memory access" in line


def test_local_engine_dying_mid_summary_is_reported(tiny_base: Path) -> None:
    """The KoSum engine process dies after the first piece arrived: its front sends the error event, the client
    raises it, the user reads why."""
    import psutil

    from tools.errors import KosumError
    from tools.summarize import summarize

    deployed = run_cli("deploy", "--target", "local", "--model", str(tiny_base), "--engine", "kosum", "--json")
    assert deployed.returncode == 0, deployed.stderr
    front = psutil.Process(json.loads(deployed.stdout)["pid"])
    engine = next(c for c in front.children() if "resource_tracker" not in " ".join(c.cmdline()))
    pieces: list[str] = []

    def kill_after_first_piece(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 1:
            engine.kill()

    try:
        with pytest.raises(KosumError) as failure:
            summarize(text=ARTICLE, max_tokens=3000, temperature=0.0, on_piece=kill_after_first_piece)
    finally:
        run_cli("teardown", "--all", "--yes")
    message = str(failure.value)
    assert pieces and message.startswith("summarization failed: the model server reported generation error: "
                                         "the engine stopped"), message
