"""The offline brain's intent classifier: character n-grams (robust to Korean endings, spacing and typos) and a
logistic regression, trained from the committed phrase set (assistant/phrases.yaml) at first use, deterministically,
in about two seconds on 2 cores (the app starts it right after its page is served). Instance names, numbers and ids are blanked first: they are arguments, read by
assistant/arguments.py, and must not sway the intent."""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path

from assistant.arguments import JOB_ID, RESOURCE_ID, without_instance_types

PHRASES = Path(__file__).with_name("phrases.yaml")
NONE = "none"


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = RESOURCE_ID.sub(" id ", JOB_ID.sub(" id ", text))
    text = re.sub(r"\d+", "0", without_instance_types(text))
    return re.sub(r"\s+", " ", text).strip()


def load_phrases(path: Path = PHRASES) -> dict[str, list[str]]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


_TRAINING = threading.Lock()


def classifier():
    """The trained pipeline, built once per process (a message that arrives while it trains waits for it)."""
    with _TRAINING:
        return _trained()


@functools.cache
def _trained():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    phrases = load_phrases()
    texts = [normalize(text) for texts in phrases.values() for text in texts]
    labels = [intent for intent, texts in phrases.items() for _ in texts]
    model = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True),
                          LogisticRegression(C=50.0, max_iter=5000))
    return model.fit(texts, labels)


def predict(text: str) -> tuple[str, float]:
    """The most likely intent and its probability."""
    model = classifier()
    probabilities = model.predict_proba([normalize(text)])[0]
    best = int(probabilities.argmax())
    return str(model.classes_[best]), float(probabilities[best])
