"""Whether a message asks how training runs, or which training jobs run ("학습 잘 돌아가고 있나요?", "is anything even
training right now", "지금 돌고 있는 학습 목록 좀"): the jobs' status (job_status), not what exists or bills
(list_resources). A sentence that names training and no other step, a run's state and no bill or leftover, and asks
(or asks for the list) is such a question."""
from __future__ import annotations

import re

from assistant import questions
from assistant.router import BILL, TOPIC_WORDS  # the router calls this module only from inside route()

RUN_STATE = re.compile(r"돌아가|돌고|돌아\s*가|실행\s*중|진행\s*중|(?:학습|훈련)\s*중|끝났|끝나|마쳤|완료|\b(?:running|finished|done|"
                       r"complete[d]?|in progress|going)\b|\b(?:anything|something|it|we|model|job)\s+(?:(?:still|even|"
                       r"actually)\s+)?training\b", re.IGNORECASE)  # "is anything training right now?", "학습 중인 거 있어?"
LEFT = re.compile(r"남아|남은|남았|켜져|켜진|안\s*꺼|\b(?:left|leftover|up)\b", re.IGNORECASE)  # what still exists
LISTED = re.compile(r"목록|리스트|\b(?:list|ls)\b", re.IGNORECASE)  # "지금 돌고 있는 학습 목록 좀": which jobs run, asked for
SENTENCE = re.compile(r"[^.?!:\n]+[.?!]*")  # a colon ends a lead-in ("Before I decide …: is anything training?")


def asks_how_training_runs(text: str) -> bool:
    """Whether a sentence of `text` asks whether training runs or finished, or for the running jobs, naming no other
    step and no bill ("… restart some services later. Before I do that, is any training running?")."""
    return any(_about_training(sentence) for sentence in SENTENCE.findall(text))


def _about_training(sentence: str) -> bool:
    named = {name for name, words in TOPIC_WORDS.items() if words.search(sentence)}
    return named == {"start_training"} and bool(RUN_STATE.search(sentence)) and not (
        BILL.search(sentence) or LEFT.search(sentence)) and (questions.read(sentence).asks or bool(LISTED.search(sentence)))
