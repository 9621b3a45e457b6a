"""The approval gate fails closed. One test per gated action (SageMaker training, SageMaker deployment, teardown,
teardown with S3): the card shows the plan and its cost, Reject creates and deletes nothing, Approve does exactly the
plan. Planning failures (once, persistent, a missing role) create and run nothing; a plan that changed after the card
runs nothing; a gated tool that reaches no gate refuses."""
from __future__ import annotations

import json
import re
from pathlib import Path

import boto3
import pytest

from tests.conftest import run_cli


@pytest.fixture
def agent(aws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from assistant.agent import build_agent

    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    monkeypatch.setenv("KOSUM_PLAN_BACKOFF_SECONDS", "0.01")
    monkeypatch.setenv("HF_TOKEN", "hf_gate_test_token_value")
    config = tmp_path / "sagemaker-sdk.yaml"  # the SDK's telemetry opt-out, isolated per test
    config.write_text("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n      TelemetryOptOut: true\n")
    monkeypatch.setenv("SAGEMAKER_USER_CONFIG_OVERRIDE", str(config))
    return build_agent()


def _turn(agent, thread: str, message: str | None = None, decision: str | None = None) -> dict:
    from assistant.agent import chat, pending_approval

    events = list(chat(agent, thread, message, decision))
    said = "\n".join(e.get("tool_result", "") or e.get("reply", "") for e in events)
    return {"events": events, "pending": pending_approval(agent, thread), "said": said,
            "answered": [e["name"] for e in events if "tool_result" in e]}


def _calls(aws, prefix: str) -> list[str]:
    return [action for action, _ in aws.requests if action.startswith(prefix)]


def _bucket_objects() -> int:
    account = boto3.client("sts").get_caller_identity()["Account"]
    try:
        return boto3.client("s3").list_objects_v2(Bucket=f"sagemaker-us-east-1-{account}").get("KeyCount", 0)
    except Exception:
        return 0


def _trained_model(tiny_base: Path) -> None:
    """A completed local training run whose merged model the deployment picks up."""
    from tools.state import open_store

    open_store().add("training_job", "train-gate", "local", "completed", record_id="train-20261128-000000-9a7e",
                     details={"merged_dir": str(tiny_base)})


def _deploy_by_cli(tiny_base: Path) -> dict:
    done = run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base), "--yes", "--json",
                   env={"KOSUM_POLL_SECONDS": "0.05"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sagemaker_deployment_asks_with_its_plan_and_does_exactly_it(agent, aws, tiny_base: Path) -> None:
    _trained_model(tiny_base)
    asked = _turn(agent, "deploy-1", "세이지메이커에 ml.g5.2xlarge로 배포해줘")
    card = asked["pending"]
    assert card and "ml.g5.2xlarge" in card and "USD/hour" in card and "inference component" in card, asked
    assert asked["answered"] == [] and _calls(aws, "Create") == [] and _bucket_objects() == 0

    rejected = _turn(agent, "deploy-1", decision="reject")
    assert rejected["pending"] is None and {"rejected": "deploy_to_sagemaker"} in rejected["events"]
    assert _calls(aws, "Create") == [] and _bucket_objects() == 0

    card = _turn(agent, "deploy-2", "세이지메이커에 ml.g5.2xlarge로 배포해줘")["pending"]
    planned = re.search(r"inference component (\S+) on", card).group(1)
    approved = _turn(agent, "deploy-2", decision="approve")
    assert approved["pending"] is None and "In service" in approved["said"], approved
    assert _calls(aws, "Create") == ["CreateEndpointConfig", "CreateEndpoint", "CreateModel",
                                     "CreateInferenceComponent"]
    created = next(body for action, body in aws.requests if action == "CreateInferenceComponent")
    assert created["InferenceComponentName"] == planned  # the names on the card are the names created
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0


def test_sagemaker_training_asks_with_its_plan_and_submits_exactly_it(agent, aws) -> None:
    assert run_cli("data", "prepare", "--source", "sample").returncode == 0
    asked = _turn(agent, "train-1", "SageMaker에서 ml.g5.12xlarge 2대로 학습해줘")
    card = asked["pending"]
    assert card and "instances: 2 x ml.g5.12xlarge" in card and "USD/hour" in card, asked
    assert "hf_gate_test_token_value" not in card
    assert _turn(agent, "train-1", decision="reject")["pending"] is None
    assert _calls(aws, "CreateTrainingJob") == [] and _bucket_objects() == 0

    card = _turn(agent, "train-2", "SageMaker에서 ml.g5.12xlarge 2대로 학습해줘")["pending"]
    planned = re.search(r"SageMaker training job (\S+) in", card).group(1)
    approved = _turn(agent, "train-2", decision="approve")
    assert approved["pending"] is None and "Submitted" in approved["said"], approved
    jobs = [body for action, body in aws.requests if action == "CreateTrainingJob"]
    assert len(jobs) == 1 and jobs[0]["TrainingJobName"].startswith(planned)
    assert jobs[0]["ResourceConfig"]["InstanceCount"] == 2
    assert jobs[0]["ResourceConfig"]["InstanceType"] == "ml.g5.12xlarge"
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0


def test_teardown_and_teardown_with_s3_ask_and_remove_exactly_the_plan(agent, aws, tiny_base: Path) -> None:
    deployed = _deploy_by_cli(tiny_base)
    aws.requests.clear()
    card = _turn(agent, "tear-1", "리소스 정리해줘")["pending"]
    assert card and deployed["component"] in card and deployed["endpoint"] in card and "USD/h" in card
    assert "every object under s3://" not in card  # S3 only when asked for
    assert _turn(agent, "tear-1", decision="reject")["pending"] is None
    assert _calls(aws, "Delete") == []

    asked = _turn(agent, "tear-2", "리소스 정리해줘")
    assert asked["pending"] and [e["tool"] for e in asked["events"] if "tool" in e] == ["teardown"]
    approved = _turn(agent, "tear-2", decision="approve")
    assert "Removed 4" in approved["said"], approved
    assert [e for e in approved["events"] if "tool" in e] == []  # its step box came with the card: one per call
    assert _calls(aws, "Delete") == ["DeleteInferenceComponent", "DeleteEndpoint", "DeleteEndpointConfig",
                                     "DeleteModel"]
    assert _bucket_objects() > 0  # the uploaded model stays: S3 was not part of the plan

    card = _turn(agent, "tear-3", "S3까지 전부 정리해줘")["pending"]
    assert card and "delete every object under s3://" in card
    assert _turn(agent, "tear-3", decision="reject")["pending"] is None and _bucket_objects() > 0
    assert _turn(agent, "tear-4", "S3까지 전부 정리해줘")["pending"]
    assert "Removed 1" in _turn(agent, "tear-4", decision="approve")["said"]
    assert _bucket_objects() == 0
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []


def test_a_plan_that_changed_after_the_card_runs_nothing(agent, aws, tiny_base: Path) -> None:
    first = _deploy_by_cli(tiny_base)
    card = _turn(agent, "changed", "리소스 정리해줘")["pending"]
    assert first["component"] in card
    second = _deploy_by_cli(tiny_base)  # a new deployment appears before the user presses Approve
    aws.requests.clear()
    approved = _turn(agent, "changed", decision="approve")
    assert "plan changed" in approved["said"] and approved["pending"] is None, approved
    assert _calls(aws, "Delete") == []
    assert second["component"] not in card
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0


def test_one_throttled_plan_is_retried_and_shown_nothing_created(agent, aws, tiny_base: Path) -> None:
    _trained_model(tiny_base)
    aws.fail("sts:GetCallerIdentity", "Throttling", "Rate exceeded")  # planning reads the account for the bucket
    asked = _turn(agent, "once", "세이지메이커에 배포해줘")
    assert asked["pending"] and "inference component" in asked["pending"], asked
    assert "Rate exceeded" in asked["pending"]  # the card says the plan needed a retry, and why
    assert _calls(aws, "Create") == [] and _bucket_objects() == 0 and asked["answered"] == []
    assert _turn(agent, "once", decision="reject")["pending"] is None
    assert _calls(aws, "Create") == []


def test_persistent_planning_failures_answer_with_the_reason_and_run_nothing(agent, aws, tiny_base: Path,
                                                                             monkeypatch) -> None:
    _trained_model(tiny_base)
    aws.fail("sts:GetCallerIdentity", "Throttling", "Rate exceeded", times=20)
    told = _turn(agent, "always", "세이지메이커에 배포해줘")
    assert told["pending"] is None
    assert "throttling" in told["said"].lower() and "Rate exceeded" in told["said"], told
    assert _calls(aws, "Create") == [] and told["answered"] == ["deploy_to_sagemaker"]  # the reason, as its answer
    aws.faults.clear()

    assert run_cli("data", "prepare", "--source", "sample").returncode == 0
    monkeypatch.delenv("KOSUM_SAGEMAKER_ROLE_ARN")
    for thread, message in (("role-1", "세이지메이커에 배포해줘"), ("role-2", "SageMaker에서 ml.g5.12xlarge 2대로 학습해줘")):
        told = _turn(agent, thread, message)
        assert told["pending"] is None and "no SageMaker execution role configured" in told["said"], told
    assert _calls(aws, "Create") == []


def test_a_gated_tool_that_reaches_no_gate_refuses(aws, tiny_base: Path, monkeypatch) -> None:
    """Defence in depth: even with the gate taken out of the agent, the tools act only on an approved plan."""
    from assistant import agent as agent_module

    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    deployed = _deploy_by_cli(tiny_base)
    monkeypatch.setattr(agent_module, "gated_actions", lambda: {})
    aws.requests.clear()
    told = _turn(agent_module.build_agent(), "ungated", "리소스 정리해줘")
    assert told["pending"] is None and "needs your approval" in told["said"], told
    assert _calls(aws, "Delete") == []
    assert deployed["component"] in run_cli("resources").stdout
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0
