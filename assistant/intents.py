"""The offline brain's intent classifier: a logistic regression over three views of a message, fitted on the
committed phrase sets (assistant/phrases.yaml, assistant/phrases_independent.yaml) deterministically, in seconds,
once per machine, then stored under a key of what it depends on and loaded in milliseconds (the app starts it right
after its page is served). Character n-grams are robust to Korean endings and spacing; n-grams of the letters' jamo
(ㅁㅓㅁㅊㅝ) to typos ("멈처줘"); Kiwi's morphemes (assistant/korean.py) to word order and inflection ("지워지나",
"지우/VV 말/VX"). Instance names, numbers and ids are blanked first: they are arguments, read by assistant/arguments/,
and must not sway the intent."""
from __future__ import annotations

import functools
import os
import re
import threading
import unicodedata
from pathlib import Path
from typing import NamedTuple

from assistant import learner
from assistant.arguments import INSTANCE, JOB_ID, RESOURCE_ID, without_instance_types
from assistant.arguments.names import OTHER_ID
from assistant.korean import morphemes

PHRASES = Path(__file__).with_name("phrases.yaml")
INDEPENDENT_PHRASES = Path(__file__).with_name("phrases_independent.yaml")  # written from the independent sets
NONE = "none"
SKIPPED_TAGS = {"SF", "SP", "SS", "SE", "SO", "SW", "W_EMOJI", "W_URL", "W_EMAIL"}


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = OTHER_ID.sub(" id ", RESOURCE_ID.sub(" id ", JOB_ID.sub(" id ", text)))
    text = re.sub(r"\d+", "0", without_instance_types(text))
    return re.sub(r"\s+", " ", text).strip()


def jamo(text: str) -> str:
    """The normalized text with Hangul syllables split into their letters, so one wrong vowel changes one letter."""
    return unicodedata.normalize("NFD", normalize(text))


def morpheme_features(text: str) -> list[str]:
    """Each morpheme as lemma/tag ("멈추/VV"), numbers as 0, names as a placeholder, and neighbouring pairs."""
    names = [m.span() for pattern in (INSTANCE, JOB_ID, RESOURCE_ID, OTHER_ID) for m in pattern.finditer(text)]
    features: list[str] = []
    for morpheme in morphemes(text):
        if morpheme.tag in SKIPPED_TAGS:
            continue
        if any(start <= morpheme.start < end for start, end in names):
            if not features or features[-1] != "<name>":
                features.append("<name>")
            continue
        form = "0" if morpheme.tag == "SN" else morpheme.form.lower()
        features.append(f"{form}/{morpheme.tag[:2]}")
    return features + [f"{a} {b}" for a, b in zip(features, features[1:])]


def load_phrases(*paths: Path) -> dict[str, list[str]]:
    """The training phrases (intent -> texts) of the named files, in order; by default the classifier's: the phrase
    set written for the product (assistant/phrases.yaml) and the phrasings of the independently written sets
    (assistant/phrases_independent.yaml, regenerated from them by tests/benchmarks/bench_leave_one_out.py)."""
    import yaml

    phrases: dict[str, list[str]] = {}
    for path in paths or (PHRASES, INDEPENDENT_PHRASES):
        for intent, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            phrases.setdefault(intent, []).extend(texts)
    return phrases


_TRAINING = threading.Lock()
STORE = Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser() / "kosum" / "brain"
KEPT = 8  # stored classifiers (about 2 MB each)
FEATURE_SOURCES = [Path(__file__), Path(__file__).with_name("korean.py"),
                   *sorted(Path(__file__).with_name("arguments").glob("*.py"))]  # what the views' features depend on


def char_wb(preprocess, low: int, high: int):
    """scikit-learn's `char_wb` analyzer (n-grams inside words, padded with a space), here so that a stored
    classifier is applied without importing scikit-learn; the fit uses the same function."""
    def analyze(text: str) -> list[str]:
        grams: list[str] = []
        for word in preprocess(text).split():
            word = f" {word} "
            for n in range(low, high + 1):
                grams += [word[i:i + n] for i in range(max(1, len(word) - n + 1))]
                if len(word) <= n:
                    break
        return grams
    return analyze


ANALYZERS = [char_wb(normalize, 1, 4), char_wb(jamo, 2, 5), morpheme_features]


