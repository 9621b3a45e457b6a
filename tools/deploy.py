"""Operation: deploy a fine-tuned model: a local background server now, SageMaker Inference Components (cloud)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from tools.errors import KosumError, UserInputError
from tools.results import OpResult, ensure_approved_plan, fingerprint
from tools.settings import Settings, get_settings
from tools.state import new_id, open_store
from training.errors import BadInputError
from training.texts import t
from training.tiny_model import demo_label

if TYPE_CHECKING:
    from serving.sagemaker_ic import IcDeployment

MAX_INPUT_CHARS = 4000  # about 2,048 Llama-3 tokens of Korean news, the training length


def latest_model(settings: Settings, allow_s3: bool = False) -> str:
    """The merged model of the most recent completed training run: a local folder, or (`allow_s3`) a SageMaker
    job's S3 prefix."""
    from tools.jobs import refresh

    store = open_store(settings)
    for record in store.find(kind="training_job"):
        record = refresh(store, record)
        merged = record.details.get("merged_dir")
        usable = merged and (Path(merged).is_dir() or (allow_s3 and merged.startswith("s3://")))
        if record.status in {"completed", "warm_pool"} and usable:
            return merged
    raise UserInputError(t("no trained model yet: finish a training run first, or pass --model {what}",
                           what="S3_PREFIX|DIR" if allow_s3 else "DIR"))


def deploy_local(model: str | None = None, engine: str = "auto", port: int | None = None,
                 progress: Callable[[float, str], None] | None = None) -> OpResult:
    """Start a local OpenAI-compatible server for `model` (default: the latest merged model), wait until healthy."""
    from serving import local_server

    settings = get_settings()
    model_dir = Path(model or latest_model(settings)).expanduser()
    if not model_dir.exists():
        raise UserInputError(t("model folder {folder} does not exist", folder=model_dir))
    store = open_store(settings)
    server_id = new_id("server")
    log_path = settings.path("logs") / f"{server_id}.log"
    try:
        server = local_server.start(model_dir, log_path, engine=engine, port=port, name=server_id)
    except BadInputError as exc:
        raise UserInputError(str(exc)) from None
    label = demo_label(model_dir) or model_dir.name
    record = store.add("server", server.url, "local", "creating", record_id=server_id, cost_per_hour=0.0, details={
        "engine": server.engine, "url": server.url, "model_dir": str(model_dir), "model_label": label,
        "max_input_chars": MAX_INPUT_CHARS, "container": server.container, **server.handle.to_dict()})
    try:
        local_server.wait_healthy(server.url, server.handle.pid, server.handle.create_time, progress=progress)
    except (RuntimeError, TimeoutError) as exc:
        from training import processes

        local_server.stop(server.handle.pid, server.handle.create_time, server.container)
        tail = processes.tail(log_path, 10)
        store.update(record.id, status="failed", details={"error": str(exc), "log_tail": tail})
        raise KosumError(t("local server failed to start: {reason}", reason=exc), fix=t("see {log}", log=log_path)) from None
    store.update(record.id, status="in_service")
    return OpResult(t("Serving {model} at {url} ({engine}); id {id}.", model=label, url=server.url, engine=server.engine,
                      id=server_id) + "\n" + t("Paste an article to summarize it, or run `python -m assistant "
                                                "summarize --file article.txt`."),
                    {"id": server_id, "url": server.url, "engine": server.engine, "model_dir": str(model_dir),
                     **server.handle.to_dict()})


# --------------------------------------------------------------------------------------------------------------
# SageMaker Inference Components
# --------------------------------------------------------------------------------------------------------------
DEFAULT_MAX_SEQ_LENGTH = 2048  # the workshop's training length, for models that did not record theirs


def kv_bytes_per_token(config: dict) -> int:
    """KV-cache bytes one token occupies (keys and values, every layer, bf16)."""
    heads = config["num_attention_heads"]
    head_dim = config.get("head_dim") or config["hidden_size"] // heads
    return 2 * config["num_hidden_layers"] * (config.get("num_key_value_heads") or heads) * head_dim * 2


