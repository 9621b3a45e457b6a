"""How a request wants its tokens chosen: `SamplingParams` (validated where it is made, so a bad value is the
caller's 400, never the engine's crash) and `sample`, the graph-safe top-k/temperature/nucleus draw."""
from __future__ import annotations

from dataclasses import dataclass

TOP_K = 50


@dataclass(frozen=True)
class SamplingParams:
    max_tokens: int = 512
    temperature: float = 1.0  # 0: greedy
    top_p: float = 1.0

    def __post_init__(self) -> None:
        if isinstance(self.max_tokens, bool) or not isinstance(self.max_tokens, int) or self.max_tokens < 1:
            raise ValueError(f"max_tokens must be an integer >= 1, got {self.max_tokens!r}")
        if not 0 <= self.temperature <= 2:
            raise ValueError(f"temperature must be between 0 and 2, got {self.temperature!r}")
        if not 0 < self.top_p <= 1:
            raise ValueError(f"top_p must be more than 0 and at most 1, got {self.top_p!r}")


def sample(logits, temperature, top_p):
    """Top-k 50 (transformers' default), then temperature and nucleus; greedy where temperature is 0. Graph-safe:
    no host synchronisation (exponential-race sampling instead of multinomial)."""
    import torch

    values, indices = logits.float().topk(TOP_K, dim=-1)
    probs = torch.softmax(values / temperature.clamp_min(1e-5)[:, None], dim=-1)
    keep = (probs.cumsum(-1) - probs) < top_p[:, None]
    race = (probs * keep) / torch.empty_like(probs).exponential_()
    sampled = indices.gather(1, race.argmax(-1, keepdim=True))[:, 0]
    return torch.where(temperature > 0, sampled, indices[:, 0])
