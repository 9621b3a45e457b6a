"""The offline AWS is at least as strict as SageMaker where the product depends on it: each rule of
tests/aws_stand_in.py, driven with plain boto3, answers as botocore parses the real service (error code, message,
HTTP status, event-stream errors)."""
from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError, EventStreamError

ROLE = "arn:aws:iam::123456789012:role/KosumSageMaker"
COMPUTE = {"NumberOfAcceleratorDevicesRequired": 1, "NumberOfCpuCoresRequired": 1, "MinMemoryRequiredInMb": 1024}


@pytest.fixture
def sm(aws):
    return boto3.client("sagemaker")


def _refused(call, code: str, *words: str, **kwargs) -> str:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    error = raised.value.response
    assert error["Error"]["Code"] == code and error["ResponseMetadata"]["HTTPStatusCode"] == 400, error
    assert all(word in error["Error"]["Message"] for word in words), error["Error"]["Message"]
    return error["Error"]["Message"]


def _endpoint(sm, name: str = "kosum-t-ep") -> str:
    sm.create_model(ModelName="kosum-t-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "tgi:3.3.6"})
    sm.create_endpoint_config(EndpointConfigName="kosum-t-epc", ExecutionRoleArn=ROLE, ProductionVariants=[
        {"VariantName": "AllTraffic", "InstanceType": "ml.g5.2xlarge", "InitialInstanceCount": 1}])
    sm.create_endpoint(EndpointName=name, EndpointConfigName="kosum-t-epc")
    return name


def _component(sm, name: str = "kosum-t-ic", endpoint: str = "kosum-t-ep", **overrides):
    spec = {"ModelName": "kosum-t-model", "ComputeResourceRequirements": COMPUTE}
    return sm.create_inference_component(**{"InferenceComponentName": name, "EndpointName": endpoint,
                                            "VariantName": "AllTraffic", "Specification": spec,
                                            "RuntimeConfig": {"CopyCount": 1}, **overrides})


def _status(sm, name: str) -> str:
    return sm.describe_inference_component(InferenceComponentName=name)["InferenceComponentStatus"]


def test_endpoints_pass_through_creating_and_deleting(aws, sm) -> None:
    aws.behaviour.update(endpoint_polls=2, delete_polls=2)
    _endpoint(sm)
    statuses = [sm.describe_endpoint(EndpointName="kosum-t-ep")["EndpointStatus"] for _ in range(3)]
    assert statuses == ["Creating", "Creating", "InService"]
    sm.delete_endpoint(EndpointName="kosum-t-ep")
    assert [sm.describe_endpoint(EndpointName="kosum-t-ep")["EndpointStatus"] for _ in range(2)] == ["Deleting"] * 2
    _refused(sm.describe_endpoint, "ValidationException", "Could not find endpoint", EndpointName="kosum-t-ep")


def test_components_need_an_in_service_endpoint_a_variant_and_compute_that_fits(aws, sm) -> None:
    _endpoint(sm)
    _refused(_component, "ValidationException", "InService endpoint", sm=sm)  # the endpoint is still Creating
    sm.describe_endpoint(EndpointName="kosum-t-ep")
    _refused(_component, "ValidationException", "Variant Blue not found", sm=sm, VariantName="Blue")
    half = {**COMPUTE, "MinMemoryRequiredInMb": 16384}  # half of ml.g5.2xlarge's 32 GiB
    _refused(_component, "ValidationException", "not enough hardware resources", sm=sm,
             Specification={"ModelName": "kosum-t-model", "ComputeResourceRequirements": half})
    _refused(_component, "ValidationException", "not enough hardware resources", sm=sm,
             Specification={"ModelName": "kosum-t-model",
                            "ComputeResourceRequirements": {**COMPUTE, "NumberOfAcceleratorDevicesRequired": 4}})
    assert _component(sm)["InferenceComponentArn"].endswith("inference-component/kosum-t-ic")


def test_component_lifecycle_and_deletion_rules(aws, sm) -> None:
    aws.behaviour.update(ic_polls=2, delete_polls=2)
    _endpoint(sm)
    sm.describe_endpoint(EndpointName="kosum-t-ep")
    _component(sm)
    assert _status(sm, "kosum-t-ic") == "Creating"
    _refused(sm.delete_inference_component, "ValidationException", "while it is in Creating status",
             InferenceComponentName="kosum-t-ic")
    _refused(sm.delete_endpoint, "ValidationException", "has inference components", EndpointName="kosum-t-ep")
    assert aws.component_deletes_refused == ["kosum-t-ic"] and aws.endpoint_deletes_refused == ["kosum-t-ep"]
    assert [_status(sm, "kosum-t-ic") for _ in range(2)] == ["Creating", "InService"]  # Creating for 2 describes
    sm.delete_inference_component(InferenceComponentName="kosum-t-ic")
    _refused(sm.delete_inference_component, "ValidationException", "already being deleted",
             InferenceComponentName="kosum-t-ic")
    assert [_status(sm, "kosum-t-ic") for _ in range(2)] == ["Deleting", "Deleting"]
    _refused(sm.describe_inference_component, "ValidationException", "Could not find inference component",
             InferenceComponentName="kosum-t-ic")


def test_streamed_invocation_needs_the_component_and_can_fail_mid_stream(aws, sm) -> None:
    _endpoint(sm)
    sm.describe_endpoint(EndpointName="kosum-t-ep")
    _component(sm)
    while _status(sm, "kosum-t-ic") != "InService":
        pass
    runtime = boto3.client("sagemaker-runtime")
    body = json.dumps({"messages": [{"role": "user", "content": "요약: 서울시가 요금을 올린다. 시민은 반발했다."}]})
    _refused(runtime.invoke_endpoint_with_response_stream, "ValidationError", "Inference Component Name header is "
             "required", EndpointName="kosum-t-ep", Body=body)
    _refused(runtime.invoke_endpoint_with_response_stream, "ValidationError", "not found on endpoint",
             EndpointName="kosum-t-ep", InferenceComponentName="kosum-other-ic", Body=body)
    aws.behaviour["model_stream_error"] = "CUDA error"
    stream = runtime.invoke_endpoint_with_response_stream(EndpointName="kosum-t-ep", Body=body,
                                                          InferenceComponentName="kosum-t-ic")["Body"]
    with pytest.raises(EventStreamError) as raised:
        list(stream)
    assert raised.value.response["Error"] == {"Code": "ModelStreamError", "Message": "CUDA error"}


def test_training_jobs_finish_fail_stop_and_hold_warm_pools(aws, sm) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="kosum-t")

    def job(name: str, keep_alive: int = 0) -> str:
        sm.create_training_job(
            TrainingJobName=name, RoleArn=ROLE, AlgorithmSpecification={"TrainingImage": "hf:4.56",
                                                                        "TrainingInputMode": "File"},
            OutputDataConfig={"S3OutputPath": "s3://kosum-t/kosum/run/output"}, StoppingCondition={
                "MaxRuntimeInSeconds": 3600}, ResourceConfig={"InstanceType": "ml.g5.2xlarge", "InstanceCount": 1,
                                                              "VolumeSizeInGB": 30, "KeepAlivePeriodInSeconds": keep_alive})
        return name

    def describe(name: str) -> dict:
        return sm.describe_training_job(TrainingJobName=name)

    aws.behaviour["job_polls"] = 2
    done = job("kosum-done", keep_alive=600)
    assert [describe(done)["TrainingJobStatus"] for _ in range(3)] == ["InProgress", "InProgress", "Completed"]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="kosum-t")["Contents"]]
    assert "kosum/run/output/kosum-done/output/model/config.json" in keys
    assert describe(done)["WarmPoolStatus"]["Status"] == "Available"
    assert [j["TrainingJobName"] for j in sm.list_training_jobs(WarmPoolStatusEquals="Available")[
        "TrainingJobSummaries"]] == ["kosum-done"]
    sm.update_training_job(TrainingJobName=done, ResourceConfig={"KeepAlivePeriodInSeconds": 0})
    assert describe(done)["WarmPoolStatus"]["Status"] == "Terminated"

    aws.behaviour.update(job_fails="AlgorithmError: CUDA out of memory")
    failed = job("kosum-failed")
    assert [describe(failed)["TrainingJobStatus"] for _ in range(2)] == ["InProgress", "InProgress"]
    assert describe(failed)["FailureReason"] == "AlgorithmError: CUDA out of memory"
    aws.behaviour.update(job_polls=10**9)
    stopped = job("kosum-stopped")
    sm.stop_training_job(TrainingJobName=stopped)
    assert [describe(stopped)["TrainingJobStatus"] for _ in range(2)] == ["Stopping", "Stopped"]
    _refused(sm.stop_training_job, "ValidationException", "The job status is Stopped", TrainingJobName=stopped)


def test_lists_filter_and_page_as_sagemaker_does(aws, sm) -> None:
    aws.behaviour["page_size"] = 2
    for index in range(3):
        sm.create_model(ModelName=f"kosum-m{index}", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "tgi"})
    sm.create_model(ModelName="someone-else", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "tgi"})
    first = sm.list_models(NameContains="kosum-")
    assert [m["ModelName"] for m in first["Models"]] == ["kosum-m0", "kosum-m1"] and first["NextToken"]
    rest = sm.list_models(NameContains="kosum-", NextToken=first["NextToken"])
    assert [m["ModelName"] for m in rest["Models"]] == ["kosum-m2"] and "NextToken" not in rest


def test_what_botocore_does_not_check_is_refused_as_sagemaker_does(aws, sm) -> None:
    message = _refused(sm.create_model, "ValidationException", "at 'modelName' failed to satisfy constraint",
                       ModelName="kosum-" + "x" * 60, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "tgi"})
    assert "length less than or equal to 63" in message
    _refused(sm.create_endpoint_config, "ValidationException", "regular expression pattern",
             EndpointConfigName="kosum_underscore", ProductionVariants=[{"VariantName": "AllTraffic"}])
