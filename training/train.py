"""The training recipe, the entry script of every backend (`python training/train.py --config F [key=value ...]`,
torchrun, a SageMaker job): setup (data, model, the plan, optimizer, resume) -> train -> validate -> save (adapter,
then the merged model for serving). `--help` lists every setting (training/config.py).

Self-contained inside `training/`: SageMaker uploads this folder as the job's source and runs this file."""
from __future__ import annotations

import math
import os
import signal
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script (torchrun, SageMaker): make `training` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.batches import epoch_batches, load_split, rank_eval_batches  # noqa: E402
from training.checkpoint import check_resumable, latest_checkpoint, load_checkpoint, save_adapter  # noqa: E402
from training.config import HelpRequested, TrainConfig, read_config  # noqa: E402
from training.distributed import (Dist, broadcast_trainable, close_distributed, init_distributed,  # noqa: E402
                                  shard_model)
from training.errors import BadInputError  # noqa: E402
from training.loop import Outcome, Position, Session, request_stop, train, validate  # noqa: E402
from training.merge import MERGE_PHASES, merge_adapter  # noqa: E402
from training.model import apply_liger, keep_cpu_4bit_layout, load_model, load_tokenizer  # noqa: E402
from training.packing import pack_samples  # noqa: E402
from training.plan import Plan  # noqa: E402
from training.runlog import Phases, RunLog, log  # noqa: E402
from training.texts import t  # noqa: E402


def record_plan(run: RunLog, config: TrainConfig, plan: Plan) -> None:
    """The plan as it runs: config.json (the settings with `0`/`auto` resolved), a metrics event, three log lines."""
    run.settings(config, plan)
    run.metric(event="plan", **plan.record())
    log(f"memory plan: {plan.memory_reason}")
    log(f"sharding: {plan.sharding} ({plan.sharding_reason})")
    log(f"attention: {plan.attention} ({plan.attention_reason})")


def setup(config: TrainConfig, run: RunLog, dist_info: Dist) -> Session:
    """Data, the model with its plan, the optimizer and schedule, and where to start (a checkpoint's position)."""
    import torch

    torch.manual_seed(config.seed)
    output = Path(config.output_dir)
    tokenizer = load_tokenizer(config)
    train_samples, cut = load_split(config, "train", tokenizer)
    eval_samples, _ = load_split(config, "validation", tokenizer)
    if cut:
        log(f"{cut} training records were longer than max_seq_length={config.max_seq_length}: their articles were cut")
    resume_from = latest_checkpoint(output / "checkpoints") if config.resume else None
    resumed_rows = check_resumable(resume_from, config.per_device_train_batch_size, dist_info.world) \
        if resume_from else 0  # before the model loads: a mismatch fails in seconds
    liger = apply_liger(config, dist_info)
    loaded = load_model(config, dist_info, liger, resumed_rows)
    plan, model = loaded.plan, loaded.model
    record_plan(run, config, plan)
    if loaded.quantized and dist_info.device.type == "cpu":
        keep_cpu_4bit_layout(model)
    if plan.sharding == "full":
        shard_model(model, config.fsdp_cpu_offload, dist_info)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    if plan.sharding == "replicate":
        broadcast_trainable(params)
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0,
                                  fused=dist_info.device.type == "cuda")

    world = dist_info.world
    first_epoch = epoch_batches(train_samples, plan.rows_per_micro_batch, config.max_seq_length, config.seed, world, 0)
    steps_per_epoch = max(1, len(first_epoch) // world // config.gradient_accumulation_steps)
    total_steps = config.max_steps if config.max_steps > 0 else math.ceil(steps_per_epoch * config.num_train_epochs)
    warmup = int(total_steps * config.warmup_ratio)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (warmup + 1)))
    start = Position()
    if resume_from:
        state = load_checkpoint(model, optimizer, resume_from)
        start = Position(state["step"], state["epoch"], state["batch_in_epoch"])
        for _ in range(start.step):
            scheduler.step()
        log(f"resumed from {resume_from.name} (step {start.step})")
        run.metric(event="resume", step=start.step, checkpoint=str(resume_from))
    run.metric(event="start", total_steps=total_steps, steps_per_epoch=steps_per_epoch, world_size=world,
               sharding=plan.sharding, sharding_reason=plan.sharding_reason, quantized=loaded.quantized, liger=liger,
               max_seq_length=config.max_seq_length, attention=plan.attention,
               rows_per_micro_batch=plan.rows_per_micro_batch, gradient_checkpointing=plan.gradient_checkpointing,
               max_sample_tokens=max(len(s["input_ids"]) for s in train_samples),
               max_row_tokens=max(b.num_tokens for b in first_epoch),
               train_records=len(train_samples), eval_records=len(eval_samples), resumed_step=start.step)
    run.status("running", total_steps=total_steps, step=start.step)
    log(f"{len(train_samples)} train / {len(eval_samples)} validation records; {total_steps} steps; "
        f"world {world}; sharding {plan.sharding}; liger {liger}")
    eval_batches = rank_eval_batches(pack_samples(eval_samples, config.max_seq_length), dist_info) \
        if eval_samples else []
    return Session(config, plan, dist_info, run, output, tokenizer, model, optimizer, scheduler, params,
                   train_samples, eval_batches, total_steps, start)


