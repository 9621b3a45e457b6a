"""Neutral sentences and request endings for bench_invariance: wrappers that change nothing a tool should do.

Written for this benchmark (not taken from any phrase set): no tool words (data, training, deploy, status, summary,
cost, stop, delete), no numbers, no negation, no take-back and no new request, so the request beside them keeps
its tool and arguments."""
from __future__ import annotations

import re

KO_BEFORE = [
    "안녕하세요.", "방금 점심 먹고 들어왔어요.", "오늘 오후에 팀 회의가 있어요.", "요즘 마감이 가까워서 정신이 없네요.",
    "오랜만에 들어왔습니다.", "주말 동안 생각해 봤는데요.", "오늘따라 날씨가 좋네요.", "방금 출근했습니다.",
    "갑자기 생각나서 말씀드려요.", "아침부터 바쁘네요.", "교수님께 보고드리기 전에 여쭙니다.", "이번 주는 일정이 빠듯합니다.",
    "팀장님이 물어보셔서요.", "저 왔어요.",
]
EN_BEFORE = [
    "Hi there.", "Good morning.", "I just got back from lunch.", "We have a team meeting this afternoon.",
    "Sorry to bother you again.", "My manager asked me about this.", "It's been a busy week.",
    "Quick one before I head out.", "I'm working from home today.", "Thanks for the help earlier.",
    "Hope your day is going well.", "Coffee's kicking in, so here goes.",
]
KO_AFTER = [
    "감사합니다.", "고마워요!", "수고하세요.", "좋은 하루 보내세요.", "미리 감사드립니다.", "덕분에 살았어요.",
    "나중에 또 올게요.", "오늘도 고생 많으십니다.", "늘 도와줘서 고마워.", "그럼 이따 봬요.", "항상 감사해요~",
    "역시 믿음직하네요.",
]
EN_AFTER = [
    "Thanks!", "Thanks in advance.", "Much appreciated.", "Cheers.", "Have a nice day.", "You're a lifesaver.",
    "Talk soon.", "I appreciate it.", "Hope that makes sense.", "Take care.", "Thank you so much.", "Catch you later.",
]

ACTION_NOUNS = ("시작", "준비", "진행", "확인", "삭제", "정리", "배포", "학습", "요약", "중지", "중단", "취소", "실행", "조회",
                "재개", "정지", "종료", "생성", "설정", "훈련", "처리", "보고", "다운로드", "체크", "점검", "제거", "파인튜닝",
                "튜닝", "재시작", "재실행", "계속")
# the final request ending in Korean: a verb's -아/어 form before 주다 in any speech level, or a 하다 verb's own ending
_GIVE = r"(?<![가-힣])(?P<inf>[가-힣]+?) ?(?:줘요|줘|주세요|주십시오|주시겠어요\??|주시겠습니까\??|주실래요\??|줄래\??|주시기 바랍니다|주시길 바랍니다)"
_HADA = r"(?P<noun>" + "|".join(ACTION_NOUNS) + r")(?:하십시오|하세요|해요|해라|해|합시다|하자|하시오)"
_END = r"(?=[.!?~…]*\s*$|[.!?~…]+\s)"
GIVE = re.compile(_GIVE + _END)
HADA = re.compile(r"(?<![가-힣])" + _HADA + r"(?=[.!~…]*\s*$|[.!~…]+\s)")
KO_LEVELS = {
    "해줘": "{inf}줘", "해 주세요": "{inf} 주세요", "해 주시겠어요?": "{inf} 주시겠어요?", "하십시오": "{noun}하십시오",
    "해 주시기 바랍니다": "{inf} 주시기 바랍니다", "부탁드립니다": "{noun} 부탁드립니다",
}

# English: an imperative first sentence (an optional "please") whose verb is known, and its -ing form
VERBS = {verb: verb + "ing" for verb in (
    "start", "check", "show", "list", "deploy", "launch", "train", "tell", "kick", "spin", "fine-tune", "look",
    "clean", "pull", "download", "report", "print", "load", "build", "send", "go", "find", "do", "summarise",
    "summarize", "prepare", "fetch", "tear", "delete", "remove", "stop", "run", "get", "give", "use", "shut",
    "set", "make", "continue", "resume", "retry", "restart", "redo", "repeat", "wrap", "take", "put")}
VERBS.update({v: v[:-1] + "ing" for v in ("summarise", "summarize", "prepare", "use", "make", "continue",
                                          "resume", "give", "remove", "take", "delete")})
VERBS.update({v: v + v[-1] + "ing" for v in ("stop", "run", "get", "shut", "set", "put", "spin", "wrap")})
VERBS["fine-tune"] = "fine-tuning"
EN_WRAPPERS = {
    "Would you mind …ing?": "Would you mind {ing}?", "I'd like you to …": "I'd like you to {bare}.",
    "Could we …?": "Could we {bare}?", "go ahead and …": "Go ahead and {bare}.", "Could you …?": "Could you {bare}?",
    "Can you …, please?": "Can you {bare}, please?", "I need you to …": "I need you to {bare}.",
    "… please.": "{Bare}, please.", "Kindly …": "Kindly {bare}.",
}
_LEAD = re.compile(r"^(?:please|pls|kindly|can you|could you|would you)\s+", re.IGNORECASE)
_FIRST = re.compile(r"^(?P<sentence>.+?)(?P<stop>[.!?]+)(?=\s|$)|^(?P<whole>[^.!?]+)$", re.DOTALL)


