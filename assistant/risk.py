"""The last check on a gated plan (SageMaker training or deployment, a clean-up) before it is shown for approval:
where its step and each risky argument were read. The plan becomes one short question, in the user's language, when
- a later part of the message takes it back (read by assistant/no_request.py: "…아 아니다 잠깐, 지우지 말고 그냥 둬",
  "leave it") or doubts it: after a turn ("근데", "wait", "but") it ends unsure ("…백업해뒀는지 기억이 안 나네", "I don't
  remember if …") with nothing asked after it;
- the step, a non-default instance type or count, or the deletion of S3 is said only where the message tells what was
  done ("training ran on ml.g5.12xlarge x2 last week, now …", "학습은 12xlarge 2대로 했었고"), not in the request;
- a clean-up whose S3 question is left open in the pasted thread ("> S3도 같이 지울까요?\n> 확인해보고 알려드릴게요") and
  not settled in the user's own lines;
- a clean-up of everything is asked for a thing described, not named ("어제 띄운 그거", "그 비싼 거", "the one from
  yesterday"): no id, no kind of resource, no "all".
Safe values (S3 kept, the default instance type and count) are never asked about; free steps never come here."""
from __future__ import annotations

import re
from typing import Any

from assistant import arguments, clauses, no_request, threads
from assistant.arguments.values import RESOURCE_KINDS, S3_WORDS
from assistant.korean import morphemes
from assistant.messages import say
from assistant.router import GATED, TOPIC_WORDS  # the router calls this module only from inside route()

NOT_NOW = re.compile(r"(?:지금은|아직은?)(?:(?!s3|버킷|에스|데이터|모델)[^.!?\n]){0,30}?(?:건드리지|손대지|하지|지우지|내리지|돌리지)\s*"
                     r"(?:마|말|않)(?!고\s*\S)|"  # "지금은 데모 중이니까 절대 건드리지 마시고요"; not "지금은 S3 건드리지 말고 …"
                     r"\b(?:not (?:right )?now|don'?t (?:touch|do) (?:it|anything) (?:yet|now))\b|"
                     r"\b(?:don'?t|do not) (?:deploy|train|launch|start|delete|remove|run) anything\b|"  # "please don't
                     r"지금\s*(?:은\s*)?말고|"  # deploy anything for now"; "세이지메이커 배포는 내일 … 끝나고. 지금 말고"
                     r"(?<!don't )(?<!no need to )\bhold off\b|"  # "so hold off on the SageMaker training launch"
                     r"(?:\b(?:code|change|deploy(?:ment)?|release)\s+freeze\b|(?:배포|코드|변경|릴리스)\s*동결)"  # a freeze window,
                     r"(?![^.!?\n]{0,30}(?:\b(?:is over|lifted|ended|has ended|is off)\b|끝났|끝남|해제|풀렸))", re.IGNORECASE)  # unless over
DOUBT = re.compile(  # the speaker is not sure of something the plan rests on
    r"기억(?:이|은|도)?\s*(?:잘\s*)?(?:안\s*나|없)|모르겠|잘\s*모르|몰라|확실(?:하지|치|하진)\s*않|확신(?:이|은)?\s*(?:없|안\s*서)|"
    r"긴가민가|가물가물|헷갈|글쎄|했는지\s*(?:모르|기억)|했던가|찜찜|"
    r"\b(?:not (?:sure|certain|positive)|unsure|(?:don'?t|do not|can'?t|cannot) (?:remember|recall)|no idea|idk|"
    r"dunno|i forg[eo]t (?:if|whether))\b", re.IGNORECASE)
ASKED_AFTER = re.compile(r"줘|주세요|주시|부탁|ㄱㄱ|해요|하자|진행|하세요|\b(?:please|pls|go ahead|anyway|proceed|do it|"
                         r"go with|use|just)\b", re.IGNORECASE)  # a request after the doubt settles it
