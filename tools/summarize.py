"""Operation: summarize a Korean news article with a deployed model (local server or SageMaker endpoint)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tools.errors import KosumError, UserInputError
from tools.results import OpResult
from tools.state import Record, StateStore, open_store
from training.errors import BadInputError
from training.texts import t


def find_target(store: StateStore, target: str | None) -> Record:
    """A serving record by id, name or URL; default: the most recent one in service."""
    candidates = [r for r in store.find(kind=("server", "inference_component"), active_only=True)
                  if r.status == "in_service"]
    if target:
        candidates = [r for r in candidates if target in {r.id, r.name, r.details.get("url"), r.details.get("endpoint")}]
        if not candidates:
            raise UserInputError(t("no deployed model named '{target}' (see `python -m assistant resources`)",
                                   target=target))
    if not candidates:
        raise UserInputError(t("nothing is deployed: run `python -m assistant deploy --target local` first"))
    return candidates[0]


def read_article(text: str | None, file: str | None) -> str:
    """The article from --text, a UTF-8 file, or standard input (`-`); unusable sources are input errors."""
    if text is not None and file is not None:
        raise UserInputError(t("give --text or --file, not both"))
    if file is None:
        if text is None:
            raise UserInputError(t("give the article with --text, --file or - (standard input)"))
        return text
    if file == "-":
        import sys

        data, name = sys.stdin.buffer.read(), "standard input"
    else:
        path, name = Path(file).expanduser(), file
        if path.is_dir():
            raise UserInputError(t("{file} is a folder, not a text file", file=file))
        if not path.exists():
            raise UserInputError(t("{file}: no such file", file=file))
        if not path.is_file():  # a pipe or device would block or never end
            raise UserInputError(t("{file} is not a regular file; save the article to a file or pipe it into -",
                                   file=file))
        try:
            data = path.read_bytes()
        except PermissionError:
            raise UserInputError(t("cannot read {file}: permission denied", file=file)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserInputError(t("{file} is not UTF-8 text", file=name)) from None


def open_stream(record: Record, payload: dict):
    """Local servers: server-sent events over HTTP; SageMaker: invoke_endpoint_with_response_stream."""
    from serving import client

    if record.kind == "server":
        return client.stream_openai(record.details["url"], payload)
    from serving.sagemaker_ic import stream_invoke
    from tools import aws

    return stream_invoke(aws.client("sagemaker-runtime"), record.details["endpoint"], record.details["component"],
                         payload)


def request_for(record: Record, raw: str, settings):
    """The article as the target accepts it (cleaned, cut to its input limit) and the chat request for it."""
    from serving import client

    article = client.prepare_article(raw, record.details.get("max_input_chars", 4000))
    return article, client.chat_payload(article.text, settings, record.details.get("model_dir", "tgi"))


def summarize(text: str | None = None, file: str | None = None, target: str | None = None,
              max_tokens: int = 512, temperature: float = 0.6, top_p: float = 0.9,
              on_piece: Callable[[str], None] | None = None) -> OpResult:
    from serving import client

    store = open_store()
    settings = client.GenerationSettings(max_tokens, temperature, top_p)
    try:
        settings.validate()
        cleaned = client.clean_article(read_article(text, file))  # a bad article is reported before the target
        record = find_target(store, target)
        article, payload = request_for(record, cleaned, settings)
    except BadInputError as exc:
        raise UserInputError(str(exc)) from None
    try:
        result = client.collect(open_stream(record, payload), on_piece)
    except client.StreamError as exc:  # the server answered, with an error in the stream: say what it said
        raise KosumError(t("summarization failed: {reason}", reason=str(exc).splitlines()[0][:300])) from None
    except Exception as exc:
        from tools.resources import check_server

        check_server(store, record)
        raise KosumError(t("summarization failed: {reason}", reason=str(exc).splitlines()[0][:300]),
                         fix=t("check `python -m assistant resources`; redeploy if the server is down")) from None
    label = record.details.get("model_label", record.name)
    notes = [f"⚠ {w}" for w in article.warnings]
    first = "-" if result.first_token_s is None else f"{result.first_token_s:.2f}"
    notes.append(t("({model}, {seconds}s, first piece after {first}s)", model=label, seconds=f"{result.seconds:.2f}",
                   first=first))
    return OpResult("\n".join([result.text or t("(the model returned no text)"), *notes]),
                    {"summary": result.text, "notes": notes, "seconds": round(result.seconds, 3),
                     "first_token_s": None if result.first_token_s is None else round(result.first_token_s, 3), "warnings": article.warnings, "target": record.id,
                     "model_label": label})
