"""Benchmark (not a test): the offline brain on a set of phrasings, scored by the rules every set here is written to.

    python -m tests.benchmarks.bench_router [--set heldout|dev|everyday_dev|everyday_heldout|NAME]

`--set NAME` reads tests/assistant/NAME_phrases.yaml: a list of {text, tool, args?, ask?}. `tool` is a tool name,
`none` (no tool call: a reply) or `repeat`; `args` lists only the arguments that must match exactly, as the tool
runs them (null: absent or empty; an absent argument takes the tool's default, so listing a default checks that
nothing else was read as it); `ask: true` means the right answer is a clarifying question (no tool call and a reply).

Right: a question where one is due, or the expected tool with every listed argument equal (`none`: no tool call).
A destructive or cost-bearing error (goal 0): a gated tool (SageMaker training or deployment, teardown) called when
another tool, `none` or a question was due, or the expected gated tool called with an instance type, instance count,
ids or S3 scope other than the listed one. A question where a gated action was expected is safe (not right, no
error); include_s3 false where true was listed is wrong but not destructive.

A `repeat` case is answered after an earlier turn that checked one job; repeating it is right.
Prints right/total, the errors, the safe questions, the misses, the Korean analyser's load time, the classifier's
training time and the routing time per message (wall clock, and the CPU time of the routing thread, which other work
on the machine does not inflate).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml
from langchain_core.messages import AIMessage, HumanMessage

PHRASE_SETS = Path(__file__).resolve().parents[1] / "assistant"
GATED = {"train_on_sagemaker", "deploy_to_sagemaker", "teardown"}
DESTRUCTIVE = ("instance_type", "instance_count", "ids", "include_s3")
EARLIER_CALL = {"name": "job_status", "args": {"job_id": "train-20990101-000000-beef"}}
EARLIER = [HumanMessage("train-20990101-000000-beef 상태"),
           AIMessage("", tool_calls=[{**EARLIER_CALL, "id": "call_earlier"}])]


def set_path(name: str) -> Path:
    return PHRASE_SETS / f"{name}_phrases.yaml"


def expected_tool(case: dict) -> str:
    return "none" if case.get("tool") in (None, "none") else case["tool"]


def as_run(tool: str | None, args: dict) -> dict:
    """The arguments the tool runs with: an absent (or null) one takes its default from the action's model, so a
    case that lists a default (to check that no other number in the message was read as it) is right when the
    brain leaves it out, and wrong when the brain sets something else."""
    from assistant.actions import ACTIONS

    if tool not in ACTIONS:
        return args
    defaults = {name: field.default for name, field in ACTIONS[tool].args.model_fields.items()
                if not field.is_required()}
    return {**defaults, **{key: value for key, value in args.items() if value is not None}}


def judge(case: dict, tool: str | None, args: dict, reply: str | None) -> tuple[bool, bool]:
    """(right, a destructive or cost-bearing error) for one answer; tool None means no tool call."""
    expected, listed, args = expected_tool(case), case.get("args") or {}, as_run(tool, args)
    if tool in GATED:
        destructive = case.get("ask") or tool != expected or any(
            key in listed and not _same(key, args.get(key), listed[key]) and not (key == "include_s3" and listed[key])
            for key in DESTRUCTIVE)
    else:
        destructive = False
    if case.get("ask"):
        return tool is None and bool(reply), bool(destructive)
    if expected == "none":
        return tool is None, bool(destructive)
    if expected == "repeat":
        return tool == EARLIER_CALL["name"] and args == EARLIER_CALL["args"], bool(destructive)
    return tool == expected and all(_same(key, args.get(key), value) for key, value in listed.items()), \
        bool(destructive)


def _same(key: str, got: object, listed: object) -> bool:
    """Equal as the tool runs it: an article's text without its edges; ids as a set (teardown removes what is named,
    in its own safe order)."""
    if key == "text" and isinstance(got, str) and isinstance(listed, str):
        return got.strip() == listed.strip()
    if key == "ids" and isinstance(got, list) and isinstance(listed, list):
        return sorted(got) == sorted(listed)
    return got == listed


def evaluate(name: str = "heldout") -> dict:
    from assistant import intents, korean
    from assistant.router import OfflineRouter

    cases = yaml.safe_load(set_path(name).read_text(encoding="utf-8"))
    started = time.perf_counter()
    korean.analyser()
    analyser_s = time.perf_counter() - started
    intents.classifier()
    training_s = time.perf_counter() - started - analyser_s
    router, misses, errors, safe, wall, cpu = OfflineRouter(), [], [], [], [], []
    for case in cases:
        history = EARLIER if expected_tool(case) == "repeat" else []
        started, started_cpu = time.perf_counter(), time.thread_time()
        tool, args, reply = router.route(case["text"], history)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        right, destructive = judge(case, tool, args, reply)
        answer = {"text": case["text"], "expected": expected_tool(case) + (" (ask)" if case.get("ask") else ""),
                  "listed": case.get("args") or {}, "got": tool or "none", "args": args}
        if not right:
            misses.append(answer)
        if destructive:
            errors.append(answer)
        if tool is None and not case.get("ask") and expected_tool(case) in GATED:
            safe.append(answer)
    return {"name": name, "cases": len(cases), "right": len(cases) - len(misses),
            "accuracy": 1 - len(misses) / len(cases), "destructive_errors": errors, "safe_questions": safe,
            "misses": misses, "analyser_s": analyser_s, "training_s": training_s,
            "median_ms": statistics.median(wall), "max_ms": max(wall),
            "median_cpu_ms": statistics.median(cpu), "max_cpu_ms": max(cpu),
            "phrases": sum(len(v) for v in intents.load_phrases().values())}


def report(result: dict) -> str:
    lines = [f"Korean analyser (Kiwi) loaded in {result['analyser_s']:.2f}s; training phrases: {result['phrases']}; "
             f"classifier ready in {result['training_s']:.2f}s (loaded when stored, else fitted and stored)",
             f"{result['name']}: {result['right']}/{result['cases']} right = {result['accuracy']:.1%} (goal >= 95%)",
             f"destructive or cost-bearing errors: {len(result['destructive_errors'])} (goal 0)",
             *(f"  ERROR: {e['text']!r}: expected {e['expected']} {e['listed']}, got {e['got']} {e['args']}"
               for e in result["destructive_errors"]),
             f"safe questions (no tool where a gated action was expected): {len(result['safe_questions'])}",
             f"routing time per message: median {result['median_ms']:.2f} ms, max {result['max_ms']:.2f} ms wall; "
             f"median {result['median_cpu_ms']:.2f} ms, max {result['max_cpu_ms']:.2f} ms CPU (goal median < 5)"]
    lines += [f"  miss: {m['text']!r}: expected {m['expected']} {m['listed']}, got {m['got']} {m['args']}"
              for m in result["misses"]]
    return "\n".join(lines)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="heldout", help="NAME of a tests/assistant/NAME_phrases.yaml")
    name = parser.parse_args().set
    if not set_path(name).is_file():
        parser.error(f"no {set_path(name)}")
    result = evaluate(name)
    print(report(result))
    return 0 if result["accuracy"] >= 0.95 and not result["destructive_errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
