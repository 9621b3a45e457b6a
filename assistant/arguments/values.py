"""One parser per argument, shared by every tool that takes it; the intent classifier never guesses them. Each reads
the words that name the argument and what the sentence does to them (assistant/arguments/scope.py): a value that is
left out ("2대 말고 1대", "8B 말고 tiny") is dropped, and a cost-bearing or destructive value that is contradicted or
unclear comes back as unclear, so the brain asks instead of guessing. Numbers that are not the argument ("12xlarge",
"24GB", "ROUGE-2", "8B", "2024년", "3시간") are blanked before any count, step or limit is read."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.arguments import chosen, compared, earlier, instances, scope
from assistant.arguments.earlier import CLAUSE, DEFAULT_TYPE, past_runs
from assistant.arguments.names import (FAMILY_ONLY, HUB_ID, INSTANCE, JOB_ID, ML_NAME, OTHER_ID, PATH, RESOURCE_ID,
                                      SIZE_ONLY, URL, size)
from assistant.arguments.ruled_out import ruled_out
from assistant.arguments.numbers import DIGITS, ELAPSED, EXACTLY, NAMES, Number, blanked, corrected, numbers
from assistant.arguments.unfit import TOO_MUCH, remarked
from assistant.later import without_later
from assistant.corrections import CORRECTION, revised
from assistant.questions import IMPERATIVES_EN

COUNT_UNIT = re.compile(r"\s*(?:대|개|노드|인스턴스|instances?|nodes?|machines?|hosts?|boxes)", re.IGNORECASE)
COUNT_KEY = re.compile(r"(?:count|num(?:ber)?[\s_-]*of[\s_-]*(?:instances|nodes|machines)|instances?|nodes?|인스턴스|노드|"
                       r"머신)\s*(?:수|개수|대수)?\s*(?:은|는|이|가|을|를|만|도|=|:|to|of|is|will be|should be)?\s*$|(?:대수|개수)\s*(?:은|는|=|:)?\s*$",
                       re.IGNORECASE)  # "count 2", "instances: 3", "노드 수는 2", "instance_count=4", "count만 2로"
TIMES = re.compile(r"(?:^|(?<=[\s(]))[x×]\s*(\d+)(?![a-z0-9]|\.\d)", re.IGNORECASE)  # "x2", "x4." at a sentence's end
AFTER_TYPE = re.compile(r"\s*[x×*]\s*(\d+)(?![a-z0-9]|\.\d)", re.IGNORECASE)  # "g5.12xlarge x4", "g5.12xlarge*4"
TIMES_BEFORE = re.compile(r"\s*(?:[x×*]|of)?\s*", re.IGNORECASE)  # "2x ml.g5…", "2 x g5…", "2 ml.g5…", "2 of ml.g5…"
STEP_UNIT = re.compile(r"\s*(?:(?:max(?:imum)?[\s_-]*|optimi[sz]er|training|gradient|update|학습|옵티마이저)\s*)?(?:스텝|steps?|iterations?|iters?|이터레이션)(?![a-z])", re.IGNORECASE)
STEP_KEY = re.compile(r"(?:스텝|steps?|max[\s_-]*steps?|최대\s*스텝)\s*(?:수)?\s*(?:을|를|은|는|이|가|만|도|=|:|(?:set\s+)?to|of|"
                      r"(?:we|i)\s+(?:wish|want|need|would like)\s+(?:is|are))?"  # "The steps we wish are 1200."
                      rf"[\s.…~]*{EXACTLY}$", re.IGNORECASE)  # "max_steps 정확히 500", "max_steps set to exactly 1200"
TOKEN_UNIT = re.compile(r"\s*(?:토큰|tokens?|toks?)(?![a-z])", re.IGNORECASE)
TOKEN_KEY = re.compile(r"(?:max[\s_-]*tokens?|(?:(?:최대|max(?:imum)?)\s*)?(?:토큰|tokens?)(?:\s*수)?\s*(?:은|는|을|를|이|가)?)"
                       r"\s*(?:=|:|to|of)?\s*$", re.IGNORECASE)  # "max_tokens=300", "최대 토큰 백오십으로"
LIMIT_UNIT = re.compile(r"\s*(?:[a-z][a-z-]*\s+){0,2}(?=[a-z])(?:records?|samples?|examples?|articles?|items?|rows?|"
                        r"documents?|docs?)(?![a-z])|\s*(?:개|건|records?|samples?|examples?|articles?|items?|rows?|documents?|docs?|기사|문서|"
                        r"샘플|문장)(?![a-z])", re.IGNORECASE)
S3_WORDS = re.compile(r"(?:s3|버킷|buckets?|아티팩트|artifacts?|스토리지|storage|저장소)(?:\s*(?:버킷|buckets?|아티팩트|artifacts?|데이터|"
                      r"data|stuff|files?|파일|objects?))*", re.IGNORECASE)
DATA_WORDS = re.compile(r"데이터셋|데이터|data(?:sets?)?|업로드한|올린 (?:파일|모델)|uploads?|모델 파일", re.IGNORECASE)
RESOURCE_KINDS = re.compile(r"엔드포인트|endpoints?|학습\s*잡|학습\s*작업|트레이닝\s*잡|training jobs?|잡|서버|servers?|"
                            r"추론\s*컴포넌트|inference components?|(?<![a-z0-9-])ics?(?![a-z0-9-])|시크릿|secrets?", re.IGNORECASE)
SAMPLE_WORDS = re.compile(r"샘플|셈플|샘풀|쌤플|sample|예제|예시|오프라인|offline|내장|bundled|built-?in|연습용|demo|데모|"
                          r"(?:프로그램|패키지|앱|레포|저장소|설치)\S*\s*(?:같이\s*|함께\s*|기본으로\s*)?(?:들어\s*있|포함|딸려)|"
                          r"\b(?:comes|ships|shipped|included|bundled)\s+with\b", re.IGNORECASE)  # what the program
# carries with it ("프로그램에 같이 들어있는 데이터", "the data that comes with it")
PRESETS = {"llama3-8b": re.compile(r"llama[\w.-]*|라마\s*3?|(?<![a-z0-9.-])8b(?![a-z0-9])", re.IGNORECASE),
           "smol": re.compile(r"smol\w*|스몰|(?:진짜|실제|real|actual|offline|오프라인)\s*(?:\w+\s*)?(?:모델|model)",
                              re.IGNORECASE),  # "the small offline model": smol, as the app describes it
           "tiny": re.compile(r"tiny|타이니|무작위|랜덤|random|stand-?in|(?<!기)가짜|dummy|fake", re.IGNORECASE)}  # not "24기가짜리"
HINTS = {"tiny": re.compile(r"작은|테스트|데모|demo|test(?![a-z])", re.IGNORECASE)}  # what a model is for or how big it
# is ("테스트용", "작은 모델"): the tiny one when no preset is named, never against one named ("smol로 … 테스트용임")


@dataclass
class Count:
    value: int | None  # None: not mentioned
    unclear: bool = False


def instance_type(text: str, context: str | None = None) -> tuple[str | None, bool]:
    """(ml.<family>.<size>, unclear): 'g5.12xlarge', 'g5 12xlarge' and 'ml.g5.12xlarge' read the same; one that is
    left out ("ml.g5.2xlarge 말고") does not count; two different ones, one that does not exist ("ml.g5.99xlarge"),
    an 'ml.' name that is not an instance, or a size without its family ("12xlarge") are unclear. A size alone takes
    the family of the one instance type `context` (the whole message, a pasted error included) names, when that
    family has the size: "ResourceLimitExceeded … ml.g5.24xlarge … 12xlarge로 바꿔서" is ml.g5.12xlarge."""
    text = earlier.this_run(text)  # "학습은 12xlarge 2대로 했었음", "X로 … 아 아니 그거 말고 Y로": another run's type
    if len({f"{m[1].lower()}.{size(m[2])}" for m in INSTANCE.finditer(text)}) > 1 and TORN.search(text):
        return None, True  # "not sure whether g5.12xlarge or g5.48xlarge", "A vs B 아직 못 정함": a choice left open
    text = compared.without_compared(text, [INSTANCE, FAMILY_ONLY])  # "g6.2xlarge로. … g5보다 쌈": g5 only compared
    now = past_runs(text)  # "지난번에 g5.48xlarge 썼다가 … 이번엔 기본 인스턴스": the type used before is not the one asked for,
    if now != text and (INSTANCE.search(now) or DEFAULT_TYPE.search(now)):  # when another or the default is asked for
        text = now
    sized = _sized(text, context if context is not None else text)
    if sized is not None:
        return sized
    named = list(INSTANCE.finditer(text))
    kept = kept_instance_types(text)
    covered = [m.span() for m in named]
    odd = [m for pattern in (ML_NAME, SIZE_ONLY) for m in pattern.finditer(text)
           if not any(start <= m.start() < end for start, end in covered)]
    chosen_default = any(not scope.excluded(text, *m.span()) for m in DEFAULT_TYPE.finditer(text))
    sizeless = any(len(instances.SIZES[family]) > 1 and not (chosen_default and family == DEFAULT_FAMILY)
                   for family in _families_only(text))  # "p3로": which p3? ("default type … g5 is enough": the default)
    if odd or sizeless or len(kept) > 1 or (named and not kept and not chosen_default) or unknown_instance(text):
        return None, True
    return (kept.pop() if kept else None), False


def kept_instance_types(text: str) -> set[str]:
    """The different instance types named and not left out ("g5.12xlarge로 할지 g5.24xlarge로 할지": two); a family with
    one size is that type ("p3 말고 p4d로": ml.p4d.24xlarge)."""
    return {f"ml.{m[1].lower()}.{size(m[2])}" for m in INSTANCE.finditer(text) if not scope.excluded(text, *m.span())} | {
        f"ml.{family}.{instances.SIZES[family][0]}" for family in _families_only(text)
        if len(instances.SIZES[family]) == 1}


def _families_only(text: str) -> set[str]:
    """The GPU families named without a size and not left out ("p4d로", not "p3 말고" nor the g5 of "g5.12xlarge")."""
    covered = [m.span() for m in INSTANCE.finditer(text)]
    return {m[1].lower() for m in FAMILY_ONLY.finditer(text) if not any(s <= m.start() < e for s, e in covered)
            and not scope.excluded(text, *m.span())}


DEFAULT_FAMILY = "g5"  # the family of both tools' default types (ml.g5.12xlarge to train, ml.g5.2xlarge to deploy)
TORN = re.compile(r"\b(?:not sure|unsure|whichever|either (?:one|is fine)|up to you|you (?:pick|choose|decide))\b|"
                  r"\bvs\.?(?!\w)|\bversus\b|아무거나|어느\s*(?:쪽|거|것)|뭐가\s*(?:나을|좋을)|고민|알아서|모르겠|(?:못|안)\s*정(?:함|했|해)|미정|"
                  r"합의(?:가|는)?\s*(?:안|못)\s*(?:됐|되|됨|했|함)|\b(?:not (?:yet )?agreed|no agreement|haven'?t agreed)\b",
                  re.IGNORECASE)  # "g5.48xlarge vs p4d.24xlarge 아직 못 정함", "… 아직 둘이 합의가 안 됐어요"


def _sized(text: str, context: str) -> tuple[str | None, bool] | None:
    """A size named alone in `text` with no full instance type kept there, completed with the one family `context`
    names; None when that reading does not apply (no bare size, a full type kept, no family or several)."""
    covered = [m.span() for m in INSTANCE.finditer(text)]
    sizes = {size(m.group()) for m in SIZE_ONLY.finditer(text) if not any(s <= m.start() < e for s, e in covered)
             and not scope.excluded(text, *m.span())}
    if len(sizes) != 1 or any(not scope.excluded(text, *m.span()) for m in INSTANCE.finditer(text)):
        return None
    families = {m[1].lower() for m in INSTANCE.finditer(context)}
    if len(families) != 1:
        return None
    family, sized = families.pop(), sizes.pop()
    return (f"ml.{family}.{sized}", False) if instances.exists(family, sized) else None


def unknown_instance(text: str) -> tuple[str, list[str]] | None:
    """(the instance type named that does not exist, the nearest real ones), for the first such one that is not
    left out; None when every one named exists."""
    for match in INSTANCE.finditer(text):
        family, sized = match[1].lower(), size(match[2])
        if not instances.exists(family, sized) and not scope.excluded(text, *match.span()):
            return f"ml.{family}.{sized}", instances.nearest(family, sized)
    return None


def without_instance_types(text: str) -> str:
    """The sentence with instance names blanked, so '12xlarge' is never read as a count."""
    return INSTANCE.sub(" ", ML_NAME.sub(" ", text))


def with_unit(text: str, rest: str, unit: re.Pattern, key: re.Pattern | None = None,
              now: bool = False) -> tuple[list[int], bool]:
    """(values of the numbers next to a unit or after a key word, kept ones only, with `now` only those of the run
    asked for now (chosen.py); whether any was vague or left out)"""
    values, doubtful, said = [], False, []
    for number in numbers(rest):
        follows = unit.match(rest, number.end)
        leads = key is not None and key.search(rest[max(0, number.start - 24):number.start])
        if follows or leads:
            said.append((number, follows.end() if follows else number.end))
    starts = [number.start for number, _ in said]
    too_much = {at for clause in CLAUSE.finditer(text) for at in remarked(text, *clause.span(), [
        start for start in starts if clause.start() <= start < clause.end()], said_if=False, words=TOO_MUCH, ahead=False)}
    for number, end in said:  # "한 대까지만이에요. 두 대는 예산 초과입니다": the value said to be too much is not the one
        if number.value is None or number.start in too_much or scope.excluded(text, number.start, end):
            doubtful = True
            continue
        values.append((number.start, end, number.value))
    return chosen.for_now(text, values) if now else [value for *_, value in values], doubtful


def instance_count(text: str, leftover: bool = True) -> Count:
    """How many instances: a number next to a unit ("2대", "두 대", "three instances", "한대만") or after a key word
    ("count 2", "노드 수는 3"), "x2", "2x ml.g5…" or a count beside the type ("g5.12xlarge x4.", "×4", "*4"); vague
    ("몇 대", "두세 대", "2~3대", "several"), left-out-only or different numbers, over 16, or none read while a bare
    number is left over ("g5.24xlarge 2로"; not with `leftover` false: a quoted history's numbers), are unclear."""
    if (done := earlier.without_done(text)) != text and (count := instance_count(done, leftover)).value:
        return count  # "bump it to 2 instances. one g5.12xlarge took 9 hours": the count asked for now
    text = corrected(text)
    rest = blanked(text)
    values, doubtful = with_unit(text, rest, COUNT_UNIT, COUNT_KEY)
    values += [int(m[1]) for m in TIMES.finditer(rest) if not scope.excluded(text, *m.span())]
    beside = [AFTER_TYPE.match(text, m.end()) for m in INSTANCE.finditer(text)]  # "*4" only right after a type
    values += [int(m[1]) for m in beside if m and not scope.excluded(text, *m.span())]  # read twice: the same value
    values += [n.value for n in numbers(rest) if n.value is not None and _times_instance(text, n)]
    if not values:
        return Count(None, unclear=doubtful or (leftover and _stray_digits(rest)))
    if len(set(values)) > 1 or not 1 <= values[0] <= 16:
        return Count(None, unclear=True)
    return Count(values[0])


def _stray_digits(rest: str) -> bool:
    """Whether digits are left that no argument explains (not steps, records or anything blanked as a non-argument):
    a number a costly request might mean as its count; not one in the thousands ("a circulation of 120,000")."""
    return any(not (STEP_UNIT.match(rest, m.end()) or LIMIT_UNIT.match(rest, m.end()) or _thousands(m))
               for m in DIGITS.finditer(rest))


def _thousands(number: re.Match) -> bool:
    return "," in number[1] or number[2] is not None or int(number[1]) >= 1000


def _times_instance(text: str, number: Number) -> bool:
    marker = TIMES_BEFORE.match(text, number.end)
    return bool(marker and INSTANCE.match(text, marker.end())) and not scope.excluded(text, number.start, marker.end())


def max_steps(text: str) -> int | None:
    """Optimizer steps: "100스텝", "스텝 50으로", "max_steps 500", "이백 스텝", "1k steps" (one value, or none), not the
    steps of an earlier run ("저번에 100스텝은 너무 짧더라")."""
    text = corrected(past_runs(text))
    rest = blanked(text)
    values, _ = with_unit(text, rest, STEP_UNIT, STEP_KEY, now=True)
    if not values:  # "smol로 300 정도만 돌려볼게요": a training's only bare number, said as an amount, is its steps
        bare = [n for n in numbers(rest) if n.value is not None and AMOUNT.match(rest, n.end)]
        values = [bare[0].value] if len(bare) == 1 == len(numbers(rest)) else []
    return values[0] if len(set(values)) == 1 and values[0] >= 1 else None


AMOUNT = re.compile(r"\s*(?:정도|쯤|가량|남짓)")  # "300 정도": an amount of what the step counts


DURATION_UNIT = re.compile(r"\s*(?:(초|seconds?|secs?)|(분|minutes?|mins?)|(시간|hours?|hrs?|h))(?![a-z])", re.IGNORECASE)
HALF_HOUR = re.compile(r"\b(?:half an hour|half hour|a half hour)\b|반\s*시간|삼십\s*분", re.IGNORECASE)
AN_HOUR = re.compile(r"\b(?:an|a|one)\s+hour\b", re.IGNORECASE)


TIMEOUT_KEY = re.compile(r"(?:--)?timeout(?:_s|_seconds)?\s*[=:\s]\s*(\d+)(?![\d.]|\s*(?:분|시간|min|h))", re.IGNORECASE)


def wait_seconds(text: str) -> int | None:
    """How long to wait, in seconds: "최대 한 시간", "30분까지만", "up to two hours", "an hour", "90 minutes" (one
    duration, or none). Numbers in digits or in Korean or English words, with 초/분/시간, seconds/minutes/hours; a
    timeout typed as a setting ("timeout=1800", "--timeout 900") is in seconds, as the tool's own argument is."""
    if (typed := TIMEOUT_KEY.search(text)) is not None:
        return int(typed[1])
    text = re.sub(ELAPSED, lambda m: " " * len(m.group()), text)  # "통화 40분째": elapsed, no time to wait
    values = [1800 for _ in HALF_HOUR.finditer(text)] + [3600 for _ in AN_HOUR.finditer(text)]
    text = HALF_HOUR.sub(lambda m: " " * len(m.group()), AN_HOUR.sub(lambda m: " " * len(m.group()), text))
    for pattern in NAMES:  # "kosum-train-0613" is no number of minutes (durations are NOT_ARGUMENTS for the others)
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    waits = []
    for number in numbers(text):
        unit = DURATION_UNIT.match(text, number.end)
        if unit and number.value:
            values.append(number.value * (1 if unit[1] else 60 if unit[2] else 3600))
            clause = next((c.group() for c in CLAUSE.finditer(text) if c.start() <= number.start < c.end()), "")
            if WAITING.search(clause):
                waits.append(values[-1])
    if len(set(values)) > 1 and waits:  # "SLA: 8시간 … 30분이 지나도 안 끝나면 더 기다리지 않으셔도": the wait's own
        values = waits
    return values[0] if len(set(values)) == 1 else None


WAITING = re.compile(r"기다리|기다려|지켜|지나|넘으면|넘어가|까지만|최대|이내|안에|\b(?:wait|watch|up to|at most|max(?:imum)?|"
                     r"give up|timeout|time out|after)\b", re.IGNORECASE)  # a duration said as how long to wait


def summary_tokens(request: str) -> int | None:
    """The longest summary asked for, in tokens, from the request around an article (never from the article):
    "200토큰 안으로", "in under 100 tokens", "max_tokens=300" (one value, 1 to 4096, or none)."""
    request = revised(request) or request  # "최대 100토큰... 아니 … 60토큰으로": the value said again
    values, _ = with_unit(request, blanked(request), TOKEN_UNIT, TOKEN_KEY, now=True)
    return values[0] if len(set(values)) == 1 and 1 <= values[0] <= 4096 else None


def _kept(pattern: re.Pattern, text: str) -> list[re.Match]:
    return [m for m in pattern.finditer(text) if not scope.excluded(text, *m.span())]


def data_source(text: str) -> str | None:
    """A local path ("./data/news.jsonl", "~/datasets/news"), a hub id ("daekeun-ml/naver-news-summarization-ko"), or
    'sample' ("샘플", "연습용", "bundled"); none of them: the tool's default (the hub, else the sample)."""
    urls = [m.span() for m in URL.finditer(text)]
    paths = [m for m in _kept(PATH, text) if not any(s <= m.start() < e for s, e in urls)]
    hubs = [m for m in _kept(HUB_ID, text) if not any(s <= m.start() < e for s, e in urls + [p.span() for p in paths])]
    named = sorted(paths + hubs, key=lambda m: m.start())
    corrections = [m.end() for m in TAKEN_BACK.finditer(text) if any(n.start() >= m.end() for n in named)]
    if corrections:  # "grab A and prep it... no wait, use my local copy at B instead": the source said after it
        named = [n for n in named if n.start() >= corrections[-1]]
    if named:
        return named[0].group()
    return "sample" if _kept(SAMPLE_WORDS, text) else None


LATEST_MODEL = re.compile(r"최신\s*(?:모델|버전|거)|(?:방금|새로|오늘)\s*학습한|\b(?:latest|newest|most recent|just[- ]trained)\b",
                          re.IGNORECASE)  # the model the newest run made, whatever folder a pasted log names


def model_folder(text: str) -> str | None:
    """A model folder to serve, when the message names one by its path; the sentence's punctuation after it
    ("…/final-merged?", "…/final.") is not part of the folder's name."""
    paths = _kept(PATH, text)
    return paths[0].group().rstrip("?!.,;:…~") or None if paths and not URL.search(text) else None


ANAPHOR = re.compile(r"(?<![가-힣])(?:그거|그것|그걸|그건|그게|걔|이거|이것|이걸)")  # "S3 … 그걸 지울지 말지는": the S3 said before
ANTECEDENTS = re.compile("|".join(p.pattern for p in (S3_WORDS, RESOURCE_KINDS, DATA_WORDS)), re.IGNORECASE)
SAYS_NOTHING = scope.Reading(None, False, False, False, False)


UNMENTIONED = re.compile(  # "(S3 얘기는 따로 없었음)": a remark that S3 was not talked about says nothing of it
    r"\s*(?:관련\s*)?(?:얘기|이야기|언급|말|지시|요청)\s*(?:은|는|이|가|도)?\s*(?:따로|별도로|특별히|전혀)?\s*(?:없|안\s*(?:했|하|나))")


def _s3_mentions(text: str) -> list[tuple[int, int]]:
    """The spans that name S3: its words (not where only said to be unmentioned), and a Korean anaphor whose nearest
    antecedent before it is one of them."""
    spans = [m.span() for m in S3_WORDS.finditer(text) if not UNMENTIONED.match(text, m.end())]
    for anaphor in ANAPHOR.finditer(text):
        before = list(ANTECEDENTS.finditer(text, 0, anaphor.start()))
        if before and S3_WORDS.fullmatch(before[-1].group()):
            spans.append(anaphor.span())
    return sorted(spans)


S3_SETTING = re.compile(r"include[_-]?s3[\"']?\s*[=:]\s*[\"']?(?P<value>true|false|yes|no|1|0)\b|"
                        r"--(?P<flag>purge|delete|include|keep|no)-s3\b", re.IGNORECASE)


def include_s3(text: str) -> bool | None:
    """Whether a clean-up also deletes the S3 artifacts: only when asked ("S3까지", "S3 포함", "s3 too"), never when they
    are to stay ("S3는 건드리지 마", "버킷은 남기고", "except s3"); None when it cannot be read for sure (kept and deleted
    both, permission or doubt, an anaphor of it left open, or other data asked to go: "데이터까지 지워"). A mention
    taken back by a later one ("S3도 같이… 아 아니다, S3는 놔둬요") is superseded; one that says nothing of its own
    ("s3 too, bucket's already backed up") does not count against one that does."""
    if (typed := S3_SETTING.search(text)) is not None:  # "include_s3=false", "--keep-s3": said as the tool's setting,
        if scope.read(text, *typed.span()).unsure:  # unless doubted ("--purge-s3 붙일지는... 모르겠네")
            return None
        return typed["value"].lower() in {"true", "yes", "1"} if typed["value"] else typed["flag"].lower() not in {
            "keep", "no"}
    spans = _s3_mentions(text)
    now = [span for span in spans if not earlier.done_clause(text, span)]  # "저번에 버킷 남겨놨다가 …", "어제는 s3
    spans = now or spans  # 지우지 말자고 했었는데 … 이번엔 버킷포함": what was done or said before is not this clean-up's
    spans = [span for span in spans if not _first_thought(text, span, spans[-1])] or spans  # "처음엔 S3 버킷은 남기자고
    # 했는데요, 생각해 보니 … S3까지 싹 같이 지워 주세요": the thought given up is not the decision
    spans = [span for span, later in zip(spans, spans[1:] + [None])
             if later is None or not CORRECTION.search(text, span[1], later[0])]
    readings = [scope.read(text, *span) for span in spans]
    said = [scope.deletes(text, *span) for span, reading in zip(spans, readings)
            if reading != SAYS_NOTHING or all(r == SAYS_NOTHING for r in readings)]
    if None in said or (True in said and False in said):
        return None
    strong = [m.span() for m in S3_WORDS.finditer(text)]
    other_data = [scope.deletes(text, *m.span()) for m in DATA_WORDS.finditer(text)
                  if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in strong)]
    if True in other_data and True not in said:
        return None
    return True in said


