"""Shared fixtures: an isolated KOSUM_HOME, offline AWS settings, the bundled sample, the tiny model."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if os.environ.get("PYTEST_XDIST_WORKER"):
    # two pytest workers on two cores: one math thread each (and in the processes they start), not two fighting
    os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(autouse=True)
def kosum_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_base: Path) -> Path:
    """Every test gets its own KOSUM_HOME and never reaches the network, AWS or the hub. The tiny stand-in is
    already in it (hard links to the session's copy), as after a user's first `--preset tiny`: building it takes
    ~12 s of a CLI process, and ~40 tests' processes would each build it again."""
    home = tmp_path / "kosum-home"
    shutil.copytree(tiny_base, home / "models" / "tiny-base", copy_function=os.link)
    monkeypatch.setenv("KOSUM_HOME", str(home))
    monkeypatch.delenv("KOSUM_CONFIG", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-key")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("SAGEMAKER_VALIDATE_ROLE", "false")
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    return home


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny random Llama + tokenizer for the whole session (built in a few seconds)."""
    from training.tiny_model import build_tiny_base

    return build_tiny_base(tmp_path_factory.mktemp("tiny") / "tiny-base")


@pytest.fixture(scope="session")
def prepared_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample prepared once: `<dir>/full`, `<dir>/sample`, `<dir>/manifest.json`."""
    from training.data import prepare

    return prepare("sample", tmp_path_factory.mktemp("data") / "naver-sample").out_dir


def run_cli(*args: str, env: dict[str, str] | None = None, input_text: str | None = None,
            timeout: float = 900) -> subprocess.CompletedProcess:
    """`python -m assistant ...` in a real subprocess, as a user would run it (the timeout only catches a hang)."""
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, input=input_text, timeout=timeout)


AGENT_TURN = """
import json, sys
from assistant.agent import build_agent, chat, pending_approval
agent = build_agent()
thread, message, decision = sys.argv[1], sys.argv[2] or None, sys.argv[3] or None
events = list(chat(agent, thread, message, decision))
print(json.dumps({"events": events, "pending": pending_approval(agent, thread)}, ensure_ascii=False, default=str))
"""


def agent_turn(thread: str, message: str = "", decision: str = "") -> dict:
    """One chat turn of the app's agent in a fresh process: every turn is a restart of the app."""
    import json

    done = subprocess.run([sys.executable, "-c", AGENT_TURN, thread, message, decision], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def aws_server():
    """One moto server (+ the stand-in's SageMaker extension) for the whole session, on a real port."""
    import logging

    from tests.aws_stand_in import StandIn

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    stand_in = StandIn()
    stand_in.start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def aws(aws_server, monkeypatch: pytest.MonkeyPatch):
    """A fresh offline AWS account: empty moto state, a SageMaker execution role, env pointing at the server."""
    import json

    import boto3

    aws_server.reset()
    monkeypatch.setenv("AWS_ENDPOINT_URL", aws_server.url)
    role = boto3.client("iam", endpoint_url=aws_server.url).create_role(
        RoleName="KosumSageMaker", AssumeRolePolicyDocument=json.dumps({"Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    monkeypatch.setenv("KOSUM_SAGEMAKER_ROLE_ARN", role["Role"]["Arn"])
    return aws_server
