"""SageMaker launcher: the same `train.py` as local runs, as a SageMaker training job through SDK v3's
`ModelTrainer` + `Torchrun` (one process per GPU on each node). Takes explicit arguments; knows nothing of the app.

Layout in S3 (one prefix per run): `<prefix>/input/{train,validation,config[,model]}/`, `<prefix>/output/<job>/`
(uncompressed: the merged model is an S3 prefix, ready for TGI), `<prefix>/checkpoints/` (spot and resume).
"""
from __future__ import annotations

import functools
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

TRAINING_DIR = Path(__file__).parent
IMAGE = {"version": "4.56.2", "base_framework_version": "pytorch2.8.0", "py_version": "py312"}
# The container's transformers is older than what train.py uses: these go in with the job (see requirements file).
CONTAINER_REQUIREMENTS = "training/requirements-sagemaker.txt"
METRIC_DEFINITIONS = {"train_loss": r"train_loss=([0-9.]+)", "eval_loss": r"eval_loss=([0-9.]+)"}
CHECKPOINT_DIR = "/opt/ml/checkpoints"


@dataclass
class SageMakerRun:
    """Everything one training job needs; `plan()` is what the user confirms."""

    job_name: str
    region: str
    role_arn: str
    bucket: str
    prefix: str
    instance_type: str
    instance_count: int
    gpus_per_instance: int
    config_path: Path
    data_dir: Path
    base_model: str
    hyperparameters: dict[str, str] = field(default_factory=dict)
    hf_token_secret: str | None = None  # Secrets Manager name; the job reads it by the ARN in its environment
    environment: dict[str, str] = field(default_factory=dict)
    tags: list[dict[str, str]] = field(default_factory=list)
    spot: bool = False
    max_run_hours: float = 48.0
    warm_pool_minutes: int = 0
    volume_gb: int = 256

    def s3(self, *parts: str) -> str:
        return "s3://" + "/".join([self.bucket, self.prefix, *parts]).rstrip("/") + "/"

    @property
    def local_base_model(self) -> Path | None:
        path = Path(self.base_model).expanduser()
        return path if path.is_dir() else None

    def image_uri(self) -> str:
        return training_image(self.region, self.instance_type)

    def channels(self) -> dict[str, str]:
        found = {"train": self.s3("input", "train"), "config": self.s3("input", "config")}
        if (self.data_dir / "validation.jsonl").is_file():
            found["validation"] = self.s3("input", "validation")
        if self.local_base_model:
            found["model"] = self.s3("input", "model")
        return found

    def entry_arguments(self) -> dict[str, str]:
        """Hyperparameters = `--key value` arguments of train.py inside the container."""
        values = {"config": f"/opt/ml/input/data/config/{self.config_path.name}",
                  "base_model": "/opt/ml/input/data/model" if self.local_base_model else self.base_model,
                  "output_dir": CHECKPOINT_DIR, **self.hyperparameters}
        return {k: str(v) for k, v in values.items()}

    def plan(self) -> dict[str, Any]:
        return {"job_name": self.job_name, "region": self.region, "instance_type": self.instance_type,
                "instance_count": self.instance_count, "processes_per_node": self.gpus_per_instance,
                "image": self.image_uri(), "role": self.role_arn, "inputs": self.channels(),
                "output": self.s3("output"), "checkpoints": self.s3("checkpoints"),
                "hyperparameters": self.entry_arguments(), "spot": self.spot, "max_run_hours": self.max_run_hours,
                "warm_pool_minutes": self.warm_pool_minutes, "volume_gb": self.volume_gb,
                "hf_token_secret": self.hf_token_secret}


@functools.lru_cache(maxsize=None)
def training_image(region: str, instance_type: str) -> str:
    """The Hugging Face training image of this region and instance type (looked up once per process: a plan is
    shown, made again to compare before submitting, recorded and then built into the job)."""
    from sagemaker.core import image_uris

    return image_uris.retrieve("huggingface", region=region, instance_type=instance_type, image_scope="training",
                               **IMAGE)


