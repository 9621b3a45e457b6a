"""The training loop of a set-up run: optimizer steps over each epoch's packed micro-batches (every token weighed
equally across accumulation and ranks), validation, checkpoints at epoch ends, every `save_steps` and on SIGTERM,
and a metrics line per logged step."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from training.batches import epoch_batches, window_totals
from training.checkpoint import save_checkpoint
from training.config import TrainConfig
from training.distributed import Dist, all_reduce_sum, step_stats, sum_gradients
from training.packing import PackedBatch
from training.plan import Plan
from training.profiler import StepProfiler
from training.runlog import RunLog, log

STOP_REQUESTED = {"flag": False}


def request_stop(signum: int, frame: Any) -> None:
    """SIGTERM (a user's stop, a spot interruption): finish this step, checkpoint, exit."""
    STOP_REQUESTED["flag"] = True


@dataclass(frozen=True)
class Position:
    """Where in the data a run is: optimizer steps done, the epoch, and the micro-batches done in it (per rank)."""

    step: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0

    def record(self) -> dict[str, int]:
        return {"step": self.step, "epoch": self.epoch, "batch_in_epoch": self.batch_in_epoch}


@dataclass
class Session:
    """What setup made for the loop."""

    config: TrainConfig
    plan: Plan
    dist: Dist
    run: RunLog
    output: Path
    tokenizer: Any
    model: Any
    optimizer: Any
    scheduler: Any
    params: list
    train_samples: list[dict]
    eval_batches: list[tuple[PackedBatch, bool]]
    total_steps: int
    start: Position


@dataclass(frozen=True)
class Outcome:
    """How the loop ended."""

    stopped: bool
    position: Position
    final_loss: float
    tokens_per_s: float
    trained: bool  # at least one epoch was entered (not a resume of a finished run)

    def summary(self) -> dict[str, Any]:
        if self.stopped:
            return {"stopped": True, "steps": self.position.step, "final_loss": self.final_loss}
        return {"steps": self.position.step, "final_loss": self.final_loss, "tokens_per_s": self.tokens_per_s}


def forward_loss(model, batch: PackedBatch, device, num_items: float):
    """Summed token loss over `num_items` target tokens (so accumulation and ranks weigh every token equally)."""
    import torch

    inputs = batch.to_tensors(device)
    with torch.autocast(device_type=device.type, dtype=torch.bfloat16):
        out = model(input_ids=inputs["input_ids"], position_ids=inputs["position_ids"], labels=inputs["labels"],
                    use_cache=False, num_items_in_batch=torch.tensor(num_items, device=device))
    return out.loss


def evaluate(model, batches: list[tuple[PackedBatch, bool]], dist_info: Dist) -> float:
    """Mean validation loss per target token over every rank."""
    import torch

    model.eval()
    total, count = 0.0, 0.0
    with torch.no_grad():
        for batch, counted in batches:
            targets = batch.target_tokens
            loss = forward_loss(model, batch, dist_info.device, float(targets))
            if counted:
                total += float(loss) * targets
                count += targets
    model.train()
    total, count = all_reduce_sum(total, dist_info), all_reduce_sum(count, dist_info)
    return total / max(count, 1.0)


def validate(session: Session, step: int, epoch: int) -> None:
    """The validation loss at this point, as a metrics event and a log line (epoch 0: the baseline)."""
    eval_loss = evaluate(session.model, session.eval_batches, session.dist)
    session.run.metric(event="eval", step=step, epoch=epoch, eval_loss=round(eval_loss, 5))
    log(f"before training: eval_loss={eval_loss:.5f}" if epoch == 0 else f"epoch {epoch}: eval_loss={eval_loss:.5f}")


def peak_memory_gib(device) -> float | None:
    import torch

    if device.type == "cuda":
        return round(torch.cuda.max_memory_allocated(device) / 2**30, 2)
    try:
        import resource

        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)
    except Exception:
        return None


def _checkpoint(session: Session, position: Position) -> None:
    save_checkpoint(session.model, session.optimizer, session.output / "checkpoints" / f"step-{position.step}",
                    position.record(), session.plan.rows_per_micro_batch, session.config.max_seq_length,
                    session.config.save_total_limit, session.dist)


