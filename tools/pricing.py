"""Cost estimates and instance shapes from the price table shipped beside this file (date and region inside)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.errors import UserInputError
from training.texts import t

PRICES = Path(__file__).with_name("prices.yaml")


@dataclass(frozen=True)
class Instance:
    name: str
    training_per_hour: float
    hosting_per_hour: float
    gpus: int
    gpu_memory_gib: int
    vcpus: int
    memory_gib: int


@functools.cache
def _table() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(PRICES.read_text(encoding="utf-8"))


def instance(name: str) -> Instance:
    """The shape and prices of an instance type; unknown types are a clear input error."""
    row = _table()["instances"].get(name)
    if row is None:
        known = ", ".join(_table()["instances"])
        raise UserInputError(t("unknown instance type '{instance}'", instance=name), fix=t("choose one of: {known}",
                                                                                          known=known))
    return Instance(name, *row)


def label() -> str:
    """How every estimate is labelled: where the numbers come from."""
    return t("estimate from the {region} on-demand price table of {date}", region=_table()["region"],
             date=_table()["date"])


def quota_name(name: str, use: str, spot: bool = False) -> str:
    """The Service Quotas entry a job or endpoint needs (Amazon SageMaker)."""
    if use == "training":
        return f"{name} for {'spot ' if spot else ''}training job usage"
    return f"{name} for endpoint usage"
