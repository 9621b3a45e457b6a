"""The offline brain on the independently written evaluation sets (tests/assistant/independent_*_phrases.yaml,
written by people who never saw assistant/phrases.yaml or the other sets): at least 95% right and not one destructive
or cost-bearing error, scored by tests/benchmarks/bench_router.py's rules. A set stays here after its first run, when
its misses may be tuned on (its header says so): from then on it guards against regressions as a development set."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.bench_router import PHRASE_SETS, evaluate, report

INDEPENDENT = sorted(PHRASE_SETS.glob("independent_*_phrases.yaml"))


@pytest.mark.skipif(not INDEPENDENT, reason="no tests/assistant/independent_*_phrases.yaml yet: the independent "
                                            "evaluation sets are added by whoever wrote them")
@pytest.mark.parametrize("path", INDEPENDENT, ids=[p.name for p in INDEPENDENT])
def test_independent_set(path: Path) -> None:
    result = evaluate(path.name.removesuffix("_phrases.yaml"))
    assert result["destructive_errors"] == [], report(result)
    assert result["accuracy"] >= 0.95, report(result)