class _SchemaCheckedOnce:
    """`jsonschema` as the SDK's config modules use it, but checking a schema itself (against the JSON Schema
    metaschema) once per process, not on every call: the SDK validates its defaults config (KoSum's telemetry
    opt-out, or the user's own) on every read, ~11 times per submitted job, and each `jsonschema.validate` first
    re-checks the SDK's large constant schema (~0.3 s each, ~4 s of a submit). Every config is still validated."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._checked: dict[tuple[int, Any], Any] = {}  # holds each schema, so its id stays its own

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def validate(self, instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
        cls = cls or self._module.validators.validator_for(schema)
        if (id(schema), cls) not in self._checked:
            cls.check_schema(schema)
            self._checked[id(schema), cls] = schema
        error = self._module.exceptions.best_match(cls(schema, *args, **kwargs).iter_errors(instance))
        if error is not None:
            raise error


def check_sdk_schema_once() -> None:
    """Before the SDK reads its config (a Session, `ModelTrainer.train`): see `_SchemaCheckedOnce`."""
    from sagemaker.core.config import config, config_manager

    for module in (config, config_manager):
        found = getattr(module, "jsonschema", None)  # an SDK that no longer reads it this way keeps its own checks
        if found is not None and not isinstance(found, _SchemaCheckedOnce):
            module.jsonschema = _SchemaCheckedOnce(found)


def stage_source(dest: Path) -> Path:
    """A source folder holding the `training` package (train.py imports `training.*`), without data or caches."""
    shutil.copytree(TRAINING_DIR, dest / "training",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "sample_data", "launch_*.py"))
    return dest


def object_tags(tags: list[dict[str, str]]) -> dict[str, str]:
    """upload_file's ExtraArgs that tag each object as the resources are tagged (found again after a crash)."""
    from urllib.parse import urlencode

    return {"Tagging": urlencode({t["Key"]: t["Value"] for t in tags})} if tags else {}


def upload_folder(s3_client: Any, folder: Path, bucket: str, prefix: str,
                  on_file: Callable[[float, str], None] | None = None, tags: list[dict[str, str]] | None = None) -> None:
    """Every file under `folder` to `s3://bucket/prefix<relative path>` (a model folder, kept as an S3 prefix)."""
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    for index, path in enumerate(files):
        s3_client.upload_file(str(path), bucket, f"{prefix}{path.relative_to(folder).as_posix()}",
                              ExtraArgs=object_tags(tags or []))
        if on_file:
            on_file((index + 1) / len(files), path.name)


def upload_inputs(run: SageMakerRun, s3_client: Any) -> dict[str, str]:
    """Prepared data, the YAML config and (for a local base model) its folder, each under its channel prefix."""
    uploads = [(run.data_dir / "train.jsonl", "train/train.jsonl"), (run.config_path, f"config/{run.config_path.name}")]
    if (run.data_dir / "validation.jsonl").is_file():
        uploads.append((run.data_dir / "validation.jsonl", "validation/validation.jsonl"))
    for path, relative in uploads:
        s3_client.upload_file(str(path), run.bucket, f"{run.prefix}/input/{relative}", ExtraArgs=object_tags(run.tags))
    if run.local_base_model:
        upload_folder(s3_client, run.local_base_model, run.bucket, f"{run.prefix}/input/model/", tags=run.tags)
    return run.channels()


