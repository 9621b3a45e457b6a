"""English politeness wrappers read as the plain request they wrap: "Would you mind resuming the training?", "I'd
like you to do that again", "Could we tear it down?", "go ahead and deploy it" ask for the step as plainly as
"please resume the training"; the classifier learned the plain phrasing, and "Could we …?" reads as a question
(whether it can be done) without its "please"."""
from __future__ import annotations

import re

from assistant.questions import HAPPENING_EN, IMPERATIVES_EN

VERBS = IMPERATIVES_EN | {"summarize", "redeploy", "clean", "look", "kick", "send", "build", "load", "pull"}
WRAPPER = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<lead>\s*)(?:(?:please|pls|kindly)\s+)?"
    r"(?:would you mind|would you be so kind as to|i'?d like you to|i would like you to|i need you to|"
    r"i want you to|could we|can we please|could you|can you|would you|let'?s go ahead and|go ahead and|kindly)\s+"
    r"(?:(?:please|just|maybe|also)\s+)?" + HAPPENING_EN + r"(?P<verb>[a-z][\w-]*)", re.IGNORECASE)


def plain(text: str) -> str:
    """`text` with each wrapper before a known verb put as "please VERB" (a gerund as its verb): what the intent and
    whether it asks are read from; unchanged where no known verb follows ("could we afford it?")."""
    def unwrapped(match: re.Match[str]) -> str:
        verb = _base(match["verb"].lower())
        return match.group() if verb is None else f"{match['lead']}please {verb}"

    return WRAPPER.sub(unwrapped, text)


def _base(word: str) -> str | None:
    """The verb itself, or the verb of its -ing form ("resuming" → "resume", "stopping" → "stop"); None if unknown."""
    if word in VERBS:
        return word
    if not word.endswith("ing"):
        return None
    stem = word[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if candidate in VERBS:
            return candidate
    return None
