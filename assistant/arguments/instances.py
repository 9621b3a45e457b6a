"""Which SageMaker instance types exist, so a name that only looks like one ("ml.g5.99xlarge", "ml.g5.3xlarge") is
never planned: it is a typo or a guess, and the brain asks, naming the nearest real ones. The families are the GPU
and CPU ones SageMaker trains and hosts on (AWS's SageMaker pricing page, training and real-time inference); every
type in tools/prices.yaml is one of them."""
from __future__ import annotations

import difflib
import math
import re

G_SIZES = ("xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge")
SIZES = {
    "g4dn": ("xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"),
    "g5": G_SIZES, "g6": G_SIZES, "g6e": G_SIZES,
    "p2": ("xlarge", "8xlarge", "16xlarge"), "p3": ("2xlarge", "8xlarge", "16xlarge"), "p3dn": ("24xlarge",),
    "p4d": ("24xlarge",), "p4de": ("24xlarge",), "p5": ("48xlarge",), "p5e": ("48xlarge",), "p5en": ("48xlarge",),
    "m5": ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"),
    "m6i": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"),
    "c5": ("large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"),
    "c6i": ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"),
    "t2": ("medium", "large", "xlarge", "2xlarge"), "t3": ("medium", "large", "xlarge", "2xlarge"),
}
KNOWN = [f"ml.{family}.{size}" for family, sizes in SIZES.items() for size in sizes]


def exists(family: str, size: str) -> bool:
    return size in SIZES.get(family, ())


def _scale(size: str) -> float:
    """How big a size is, in xlarge units: medium 0.25, large 0.5, xlarge 1, 12xlarge 12."""
    parts = re.fullmatch(r"(\d*)(x?)large", size)
    return int(parts[1] or 1) * (1.0 if parts[2] else 0.5) if parts else 0.25


def nearest(family: str, size: str) -> list[str]:
    """The real types closest to ml.<family>.<size>: the family's two nearest sizes, or the closest spellings in
    another family ("g7.12xlarge" -> ml.g6.12xlarge); none when nothing is close."""
    if family in SIZES:
        closest = sorted(SIZES[family], key=lambda s: abs(math.log(_scale(s) / _scale(size))))[:2]
        return [f"ml.{family}.{s}" for s in sorted(closest, key=_scale)]
    return difflib.get_close_matches(f"ml.{family}.{size}", KNOWN, n=2, cutoff=0.75)
