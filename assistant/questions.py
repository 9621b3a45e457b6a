"""Whether a message asks something rather than asks for something: "지워지나요?", "엔드포인트 있나...", "얼마나 나와?",
"does teardown delete S3?" are questions; "데이터 준비해 줄래요?", "can you deploy it?" are requests phrased as
questions. A question never starts a costly or destructive action: the brain answers it, or shows what exists. A
question about how the product behaves (how long a step takes, its limits, what it costs, what it reports: "학습은
얼마나 걸려요?", "요약은 몇 자까지 돼?", "does deploying cost money?") is told apart from one about the user's own things
(what runs or bills now, what happened, how a run is going: "얼마 나가고 있어?", "학습 어떻게 돼가?").

Korean from the shared Kiwi analysis: a sentence's final ending (EF, or a connective that ends the message, as in
"있나...") that asks (-나요, -니, -냐, -ㄹ까, -는지, -ㄴ가), or any ending before "?", or an interrogative word (뭐, 얼마,
어떻게, 몇, …) with a plain ending; a request has 주- ("해 줄래?") in it, unless it asks to check or tell ("있는지 봐줘",
"비용 알려줘") with no step before the telling ("지켜보고 있다가 어떻게 됐는지 알려줘" asks for both); "X 하지 말고 Y"
asks for Y without 주- ("다시 하지 말고 이어서 돌려요"); "-ㄹ래" says what the user wants ("세이지메이커에서 할래"), and
suggests only when asked ("할래?"). English from word order and "?"; a gerund subject ("does stopping a job still
charge me?") asks what doing it would do."""
from __future__ import annotations

import re
from typing import NamedTuple

from assistant.korean import Morpheme, morphemes

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ASKING_ENDINGS = {"나요", "나", "니", "냐", "냐고", "ᆯ까", "ᆯ까요", "을까", "을까요", "는지", "ᆫ지", "ᆫ가", "ᆫ가요", "는가",
                  "는가요", "려나", "ᆯ려나", "남", "는지요", "ᆫ지요", "나여"}
REPORTING = {"더라", "더라고", "더라구", "더라구요", "더라고요", "더군", "더군요", "던데", "던데요", "거든", "거든요"}  # what the
# speaker saw or knows, told
SUGGESTING = {"ᆯ까", "ᆯ까요", "을까", "을까요"}
WANTING = {"ᆯ래", "ᆯ래요", "을래", "을래요"}  # "할래?" suggests; "할래" (no "?") says what the user wants: a request
INDIRECT = {"는지", "ᆫ지", "은지", "ᆯ지", "을지"}  # "켜진 거 있는지 체크해줘": a question put as a request …
CHECKING = {"확인", "체크", "보", "봐주", "알아보", "찾", "알리", "말하", "check"}  # … to find out and tell
INTERROGATIVES = {"뭐", "무엇", "뭣", "무슨", "어떻", "어떻게", "어떤", "왜", "언제", "어디", "얼마", "얼마나", "몇", "누구",
                  "어느", "혹시"}
TELLING = {"알리", "말하", "설명", "가르치", "안내", "explain", "tell"}  # "간단히 explain 해줘" in a Korean message too
CONDITIONAL = {"면", "으면", "려면", "으려면", "다면", "는다면", "ᆫ다면", "거든", "을때", "ᆯ때", "어도", "아도", "여도"}
NOW = {"있", "없", "남", "켜", "뜨", "떠", "돌", "돌아가", "살", "살아있", "나가", "새", "과금", "청구", "청구서", "실행", "가동",
       "지금", "현재", "아직", "여태"}  # what exists or bills now; a price alone ("학습 비용 얼마야?") is a question about an action
TRAITS = {"기본", "기본값", "디폴트", "걸리", "소요", "오래", "최대", "제한", "한도", "비용", "돈", "요금", "가격", "유료", "무료", "공짜", "나오", "지표",
          "메트릭", "차이", "다르", "지원", "필요", "cost", "price", "pricing", "시간당", "단가",  # how the product behaves
          "낫", "추천", "장단점", "유리", "좋", "보다"}  # … or compares ("뭐가 나아?", "A가 B보다 빨라?")
