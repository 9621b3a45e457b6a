"""SageMaker training against the offline AWS (moto server + stand-in): plan, dry run, submit, jobs, stop, errors."""
from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from botocore.session import get_session
from botocore.validate import ParamValidator

from tests.conftest import ROOT, run_cli

TRAIN_ARGS = ("train", "--backend", "sagemaker", "--preset", "tiny", "--instance-type", "ml.g5.12xlarge",
              "--instance-count", "2", "--max-steps", "3")


def _validate_against_service_model(requests: list[tuple[str, dict]]) -> None:
    """Every SageMaker request body the product sent is a valid input of botocore's SageMaker model."""
    model = get_session().get_service_model("sagemaker")
    for action, body in requests:
        if action in model.operation_names:
            report = ParamValidator().validate(body, model.operation_model(action).input_shape)
            assert not report.has_errors(), f"{action}: {report.generate_report()}"


def _objects(bucket: str) -> list[str]:
    s3 = boto3.client("s3")
    try:
        return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    except s3.exceptions.NoSuchBucket:
        return []


def test_dry_run_creates_nothing(aws, prepared_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_dry_run_token_value")
    result = run_cli(*TRAIN_ARGS, "--data", str(prepared_sample), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "2 x ml.g5.12xlarge" in result.stdout and "Dry run: nothing was created" in result.stdout
    assert "14.18 USD/hour" in result.stdout  # 2 x 7.09 from the shipped price table
    assert "ml.g5.12xlarge for training job usage" in result.stdout
    assert "secret: kosum/train-" in result.stdout and "secretsmanager:GetSecretValue" in result.stdout
    assert "hf_dry_run_token_value" not in result.stdout
    assert boto3.client("secretsmanager").list_secrets()["SecretList"] == []
    assert boto3.client("s3").list_buckets()["Buckets"] == []
    assert boto3.client("sagemaker").list_training_jobs()["TrainingJobSummaries"] == []
    assert json.loads(run_cli("jobs", "--json").stdout)["jobs"] == []


def test_submit_list_and_stop(aws, prepared_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_do_not_print_me_123")
    submitted = run_cli(*TRAIN_ARGS, "--data", str(prepared_sample), "--yes", "--json")
    assert submitted.returncode == 0, submitted.stderr
    out = json.loads(submitted.stdout)
    assert out["submitted"] and "hf_do_not_print_me" not in submitted.stdout + submitted.stderr

    sagemaker = boto3.client("sagemaker")
    jobs = sagemaker.list_training_jobs()["TrainingJobSummaries"]
    assert [j["TrainingJobName"] for j in jobs] == [out["job_name"]]
    job = sagemaker.describe_training_job(TrainingJobName=out["job_name"])
    assert job["ResourceConfig"]["InstanceType"] == "ml.g5.12xlarge" and job["ResourceConfig"]["InstanceCount"] == 2
    assert job["OutputDataConfig"]["CompressionType"] == "NONE"
    assert job["CheckpointConfig"]["S3Uri"].endswith(f"kosum/{out['id']}/checkpoints/")
    tags = {t["Key"]: t["Value"] for t in sagemaker.list_tags(ResourceArn=job["TrainingJobArn"])["Tags"]}
    assert tags == {"kosum:product": "kosum-assistant", "kosum:run-id": out["id"]}
    created = next(body for action, body in aws.requests if action == "CreateTrainingJob")
    assert "HF_TOKEN" not in created["Environment"]  # DescribeTrainingJob shows the environment to any reader
    assert "hf_do_not_print_me" not in json.dumps(job, default=str)
    for action, raw in aws.raw_requests:  # no SageMaker request, no S3 upload carries the token
        if not action.startswith("secretsmanager:"):
            assert b"hf_do_not_print_me" not in raw, action
    secret_arn = created["Environment"]["KOSUM_HF_TOKEN_SECRET"]
    secret = boto3.client("secretsmanager").describe_secret(SecretId=secret_arn)
    assert secret["Name"] == f"kosum/{out['id']}/hf-token" and out["plan"]["hf_token_secret"] == secret["Name"]
    assert {"Key": "kosum:product", "Value": "kosum-assistant"} in secret["Tags"]
    assert {m["Name"] for m in created["AlgorithmSpecification"]["MetricDefinitions"]} == {"train_loss", "eval_loss"}

    # the same entry script as local training, and the prepared inputs, are in S3
    bucket = out["plan"]["inputs"]["train"].split("/")[2]
    keys = _objects(bucket)
    prefix = f"kosum/{out['id']}/input/"
    assert {f"{prefix}train/train.jsonl", f"{prefix}validation/validation.jsonl", f"{prefix}config/tiny.yaml"} <= set(keys)
    assert any(k.startswith(f"{prefix}model/") and k.endswith("config.json") for k in keys)  # tiny base uploaded
    tagging = boto3.client("s3").get_object_tagging(Bucket=bucket, Key=f"{prefix}train/train.jsonl")["TagSet"]
    assert {"Key": "kosum:product", "Value": "kosum-assistant"} in tagging  # found again after a lost store
    script = next(k for k in keys if k.endswith("input/code/training/train.py"))
    body = boto3.client("s3").get_object(Bucket=bucket, Key=script)["Body"].read()
    assert body == (ROOT / "training" / "train.py").read_bytes()
    source = json.loads(boto3.client("s3").get_object(
        Bucket=bucket, Key=next(k for k in keys if k.endswith("sm_drivers/sourcecode.json")))["Body"].read())
    assert source["entry_script"] == "training/train.py"

    listed = run_cli("jobs")
    assert listed.returncode == 0, listed.stderr
    assert out["job_name"] in listed.stdout and "running (Training)" in listed.stdout
    detail = run_cli("jobs", out["id"])
    assert "train_loss=1.8123" in detail.stdout  # CloudWatch log tail

    # inside the job: train.py reads the token by the ARN it was given (as the container would, with its role)
    import os
    import subprocess
    import sys

    read = subprocess.run([sys.executable, "-c", "import os; from training.train import token_from_secret; "
                           "token_from_secret(); print(os.environ['HF_TOKEN'] == 'hf_do_not_print_me_123')"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in {**os.environ, "KOSUM_HF_TOKEN_SECRET": secret_arn}.items()
                               if k != "HF_TOKEN"})
    assert read.stdout.strip() == "True", read.stderr

    stopped = run_cli("jobs", "stop", out["id"])
    assert stopped.returncode == 0, stopped.stderr
    assert sagemaker.describe_training_job(TrainingJobName=out["job_name"])["TrainingJobStatus"] in {"Stopping", "Stopped"}
    assert "stopped" in run_cli("jobs", out["id"]).stdout
    _validate_against_service_model(aws.requests)


def test_without_yes_nothing_is_submitted(aws, prepared_sample: Path) -> None:
    result = run_cli(*TRAIN_ARGS, "--data", str(prepared_sample))
    assert result.returncode == 1 and "Nothing was submitted" in result.stdout
    assert boto3.client("sagemaker").list_training_jobs()["TrainingJobSummaries"] == []


@pytest.mark.parametrize("code,message,expected", [
    ("ResourceLimitExceeded", "The account-level service limit 'ml.g5.12xlarge for training job usage' is 0",
     "request an increase in Service Quotas"),
    ("AccessDeniedException", "User is not authorized to perform: sagemaker:CreateTrainingJob", "grant your AWS identity"),
    ("ThrottlingException", "Rate exceeded", "wait a minute"),
    ("ValidationException", "Could not assume role arn:aws:iam::123456789012:role/KosumSageMaker",
     "trust sagemaker.amazonaws.com"),
])
def test_submit_errors_are_explained_and_recorded(aws, prepared_sample: Path, code: str, message: str,
                                                  expected: str) -> None:
    aws.fail("CreateTrainingJob", code, message)
    result = run_cli(*TRAIN_ARGS, "--data", str(prepared_sample), "--yes")
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert boto3.client("sagemaker").list_training_jobs()["TrainingJobSummaries"] == []
    jobs = json.loads(run_cli("jobs", "--json").stdout)["jobs"]
    assert [j["status"] for j in jobs] == ["failed"]  # recorded before submitting, so nothing is untracked


def test_bad_input_and_missing_setup(aws, prepared_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = ("train", "--backend", "sagemaker", "--preset", "tiny", "--data", str(prepared_sample), "--dry-run")
    unknown = run_cli(*base, "--instance-type", "ml.g9.huge")
    assert unknown.returncode == 2 and "unknown instance type" in unknown.stderr
    assert run_cli(*base, "--instance-count", "0").returncode == 2
    cpu = run_cli(*base, "--instance-type", "ml.m5.xlarge")
    assert cpu.returncode == 2 and "has no GPU" in cpu.stderr
    monkeypatch.setenv("KOSUM_S3_BUCKET", "no-such-kosum-bucket")
    bucket = run_cli(*base)
    assert bucket.returncode == 1 and "does not exist" in bucket.stderr
    monkeypatch.delenv("KOSUM_S3_BUCKET")
    monkeypatch.delenv("KOSUM_SAGEMAKER_ROLE_ARN")
    role = run_cli(*base)
    assert role.returncode == 2 and "KOSUM_SAGEMAKER_ROLE_ARN" in role.stderr


def test_a_finished_job_with_a_warm_pool_bills_until_released_and_its_model_deploys(aws, prepared_sample: Path,
                                                                                   monkeypatch) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    aws.behaviour["job_polls"] = 2
    submitted = json.loads(run_cli(*TRAIN_ARGS, "--data", str(prepared_sample), "--warm-pool-minutes", "10", "--yes",
                                   "--json").stdout)
    for _ in range(3):
        info = json.loads(run_cli("jobs", submitted["id"], "--json").stdout)["jobs"][0]
    assert info["status"] == "warm_pool" and info["merged_dir"].endswith(f"{submitted['job_name']}/output/model/")
    listed = {r["kind"]: r for r in json.loads(run_cli("resources", "--json").stdout)["resources"]}
    assert listed["training_job"]["status"] == "warm_pool" and listed["training_job"]["cost_per_hour"] == 14.18
    plan = run_cli("deploy", "--target", "sagemaker", "--dry-run", "--json")  # the latest model: the job's, in S3
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["plan"]["model_data"] == info["merged_dir"]
    released = run_cli("jobs", "stop", submitted["id"])
    assert released.returncode == 0 and "Released the warm pool" in released.stdout
    update = next(body for action, body in aws.requests if action == "UpdateTrainingJob")
    assert update["ResourceConfig"] == {"KeepAlivePeriodInSeconds": 0}
    kinds = {r["kind"] for r in json.loads(run_cli("resources", "--json").stdout)["resources"]}
    assert kinds == {"s3_prefix"}  # released: only the job's S3 prefix (inputs, code, model) is left, listed
    assert run_cli("teardown", "--all", "--yes", "--include-s3").returncode == 0
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []


def test_the_sdk_config_is_still_validated_on_every_read_with_its_schema_checked_once() -> None:
    """`check_sdk_schema_once` (the SDK re-checked its constant schema on each of ~11 config reads per submit):
    a bad config is refused on every read, a bad schema is still refused, and a schema is checked only once."""
    import jsonschema

    from training.launch_sagemaker import _SchemaCheckedOnce

    checks: list[object] = []

    class Counting(jsonschema.Draft202012Validator):
        @classmethod
        def check_schema(cls, schema, *args, **kwargs):
            checks.append(schema)
            return super().check_schema(schema, *args, **kwargs)

    once = _SchemaCheckedOnce(jsonschema)
    schema = {"type": "object", "properties": {"TelemetryOptOut": {"type": "boolean"}}}
    for _ in range(3):
        once.validate({"TelemetryOptOut": True}, schema, Counting)
        with pytest.raises(jsonschema.ValidationError, match="is not of type 'boolean'"):
            once.validate({"TelemetryOptOut": "yes"}, schema, Counting)
    assert checks == [schema]
    with pytest.raises(jsonschema.SchemaError):
        once.validate({}, {"type": 12})
    assert once.ValidationError is jsonschema.ValidationError  # the rest of the module as it was
