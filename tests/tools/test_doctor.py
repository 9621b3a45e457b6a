"""`doctor`: what an AWS set-up lacks for the planned work, found without creating anything."""
from __future__ import annotations

import boto3

from tests.conftest import run_cli


def _writes(stand_in) -> list[str]:
    return [a for a, _ in stand_in.raw_requests if a.startswith(("Create", "s3:Put", "secretsmanager:Create"))]


def test_a_ready_account(aws) -> None:
    aws.behaviour["quotas"] = {"ml.g5.12xlarge for training job usage": 2, "ml.g5.2xlarge for endpoint usage": 1}
    done = run_cli("doctor", "--instance-count", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ok   region: us-east-1" and lines[-1] == "Ready for SageMaker (nothing was created)."
    assert "ok   execution role: arn:aws:iam::123456789012:role/KosumSageMaker: trusted by SageMaker" in done.stdout
    assert "ok   bucket: sagemaker-us-east-1-123456789012 does not exist yet: created on first use" in done.stdout
    assert "ok   quota 'ml.g5.12xlarge for training job usage': 2 (needs 2)" in done.stdout
    assert _writes(aws) == [] and boto3.client("s3").list_buckets()["Buckets"] == []


def test_what_is_missing_is_named_with_the_fix(aws, monkeypatch) -> None:
    aws.behaviour["denied_actions"] = ["secretsmanager:GetSecretValue"]
    monkeypatch.setenv("KOSUM_S3_BUCKET", "kosum-missing-bucket")
    done = run_cli("doctor", "--training-instance-type", "ml.p4d.24xlarge", "--json")
    assert done.returncode == 1
    import json

    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["execution role"]["ok"] is False and "denied secretsmanager:GetSecretValue" in checks[
        "execution role"]["detail"] and "secret:kosum/*" in checks["execution role"]["fix"]
    assert checks["bucket"]["ok"] is False and checks["bucket"]["detail"] == "S3 bucket kosum-missing-bucket does not exist"
    assert checks["bucket"]["fix"].startswith("create it (aws s3 mb s3://kosum-missing-bucket)")
    quota = checks["quota 'ml.p4d.24xlarge for training job usage'"]
    assert quota["ok"] is False and quota["detail"] == "0 (needs 1)" and "Service Quotas" in quota["fix"]
    monkeypatch.delenv("KOSUM_SAGEMAKER_ROLE_ARN")
    unset = run_cli("doctor")
    assert unset.returncode == 1 and "FAIL execution role: no SageMaker execution role configured" in unset.stdout
    assert "fix: set KOSUM_SAGEMAKER_ROLE_ARN" in unset.stdout
    assert _writes(aws) == []
