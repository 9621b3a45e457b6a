"""The offline AWS: moto's real server (S3, STS, IAM, CloudWatch Logs, SageMaker) plus a small WSGI layer for what
moto 5.2.5 lacks (stack-notes): inference components, StopTrainingJob, InvokeEndpointWithResponseStream, g5/p4d/p5
instance types, endpoint configs without a model, jobs that are not born `Completed`; and injected faults.

The server runs in the test process on a real port, so `python -m assistant` subprocesses reach it through
`AWS_ENDPOINT_URL` exactly as they would reach AWS. Tests steer it through `StandIn.faults` / `StandIn.behaviour`.
"""
from __future__ import annotations

import functools
import io
import json
import re
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.sagemaker import models as sm_models
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

REGION = "us-east-1"
STREAM_PATH = re.compile(r"^/endpoints/(?P<endpoint>[^/]+)/invocations-response-stream$")
SIGNED_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/(?P<service>[a-z0-9-]+)/aws4_request")


def _allow_any_ml_instance(self: Any, instance_type: str) -> None:
    if not re.fullmatch(r"ml\.[a-z0-9-]+\.[a-z0-9]+", instance_type or ""):
        raise sm_models.ValidationError(message=f"Value '{instance_type}' at 'instanceType' failed to satisfy "
                                                "constraint: Member must satisfy enum value set")


def _variants_may_omit_model(self: Any, production_variants: list[dict[str, Any]]) -> None:
    for variant in production_variants:
        if "ModelName" in variant and variant["ModelName"] not in self._models:
            raise sm_models.ValidationError(message=f"Could not find model '{variant['ModelName']}'.")


sm_models.FakeEndpointConfig.validate_instance_type = _allow_any_ml_instance
sm_models.SageMakerModelBackend.validate_production_variants = _variants_may_omit_model


# ------------------------------------------------------------------------------------------------------------------
# AWS event stream framing (application/vnd.amazon.eventstream), for InvokeEndpointWithResponseStream
# ------------------------------------------------------------------------------------------------------------------
def _header(name: str, value: str) -> bytes:
    key, data = name.encode(), value.encode()
    return bytes([len(key)]) + key + b"\x07" + struct.pack(">H", len(data)) + data


def event_message(payload: bytes, event_type: str = "PayloadPart", exception: bool = False) -> bytes:
    """One event-stream message; `exception` makes it an error event (ModelStreamError), which botocore raises."""
    kind = (":exception-type", ":message-type", "exception", "application/json") if exception else (
        ":event-type", ":message-type", "event", "application/octet-stream")
    headers = b"".join(_header(k, v) for k, v in ((kind[0], event_type), (":content-type", kind[3]),
                                                   (kind[1], kind[2])))
    prelude = struct.pack(">II", 12 + len(headers) + len(payload) + 4, len(headers))
    message = prelude + struct.pack(">I", zlib.crc32(prelude)) + headers + payload
    return message + struct.pack(">I", zlib.crc32(message))