LIMIT_ASKING = {"몇", "얼마", "얼마나", "어디"}  # "몇 자까지", "얼마까지": a limit
OWN = {"내", "제", "우리", "방금", "아까", "이번", "이거", "그거", "저거", "진행", "상태", "상황", "어디쯤"}  # the user's
SPEAKERS = {"나", "저", "우리"}  # "내/제 학습" is 나/저 + 의 to Kiwi
WHEN = {"때", "경우"}  # "평가할 때 …?", "배포하는 경우 …?": what happens whenever that is done
HOW_TO_KO = re.compile(r"어떻게\s*(?:해|하|써|쓰|사용)|방법|하는\s*법|쓰는\s*법|뭘?\s*하는\s*(?:거|건|기능)|뭐(?:야|예요|에요|임|지|니)"
                       r"|무슨\s*(?:뜻|일|기능|의미)|뭔가요|뭔지|설명")
LEAD_EN = r"^\s*(?:(?:wait|so|ok|okay|oh|hmm+|um+|uh+|btw|also|and|hey|sorry|quick q(?:uestion)?)\b[\s,:.!-]*)*"
ENGLISH_QUESTION = re.compile(LEAD_EN + r"(?:does|do (?:i|we|they)|is|are|(?:was|were)(?!\s+(?:gonna|going to|about to|planning|"
                              r"thinking|hoping|meaning)\b)|did|has|have|will|would|should|can|could|am|how|what|"
                              r"what's|whats|why|when|where|which|who|whose|any)\b", re.IGNORECASE)  # "(I) was gonna …": told
TAG_EN = re.compile(r"(?:\bor (?:nah|not|no|what)|(?:,\s*|\s)(?:right|correct|yeah|yes|no|isn'?t it|doesn'?t it|"
                    r"won'?t it|will it|does it|is it))\s*[.!~]*\s*$", re.IGNORECASE)  # "… too or nah", "… as well right":
# a statement put to the assistant to confirm is a question without its "?"
ENGLISH_REQUEST = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u)\b|\bplease\b|\bpls\b|\bplz\b|\bwould you mind\b|"
                             r"\bwhat can you do\b", re.IGNORECASE)
ENGLISH_TELLING = re.compile(r"\b(?:tell me|let me know|explain|show me (?:which|what|whether|if)|check (?:which|"
                             r"whether))\b", re.IGNORECASE)  # "could you show me which endpoints are still up?": a check
ENGLISH_NOTIFYING = re.compile(r"\b(?:tell me|let me know|ping me|notify me)\s+(?:when|once|as soon as|after)\b",
                               re.IGNORECASE)  # "deploy it and let me know when it's up": a request
IMPERATIVES_EN = {"deploy", "train", "fine-tune", "finetune", "tear", "teardown", "delete", "remove", "wipe", "clean",
                  "nuke", "destroy", "stop", "halt", "kill", "cancel", "abort", "pause", "resume", "continue",
                  "restart", "rerun", "evaluate", "eval", "score", "run", "show", "list", "check", "prepare",
                  "download", "summarize", "summarise", "serve", "launch", "start", "spin", "shut", "pick", "use",
                  "give", "make", "let", "tell", "explain", "write", "keep", "leave", "don't", "dont", "go", "get",
                  "set", "try", "test", "upload", "terminate", "host", "skip", "include", "drop", "prep", "push", "fetch",
                  "grab", "watch", "monitor", "follow", "wait", "ship", "bring", "put", "free", "scrap", "redo",
                  "do", "lets", "let's", "process", "preprocess", "kick"}  # a sentence's first word
HAPPENING_EN = r"(?!(?:run|go)\s+(?:out|into|over)\b|get\s+(?:charged|billed|stuck)\b)"  # "could we run out of
# memory?": what may happen to us, asked
PROPOSED_EN = re.compile(r"\bcould we\s+(?:please\s+|just\s+|maybe\s+)?" + HAPPENING_EN + r"(?:"
                         + "|".join(map(re.escape, sorted(IMPERATIVES_EN))) + r")\b", re.IGNORECASE)
# "could we tear it down, keep the bucket?": asked for, like "could you"
FINITE_EN = {"is", "was", "will", "would", "does", "did", "has", "can", "costs", "charges", "takes", "needs", "means",
             "also", "really", "actually"}  # "teardown also deletes …"