def ko_levels(text: str) -> dict[str, str]:
    """The text with its last request ending rewritten in each other speech level, where a clean rewrite exists."""
    give = [match for match in GIVE.finditer(text) if _infinitive(match["inf"])]
    hada = list(HADA.finditer(text))
    found = max(give + hada, key=lambda match: match.start(), default=None)
    if found is None:
        return {}
    stem = found.groupdict().get("inf") or found["noun"] + "해"
    noun = stem[:-1] if stem.endswith("해") and len(stem) > 2 else None
    rewrites = {}
    for level, form in KO_LEVELS.items():
        if "{noun}" in form and noun is None:
            continue
        ending = form.format(inf=stem, noun=noun)
        tail = text[found.end():]
        tail = re.sub(r"^[.!~?]+", "", tail) if ending.endswith("?") else re.sub(r"^\?", ".", tail)
        new = text[:found.start()] + ending + tail
        if new != text:
            rewrites[level] = new
    return rewrites


def _infinitive(word: str) -> bool:
    """A verb's -아/어 form: its last syllable has an a/eo-like vowel and no final consonant (돌려, 해, 봐, 써)."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 == 0 and (code // 28) % 21 in (0, 1, 4, 6, 9, 10, 14)


def en_wrappers(text: str) -> dict[str, str]:
    """The text with its first sentence, an imperative, wrapped in each English politeness form."""
    match = _FIRST.match(text.strip())
    if match is None:
        return {}
    sentence = (match["sentence"] or match["whole"]).strip().rstrip(",")
    rest = text.strip()[match.end():]
    bare = _LEAD.sub("", sentence)
    bare = re.sub(r",?\s+please$", "", bare, flags=re.IGNORECASE)
    first, _, after = bare.partition(" ")
    verb = first.lower()
    if verb not in VERBS or not after:
        return {}
    bare = verb + " " + after
    forms = {"bare": bare, "Bare": bare[0].upper() + bare[1:], "ing": VERBS[verb] + " " + after}
    return {name: form.format(**forms) + rest for name, form in EN_WRAPPERS.items()
            if form.format(**forms) + rest != text}


# (e) "asked about": the request's action put in a question about doing it (what it costs, takes, risks, deletes);
# written for this benchmark. Korean from the verb's -아/어 form ("돌려" → "돌려도 괜찮을까요?"), English from the
# imperative ("deploy it" → "is it safe to deploy it?"); the S3 ones only for a clean-up.
KO_ASKED = {
    "…면 비용이 얼마나 나와요?": "{inf} 보면 비용이 얼마나 나와요?", "…도 괜찮을까요?": "{inf}도 괜찮을까요?",
    "…도 되나요?": "{inf}도 되나요?", "…면 얼마나 걸려요?": "{inf} 보면 얼마나 걸려요?",
    "…면 어떻게 되나요?": "{inf} 보면 어떻게 되나요?", "지금 …는 게 나을까요?": "지금 {inf} 보는 게 나을까요, 기다릴까요?",
    "…면 메모리가 부족하지 않을까요?": "{inf} 보면 메모리가 부족하지 않을까요?", "…면 S3도 지워지나요?": "{inf} 보면 S3도 지워지나요?",
    "…도 돼요?": "{inf}도 돼요?", "…야 하나요?": "지금 {inf}야 하나요?", "…면 위험한가요?": "{inf} 보면 위험한가요?",
    "… 전에 알아 둘 게 있나요?": "{inf} 보기 전에 미리 알아 둘 게 있나요?", "…도 문제없을까요?": "{inf}도 문제없을까요?",
}
EN_ASKED = {
    "what happens if I …?": "What happens if I {bare}?", "is it safe to …?": "Is it safe to {bare}?",
    "should we wait or …?": "Should we wait or {bare}?", "how much would it cost to …?":
    "How much would it cost to {bare}?", "how long does it take to …?": "How long does it take to {bare}?",
    "could we run out of memory if we …?": "Could we run out of memory if we {bare}?",
    "would it be a problem to …?": "Would it be a problem to {bare}?", "what if we …?": "What if we {bare}?",
    "do I need to … first?": "Do I need to {bare} first?", "is it worth it to …?": "Is it worth it to {bare}?",
    "if I …, does S3 get deleted too?":
    "If I {bare}, does S3 get deleted too?",
}
S3_FORMS = ("…면 S3도 지워지나요?", "if I …, does S3 get deleted too?")


def asked_about(text: str, teardown: bool) -> dict[str, str]:
    """The message's one request turned into questions about doing it; nothing where it holds other sentences or
    another request (a question about one step would leave the other asked for)."""
    korean = bool(re.search(r"[가-힣]", text))
    if korean:
        give = [match for match in GIVE.finditer(text) if _infinitive(match["inf"])]
        found = give + list(HADA.finditer(text))
        if len(found) != 1 or text[found[0].end():].strip(" .!~…"):
            return {}
        stem = found[0].groupdict().get("inf") or found[0]["noun"] + "해"
        head = text[:found[0].start()]
        if re.search(r"[.!?]\s|(?:주|주시|하)고\s", head):  # another sentence, or a request joined by -고
            return {}
        forms = {name: head + form.format(inf=stem) for name, form in KO_ASKED.items()}
    else:
        match = _FIRST.match(text.strip())
        if match is None or text.strip()[match.end():].strip():
            return {}
        bare = _LEAD.sub("", (match["sentence"] or match["whole"]).strip().rstrip(","))
        bare = re.sub(r",?\s*\b(?:please|pls|plz)\b", "", bare, flags=re.IGNORECASE)  # a plea asks for it
        first, _, after = bare.partition(" ")
        if first.lower() not in VERBS or not after:
            return {}
        forms = {name: form.format(bare=first.lower() + " " + after) for name, form in EN_ASKED.items()}
    return {name: new for name, new in forms.items() if teardown or name not in S3_FORMS}
