"""Operation: start a fine-tuning run on this machine as a recorded background process."""
from __future__ import annotations

from pathlib import Path

from tools.errors import UserInputError
from tools.results import OpResult, ensure_approved_plan, fingerprint
from tools.settings import Settings, get_settings
from tools.state import new_id, open_store
from training.texts import t
from training.data import resolve_data_dir
from training.launch_local import CONFIGS, NodeOptions, available_gpus, build_command
from training.config import parse_config

PRESETS = {"llama3-8b": CONFIGS / "llama3-8b.yaml", "smol": CONFIGS / "smol.yaml", "tiny": CONFIGS / "tiny.yaml"}
TRAIN_ENV = {"PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false"}


def resolve_config(preset: str, config: str | None) -> Path:
    if preset not in PRESETS:
        raise UserInputError(t("unknown preset '{preset}' (choose {choices})", preset=preset, choices=", ".join(PRESETS)))
    path = Path(config).expanduser() if config else PRESETS[preset]
    if not path.is_file():
        raise UserInputError(t("config file {file} does not exist", file=path))
    return path


def resolve_data(data: str | None, subset: str, settings: Settings) -> Path:
    """The given folder, or the most recently prepared data set."""
    if data:
        return resolve_data_dir(data, subset)
    for record in open_store(settings).find(kind="dataset"):
        if Path(record.name).is_dir():
            return resolve_data_dir(record.name, subset)
    raise UserInputError(t("no prepared data yet: run `python -m assistant data prepare` first (or pass --data DIR)"))


def check_settings(config_path: Path, values: dict[str, object]) -> None:
    """A bad key or value in the config file or the overrides is refused here, before the base model is fetched or
    built (building the smol demo model takes ~30 s on two cores)."""
    try:
        parse_config(["--config", str(config_path), *(f"{key}={value}" for key, value in values.items())])
    except ValueError as exc:
        raise UserInputError(str(exc)) from None


def resolve_base_model(preset: str, base_model: str | None, settings: Settings) -> str:
    if base_model:
        local = Path(base_model).expanduser()
        if local.exists():
            if not (local / "config.json").is_file():
                raise UserInputError(t("{folder} is not a model folder (no config.json)", folder=local))
            return str(local)
        if base_model.startswith((".", "/", "~")):
            raise UserInputError(t("base model folder {folder} does not exist", folder=base_model))
        model = base_model
    elif preset in {"tiny", "smol"}:
        from tools.models import ensure_smol_base, ensure_tiny_base

        return str((ensure_tiny_base if preset == "tiny" else ensure_smol_base)(settings))
    else:
        model = "meta-llama/Meta-Llama-3-8B"
    if model.startswith("meta-llama/") and not settings.hf_token:
        raise UserInputError(t("{model} is gated: accept its licence on huggingface.co and set HF_TOKEN", model=model))
    return model