def _optimizer_step(session: Session, batches: list[PackedBatch], mine: list[PackedBatch], position: int):
    """One optimizer step over this rank's micro-batches `position`..: (summed loss, gradient norm, all tokens)."""
    import torch

    config, dist_info, sharding = session.config, session.dist, session.plan.sharding
    accumulation = config.gradient_accumulation_steps
    items, tokens = window_totals(batches, dist_info.world, position, accumulation)
    denominator = items / dist_info.world if sharding == "full" else items  # FSDP2 averages over ranks, we sum
    loss_sum = torch.zeros((), device=dist_info.device)
    for batch in mine[position:position + accumulation]:
        loss = forward_loss(session.model, batch, dist_info.device, denominator)
        loss.backward()
        loss_sum += loss.detach()
    if sharding == "replicate":
        sum_gradients(session.params)
    grad_norm = torch.nn.utils.clip_grad_norm_(session.params, config.max_grad_norm)
    session.optimizer.step()
    session.scheduler.step()
    session.optimizer.zero_grad(set_to_none=True)
    return loss_sum, grad_norm, tokens


def train(session: Session) -> Outcome:
    """From `session.start` to the last step (or a stop request), validating and checkpointing at epoch ends; the
    validation after the last step is the recipe's."""
    config, dist_info, run, total = session.config, session.dist, session.run, session.total_steps
    world, accumulation = dist_info.world, config.gradient_accumulation_steps
    step, epoch, skip = session.start.step, session.start.epoch, session.start.batch_in_epoch
    if config.eval_before_training and session.eval_batches and step == 0:
        validate(session, step=0, epoch=0)
    profiler = StepProfiler(config.profile_steps, dist_info.main, session.output, total)
    started, tokens_seen, last_loss = time.time(), 0, float("nan")
    trained = step < total
    while step < total:
        batches = epoch_batches(session.train_samples, session.plan.rows_per_micro_batch, config.max_seq_length,
                                config.seed, world, epoch)
        mine = batches[dist_info.rank::world]
        position, skip = skip, 0
        while position + accumulation <= len(mine) and step < total:
            profiler.before(step)
            loss_sum, grad_norm, tokens = _optimizer_step(session, batches, mine, position)
            position += accumulation
            step += 1
            tokens_seen += tokens
            last_loss, norm, stop = step_stats(loss_sum, grad_norm, STOP_REQUESTED["flag"], dist_info,
                                               session.plan.sharding)
            profiler.after(step)
            if step % config.logging_steps == 0 or step == total:
                elapsed = time.time() - started
                run.metric(event="train", step=step, total_steps=total, epoch=round(epoch + position / len(mine), 3),
                           loss=round(last_loss, 5), learning_rate=session.scheduler.get_last_lr()[0],
                           grad_norm=round(norm, 4), tokens=tokens_seen, tokens_per_s=round(tokens_seen / elapsed, 1),
                           eta_s=round(elapsed / max(step - session.start.step, 1) * (total - step), 1),
                           peak_memory_gib=peak_memory_gib(dist_info.device))
                run.status("running", step=step)
                log(f"step {step}/{total} train_loss={last_loss:.5f} tokens_per_s={tokens_seen / elapsed:.1f}")
            if stop:
                _checkpoint(session, Position(step, epoch, position))
                log(f"stopped on request at step {step}; checkpoint saved, `resume` continues from here")
                return Outcome(True, Position(step, epoch, position), last_loss, 0.0, trained)
            if config.save_steps and step % config.save_steps == 0:
                _checkpoint(session, Position(step, epoch, position))
        epoch += 1
        if step >= total:
            break
        if config.eval_each_epoch and session.eval_batches:
            validate(session, step, epoch)
        _checkpoint(session, Position(step, epoch, 0))
    tokens_per_s = round(tokens_seen / max(time.time() - started, 1e-9), 1)
    return Outcome(False, Position(step, epoch, 0), last_loss, tokens_per_s, trained)
