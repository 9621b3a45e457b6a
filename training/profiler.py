"""`profile_steps: N`: rank 0 profiles the run's last N optimizer steps into OUTPUT_DIR/profile.json (device time
per step, the part spent in collectives, the costliest kernels), so a slow step can be explained from a run."""
from __future__ import annotations

import json
from pathlib import Path


class StepProfiler:
    """Starts the torch profiler before the first profiled step and writes the summary after the last."""

    def __init__(self, steps: int, main: bool, output: Path, total_steps: int):
        self.first = total_steps - steps if steps and main else None
        self.steps, self.output, self.profile = steps, output, None

    def before(self, step: int) -> None:
        if self.first is not None and step == self.first:
            import torch

            activities = [torch.profiler.ProfilerActivity.CPU]
            if torch.cuda.is_available():
                activities.append(torch.profiler.ProfilerActivity.CUDA)
            self.profile = torch.profiler.profile(activities=activities)
            self.profile.start()

    def after(self, step: int) -> None:
        if self.profile is None or step < self.first + self.steps:
            return
        from torch.autograd import DeviceType

        self.profile.stop()
        kernels = [e for e in self.profile.key_averages()  # device kernels only, not the "nccl:..." annotations
                   if e.device_type != DeviceType.CPU and not e.key.startswith("nccl:")]
        rows = sorted(((e.key, e.self_device_time_total / 1000) for e in kernels if e.self_device_time_total > 0),
                      key=lambda row: -row[1])
        comm = sum(ms for k, ms in rows if k.startswith(("ncclDevKernel", "ncclKernel")))
        device = sum(ms for _, ms in rows)
        (self.output / "profile.json").write_text(json.dumps({
            "steps": self.steps, "device_ms_per_step": round(device / self.steps, 2),
            "communication_ms_per_step": round(comm / self.steps, 2),
            "top_kernels_ms_per_step": [[k[:120], round(ms / self.steps, 2)] for k, ms in rows[:12]]}, indent=1))
        self.profile = None
