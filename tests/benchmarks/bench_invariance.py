"""Benchmark (not a test): does the offline brain keep its answer when a request is wrapped in ways that change
nothing it should do? Each new unseen set scores below the sets the brain was fixed on, and its misses are mostly
wrappers the brain had not met, so this measures that directly on the cases it already routes right.

    python -m tests.benchmarks.bench_invariance [--set NAME ...] [--seed N] [--shown N]

Transformations (sentence pools and endings in tests/benchmarks/invariance_pools.py):
  before   a neutral context or reason sentence before the message (two drawn per case)
  after    a neutral remark or sign-off after it (two drawn per case)
  level    the last Korean request ending in each other speech level (해줘, 해 주세요, 해 주시겠어요?, 하십시오,
           해 주시기 바랍니다, 부탁드립니다) where a clean rewrite exists
  polite   an English imperative first sentence in politeness wrappers (Would you mind …ing?, I'd like you to …, …)
  asked    a one-request message routed to a step that acts (ACTS) put in a question about doing it (…도 괜찮을까요?,
           …면 비용이 얼마나 나와요?, what happens if I …?, is it safe to …?): kept when no such step is planned (an
           answer, or a read-only view); a gated tool planned is destructive
`before`, `after` and `polite` skip summarize cases (the sentence or wrapper would change the article). A variant keeps when the set's
rules still judge it right (same tool, every listed argument equal); a break that calls a gated tool where the
original did not, or with other listed gated arguments, is counted as destructive. Prints the share kept per
transformation and per set, and the first breaks.
"""
from __future__ import annotations

import random
import re
import sys
from collections import Counter, defaultdict

import yaml

from tests.benchmarks import invariance_pools as pools
from tests.benchmarks.bench_router import EARLIER, GATED, expected_tool, judge, set_path

HANGUL = re.compile(r"[가-힣]")
ACTS = {"teardown", "train_on_sagemaker", "deploy_to_sagemaker", "start_training", "stop_job", "resume_job", "deploy",
        "prepare_data"}  # a question about one of these never plans any of them
KINDS = ("before", "after", "level", "polite", "asked")


def variants(case: dict, rng: random.Random) -> list[tuple[str, str, str]]:
    """(transformation, form, text) for one case."""
    text, korean = case["text"], bool(HANGUL.search(case["text"]))
    found = []
    if expected_tool(case) != "summarize":
        for sentence in rng.sample(pools.KO_BEFORE if korean else pools.EN_BEFORE, 2):
            joint = "\n" if text.lstrip().startswith(">") else " "  # a quoted first line stays a quote
            found.append(("before", sentence, f"{sentence}{joint}{text}"))
        for sentence in rng.sample(pools.KO_AFTER if korean else pools.EN_AFTER, 2):
            found.append(("after", sentence, f"{text.rstrip()} {sentence}"))
    if korean:
        found += [("level", form, new) for form, new in pools.ko_levels(text).items()]
    elif expected_tool(case) != "summarize":
        found += [("polite", form, new) for form, new in pools.en_wrappers(text).items()]
    if expected_tool(case) in ACTS:
        found += [("asked", form, new) for form, new in
                  pools.asked_about(text, expected_tool(case) == "teardown").items()]
    return found


def judged(kind: str, case: dict, tool: str | None, args: dict, reply: str | None) -> tuple[bool, bool]:
    """(kept, destructive) for one variant: a question about an action keeps when no acting step is planned."""
    if kind == "asked":
        return tool not in ACTS, tool in GATED
    return judge(case, tool, args, reply)


def evaluate(names: list[str], seed: int, only: set[str] | None = None) -> dict:
    from assistant.router import OfflineRouter

    router, rng = OfflineRouter(), random.Random(seed)
    kept, total, per_set, breaks, destructive, base = Counter(), Counter(), defaultdict(Counter), [], [], Counter()
    forms = Counter()
    for name in names:
        for case in yaml.safe_load(set_path(name).read_text(encoding="utf-8")):
            history = EARLIER if expected_tool(case) == "repeat" else []
            right, _ = judge(case, *router.route(case["text"], history))
            base[name] += 1
            if not right:
                continue
            base[name, "right"] += 1
            for kind, form, text in variants(case, rng):
                if only and kind not in only:
                    continue
                tool, args, reply = router.route(text, history)
                ok, harmful = judged(kind, case, tool, args, reply)
                total[kind] += 1
                per_set[name][kind, "total"] += 1
                kept[kind] += ok
                per_set[name][kind] += ok
                forms[kind, form, "total"] += 1
                forms[kind, form] += ok
                if not ok:
                    breaks.append({"set": name, "kind": kind, "form": form, "text": text, "expected":
                                   expected_tool(case), "listed": case.get("args") or {}, "got": tool or "none",
                                   "args": args})
                if harmful:
                    destructive.append(breaks[-1])
    return {"kept": kept, "total": total, "per_set": per_set, "breaks": breaks, "destructive": destructive,
            "base": base, "names": names, "forms": forms}


def report(result: dict, shown: int) -> str:
    kinds = KINDS
    kept, total = result["kept"], result["total"]
    all_kept, all_total = sum(kept.values()), sum(total.values())
    lines = [f"invariance: {all_kept}/{all_total} kept = {all_kept / max(all_total, 1):.1%}; "
             f"destructive or cost-bearing breaks: {len(result['destructive'])} (goal 0)"]
    lines += [f"  {kind:<7} {kept[kind]}/{total[kind]} = {kept[kind] / max(total[kind], 1):.1%}" for kind in kinds]
    lines.append("per set (right cases; kept/variants per transformation):")
    for name in result["names"]:
        counts = result["per_set"][name]
        cells = "  ".join(f"{kind} {counts[kind]}/{counts[kind, 'total']}" for kind in kinds)
        lines.append(f"  {name}: right {result['base'][name, 'right']}/{result['base'][name]}  {cells}")
    lines.append("asked, per template (kept/variants):")
    lines += [f"  {key[1]}: {result['forms'][key[:2]]}/{count}" for key, count in sorted(result["forms"].items())
              if len(key) == 3 and key[0] == "asked"]
    forms = Counter((b["kind"], b["form"]) for b in result["breaks"])
    lines.append("most frequent breaking forms:")
    lines += [f"  {count:>3}  {kind}: {form}" for (kind, form), count in forms.most_common(12)]
    lines += [f"  DESTRUCTIVE [{b['set']}/{b['kind']}] {b['text']!r}: expected {b['expected']} {b['listed']}, "
              f"got {b['got']} {b['args']}" for b in result["destructive"]]
    lines += [f"  break [{b['set']}/{b['kind']}] {b['text']!r}: expected {b['expected']} {b['listed']}, "
              f"got {b['got']} {b['args']}" for b in result["breaks"][:shown]]
    return "\n".join(lines)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", help="NAME of a tests/assistant/NAME_phrases.yaml (repeatable; "
                        "default: every set)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these transformations (repeatable)")
    parser.add_argument("--shown", type=int, default=20, help="how many breaks to print")
    options = parser.parse_args()
    names = options.set or sorted(path.name.removesuffix("_phrases.yaml")
                                  for path in set_path("x").parent.glob("*_phrases.yaml"))
    print(report(evaluate(names, options.seed, set(options.kind or ())), options.shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