def start_local_training(preset: str | None = None, config: str | None = None, data: str | None = None,
                         base_model: str | None = None, nproc: str | int = "auto", max_steps: int | None = None,
                         subset: str = "full", nodes: NodeOptions | None = None,
                         overrides: dict[str, object] | None = None) -> OpResult:
    """Start `training/train.py` in the background on this machine and record it; returns at once. No preset: the
    offline demo's small real model when installed, else the tiny stand-in."""
    from tools.models import default_preset

    settings = get_settings()
    preset = preset or default_preset()
    config_path = resolve_config(preset, config)
    data_dir = resolve_data(data, subset, settings)
    if max_steps is not None and max_steps < 1:
        raise UserInputError(t("--max-steps must be at least 1"))
    values: dict[str, object] = {"data_dir": data_dir, **(overrides or {})}
    if max_steps:
        values["max_steps"] = max_steps
    check_settings(config_path, values)  # before torch is imported to count GPUs: a typo is refused at once
    gpus = available_gpus()
    if preset == "llama3-8b" and gpus == 0 and not base_model:
        raise UserInputError(t("llama3-8b needs a CUDA GPU and this machine has none: use --preset smol or tiny here, "
                               "or train on a GPU machine"))
    count = (gpus or 1) if nproc == "auto" else int(nproc)
    if count < 1:
        raise UserInputError(t("--nproc must be at least 1"))
    if gpus and count > gpus:
        raise UserInputError(t("--nproc {count} but this machine has {gpus} GPU(s)", count=count, gpus=gpus))
    model = resolve_base_model(preset, base_model, settings)

    from training import processes

    run_id = new_id("train")
    run_dir = settings.path("runs") / run_id
    try:
        command = build_command(config_path, {"base_model": model, "output_dir": run_dir, **values}, count,
                                nodes or NodeOptions())
    except ValueError as exc:
        raise UserInputError(str(exc)) from None
    store = open_store(settings)
    store.add("training_job", run_id, "local", "starting", record_id=run_id, details={
        "run_dir": str(run_dir), "preset": preset, "base_model": model, "data_dir": str(data_dir),
        "nproc": count, "gpus": gpus, "command": command})
    handle = processes.start(command, run_dir / "train.log", env=TRAIN_ENV, cwd=run_dir)
    store.update(run_id, status="running", details=handle.to_dict())
    device = t("{count} GPU(s)", count=count) if gpus else t("{count} CPU process(es)", count=count)
    return OpResult(
        t("Started local training {id} on {device}: {preset} preset, base {model}, data {data}.", id=run_id,
          device=device, preset=preset, model=model, data=data_dir) + "\n" +
        t("Progress and the loss curve are in the jobs panel; or run `python -m assistant jobs {id} --follow`.",
          id=run_id),
        {"id": run_id, "run_dir": str(run_dir), "pid": handle.pid, "backend": "local", "nproc": count},
    )


def resume_local_training(job_id: str) -> OpResult:
    """Start a stopped or failed local run again, in its own folder with its own command: `train.py` continues from
    the run's last complete checkpoint (or from the start when it wrote none)."""
    from tools.jobs import get_job, refresh
    from training import processes

    store = open_store()
    record = refresh(store, get_job(store, job_id))
    if record.backend != "local":
        raise UserInputError(t("{id} is a SageMaker job: submit a new one (it starts from the base model)", id=job_id))
    if record.status == "completed":
        raise UserInputError(t("{id} already completed; nothing to resume", id=job_id))
    if record.active:
        raise UserInputError(t("{id} is still {status}", id=job_id, status=record.status))
    run_dir = Path(record.details["run_dir"])
    handle = processes.start(record.details["command"], run_dir / "train.log", env=TRAIN_ENV, cwd=run_dir)
    store.update(job_id, status="running", details={**handle.to_dict(), "error": None, "log_tail": None},
                 event="resumed by user")
    return OpResult(t("Resumed {id} from its last checkpoint. Follow it with `python -m assistant jobs {id} --follow`.",
                      id=job_id),
                    {"id": job_id, "run_dir": str(run_dir), "pid": handle.pid, "backend": "local"})