ENGLISH_HYPOTHETICAL = re.compile(r"\b(?:if(?!\s+(?:so|any)\b)|would|what happens|in order to|when i|suppose|should (?:i|we)|could (?:i|we)|"
                                  r"(?:is|was) it (?:(?:safe|ok|okay|fine|wise|smart|risky|a good idea|a problem) to|"
                                  r"worth)|do (?:i|we) (?:need|have) to)\b", re.IGNORECASE)  # "is it safe to …?", "is it
# worth it to …?", "do I need to … first?", "could we run out of memory?": what doing it would do, asked; "is any
# training running, and if so how far along is it?": "if so" (as "있으면 뭔지") is on the answer, no hypothetical
GERUND_SUBJECT = re.compile(r"^\s*(?:does|do|will|would|can|could|should)\s+(?!\w*thing\b)[a-z]+ing\b",
                            re.IGNORECASE)  # "does stopping a job still charge me?": what doing it would do
ENGLISH_HOW_TO = re.compile(r"^\s*(?:how (?:do|does|can|should|would|to)|what (?:does|do|is an?|are)\b|explain|"
                            r"what happens|what would)", re.IGNORECASE)
ENGLISH_NOW = re.compile(r"\b(?:running|left|still|billing|billed|charging|charged|costing|paying|spending|alive|"
                         r"exists?|right now|currently)\b", re.IGNORECASE)
ENGLISH_TRAIT = re.compile(r"\b(?:costs?|money|price[sd]?|pricing|charge[sd]?|free|paid|expensive|cheap(?:er)?|"
                           r"better|worse|faster|slower|vs|versus|recommend(?:ed)?|how long|takes?|"
                           r"limits?|max|maximum|how many|metrics?|rouge|reports?|supports?|needs?|requires?|"
                           r"difference|differ|different)\b", re.IGNORECASE)
ENGLISH_OWN = re.compile(r"\b(?:my|mine|our|ours|status|progress|going)\b|\b(?:this|that|the current) (?:run|job|"
                         r"endpoint|model|server)\b", re.IGNORECASE)
ENGLISH_PAST = re.compile(r"\b(?:did|done|finished|yet|stopped|has|have|over|complete[d]?)\b", re.IGNORECASE)


class Question(NamedTuple):
    asks: bool  # a question, not a request phrased as one
    suggests: bool  # "shall we…?" ("학습 시켜볼까요?", "가능?"): a request for what is free, a question for what costs
    hypothetical: bool  # about what would happen ("teardown 하면 …?", "if I …", "would")
    how_to: bool  # how something works or what it is ("어떻게 써?", "뭘 하는 거야?", "what does … do")
    about_now: bool  # whether something exists, runs or costs now ("있나?", "켜져 있어?", "still running?")
    past: bool  # whether something happened ("멈췄어?", "did it stop?")
    general: bool  # how the product behaves, not how the user's things are: durations, limits, costs, outputs
    # ("학습은 얼마나 걸려요?", "요약은 몇 자까지 돼?", "does deploying cost money?")
    requests: bool = False  # another sentence asks for something ("평가 돌려줘, 50개만. 그리고 … 뭔지는 나중에 설명해줘",
    # "what's the ROUGE? score it on the whole split"): a free step is done, the question is not what is asked for
    request: str = ""  # those sentences ("score it on the whole split"): what the intent is read from when asked beside


NOT_A_QUESTION = Question(False, False, False, False, False, False, False)

CONFIRMING_TAG = re.compile(  # "…로 하고. 알지?", "deploy it, ok?": a tag after a request asks nothing
    r"(?<=\S)[\s.,~!]+(?:알지|알겠지|알았지|알죠|아시죠|알겠죠|오케이|ㅇㅋ|ㅇㅇ|맞지|그치|그쵸|그렇지|콜|ok|okay|right|got it|"
    r"yeah|capisce)\s*[?？]+[\s~!?]*$", re.IGNORECASE)


SAID_SO = re.compile(r"(?<=라고|다고)\s*(?:말씀\s*)?(?:하셨|하셨었|했)(?:죠|지요|지|잖아요|잖아)\s*[?？]+")  # "'…'라고
# 하셨죠? 네, 그대로 진행해주세요": what was said, recalled to be agreed to, asks nothing


def read(text: str) -> Question:
    text = SAID_SO.sub(lambda m: re.sub("[?？]", ".", m.group()), CONFIRMING_TAG.sub("", text))
    return _korean(text) if HANGUL.search(text) else _english(text)


