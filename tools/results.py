"""The small result object every operation returns: the CLI prints it, the agent replies with it, the UI renders it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from training.texts import t


@dataclass
class OpResult:
    """`text` for people (CLI and chat), `data` for `--json`, the UI and the tests."""

    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"text": self.text, **self.data}, ensure_ascii=False, indent=1, default=str)


def fingerprint(plan: Any) -> str:
    """A short digest of a plan (what it creates or removes, and its cost): what runs must be what was approved."""
    return hashlib.sha256(json.dumps(plan, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def ensure_approved_plan(approved: str | None, plan: Any) -> None:
    """Stop before acting when the plan made now is not the one that was approved (`approved` = its fingerprint)."""
    from tools.errors import KosumError

    if approved is not None and approved != fingerprint(plan):
        raise KosumError(t("the plan changed after it was approved (other resources or another cost); nothing was "
                           "done"), fix=t("ask again to see the new plan and approve that one"))