# --------------------------------------------------------------------------------------------------------------
# SageMaker
# --------------------------------------------------------------------------------------------------------------
def plan_sagemaker_run(preset: str, config: str | None, data: str | None, base_model: str | None, instance_type: str,
                       instance_count: int, subset: str, spot: bool, max_run_hours: float, warm_pool_minutes: int,
                       max_steps: int | None, create_bucket: bool, run_id: str | None = None):
    """Validate everything locally, then describe the job; AWS is only read (account, role), never written."""
    from tools import aws, pricing
    from training.launch_sagemaker import SageMakerRun

    settings = get_settings()
    shape = pricing.instance(instance_type)
    if shape.gpus == 0:
        raise UserInputError(t("{instance} has no GPU", instance=instance_type),
                             fix=t("QLoRA training needs ml.g5/g6/p4d/p5 instances"))
    if instance_count < 1:
        raise UserInputError(t("--instance-count must be at least 1"))
    if not 0 < max_run_hours <= 28 * 24:
        raise UserInputError(t("--max-run-hours must be between 0 and 672 (SageMaker's 28-day limit)"))
    if not 0 <= warm_pool_minutes <= 60:
        raise UserInputError(t("--warm-pool-minutes must be between 0 and 60"))
    if max_steps is not None and max_steps < 1:
        raise UserInputError(t("--max-steps must be at least 1"))
    config_path = resolve_config(preset, config)
    data_dir = resolve_data(data, subset, settings)
    hyperparameters = {"max_steps": str(max_steps)} if max_steps else {}
    check_settings(config_path, {"data_dir": data_dir, **hyperparameters})
    model = resolve_base_model(preset, base_model, settings)
    run_id = run_id or new_id("train")
    secret = aws.secret_name(run_id) if settings.hf_token else None  # the token goes to Secrets Manager, not the job
    run = SageMakerRun(
        job_name=f"kosum-{run_id[len('train-'):]}"[:40], region=aws.region(settings),
        role_arn=aws.execution_role(settings), bucket=aws.bucket(settings, create=create_bucket),
        prefix=f"kosum/{run_id}", instance_type=instance_type, instance_count=instance_count,
        gpus_per_instance=shape.gpus, config_path=config_path, data_dir=data_dir, base_model=model,
        hyperparameters=hyperparameters, hf_token_secret=secret, tags=aws.tags(run_id), spot=spot,
        max_run_hours=max_run_hours, warm_pool_minutes=warm_pool_minutes)
    per_hour = shape.training_per_hour * instance_count
    cost = {"per_hour_usd": round(per_hour, 2), "max_usd": round(per_hour * max_run_hours, 2),
            "warm_pool_usd": round(per_hour * warm_pool_minutes / 60, 2), "label": pricing.label(),
            "spot": spot,
            "quota": pricing.quota_name(instance_type, "training", spot)}
    return run_id, run, cost


def _plan_text(run, cost: dict) -> str:
    plan = run.plan()
    spot = t(" [spot]") if plan["spot"] else ""
    warm = t("warm pool {minutes} min (billed while idle)", minutes=plan["warm_pool_minutes"]) \
        if plan["warm_pool_minutes"] else t("warm pool off")
    lines = [t("SageMaker training job {job} in {region}:", job=plan["job_name"], region=plan["region"]),
             t("  instances: {count} x {instance} ({processes} GPU processes each, torchrun){spot}",
               count=plan["instance_count"], instance=plan["instance_type"], processes=plan["processes_per_node"],
               spot=spot),
             t("  image: {image}", image=plan["image"]), t("  role: {role}", role=plan["role"]),
             *(t("  input {channel}: {uri}", channel=name, uri=uri) for name, uri in plan["inputs"].items()),
             t("  model output: {uri} (uncompressed)", uri=plan["output"]),
             t("  checkpoints: {uri}", uri=plan["checkpoints"]),
             t("  arguments: {arguments}", arguments=" ".join(f"--{k} {v}" for k, v in plan["hyperparameters"].items())),
             *([t("  secret: {secret} in Secrets Manager holds HF_TOKEN (created on submit, removed by teardown); the "
                  "job gets only its ARN, so the execution role needs secretsmanager:GetSecretValue on it",
                  secret=plan["hf_token_secret"])] if plan["hf_token_secret"] else []),
             t("  stops after {hours} h; {warm}", hours=plan["max_run_hours"], warm=warm),
             t("Cost: {usd} USD/hour, at most {max} USD if it runs to the limit ({source}).",
               usd=f"{cost['per_hour_usd']:.2f}", max=f"{cost['max_usd']:.2f}", source=cost["label"])]
    if cost["warm_pool_usd"]:
        lines.append(t("Warm pool: up to {usd} USD more while idle.", usd=f"{cost['warm_pool_usd']:.2f}"))
    if cost["spot"]:
        lines.append(t("Spot: usually 60-70% less, may be interrupted (resumes from checkpoints)."))
    lines.append(t("Needs the service quota '{quota}' >= {count}.", quota=cost["quota"], count=plan["instance_count"]))
    return "\n".join(lines)