def _model_facts(source: str, settings: Settings) -> tuple[dict, int, dict]:
    """The config, weight bytes and recorded training facts (`kosum.json`) of the model to serve: a local folder or
    an S3 prefix (read, never written)."""
    from tools import aws
    from training.export import SERVING_INFO

    if source.startswith("s3://"):
        bucket, _, prefix = source[len("s3://"):].partition("/")
        prefix = prefix.rstrip("/") + "/"
        s3 = aws.client("s3", settings)
        with aws.aws_errors(t("reading the model at {source}", source=source)):
            sizes = {item["Key"][len(prefix):]: item["Size"] for page in s3.get_paginator("list_objects_v2").paginate(
                Bucket=bucket, Prefix=prefix) for item in page.get("Contents", [])}
            files = {name: json.loads(s3.get_object(Bucket=bucket, Key=prefix + name)["Body"].read())
                     for name in ("config.json", SERVING_INFO) if name in sizes}
    else:
        folder = Path(source).expanduser()
        sizes = {p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}
        files = {name: json.loads((folder / name).read_text(encoding="utf-8"))
                 for name in ("config.json", SERVING_INFO) if name in sizes}
    if "config.json" not in files:
        raise UserInputError(t("{folder} is not a model folder (no config.json)", folder=source))
    weights = sum(size for name, size in sizes.items() if name.endswith(".safetensors"))
    return files["config.json"], weights, files.get(SERVING_INFO, {})


def _plan_sagemaker(model: str | None, instance_type: str, endpoint: str | None, copy_count: int,
                    deploy_id: str | None = None):
    from serving.sagemaker_ic import IcDeployment, token_limits
    from tools import aws, pricing

    settings = get_settings()
    shape = pricing.instance(instance_type)
    if shape.gpus == 0:
        raise UserInputError(t("{instance} has no GPU", instance=instance_type),
                             fix=t("TGI needs ml.g5/g6/p4d/p5 instances"))
    if copy_count < 1:
        raise UserInputError(t("--copies must be at least 1"))
    source = model or latest_model(settings, allow_s3=True)
    deploy_id = deploy_id or new_id("deploy")
    config, weight_bytes, info = _model_facts(source, settings)
    upload_to = None
    if not source.startswith("s3://"):
        upload_to = f"s3://{aws.bucket(settings, create=False)}/kosum/{deploy_id}/model/"
    try:
        limits = token_limits(info.get("max_seq_length") or DEFAULT_MAX_SEQ_LENGTH, shape.gpus, shape.gpu_memory_gib,
                              weight_bytes, kv_bytes_per_token(config))
    except ValueError as exc:
        raise UserInputError(t("{instance} is too small for this model: {reason}", instance=instance_type, reason=exc),
                             fix="choose an instance with more GPU memory (ml.g5.12xlarge has 4 x 24 GiB)") from None
    deployment = IcDeployment(
        name=f"kosum-{deploy_id[len('deploy-'):]}", region=aws.region(settings), role_arn=aws.execution_role(settings),
        instance_type=instance_type, gpus=shape.gpus, model_s3=upload_to or source.rstrip("/") + "/", limits=limits,
        tags=aws.tags(deploy_id), endpoint_name=endpoint, copy_count=copy_count)
    if endpoint:
        from serving.sagemaker_ic import not_found

        with aws.aws_errors(t("looking up endpoint {endpoint}", endpoint=endpoint)):
            try:
                status = aws.client("sagemaker").describe_endpoint(EndpointName=endpoint)["EndpointStatus"]
            except Exception as exc:
                if not_found(exc):
                    raise UserInputError(t("endpoint {endpoint} does not exist", endpoint=endpoint),
                                         fix=t("omit --endpoint to create one")) from None
                raise
        if status != "InService":
            raise UserInputError(t("endpoint {endpoint} is {status}, not InService", endpoint=endpoint, status=status))
    cost = {"per_hour_usd": 0.0 if endpoint else shape.hosting_per_hour,
            "max_per_hour_usd": 0.0 if endpoint else shape.hosting_per_hour * deployment.max_instances,
            "label": pricing.label(), "quota": pricing.quota_name(instance_type, "endpoint")}
    return deploy_id, deployment, source, upload_to, cost


