"""Operation: evaluate summaries on a prepared split against the references, next to a lead baseline; resumable."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable, Iterator

from tools.errors import KosumError, UserInputError
from tools.results import OpResult
from tools.settings import get_settings
from tools.state import new_id, open_store
from training.errors import BadInputError
from training.texts import t


def _served(record, articles: list[str], max_tokens: int) -> Iterator[str]:
    """Generate through the deployed model exactly as `summarize` does (system + user turn only)."""
    from serving import client
    from tools.summarize import open_stream, request_for

    settings = client.GenerationSettings(max_tokens=max_tokens)
    for article in articles:
        yield client.collect(open_stream(record, request_for(record, article, settings)[1])).text


def _systems(target: str | None, model: str | None, base_model: str | None, baseline: str, max_tokens: int
             ) -> dict[str, Callable[[list[str]], Iterator[str]]]:
    from training import evaluate as ev

    systems: dict[str, Callable[[list[str]], Iterator[str]]] = {}
    if baseline == "lead":
        systems[t("lead-3 baseline")] = lambda articles: (ev.lead_baseline(a) for a in articles)
    for label, folder in ((t("fine-tuned {name}", name=_short_name(model)), model),
                          (t("base model {name}", name=_short_name(base_model)), base_model)):
        if folder:
            if not (Path(folder).expanduser() / "config.json").is_file():
                raise UserInputError(t("{folder} is not a model folder (no config.json)", folder=folder))
            systems[label] = (
                lambda articles, folder=folder: ev.generate_local(folder, articles, max_tokens))
    if target or not model:
        from tools.summarize import find_target

        try:
            record = find_target(open_store(), target)
        except UserInputError:
            if target:
                raise
            record = None
        if record is not None:
            label = t("deployed {model}", model=record.details.get("model_label", record.name))
            systems[label] = lambda articles: _served(record, articles, max_tokens)
    if not systems:
        raise UserInputError(t("nothing to evaluate: deploy a model, pass --model DIR, or use --baseline lead"))
    return systems


def _short_name(folder: str | None) -> str:
    """A model folder as the report names it: a run's `merged` folder by its run."""
    path = Path(folder or ".").expanduser()
    return f"{path.parent.name}/{path.name}" if path.name == "merged" else path.name


def evaluate(data: str | None = None, split: str = "test", limit: int | None = None, target: str | None = None,
             model: str | None = None, base_model: str | None = None, baseline: str = "lead",
             tokenizer: str = "auto", max_tokens: int = 256,
             progress: Callable[[float, str], None] | None = None) -> OpResult:
    """Score each system on the split; per-record results are kept so an interrupted run resumes where it stopped."""
    from tools.jobs import read_jsonl
    from tools.train import resolve_data
    from training import evaluate as ev

    settings = get_settings()
    if limit is not None and limit < 1:
        raise UserInputError(t("--limit must be at least 1"))
    if not 1 <= max_tokens <= 4096:
        raise UserInputError(t("--max-tokens must be between 1 and 4096"))
    data_dir = resolve_data(data, "full", settings)
    if not (data_dir / f"{split}.jsonl").is_file():
        raise UserInputError(t("{folder} has no {split}.jsonl (splits: train, validation, test)", folder=data_dir,
                               split=split))
    examples = ev.load_examples(data_dir, split, limit)
    if not examples:
        raise UserInputError(t("{file} has no records", file=data_dir / f"{split}.jsonl"))
    systems = _systems(target, model, base_model, baseline, max_tokens)
    scorer = ev.Scorer(ev.korean_tokenizer(tokenizer))
    key = hashlib.sha1(json.dumps([str(data_dir), split, limit, max_tokens, scorer.tokenizer.name, sorted(systems)]
                                  ).encode()).hexdigest()[:10]
    folder = settings.path("evals", key)
    results: dict[str, dict[str, Any]] = {}
    resumed = 0
    total = len(examples) * len(systems)
    done_count = 0
    for name, generate in systems.items():
        path = folder / f"{hashlib.sha1(name.encode()).hexdigest()[:8]}.jsonl"
        rows = {r["index"]: r for r in read_jsonl(path)}
        resumed += len(rows)
        todo = [e for e in examples if e.index not in rows]
        done_count += len(examples) - len(todo)
        if path.exists() and not path.read_bytes().endswith(b"\n") and path.stat().st_size:
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n")  # close a line cut short by an interruption
        try:
            with path.open("a", encoding="utf-8") as handle:
                for example, prediction in zip(todo, generate([e.article for e in todo])):
                    row = {"index": example.index, "prediction": prediction,
                           **scorer.score(example.reference, prediction)}
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    handle.flush()
                    rows[example.index] = row
                    done_count += 1
                    if progress:
                        progress(done_count / total, f"{name}: {len(rows)}/{len(examples)}")
        except BadInputError as exc:
            raise UserInputError(str(exc)) from None
        except Exception as exc:  # the server died, the endpoint failed: what was scored stays on disk
            raise KosumError(t("evaluation of {system} stopped: {reason}", system=name,
                               reason=str(exc).splitlines()[0][:300]),
                             fix=t("run the same command again: finished records are kept")) from None
        scored = [rows[e.index] for e in examples]
        results[name] = {"records": len(scored), **ev.mean_scores(scored)}
    report = {"data": str(data_dir), "split": split, "tokenizer": scorer.tokenizer.name, "systems": results,
              "bertscore": "not computed (needs the bert-score package and a local Korean model; none offline)",
              "prompt": "system + user turns only; the reference summary is never sent"}
    files = ev.write_report(folder, report)
    store = open_store(settings)
    record = store.add("evaluation", key, "local", "completed", record_id=new_id("eval"),
                       details={"report": report, "files": files})
    lines = [t("Summary quality on the {split} split ({tokenizer}, F1):", split=split, tokenizer=scorer.tokenizer.name)]
    lines += [t("{system}: ROUGE-1 {r1}, ROUGE-2 {r2}, ROUGE-L {rl} ({records} records)", system=name,
                r1=f"{row['rouge1']:.4f}", r2=f"{row['rouge2']:.4f}", rl=f"{row['rougeL']:.4f}", records=row["records"])
              for name, row in results.items()]
    lines.append(t("BERTScore was not computed (no local Korean model offline); the reference summary is never sent "
                   "to the model."))
    if resumed:
        lines.append(t("{count} records were reused from an earlier, interrupted run.", count=resumed))
    return OpResult("\n".join(lines),
                    {"id": record.id, "report": report, "files": files, "resumed": resumed})

