"""AWS errors injected at every step of a SageMaker deployment, and a deployment that outlives its deadline: each
stops with one message, keeps the state store right, and a teardown then leaves nothing in AWS."""
from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from tests.conftest import run_cli

STEPS = [
    ("s3:PutObject", "AccessDenied", "not allowed to write the bucket"),
    ("CreateEndpointConfig", "ThrottlingException", "Rate exceeded"),
    ("CreateEndpoint", "ResourceLimitExceeded", "account-level service limit 'ml.g5.2xlarge for endpoint usage' is 0"),
    ("CreateModel", "AccessDeniedException", "not authorized to perform: iam:PassRole"),
    ("CreateInferenceComponent", "ValidationException", "Specification is not valid"),
]


def test_throttled_polls_do_not_fail_a_deployment(aws, tiny_base: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    aws.fail("DescribeEndpoint", "ThrottlingException", "Rate exceeded", times=2)
    aws.fail("DescribeInferenceComponent", "ThrottlingException", "Rate exceeded", times=3)
    deployed = _deploy(tiny_base)
    assert deployed.returncode == 0 and json.loads(deployed.stdout)["deployed"], deployed.stderr
    assert aws.faults == {"DescribeEndpoint": [], "DescribeInferenceComponent": []}  # all five were met
    assert run_cli("teardown", "--all", "--yes", "--include-s3").returncode == 0 and _leftovers(aws) == []


def _sagemaker_names(stand_in) -> list[str]:
    sagemaker = boto3.client("sagemaker")
    names = list(stand_in.components)
    names += [e["EndpointName"] for e in sagemaker.list_endpoints()["Endpoints"]]
    names += [c["EndpointConfigName"] for c in sagemaker.list_endpoint_configs()["EndpointConfigs"]]
    return names + [m["ModelName"] for m in sagemaker.list_models()["Models"]]


def _leftovers(stand_in) -> list[str]:
    s3 = boto3.client("s3")
    names = _sagemaker_names(stand_in)
    for bucket in s3.list_buckets()["Buckets"]:
        names += [o["Key"] for o in s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", [])]
    return names


def _deploy(model: Path):
    return run_cli("deploy", "--target", "sagemaker", "--model", str(model), "--instance-type", "ml.g5.2xlarge",
                   "--yes", "--json")


@pytest.mark.parametrize("action,code,message", STEPS, ids=[s[0] for s in STEPS])
def test_fault_at_each_step_then_clean_teardown(aws, tiny_base: Path, monkeypatch, action: str, code: str,
                                                message: str) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    aws.fail(action, code, message, times=10)
    failed = _deploy(tiny_base)
    assert failed.returncode == 1, failed.stdout
    assert "Traceback" not in failed.stderr and len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    listed = json.loads(run_cli("resources", "--json").stdout)["resources"]
    assert set(_sagemaker_names(aws)) <= {r["name"] for r in listed}  # everything that exists is on the list
    assert not any(r["kind"] == "inference_component" and r["status"] == "in_service" for r in listed)
    aws.faults.clear()
    removed = run_cli("teardown", "--all", "--yes", "--include-s3")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert _leftovers(aws) == [] and json.loads(run_cli("resources", "--json").stdout)["resources"] == []


def test_component_still_creating_past_the_deadline_then_teardown_leaves_nothing(
        aws, tiny_base: Path, prepared_sample: Path, monkeypatch) -> None:
    """The acceptance scenario: a submitted training job (its S3 prefix, its token secret) and a deployment whose
    component is still Creating when the deploy's deadline passes. Teardown waits for the component, then removes
    component, endpoint, config, model, job, secret and S3 in that order, never deleting the endpoint under a
    component nor a component that is still Creating."""
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    monkeypatch.setenv("HF_TOKEN", "hf_acceptance_secret_token")
    job = run_cli("train", "--backend", "sagemaker", "--preset", "tiny", "--data", str(prepared_sample),
                  "--instance-type", "ml.g5.2xlarge", "--yes", "--json")
    assert job.returncode == 0, job.stderr
    monkeypatch.setenv("KOSUM_DEPLOY_DEADLINE_SECONDS", "1")
    aws.behaviour["ic_polls"] = 60  # Creating for 60 describes: ~3 s at this poll interval, past the 1 s deadline
    failed = _deploy(tiny_base)
    assert failed.returncode == 1 and "still Creating after 1s" in failed.stderr and "teardown" in failed.stderr
    assert [c.status for c in aws.components.values()] == ["Creating"]

    aws.requests.clear()
    aws.raw_requests.clear()
    removed = run_cli("teardown", "--all", "--yes", "--include-s3")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    done = [a for a, _ in aws.raw_requests if a.startswith(("Delete", "StopTrainingJob", "secretsmanager:Delete",
                                                             "s3:DeleteObjects"))]
    assert done == ["DeleteInferenceComponent", "DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel",
                    "StopTrainingJob", "secretsmanager:DeleteSecret", "s3:DeleteObjects", "s3:DeleteObjects"]
    assert aws.component_deletes_refused == [] and aws.endpoint_deletes_refused == []
    assert _leftovers(aws) == [] and boto3.client("secretsmanager").list_secrets()["SecretList"] == []
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []
