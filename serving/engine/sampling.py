"""How a request wants its tokens chosen: `SamplingParams` (validated where it is made, so a bad value is the
caller's 400, never the engine's crash), `sample`, the graph-safe top-k/temperature/nucleus draw, and
`accept_drafts`, the same distribution reached through drafted tokens (speculative rejection sampling)."""
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


def candidates(logits, temperature, top_p):
    """The request's processed distribution over the top-k 50 (transformers' default) after temperature and
    nucleus, not yet normalised: (weights, token ids), both [..., 50]. `logits` is [batch, ..., vocab];
    `temperature` and `top_p` are [batch]."""
    import torch

    values, indices = logits.float().topk(TOP_K, dim=-1)
    per_row = (-1,) + (1,) * (logits.dim() - 1)
    probs = torch.softmax(values / temperature.clamp_min(1e-5).view(per_row), dim=-1)
    keep = (probs.cumsum(-1) - probs) < top_p.view(per_row)
    return probs * keep, indices


def draw(weights, indices):
    """One token id per row, with probability proportional to `weights`. Graph-safe: no host synchronisation
    (exponential-race sampling instead of multinomial)."""
    race = weights / weights.new_empty(weights.shape).exponential_()
    return indices.gather(-1, race.argmax(-1, keepdim=True)).squeeze(-1)


def sample(logits, temperature, top_p):
    """A token per row of logits [batch, vocab]; greedy where temperature is 0."""
    import torch

    weights, indices = candidates(logits, temperature, top_p)
    return torch.where(temperature > 0, draw(weights, indices), indices[:, 0])


def accept_drafts(logits, drafts, draft_len, temperature, top_p):
    """Speculative sampling with a deterministic draft. `logits` [batch, width, vocab] are the model's outputs after
    the last accepted token and after each drafted token (`drafts` [batch, width-1], the first `draft_len` [batch]
    of each row real). Draft i is accepted with probability q_i(d_i) under the request's processed distribution q_i
    (a point mass on the top token when greedy), and the run stops at the first rejection; the token after the run is
    drawn from q_n with the rejected draft removed and renormalised, or from q_n itself when every draft was accepted.
    Each token thus follows the distribution plain `sample` would give. Returns (accepted [batch], tokens
    [batch, width]: the accepted drafts, then the drawn token at index `accepted`). Graph-safe."""
    import torch

    batch, width = logits.shape[0], logits.shape[1]
    weights, indices = candidates(logits, temperature, top_p)
    probs = weights / weights.sum(-1, keepdim=True)
    top_only = (torch.arange(probs.shape[-1], device=probs.device) == 0).to(probs.dtype)
    probs = torch.where((temperature > 0).view(-1, 1, 1), probs, top_only)
    drafted = (probs[:, :-1] * (indices[:, :-1] == drafts[:, :, None])).sum(-1)  # q_i(d_i), [batch, width-1]
    real = torch.arange(width - 1, device=logits.device)[None, :] < draft_len[:, None]
    passed = (torch.rand_like(drafted) < drafted) & real
    accepted = passed.long().cumprod(-1).sum(-1)
    rows = torch.arange(batch, device=logits.device)
    padded = torch.cat([drafts, drafts[:, :1]], dim=1)  # index `accepted` always exists
    rejected = (accepted < draft_len)[:, None] & (indices[rows, accepted] == padded[rows, accepted][:, None])
    last = draw(probs[rows, accepted] * ~rejected, indices[rows, accepted])
    last = torch.where(temperature > 0, last, indices[rows, accepted, 0])
    return accepted, padded.scatter(1, accepted[:, None], last[:, None])