def _sentences(found: tuple[Morpheme, ...]) -> list[list[Morpheme]]:
    """The sentences, and a request that goes on to another sentence with "-고," or "-고 근데" ("eval 돌려주고, 근데 …
    뭐야?") as a sentence of its own."""
    sentences, current = [], []
    for index, morpheme in enumerate(found):
        current.append(morpheme)
        following = found[index + 1] if index + 1 < len(found) else None
        joined = morpheme.tag == "EC" and morpheme.form in {"고", "고요"} and index and _gives(found[index - 1]) and (
            following is not None and (following.tag in {"SP", "MAJ"} or following.form in {"근데", "그런데", "그리고"}))
        if morpheme.tag in {"SF", "SE"} or joined or (morpheme.tag == "EF" and _goes_on(found, index)):
            sentences.append(current)
            current = []
    return sentences + ([current] if current else [])


def _goes_on(found: tuple[Morpheme, ...], index: int) -> bool:
    """Whether another sentence starts after the final ending found[index] with no mark between ("점심 뭐 먹죠 ㅋㅋ 머리가
    안 돌아가네"): what the next one says is not asked by this one."""
    for morpheme in found[index + 1:]:
        if morpheme.tag in {"SF", "SE"} or morpheme.tag.startswith(("E", "J")):
            return False
        if not morpheme.tag.startswith("S") and morpheme.tag != "W_EMOJI":
            return True
    return False


def _gives(morpheme: Morpheme) -> bool:
    """주- of a request ("해 주", "돌려주", "만들어주"), or 부탁."""
    return (morpheme.tag in {"VX", "VV"} and (morpheme.form == "주" or (
        morpheme.tag == "VV" and len(morpheme.form) > 1 and morpheme.form.endswith("주")))) or morpheme.form == "부탁"


def _ability(words: list[Morpheme], index: int) -> bool:
    """Whether words[index] is the 있/없 of "-ㄹ 수 있다" (can), not of existence ("넣을 수 있어?")."""
    return words[index].form in {"있", "없"} and index > 0 and (words[index - 1].form == "수" or (
        index > 1 and words[index - 1].tag.startswith("J") and words[index - 2].form == "수"))


def _trait(words: list[Morpheme], index: int) -> bool:
    """Whether words[index] is the 있/없 of a trait ("어떤 차이가 있나요?", "장단점이 있어?"): how things differ or what
    they have, not whether something exists or runs now."""
    if words[index].form not in {"있", "없"} or index == 0:
        return False
    subject = index - 1 if not words[index - 1].tag.startswith("J") else index - 2
    return subject >= 0 and words[subject].form in TRAITS


def _judged(words: list[Morpheme]) -> bool:
    """Whether a -ㄹ까 ending asks for a judgement of an adjective ("돌려도 괜찮을까요?", "기다리는 게 나을까요?", "메모리가
    부족하지 않을까요?"): whether doing it is fine or wise, asked, not "shall we …?" (a verb's: "학습 시켜볼까요?") nor
    "can you …?" ("해 주실 수 있을까요?")."""
    for index, morpheme in enumerate(words):
        if morpheme.form not in SUGGESTING or index == 0:
            continue
        at = index - 3 if words[index - 1].form == "않" and index > 2 and words[index - 2].form == "지" else index - 1
        if words[at].tag.split("-")[0] in {"VA", "XSA"} and not _ability(words, at):  # "이어서 학습할 수 있을까요?"
            return True
    return False


def _wanted(words: list[Morpheme], index: int) -> bool:
    """Whether the checking verb words[index] is what the user wants to do ("어떻게 나오는지 보고 싶어서요"): a reason,
    not a request to check and tell."""
    return [m.form for m in words[index + 1:index + 3]] == ["고", "싶"]


PURPOSE = {"려", "려고", "려는", "으려", "으려고", "으려는", "려면", "으려면"}


def _intended(words: list[Morpheme], index: int) -> bool:
    """Whether the checking verb words[index] is what the speaker means to do ("도는지만 확인하려는 거라 …"): a reason,
    not a request to check and tell."""
    return any(m.form in PURPOSE for m in words[index + 1:index + 4])


