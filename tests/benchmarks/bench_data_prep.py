"""Benchmark (not a test): prepare a synthetic 27,000-record naver-schema source with token statistics.

    python -m tests.benchmarks.bench_data_prep [--records 27000]     # the CI smoke run: --records 300

Goal: under 60 s on the 2-core machine. Prints records/s and the time split.
"""
from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from training.data import BUNDLED_SAMPLE, prepare
from training.tiny_model import build_tiny_base


def synthetic_source(folder: Path, records: int) -> None:
    """Articles stitched from the bundled sample's sentences (realistic Korean length and vocabulary)."""
    rows = [json.loads(line) for p in BUNDLED_SAMPLE.glob("*.jsonl") for line in p.read_text().splitlines()]
    sentences = [s.strip() + "." for r in rows for s in r["document"].split(".") if s.strip()]
    rng = random.Random(0)
    counts = {"train": int(records * 0.82), "validation": int(records * 0.09)}
    counts["test"] = records - counts["train"] - counts["validation"]
    folder.mkdir(parents=True, exist_ok=True)
    for split, n in counts.items():
        with (folder / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
            for i in range(n):
                body = " ".join(rng.choices(sentences, k=rng.randint(6, 25)))
                row = {"date": "2026-01-01", "category": "경제", "press": "합성", "title": f"{split} {i}",
                       "document": f"[{split}-{i}] {body}", "link": "", "summary": " ".join(rng.choices(sentences, k=2))}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=27000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        tokenizer = build_tiny_base(tmp_path / "tiny")
        synthetic_source(tmp_path / "src", args.records)
        started = time.perf_counter()
        prepared = prepare(str(tmp_path / "src"), tmp_path / "out", tokenizer=str(tokenizer))
        total = time.perf_counter() - started
    tokens = sum(s["total_tokens"] for s in prepared.manifest["token_stats"]["splits"].values())
    print(f"records: {sum(prepared.counts.values()):,}  tokens: {tokens:,}")
    print(f"data prepare with token stats: {total:.1f} s  ({sum(prepared.counts.values()) / total:,.0f} records/s)  "
          f"goal: < 60 s")


if __name__ == "__main__":
    main()
