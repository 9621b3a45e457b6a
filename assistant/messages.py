"""One message catalog for every face (chat, approval cards, panels, CLI): English source sentences, their Korean in
assistant/locale/ko/LC_MESSAGES/kosum.po (gettext's PO format, read with Babel).

`say(key, language)` gives the faces' own sentences by key. `localize(text, language)` shows a text the operations
wrote (English lines marked with `training.texts.t`) in the user's language: each line, and each part of a line
separated by " — " (a message and its fix), is matched to its catalog template, and the values inside it (names,
paths, numbers, or nested catalog sentences) are put into the translation."""
from __future__ import annotations

import functools
import re
import string
from pathlib import Path

LOCALES = Path(__file__).with_name("locale")
DOMAIN = "kosum"
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")  # syllables, and letters alone ("ㅇㅋ", "ㅋㅋ")

# The faces' own sentences, by key (English source; the Korean is in the catalog).
PHRASES = {
    "help": "I can: prepare data (\"prepare the sample data\"), train (\"start training with tiny\"), show progress "
            "(\"how is training going?\"), deploy (\"deploy locally\"), SageMaker (\"train on SageMaker with 2 x "
            "ml.g5.12xlarge\"), summarize (paste an article), evaluate (\"evaluate the model\"), list what costs money "
            "(\"what is running?\") and clean up (\"clean up everything\").",
    "unsure": "I am not sure what to do. Try, for example: \"prepare the sample data\", \"start training with tiny\", "
              "\"deploy locally\", \"what is running?\", \"clean up everything\".",
    "which_model": "Which model should I train: 'smol' (a small real model, offline), 'tiny' (random-weight stand-in "
                   "for tests) or 'llama3-8b' (needs a GPU)?",
    "which_instance": "Which instance type exactly? For example ml.g5.12xlarge (4 x A10G) or ml.g5.2xlarge (1 x A10G).",
    "unknown_instance": "I do not know the SageMaker instance type {name}. Did you mean {nearest}? Say which one "
                        "exactly.",
    "how_many": "How many instances exactly? For example \"2 instances\" (the cost is per instance).",
    "paste_article": "Paste the article after 'summarize: ' or use the article box.",
    "nothing_to_repeat": "There is nothing to repeat in this conversation yet. What should I do?",
    "prohibited": "All right, I will not do that. Nothing was started or changed.",
    "noted": "Noted, thank you. I have not started or changed anything.",
    "where": "Here or on SageMaker? Say \"train locally\" / \"deploy locally\", or name SageMaker (it costs per hour "
             "and asks for your approval first).",
    "which_s3": "Should the clean-up also delete the S3 artifacts (the uploaded data and models), or keep them? Say "
                "\"clean up, keep S3\" or \"clean up including S3\".",
    "which_resources": "Which resources exactly? Name the ones to remove (ids from \"what is running?\"), or say "
                       "\"clean up everything\".",
    "not_now": "You asked for this later, not now, so nothing is planned: KoSum does not schedule steps. Ask again "
               "when it is time.",
    "doubted": "Part of your message takes this back or is unsure of it, so nothing is planned. Should I go ahead? If "
               "so, say it again without the doubt.",
    "which_step": "Which step do you want now on SageMaker: training (\"train on SageMaker\") or deployment (\"deploy "
                  "to SageMaker\")? Your message also tells what was done before.",
    "explain_teardown": "Clean-up (teardown) stops and deletes what KoSum created (SageMaker endpoints, inference "
                        "components, models and training jobs, secrets, local servers) in a safe order. The S3 "
                        "artifacts (uploaded data and models) are kept unless you ask for them too (\"clean up "
                        "including S3\"). Nothing is deleted before you approve the plan, and the plan says whether S3 "
                        "is kept or deleted. \"What is running?\" shows what exists now.",
    "explain_cloud_training": "Training on SageMaker runs a job on the instances you choose (by default 1 x "
                              "ml.g5.12xlarge) and costs per instance per hour until it ends. Ask, for example, "
                              "\"train on SageMaker with 2 x ml.g5.12xlarge\": the plan shows the instances and the "
                              "cost first, and nothing is submitted until you approve it.",
    "explain_cloud_deploy": "Deploying to SageMaker creates an endpoint (by default on ml.g5.2xlarge) that costs per "
                            "hour while it runs, until you clean it up. Ask \"deploy to SageMaker\": the plan shows "
                            "the instance and the cost first, and nothing is created until you approve it. \"What is "
                            "running?\" shows what costs money now.",
    "explain_training": "Training fine-tunes a model with QLoRA (a 4-bit base, LoRA r=16 on all linear layers) and "
                        "merges the adapter at the end. How long it takes depends on the model and the machine: with "
                        "the bundled sample on 2 CPU cores, 'tiny' (random weights, for tests) takes about half a "
                        "minute and 'smol' (SmolLM2-135M, a small real model) about 6 minutes; Llama-3-8B needs a GPU "
                        "(or SageMaker). Training here costs nothing beyond the machine; on SageMaker it costs per "
                        "instance per hour. While it runs, \"how is training going?\" shows its step, loss and time "
                        "left.",
    "explain_deploy": "Deploying locally serves the latest trained model on this machine behind an OpenAI-compatible "
                      "server: it costs nothing beyond the machine. Deploying to SageMaker creates an endpoint (by "
                      "default on ml.g5.2xlarge) that costs per hour while it runs, until you clean it up; its plan "
                      "shows the cost and waits for your approval. \"What is running?\" shows what costs money now.",
    "explain_evaluate": "Evaluation summarizes the test split's articles and scores ROUGE-1, ROUGE-2 and ROUGE-L (F1, "
                        "with a Korean morpheme tokenizer) against the reference summaries, next to a lead-3 baseline "
                        "(the article's first three sentences), and writes a report with a chart. \"Evaluate 50\" "
                        "scores the first 50 records only. BERTScore is not computed offline.",
    "explain_summarize": "Paste a Korean news article (after \"summarize:\" or in the article box) and the deployed "
                         "model summarizes it with the workshop's prompt, shown as it is written. An article longer "
                         "than the serving limit is cut to fit, and the reply says so: 4,000 characters on a local "
                         "server; on SageMaker the limit follows the instance's GPU memory and the training length.",
    "explain_stopping": "Stopping a local run ends it and keeps its last checkpoint; \"resume\" continues it from "
                        "there (on the same number of processes). Stopping a SageMaker job ends the job and its cost, "
                        "and SageMaker uploads its last checkpoint to S3. \"How is training going?\" shows what runs.",
    "explain_data": "Preparing data reads a Hugging Face dataset id (by default "
                    "daekeun-ml/naver-news-summarization-ko), a local file or folder in its schema, or the bundled "
                    "sample (38 Korean articles, used when the hub cannot be reached), cleans and deduplicates it, "
                    "and writes the workshop's chat format with a manifest (counts, skipped records and why, "
                    "checksums, token lengths).",
    # the page
    "title": "KoSum Assistant",
    "subtitle": "Prepare, train, deploy and clean up a Korean news summarizer. Offline demo models: 'smol' "
                "(SmolLM2-135M, a small real model; it writes little Korean) and 'tiny' (random weights, for tests): "
                "neither is Llama-3-8B.",
    "placeholder": "e.g. prepare the sample data / start training with tiny / deploy locally / what is running?",
    "send": "Send", "approve": "Approve", "reject": "Reject", "article": "Paste an article", "summarize": "Summarize",
    "jobs": "Training jobs", "resources": "Resources", "pending": "Waiting for your approval",
    "new_chat": "New chat", "language": "Language", "tool": "Tool", "no_jobs": "No training jobs yet.",
    "column_name": "Name", "column_kind": "Kind", "column_where": "Where", "column_state": "State",
    "column_cost": "USD/hour", "column_since": "Since", "total_per_hour": "Total: {usd} USD/hour",
    "nothing_running": "Nothing is running and nothing costs money.",
    "train_loss": "training loss", "eval_loss": "validation loss", "axis_step": "step", "axis_loss": "loss",
    "axis_series": "series",
    "rejected": "Rejected. Nothing was changed.",
}