def _describes(words: list[Morpheme], index: int) -> bool:
    """Whether the verb words[index] only describes the noun after it ("허깅페이스에 있는 데이터셋으로 …?"): what a question
    asks about is said by its other words ("켜진 거 있어?")."""
    return words[index].tag.startswith("V") and index + 1 < len(words) and words[index + 1].tag == "ETM"


def _possible_thing(words: list[Morpheme], index: int) -> bool:
    """Whether 가능 at words[index] describes the noun after it ("외부에서 접근 가능한 엔드포인트가 필요합니다"): a thing
    wanted, not "is it possible?"."""
    after = words[index + 1:index + 3]
    return len(after) == 2 and after[0].tag == "XSA" and after[1].tag == "ETM"


def _indefinite(words: list[Morpheme], index: int) -> bool:
    """Whether the interrogative words[index] means "some" ("뭔가 잘못된 건데": something went wrong) or "any" ("뭐라도
    돌려 놓으라고", "뭐든지"), not "what"."""
    following = [m.form for m in words[index + 1:index + 3] if m.tag != "VCP"][:1]
    if words[index].form in {"뭐", "무엇"} and following and following[0] in {"라도", "든", "든지", "나"}:
        return True
    return words[index].form in {"뭐", "무엇"} and index + 2 < len(words) and words[index + 1].tag == "VCP" and (
        words[index + 2].tag == "EC" and words[index + 2].form in {"ᆫ가", "ᆫ지"} and not (
            index + 3 < len(words) and words[index + 3].form in CHECKING | TELLING | {"만", "는", "도"}))


def _done_then(words: list[Morpheme], index: int) -> bool:
    """Whether the connective words[index] joins a step to be done first to the telling after it ("평가 돌려서 알려줘":
    run it, then tell me; "끝날 때까지 지켜보다가 알려줘"): a request, not a question put as one ("확인해서 알려줘" only
    checks)."""
    return words[index].form in {"어서", "아서", "여서", "고", "다가"} and index > 0 and (
        words[index - 1].tag.removesuffix("-R").removesuffix("-I") in {"VV", "XSV"}) and (
        words[index - 1].form not in CHECKING | TELLING) and not (
        words[index - 1].tag == "XSV" and index > 1 and words[index - 2].form in CHECKING)


def _then_told(words: list[Morpheme]) -> bool:
    """Whether the sentence asks for a step and then to be told how it went ("지켜보고 있다가 어떻게 됐는지 알려줘", "평가
    돌려서 몇 점 나왔는지 알려줘"): the interrogative is in what is to be told after the step, so this is a request."""
    for index, morpheme in enumerate(words):
        if morpheme.tag == "EC" and _done_then(words, index) and any(m.form in TELLING for m in words[index + 1:]):
            return not any(m.form in INTERROGATIVES or m.form in INDIRECT for m in words[:index])
    return False


def _directive(words: list[Morpheme], marked: bool) -> bool:
    """Whether the sentence says "X 하지 말고 Y" with a plain ending ("처음부터 다시 하지 말고 체크포인트에서 이어서
    돌려요"): 말다 is said only in commands, so the Y after it is asked for, though it has no 주-."""
    return not marked and any(a.form == "지" and b.form == "말" and b.tag == "VX" and c.form == "고" and c.tag == "EC"
                              and any(m.tag.startswith("VV") for m in words[i + 3:])
                              for i, (a, b, c) in enumerate(zip(words, words[1:], words[2:]))) and not (
        words[-1].tag == "EF" and words[-1].form in ASKING_ENDINGS | REPORTING)


def _proposes(words: list[Morpheme], marked: bool, telling: bool) -> bool:
    """Whether it ends in "-자"/"ㄱ", no "?" ("그걸로 가자", "돌려서 안 터지는지 보자"): a go-ahead, not "있는지 보자"."""
    last, before = words[-1], words[-2].tag if len(words) > 1 else ""
    return not marked and (last.form == "자" and last.tag == "EF" and before.startswith(("VV", "VX", "XSV")) or last.tag == "SW"
                           and re.fullmatch("ㄱ+", last.form) is not None) and (not telling or any(_done_then(words, i) for i in range(len(words))))