def _deploy_plan_text(deployment, source: str, upload_to: str | None, cost: dict) -> str:
    plan = deployment.plan()
    compute = plan["compute"]
    steps = [] if plan["reuse_endpoint"] else [
        t("  1. endpoint config {config}: instance type {instance}, {instances}, least-outstanding-requests routing",
          config=plan["endpoint_config"], instance=plan["instance_type"], instances=plan["instances"]),
        t("  2. endpoint {endpoint} (about 3 min)", endpoint=plan["endpoint"])]
    if cost["per_hour_usd"]:
        price = t("Cost: {usd} USD/hour while it runs (up to {max} when scaled out), until you run teardown "
                  "({source}).", usd=f"{cost['per_hour_usd']:.2f}", max=f"{cost['max_per_hour_usd']:.2f}",
                  source=cost["label"])
    else:
        price = t("Cost: the existing endpoint's instances (already billed).")
    return "\n".join([
        t("Deploy to SageMaker ({region}) with TGI {version}:", region=deployment.region,
          version=plan["image"].split(":")[-1]),
        *([t("  0. upload {source} to {target}", source=source, target=upload_to)] if upload_to else []), *steps,
        t("  3. model {model} from {data}", model=plan["model"], data=plan["model_data"]),
        t("  4. inference component {component} on {endpoint}: {gpus} GPU(s), {cores} CPU core, {memory} MB, "
          "{copies} copy (about 8-10 min)", component=plan["component"], endpoint=plan["endpoint"],
          gpus=compute["NumberOfAcceleratorDevicesRequired"], cores=compute["NumberOfCpuCoresRequired"],
          memory=compute["MinMemoryRequiredInMb"], copies=plan["copy_count"]),
        t("  TGI: {settings}", settings=", ".join(f"{k}={v}" for k, v in plan["environment"].items()
                                                 if k != "HF_MODEL_ID")),
        price, t("Needs the service quota '{quota}'.", quota=cost["quota"])])


class Readiness(NamedTuple):
    """How a created resource is seen to be ready: its describe call, the status field it answers and what the
    resource is called in progress and errors (polled until InService, within the deploy's deadline)."""

    describe: Callable[[], dict[str, Any]]
    status_key: str
    label: str


@dataclass(frozen=True)
class DeployStep:
    """One resource of a SageMaker deployment (teardown's order in tools/resources.py removes them): what it is
    recorded as, how it is created, how its readiness is checked (None: created is ready), and its record's status
    once ready."""

    kind: str
    name: str
    doing: str  # said if the deployment stops at this step
    create: Callable[[], object]
    ready: str
    details: dict[str, Any] = field(default_factory=dict)
    cost_per_hour: float = 0.0
    wait: Readiness | None = None
    at: float = 0.0  # where the wait's progress sits, from 0 to 1


def _deploy_steps(d: IcDeployment, sm: Any, settings: Settings, source: str, upload_to: str | None,
                  reuse_endpoint: bool, per_hour_usd: float, label: str,
                  show: Callable[[float, str], None]) -> list[DeployStep]:
    """The workshop's order: the model's upload (a local folder), endpoint config and endpoint (unless one is
    reused), model, inference component."""
    from serving import sagemaker_ic
    from tools import aws

    steps = []
    if upload_to:
        from training.launch_sagemaker import upload_folder

        bucket_name, key_prefix = aws.bucket(settings), upload_to.split("/", 3)[3]
        steps.append(DeployStep("s3_prefix", upload_to, t("uploading the model"), lambda: upload_folder(
            aws.client("s3"), Path(source).expanduser(), bucket_name, key_prefix,
            lambda done, name: show(0.1 * done, t("uploaded {file}", file=name)), tags=d.tags), "stored",
            {"bucket": bucket_name, "prefix": key_prefix}))
    if not reuse_endpoint:
        steps += [
            DeployStep("endpoint_config", d.endpoint_config, t("creating the endpoint config"),
                       lambda: sagemaker_ic.create_endpoint_config(sm, d), "created"),
            DeployStep("endpoint", d.endpoint, t("creating the endpoint"), lambda: sagemaker_ic.create_endpoint(sm, d),
                       "in_service", {"instance_type": d.instance_type}, per_hour_usd,
                       Readiness(lambda: sm.describe_endpoint(EndpointName=d.endpoint), "EndpointStatus",
                                 t("endpoint {endpoint}", endpoint=d.endpoint)), at=0.3)]
    return steps + [
        DeployStep("model", d.model, t("creating the model"), lambda: sagemaker_ic.create_model(sm, d), "created",
                   {"model_data": d.model_s3}),
        DeployStep("inference_component", d.component, t("creating the inference component"),
                   lambda: sagemaker_ic.create_component(sm, d), "in_service",
                   {"endpoint": d.endpoint, "component": d.component, "max_input_chars": d.limits.max_input_chars,
                    "model_label": label, "instance_type": d.instance_type},
                   wait=Readiness(lambda: sm.describe_inference_component(InferenceComponentName=d.component),
                                  "InferenceComponentStatus",
                                  t("inference component {component}", component=d.component)), at=0.6)]


