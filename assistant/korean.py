"""The one Korean analyser of the offline brain: kiwipiepy's Kiwi, loaded once per process on first use and shared by
the intent model, the argument parsers and the question reader, so a message is analysed once however many of them
read it. Loading takes seconds (the app does it in the background after its page is served, with the classifier);
analysing a message takes about a millisecond. Kiwi's dictionaries of proper nouns are not loaded: they slow the load
and the brain needs the grammar (endings, negation, particles), not names."""
from __future__ import annotations

import functools
import threading
from typing import NamedTuple


class Morpheme(NamedTuple):
    form: str  # the lemma for verbs ("지우" for 지워), the text otherwise
    tag: str  # Sejong tag: NNG noun, VV verb, VX auxiliary, EC/EF connective/final ending, JX particle, SL Latin, ...
    start: int  # character offsets in the analysed text
    end: int


_LOADING = threading.Lock()


def analyser():
    """The shared Kiwi, ready to use (a second caller waits for the first one's load)."""
    with _LOADING:
        return _loaded()


@functools.cache
def _loaded():
    from kiwipiepy import Kiwi

    kiwi = Kiwi(load_default_dict=False, load_multi_dict=False)
    kiwi.tokenize("")  # Kiwi finishes loading on its first analysis
    return kiwi


@functools.lru_cache(maxsize=512)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """The morphemes of `text`, with their offsets in it."""
    return tuple(Morpheme(token.form, token.tag, token.start, token.start + token.len)
                 for token in analyser().tokenize(text))
