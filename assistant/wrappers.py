"""What wraps a request and asks nothing more. English politeness wrappers read as the plain request: "Would you
mind resuming the training?", "I'd like you to do that again", "Could we tear it down?", "go ahead and deploy it" ask
for the step as plainly as "please resume the training"; the classifier learned the plain phrasing, and "Could we …?" reads as a question
(whether it can be done) without its "please". A thanks or farewell after the request is no part of it, nor an
English sentence before it that asks and names nothing ("Thanks for the help earlier."), nor a fact told before a
plea ("that one's broken anyway, just delete …"); the fact clauses are also where a place is ruled out (clauses.py)."""
from __future__ import annotations

import re

from assistant import courtesy
from assistant.korean import morphemes
from assistant.questions import HANGUL, HAPPENING_EN, IMPERATIVES_EN

VERBS = IMPERATIVES_EN | {"summarize", "redeploy", "clean", "look", "kick", "send", "build", "load", "pull", "fire",
                          "chuck"}
WRAPPER = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s)(?:(?:but|so|and)\s+)?)(?P<lead>\s*)(?:(?:please|pls|kindly)\s+)?"
    r"(?:would you mind|would you be so kind as to|i'?d like you to|i would like you to|i need you to|"
    r"i want you to|could we|can we please|could you|can you|would you|let'?s go ahead and|go ahead and|kindly|"
    r"might you|(?:let'?s\s+)?have\s+it|(?:do |would )?y'?all mind|(?:i |we )?reckon (?:you|we)(?:\s+(?:can|could|should))?|"
    r"(?:i'?d|i would|we'?d|we would) be (?:so )?(?:grateful|obliged|thankful) if you (?:could|would)|"
    r"(?:i'?d|we'?d) appreciate it if you (?:could|would)|would it be (?:okay|ok|alright|all right|fine|possible) (?:for you )?to)\s+"
    r"(?:(?:please|just|maybe|also)\s+)?" + HAPPENING_EN + r"(?P<verb>[a-z][\w-]*)", re.IGNORECASE)


READY = re.compile(r"\bget\s+((?:those|these|them|it|this|that|the\s+\w+|our\s+\w+)(?:\s+(?!cleaned\b|sorted\b)\w+)?)"
                   r"(?:\s+(?:cleaned(?:\s+up)?|sorted(?:\s+out)?|processed|formatted|tidied\s+up)\s+and)?\s+ready\b",
                   re.IGNORECASE)  # "get those ready", "get that file cleaned up and ready": prepare them


def plain(text: str) -> str:
    """`text` with each wrapper before a known verb put as "please VERB" (a gerund as its verb), and "get X ready" as
    "prepare X": what the intent and whether it asks are read from; unchanged where no known verb follows ("could we
    afford it?")."""
    def unwrapped(match: re.Match[str]) -> str:
        verb = _base(match["verb"].lower())
        return match.group() if verb is None else f"{match['lead']}please {verb}"

    return READY.sub(lambda match: f"prepare {match[1]}", WRAPPER.sub(unwrapped, text))


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


STEP_WORDS_EN = (r"please|pls|plz|kindly|can|could|would|will|let'?s|need|want|should|must|you|u|model|endpoints?|"
                 r"train\w*|jobs?|data\w*|s3|buckets?|sage\s*maker|aws|eval\w*|deploy\w*|servers?|instances?|gpus?|"
                 r"checkpoints?|runs?|summar\w*|articles?|cloud|local\w*|kosum|everything|all|off|down|up|again|once|more|"
                 r"it|that|them|those|gone|too|also|fine|tun\w*|eta|progress|loss|rouge|steps?|lora|adapters?|presets?")
LEAD_IN_EN = re.compile(  # sentences before the request that ask for nothing and name nothing of KoSum's ("Coffee's
    # kicking in, so here goes.", "Thanks for the help earlier.", "We have a team meeting this afternoon.")
    r"^(?:\s*(?!(?:" + "|".join(map(re.escape, sorted(VERBS))) + r")\b)(?:(?!\b(?:" + STEP_WORDS_EN + r")\b)[^.!?\n\d])+"
    r"[.!]+(?=\s+\S))+", re.IGNORECASE)


SIGN_OFF_KO = re.compile(rf"(?:[\s.!~,]*(?:(?:{courtesy.BEFORE_THANKS_KO})\s*)?(?:도와\s*(?:줘서|주셔서)\s*)?"
                         rf"(?:{courtesy.THANKS_KO}|{courtesy.SIGN_OFF_KO})[\s.!~♡^ㅎㅋ]*)+$")
