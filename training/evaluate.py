"""Honest Korean summary scoring: ROUGE-1/2/L F1 from `rouge-score` with a Korean-aware tokenizer (its default
tokenizer deletes every non-ASCII character, so Korean scores 0), a lead-sentence baseline, and a report
(JSON, Markdown table, bar chart). Generation sends system + user messages only: never the reference summary."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

METRICS = ("rouge1", "rouge2", "rougeL")
PUNCTUATION = re.compile(r"^[\W_]+$")


class MorphemeTokenizer:
    """Kiwi morphemes (surface forms, punctuation dropped): '인상한다고' → 인상 / 하 / ㄴ다고."""

    name = "kiwipiepy morphemes"

    def __init__(self) -> None:
        from kiwipiepy import Kiwi

        self._kiwi = Kiwi()

    def tokenize(self, text: str) -> list[str]:
        return [t.form for t in self._kiwi.tokenize(text) if not PUNCTUATION.match(t.form)]


class WhitespaceTokenizer:
    """Fallback when kiwipiepy is unavailable: whitespace words, punctuation stripped (coarser for Korean)."""

    name = "whitespace"

    def tokenize(self, text: str) -> list[str]:
        words = (re.sub(r"[^\w]", "", w) for w in text.lower().split())
        return [w for w in words if w]


def korean_tokenizer(kind: str = "auto") -> MorphemeTokenizer | WhitespaceTokenizer:
    if kind == "whitespace":
        return WhitespaceTokenizer()
    try:
        return MorphemeTokenizer()
    except Exception:
        if kind == "morpheme":
            raise
        return WhitespaceTokenizer()


class Scorer:
    def __init__(self, tokenizer: MorphemeTokenizer | WhitespaceTokenizer):
        from rouge_score import rouge_scorer

        self.tokenizer = tokenizer
        self._rouge = rouge_scorer.RougeScorer(list(METRICS), tokenizer=tokenizer)

    def score(self, reference: str, candidate: str) -> dict[str, float]:
        """F1 of each ROUGE variant for one pair."""
        scores = self._rouge.score(reference, candidate)
        return {m: round(scores[m].fmeasure, 6) for m in METRICS}


def split_sentences(text: str) -> list[str]:
    """Sentences of a Korean article (ends at ., !, ? followed by space or the end)."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def lead_baseline(article: str, sentences: int = 3) -> str:
    """The first sentences of the article: strong on this data set, whose summaries are largely extractive."""
    return " ".join(split_sentences(article)[:sentences])


@dataclass
class Example:
    index: int
    article: str
    reference: str


def load_examples(data_dir: Path, split: str, limit: int | None) -> list[Example]:
    """(article, reference) pairs from a prepared split (`<split>.jsonl`, chat records)."""
    from training.prompts import USER_PREFIX

    path = data_dir / f"{split}.jsonl"
    examples = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        messages = {m["role"]: m["content"] for m in json.loads(line)["messages"]}
        examples.append(Example(index, messages["user"].removeprefix(USER_PREFIX), messages["assistant"]))
        if limit and len(examples) >= limit:
            break
    return examples


def mean_scores(rows: list[dict[str, Any]]) -> dict[str, float]:
    return {m: round(sum(r[m] for r in rows) / len(rows), 4) if rows else 0.0 for m in METRICS}


def generate_local(model_dir: str, articles: list[str], max_new_tokens: int) -> Iterator[str]:
    """Summaries from a model folder in this process (greedy), with the prompt exactly as served."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    from training.prompts import build_messages

    hf_logging.disable_progress_bar()  # the caller shows its own progress
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.bfloat16 if torch.cuda.is_available()
                                                 else torch.float32).eval()
    if torch.cuda.is_available():
        model = model.cuda()
    for article in articles:
        ids = tokenizer.apply_chat_template(build_messages(article), add_generation_prompt=True, return_tensors="pt",
                                            return_dict=True)
        ids = {k: v.to(model.device) for k, v in ids.items()}
        with torch.no_grad():
            out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False,
                                 pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id)
        text = tokenizer.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)
        yield text.rstrip("\ufffd").strip()  # a summary cut at max_new_tokens may end inside a character


def write_report(folder: Path, report: dict[str, Any]) -> dict[str, str]:
    """report.json, report.md (a table) and report.png (grouped bars) in `folder`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    systems = report["systems"]
    lines = ["| system | records | ROUGE-1 | ROUGE-2 | ROUGE-L |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {s['records']} | {s['rouge1']:.4f} | {s['rouge2']:.4f} | {s['rougeL']:.4f} |"
              for name, s in systems.items()]
    lines.append(f"\nF1, tokenizer: {report['tokenizer']}; split {report['split']} of {report['data']}. "
                 f"BERTScore: {report['bertscore']}.")
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=120)
    width = 0.8 / max(len(systems), 1)
    for i, (name, s) in enumerate(systems.items()):
        ax.bar([x + i * width for x in range(len(METRICS))], [s[m] for m in METRICS], width, label=name)
    ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(METRICS))], ["ROUGE-1", "ROUGE-2", "ROUGE-L"])
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1")
    ax.set_title(f"Summary quality ({report['tokenizer']})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "report.png")
    plt.close(fig)
    return {"json": str(folder / "report.json"), "markdown": str(folder / "report.md"),
            "chart": str(folder / "report.png")}
