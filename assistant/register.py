"""The executive register read as the plain request it makes. A board's or a partner's English and 문어체 Korean ask
through the passive, a wish or a noun: "it has been decided that the endpoint be removed", "it would be appreciated
if the article could be summarised", "we would wish to proceed with the decommissioning of every resource", "중단
조치를 요청드립니다", "평가가 수행되기를 요청드립니다", "철거가 이루어졌으면 하는 것이 당사의 입장입니다", "정리되어야 한다는
결정이 내려졌습니다". The classifier and the argument readers learned "please remove the endpoint" and "중단해 주세요", so
the reading is the same whatever the register. What is reported done ("평가가 수행되었습니다", "it was decided to wait")
stays as it is: only a wish, a decision that something be done, or a request for a measure is rewritten. So is a
presenter's narration ("이제 학습을 띄워 보겠습니다", "다 정리하겠습니다"): said to the audience, it asks it of the assistant."""
from __future__ import annotations

import re

VERB_NOUNS_EN = {"removal": "remove", "deletion": "delete", "termination": "terminate", "decommissioning": "tear down",
                 "decommission": "tear down", "teardown": "tear down", "deployment": "deploy", "evaluation": "evaluate",
                 "summarisation": "summarise", "summarization": "summarize", "summary": "summarize",
                 "preparation": "prepare", "initiation": "start", "launch": "launch", "resumption": "resume",
                 "suspension": "stop", "cessation": "stop", "stopping": "stop", "monitoring": "monitor",
                 "inventory": "list", "listing": "list", "list": "list", "overview": "list"}
PARTICIPLES_EN = {"removed": "remove", "deleted": "delete", "terminated": "terminate", "decommissioned": "tear down",
                  "torn": "tear", "deployed": "deploy", "evaluated": "evaluate", "summarised": "summarise",
                  "summarized": "summarize", "prepared": "prepare", "initiated": "start", "commenced": "start",
                  "launched": "launch", "started": "start", "resumed": "resume", "stopped": "stop", "halted": "stop",
                  "suspended": "stop", "shut": "shut", "monitored": "monitor", "listed": "list", "cleaned": "clean"}