SIGN_OFF_EN = re.compile(rf"(?:[\s,.!]*(?:{courtesy.THANKS_EN}|{courtesy.SIGN_OFF_EN})[\s.!~]*)+$", re.IGNORECASE)
THANKS_FOR_KO = re.compile(r"(?<!미리)(?<!미리 )(?<!항상)(?<!항상 )(?<![늘])(?<!늘 )(?:감사|고마|고맙|덕분)")  # thanks that may
# be for what the words before name ("모델평가 고마워요"); not those in advance or for always ("미리 감사드립니다")
REQUESTED_KO = re.compile(r"줘|주세요|주십시오|하세요|하십시오")  # "teardown 해줘 except S3": asked, then English words
ASKED_KO = re.compile(r"(?:줘|줘요|주세요|주십시오|주시고|해|하세요|하십시오|ㄱ+|좀|봐|알아서|것)\s*$")  # a request's
# own ending ("S3는 알아서": left to the assistant; "건드리지 말 것")


def without_sign_off(text: str) -> str:
    """`text` without the thanks or farewell after its request ("server-… 지워줘 고마워요!", "stop it, cheers"): a
    courtesy says nothing of the step, and its words must not outweigh the request's; kept when it may be what the
    thanks are for ("지워줘서 고마워요", "모델평가 고마워요": no request ending before it), never for a farewell or thanks
    in advance ("모델평가 나중에 또 올게요", "학습 시작 미리 감사드립니다"): those thank for nothing done. A polite "-요"
    closes the sentence before it ("…일단 보류요 덕분에 살았어요.")."""
    found = (SIGN_OFF_KO if HANGUL.search(text) else SIGN_OFF_EN).search(text)
    if found is None or not re.search(r"\w", text[:found.start()]):
        return text
    stop = re.match(r"[\s,]*[.!?~…]*", text[found.start():]).group().strip(" ,\t\n")  # the request's own period stays
    rest = text[:found.start()].rstrip() + stop  # ("…하나도 남기지 말고. 좋은 하루 보내세요": its sentence ends there)
    latin_after_request = bool(re.search(r"[A-Za-z0-9]$", rest) and REQUESTED_KO.search(rest))
    farewell = not THANKS_FOR_KO.search(found.group())  # "좋은 하루 보내세요", "미리 감사드립니다": for nothing done
    if HANGUL.search(text) and not (farewell or re.search(r"[.!?~…]$|[가-힣]요$", rest) or ASKED_KO.search(rest)
                                    or latin_after_request or _final(rest)):
        return text
    return rest


def _final(text: str) -> bool:
    """Whether the text ends in a sentence's final ending ("다 지워", "재개해 줘요오"), not a connective ("지워줘서")."""
    words = [m for m in morphemes(text) if m.tag not in {"SF", "SE", "SW", "SO"}]
    return bool(words) and words[-1].tag == "EF"


FACT_EN = re.compile(  # a clause that states a fact or a reason, not a request ("local GPU is too small for 8B,",
    # "our local card can't handle it.", "my gpu just OOMs every time so …"): to its punctuation, a run-on "so", or the end
    r"(?:^|(?<=[,;.!?]))\s*(?!\s*(?:please|pls|plz|can|could|would|will)\b)(?:(?:because|since|cause|as)\b[^,;.!?]*|"
    r"[^,;.!?]*?(?:(?:\b(?:is|are|was|were|am|isn't|aren't|wasn't|i'm|we're|they're)|'s)\s+(?:(?:too|so|very|really|way|"
    r"kinda|pretty|quite|not|still|already|just|much|far|only)\s+){0,3}(?:small|slow|big|weak|tight|full|busy|broken|"
    r"limited|offline|expensive|pricey|cheap|short|low|down|burning|costing|running out)\b|"
    r"\b(?:can't|cannot|can not|couldn't|won't|doesn't|don't|isn't able to)\s+(?:\w+\s+)?(?:handle|fit|cope|manage|"
    r"load|take|keep up|keep pace|scale)\b|\b(?:ooms?|oom'?s|runs? out of (?:memory|vram)|out of memory)\b)(?:(?!\bso\b)[^,;.!?])*)"
    r"(?:[,;.!?]|(?=\s+so\b)|$)", re.IGNORECASE)
FACT_BEFORE_PLEA = re.compile(r"^[^,;.!?\n]*?(?:\b(?:is|are|was|were)\b|'s\b|'re\b)[^,;.!?\n]*[,;.]\s*"
                              r"(?=(?:just|please|pls|plz|now|so|then)\b)", re.IGNORECASE)


def without_fact_before(text: str) -> str:
    """`text` without a clause that states how things are before a plea ("that one's broken anyway, just delete
    kosum-ep-0c3e"); unchanged otherwise ("local OOM -> train on sagemaker instead, … pls")."""
    return FACT_BEFORE_PLEA.sub("", text.lstrip(), count=1)