def phases_after(session: Session, outcome: Outcome) -> list[str]:
    """What a finished run still does, in order (shown by followers with its place: part k of n)."""
    config = session.config
    validating = outcome.trained and config.eval_each_epoch and bool(session.eval_batches)
    return [*(["validate"] if validating else []), "save_adapter", *(MERGE_PHASES if config.merge else ())]


def save(session: Session, outcome: Outcome, phases: Phases) -> dict[str, Any]:
    """The adapter (every rank: gathering it is a collective), then on rank 0 the merged model for serving."""
    config, run = session.config, session.run
    phases.enter("save_adapter")
    adapter_dir = session.output / "adapter"
    save_adapter(session.model, adapter_dir, session.dist, session.tokenizer)
    result: dict[str, Any] = {"adapter_dir": str(adapter_dir), **outcome.summary()}
    if config.merge and session.dist.main:
        run.status("merging", **result)
        merged_dir = Path(config.merge_output_dir or session.output / "merged")
        merged = merge_adapter(config.base_model, adapter_dir, merged_dir, config.max_seq_length,
                               on_phase=phases.enter)
        result.update(merged_dir=str(merged_dir), merged_size_bytes=merged["size_bytes"])
        run.metric(event="merged", **merged)
    return result


def token_from_secret() -> None:
    """A SageMaker job gets the Hugging Face token as a Secrets Manager ARN (KOSUM_HF_TOKEN_SECRET), never as a value
    in its description (DescribeTrainingJob shows the environment): read it into this process before any download."""
    arn = os.environ.get("KOSUM_HF_TOKEN_SECRET")
    if not arn or os.environ.get("HF_TOKEN"):
        return
    import boto3

    secrets = boto3.client("secretsmanager", region_name=arn.split(":")[3])
    os.environ["HF_TOKEN"] = secrets.get_secret_value(SecretId=arn)["SecretString"]


def in_sagemaker(config: TrainConfig) -> TrainConfig:
    """Inside a SageMaker job the merged model goes to SM_MODEL_DIR (uploaded as the model) and, unless set, the run
    folder to the checkpoint folder SageMaker syncs to S3 (spot interruptions resume from there)."""
    model_dir = os.environ.get("SM_MODEL_DIR")
    if not model_dir:
        return config
    return replace(config, merge_output_dir=config.merge_output_dir or model_dir,
                   output_dir="/opt/ml/checkpoints" if config.output_dir == TrainConfig.output_dir
                   else config.output_dir)


def open_run(config: TrainConfig, dist_info: Dist) -> RunLog:
    output = Path(config.output_dir)
    if dist_info.main:
        output.mkdir(parents=True, exist_ok=True)
    run = RunLog(output, dist_info.main)
    run.settings(config)
    run.status("starting", pid=os.getpid(), phase=None)
    return run


def finish(run: RunLog, status: str, result: dict[str, Any]) -> int:
    run.metric(event="end", status=status, **result)
    run.status(status, phase=None, **result)
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        config, notes = read_config(sys.argv[1:] if argv is None else argv)
    except HelpRequested as shown:
        print(shown)
        return 0
    except BadInputError as exc:
        log(f"FAILED: {exc}")
        return 2
    config = in_sagemaker(config)
    try:
        token_from_secret()
    except Exception as exc:
        log(f"FAILED: cannot read the Hugging Face token secret ({type(exc).__name__}: {exc!s:.200}); the "
            "execution role needs secretsmanager:GetSecretValue on it")
        return 1
    dist_info = init_distributed(config.max_gpu_memory_gib)
    run = open_run(config, dist_info)
    for note in notes:
        log(note)
    signal.signal(signal.SIGTERM, request_stop)
    session = None
    try:
        session = setup(config, run, dist_info)
        outcome = train(session)
        if outcome.stopped:
            return finish(run, "stopped", outcome.summary())
        phases = Phases(run, phases_after(session, outcome))
        if "validate" in phases.names:
            phases.enter("validate")
            validate(session, outcome.position.step, outcome.position.epoch)
        return finish(run, "completed", save(session, outcome, phases))
    except Exception as exc:
        message = describe_failure(exc, config, session.plan if session else None)
        log(f"FAILED: {message}")
        traceback.print_exc()
        run.metric(event="end", status="failed", error=message)
        run.status("failed", error=message, phase=None)
        return 2 if isinstance(exc, BadInputError) else 1
    finally:
        close_distributed()


def describe_failure(exc: BaseException, config: TrainConfig, plan: Plan | None) -> str:
    """One line a user can act on, for the failures people actually hit."""
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:400]
    lowered = text.lower()
    if isinstance(exc, BadInputError):
        return str(exc)
    if "out of memory" in lowered:
        rows = plan.rows_per_micro_batch if plan else config.per_device_train_batch_size
        return t("out of GPU memory at max_seq_length={length}, per_device_train_batch_size={rows}: lower the batch "
                 "size or turn gradient_checkpointing on", length=config.max_seq_length, rows=rows)
    if "gated" in lowered or "401" in lowered or "403" in lowered:
        return t("{model} is gated: accept its licence on huggingface.co and set HF_TOKEN", model=config.base_model)
    if "not a valid model identifier" in lowered or "repository not found" in lowered or "404" in lowered:
        return t("unknown model '{model}': give a hub id or a local folder with config.json", model=config.base_model)
    if "couldn't connect" in lowered or "offline" in lowered or "connection" in lowered:
        return t("cannot download '{model}' (no network to the hub): use a local model folder",
                 model=config.base_model)
    return text


if __name__ == "__main__":
    sys.exit(main())
