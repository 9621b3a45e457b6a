"""The offline AWS: moto's real server (S3, STS, IAM, CloudWatch Logs, SageMaker) plus a small WSGI layer for what
moto 5.2.5 lacks (stack-notes): inference components, StopTrainingJob, InvokeEndpointWithResponseStream, g5/p4d/p5
instance types, endpoint configs without a model, jobs that are not born `Completed`; and injected faults.

The server runs in the test process on a real port, so `python -m assistant` subprocesses reach it through
`AWS_ENDPOINT_URL` exactly as they would reach AWS. Tests steer it through `StandIn.faults` / `StandIn.behaviour`.
"""
from __future__ import annotations

import io
import json
import re
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.sagemaker import models as sm_models
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

REGION = "us-east-1"
STREAM_PATH = re.compile(r"^/endpoints/(?P<endpoint>[^/]+)/invocations-response-stream$")


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


def event_message(payload: bytes, event_type: str = "PayloadPart") -> bytes:
    headers = b"".join(_header(k, v) for k, v in ((":event-type", event_type),
                                                   (":content-type", "application/octet-stream"),
                                                   (":message-type", "event")))
    prelude = struct.pack(">II", 12 + len(headers) + len(payload) + 4, len(headers))
    message = prelude + struct.pack(">I", zlib.crc32(prelude)) + headers + payload
    return message + struct.pack(">I", zlib.crc32(message))


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
        self.faults: dict[str, list[tuple[str, str]]] = {}
        self.behaviour: dict[str, Any] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []  # (action, JSON body) of every SageMaker call
        self.components: dict[str, InferenceComponent] = {}
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

    def fail(self, action: str, code: str, message: str, times: int = 1) -> None:
        self.faults.setdefault(action, []).extend([(code, message)] * times)

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
            stream = STREAM_PATH.match(environ.get("PATH_INFO", ""))
            if stream:
                action = "InvokeEndpointWithResponseStream"
            elif not action and environ["REQUEST_METHOD"] == "PUT" and "s3" in environ.get("HTTP_AUTHORIZATION", ""):
                action = "s3:PutObject"
            fault = self._take_fault(action)
            if fault:
                return self._error(*fault, s3=action.startswith("s3:"))(environ, start_response)
            if stream:
                return self._invoke_stream(stream["endpoint"], request, data)(environ, start_response)
            if action and target:
                body = json.loads(data or b"{}")
                with self._lock:
                    self.requests.append((action, body))
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
    def _error(code: str, message: str, s3: bool = False) -> Response:
        status = 403 if code in {"AccessDenied", "AccessDeniedException"} else 400
        if s3:
            return Response(f"<Error><Code>{code}</Code><Message>{message}</Message></Error>", status,
                            content_type="application/xml")
        return Response(json.dumps({"__type": code, "message": message}), status,
                        content_type="application/x-amz-json-1.1")

    # -- training jobs: born InProgress, stoppable, with container logs in CloudWatch ----------------------------
    def _after_CreateTrainingJob(self, body: dict[str, Any]) -> None:
        job = self.sagemaker.training_jobs.get(body["TrainingJobName"])
        if job is None:
            return
        job.training_job_status, job.secondary_status = "InProgress", "Starting"
        job.final_metric_data_list = []
        group, stream = "/aws/sagemaker/TrainingJobs", f"{job.training_job_name}/algo-1-{int(time.time())}"
        if group not in self.logs.groups:
            self.logs.create_log_group(group, {})
        self.logs.create_log_stream(group, stream)
        now = int(time.time() * 1000)
        self.logs.put_log_events(group, stream, [
            {"timestamp": now, "message": "[kosum-train] model loaded: 4-bit NF4 base"},
            {"timestamp": now + 1, "message": "[kosum-train] step 5/40 train_loss=1.8123 tokens_per_s=9100.0"}])

    def _after_DescribeTrainingJob(self, body: dict[str, Any]) -> None:
        job = self.sagemaker.training_jobs.get(body["TrainingJobName"])
        if job is not None and job.training_job_status == "InProgress":
            job.secondary_status = "Training"
            job.final_metric_data_list = [{"MetricName": "train_loss", "Value": 1.8123, "Timestamp": time.time()}]
        elif job is not None and job.training_job_status == "Stopping":
            job.training_job_status = job.secondary_status = "Stopped"

    def _do_StopTrainingJob(self, body: dict[str, Any]) -> Response:
        job = self.sagemaker.training_jobs.get(body["TrainingJobName"])
        if job is None:
            return self._error("ValidationException", f"Requested resource not found: {body['TrainingJobName']}")
        if job.training_job_status != "InProgress":
            return self._error("ValidationException", f"The job status is {job.training_job_status}")
        job.training_job_status, job.secondary_status = "Stopping", "Stopping"
        return self._json()

    # -- endpoints: Creating first, optionally Failed; not deletable while components are on them ----------------
    def _after_CreateEndpoint(self, body: dict[str, Any]) -> None:
        endpoint = self.sagemaker.endpoints.get(body["EndpointName"])
        if endpoint is not None:
            endpoint.endpoint_status = "Creating"

    def _after_DescribeEndpoint(self, body: dict[str, Any]) -> None:
        endpoint = self.sagemaker.endpoints.get(body["EndpointName"])
        if endpoint is not None and endpoint.endpoint_status == "Creating":
            reason = self.behaviour.get("endpoint_fails")
            endpoint.endpoint_status = "Failed" if reason else "InService"
            endpoint.failure_reason = reason

    def _do_DeleteEndpoint(self, body: dict[str, Any]) -> Response:
        name = body["EndpointName"]
        if any(c.endpoint == name for c in self.components.values()):
            return self._error("ValidationException", f"Endpoint {name} has inference components; delete them first")
        if name not in self.sagemaker.endpoints:
            return self._error("ValidationException", f"Could not find endpoint '{name}'.")
        del self.sagemaker.endpoints[name]
        return self._json()

    # -- inference components -------------------------------------------------------------------------------------
    def _do_CreateInferenceComponent(self, body: dict[str, Any]) -> Response:
        name, endpoint = body["InferenceComponentName"], body["EndpointName"]
        if name in self.components:
            return self._error("ValidationException", f"Inference component {name} already exists")
        if endpoint not in self.sagemaker.endpoints:
            return self._error("ValidationException", f"Could not find endpoint '{endpoint}'.")
        model = body.get("Specification", {}).get("ModelName")
        if model and model not in self.sagemaker._models:
            return self._error("ValidationException", f"Could not find model '{model}'.")
        arn = f"arn:aws:sagemaker:{REGION}:{DEFAULT_ACCOUNT_ID}:inference-component/{name}"
        with self._lock:
            self.components[name] = InferenceComponent(name, arn, endpoint, body["VariantName"], body["Specification"],
                                                       body.get("RuntimeConfig", {}), body.get("Tags", []))
        return self._json({"InferenceComponentArn": arn})

    def _component(self, name: str) -> InferenceComponent | Response:
        component = self.components.get(name)
        if component is None:
            return self._error("ValidationException", f"Could not find inference component '{name}'.")
        return component

    def _do_DescribeInferenceComponent(self, body: dict[str, Any]) -> Response:
        component = self._component(body["InferenceComponentName"])
        if isinstance(component, Response):
            return component
        component.polls += 1
        if component.status == "Creating" and component.polls >= int(self.behaviour.get("ic_polls", 2)):
            reason = self.behaviour.get("ic_fails")
            component.status, component.failure_reason = ("Failed", reason) if reason else ("InService", None)
        elif component.status == "Deleting":
            with self._lock:
                self.components.pop(component.name, None)
            if not self.behaviour.get("ic_stuck_deleting"):
                return self._error("ValidationException", f"Could not find inference component '{component.name}'.")
        return self._json(component.describe())

    def _do_ListInferenceComponents(self, body: dict[str, Any]) -> Response:
        endpoint = body.get("EndpointNameEquals")
        found = [c for c in self.components.values() if not endpoint or c.endpoint == endpoint]
        return self._json({"InferenceComponents": [
            {k: c.describe()[k] for k in ("InferenceComponentName", "InferenceComponentArn", "EndpointName",
                                           "EndpointArn", "VariantName", "InferenceComponentStatus",
                                           "CreationTime", "LastModifiedTime")} for c in found]})

    def _do_DeleteInferenceComponent(self, body: dict[str, Any]) -> Response:
        component = self._component(body["InferenceComponentName"])
        if isinstance(component, Response):
            return component
        component.status = "Deleting"
        return self._json()

    def _do_ListTags(self, body: dict[str, Any]) -> Response | None:
        arn = body["ResourceArn"]
        if ":inference-component/" not in arn:
            return None
        component = self._component(arn.rsplit("/", 1)[1])
        return component if isinstance(component, Response) else self._json({"Tags": component.tags})

    # -- streaming invocation (TGI messages API: server-sent events split across PayloadParts) -------------------
    def _invoke_stream(self, endpoint: str, request: Request, data: bytes) -> Response:
        component = request.headers.get("X-Amzn-SageMaker-Inference-Component", "")
        target = self.components.get(component)
        if endpoint not in self.sagemaker.endpoints or (component and (target is None or target.status != "InService")):
            return Response(json.dumps({"__type": "ValidationError", "message": f"Inference Component {component} "
                                        f"on endpoint {endpoint} is not in service"}), 400,
                            content_type="application/json", headers={"x-amzn-ErrorType": "ValidationError"})
        payload = json.loads(data or b"{}")
        with self._lock:
            self.requests.append(("InvokeEndpointWithResponseStream", payload))
        user = next((m["content"] for m in payload.get("messages", []) if m.get("role") == "user"), "")
        summary = lead_summary(user)
        words = summary.split(" ")
        events = b"".join(
            f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': w + (' ' if i < len(words) - 1 else '')}, 'finish_reason': None}]}, ensure_ascii=False)}\n\n".encode()
            for i, w in enumerate(words)) + b"data: [DONE]\n\n"
        parts = [events[i:i + 7] for i in range(0, len(events), 7)]  # odd sizes: lines and UTF-8 split across parts
        body = b"".join(event_message(p) for p in parts)
        return Response(body, 200, content_type="application/vnd.amazon.eventstream",
                        headers={"X-Amzn-SageMaker-Content-Type": "text/event-stream"})