FIRST_THOUGHT = re.compile(r"처음(?:엔|에는|에)|원래는|고민했|생각했는데|할까\s*했|\bat first\b|\binitially\b|\bwas going to\b",
                           re.IGNORECASE)


def _first_thought(text: str, span: tuple[int, int], last: tuple[int, int]) -> bool:
    """Whether the sentence of an S3 mention before the `last` one tells a first thought ("S3는 남겨둘까 고민했는데")."""
    begin = max((m.end() for m in re.finditer(r"[.!?\n]", text[:span[0]])), default=0)
    end = next((m.start() for m in re.finditer(r"[.!?\n]", text[span[1]:])), len(text) - span[1]) + span[1]
    return span[1] <= end < last[0] and bool(FIRST_THOUGHT.search(text, begin, end))


OTHERS = re.compile(r"(?:나머지|다른|딴|남은)\s*(?:\S+\s+)?$|\b(?:other|the rest of(?: the)?|remaining|all other)\s+$",
                    re.IGNORECASE)  # "나머지 endpoint", "the other endpoints": the ones not named


def keeps_resources(text: str, named: bool = False) -> bool:
    """Whether a clean-up is told to keep a kind of resource ("엔드포인트는 남기고", "keep the training job"): a plan of
    everything would contradict it, and the tool removes named ids or everything, so the brain asks which. With ids
    named, keeping the others of a kind ("kosum-ep-e9a2 지워, 나머지 endpoint는 살려두고") is what removing only those does."""
    return any(scope.deletes(text, *m.span()) is False and not (named and OTHERS.search(text[:m.start()]))
               for m in RESOURCE_KINDS.finditer(text))


