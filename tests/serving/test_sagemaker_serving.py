"""SageMaker Inference Component deployment, streamed summaries, inventory and teardown against the offline AWS."""
from __future__ import annotations

import json
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
    assert env == {"HF_MODEL_ID": "/opt/ml/model", "SM_NUM_GPUS": "1", "DTYPE": "bfloat16", "MAX_INPUT_TOKENS": "2048",
                   "MAX_TOTAL_TOKENS": "2560", "MAX_BATCH_PREFILL_TOKENS": "8192"}  # TGI 3.x names, bf16
    assert component["Specification"]["ComputeResourceRequirements"] == {
        "NumberOfAcceleratorDevicesRequired": 1, "NumberOfCpuCoresRequired": 1, "MinMemoryRequiredInMb": 1024}
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

    _validate_against_service_model(aws.requests)  # every request of the deployment, not only the teardown's
    aws.requests.clear()
    removed = run_cli("teardown", "--all", "--include-s3", "--yes")
    assert removed.returncode == 0, removed.stderr + removed.stdout
    deletes = [a for a, _ in aws.requests if a.startswith("Delete")]
    assert deletes == ["DeleteInferenceComponent", "DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel"]
    _assert_nothing_left(aws)
    assert run_cli("teardown", "--all", "--yes").returncode == 0  # idempotent
    _validate_against_service_model(aws.requests)


def _assert_nothing_left(stand_in) -> None:
    """Every kind gone: components, endpoints, configs, models (all pages), S3 objects, KoSum's records."""
    sm = boto3.client("sagemaker")
    assert stand_in.components == {} and stand_in.endpoint_deletes_refused == []
    assert sm.list_endpoints(MaxResults=100)["Endpoints"] == [] and sm.list_models(MaxResults=100)["Models"] == []
    assert sm.list_endpoint_configs(MaxResults=100)["EndpointConfigs"] == []
    s3 = boto3.client("s3")
    assert all(s3.list_objects_v2(Bucket=b["Name"]).get("KeyCount", 0) == 0 for b in s3.list_buckets()["Buckets"])
    assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []


def test_teardown_after_the_store_is_lost(aws, fast_polls, tiny_base: Path, kosum_env: Path) -> None:
    assert _deploy(tiny_base).returncode == 0 and _deploy(tiny_base).returncode == 0  # two of each kind
    (kosum_env / "state.sqlite3").unlink()  # simulated crash that lost the state store
    for suffix in ("-wal", "-shm"):
        Path(str(kosum_env / "state.sqlite3") + suffix).unlink(missing_ok=True)
    aws.behaviour["page_size"] = 1  # every List call answers one item per page: discovery must follow NextToken
    kinds = _resource_kinds()
    assert {"inference_component", "endpoint", "endpoint_config", "model", "s3_prefix"} <= set(kinds)
    aws.requests.clear()
    assert run_cli("teardown", "--all", "--yes", "--include-s3").returncode == 0
    deletes = [a for a, _ in aws.requests if a.startswith("Delete")]
    assert deletes == [f"Delete{kind}" for kind in ("InferenceComponent", "Endpoint", "EndpointConfig", "Model")
                       for _ in range(2)]
    lists = [body for action, body in aws.requests if action.startswith("List") and action != "ListTags"]
    unfiltered = [body for body in lists if body.get("NameContains") != "kosum-" and "EndpointNameEquals" not in body]
    assert lists and unfiltered == []
    _assert_nothing_left(aws)


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
    deployed = json.loads(_deploy(tiny_base).stdout)
    records = {r["kind"]: r for r in json.loads(run_cli("resources", "--json").stdout)["resources"]}
    aws.fail("DeleteInferenceComponent", "AccessDeniedException", "not authorized: sagemaker:DeleteInferenceComponent",
             times=10)
    removed = run_cli("teardown", "--all", "--yes")
    assert removed.returncode == 1
    lines = removed.stdout.strip().splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("Removed")):]  # after the plan
    component, endpoint = records["inference_component"]["id"], records["endpoint"]["id"]
    assert lines[0] == f"Removed 2: {records['endpoint_config']['id']}, {records['model']['id']}"
    assert lines[1] == "Still there (1.51 USD/hour):"
    assert lines[2].startswith(f"{component} (inference_component {deployed['component']}): AWS denied access")
    assert lines[3] == (f"{endpoint} (endpoint {deployed['endpoint']}; 1.51 USD/h): endpoint {deployed['endpoint']} "
                        f"still has inference component(s) {deployed['component']}; it was not deleted")
    assert lines[4] == f"Retry with: python -m assistant teardown {component} {endpoint} --yes"
    assert aws.endpoint_deletes_refused == []  # the endpoint was never asked to go while the component was on it
    aws.faults.clear()
    retried = run_cli(*lines[4][len("Retry with: python -m "):].split()[1:])
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert run_cli("teardown", "--all", "--yes", "--include-s3").returncode == 0
    _assert_nothing_left(aws)


def test_quota_error_before_anything_bills(aws, fast_polls, tiny_base: Path) -> None:
    aws.fail("CreateEndpoint", "ResourceLimitExceeded", "account-level service limit 'ml.g5.2xlarge for endpoint usage' is 0")
    failed = _deploy(tiny_base)
    assert failed.returncode == 1 and "ml.g5.2xlarge for endpoint usage" in failed.stderr
    assert "Service Quotas" in failed.stderr
    assert not [a for a, _ in aws.requests if a in {"CreateModel", "CreateInferenceComponent"}]
    assert _resource_kinds() == {"endpoint_config": "created", "s3_prefix": "stored"}  # no endpoint exists
    assert run_cli("teardown", "--all", "--yes", "--include-s3").returncode == 0
    _assert_nothing_left(aws)