@functools.lru_cache(maxsize=1)
def _sagemaker_service_model() -> Any:
    """botocore's SageMaker model, loaded once (a new session parses the JSON again: ~0.2 s for every request)."""
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def constraint_violations(action: str, body: dict[str, Any]) -> list[str]:
    """What SageMaker's own validation would refuse that botocore's client does not check: string patterns and
    maximum lengths, enum values, numeric ranges and list sizes of the service model (the wording of AWS's
    'Value ... at ... failed to satisfy constraint' messages)."""
    import regex

    model = _sagemaker_service_model()
    if action not in model.operation_names:
        return []
    problems: list[str] = []

    def check(value: Any, shape: Any, where: str) -> None:
        meta = shape.metadata
        if shape.type_name == "structure" and isinstance(value, dict):
            for name, member in shape.members.items():
                if name in value:
                    check(value[name], member, f"{where}.{name[0].lower()}{name[1:]}" if where else
                          f"{name[0].lower()}{name[1:]}")
        elif shape.type_name == "list" and isinstance(value, list):
            if "max" in meta and len(value) > meta["max"]:
                problems.append(f"Value at '{where}' failed to satisfy constraint: Member must have length less "
                                f"than or equal to {meta['max']}")
            for index, item in enumerate(value):
                check(item, shape.member, f"{where}.{index + 1}.member")
        elif shape.type_name == "string" and isinstance(value, str):
            if "max" in meta and len(value) > meta["max"]:
                problems.append(f"Value '{value}' at '{where}' failed to satisfy constraint: Member must have length "
                                f"less than or equal to {meta['max']}")
            if "pattern" in meta and regex.fullmatch(meta["pattern"], value) is None:
                problems.append(f"Value '{value}' at '{where}' failed to satisfy constraint: Member must satisfy "
                                f"regular expression pattern: {meta['pattern']}")
            if shape.enum and value not in shape.enum:
                problems.append(f"Value '{value}' at '{where}' failed to satisfy constraint: Member must satisfy "
                                f"enum value set: [{', '.join(shape.enum)}]")
        elif shape.type_name in {"integer", "long"} and isinstance(value, int):
            if value > meta.get("max", value) or value < meta.get("min", value):
                problems.append(f"Value '{value}' at '{where}' failed to satisfy constraint: Member must be within "
                                f"[{meta.get('min')}, {meta.get('max')}]")

    check(body, model.operation_model(action).input_shape, "")
    return problems


def _instance_table() -> dict[str, list]:
    """Instance shapes (GPUs, vCPUs, memory) from the table the product ships: facts about AWS's instances."""
    import yaml

    return yaml.safe_load((Path(__file__).resolve().parents[1] / "tools" / "prices.yaml").read_text())["instances"]


def _compute_misfit(compute: dict[str, Any], instance_type: str) -> str | None:
    """Whether a component's compute request fits one instance: GPUs and CPU cores at most the instance's, memory
    at most 40% of it (SageMaker keeps part of each instance; asking for half was reported to fail)."""
    _, _, gpus, _, vcpus, memory_gib = _instance_table()[instance_type]
    if compute.get("NumberOfAcceleratorDevicesRequired", 0) > gpus:
        return f"{compute['NumberOfAcceleratorDevicesRequired']} accelerators requested, {instance_type} has {gpus}"
    if compute.get("NumberOfCpuCoresRequired", 0) > vcpus:
        return f"{compute['NumberOfCpuCoresRequired']} CPU cores requested, {instance_type} has {vcpus}"
    if compute.get("MinMemoryRequiredInMb", 0) > memory_gib * 1024 * 0.4:
        return f"{compute['MinMemoryRequiredInMb']} MB requested on {instance_type} ({memory_gib} GiB)"
    return None


def lead_summary(article: str) -> str:
    """What the stand-in 'model' answers: the article's first sentence (a real, if simple, summarizer)."""
    text = article.split("\n\n", 1)[-1].strip()
    match = re.search(r"^(.+?[.!?。])(\s|$)", text, re.S)
    return (match.group(1) if match else text[:120]).strip()


@dataclass
class InferenceComponent:
    name: str
    arn: str
    endpoint: str
    variant: str
    specification: dict[str, Any]
    runtime: dict[str, Any]
    tags: list[dict[str, str]]
    status: str = "Creating"
    failure_reason: str | None = None
    polls: int = 0
    created: float = field(default_factory=time.time)

    def describe(self) -> dict[str, Any]:
        out = {"InferenceComponentName": self.name, "InferenceComponentArn": self.arn, "EndpointName": self.endpoint,
               "EndpointArn": f"arn:aws:sagemaker:{REGION}:{DEFAULT_ACCOUNT_ID}:endpoint/{self.endpoint}",
               "VariantName": self.variant, "InferenceComponentStatus": self.status,
               "Specification": self.specification, "CreationTime": self.created, "LastModifiedTime": self.created,
               "RuntimeConfig": {"DesiredCopyCount": self.runtime.get("CopyCount", 1),
                                 "CurrentCopyCount": self.runtime.get("CopyCount", 1) if self.status == "InService" else 0}}
        if self.failure_reason:
            out["FailureReason"] = self.failure_reason
        return out