def directs(text: str) -> bool:
    """Whether a Korean sentence of `text` is a "don't X, do Y" directive (_directive); the request clause the router
    reads loses "X 하지 말고", so the mood is read from the whole message."""
    return bool(HANGUL.search(text)) and any(
        _directive(_words(sentence), _marked(sentence))
        for sentence in _sentences(morphemes(text)) if _words(sentence))


def _marked(sentence: list[Morpheme]) -> bool:
    """Whether the sentence ends with a question mark."""
    return any(m.form.startswith("?") for m in sentence if m.tag == "SF")


def _words(sentence: list[Morpheme]) -> list[Morpheme]:
    """The sentence without its marks and symbols: what its endings and verbs are read from."""
    return [m for m in sentence if m.tag not in {"SF", "SE", "SW", "W_EMOJI", "SS", "SP", "SO"}]


def _reason_now(words: list[Morpheme], index: int) -> bool:
    """Whether -거든 at words[index] ends a clause about now ("나 지금 촬영 들어가거든 …"): a reason given, not a
    condition ("끝나거든 알려줘" waits for it)."""
    return words[index].form == "거든" and any(m.form in {"지금", "이제", "현재"} for m in words[:index])


def _after_need(words: list[Morpheme]) -> list[Morpheme]:
    """The words after a clause that tells what the asker needs for a purpose ("표 2 빈칸 채우려면 … 결과가
    필요한데, …"): the need is the reason for the question that follows, neither a supposition nor a trait asked about."""
    for index, m in enumerate(words):
        if m.tag == "EC" and m.form in {"려면", "으려면"}:
            close = next((i for i in range(index + 1, len(words)) if words[i].tag == "EC"), len(words))
            if any(n.form == "필요" for n in words[index + 1:close]) and words[close + 1:]:
                return words[close + 1:]
    return words


def _if_so(words: list[Morpheme], index: int) -> bool:
    """Whether the condition words[index] is on the existence just asked about, followed by a request to be told ("있으면
    뭔지만 알려줘": if there is, say what): part of the question, not a hypothetical."""
    return index > 0 and words[index - 1].form in {"있", "없"} and any(m.form in TELLING for m in words[index + 1:])


COMPLETING = {"끝나", "끝내", "마치", "마무리", "완료", "완료되", "되"}  # "다 끝나려면 얼마나 남았어?": until the run is done,
# a question about it, not about what would happen
LEFT_OPEN = {"상관없", "상관", "괜찮", "좋", "무관", "노상관", "몰라도", "관계없"}  # "몇 번 돌리는지는 상관없어요": any answer is fine
CHOICE_ENDS = INDIRECT | {"든", "든지", "던", "던지", "이든", "이든지", "나"}  # "몇 번이든", "어떤 거든"


def _open_choice(words: list[Morpheme], index: int) -> bool:
    """Whether the interrogative words[index] is inside a clause that leaves a choice open ("몇 번 돌리는지는
    상관없어요", "어떤 인스턴스든 괜찮아요"): the user says any answer will do, and asks nothing."""
    for at in range(index + 1, len(words)):
        if words[at].form in CHOICE_ENDS and words[at].tag in {"EC", "JX", "VCP", "ETN"} or (
                words[at].form in INDIRECT):
            return any(m.form in LEFT_OPEN for m in words[at + 1:]) or _not_known_so(words[at + 1:])
    return False


REASONS = {"어서", "아서", "서", "니까", "으니까", "니"}
REASON_FINALS = {"어서요", "아서요", "여서요", "서요", "니까요", "으니까요"}  # "… 싶어서요.": why, said after a request


def _not_known_so(words: list[Morpheme]) -> bool:
    """Whether the clause after an indirect question is a reason: the user does not know it, and so asks for something
    that follows ("어느 폴더에 저장됐는지는 잘 몰라서 가장 최근 것으로 해 주시면 됩니다"), or why the request was made ("…
    보고 싶어서요."): the choice is left open or the user will find out, nothing is asked."""
    return any(m.form == "모르" and n.tag == "EC" and n.form in REASONS and any(_gives(g) for g in words[i + 2:])
               for i, (m, n) in enumerate(zip(words, words[1:]))) or (
        bool(words) and words[-1].tag == "EF" and words[-1].form in REASON_FINALS)