def test_plan_without_yes_creates_nothing(aws, tiny_base: Path) -> None:
    plan = run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base))
    assert plan.returncode == 1 and "1.51 USD/hour" in plan.stdout and "Nothing was created" in plan.stdout
    assert boto3.client("sagemaker").list_endpoint_configs()["EndpointConfigs"] == []
    assert not [a for a, _ in aws.requests if a.startswith("Create")]


def _llama_shaped(folder: Path, hidden: int, layers: int, heads: int, kv_heads: int, weight_gib: float,
                  max_seq_length: int) -> Path:
    """A model folder with a real config and a sparse weights file of the real size (no bytes written)."""
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({
        "model_type": "llama", "hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
        "num_key_value_heads": kv_heads}))
    (folder / "kosum.json").write_text(json.dumps({"max_seq_length": max_seq_length}))
    with (folder / "model.safetensors").open("wb") as weights:
        weights.truncate(int(weight_gib * 2**30))
    return folder


def test_dry_run_plan_sizes_tgi_and_the_component_from_the_model_and_the_gpus(aws, tmp_path: Path) -> None:
    from tools.deploy import _plan_sagemaker

    def sized(model: Path, instance: str) -> dict:
        """The plan's TGI settings and component size, as the CLI's dry run below prints them (planned in this
        process: a `deploy --dry-run` process spends ~5 s importing the SageMaker SDK for the image name)."""
        deployment = _plan_sagemaker(str(model), instance, None, 1)[1]
        return {"environment": deployment.environment(), "compute": deployment.compute()}

    llama8b = _llama_shaped(tmp_path / "llama-3-8b", 4096, 32, 32, 8, 14.96, 2048)
    done = run_cli("deploy", "--target", "sagemaker", "--model", str(llama8b), "--instance-type", "ml.g5.2xlarge",
                   "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    plans = {"ml.g5.2xlarge": json.loads(done.stdout)}
    plans.update({instance: {"plan": sized(llama8b, instance)} for instance in ("ml.g5.4xlarge", "ml.g5.12xlarge")})
    one_gpu = plans["ml.g5.2xlarge"]["plan"]
    assert {k: one_gpu[k] for k in ("environment", "compute")} == sized(llama8b, "ml.g5.2xlarge")
    assert one_gpu["environment"] == {"HF_MODEL_ID": "/opt/ml/model", "SM_NUM_GPUS": "1", "DTYPE": "bfloat16",
                                      "MAX_INPUT_TOKENS": "2048", "MAX_TOTAL_TOKENS": "2560",
                                      "MAX_BATCH_PREFILL_TOKENS": "8192"}
    assert one_gpu["compute"] == {"NumberOfAcceleratorDevicesRequired": 1, "NumberOfCpuCoresRequired": 1,
                                  "MinMemoryRequiredInMb": 1024}
    assert plans["ml.g5.4xlarge"]["plan"]["environment"] == one_gpu["environment"]  # the same single 24 GB A10G
    assert plans["ml.g5.4xlarge"]["plan"]["compute"] == one_gpu["compute"]
    four = plans["ml.g5.12xlarge"]["plan"]
    assert four["environment"]["SM_NUM_GPUS"] == "4" and four["compute"]["NumberOfAcceleratorDevicesRequired"] == 4
    text = run_cli("deploy", "--target", "sagemaker", "--model", str(llama8b), "--dry-run").stdout
    assert "DTYPE=bfloat16" in text and "1 GPU(s), 1 CPU core, 1024 MB" in text and "Dry run" in text
    assert not [a for a, _ in aws.requests if a.startswith("Create")]

    llama70b = _llama_shaped(tmp_path / "llama-3-70b", 8192, 80, 64, 8, 131.4, 2048)
    small = run_cli("deploy", "--target", "sagemaker", "--model", str(llama70b), "--instance-type", "ml.g5.2xlarge",
                    "--dry-run")
    assert small.returncode == 2 and "ml.g5.2xlarge is too small for this model" in small.stderr, small.stderr
    assert sized(llama70b, "ml.p4de.24xlarge")["environment"]["SM_NUM_GPUS"] == "8"  # 8 x 80 GB: it fits


def test_a_streamed_multi_line_summary_prints_each_line_once_on_a_terminal(aws, fast_polls, tiny_base: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    deployed = json.loads(_deploy(tiny_base).stdout)
    aws.behaviour["answer"] = "첫째 줄: 버스 요금 인상.\n둘째 줄: 시민 반발.\n셋째 줄: 의회 확정 예정."
    leader, follower = pty.openpty()  # stdout is a terminal: the summary streams as it arrives
    process = subprocess.Popen([sys.executable, "-m", "assistant", "summarize", "--target", deployed["component"],
                                "--text", ARTICLE], cwd=ROOT, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0, process.stderr.read()
    text = output.decode("utf-8").replace("\r\n", "\n")
    for line in ("첫째 줄: 버스 요금 인상.", "둘째 줄: 시민 반발.", "셋째 줄: 의회 확정 예정."):
        assert text.count(line) == 1, text
    assert text.strip().splitlines()[-1].startswith("(")  # the footer (model, time) comes last
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0