def _too_big(text: str, match: re.Match) -> bool:
    """Whether the clause naming a preset says it does not fit the machine ("24GB 카드라 8b는 안 올라감"): a reason for
    another one, not the one chosen; a remark is about the preset nearest before it ("8B는 무리일 것 같고 smol로")."""
    clause = next((c for c in CLAUSE.finditer(text) if c.start() <= match.start() < c.end()), None)
    if clause is None:
        return False
    named = [m.start() for p in PRESETS.values() for m in p.finditer(text) if clause.start() <= m.start() < clause.end()]
    return match.start() in remarked(text, clause.start(), clause.end(), named)


def preset(text: str) -> tuple[str | None, bool]:
    """(the preset named, unclear): 'llama3-8b', 'smol' or 'tiny'; one left out ("8B 말고 tiny"), said not to fit or
    only compared with (compared.py) or named for the user's own later step ("잘 되면 그때 8B 갈게") does not count; two
    different ones are unclear."""
    text = compared.without_compared(without_later(text), list(PRESETS.values()))
    named = {name for name, pattern in PRESETS.items() if any(not _too_big(text, m) for m in _kept(pattern, text))} or {
        name for name, pattern in HINTS.items() if _kept(pattern, text)}
    if len(named) > 1 and (now := past_runs(text)) != text:  # "데모 때 tiny로 돌린 건 … 이번엔 smol": this run's
        return preset(now)
    if len(named) > 1:
        later = _after_correction(text)  # "tiny로 100스텝 돌려줘 아 아니 그거 말고 smol로": the one said after it
        return preset(later) if later is not None and later.strip() else (None, True)
    return (named.pop() if named else None), False