def build_trainer(run: SageMakerRun, boto_session: Any, source_dir: Path) -> Any:
    from sagemaker.core.helper.session_helper import Session
    from sagemaker.core.shapes import MetricDefinition
    from sagemaker.core.training.configs import (CheckpointConfig, Compute, InputData, OutputDataConfig, SourceCode,
                                                 StoppingCondition)
    from sagemaker.train import ModelTrainer
    from sagemaker.train.distributed import Torchrun

    check_sdk_schema_once()
    max_run = int(run.max_run_hours * 3600)
    trainer = ModelTrainer(
        sagemaker_session=Session(boto_session=boto_session, default_bucket=run.bucket,
                                  default_bucket_prefix=run.prefix),
        role=run.role_arn,
        base_job_name=run.job_name,
        training_image=run.image_uri(),
        source_code=SourceCode(source_dir=str(source_dir), entry_script="training/train.py",
                               requirements=CONTAINER_REQUIREMENTS),
        distributed=Torchrun(process_count_per_node=run.gpus_per_instance),
        compute=Compute(instance_type=run.instance_type, instance_count=run.instance_count,
                        volume_size_in_gb=run.volume_gb, enable_managed_spot_training=run.spot,
                        keep_alive_period_in_seconds=run.warm_pool_minutes * 60 or None),
        stopping_condition=StoppingCondition(max_runtime_in_seconds=max_run,
                                             max_wait_time_in_seconds=max_run * 2 if run.spot else None),
        output_data_config=OutputDataConfig(s3_output_path=run.s3("output"), compression_type="NONE"),
        checkpoint_config=CheckpointConfig(s3_uri=run.s3("checkpoints"), local_path=CHECKPOINT_DIR),
        input_data_config=[InputData(channel_name=name, data_source=uri) for name, uri in run.channels().items()],
        hyperparameters=run.entry_arguments(),
        environment={"HUGGINGFACE_HUB_CACHE": "/tmp/.cache", "FSDP_CPU_RAM_EFFICIENT_LOADING": "1",
                     **run.environment},
        tags=[{"key": t["Key"], "value": t["Value"]} for t in run.tags],
    )
    return trainer.with_metric_definitions([MetricDefinition(name=k, regex=v) for k, v in METRIC_DEFINITIONS.items()])


def submit(run: SageMakerRun, boto_session: Any) -> str:
    """Upload the inputs and create the training job; returns the job's real name (the SDK adds a timestamp)."""
    upload_inputs(run, boto_session.client("s3"))
    with tempfile.TemporaryDirectory(prefix="kosum-sm-src-") as tmp:
        trainer = build_trainer(run, boto_session, stage_source(Path(tmp)))
        trainer.train(wait=False, logs=False)
        return trainer._latest_training_job.training_job_name


STATUS = {"InProgress": "running", "Completed": "completed", "Failed": "failed", "Stopping": "stopping",
          "Stopped": "stopped"}


def describe(sagemaker_client: Any, job_name: str) -> dict[str, Any]:
    """The job as KoSum shows it: status, secondary status, latest metrics, failure reason, warm pool."""
    job = sagemaker_client.describe_training_job(TrainingJobName=job_name)
    metrics = {m["MetricName"]: m["Value"] for m in job.get("FinalMetricDataList", [])}
    return {"status": STATUS.get(job["TrainingJobStatus"], job["TrainingJobStatus"].lower()),
            "secondary_status": job.get("SecondaryStatus"), "metrics": metrics,
            "failure_reason": job.get("FailureReason"),
            "warm_pool": (job.get("WarmPoolStatus") or {}).get("Status"),
            "billable_seconds": job.get("BillableTimeInSeconds")}


def log_tail(logs_client: Any, job_name: str, lines: int = 15) -> str:
    """The last lines of the job's CloudWatch logs (first instance's stream)."""
    group = "/aws/sagemaker/TrainingJobs"
    try:
        streams = logs_client.describe_log_streams(logGroupName=group, logStreamNamePrefix=f"{job_name}/")
    except logs_client.exceptions.ResourceNotFoundException:
        return ""
    if not streams.get("logStreams"):
        return ""
    name = sorted(s["logStreamName"] for s in streams["logStreams"])[0]
    events = logs_client.get_log_events(logGroupName=group, logStreamName=name, limit=lines, startFromHead=False)
    return "\n".join(e["message"] for e in events.get("events", []))


def stop(sagemaker_client: Any, job_name: str) -> None:
    sagemaker_client.stop_training_job(TrainingJobName=job_name)


def end_warm_pool(sagemaker_client: Any, job_name: str) -> None:
    """A kept-alive cluster bills until it expires: setting the keep-alive to 0 releases it now."""
    sagemaker_client.update_training_job(TrainingJobName=job_name, ResourceConfig={"KeepAlivePeriodInSeconds": 0})