ALL_EN = re.compile(r"\b(?:all|everything|every|whole|entire)\b", re.IGNORECASE)
ALL_KO = {"다", "싹", "싹다", "전부", "모두", "몽땅", "전체", "모든", "남김없이", "깡그리", "죄다"}
DESCRIBED_EN = re.compile(r"\b(?:the|that|this|those)\s+(?:[\w'-]+\s+){0,2}ones?\b|\b(?:that|the) thing\b",
                          re.IGNORECASE)
DEMONSTRATIVES = {"그거", "그것", "저거", "저것", "이거", "이것", "요거", "그놈", "저놈"}
DONE = {"train_on_sagemaker": "start_training", "deploy_to_sagemaker": "deploy"}


def _decisions(text: str) -> list[str]:
    """Where a value weighed or revised aloud is decided: the part after the last revision ("… Wait, that's too big.
    Go with ml.g5.xlarge.") and the last sentence said to the assistant that names a type (arguments/chosen.py)."""
    from assistant.arguments.chosen import decided
    from assistant.corrections import revised

    return [part for part in (revised(text), decided(text)) if part]


def question(tool: str, args: dict[str, Any], text: str, korean: bool, defaults: dict[str, Any],
             context: str | None = None, quoted: str | None = None) -> str | None:
    """The one question to ask instead of the plan `tool(args)` read from `text` (the user's own lines), or None when
    the plan stands (a free step always stands). The values are looked for in `quoted` when given (the message with
    the lines it quotes: "> …g6.xlarge should be plenty\nplease go ahead" picks the quoted type)."""
    if tool not in GATED:
        return None
    if no_request.takes_back(text) or doubted(text):
        return say("doubted", korean)
    if NOT_NOW.search(text):  # "내일 오전 10시에 엔드포인트 다 내려주세요. 지금은 … 절대 건드리지 마시고요": not yet
        return say("not_now", korean)
    told = told_only(quoted or text)

    def said(reader: Any, named: Any = bool) -> Any:  # the user's own lines first, then the quoted history
        return threads.own_first(lambda t: reader(told_only(t)), text, quoted or text, named)

    if tool in DONE:
        own = TOPIC_WORDS[DONE[tool]]
        if own.search(quoted or text) and not own.search(told):  # "training ran on …, now put the model on sagemaker"
            return say("which_step", korean)
        kind = args.get("instance_type")
        if kind != defaults.get("instance_type") and said(lambda t: arguments.instance_type(t, context)[0]) != kind and (
                kind not in {arguments.instance_type(told_only(part), context)[0] for part in _decisions(text)}):
            return say("which_instance", korean)
        count = args.get("instance_count", 1)
        if count != defaults.get("instance_count", 1) and (said(lambda t: arguments.instance_count(t).value) or 1) != count:
            return say("how_many", korean)
    if tool == "teardown":
        if args.get("include_s3") and said(arguments.include_s3, lambda s3: s3 is not None) is not True:
            return say("which_s3", korean)
        if quoted and s3_left_open(quoted):
            return say("which_s3", korean)
        if not args.get("ids") and described(clauses.request(text)):
            return say("which_resources", korean)
    return None


def doubted(text: str) -> bool:
    """Whether, after a turn, the message says the speaker is not sure and asks nothing after that ("다 지워줘 버킷까지…
    아 근데 원본 데이터 백업해뒀는지 기억이 안 나네")."""
    turn = no_request.turn(text)
    if turn is None:
        return False
    doubts = list(DOUBT.finditer(text, turn))
    return bool(doubts) and not ASKED_AFTER.search(text, doubts[-1].end())


PENDING = re.compile(  # an answer put off: "확인해보고 알려드릴게요", "아직 답 없음", "검토 중", "I'll check and get back"
    r"(?:확인|검토|물어|여쭤|상의|논의)\S*\s*(?:하고|해\s*보고|해보고|한\s*뒤|후에?|중)|알려\s*드릴|알려\s*줄게|답(?:이|변이?)?\s*없|"
    r"아직\s*(?:답|회신|결정|미정)|미정|보류|\b(?:get back to|let you know|check with|pending|no answer|not decided)\b",
    re.IGNORECASE)