TAKEN_BACK = re.compile(  # a choice corrected: "아 아니 그거 말고 smol로", "tiny, no wait, smol"
    r"(?:^|(?<=[\s.,!?…~]))(?:아\s*)?아니(?:다|야|요)?(?=[\s.,!?…~])|그거\s*말고|"
    r"\b(?:no wait|wait no|actually|i mean|scratch that|make (?:it|that))\b", re.IGNORECASE)


def _after_correction(text: str) -> str | None:
    """The text after the last correction ("아 아니", "no wait") that names a preset, None when there is none."""
    starts = [m.end() for m in TAKEN_BACK.finditer(text) if any(p.search(text, m.end()) for p in PRESETS.values())]
    return text[starts[-1]:] if starts else None


CLOUD = re.compile(r"세이지\s*메이커|sage\s*maker|aws|아마존|\bamazon\b|(?<![a-z0-9.-])sm(?![a-z0-9.-])|클라우드|cloud|엔드포인트|endpoint|inference component|인퍼런스|"
                   r"추론\s*컴포넌트", re.IGNORECASE)
NOT_COMPUTE_EN = (r"elections?|news|(?:news)?papers?|desks?|editions?|time|government|council|offices?|bureaus?|"
                  r"reporters?|readers?|politics|stor(?:y|ies)|community|media|stations?|affiliates?|weather|police|"
                  r"residents?|officials?|authorities|markets?|schools?|hospitals?|businesses|copy")  # "the 2026 local
