"""One message catalog for every face (chat, approval cards, panels, CLI): English source strings, their Korean in
assistant/locale/ko/LC_MESSAGES/kosum.po (gettext's format, read with Babel, served by Python's gettext).

`say(key, ...)` gives the faces' own sentences by key; `localize(text, language)` translates a text the operations
wrote (each line a catalog message; the values inside it, such as names, paths and numbers, are kept as they are)."""
from __future__ import annotations

import functools
import gettext
import io
import re
from pathlib import Path

LOCALES = Path(__file__).with_name("locale")
DOMAIN = "kosum"
HANGUL = re.compile(r"[\uac00-\ud7a3]")

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
    "how_many": "How many instances exactly? For example \"2 instances\" (the cost is per instance).",
    "paste_article": "Paste the article after 'summarize: ' or use the article box.",
    "nothing_to_repeat": "There is nothing to repeat in this conversation yet.",
    "rejected": "Rejected. Nothing was changed.",
    "one_at_a_time": "One costly action at a time: this one was not run.",
    "no_plan": "No plan was made for this action, so it was not run.",
    "planned_after_retry": "(Planned after {count} retry because AWS was busy: {reason})",
}


def is_korean(text: str) -> bool:
    return bool(HANGUL.search(text or ""))


def language_of(text: str, default: str = "ko") -> str:
    """The language to answer in: Korean for Korean text, English for other text, the default for none."""
    if not (text or "").strip():
        return default
    return "ko" if is_korean(text) else "en"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        catalog = read_po(handle)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def say(key: str, korean: bool | str = True, **values: object) -> str:
    """A face's sentence in Korean (True, or 'ko') or English."""
    language = korean if isinstance(korean, str) else ("ko" if korean else "en")
    return translations(language).gettext(PHRASES[key]).format(**values)