def start_sagemaker_training(preset: str = "llama3-8b", config: str | None = None, data: str | None = None,
                             base_model: str | None = None, instance_type: str = "ml.g5.12xlarge",
                             instance_count: int = 1, subset: str = "full", spot: bool = False,
                             max_run_hours: float = 48.0, warm_pool_minutes: int = 0, max_steps: int | None = None,
                             dry_run: bool = False, confirm: bool = False, plan_id: str | None = None,
                             approved: str | None = None) -> OpResult:
    """Plan (always), then, only with `confirm` and without `dry_run`, upload the inputs and create the job.
    The job is recorded before anything is created, so a crash midway still leaves a record to clean up.
    `plan_id` and `approved` (the shown plan's id and fingerprint) make it submit exactly that plan or nothing."""
    from tools import aws

    aws.prepare_sdk_environment()
    run_id, run, cost = plan_sagemaker_run(preset, config, data, base_model, instance_type, instance_count, subset,
                                           spot, max_run_hours, warm_pool_minutes, max_steps,
                                           create_bucket=confirm and not dry_run, run_id=plan_id)
    with aws.aws_errors(t("preparing the job plan")):
        text = _plan_text(run, cost)
        plan = run.plan()
    data_out = {"id": run_id, "plan": plan, "cost": cost, "backend": "sagemaker", "plan_id": run_id,
                "fingerprint": fingerprint({"plan": plan, "cost": cost})}
    if dry_run:
        return OpResult(text + "\n" + t("Dry run: nothing was created."), {**data_out, "submitted": False})
    if not confirm:
        return OpResult(text, {**data_out, "submitted": False})
    ensure_approved_plan(approved, {"plan": plan, "cost": cost})
    from training.launch_sagemaker import submit

    settings = get_settings()
    store = open_store(settings)
    store.add("training_job", run.job_name, "sagemaker", "submitting", record_id=run_id, run_id=run_id,
              cost_per_hour=cost["per_hour_usd"], details={
                  "plan": run.plan(), "bucket": run.bucket, "prefix": run.prefix, "region": run.region,
                  "warm_pool_minutes": warm_pool_minutes, "instance_type": instance_type,
                  "instance_count": instance_count})
    # everything the job writes lives under one S3 prefix (inputs, code, checkpoints, output): recorded first
    prefix = store.add("s3_prefix", run.s3(), "sagemaker", "creating", run_id=run_id,
                       details={"bucket": run.bucket, "prefix": f"{run.prefix}/", "region": run.region})
    try:
        with aws.aws_errors(t("submitting {job}", job=run.job_name), quota=cost["quota"]):
            if run.hf_token_secret:
                secret = store.add("secret", run.hf_token_secret, "sagemaker", "creating", run_id=run_id,
                                   details={"region": run.region})
                arn = aws.create_secret(run.hf_token_secret, settings.hf_token.get_secret_value(), run_id, settings)
                store.update(secret.id, status="created", details={"arn": arn})
                run.environment[aws.SECRET_ENV] = arn
            job_name = submit(run, aws.session())
    except Exception as exc:
        store.update(run_id, status="failed", details={"error": str(exc), "s3_inputs": run.s3("input")})
        raise
    finally:
        store.update(prefix.id, status="stored")  # whatever reached S3 stays listed until teardown --include-s3
    store.update(run_id, status="running", details={"job_name": job_name, "s3_inputs": run.s3("input"),
                                                    "model_s3": f"{run.s3('output')}{job_name}/output/model/"})
    return OpResult(t("Submitted {job} (id {id}). Follow it with `python -m assistant jobs {id}`; stop it with "
                      "`python -m assistant jobs stop {id}`.", job=job_name, id=run_id),
                    {**data_out, "submitted": True, "job_name": job_name})
