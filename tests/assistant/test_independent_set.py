"""The offline brain on the independently written evaluation sets (tests/assistant/independent_*_phrases.yaml,
written by people who never saw assistant/phrases.yaml or the other sets): at least 95% right and not one destructive
or cost-bearing error, scored by tests/benchmarks/bench_router.py's rules. A set stays here after its first run, when
its misses may be tuned on (its header says so): from then on it guards against regressions as a development set."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.bench_router import PHRASE_SETS, evaluate, report

# Sets whose misses are not fixed yet: the test is expected to fail (strict: once it passes, the mark must go).
NOT_YET_MET: dict[str, str] = {
    "independent_aj_phrases.yaml": "first run 86/135 = 63.7%, 9 destructive or cost-bearing errors (87/135 and 8 with "
                                   "ids judged as a set); 118/135 and 0 errors after round 25's fixes",
    "independent_ak_phrases.yaml": "first run 115/135 = 85.2%, 7 destructive or cost-bearing errors; 122/135 and 0 "
                                   "errors after fixing those by cause",
}
INDEPENDENT = [pytest.param(path, id=path.name, marks=[pytest.mark.xfail(strict=True, reason=NOT_YET_MET[path.name])]
                            if path.name in NOT_YET_MET else [])
               for path in sorted(PHRASE_SETS.glob("independent_*_phrases.yaml"))]


@pytest.mark.skipif(not INDEPENDENT, reason="no tests/assistant/independent_*_phrases.yaml yet: the independent "
                                            "evaluation sets are added by whoever wrote them")
@pytest.mark.parametrize("path", INDEPENDENT)
def test_independent_set(path: Path) -> None:
    result = evaluate(path.name.removesuffix("_phrases.yaml"))
    assert result["destructive_errors"] == [], report(result)
    assert result["accuracy"] >= 0.95, report(result)


def test_a_listed_default_is_judged_as_the_tool_runs_it() -> None:
    """A case may list a default (one instance) to check that no other number was read: leaving it out is right,
    another count is a cost-bearing error, and an absent S3 scope keeps S3."""
    from tests.benchmarks.bench_router import judge

    case = {"tool": "train_on_sagemaker", "args": {"instance_type": "ml.g5.12xlarge", "instance_count": 1}}
    assert judge(case, "train_on_sagemaker", {}, None) == (True, False)
    assert judge(case, "train_on_sagemaker", {"instance_count": 2}, None) == (False, True)
    keep = {"tool": "teardown", "args": {"include_s3": False}}
    assert judge(keep, "teardown", {"ids": None}, None) == (True, False)
    assert judge(keep, "teardown", {"include_s3": True}, None) == (False, True)


def test_the_committed_independent_phrases_are_what_the_sets_give() -> None:
    """assistant/phrases_independent.yaml (the classifier's extra training phrases) is generated from the sets;
    after a set or the article reading changes, regenerate it: python -m tests.benchmarks.bench_leave_one_out --write"""
    from assistant.intents import INDEPENDENT_PHRASES, load_phrases
    from tests.benchmarks.bench_leave_one_out import independent_phrases_yaml

    assert INDEPENDENT_PHRASES.read_text(encoding="utf-8") == independent_phrases_yaml(), \
        "assistant/phrases_independent.yaml is stale: python -m tests.benchmarks.bench_leave_one_out --write"
    trained = load_phrases()
    assert all(text in trained[intent] for intent, texts in load_phrases(INDEPENDENT_PHRASES).items()
               for text in texts)


def test_ids_are_judged_as_a_set_and_a_wrong_one_is_an_error() -> None:
    from tests.benchmarks.bench_router import judge

    case = {"tool": "teardown", "args": {"ids": ["train-20261207-143020-c9d1", "kosum-ep-3e8a"], "include_s3": False}}
    assert judge(case, "teardown", {"ids": ["kosum-ep-3e8a", "train-20261207-143020-c9d1"], "include_s3": False},
                 None) == (True, False)  # the tool removes what is named, in its own order
    assert judge(case, "teardown", {"ids": ["kosum-ep-3e8a", "kosum-ep-7c3d"], "include_s3": False}, None) == (
        False, True)
