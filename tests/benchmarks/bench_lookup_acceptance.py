"""Benchmark (not a test), issue #28 (c): how many tokens per verify step prompt lookup would give if the model
wrote exactly the reference summaries. For each record of a prepared split (`python -m assistant data prepare
--source sample`, or `training.data.prepare("sample", DIR)` when --data is not given), the prompt is rendered as the
product renders it (the workshop's chat template, the tokenizer's own EOS) and the reference summary + EOS is
teacher-forced: at each step the engine's drafter (`serving.engine.lookup.NgramDrafter`) proposes up to k tokens,
the longest prefix equal to the reference is accepted plus one token, as a verify step would. "with pauses" adds
the scheduler's own rule (`Scheduler.after_step`: a request whose accepted drafts average below the floor stops
drafting for a while), as the engine runs it. Runs on the CPU in seconds.

    python -m tests.benchmarks.bench_lookup_acceptance --tokenizer PATH --out $OUT [--data DIR] [--splits test]
        [--ks 1,2,3,4,5,6,8] [--ngrams 1-3,2-3,1-1,1-5]

PATH is a model or tokenizer folder, or a `tokenizer.json` (then --eos names the end-of-text token). The JSON
written (`lookup_acceptance.json`) holds, for the default n-grams, mean tokens per step by k: the acceptance input
of `bench_verify_step --acceptance`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections import Counter
from pathlib import Path


def load_tokenizer(path: Path, eos: str):
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    from training.prompts import CHAT_TEMPLATE

    if path.is_file():
        tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(path), eos_token=eos)
    else:
        tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.chat_template = CHAT_TEMPLATE  # the product's rendering, whatever the folder carried
    return tokenizer


def records(data: Path | None, splits: list[str]) -> list[dict]:
    """(prompt messages, reference summary) of every record of the splits, from a prepared folder."""
    from training.data import prepare, resolve_data_dir

    if data is None:
        data = prepare("sample", Path(tempfile.mkdtemp(prefix="kosum-lookup-")) / "sample").out_dir
    folder = resolve_data_dir(data)
    rows = []
    for split in splits:
        for line in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            messages = json.loads(line)["messages"]
            rows.append({"split": split, "prompt": messages[:2], "summary": messages[2]["content"]})
    return rows


def teacher_forced(prompt: list[int], reference: list[int], k: int, min_ngram: int, max_ngram: int,
                   scheduler=None) -> Counter:
    """Tokens per verify step (histogram) when the model emits exactly `reference` after `prompt`; the first
    reference token comes from prefill, as in the engine."""
    from serving.engine.lookup import NgramDrafter
    from serving.engine.scheduler import LookupState

    tokens = prompt + reference[:1]
    drafter, state, steps = NgramDrafter(tokens, min_ngram, max_ngram), LookupState(), Counter()
    done = 1
    while done < len(reference):
        paused = scheduler is not None and state.paused
        draft = [] if paused else drafter.propose(k)
        accepted = 0
        while accepted < len(draft) and done + accepted < len(reference) and draft[accepted] == reference[done + accepted]:
            accepted += 1
        emitted = min(accepted + 1, len(reference) - done)
        tokens.extend(reference[done:done + emitted])
        done += emitted
        steps[emitted] += 1
        if scheduler is not None:
            state = scheduler.after_step(state, len(draft), accepted)
    return steps


def mean(histogram: Counter) -> float:
    steps = sum(histogram.values())
    return sum(n * c for n, c in histogram.items()) / steps if steps else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, help="a prepared folder (default: the bundled sample, prepared now)")
    parser.add_argument("--splits", default="test")
    parser.add_argument("--ks", default="1,2,3,4,5,6,8")
    parser.add_argument("--ngrams", default="1-3,2-3,1-1,1-5", help="min-max n-gram sizes; the first is the default")
    parser.add_argument("--eos", default="<|end_of_text|>", help="EOS token when --tokenizer is a tokenizer.json")
    args = parser.parse_args()

    from serving.engine.scheduler import LookupSettings, Scheduler

    tokenizer = load_tokenizer(args.tokenizer, args.eos)
    rows = records(args.data, args.splits.split(","))
    encoded = []
    for row in rows:
        prompt = tokenizer.apply_chat_template(row["prompt"], add_generation_prompt=True, tokenize=True,
                                               return_dict=True)["input_ids"]
        reference = tokenizer(row["summary"], add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        encoded.append((prompt, reference))
    print(json.dumps({"tokenizer": str(args.tokenizer), "records": len(rows), "splits": args.splits,
                      "prompt_tokens_mean": round(statistics.mean(len(p) for p, _ in encoded), 1),
                      "summary_tokens_mean": round(statistics.mean(len(r) for _, r in encoded), 1)}), flush=True)
    results = []
    for ngrams in args.ngrams.split(","):
        low, high = (int(n) for n in ngrams.split("-"))
        for k in (int(k) for k in args.ks.split(",")):
            scheduler = Scheduler(1, LookupSettings(k=k, min_ngram=low, max_ngram=high))
            plain, paused = Counter(), Counter()
            for prompt, reference in encoded:
                plain.update(teacher_forced(prompt, reference, k, low, high))
                paused.update(teacher_forced(prompt, reference, k, low, high, scheduler))
            results.append({"k": k, "ngrams": ngrams, "tokens_per_step": round(mean(plain), 3),
                            "tokens_per_step_with_pauses": round(mean(paused), 3),
                            "histogram": dict(sorted(plain.items()))})
            print(json.dumps(results[-1]), flush=True)
    default = args.ngrams.split(",")[0]
    summary = {"tokenizer": str(args.tokenizer), "records": len(rows), "splits": args.splits, "ngrams": default,
               "tokens_per_step": {r["k"]: r["tokens_per_step_with_pauses"] for r in results if r["ngrams"] == default},
               "results": results}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "lookup_acceptance.json").write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