def deploy_sagemaker(model: str | None = None, instance_type: str = "ml.g5.2xlarge", endpoint: str | None = None,
                     copy_count: int = 1, confirm: bool = False,
                     progress: Callable[[float, str], None] | None = None, plan_id: str | None = None,
                     approved: str | None = None) -> OpResult:
    """Plan (always); with `confirm`, carry out the deploy steps in order, recording each resource *before* creating
    it, so that a failure at any step leaves only listed, removable resources. `plan_id` and `approved` (the shown
    plan's id and fingerprint) make it carry out exactly that plan or nothing."""
    from serving import sagemaker_ic
    from tools import aws

    aws.prepare_sdk_environment()
    deploy_id, d, source, upload_to, cost = _plan_sagemaker(model, instance_type, endpoint, copy_count, plan_id)
    with aws.aws_errors(t("preparing the deployment plan")):
        text = _deploy_plan_text(d, source, upload_to, cost)
        plan = d.plan()
    base = {"id": deploy_id, "plan": plan, "cost": cost, "plan_id": deploy_id,
            "fingerprint": fingerprint({"plan": plan, "cost": cost, "source": source})}
    if not confirm:
        return OpResult(text, {**base, "deployed": False})
    ensure_approved_plan(approved, {"plan": plan, "cost": cost, "source": source})

    settings = get_settings()
    store = open_store(settings)
    sm = aws.client("sagemaker")
    label = (None if source.startswith("s3://") else demo_label(source)) or Path(source.rstrip("/")).name
    created: list[str] = []

    def show(fraction: float, message: str) -> None:
        if progress:
            progress(fraction, message)

    doing = t("uploading the model")
    try:
        with aws.aws_errors(t("deploying"), quota=cost["quota"]):
            for step in _deploy_steps(d, sm, settings, source, upload_to, bool(endpoint), cost["per_hour_usd"],
                                      label, show):
                doing = step.doing
                record = store.add(step.kind, step.name, "sagemaker", "creating", run_id=deploy_id,
                                   cost_per_hour=step.cost_per_hour, details={"region": d.region, **step.details})
                created.append(record.id)
                step.create()
                if step.wait:
                    sagemaker_ic.wait_for(*step.wait, settings.deploy_deadline_seconds, settings.poll_seconds,
                                          lambda message, at=step.at: show(at, message))
                store.update(record.id, status=step.ready)
    except (sagemaker_ic.DeployFailed, KosumError) as exc:
        for record_id in created:
            current = store.get(record_id)
            if current and current.status == "creating":
                store.update(record_id, status="create_failed", details={"error": str(exc)})
        raise KosumError(t("deployment stopped while {step}: {reason}", step=doing, reason=exc),
                         fix=t("nothing more was created; remove what exists with `python -m assistant teardown {ids} "
                               "--yes`", ids=" ".join(created)) if created else None) from None
    show(1.0, "in service")
    return OpResult(t("In service: {component} on endpoint {endpoint} (id {id}).", component=d.component,
                      endpoint=d.endpoint, id=created[-1]) + "\n" +
                    t("Summarize with `python -m assistant summarize --target {component} --file article.txt`; remove "
                      "everything with `python -m assistant teardown --all`.", component=d.component),
                    {**base, "deployed": True, "records": created, "component": d.component, "endpoint": d.endpoint})
