"""Names people paste into a message, as patterns: instance types, job and resource ids, local paths, Hugging Face hub
ids and URLs. They are arguments in their own right, and the digits inside them ("12xlarge", "20261128") are never
counts, steps or limits."""
from __future__ import annotations

import re

# ASCII word edges: Korean particles follow names directly ("ml.g5.12xlarge로"), and \b counts Hangul as a letter
START, END = r"(?<![a-z0-9.-])", r"(?![a-z0-9])"
INSTANCE = re.compile(START + r"(?:ml\.)?([cgmpt]\d+[a-z]*)[.\s]?(\d*x?large|xlarge|medium|\d*xl)" + END,
                      re.IGNORECASE)  # "g5.12xl": xlarge shortened, as engineers type it
FAMILY_ONLY = re.compile(START + r"(?:ml\.)?(g4dn|g6e|g5|g6|p3dn|p2|p3|p4de|p4d|p5en|p5e|p5)" + END,
                         re.IGNORECASE)  # "p3 말고 p4d로": a GPU family without its size
SIZE_ONLY = re.compile(START + r"(?:\d*xlarge|\d+xl)" + END, re.IGNORECASE)  # "12xlarge" without its family


def size(name: str) -> str:
    """An instance size as SageMaker spells it: "12xl" is "12xlarge"."""
    name = name.lower()
    return name + "arge" if name.endswith("xl") else name
ML_NAME = re.compile(START + r"ml\.[a-z0-9]+\.[a-z0-9]+" + END, re.IGNORECASE)
JOB_ID = re.compile(START + r"train-\d{8}-\d{6}-[0-9a-f]{4}" + END)
RESOURCE_ID = re.compile(START + r"[a-z][a-z-]*-\d{8}-\d{6}-[0-9a-f]{4}" + END)
# an id in a shape other than KoSum's own, as someone types a SageMaker job or endpoint name ("kosum-ep-0612",
# "run-20240612-0930"): three or more hyphenated lowercase parts with a digit among them (a preset, "llama3-8b", has two)
KINDS = r"(?:ep|ic|endpoints?|inference|component|job|train|training|serving|model|bucket|kosum)"  # a name's own kind
OTHER_ID = re.compile(START + r"(?:(?=[a-z0-9-]*\d)[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}|[a-z][a-z0-9]*-\d{3,}|"
                      r"(?:[a-z][a-z0-9]*-)+" + KINDS + r"(?:-[a-z0-9]+)+|" + KINDS + r"(?:-[a-z0-9]+){2,}|"
                      r"(?:local|job|run|train|training|exp|sm|task)-(?=[a-z]*\d)[a-z0-9]+|"
                      r"[a-z][a-z0-9]*-(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{4,})" + END)
# … or three or more parts without a digit, one of them the kind of thing it names ("kosum-ep-demo", "kosum-ep-
# summarizer"; not "state-of-the-art"), or two parts, the second a number of three digits or more ("local-0603", "job-1234"; not "rouge-2", "lead-3"), or
# any second part with a digit after a word that names a run ("local-7", "job-3f9a"), or a second part of four or more
# letters and digits mixed, as hashes are ("ckpt-3f9a"; a preset's size, "llama3-8b", has two)
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
DATA_SUFFIX = r"\.(?:jsonl|json|csv|parquet|txt)"
LOCAL_FOLDERS = r"(?:outputs?|runs?|models?|checkpoints?|ckpts?|artifacts|adapters?|results|merged|exports?|saved)"
PATH = re.compile(r"(?<![\w/.~-])(?:(?:~|\.{1,2})?/[^\s가-힣,'\"()<>`]*[^\s가-힣,'\"()<>`.?!;:…~]|"
                  r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*" + DATA_SUFFIX + r"|" + LOCAL_FOLDERS +
                  r"/[A-Za-z0-9_.-]*[A-Za-z0-9_](?:/[A-Za-z0-9_.-]*[A-Za-z0-9_])*/?"
                  r")(?![A-Za-z0-9_/])", re.IGNORECASE)  # … and a relative folder under one a run writes ("outputs/x");
# the sentence's punctuation after a path ("…/news.jsonl. Grading …", "…/final?") is not part of it
HUB_ID = re.compile(r"(?<![\w/.~:-])(?![\d/.-]+(?![A-Za-z0-9_/]))[A-Za-z0-9][\w.-]*[A-Za-z0-9]/[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9](?![A-Za-z0-9_/])")
# a particle right after the id is Korean, not part of it ("…/naver-news-summarization-ko를"); digits alone ("12/15")
# are a date
