"""Crashes and secrets: the app killed in the middle of a SageMaker deployment, a local server that dies, and a
full offline run grepped for every secret it was given."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3

from tests.conftest import ROOT, agent_turn, run_cli

ARTICLE = "서울시가 내년부터 공공자전거 3천 대를 추가로 도입한다고 밝혔다. 시는 대여소 40곳도 새로 만든다."
SECRETS = {"HF_TOKEN": "hf_kosumSecretToken0987654321",
           "AWS_ACCESS_KEY_ID": "AKIAKOSUMSECRET00001",
           "AWS_SECRET_ACCESS_KEY": "kosum/Secret+Access+Key/0987654321abcdef"}


def _aws_leftovers(stand_in) -> dict[str, list[str]]:
    sagemaker = boto3.client("sagemaker")
    return {"components": sorted(stand_in.components),
            "endpoints": [e["EndpointName"] for e in sagemaker.list_endpoints()["Endpoints"]],
            "configs": [c["EndpointConfigName"] for c in sagemaker.list_endpoint_configs()["EndpointConfigs"]],
            "models": [m["ModelName"] for m in sagemaker.list_models()["Models"]]}


def test_app_killed_during_deployment_then_restarted(aws, tiny_base: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    aws.behaviour["ic_polls"] = 10**9  # the inference component never leaves Creating: the deploy is mid-way
    deploying = subprocess.Popen([sys.executable, "-m", "assistant", "deploy", "--target", "sagemaker", "--model",
                                  str(tiny_base), "--instance-type", "ml.g5.2xlarge", "--yes"], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while not aws.components and time.time() < deadline and deploying.poll() is None:
        time.sleep(0.2)
    assert aws.components, "the deployment never reached the inference component"
    os.killpg(deploying.pid, signal.SIGKILL)  # no clean-up code runs
    deploying.wait()
    component = next(iter(aws.components.values()))
    aws.behaviour["ic_polls"] = component.polls + 20  # still Creating for a while, then in service, as on SageMaker
    left = _aws_leftovers(aws)
    assert all(left.values()), left

    listed = agent_turn("after-crash", "리소스 보여줘")  # the app, started again, sees what the dead one made
    shown = " ".join(e.get("tool_result", "") for e in listed["events"])
    for name in (left["components"][0], left["endpoints"][0], left["configs"][0], left["models"][0]):
        assert name in shown, (name, shown)
    asked = agent_turn("after-crash", "S3까지 리소스 전부 정리해줘")
    assert asked["pending"] and left["components"][0] in asked["pending"]
    done = agent_turn("after-crash", decision="approve")
    assert done["pending"] is None
    assert _aws_leftovers(aws) == {"components": [], "endpoints": [], "configs": [], "models": []}
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []


def test_local_server_crash_is_detected_and_redeploy_recovers(tiny_base: Path) -> None:
    first = run_cli("deploy", "--target", "local", "--model", str(tiny_base), "--engine", "transformers", "--json")
    assert first.returncode == 0, first.stderr
    server = json.loads(first.stdout)
    try:
        record = json.loads(run_cli("resources", "--json").stdout)["resources"][0]
        os.killpg(record["details"]["pid"], signal.SIGKILL)
        failed = run_cli("summarize", "--text", ARTICLE, "--max-tokens", "4")
        assert failed.returncode == 1 and "redeploy" in failed.stderr and "Traceback" not in failed.stderr
        from tools.state import open_store

        dead = open_store().get(server["id"])  # recorded as failed with its log; no longer listed as running
        assert dead.status == "failed" and dead.details["log_tail"]
        assert server["id"] not in run_cli("resources").stdout
        again = run_cli("deploy", "--target", "local", "--model", str(tiny_base), "--engine", "transformers", "--json")
        assert again.returncode == 0, again.stderr
        answered = run_cli("summarize", "--text", ARTICLE, "--max-tokens", "4", "--json")
        assert answered.returncode == 0 and json.loads(answered.stdout)["target"] == json.loads(again.stdout)["id"]
    finally:
        run_cli("teardown", "--all", "--yes")
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []


def test_no_secret_in_anything_written(aws, tiny_base: Path, prepared_sample: Path, kosum_env: Path,
                                       monkeypatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    outputs: list[str] = []

    def cli(*args: str) -> dict:
        done = run_cli(*args, "--json")
        outputs.append(done.stdout + done.stderr)
        assert done.returncode == 0, (args, done.stderr)
        return json.loads(done.stdout)

    cli("data", "prepare", "--source", "sample", "--tokenizer", "tiny")
    config = kosum_env / "tiny-save-every-step.yaml"  # two steps, each saved: a checkpoint without a long run
    config.write_text((ROOT / "training" / "configs" / "tiny.yaml").read_text().replace("save_steps: 10",
                                                                                       "save_steps: 1"))
    cli("train", "--preset", "tiny", "--config", str(config), "--data", str(prepared_sample), "--max-steps", "2",
        "--follow")
    cli("deploy", "--target", "local", "--engine", "transformers")
    cli("summarize", "--text", ARTICLE, "--max-tokens", "6")
    cli("eval", "--data", str(prepared_sample), "--limit", "2", "--max-tokens", "4")
    cli("train", "--backend", "sagemaker", "--preset", "tiny", "--instance-type", "ml.g5.2xlarge",
        "--data", str(prepared_sample), "--max-steps", "3", "--yes")
    cli("jobs")
    cli("deploy", "--target", "sagemaker", "--model", str(tiny_base), "--instance-type", "ml.g5.2xlarge", "--yes")
    cli("resources")
    turn = agent_turn("secrets", "리소스 보여줘")
    outputs.append(json.dumps(turn, ensure_ascii=False))
    cli("teardown", "--all", "--yes", "--include-s3")

    written = [p for p in kosum_env.rglob("*") if p.is_file()]
    assert len(written) > 20 and any(p.suffix == ".sqlite3" for p in written)
    assert any(p.name == "metrics.jsonl" for p in written) and any("checkpoint" in str(p) for p in written)
    for value in SECRETS.values():
        leaks = [str(p) for p in written if value.encode() in p.read_bytes()]
        leaks += [f"output {i}" for i, text in enumerate(outputs) if value in text]
        assert not leaks, (value[:6], leaks)
    sent = next(body for action, body in aws.requests if action == "CreateTrainingJob")
    assert "HF_TOKEN" not in sent["Environment"] and sent["Environment"]["KOSUM_HF_TOKEN_SECRET"].startswith(
        "arn:aws:secretsmanager:")  # the job gets the secret's ARN; the token itself went only to Secrets Manager
    carried = [action for action, raw in aws.raw_requests if SECRETS["HF_TOKEN"].encode() in raw]
    assert carried == ["secretsmanager:CreateSecret"], carried
