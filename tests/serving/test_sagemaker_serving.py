"""SageMaker Inference Component deployment, streamed summaries, inventory and teardown against the offline AWS."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import boto3
import pytest

from tests.conftest import run_cli
from tests.tools.test_sagemaker_training import _validate_against_service_model

ARTICLE = ("서울시는 27일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다. 시는 연료비와 인건비 상승으로 적자가 "
           "커져 요금 조정이 불가피하다고 설명했다. 시민단체는 서민 부담이 커진다며 반발했다.")


@pytest.fixture
def fast_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")


def _deploy(model: Path, *extra: str):
    return run_cli("deploy", "--target", "sagemaker", "--model", str(model), "--instance-type", "ml.g5.2xlarge",
                   "--yes", "--json", *extra)


def _resource_kinds() -> dict[str, str]:
    listed = json.loads(run_cli("resources", "--json").stdout)
    return {r["kind"]: r["status"] for r in listed["resources"]}


def test_deploy_summarize_inventory_teardown(aws, fast_polls, tiny_base: Path) -> None:
    deployed = _deploy(tiny_base)
    assert deployed.returncode == 0, deployed.stderr
    out = json.loads(deployed.stdout)
    sm = boto3.client("sagemaker")
    component = sm.describe_inference_component(InferenceComponentName=out["component"])
    assert component["InferenceComponentStatus"] == "InService"
    assert component["Specification"]["ComputeResourceRequirements"]["NumberOfAcceleratorDevicesRequired"] == 1
    config = next(body for action, body in aws.requests if action == "CreateEndpointConfig")
    variant = config["ProductionVariants"][0]
    assert "ModelName" not in variant and variant["ManagedInstanceScaling"]["Status"] == "ENABLED"
    assert variant["RoutingConfig"] == {"RoutingStrategy": "LEAST_OUTSTANDING_REQUESTS"}
    model = next(body for action, body in aws.requests if action == "CreateModel")
    env = model["PrimaryContainer"]["Environment"]
    assert env["SM_NUM_GPUS"] == "1" and env["MESSAGES_API_ENABLED"] == "true" and env["MAX_INPUT_LENGTH"] == "2048"
    assert "tgi" in model["PrimaryContainer"]["Image"]
    order = [a for a, _ in aws.requests if a.startswith("Create")]
    assert order == ["CreateEndpointConfig", "CreateEndpoint", "CreateModel", "CreateInferenceComponent"]
    for action, body in aws.requests:
        if action.startswith("Create"):
            assert {"Key": "kosum:product", "Value": "kosum-assistant"} in body["Tags"]

    assert _resource_kinds() == {"inference_component": "in_service", "endpoint": "in_service",
                                 "endpoint_config": "created", "model": "created", "s3_prefix": "stored"}

    summary = run_cli("summarize", "--target", out["component"], "--text", ARTICLE)
    assert summary.returncode == 0, summary.stderr
    assert "서울시는 27일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다." in summary.stdout  # streamed, reassembled
    sent = next(body for action, body in aws.requests if action == "InvokeEndpointWithResponseStream")
    assert sent["temperature"] == 0.6 and sent["top_p"] == 0.9 and sent["max_tokens"] == 512
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]

    aws.requests.clear()
    removed = run_cli("teardown", "--all", "--include-s3", "--yes")
    assert removed.returncode == 0, removed.stderr + removed.stdout
    deletes = [a for a, _ in aws.requests if a.startswith("Delete")]
    assert deletes == ["DeleteInferenceComponent", "DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel"]
    assert sm.list_endpoints()["Endpoints"] == [] and sm.list_models()["Models"] == []
    assert sm.list_endpoint_configs()["EndpointConfigs"] == []
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []
    bucket = f"sagemaker-us-east-1-{boto3.client('sts').get_caller_identity()['Account']}"
    assert boto3.client("s3").list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0
    assert run_cli("teardown", "--all", "--yes").returncode == 0  # idempotent
    _validate_against_service_model(aws.requests)


def test_teardown_after_the_store_is_lost(aws, fast_polls, tiny_base: Path, kosum_env: Path) -> None:
    assert _deploy(tiny_base).returncode == 0
    (kosum_env / "state.sqlite3").unlink()  # simulated crash that lost the state store
    for suffix in ("-wal", "-shm"):
        Path(str(kosum_env / "state.sqlite3") + suffix).unlink(missing_ok=True)
    kinds = _resource_kinds()
    assert {"inference_component", "endpoint", "endpoint_config", "model"} <= set(kinds)
    assert run_cli("teardown", "--all", "--yes").returncode == 0
    sm = boto3.client("sagemaker")
    assert sm.list_endpoints()["Endpoints"] == [] and sm.list_models()["Models"] == []


def test_component_that_fails_is_reported_and_cleaned(aws, fast_polls, tiny_base: Path) -> None:
    aws.behaviour["ic_fails"] = "CUDA out of memory while loading the model"
    failed = _deploy(tiny_base)
    assert failed.returncode == 1
    assert "CUDA out of memory" in failed.stderr and "teardown" in failed.stderr
    kinds = _resource_kinds()
    assert kinds["inference_component"] == "create_failed" and kinds["endpoint"] == "in_service"
    assert run_cli("teardown", "--all", "--yes").returncode == 0
    assert boto3.client("sagemaker").list_endpoints()["Endpoints"] == []


def test_endpoint_that_fails_stops_before_the_model(aws, fast_polls, tiny_base: Path) -> None:
    aws.behaviour["endpoint_fails"] = "The primary container did not pass the ping health check"
    failed = _deploy(tiny_base)
    assert failed.returncode == 1 and "ping health check" in failed.stderr
    assert not any(a == "CreateModel" for a, _ in aws.requests)
    assert run_cli("teardown", "--all", "--yes").returncode == 0
    assert boto3.client("sagemaker").list_endpoint_configs()["EndpointConfigs"] == []


def test_throttled_deletion_is_retried(aws, fast_polls, tiny_base: Path) -> None:
    assert _deploy(tiny_base).returncode == 0
    aws.fail("DeleteEndpoint", "ThrottlingException", "Rate exceeded", times=2)
    removed = run_cli("teardown", "--all", "--yes")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert boto3.client("sagemaker").list_endpoints()["Endpoints"] == []


def test_persistent_failure_reports_exactly_what_remains(aws, fast_polls, tiny_base: Path) -> None:
    assert _deploy(tiny_base).returncode == 0
    aws.fail("DeleteEndpoint", "AccessDeniedException", "not authorized: sagemaker:DeleteEndpoint", times=10)
    removed = run_cli("teardown", "--all", "--yes")
    assert removed.returncode == 1
    assert "Still there" in removed.stdout and "endpoint" in removed.stdout and "DeleteEndpoint" in removed.stdout
    aws.faults.clear()
    assert run_cli("teardown", "--all", "--yes").returncode == 0


def test_quota_error_before_anything_bills(aws, fast_polls, tiny_base: Path) -> None:
    aws.fail("CreateEndpoint", "ResourceLimitExceeded", "account-level service limit 'ml.g5.2xlarge for endpoint usage' is 0")
    failed = _deploy(tiny_base)
    assert failed.returncode == 1 and "ml.g5.2xlarge for endpoint usage" in failed.stderr
    assert "Service Quotas" in failed.stderr


def test_plan_without_yes_creates_nothing(aws, tiny_base: Path) -> None:
    plan = run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base))
    assert plan.returncode == 1 and "1.51 USD/hour" in plan.stdout and "Nothing was created" in plan.stdout
    assert boto3.client("sagemaker").list_endpoint_configs()["EndpointConfigs"] == []
    bad = run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base), "--instance-type", "ml.g5.4xlarge")
    assert bad.returncode == 2 and "out of memory" in bad.stderr
