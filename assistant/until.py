"""A metric's threshold or a step said as when the work ends ("ROUGE-2가 0.3 넘을 때까지 학습해줘", "loss가 1.2 밑으로 갈
때까지", "train until ROUGE-L passes 0.25", "500스텝까지 가는지 지켜봐줘", "wait until it reaches 500 steps"): a
condition on the request, not the request. Its metric words would read as an evaluation, "밑으로 갈" as a stop and a
step count as a training to start, so the intent is read without it; its number is a score, never a step count or a
limit (the argument parsers blank metric names and read no bare decimal), and a step is the training's max_steps only
where training is asked for ("1000스텝 될 때까지 학습해줘"): watching a job takes no step (follow_job's timeout is time).
A job's end said as when the watch ends ("종료 시까지 지켜봐 주세요") is no stop either, nor the watch's own end ("1시간 넘으면
관찰을 중단해 주세요", "stop watching after an hour"): that is its timeout."""
from __future__ import annotations

import re

METRIC = r"(?:rouge[\w-]*|bleu|bert-?score|loss|로스|손실|점수|스코어|score|accuracy|정확도|perplexity|ppl|f1|metric|지표)"
NUMBER = r"\d+(?:\.\d+)?|\.\d+"
CONDITION_KO = re.compile(rf"{METRIC}(?:(?![,!?\n]|\.(?!\d)).)*?(?:{NUMBER})(?:(?![,!?\n]|\.(?!\d)).)*?때\s*까지",
                          re.IGNORECASE)  # "ROUGE-L 0.25 이상 나올 때까지"
CONDITION_EN = re.compile(rf"\b(?:until|till|untill|til)\b(?:(?![,;!?\n]|\.(?!\d)).)*?{METRIC}"
                          rf"(?:(?![,;!?\n]|\.(?!\d)).)*?(?:{NUMBER})(?:\.(?=\d)|[^\s,;!?.])*", re.IGNORECASE)

STEP = rf"(?:(?:{NUMBER})\s*(?:스텝|steps?)|(?:스텝|steps?)\s*(?:{NUMBER}))"
STEP_KO = re.compile(rf"{STEP}(?:(?![,!?\n]|\.(?!\d)).)*?(?:때\s*까지|까지\s*(?:가|도달|오|올라가)\S*?지)", re.IGNORECASE)
STEP_EN = re.compile(rf"\b(?:until|till|untill|til)\b(?:(?![,;!?\n]|\.(?!\d)).)*?{STEP}", re.IGNORECASE)

END_KO = re.compile(r"(?:종료|중지|중단)(?:\s*(?:시|시점|될\s*때|되는\s*시점))?\s*까지")  # "작업 종료 시까지 지켜보고":
# when the watch ends; its 종료 stops nothing ("끝날 때까지" is read as it is: it says a watch)
WATCH_END = re.compile(r"(?:관찰|모니터링|지켜보기|지켜보는\s*(?:것|거)|대기|기다리는\s*(?:것|거))(?:을|를|은|는)?\s*"
                       r"(?:중단|중지|그만|멈추|멈춰|종료|끝내)|\b(?:stop|quit|give\s+up)\s+(?:watching|monitoring|following|"
                       r"waiting)\b", re.IGNORECASE)  # "…않을 경우에는 관찰을 중단하여 주시기 바랍니다": the watch's time limit
WATCH = re.compile(r"지켜|모니터|기다|봐\s*(?:줘|주)|\b(?:watch|wait|follow|monitor|keep\s+an\s+eye)", re.IGNORECASE)


def without_condition(text: str) -> str:
    """`text` with a metric-threshold condition, and a step condition's count, blanked (same length, same offsets);
    `text` itself when nothing else is left."""
    rest = text
    for pattern in (CONDITION_KO, CONDITION_EN):
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    if WATCH.search(text):  # a step count and a job's end ("종료 시까지") only: "때까지" tells a wait
        for pattern in (STEP_KO, STEP_EN):
            rest = pattern.sub(lambda m: re.sub(STEP, lambda step: " " * len(step.group()), m.group(), flags=re.I), rest)
        rest = WATCH_END.sub(lambda m: " " * len(m.group()), END_KO.sub(lambda m: " " * len(m.group()), rest))
    return rest if re.search(r"\w", rest) else text


def as_watch(intent: str, confidence: float, asked: str, threshold: float) -> tuple[str, float]:
    """A watch read as a stop or a clean-up ("train-… 작업 지켜봐 주세요") is follow_job, when no stop or removal verb
    is said: the classifier ties a job's id to the steps that take one, but watching stops and removes nothing."""
    from assistant import clauses
    from assistant.arguments import asks_to_remove

    if intent in {"stop_job", "teardown"} and WATCH.search(asked) and not (clauses.stops(asked)
                                                                         or asks_to_remove(asked)):
        return "follow_job", max(confidence, threshold)
    return intent, confidence
