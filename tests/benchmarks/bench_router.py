"""Benchmark (not a test): the offline brain on held-out phrasings it was never trained or tuned on.

    python -m tests.benchmarks.bench_router [--set heldout|dev]

Prints the share answered right (tool and the listed arguments; a question where one is due), every cost-bearing
argument read wrong (instance type or count of a SageMaker action: must be 0), the misses, the training time and the
routing time per message.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

SETS = {name: Path(__file__).resolve().parents[1] / "assistant" / f"{name}_phrases.yaml" for name in ("heldout", "dev")}
COST_BEARING = ("instance_type", "instance_count")


def judge(case: dict, tool: str | None, args: dict, reply: str | None) -> tuple[bool, bool]:
    """(right, a cost-bearing argument read wrong)."""
    if case.get("ask"):
        return tool is None and bool(reply), tool is not None and any(k in args for k in COST_BEARING)
    expected = case.get("args", {})
    wrong_cost = tool == case["tool"] and any(k in expected and args.get(k) != expected[k] for k in COST_BEARING)
    right = tool == case["tool"] and all(args.get(k) == v for k, v in expected.items())
    return right, wrong_cost


def evaluate(name: str = "heldout") -> dict:
    from assistant import intents
    from assistant.router import OfflineRouter

    cases = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))
    started = time.perf_counter()
    intents.classifier()
    training_s = time.perf_counter() - started
    router, misses, cost_errors, timings = OfflineRouter(), [], [], []
    for case in cases:
        started = time.perf_counter()
        tool, args, reply = router.route(case["text"])
        if tool == "repeat" or (tool is None and case["tool"] == "repeat" and reply):
            tool = "repeat"  # with no history the brain says there is nothing to repeat: the intent was read
        timings.append((time.perf_counter() - started) * 1000)
        right, wrong_cost = judge(case, tool, args, reply)
        if not right:
            misses.append({"text": case["text"], "expected": case["tool"], "got": tool, "args": args})
        if wrong_cost:
            cost_errors.append({"text": case["text"], "args": args})
    return {"cases": len(cases), "right": len(cases) - len(misses), "accuracy": 1 - len(misses) / len(cases),
            "cost_errors": cost_errors, "misses": misses, "training_s": training_s,
            "median_ms": statistics.median(timings), "max_ms": max(timings),
            "phrases": sum(len(v) for v in intents.load_phrases().values())}


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=sorted(SETS), default="heldout")
    name = parser.parse_args().set
    result = evaluate(name)
    print(f"training phrases: {result['phrases']}; classifier trained in {result['training_s']:.2f}s")
    print(f"{name}: {result['right']}/{result['cases']} right = {result['accuracy']:.1%} (goal >= 95%)")
    print(f"cost-bearing arguments read wrong: {len(result['cost_errors'])} (goal 0)")
    print(f"routing time per message: median {result['median_ms']:.2f} ms, max {result['max_ms']:.2f} ms (goal < 50)")
    for miss in result["misses"]:
        print(f"  miss: {miss['text']!r}: expected {miss['expected']}, got {miss['got']} {miss['args']}")
    return 0 if result["accuracy"] >= 0.95 and not result["cost_errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