DECIDED_EN = re.compile(
    r"\b(?:it\s+(?:has\s+been|was|is|had\s+been)|we\s+have)\s+(?:decided|agreed|resolved|determined|requested|"
    r"asked|instructed)\s+that\s+(?P<object>[^.;!?]+?)\s+(?:be|is\s+to\s+be|are\s+to\s+be|should\s+be|shall\s+be|"
    r"must\s+be)\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)  # "it has been decided that X be removed"
APPRECIATED_EN = re.compile(
    r"\bit\s+would\s+be\s+(?:appreciated|helpful|ideal|preferable|welcome)\s+if\s+(?P<object>[^.;!?]+?)\s+"
    r"(?:could|would|might|were\s+to)\s+be\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)  # "… if the article could be summarised"
WISHED_EN = re.compile(
    r"\b(?:we|i)\s+(?:would|may|might|should)\s+(?:wish|like|want|need)\s+to\s+(?:(?:proceed|move\s+forward|go\s+ahead)"
    r"\s+with|arrange|request|obtain|receive|have|effect|undertake|carry\s+out|see)\s+(?:the\s+|an?\s+)?"
    r"(?:(?:complete|full|immediate|prompt|orderly)\s+)?(?P<noun>[a-z]+)\s+of\b", re.IGNORECASE)  # "we would wish to
# proceed with the decommissioning of …", "we may wish to obtain a complete inventory of …"
ASIDE_EN = re.compile(r",\s*(?:however|though|of course|in turn|in any case),\s*", re.IGNORECASE)  # "the bucket,
# however, is to be left intact": the bucket's own clause goes on
EXCEPTION_EN = re.compile(r"\bwith\s+the\s+(?:sole\s+)?exception\s+of\b", re.IGNORECASE)
SAME_EN = re.compile(r"[;,]?\s*kindly\s+(?:provide|arrange|action|see\s+to)\s+(?:the\s+same|this|it)(?:\s+[^.;!?]*)?(?=[.!]|$)",
                     re.IGNORECASE)  # "…; kindly provide the same.": the request above, said again

VERB_NOUNS_KO = r"중단|중지|정지|철거|정리|삭제|배포|평가|학습|준비|종료|재개|요약|조회|확인|제출|진행|개시|착수|실행"
MEASURE_KO = re.compile(rf"(?P<noun>{VERB_NOUNS_KO})\s*(?:조치|작업|절차)(?:를|을)?\s*(?:요청|부탁)\s*(?:드립니다|드려요|합니다|하오니)")
# "중단 조치를 요청드립니다"
WISHED_KO = re.compile(
    rf"(?P<noun>{VERB_NOUNS_KO})(?:(?:이|가)\s*(?:(?:조속히|신속히|즉시|빠르게|일단)\s*)?(?:수행|진행|실시|실행|완료)?\s*)?"
    r"(?:되기를|되기\s*바|되었으면|됐으면|되어야|돼야|되도록|(?:이루어|이뤄)(?:지기를|졌으면|져야|지도록))"  # "평가가 수행되기를",
    # "철거가 조속히 이루어졌으면", "정리되어야"
    r"(?P<tail>[^.!?\n]*?(?:요청|부탁|바랍|희망|원합|입장|결정|보입니다|판단|하겠습니다|합니다|좋겠))[^.!?\n]*")
THIS_MEASURE_KO = re.compile(r"(?<=[.!?]\s)(?:이에|이와\s*관련하여|이에\s*대하여)\s*(?:대한|관한)?\s*(?:조치|처리|협조)(?:를|을)?\s*"
                             r"(?:요청|부탁)\S*\s*[.!]?")  # "이에 대한 조치를 부탁드립니다": the sentence above asked it
NARRATED_KO = ((re.compile(r"(?<=[가-힣])\s*(?:보겠습니다|볼게요|볼게|보죠)(?=[\s.!~,]|$)"), " 주세요"),  # "띄워 보겠습니다"
               (re.compile(rf"({VERB_NOUNS_KO})\s*하겠습니다"), r"\1해 주세요"))  # "이제 다 정리하겠습니다"
OWN_DOING_KO = re.compile(r"제가|저희가|내가|직접|나중에|다음에|다음\s*주")  # "제가 콘솔에서 확인해 보겠습니다": the user's own
STARTED_KO = re.compile(r"(?:개시|착수)(?=\s*(?:하|해|를|을))")  # "학습을 개시하여 주시기 바랍니다": 시작


def plain(text: str) -> str:
    """`text` with each executive request put as a plain one ("please remove X", "중단해 주세요"); unchanged elsewhere."""
    text = DECIDED_EN.sub(lambda m: _passive(m, m["object"]), text)
    text = APPRECIATED_EN.sub(lambda m: _passive(m, m["object"]), text)
    text = WISHED_EN.sub(lambda m: f"please {VERB_NOUNS_EN[m['noun'].lower()]}" if m["noun"].lower() in VERB_NOUNS_EN
                         else m.group(), text)
    text = SAME_EN.sub("", EXCEPTION_EN.sub("except", ASIDE_EN.sub(" ", text)))
    text = MEASURE_KO.sub(lambda m: f"{m['noun']}해 주세요", text)
    text = WISHED_KO.sub(lambda m: f"{m['noun']}해 주세요", text)
    text = THIS_MEASURE_KO.sub("", re.sub(r"[^.!?\n]+", _narrated, text))
    return STARTED_KO.sub("시작", text)


def _narrated(sentence: re.Match[str]) -> str:
    """A presenter's narration of the step ("이제 세이지메이커에서 8B 학습을 띄워 보겠습니다", "지금 resume 해볼게요") as the
    request it makes of the assistant; not what the speaker will do by their own hand or later."""
    said = sentence.group()
    if OWN_DOING_KO.search(said):
        return said
    for pattern, meaning in NARRATED_KO:
        said = pattern.sub(meaning, said)
    return said


def asks(sentence: str) -> bool:
    """Whether `sentence` makes an executive request: what a pasted article's sentence never does to the reader."""
    return plain(sentence) != sentence


def _passive(match: re.Match[str], thing: str) -> str:
    """"please VERB THING" for a passive's participle; the words as they were when it is not a step's."""
    verb = PARTICIPLES_EN.get(match["verb"].lower())
    return match.group() if verb is None else f"please {verb} {thing.strip()}"