def s3_left_open(quoted: str) -> bool:
    """Whether a quoted line asks whether S3 goes too ("> 운영: S3에 저장된 모델도 같이 지울까요?") and what follows it
    only puts the answer off ("> 담당자: 법무팀에 확인해보고 알려드릴게요", "아직 답 없음"), naming S3 no more: the thread
    leaves S3 open, so the clean-up asks rather than keeping S3 on its own."""
    from assistant.pasted import QUOTED_LINE

    for line in QUOTED_LINE.finditer(quoted):
        if "?" in line.group() and S3_WORDS.search(line.group()):
            after = quoted[line.end():]
            return bool(PENDING.search(after)) and not S3_WORDS.search(after)  # "…S3는 남겨": settled after all
    return False


def told_only(text: str) -> str:
    """`text` with what it tells was done blanked: clauses that report or presuppose a step ("학습은 g5.12xlarge 2대로
    했었고", "training ran on …,") and sentences in the past tense that ask for nothing."""
    for start, end in clauses.background(text) + _past_sentences(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _past_sentences(text: str) -> list[tuple[int, int]]:
    """Korean clauses in the past tense that ask for nothing ("학습은 12xlarge 2대로 했었어요.")."""
    if not clauses.HANGUL.search(text):
        return []
    found, spans, first = morphemes(text), [], 0
    for index, morpheme in enumerate(found):
        following = found[index + 1].tag if index + 1 < len(found) else None
        if morpheme.tag in {"SF", "SE"} or following is None or (morpheme.tag == "EF" and following not in {"SF", "SE"}) or (
                morpheme.tag == "EC" and following == "SP") or (  # "…같아요, …": a clause of its own
                morpheme.tag == "SW" and clauses.JAMO.fullmatch(morpheme.form)):  # "배포ㄱㄱ", "default ㅇㅋ": said, and done
            sentence = found[first:index + 1]
            ends = [at for at, m in enumerate(sentence) if m.tag in {"EF", "EC"}]
            past = bool(ends) and ends[-1] > 0 and sentence[ends[-1] - 1].tag == "EP" and (
                sentence[ends[-1] - 1].form in clauses.PAST)  # its own verb ("…했었어요"), not a reason's ("나왔으니 …")
            decided = any(m.form == "기로" or (m.form in {"결정", "확정"} and m.tag == "NNG") for m in sentence)  # "ml.g5.xlarge
            # 로 가기로 결정 났어요": a choice made for this step, not one done
            if past and not decided and clauses.reports_only(sentence, text):
                spans.append((sentence[0].start, sentence[-1].end))
            first = index + 1
    return spans


def described(text: str) -> bool:
    """Whether a clean-up's object is described, not named: a demonstrative or a description of a thing ("그거",
    "그 비싼 거", "어제 띄운 거", "the one from yesterday"), with no kind of resource, no S3 and no "all" said."""
    if ALL_EN.search(text) or S3_WORDS.search(text):
        return False
    if not clauses.HANGUL.search(text):
        return not RESOURCE_KINDS.search(text) and bool(DESCRIBED_EN.search(text))
    found = morphemes(text)
    if any(m.form in ALL_KO and m.tag in {"MAG", "NNG", "MM", "NNP"} for m in found):
        return False
    if any(m.tag == "NP" and m.form in DEMONSTRATIVES for m in found) or any(  # "'지난주에 테스트한 그 엔드포인트'는 …
            m.tag in {"MM", "IC"} and m.form in {"그", "저"} and RESOURCE_KINDS.match(text, m.end + 1) for m in found):  # 그거 지워
        return True  # 주세요": that one, named by no id
    if RESOURCE_KINDS.search(text):
        return False
    for index, morpheme in enumerate(found):
        if morpheme.tag == "NP" and morpheme.form in DEMONSTRATIVES:
            return True
        if morpheme.tag == "NNB" and morpheme.form in {"거", "것"} and index and found[index - 1].tag == "ETM":
            return True  # "그 비싼 거", "어제 띄운 거"
    return False