def _korean(text: str) -> Question:
    asks = suggests = hypothetical = how_to = about_now = past = general = requests = False
    request = []
    for sentence in _sentences(morphemes(text)):
        words = _after_need(_words(sentence))
        if not words:
            continue
        marked = _marked(sentence)
        cut = max((m.end for m in sentence if m.tag == "SP"), default=None)  # "배포해 줘요, 대신 … g6.2xlarge로 해도 돼요?": a
        if marked and cut and any(_gives(m) for m in words if m.start < cut) and not any(  # request, then a question on it
                _gives(m) for m in words if m.start >= cut) and any(m.start >= cut for m in words):
            requests, request = True, request + [text[words[0].start:cut]]
            words = [m for m in words if m.start >= cut]
        finals = [m for m in words if m.tag == "EF"] or ([words[-1]] if words[-1].tag == "EC" else [])
        final = finals[-1].form if finals else ""
        interrogative = any(m.form in INTERROGATIVES and m.tag != "IC" and not _indefinite(words, i) and not (m.form == "혹시" and (
            not marked or any(_gives(n) for n in words))) and not (not marked and _open_choice(words, i))
            for i, m in enumerate(words))  # "혹시 … 말씀해 주세요", "혹시 괜찮으면 … 해줄래요?": "perhaps", no question  # "혹시 … 거면 말씀해 주세요" (no "?"): "perhaps", no question
        notifying = not interrogative and any(  # "뜨면 알려줘", "끝나면 말해 줘": tell me later, a request; so is
            m.tag == "EC" and (m.form in CONDITIONAL or _done_then(words, i)) and any(  # "평가 돌려서 알려줘"
                n.form in TELLING for n in words[i + 1:])
            for i, m in enumerate(words)) and not any(m.form in INDIRECT for m in words)
        told = any(m.tag == "EP" and re.search("[었았였]", m.form) for m in words)  # "알려주셨잖아요": what was said
        telling = (not notifying and not told and any(m.form in TELLING for m in words)) or any(  # "비용 알려줘"
            m.tag == "EC" and m.form in INDIRECT and any(n.form in CHECKING and not _intended(words, j) and not (
                n.form == "보" and n.tag == "VX") and not _wanted(words, j)  # "띄워봐": try it
                for j, n in enumerate(words[i + 1:], i + 1))
            for i, m in enumerate(words))
        gives = any(_gives(m) and not (i + 1 < len(words) and words[i + 1].form in CONDITIONAL) for i, m in enumerate(words))
        if _then_told(words) and gives or not interrogative and (not telling and (  # not "include_s3=false 주면 …?"
                gives or _directive(words, marked)) or _proposes(words, marked, telling)):
            requests = requests or not marked  # "평가 돌려줘, 앞에 50개만." (not "해 줄래?": that one sentence is all)
            request += [text[words[0].start:words[-1].end]] if not marked else []
            continue  # "해 줄래?", "해 줄 수 있어?": a request
        if not interrogative and not _judged(words) and (final in SUGGESTING or (final in WANTING and marked) or any(
                m.form == "가능" and not _possible_thing(words, i) for i, m in enumerate(words))):
            suggests = True
            continue
        reported = not marked and final in REPORTING  # "한 시간에 몇 달러씩 나가더라고요": "some", said, not asked
        if not (final in ASKING_ENDINGS or marked or telling or (interrogative and bool(finals) and not reported)):
            continue
        asks = True
        hypothetical = hypothetical or any(m.tag == "EC" and m.form in CONDITIONAL and not (
            i and words[i - 1].form in COMPLETING) and not _if_so(words, i) and not _reason_now(words, i)
            for i, m in enumerate(words)) or any(
            m.tag == "ETM" and n.form in WHEN and not (i + 2 < len(words) and words[i + 2].form == "까지")
            for i, (m, n) in enumerate(zip(words, words[1:])))  # "끝날 때까지": until then, no supposition
        how_to = how_to or bool(HOW_TO_KO.search(text[words[0].start:words[-1].end]))
        about_now = about_now or any(m.form in NOW and not (_ability(words, i) or _describes(words, i) or _trait(
            words, i)) for i, m in enumerate(words))
        past = past or any(m.tag == "EP" and m.form in {"었", "았", "였"} for m in words)
        forms = {m.form for m in words}
        able = any(_ability(words, i) for i in range(len(words)))
        limit = bool(forms & LIMIT_ASKING) and ("까지" in forms or able) and ("어디" not in forms or able)  # "어디까지
        # 됨?" is how far a run has got; "어디까지 할 수 있어?" what the product can do
        own = bool(forms & OWN) or any(m.tag == "NP" and m.form in SPEAKERS for m in words)
        general = general or ((bool(forms & TRAITS) or limit) and not own and not any(
            m.tag == "VX" and m.form == "가" for m in words))  # "돼 가?": how it is going
    about_now = about_now and not hypothetical
    return Question(asks, suggests, hypothetical, how_to and not about_now, about_now, past,
                    general and not about_now and not past, requests and asks, " ".join(request) if asks else "")