# election night", "local news": the world's local, not the machine's
LOCAL = re.compile(r"로컬|local(?!\s+(?:" + NOT_COMPUTE_EN + r")\b)(?:ly)?|(?:이|내|제)\s*(?:컴퓨터|머신|pc|피씨|데스크\s*[탑톱]|워크\s*스테이션|서버에서)|여기서|여기에|"
                   r"\b(?:(?:on|from|in)\s+)?(?:my|our)\s+(?:own\s+)?(?:machine|computer|laptop|box|workstation|desktop|pc|rig)\b|"
                   r"this (?:machine|computer|box|workstation)|\bhere\b|on-?prem|"
                   r"귀사\s*(?:의\s*)?(?:로컬\s*)?(?:서버|장비|머신)|\b(?:on|from|in)\s+your\s+(?:own\s+)?(?:machine|server|servers|hardware|box)\b",
                   re.IGNORECASE)  # a client's ticket to the operator: "귀사 서버에서", "on your own machine" is the operator's, local


INTRODUCED = re.compile(  # who writes ("Jeonju desk here.", "Martin here,"), not where the work goes
    r"\b(?!(?i:" + "|".join(sorted(map(re.escape, IMPERATIVES_EN))) + r")\b)[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*"
    r"(?:\s+(?:desk|team|bureau|office|newsroom|side))?\s+here\b(?=\s*(?:[.!,:;\n—–-]|$))")
