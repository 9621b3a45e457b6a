"""The small result object every operation returns: the CLI prints it, the agent replies with it, the UI renders it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class OpResult:
    """`text` for people (CLI and chat), `data` for `--json`, the UI and the tests."""

    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"text": self.text, **self.data}, ensure_ascii=False, indent=1, default=str)