def is_korean(text: str) -> bool:
    return bool(HANGUL.search(text or ""))


def language_of(text: str, default: str = "ko") -> str:
    """The language to answer in: Korean for Korean text, English for other text, the default for none."""
    if not re.search(r"[^\W\d_]", text or ""):
        return default
    return "ko" if is_korean(text) else "en"


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """msgid -> translation for `language` ('en' is the source: empty)."""
    if language == "en":
        return {}
    from babel.messages.pofile import read_po

    with (LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id and message.string}


def say(key: str, language: bool | str = True, **values: object) -> str:
    """A face's sentence in Korean (True or 'ko') or English."""
    language = language if isinstance(language, str) else ("ko" if language else "en")
    english = PHRASES[key]
    return catalog(language).get(english, english).format(**values)


def _pattern(template: str) -> re.Pattern:
    """A template's English as a regular expression whose groups are its placeholders ('{loss:.4f}' -> loss)."""
    parts, names = [], []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            name = re.sub(r"\W", "_", field)
            parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
            names.append(name)
    return re.compile("".join(parts), re.DOTALL)


@functools.cache
def _templates(language: str) -> list[tuple[re.Pattern, str]]:
    """(English pattern, translation with plain placeholders) of every template, in the order they are tried."""
    pairs = [(english.lstrip(), text.lstrip()) for english, text in catalog(language).items()]  # indentation: kept
    # a template that starts with words before one that starts with a value, then the most literal text first
    pairs.sort(key=lambda pair: (pair[0].startswith("{"), -len(re.sub(r"\{[^}]*\}", "", pair[0]))))
    return [(_pattern(english), re.sub(r"\{(\w+)[^}]*\}", r"{\1}", text)) for english, text in pairs]


def _line(text: str, language: str, depth: int = 0) -> str:
    if depth > 3 or not text.strip():
        return text
    if " — " in text:
        return " — ".join(_line(part, language, depth) for part in text.split(" — "))
    stripped = text.lstrip()
    indent = text[:len(text) - len(stripped)]
    for pattern, translated in _templates(language):
        match = pattern.fullmatch(stripped)
        if match:
            values = {name: _line(value, language, depth + 1) for name, value in match.groupdict().items()}
            return indent + translated.format(**values)
    return text


def localize(text: str, language: str) -> str:
    """The operations' English text in `language`, line by line (a line the catalog lacks stays as it is)."""
    if language == "en" or not text:
        return text
    return "\n".join(_line(line, language) for line in text.split("\n"))