TRIED = re.compile(r"(?:테스트|평가|검증|확인)\S*\s*(?:다\s*)?(?:끝났|끝내|마쳤|했|해\s*봤|돌려\s*봤|완료|통과)|넣어\s*봤|해\s*봤|돌려\s*봤|"
                   r"써\s*봤|\b(?:evals?|tests?|testing|run|runs)\s+(?:looks?|looked|went|passed|worked|is|was|were)\b|"
                   r"\b(?:tested|evaluated|tried)\b", re.IGNORECASE)  # a step already tried or done ("로컬 테스트 끝났고")


def place(text: str) -> str | None:
    """Where the message wants the work done: 'local' or 'cloud' (SageMaker, named or implied by an instance type),
    by the mentions that are not left out ("세이지메이커 말고 로컬에서", "local이 아니라 sagemaker"); None if it says neither.
    A local mention wins over a cloud one: the cloud is the costly choice, and is never guessed."""
    names = [m.span() for pattern in (JOB_ID, RESOURCE_ID, OTHER_ID, INTRODUCED) for m in pattern.finditer(text)]
    names += [c.span() for c in CLAUSE.finditer(text) if TRIED.search(c.group()) and any(  # "Local eval looks fine.
        not scope.excluded(text, *m.span()) for p in (CLOUD, INSTANCE) for m in p.finditer(text, c.end()))]  # Ship it to
    # SageMaker": where it was tried before the cloud named after it, not where the request goes
    cloud = [not scope.excluded(text, *m.span()) for pattern in (CLOUD, INSTANCE) for m in pattern.finditer(text)]
    local = [not scope.excluded(text, *m.span()) and not (True in cloud and ruled_out(text, *m.span(), (CLOUD, INSTANCE)))
             for m in LOCAL.finditer(text)  # "로컬 GPU로는 너무 느리다고 세이지메이커에서 …": ruled out for the cloud named
             if not any(s <= m.start() < e for s, e in names)]  # "local-7" is a job's name, not the place
    if True in local:
        return "local"
    if True in cloud:
        return "cloud"
    if False in cloud:
        return "local"
    return "cloud" if False in local else None