class Classifier:
    """The fitted model, applied by hand: the same TF-IDF weights, norms and softmax as scikit-learn's
    `predict_proba`, without its per-call input checks (they took most of a routing decision's time)."""

    def __init__(self, vocabularies: list[dict[str, int]], idfs: list, weights, intercept, classes: list[str]):
        self.views = list(zip(ANALYZERS, vocabularies, idfs))
        self.offsets = [0]
        for vocabulary in vocabularies:
            self.offsets.append(self.offsets[-1] + len(vocabulary))
        self.weights = weights  # features x classes
        self.intercept = intercept
        self.classes = classes

    @classmethod
    def from_pipeline(cls, pipeline) -> "Classifier":
        union, logistic = pipeline[0], pipeline[-1]
        vectorizers = [vectorizer for _, vectorizer in union.transformer_list]
        return cls([v.vocabulary_ for v in vectorizers], [v.idf_ for v in vectorizers], logistic.coef_.T,
                   logistic.intercept_, [str(label) for label in logistic.classes_])

    def save(self, path: Path) -> None:
        """Written whole or not at all (another process may be reading or writing the same file)."""
        import numpy as np

        arrays = {"weights": self.weights, "intercept": self.intercept, "classes": np.array(self.classes)}
        for index, (_, vocabulary, idf) in enumerate(self.views):
            arrays[f"features{index}"] = np.array(sorted(vocabulary, key=vocabulary.get))
            arrays[f"idf{index}"] = idf
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial.npz")
        np.savez(partial, **arrays)
        os.replace(partial, path)

    @classmethod
    def load(cls, path: Path) -> "Classifier":
        import numpy as np

        with np.load(path, allow_pickle=False) as stored:
            vocabularies = [{feature: i for i, feature in enumerate(stored[f"features{index}"].tolist())}
                            for index in range(len(ANALYZERS))]
            return cls(vocabularies, [stored[f"idf{index}"] for index in range(len(ANALYZERS))],
                       stored["weights"], stored["intercept"], stored["classes"].tolist())

    def probabilities(self, text: str):
        import numpy as np

        scores = self.intercept.copy()
        for (analyze, vocabulary, idf), offset in zip(self.views, self.offsets):
            counts: dict[int, int] = {}
            for feature in analyze(text):
                index = vocabulary.get(feature)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.int64)
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * idf[indices]
            values /= np.sqrt(values @ values)
            scores = scores + values @ self.weights[indices + offset]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()


def classifier() -> Classifier:
    """The trained classifier, built once per process (a message that arrives while it trains waits for it)."""
    with _TRAINING:
        return _trained()


@functools.cache
def _trained() -> Classifier:
    """Fitted once per machine: stored under a key of everything the fit depends on (the phrases, the features'
    code, Kiwi's version), so a new process loads it in milliseconds instead of importing scikit-learn and fitting."""
    phrases = load_phrases()
    path = STORE / f"classifier-{stored_key(phrases)}.npz"
    try:
        return Classifier.load(path)
    except (OSError, ValueError, KeyError):
        model = fit(phrases)
        try:
            model.save(path)
            for old in sorted(STORE.glob("classifier-*.npz"), key=lambda p: p.stat().st_mtime)[:-KEPT]:
                old.unlink(missing_ok=True)  # other code or phrases (other checkouts): the newest few stay
        except OSError:
            pass  # a read-only cache: fitted again in the next process
        return model


def stored_key(phrases: dict[str, list[str]]) -> str:
    import hashlib
    import json
    from importlib.metadata import version

    digest = hashlib.sha256(json.dumps(phrases, ensure_ascii=False, sort_keys=True).encode())
    for source in FEATURE_SOURCES:
        digest.update(source.read_bytes())
    digest.update(version("kiwipiepy").encode())
    return digest.hexdigest()[:16]


def fit(phrases: dict[str, list[str]]) -> Classifier:
    """A classifier fitted on `phrases` (intent -> texts), the product's training done on any phrase set (the
    leave-one-set-out benchmark fits it on more than assistant/phrases.yaml)."""
    return Classifier.from_pipeline(fitted_pipeline(phrases))


def fitted_pipeline(phrases: dict[str, list[str]]):
    """The scikit-learn pipeline the classifier is taken from: TF-IDF over each view, then a logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    texts = [text for texts in phrases.values() for text in texts]
    labels = [intent for intent, texts in phrases.items() for _ in texts]
    views = make_union(*(TfidfVectorizer(analyzer=analyze, sublinear_tf=True) for analyze in ANALYZERS))
    model = LogisticRegression(C=50.0, solver="newton-cg", max_iter=1000)  # lbfgs's optimum, in a fifth of its time
    return make_pipeline(views, model).fit(texts, labels)


class Prediction(NamedTuple):
    intent: str
    confidence: float
    runner_up: str  # the second most likely intent and its probability: a close second means the message is unclear
    runner_up_confidence: float


def predict(text: str) -> Prediction:
    """The most likely intent and its probability, and the next one, for the text in standard Korean (a learner's
    "끝나다 때 까지" read as "끝날 때까지": the phrases it learned from are written so)."""
    model = classifier()
    probabilities = model.probabilities(learner.standard(text))
    best, second = (int(i) for i in probabilities.argsort()[::-1][:2])
    return Prediction(model.classes[best], float(probabilities[best]), model.classes[second],
                      float(probabilities[second]))