def _english(text: str) -> Question:
    """A message of several sentences is read without those that ask for something ("score it on the whole split"):
    the question is in the others, and `requests` says a request was there. With no request, a question is read from
    the sentences that ask ("what's the difference between …? not running anything yet, just curious": the remark
    after it says nothing runs)."""
    parts = [part for part in re.split(r"(?<=[.?!])\s+", text.strip()) if re.search(r"\w", part)]
    if len(parts) > 1:
        asking = [part for part in parts if not _english_request(part)]
        if len(asking) < len(parts):
            reading = _english_one(" ".join(asking)) if asking else NOT_A_QUESTION
            requesting = " ".join(part for part in parts if part not in asking)
            return reading._replace(requests=reading.asks, request=requesting if reading.asks else "")
        marked = [part for part in parts if part.rstrip().endswith("?")]
        if marked:  # whose things it is about may be said in another sentence ("my manager … lol. how much longer?")
            reading = _english_one(" ".join(marked))
            return reading._replace(general=reading.general and not ENGLISH_OWN.search(text))
    return _english_one(text)


LEADING_EN = re.compile(r"^\W*(?:(?:anyway|anyhow|ok(?:ay)?|alright|so|well|btw|also|and|then|now|regardless|"
                        r"either way)\b[\s,.!~-]*)+", re.IGNORECASE)  # words that lead into what is said next


def _english_request(sentence: str) -> bool:
    """A sentence that asks for something: an imperative ("score it …", "deploy to sagemaker.") or "please …" / "can you
    …", not one that asks to be told ("explain …", "tell me …")."""
    if ENGLISH_TELLING.search(sentence):
        return False
    sentence = LEADING_EN.sub("", sentence)  # "anyway run the eval on 500 test records": the imperative after it
    first = re.match(r"\W*([a-z][\w'-]*)(?:\s+([a-z]+))?", sentence, re.IGNORECASE)
    return bool(first and first[1].lower() in IMPERATIVES_EN and not _finite(first[2] or "")) or bool(
        ENGLISH_REQUEST.search(sentence) or PROPOSED_EN.search(sentence))


def _finite(word: str) -> bool:
    """"teardown deletes …", "deploy costs …": a verb after the first word makes that word its subject, no imperative."""
    word = word.lower()
    return word in FINITE_EN or any(word == verb + ending for verb in IMPERATIVES_EN for ending in ("s", "es"))


def _english_one(text: str) -> Question:
    stripped = text.strip()
    telling = bool(ENGLISH_TELLING.search(stripped)) and not ENGLISH_NOTIFYING.search(stripped)
    tagged = bool(TAG_EN.search(stripped)) and not _english_request(stripped)
    if not (stripped.endswith("?") or ENGLISH_QUESTION.match(stripped) or telling or tagged):
        return NOT_A_QUESTION
    if (ENGLISH_REQUEST.search(stripped) or PROPOSED_EN.search(stripped)) and not telling:
        return NOT_A_QUESTION
    if re.match(r"^\s*(?:do|does)\s+(?:it|this|that)\s+again\b", stripped, re.IGNORECASE):
        return NOT_A_QUESTION
    hypothetical = bool(ENGLISH_HYPOTHETICAL.search(stripped) or GERUND_SUBJECT.match(stripped))
    now, past = bool(ENGLISH_NOW.search(stripped)), bool(ENGLISH_PAST.search(stripped))
    general = bool(ENGLISH_TRAIT.search(stripped)) and not (now or past or ENGLISH_OWN.search(stripped))
    how_to = bool(ENGLISH_HOW_TO.match(stripped)) and not now  # "what do we have running right now?": what exists
    return Question(True, False, hypothetical, how_to, now and not hypothetical, past,
                    general)
