"""Summarization client: the exact training prompt, the workshop's generation settings, streamed output from an
OpenAI-compatible server (server-sent events: TGI messages API or `transformers serve`)."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from training.data import clean_text
from training.errors import BadInputError
from training.texts import t
from training.prompts import build_messages

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LETTERS = re.compile(r"[^\W\d_]")


@dataclass
class GenerationSettings:
    """The workshop's defaults."""

    max_tokens: int = 512
    temperature: float = 0.6
    top_p: float = 0.9

    def validate(self) -> None:
        if not 1 <= self.max_tokens <= 4096:
            raise BadInputError(t("max_tokens must be between 1 and 4096"))
        if not 0 <= self.temperature <= 2 or not 0 < self.top_p <= 1:
            raise BadInputError(t("temperature must be within 0..2 and top_p within (0, 1]"))


@dataclass
class PreparedArticle:
    text: str
    warnings: list[str] = field(default_factory=list)


def clean_article(raw: str) -> str:
    """The article's text without HTML; empty or binary input is refused."""
    if "\x00" in raw:
        raise BadInputError(t("the article contains binary data (NUL bytes); paste plain text"))
    text = clean_text(raw)
    if not text:
        raise BadInputError(t("the article is empty"))
    return text


def prepare_article(raw: str, max_input_chars: int) -> PreparedArticle:
    """Clean the article, warn about non-Korean text, cut over-long articles to the serving limit."""
    text = clean_article(raw)
    warnings = []
    letters = LETTERS.findall(text)
    if letters and len(HANGUL.findall(text)) / len(letters) < 0.3:
        warnings.append(t("the article does not look Korean; the model was trained on Korean news"))
    if len(text) > max_input_chars:
        warnings.append(t("the article was cut from {before} to {after} characters to fit the serving limit",
                          before=f"{len(text):,}", after=f"{max_input_chars:,}"))
        text = text[:max_input_chars]
    return PreparedArticle(text, warnings)


def chat_payload(article: str, settings: GenerationSettings, model: str, stream: bool = True) -> dict[str, Any]:
    """The messages-API request: system + user turn only (the reference summary is never sent)."""
    return {"model": model, "messages": build_messages(article), "max_tokens": settings.max_tokens,
            "temperature": settings.temperature, "top_p": settings.top_p, "stream": stream}


REPLACEMENT_CHARACTER = "\ufffd"


class StreamError(RuntimeError):
    """The server reported an error inside the event stream (TGI sends these with HTTP 200)."""


def sse_deltas(lines: Iterator[str]) -> Iterator[str]:
    """Text pieces of an OpenAI-style event stream; an error event (`data: {"error": ..., "error_type": ...}`, how
    TGI reports validation and generation failures mid-stream) raises StreamError with its message.

    The servers' stream decoders (tokenizers' DecodeStream in TGI, `transformers serve` and the KoSum engine) hold an
    incomplete multi-byte character until its bytes complete; what still arrives as U+FFFD are bytes that can never
    form a character (a model with random weights emits them), dropped here so no broken character is shown."""
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            chunk = json.loads(data)
        except json.JSONDecodeError:
            continue
        if isinstance(chunk, dict) and chunk.get("error"):
            error = chunk["error"]
            message = error.get("message", error) if isinstance(error, dict) else error
            kind = chunk.get("error_type") or (error.get("type") if isinstance(error, dict) else None)
            raise StreamError(t("the model server reported {kind} error: {message}", kind=kind, message=message) if kind
                              else t("the model server reported an error: {message}", message=message))
        choices = chunk.get("choices") or [{}]
        piece = ((choices[0].get("delta") or {}).get("content") or "").replace(REPLACEMENT_CHARACTER, "")
        if piece:
            yield piece


def stream_openai(url: str, payload: dict[str, Any], timeout_s: float = 300) -> Iterator[str]:
    """Text pieces from `POST {url}/v1/chat/completions` with `stream: true`."""
    import httpx

    with httpx.stream("POST", f"{url}/v1/chat/completions", json=payload, timeout=timeout_s) as response:
        if response.status_code != 200:
            response.read()
            raise RuntimeError(f"the server answered {response.status_code}: {response.text[:300]}")
        yield from sse_deltas(response.iter_lines())


@dataclass
class Summary:
    text: str
    seconds: float
    first_token_s: float | None
    pieces: int


def collect(pieces: Iterator[str], on_piece: Callable[[str], None] | None = None) -> Summary:
    """Consume a stream, forwarding each piece, and time it."""
    started = time.perf_counter()
    first, parts = None, []
    for piece in pieces:
        if first is None:
            first = time.perf_counter() - started
        parts.append(piece)
        if on_piece:
            on_piece(piece)
    return Summary("".join(parts).strip(), time.perf_counter() - started, first, len(parts))