class StandIn:
    """One moto server plus the missing SageMaker pieces. `faults` maps an action ('CreateEndpoint', 's3:PutObject')
    to a list of (error code, message) raised once each, in order; `behaviour` steers lifecycles."""

    def __init__(self) -> None:
        self.faults: dict[str, list[tuple[str, str] | None]] = {}
        self.behaviour: dict[str, Any] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []  # (action, JSON body) of every SageMaker call
        self.components: dict[str, InferenceComponent] = {}
        self.raw_requests: list[tuple[str, bytes]] = []  # (action or service, body) of every request, any service
        self.endpoint_deletes_refused: list[str] = []  # DeleteEndpoint calls made while a component was on it
        self.component_deletes_refused: list[str] = []  # DeleteInferenceComponent calls while Creating/Updating
        self._lock = threading.Lock()
        self._server: ThreadedMotoServer | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------------
    def start(self) -> str:
        stand_in = self

        class Server(ThreadedMotoServer):
            def _server_entry(self) -> None:
                self._server = make_server(self._ip_address, self._port, stand_in.wrap(
                    DomainDispatcherApplication(create_backend_app)), True, request_handler=MotoRequestHandler)
                self._server_ready_event.set()
                self._server.serve_forever()

        self._server = Server("127.0.0.1", 0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.url = f"http://{host}:{port}"
        return self.url

    def stop(self) -> None:
        if self._server:
            self._server.stop()

    def reset(self) -> None:
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"), timeout=10)
        with self._lock:
            self.faults.clear()
            self.behaviour.clear()
            self.requests.clear()
            self.components.clear()
            self.raw_requests.clear()
            self.endpoint_deletes_refused.clear()
            self.component_deletes_refused.clear()

    def fail(self, action: str, code: str, message: str, times: int = 1, after: int = 0) -> None:
        """Answer the next `times` calls of `action` with this error, after letting `after` calls through."""
        self.faults.setdefault(action, []).extend([None] * after + [(code, message)] * times)

    # -- moto's own backends -------------------------------------------------------------------------------------
    @property
    def sagemaker(self) -> Any:
        return sm_models.sagemaker_backends[DEFAULT_ACCOUNT_ID][REGION]

    @property
    def logs(self) -> Any:
        from moto.logs.models import logs_backends

        return logs_backends[DEFAULT_ACCOUNT_ID][REGION]

    # -- WSGI layer ----------------------------------------------------------------------------------------------
    def wrap(self, app: Callable) -> Callable:
        def middleware(environ: dict, start_response: Callable) -> Any:
            request = Request(environ)
            data = request.get_data()  # read once, then hand moto an unread copy
            environ["wsgi.input"] = io.BytesIO(data)
            environ["CONTENT_LENGTH"] = str(len(data))
            target = environ.get("HTTP_X_AMZ_TARGET", "")
            action = target.split(".", 1)[1] if target.startswith("SageMaker.") else ""
            signed = SIGNED_SERVICE.search(environ.get("HTTP_AUTHORIZATION", ""))
            service = signed["service"] if signed else "?"
            stream = STREAM_PATH.match(environ.get("PATH_INFO", ""))
            if stream:
                action = "InvokeEndpointWithResponseStream"
            elif not action and target:  # another JSON service: "secretsmanager:DeleteSecret"
                action = f"{service}:{target.split('.', 1)[1]}"
            elif not action and service == "s3" and environ["REQUEST_METHOD"] in {"PUT", "POST"}:
                action = "s3:DeleteObjects" if "delete" in environ.get("QUERY_STRING", "") else "s3:PutObject"
            elif not action and data.startswith(b"Action="):  # query protocol (STS, IAM): "sts:GetCallerIdentity"
                action = f"{service}:{data.split(b'&', 1)[0][7:].decode()}"
            with self._lock:
                self.raw_requests.append((action or environ.get("PATH_INFO", ""), data))
            fault = self._take_fault(action)
            if fault:
                protocol = "s3" if action.startswith("s3:") else "json" if target else "query"
                return self._error(*fault, protocol=protocol)(environ, start_response)
            if stream:
                return self._invoke_stream(stream["endpoint"], request, data)(environ, start_response)
            other = getattr(self, f"_do_{action.replace('-', '').replace(':', '_')}", None) if ":" in action else None
            if other:  # a call of another service that moto lacks (service quotas of SageMaker, IAM simulation)
                return other(data)(environ, start_response)
            if action and target.startswith("SageMaker."):
                body = json.loads(data or b"{}")
                with self._lock:
                    self.requests.append((action, body))
                problems = constraint_violations(action, body)
                if problems:
                    return self._error("ValidationException", f"{len(problems)} validation error"
                                       f"{'s' if len(problems) > 1 else ''} detected: {'; '.join(problems)}"
                                       )(environ, start_response)
                handler = getattr(self, f"_do_{action}", None)
                response = handler(body) if handler else None
                if response is not None:
                    return response(environ, start_response)
                after = getattr(self, f"_after_{action}", None)
                if after:
                    chunks = b"".join(app(environ, start_response))
                    after(body)
                    return [chunks]
            return app(environ, start_response)

        return middleware

    def _take_fault(self, action: str) -> tuple[str, str] | None:
        with self._lock:
            queue = self.faults.get(action)
            return queue.pop(0) if queue else None

    @staticmethod
    def _json(payload: dict[str, Any] | None = None) -> Response:
        return Response(json.dumps(payload or {}, default=str), 200, content_type="application/x-amz-json-1.1")

    @staticmethod
    def _error(code: str, message: str, protocol: str = "json") -> Response:
        status = 403 if code in {"AccessDenied", "AccessDeniedException"} else 400
        error = f"<Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
        if protocol == "s3":
            return Response(error, status, content_type="application/xml")
        if protocol == "query":
            return Response(f"<ErrorResponse>{error}<RequestId>kosum-stand-in</RequestId></ErrorResponse>", status,
                            content_type="text/xml")
        return Response(json.dumps({"__type": code, "message": message}), status,
                        content_type="application/x-amz-json-1.1")

    # -- training jobs: InProgress, then Completed (a model under the output prefix), Failed or Stopping -> Stopped --
    def _after_CreateTrainingJob(self, body: dict[str, Any]) -> None:
        job = self.sagemaker.training_jobs.get(body["TrainingJobName"])
        if job is None:
            return
        job.training_job_status, job.secondary_status = "InProgress", "Starting"
        job.final_metric_data_list, job.polls = [], 0
        job.keep_alive = int(body.get("ResourceConfig", {}).get("KeepAlivePeriodInSeconds") or 0)
        job.warm_pool, job.failure_reason = None, None
        group, stream = "/aws/sagemaker/TrainingJobs", f"{job.training_job_name}/algo-1-{int(time.time())}"
        if group not in self.logs.groups:
            self.logs.create_log_group(group, {})
        self.logs.create_log_stream(group, stream)
        now = int(time.time() * 1000)
        self.logs.put_log_events(group, stream, [
            {"timestamp": now, "message": "[kosum-train] model loaded: 4-bit NF4 base"},
            {"timestamp": now + 1, "message": "[kosum-train] step 5/40 train_loss=1.8123 tokens_per_s=9100.0"}])

    def _job(self, name: str) -> Any:
        job = self.sagemaker.training_jobs.get(name)
        if job is None:
            return self._error("ValidationException", f"Requested resource not found: {name}")
        return job

    def _do_DescribeTrainingJob(self, body: dict[str, Any]) -> Response:
        """moto's description, moved one step along its lifecycle per call: InProgress until
        behaviour['job_polls'] calls (then Completed, writing a model, or Failed with behaviour['job_fails']),
        Stopping -> Stopped; a finished job with a keep-alive holds a warm pool (Available) until released."""
        job = self._job(body["TrainingJobName"])
        if isinstance(job, Response):
            return job
        job.polls = getattr(job, "polls", 0) + 1
        if job.training_job_status == "InProgress":
            job.secondary_status = "Training"
            job.final_metric_data_list = [{"MetricName": "train_loss", "Value": 1.8123, "Timestamp": time.time()}]
        described = json.loads(json.dumps(self.sagemaker.describe_training_job(job.training_job_name), default=str))
        if getattr(job, "warm_pool", None):
            described["WarmPoolStatus"] = {"Status": job.warm_pool, "ResourceRetainedBillableTimeInSeconds": 60}
        if getattr(job, "failure_reason", None):
            described["FailureReason"] = job.failure_reason
        if job.training_job_status == "InProgress" and job.polls >= int(self.behaviour.get("job_polls", 10**9)):
            reason = self.behaviour.get("job_fails")
            job.training_job_status = job.secondary_status = "Failed" if reason else "Completed"
            job.failure_reason = reason
            if not reason:
                self._write_model(job)
            self._finish(job)
        elif job.training_job_status == "Stopping":
            job.training_job_status = job.secondary_status = "Stopped"
            self._finish(job)
        return self._json(described)

    def _finish(self, job: Any) -> None:
        if getattr(job, "keep_alive", 0):
            job.warm_pool = "Available"

    def _write_model(self, job: Any) -> None:
        """What the job's SM_MODEL_DIR upload would hold: a merged tiny Llama's config, weights and training facts."""
        from moto.s3.models import s3_backends

        output = job.output_data_config["S3OutputPath"].rstrip("/")
        bucket, _, prefix = output[len("s3://"):].partition("/")
        folder = f"{prefix}/{job.training_job_name}/output/model/".lstrip("/")
        config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 64,
                  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 2048}
        backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
        for name, data in (("config.json", json.dumps(config).encode()), ("kosum.json", b'{"max_seq_length": 512}'),
                           ("model.safetensors", b"\0" * 4096)):
            backend.put_object(bucket, folder + name, data)

    def _do_StopTrainingJob(self, body: dict[str, Any]) -> Response:
        job = self._job(body["TrainingJobName"])
        if isinstance(job, Response):
            return job
        if job.training_job_status != "InProgress":
            return self._error("ValidationException", f"The job status is {job.training_job_status}")
        job.training_job_status, job.secondary_status = "Stopping", "Stopping"
        return self._json()

    def _do_UpdateTrainingJob(self, body: dict[str, Any]) -> Response:
        """Only what KoSum does with it: ending a warm pool (KeepAlivePeriodInSeconds 0)."""
        job = self._job(body["TrainingJobName"])
        if isinstance(job, Response):
            return job
        if body.get("ResourceConfig", {}).get("KeepAlivePeriodInSeconds") == 0 and getattr(job, "warm_pool", None):
            job.warm_pool = "Terminated"
        return self._json({"TrainingJobArn": job.arn})

    def _do_ListTrainingJobs(self, body: dict[str, Any]) -> Response:
        jobs = [{"TrainingJobName": j.training_job_name, "TrainingJobArn": j.arn,
                 "CreationTime": j.creation_time, "TrainingJobStatus": j.training_job_status,
                 **({"WarmPoolStatus": {"Status": j.warm_pool}} if getattr(j, "warm_pool", None) else {})}
                for j in self.sagemaker.training_jobs.values()]
        jobs = [j for j in jobs if body.get("WarmPoolStatusEquals") in (None, (j.get("WarmPoolStatus") or {}).get("Status"))]
        return self._page(jobs, body, "TrainingJobSummaries", "TrainingJobName", "TrainingJobStatus")

    # -- what moto lacks elsewhere: SageMaker's service quotas, IAM's policy simulation ---------------------------
    def _do_servicequotas_ListServiceQuotas(self, data: bytes) -> Response:
        """SageMaker's quotas of this account: behaviour['quotas'] maps a quota name to its value (unlisted: 0, as
        for most GPU instances of a new account)."""
        body = json.loads(data or b"{}")
        if body.get("ServiceCode") != "sagemaker":
            return self._error("NoSuchResourceException", f"No quotas for {body.get('ServiceCode')}")
        values = {f"{instance} for {use}": 0 for instance in _instance_table()
                  for use in ("training job usage", "spot training job usage", "endpoint usage")}
        values.update(self.behaviour.get("quotas", {}))
        quotas = [{"ServiceCode": "sagemaker", "ServiceName": "Amazon SageMaker", "QuotaCode": f"L-{index:08X}",
                   "QuotaName": name, "Value": float(value), "Adjustable": True}
                  for index, (name, value) in enumerate(values.items())]
        return self._page(quotas, body, "Quotas", "QuotaName")

    def _do_iam_SimulatePrincipalPolicy(self, data: bytes) -> Response:
        """Every action allowed unless named in behaviour['denied_actions']."""
        from urllib.parse import parse_qs

        form = parse_qs(data.decode())
        actions = [v[0] for k, v in sorted(form.items()) if k.startswith("ActionNames.member.")]
        denied = set(self.behaviour.get("denied_actions", ()))
        members = "".join(f"<member><EvalActionName>{a}</EvalActionName><EvalResourceName>*</EvalResourceName>"
                          f"<EvalDecision>{'implicitDeny' if a in denied else 'allowed'}</EvalDecision>"
                          "<MatchedStatements/><MissingContextValues/></member>" for a in actions)
        return Response(f'<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
                        f"<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>{members}"
                        "</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>kosum"
                        "</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>", 200,
                        content_type="text/xml")

    # -- listings as SageMaker pages them: NameContains, StatusEquals, MaxResults (default 10) + NextToken --------
    def _page(self, items: list[dict[str, Any]], body: dict[str, Any], key: str, name_key: str,
              status_key: str | None = None) -> Response:
        items = [i for i in items if body.get("NameContains", "") in i[name_key]]
        if status_key and body.get("StatusEquals"):
            items = [i for i in items if i.get(status_key) == body["StatusEquals"]]
        size = int(body.get("MaxResults") or self.behaviour.get("page_size", 10))
        start = int(body.get("NextToken") or 0)
        page = {key: items[start:start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return self._json(page)

    def _do_ListModels(self, body: dict[str, Any]) -> Response:
        return self._page([{"ModelName": m.model_name, "ModelArn": m.arn, "CreationTime": m.creation_time}
                           for m in self.sagemaker._models.values()], body, "Models", "ModelName")

    def _do_ListEndpointConfigs(self, body: dict[str, Any]) -> Response:
        return self._page([{"EndpointConfigName": c.endpoint_config_name, "EndpointConfigArn": c.endpoint_config_arn,
                            "CreationTime": c.creation_time} for c in self.sagemaker.endpoint_configs.values()],
                          body, "EndpointConfigs", "EndpointConfigName")

    def _do_ListEndpoints(self, body: dict[str, Any]) -> Response:
        return self._page([{"EndpointName": e.endpoint_name, "EndpointArn": e.arn,
                            "CreationTime": e.creation_time, "LastModifiedTime": e.last_modified_time,
                            "EndpointStatus": e.endpoint_status} for e in self.sagemaker.endpoints.values()],
                          body, "Endpoints", "EndpointName", "EndpointStatus")

    # -- endpoints: Creating, then InService (or Failed); Deleting, then gone; never deleted under a component ----
    def _after_CreateEndpoint(self, body: dict[str, Any]) -> None:
        endpoint = self.sagemaker.endpoints.get(body["EndpointName"])
        if endpoint is not None:
            endpoint.endpoint_status, endpoint.polls = "Creating", 0

    def _after_DescribeEndpoint(self, body: dict[str, Any]) -> None:
        endpoint = self.sagemaker.endpoints.get(body["EndpointName"])
        if endpoint is None:
            return
        endpoint.polls = getattr(endpoint, "polls", 0) + 1
        if endpoint.endpoint_status == "Creating" and endpoint.polls >= int(self.behaviour.get("endpoint_polls", 1)):
            reason = self.behaviour.get("endpoint_fails")
            endpoint.endpoint_status = "Failed" if reason else "InService"
            endpoint.failure_reason = reason
        elif endpoint.endpoint_status == "Deleting" and endpoint.polls >= int(self.behaviour.get("delete_polls", 1)):
            del self.sagemaker.endpoints[endpoint.endpoint_name]

    def _do_DeleteEndpoint(self, body: dict[str, Any]) -> Response:
        name = body["EndpointName"]
        if any(c.endpoint == name for c in self.components.values()):
            with self._lock:
                self.endpoint_deletes_refused.append(name)
            return self._error("ValidationException", f"Cannot delete endpoint {name} because it has inference "
                                                      "components. Delete the inference components first.")
        endpoint = self.sagemaker.endpoints.get(name)
        if endpoint is None:
            return self._error("ValidationException", f"Could not find endpoint \"{name}\".")
        if endpoint.endpoint_status == "Deleting":
            return self._error("ValidationException", f"Cannot delete endpoint {name} because it is being deleted.")
        endpoint.endpoint_status, endpoint.polls = "Deleting", 0
        return self._json()

    # -- inference components --------------------------------------------------------------------------------------
    def _do_CreateInferenceComponent(self, body: dict[str, Any]) -> Response:
        name, endpoint_name = body["InferenceComponentName"], body["EndpointName"]
        if name in self.components:
            return self._error("ValidationException", f"Cannot create already existing inference component {name}.")
        endpoint = self.sagemaker.endpoints.get(endpoint_name)
        if endpoint is None:
            return self._error("ValidationException", f"Could not find endpoint \"{endpoint_name}\".")
        if endpoint.endpoint_status != "InService":
            return self._error("ValidationException", f"Endpoint {endpoint_name} is in {endpoint.endpoint_status} "
                                                      "status; inference components need an InService endpoint.")
        config = self.sagemaker.endpoint_configs.get(endpoint.endpoint_config_name)
        variant = next((v for v in (config.production_variants if config else [])
                        if v["VariantName"] == body["VariantName"]), None)
        if variant is None:
            return self._error("ValidationException", f"Variant {body['VariantName']} not found on endpoint "
                                                      f"{endpoint_name}.")
        spec = body.get("Specification", {})
        model = spec.get("ModelName")
        if model and model not in self.sagemaker._models:
            return self._error("ValidationException", f"Could not find model \"{model}\".")
        misfit = _compute_misfit(spec.get("ComputeResourceRequirements", {}), variant["InstanceType"])
        if misfit:
            return self._error("ValidationException", f"There is not enough hardware resources on the instances for "
                                                      f"this inference component: {misfit}.")
        arn = f"arn:aws:sagemaker:{REGION}:{DEFAULT_ACCOUNT_ID}:inference-component/{name}"
        with self._lock:
            self.components[name] = InferenceComponent(name, arn, endpoint_name, body["VariantName"], spec,
                                                       body.get("RuntimeConfig", {}), body.get("Tags", []))
        return self._json({"InferenceComponentArn": arn})

    def _component(self, name: str) -> InferenceComponent | Response:
        component = self.components.get(name)
        if component is None:
            return self._error("ValidationException", f"Could not find inference component \"{name}\".")
        return component

    def _do_DescribeInferenceComponent(self, body: dict[str, Any]) -> Response:
        """Creating until behaviour['ic_polls'] calls (then InService, or Failed with behaviour['ic_fails']);
        Deleting until behaviour['delete_polls'] calls, then gone."""
        component = self._component(body["InferenceComponentName"])
        if isinstance(component, Response):
            return component
        component.polls += 1
        described = component.describe()
        if component.status == "Creating" and component.polls >= int(self.behaviour.get("ic_polls", 2)):
            reason = self.behaviour.get("ic_fails")
            component.status, component.failure_reason = ("Failed", reason) if reason else ("InService", None)
        elif component.status == "Deleting" and component.polls >= int(self.behaviour.get("delete_polls", 1)):
            with self._lock:
                self.components.pop(component.name, None)
        return self._json(described)

    def _do_ListInferenceComponents(self, body: dict[str, Any]) -> Response:
        endpoint = body.get("EndpointNameEquals")
        found = [{k: c.describe()[k] for k in ("InferenceComponentName", "InferenceComponentArn", "EndpointName",
                                               "EndpointArn", "VariantName", "InferenceComponentStatus",
                                               "CreationTime", "LastModifiedTime")}
                 for c in self.components.values() if not endpoint or c.endpoint == endpoint]
        return self._page(found, body, "InferenceComponents", "InferenceComponentName", "InferenceComponentStatus")

    def _do_DeleteInferenceComponent(self, body: dict[str, Any]) -> Response:
        component = self._component(body["InferenceComponentName"])
        if isinstance(component, Response):
            return component
        if component.status in {"Creating", "Updating"}:
            with self._lock:
                self.component_deletes_refused.append(component.name)
            return self._error("ValidationException", f"Cannot delete inference component {component.name} while it "
                                                      f"is in {component.status} status.")
        if component.status == "Deleting":
            return self._error("ValidationException", f"Inference component {component.name} is already being "
                                                      "deleted.")
        component.status, component.polls = "Deleting", 0
        return self._json()

    def _do_ListTags(self, body: dict[str, Any]) -> Response | None:
        arn = body["ResourceArn"]
        if ":inference-component/" not in arn:
            return None
        component = self._component(arn.rsplit("/", 1)[1])
        return component if isinstance(component, Response) else self._json({"Tags": component.tags})

    # -- streaming invocation (TGI messages API: server-sent events split across PayloadParts) -------------------
    def _invoke_stream(self, endpoint: str, request: Request, data: bytes) -> Response:
        """An endpoint built for inference components answers only with a component named, of that endpoint, in
        service (SageMaker: 400 'Inference Component Name header is required')."""
        component = request.headers.get("X-Amzn-SageMaker-Inference-Component", "")
        target = self.components.get(component)
        problem = None
        if endpoint not in self.sagemaker.endpoints:
            problem = f"Endpoint {endpoint} of account {DEFAULT_ACCOUNT_ID} not found."
        elif not component:
            problem = "Inference Component Name header is required for endpoints to which you plan to deploy " \
                      "inference components. Please include Inference Component Name header or consider using " \
                      "SageMaker models."
        elif target is None or target.endpoint != endpoint:
            problem = f"Inference Component {component} not found on endpoint {endpoint}."
        elif target.status != "InService":
            problem = f"Inference Component {component} is not in service (status {target.status})."
        if problem:
            return Response(json.dumps({"__type": "ValidationError", "message": problem}), 400,
                            content_type="application/json", headers={"x-amzn-ErrorType": "ValidationError"})
        payload = json.loads(data or b"{}")
        with self._lock:
            self.requests.append(("InvokeEndpointWithResponseStream", payload))
        user = next((m["content"] for m in payload.get("messages", []) if m.get("role") == "user"), "")
        summary = self.behaviour.get("answer") or lead_summary(user)
        words = summary.split(" ")
        lines = [f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': w + (' ' if i < len(words) - 1 else '')}, 'finish_reason': None}]}, ensure_ascii=False)}\n\n"
                 for i, w in enumerate(words)]
        failure = self.behaviour.get("stream_error")  # TGI: an error event inside the stream, HTTP 200, no [DONE]
        lines = [*lines[:2], f"data: {json.dumps(failure, ensure_ascii=False)}\n\n"] if failure else [
            *lines, "data: [DONE]\n\n"]
        events = "".join(lines).encode()
        parts = [events[i:i + 7] for i in range(0, len(events), 7)]  # odd sizes: lines and UTF-8 split across parts
        body = b"".join(event_message(p) for p in parts)
        model_error = self.behaviour.get("model_stream_error")  # the container failed mid-stream
        if model_error:
            body = b"".join(event_message(p) for p in parts[:3]) + event_message(
                json.dumps({"Message": model_error, "ErrorCode": "ModelError"}).encode(), "ModelStreamError",
                exception=True)
        return Response(body, 200, content_type="application/vnd.amazon.eventstream",
                        headers={"X-Amzn-SageMaker-Content-Type": "text/event-stream"})
