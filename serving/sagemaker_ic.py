"""SageMaker Inference Component deployment with TGI, in the workshop's order (endpoint config without a model →
endpoint → model → inference component), streamed invocation, and deletion in the reverse order.

Plain boto3 calls (stack-notes: the most predictable path; ModelBuilder has bugs here). There is no waiter for
inference components, so `wait_for` polls with a deadline and reports progress.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

TGI_VERSION = "3.3.6"
VARIANT = "AllTraffic"


class DeployFailed(RuntimeError):
    """A resource reached Failed (with SageMaker's FailureReason) or did not finish before the deadline."""


@dataclass
class IcDeployment:
    """Names and settings of one deployment; every resource carries `tags`."""

    name: str
    region: str
    role_arn: str
    instance_type: str
    gpus: int
    vcpus: int
    memory_gib: int
    model_s3: str
    tags: list[dict[str, str]] = field(default_factory=list)
    endpoint_name: str | None = None  # an existing endpoint to reuse
    copy_count: int = 1
    max_instances: int = 2

    @property
    def endpoint(self) -> str:
        return self.endpoint_name or f"{self.name}-ep"

    @property
    def endpoint_config(self) -> str:
        return f"{self.name}-epc"

    @property
    def model(self) -> str:
        return f"{self.name}-model"

    @property
    def component(self) -> str:
        return f"{self.name}-ic"

    def image_uri(self) -> str:
        from sagemaker.core import image_uris

        return image_uris.retrieve("huggingface-llm", region=self.region, version=TGI_VERSION, image_scope="inference")

    def environment(self) -> dict[str, str]:
        """TGI sized to the instance (the workshop's values: 1 x A10G 2048/4096/4096, 4 x A10G 8000/8096/16182)."""
        large = self.gpus >= 4
        return {"HF_MODEL_ID": "/opt/ml/model", "SM_NUM_GPUS": str(self.gpus),
                "MAX_INPUT_LENGTH": "8000" if large else "2048", "MAX_TOTAL_TOKENS": "8096" if large else "4096",
                "MAX_BATCH_PREFILL_TOKENS": "16182" if large else "4096", "MESSAGES_API_ENABLED": "true"}

    def max_input_chars(self) -> int:
        return 12000 if self.gpus >= 4 else 4000

    def plan(self) -> dict[str, Any]:
        return {"endpoint_config": None if self.endpoint_name else self.endpoint_config, "endpoint": self.endpoint,
                "reuse_endpoint": bool(self.endpoint_name), "model": self.model, "component": self.component,
                "instance_type": self.instance_type, "instances": f"1..{self.max_instances} (managed scaling)",
                "image": self.image_uri(), "model_data": self.model_s3, "environment": self.environment(),
                "accelerators": self.gpus, "copy_count": self.copy_count}


# ------------------------------------------------------------------------------------------------------------------
# Create, in order
# ------------------------------------------------------------------------------------------------------------------
def create_endpoint_config(sm: Any, d: IcDeployment) -> None:
    sm.create_endpoint_config(
        EndpointConfigName=d.endpoint_config, ExecutionRoleArn=d.role_arn, Tags=d.tags,
        ProductionVariants=[{
            "VariantName": VARIANT, "InstanceType": d.instance_type, "InitialInstanceCount": 1,
            "ManagedInstanceScaling": {"Status": "ENABLED", "MinInstanceCount": 1, "MaxInstanceCount": d.max_instances},
            "RoutingConfig": {"RoutingStrategy": "LEAST_OUTSTANDING_REQUESTS"},
            "ModelDataDownloadTimeoutInSeconds": 1800, "ContainerStartupHealthCheckTimeoutInSeconds": 1800}])


def create_endpoint(sm: Any, d: IcDeployment) -> None:
    sm.create_endpoint(EndpointName=d.endpoint, EndpointConfigName=d.endpoint_config, Tags=d.tags)


def create_model(sm: Any, d: IcDeployment) -> None:
    sm.create_model(ModelName=d.model, ExecutionRoleArn=d.role_arn, Tags=d.tags, PrimaryContainer={
        "Image": d.image_uri(), "Environment": d.environment(),
        "ModelDataSource": {"S3DataSource": {"S3Uri": d.model_s3, "S3DataType": "S3Prefix",
                                             "CompressionType": "None"}}})


def create_component(sm: Any, d: IcDeployment) -> None:
    sm.create_inference_component(
        InferenceComponentName=d.component, EndpointName=d.endpoint, VariantName=VARIANT, Tags=d.tags,
        Specification={"ModelName": d.model, "StartupParameters": {
            "ModelDataDownloadTimeoutInSeconds": 1800, "ContainerStartupHealthCheckTimeoutInSeconds": 1800},
            "ComputeResourceRequirements": {
                "NumberOfAcceleratorDevicesRequired": d.gpus, "NumberOfCpuCoresRequired": max(1, d.vcpus // 2),
                "MinMemoryRequiredInMb": d.memory_gib * 1024 // 2}},
        RuntimeConfig={"CopyCount": d.copy_count})


THROTTLING = {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"}


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError ("" for anything else)."""
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def wait_for(describe: Callable[[], dict[str, Any]], status_key: str, label: str, deadline_s: float,
             poll_s: float, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Poll until InService; Failed raises with SageMaker's FailureReason; so does the deadline. A throttled poll
    is skipped (the next one asks again): a long deployment should not fail on one busy moment of the API."""
    started = time.monotonic()
    while True:
        try:
            state = describe()
        except Exception as exc:
            if error_code(exc) not in THROTTLING or time.monotonic() - started > deadline_s:
                raise
            time.sleep(poll_s)
            continue
        status = state[status_key]
        if progress:
            progress(f"{label}: {status} ({time.monotonic() - started:.0f}s)")
        if status == "InService":
            return state
        if status == "Failed":
            raise DeployFailed(f"{label} failed: {state.get('FailureReason', 'no reason given')}")
        if time.monotonic() - started > deadline_s:
            raise DeployFailed(f"{label} still {status} after {deadline_s:.0f}s")
        time.sleep(poll_s)


# ------------------------------------------------------------------------------------------------------------------
# Delete, in order; each step is idempotent (already gone = done)
# ------------------------------------------------------------------------------------------------------------------
def not_found(exc: Exception) -> bool:
    """SageMaker's answer for a resource that does not exist (it has no NotFound error code for most)."""
    message = (getattr(exc, "response", None) or {}).get("Error", {}).get("Message", "").lower()
    return error_code(exc) in {"ValidationException", "ResourceNotFound"} and (
        "could not find" in message or "not found" in message)


def delete(sm: Any, kind: str, name: str, deadline_s: float = 900, poll_s: float = 10) -> None:
    """Delete one resource and, for components and endpoints, wait until SageMaker no longer knows it."""
    calls = {"inference_component": ("delete_inference_component", "describe_inference_component",
                                     "InferenceComponentName"),
             "endpoint": ("delete_endpoint", "describe_endpoint", "EndpointName"),
             "endpoint_config": ("delete_endpoint_config", None, "EndpointConfigName"),
             "model": ("delete_model", None, "ModelName")}
    delete_call, describe_call, key = calls[kind]
    try:
        getattr(sm, delete_call)(**{key: name})
    except Exception as exc:
        if not not_found(exc):
            raise
        return
    if describe_call is None:
        return
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        try:
            getattr(sm, describe_call)(**{key: name})
        except Exception as exc:
            if not_found(exc):
                return
            raise
        time.sleep(poll_s)
    raise DeployFailed(f"{kind} {name} is still being deleted after {deadline_s:.0f}s")


# ------------------------------------------------------------------------------------------------------------------
# Invoke (streamed)
# ------------------------------------------------------------------------------------------------------------------
def stream_invoke(runtime: Any, endpoint: str, component: str, payload: dict[str, Any]) -> Iterator[str]:
    """Text pieces from `invoke_endpoint_with_response_stream` (TGI messages API: server-sent events arriving in
    arbitrary PayloadPart chunks, so lines and UTF-8 characters can be split across parts)."""
    from serving.client import sse_deltas

    response = runtime.invoke_endpoint_with_response_stream(
        EndpointName=endpoint, InferenceComponentName=component, ContentType="application/json",
        Accept="text/event-stream", Body=json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def lines() -> Iterator[str]:
        buffer = b""
        for event in response["Body"]:
            part = event.get("PayloadPart", {}).get("Bytes")
            if part is None:
                error = event.get("ModelStreamError") or event.get("InternalStreamFailure")
                if error:
                    raise RuntimeError(f"the endpoint's stream failed: {error.get('Message', error)}")
                continue
            buffer += part
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                yield line.decode("utf-8")
        if buffer:
            yield buffer.decode("utf-8")

    yield from sse_deltas(lines())
