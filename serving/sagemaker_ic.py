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

from training.texts import t

TGI_VERSION = "3.3.6"
VARIANT = "AllTraffic"


class DeployFailed(RuntimeError):
    """A resource reached Failed (with SageMaker's FailureReason) or did not finish before the deadline."""


SUMMARY_TOKENS = 512  # what one summary may generate (the workshop's max_tokens)
IC_CPU_CORES = 1  # the workshop's component: 1 core and 1,024 MB besides its GPUs; larger asks can fail with
IC_MEMORY_MB = 1024  # "not enough hardware resources" (IC limits sit below the instance's raw memory)


@dataclass(frozen=True)
class TgiLimits:
    """TGI's token limits for one deployment."""

    max_input_tokens: int
    max_total_tokens: int
    max_batch_prefill_tokens: int
    kv_capacity_tokens: int

    @property
    def max_input_chars(self) -> int:
        """How much article the client sends: about two characters of Korean news per token, less the prompt."""
        return max(500, (self.max_input_tokens - 128) * 2)


def token_limits(max_seq_length: int, gpus: int, gpu_memory_gib: float, weight_bytes: int,
                 kv_bytes_per_token: int) -> TgiLimits:
    """TGI's limits from the length the model was trained at and what the instance's GPUs hold after the weights:
    inputs up to the training length, one summary on top, prefill batches as large as four inputs when the KV cache
    has room. Raises ValueError when not even one request fits."""
    usable = gpus * gpu_memory_gib * 2**30 * 0.9 - weight_bytes - gpus * 1.5 * 2**30  # activations, CUDA graphs
    capacity = max(0, int(usable // kv_bytes_per_token))
    max_total = max_seq_length + SUMMARY_TOKENS
    if capacity < max_total:
        raise ValueError(t("the model needs {weights} GiB of weights plus room for {tokens} tokens; {gpus} x {memory} "
                           "GiB GPU leaves room for {capacity}", weights=f"{weight_bytes / 2**30:.1f}",
                           tokens=f"{max_total:,}", gpus=gpus, memory=gpu_memory_gib, capacity=f"{capacity:,}"))
    return TgiLimits(max_seq_length, max_total, min(capacity, 4 * max_seq_length), capacity)


@dataclass
class IcDeployment:
    """Names and settings of one deployment; every resource carries `tags`."""

    name: str
    region: str
    role_arn: str
    instance_type: str
    gpus: int
    model_s3: str
    limits: TgiLimits
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
        """TGI 3.x settings: bf16 (TGI defaults to float16), the limits above, one shard per GPU."""
        return {"HF_MODEL_ID": "/opt/ml/model", "SM_NUM_GPUS": str(self.gpus), "DTYPE": "bfloat16",
                "MAX_INPUT_TOKENS": str(self.limits.max_input_tokens),
                "MAX_TOTAL_TOKENS": str(self.limits.max_total_tokens),
                "MAX_BATCH_PREFILL_TOKENS": str(self.limits.max_batch_prefill_tokens)}

    def compute(self) -> dict[str, int]:
        return {"NumberOfAcceleratorDevicesRequired": self.gpus, "NumberOfCpuCoresRequired": IC_CPU_CORES,
                "MinMemoryRequiredInMb": IC_MEMORY_MB}

    def plan(self) -> dict[str, Any]:
        return {"endpoint_config": None if self.endpoint_name else self.endpoint_config, "endpoint": self.endpoint,
                "reuse_endpoint": bool(self.endpoint_name), "model": self.model, "component": self.component,
                "instance_type": self.instance_type, "instances": t("1..{most} (managed scaling)", most=self.max_instances),
                "image": self.image_uri(), "model_data": self.model_s3, "environment": self.environment(),
                "compute": self.compute(), "copy_count": self.copy_count}


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
            "ComputeResourceRequirements": d.compute()},
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
            progress(t("{what}: {status} ({seconds}s)", what=label, status=status,
                       seconds=f"{time.monotonic() - started:.0f}"))
        if status == "InService":
            return state
        if status == "Failed":
            raise DeployFailed(t("{what} failed: {reason}", what=label, reason=state.get("FailureReason", "-")))
        if time.monotonic() - started > deadline_s:
            raise DeployFailed(t("{what} still {status} after {seconds}s", what=label, status=status,
                                 seconds=f"{deadline_s:.0f}"))
        time.sleep(poll_s)


# ------------------------------------------------------------------------------------------------------------------
# Delete, in order; each step is idempotent (already gone = done)
# ------------------------------------------------------------------------------------------------------------------
def not_found(exc: Exception) -> bool:
    """SageMaker's answer for a resource that does not exist (it has no NotFound error code for most)."""
    message = (getattr(exc, "response", None) or {}).get("Error", {}).get("Message", "").lower()
    return error_code(exc) in {"ValidationException", "ResourceNotFound"} and (
        "could not find" in message or "not found" in message)


_DELETE = {"inference_component": ("delete_inference_component", "describe_inference_component",
                                   "InferenceComponentName", "InferenceComponentStatus"),
           "endpoint": ("delete_endpoint", "describe_endpoint", "EndpointName", "EndpointStatus"),
           "endpoint_config": ("delete_endpoint_config", None, "EndpointConfigName", None),
           "model": ("delete_model", None, "ModelName", None)}
_BUSY = {"Creating", "Updating", "SystemUpdating", "RollingBack", "UpdateRollbackFailed"}  # not deletable yet


class StillThere(RuntimeError):
    """A resource could not be deleted yet (a component on an endpoint, a component that stayed Creating)."""


def components_on(sm: Any, endpoint: str) -> list[str]:
    """Every inference component SageMaker still has on `endpoint` (any status), all pages."""
    from serving.inventory import pages

    return [c["InferenceComponentName"] for c in pages(sm.list_inference_components, "InferenceComponents",
                                                       EndpointNameEquals=endpoint)]


def delete(sm: Any, kind: str, name: str, deadline_s: float = 3600, poll_s: float = 10,
           progress: Callable[[str], None] | None = None) -> None:
    """Delete one resource and, for components and endpoints, wait until SageMaker no longer knows it.

    Decided by the resource's status, never by an error's wording: a component or endpoint still Creating or
    Updating cannot be deleted, so it is waited for (up to `deadline_s`, with progress); one already Deleting is
    progress, not an error. An endpoint is never deleted while any inference component is on it."""
    delete_call, describe_call, key, status_key = _DELETE[kind]
    if describe_call is None:
        try:
            getattr(sm, delete_call)(**{key: name})
        except Exception as exc:
            if not not_found(exc):
                raise
        return
    started, refused = time.monotonic(), 0
    while True:
        elapsed = time.monotonic() - started
        try:
            status = getattr(sm, describe_call)(**{key: name})[status_key]
        except Exception as exc:
            if not_found(exc):
                return
            if error_code(exc) not in THROTTLING:
                raise
            status = "throttled"
        if status not in _BUSY | {"Deleting", "throttled"}:
            blocking = components_on(sm, name) if kind == "endpoint" else []
            if blocking:
                raise StillThere(t("endpoint {endpoint} still has inference component(s) {components}; it was not "
                                   "deleted", endpoint=name, components=", ".join(blocking)))
            try:
                getattr(sm, delete_call)(**{key: name})
                status = "Deleting"
            except Exception as exc:
                if not_found(exc):
                    return
                refused += 1
                if error_code(exc) != "ValidationException" or refused > 3:
                    raise  # not a state race: say what SageMaker said
        if progress:
            seconds = f"{elapsed:.0f}"
            progress(t("{kind} {name} being deleted ({seconds}s)", kind=kind, name=name, seconds=seconds)
                     if status == "Deleting" else
                     t("{kind} {name} is {status}: waiting until it can be deleted ({seconds}s)", kind=kind, name=name,
                       status=status, seconds=seconds))
        if elapsed > deadline_s:
            raise StillThere(t("{kind} {name} is still {status} after {seconds}s", kind=kind, name=name, status=status,
                               seconds=f"{deadline_s:.0f}"))
        time.sleep(poll_s)


# ------------------------------------------------------------------------------------------------------------------
# Invoke (streamed)
# ------------------------------------------------------------------------------------------------------------------
def stream_invoke(runtime: Any, endpoint: str, component: str, payload: dict[str, Any]) -> Iterator[str]:
    """Text pieces from `invoke_endpoint_with_response_stream` (TGI messages API: server-sent events arriving in
    arbitrary PayloadPart chunks, so lines and UTF-8 characters can be split across parts)."""
    from serving.client import StreamError, sse_deltas

    response = runtime.invoke_endpoint_with_response_stream(
        EndpointName=endpoint, InferenceComponentName=component, ContentType="application/json",
        Accept="text/event-stream", Body=json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def events() -> Iterator[dict[str, Any]]:
        """botocore raises EventStreamError for the stream's error events (ModelStreamError, InternalStreamFailure)."""
        from botocore.exceptions import EventStreamError

        try:
            yield from response["Body"]
        except EventStreamError as exc:
            error = exc.response.get("Error", {})
            raise StreamError(t("the endpoint's model stream failed ({code}): {message}", code=error.get("Code", "-"),
                                message=error.get("Message", exc))) from None

    def lines() -> Iterator[str]:
        buffer = b""
        for event in events():
            part = event.get("PayloadPart", {}).get("Bytes")
            if part is None:
                continue
            buffer += part
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                yield line.decode("utf-8")
        if buffer:
            yield buffer.decode("utf-8")

    yield from sse_deltas(lines())
