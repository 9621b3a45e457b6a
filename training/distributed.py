"""How the processes of one run (torchrun ranks) work together: which rank and device this is, the replicated mode
(every rank holds the 4-bit base; one flat all-reduce of the LoRA gradients per step), FSDP2 full sharding, and the
step's one host synchronisation."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dist:
    rank: int
    world: int
    local_rank: int
    device: Any

    @property
    def main(self) -> bool:
        return self.rank == 0


def init_distributed(max_gpu_memory_gib: float = 0.0) -> Dist:
    import torch
    import torch.distributed as dist

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
        if max_gpu_memory_gib:  # as if on a smaller GPU (the workshop's 24 GB A10G): allocations past it fail
            total = torch.cuda.get_device_properties(device).total_memory
            torch.cuda.set_per_process_memory_fraction(min(1.0, max_gpu_memory_gib * 2**30 / total), device)
    else:
        device = torch.device("cpu")
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return Dist(rank, world, local_rank, device)


def close_distributed() -> None:
    import torch.distributed as dist

    if dist.is_initialized():
        dist.destroy_process_group()


def all_reduce_sum(value: float, dist_info: Dist) -> float:
    import torch
    import torch.distributed as dist

    if dist_info.world == 1:
        return value
    tensor = torch.tensor([value], dtype=torch.float64, device=dist_info.device)
    dist.all_reduce(tensor)
    return float(tensor.item())


def shard_model(model, cpu_offload: bool, dist_info: Dist) -> None:
    """FSDP2: full shard per decoder layer (auto wrap) and at the root; bf16 compute, fp32 gradient reduction."""
    import torch
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.fsdp import CPUOffloadPolicy, MixedPrecisionPolicy, fully_shard

    mesh = init_device_mesh(dist_info.device.type, (dist_info.world,))
    policy = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32)
    extra: dict[str, Any] = {"mesh": mesh, "mp_policy": policy}
    if cpu_offload:
        extra["offload_policy"] = CPUOffloadPolicy()
    for layer in model.base_model.model.model.layers:
        fully_shard(layer, **extra)
    fully_shard(model, **extra)


def broadcast_trainable(params: list) -> None:
    """Replicated runs start every rank from rank 0's LoRA weights (one flat broadcast)."""
    import torch.distributed as dist
    from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

    flat = _flatten_dense_tensors([p.data for p in params])
    dist.broadcast(flat, src=0)
    for param, synced in zip(params, _unflatten_dense_tensors(flat, [p.data for p in params])):
        param.data.copy_(synced)


def sum_gradients(params: list) -> None:
    """Replicated runs add up every rank's LoRA gradients: one flat all-reduce per optimizer step."""
    import torch.distributed as dist
    from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

    grads = [p.grad for p in params]
    flat = _flatten_dense_tensors(grads)
    dist.all_reduce(flat)
    for grad, synced in zip(grads, _unflatten_dense_tensors(flat, grads)):
        grad.copy_(synced)


def step_stats(loss_sum, grad_norm, stop: bool, dist_info: Dist, sharding: str) -> tuple[float, float, bool]:
    """The step's loss, gradient norm and 'stop requested' across ranks, with one all-reduce and the step's only
    host synchronisation. Each rank's loss is its share of the global mean; FSDP2 averages (so shares are world
    times larger), replication sums."""
    import torch
    import torch.distributed as dist

    norm = grad_norm.full_tensor() if hasattr(grad_norm, "full_tensor") else grad_norm
    stats = torch.stack([loss_sum.float(), norm.float(), torch.tensor(float(stop), device=loss_sum.device)])
    if dist_info.world > 1:
        dist.all_reduce(stats)
    loss, norm_sum, stops = stats.tolist()
    return loss / (dist_info.world if sharding == "full" else 1), norm_sum / dist_info.world, stops > 0
