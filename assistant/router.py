"""The offline brain: an intent classifier (assistant/intents.py), argument parsers (assistant/arguments/) and a
question reader (assistant/questions.py) exposed as a LangChain chat model with tool calling, so the agent, its tools
and its approval gate are the same whichever brain is configured.

Arguments are read before the intent matters and conservatively. Pasted articles are data: text after a request to
summarize ("요약 좀: …", "summarize this pls 👉 …", "tl;dr …"), HTML, a block of sentences or anything long always becomes
the `text` argument of the summarize tool and is never searched for commands. A question never starts or stops
anything: it is answered, or shows what exists (list_resources) or how a job went (job_status); a question about how
a step behaves (its time, limits, cost, outputs, what doing it does) gets that step's explanation. What is not the
request (a step named as a time or to describe a thing, a clause that only spares something, a sentence reporting
what happened, a reason) is left out when the intent is read (assistant/clauses.py); a stop verb never plans a start
("halt the sagemaker training job": the job is stopped), and what was stopped, run again, is resumed. The cloud is
never guessed: a SageMaker action needs SageMaker (or an instance type) named, not left out and not only in a reason
("로컬은 느려서 …"). An instance's price is a question answered, never a view of what bills. Below the confidence
threshold, or when a cost-bearing or destructive argument is negated, contradicted, unclear, asked about or left to
the assistant ("S3는 알아서", "s3? idk"), or does not exist ("ml.g5.99xlarge"), the brain asks one short question
instead; so it does, last, when a gated plan's step or risky argument is taken back or doubted later in the message,
read only where the message tells what was done, or a clean-up's target is only described (assistant/risk.py).
"""
from __future__ import annotations

import re
import uuid
from typing import Any, ClassVar, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from assistant import arguments, chat, cleanup, terminal
from assistant.korean import in_hangul  # romanized Korean and loanwords ("jiwo jwo", "클린업") read in Hangul
from assistant.messages import is_korean, say

THRESHOLD = 0.25  # below: a clarifying question with examples (chosen on the development sets)
UNNAMED = 0.4  # below: a free step that the message names no word of is a guess, asked about
GATED_MARGIN = 0.2  # a gated intent this close to the next one is asked about, not guessed
KNOWN_EXAMPLES = ["ml.g5.2xlarge", "ml.g5.12xlarge"]  # offered when a type named is far from every real one
GATED = {"train_on_sagemaker", "deploy_to_sagemaker", "teardown"}
PLACES = {"start_training": ("start_training", "train_on_sagemaker"),
          "train_on_sagemaker": ("start_training", "train_on_sagemaker"),
          "deploy": ("deploy", "deploy_to_sagemaker"), "deploy_to_sagemaker": ("deploy", "deploy_to_sagemaker")}
EXPLANATIONS = {"teardown": "explain_teardown", "train_on_sagemaker": "explain_cloud_training",
                "deploy_to_sagemaker": "explain_cloud_deploy", "start_training": "explain_training",
                "deploy": "explain_deploy", "evaluate": "explain_evaluate", "summarize": "explain_summarize",
                "stop_job": "explain_stopping", "prepare_data": "explain_data"}
TOPICS = {  # the words that name each step; a SageMaker one when SageMaker is named
    "teardown": r"teardown|정리|삭제|지우|지워|없애|내려|내리|종료|clean|delet|remov|wipe|tear|shut|kill",
    "stop_job": r"중지|중단|멈추|멈춰|멈춘|재개|이어서|체크\s*포인트|stop|paus|resume|checkpoint",
    "evaluate": r"평가|rouge|루지|eval",
    "summarize": r"요약|기사|summar|article",
    "deploy": r"배포|엔드포인트|서빙|deploy|endpoint|serv",
    "start_training": r"학습|훈련|트레이닝|파인\s*튜닝|q?lora|smol|tiny|train|fine-?tun|preset",
    "prepare_data": r"데이터\s*(?:준비|셋)|전처리|dataset|prepar"}
TOPIC_WORDS = {name: re.compile(words, re.IGNORECASE) for name, words in TOPICS.items()}
TOPIC_OF = {"train_on_sagemaker": "start_training", "deploy_to_sagemaker": "deploy", "resume_job": "stop_job"}
SEEKING = re.compile(r"뭐|뭣|무엇|무슨|어떤|몇|아무|(?:거|것|게|건)\s*(?:있|없)|\b(?:what|anything|any|which)\b",
                     re.IGNORECASE)  # what exists: "뭐 있어?", "켜진 거 있는지", "anything left?"
EXISTS = re.compile(r"(?:거|것|게|건)\s*(?:이|가|은|는|도)?\s*(?:있|없)|\b(?:anything|any)\b", re.IGNORECASE)  # a thing said to be
BILL = re.compile(r"요금|비용|돈|과금|청구|\b(?:bill|billing|cost|costs|charges?|spend(?:ing)?)\b", re.IGNORECASE)
HOW_MUCH = re.compile(r"얼마|\bhow much\b", re.IGNORECASE)  # "aws 요금 얼마 나와?": what bills now, when no step is named
RUNS = {"start_training", "train_on_sagemaker", "stop_job"}  # a question about what runs of these: the job's status
STARTS = {"start_training", "train_on_sagemaker", "deploy", "deploy_to_sagemaker"}  # a stop verb never plans one
STARTS_TRAINING = {"start_training", "train_on_sagemaker"}  # … and stops the job instead
NOT_STOPPED = {"stop_job", "teardown", "list_resources", "deploy", "deploy_to_sagemaker", "summarize"}  # a stop verb
# with one of these is theirs ("엔드포인트 꺼줘": clean-up; "stop the sagemaker deployment": asked); with another, a stop
ACTS = {"start_training", "deploy", "prepare_data", "evaluate", "stop_job", "resume_job"}  # free steps changing things
LAUNCHING = re.compile(r"띄우|띄워|띄어|배포|올려|올리|(?:서빙|serving)\s*(?:해|하)|\b(?:deploy|launch|serve|start)\b|spin\s*(?:it\s*)?up|bring\s*(?:it\s*)?up",
                       re.IGNORECASE)  # what starts a server ("serving 해 주실 수 있을까요? curl로 request 몇 개 날려 보면서":
# the requests sent are not removed); "서빙 중인 서버", "the deployment" only name one
Route = tuple[str | None, dict[str, Any], str | None]


class OfflineRouter(BaseChatModel):
    """One tool call per user turn (or a question), then a plain reply with the tool's result."""

    DEFAULTS: ClassVar[dict[str, dict[str, Any]]] = {
        "train_on_sagemaker": {"instance_type": "ml.g5.12xlarge", "instance_count": 1},
        "deploy_to_sagemaker": {"instance_type": "ml.g5.2xlarge"}}
    tools: list[dict[str, Any]] = []

    @property
    def _llm_type(self) -> str:
        return "kosum-offline-router"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "OfflineRouter":
        from langchain_core.utils.function_calling import convert_to_openai_tool

        return self.model_copy(update={"tools": [convert_to_openai_tool(t) for t in tools]})

    # ------------------------------------------------------------------------------------------------------------
    def route(self, text: str, history: Sequence[BaseMessage] = ()) -> Route:
        """(tool name or None, arguments, reply when no tool is called)."""
        text = terminal.read(chat.plain(text))  # "@KoSum", ":fire:", "*bold*": the message they mark; "$ kosum
        # resources\n…", a traceback, "2026-12-06T22:10Z INFO …": pasted output, quoted; "// 로컬 서빙: …": a comment's words
        korean, body = is_korean(text), arguments.article(text)
        if body is not None:
            tokens = arguments.summary_tokens(text.replace(body, " "))
            return "summarize", {"text": body, **({"max_tokens": tokens} if tokens else {})}, None
        from assistant import (again, asides, clauses, corrections, lay, letters, no_request, pasted, questions, register,
                               risk, runs, structure, threads, typos, until, wrappers)
        from assistant.arguments import referred, spoken
        from assistant.dialect import standard
        from assistant.intents import NONE, predict

        document, text = text, structure.request_text(text)  # a document's code blocks, tables, headings, plan items
        text = letters.body(text)  # a ticket's header fields, an e-mail's greeting and signature ("02-3481-2290")
        text = threads.read(text)  # a handover note's history quoted, the quoted instruction "말씀대로" defers to unquoted
        text = lay.plain(register.plain(standard(typos.corrected(spoken.typed(text)))))  # "p four d …": as typed; "남겨둡서",
        # "keeep"; "it has been decided that X be removed", "중단 조치를 요청드립니다", "컴퓨터한테 가르치기": the plain request
        original, text = text, pasted.without_pasted(in_hangul(text))  # a pasted error line: what went wrong
        if arguments.forbids_only(text) and not questions.read(text).asks:  # a question ("아직 1점대 안 내려왔나?")
            return None, {}, say("prohibited", korean)  # asks how things are; its negation forbids nothing
        own = pasted.without_quoted(text)  # "> …인스턴스 타입을 알려주세요.\n음 g5.12xlarge 한 대면 돼요": the user's lines ask
        if no_request.informs_only(own):  # "이미 멈췄어요. 따로 안 하셔도 돼요", "thanks, looks way better now": a reply
            return None, {}, say("noted", korean)
        if no_request.takes_back(own):  # "배포해줘… 아 아니다 오늘은 하지 말자", "다 지워줘… 아
            # 아니다 잠깐, 데모 있었지. 그냥 둬" (a reason before the take-back): nothing is done, and the reply says so
            return None, {}, say("prohibited", korean)
        own, text, original = (wrappers.without_sign_off(part) for part in (own, text, original))  # "지워줘 고마워요!"
        asked = until.without_condition(clauses.request(own))  # "ROUGE-2가 0.3 넘을 때까지 학습해줘": the condition is no request
        intent, confidence, runner_up, second = predict(asked)
        if (tail := corrections.asked_again(own)) is not None and (again_said := predict(tail))[0] != NONE and (
                again_said[1] >= 0.5):  # "X 멈춰 줘. 아 아니다, … 일단 그 잡 상태만 보여 줘": the request said again
            asked, (intent, confidence, runner_up, second) = tail, again_said
        intent, confidence = until.as_watch(intent, confidence, asked, THRESHOLD)  # "train-… 작업 지켜봐 주세요"
        if intent == "stop_job" and LAUNCHING.search(asked) and not (
                TOPIC_WORDS["stop_job"].search(asked) or clauses.stops(asked)):
            intent, confidence = (runner_up, second) if runner_up in STARTS else (intent, min(confidence, second))  # "일단
            # training job 올려줘", "Please start that training job again": only a start is said, no clear stop
        if asked != own and not any(words.search(asked) for words in TOPIC_WORDS.values()) and not (
                intent == "repeat" and self._previous(history)[0]):  # "로컬 서버 죽었어요. 재시작 해주세요": what is
            told = predict(own)  # restarted is named only in the told sentence left out: read the request with it
            if told.intent not in GATED | {NONE} and told.confidence > confidence:
                intent, confidence, runner_up, second = told
        if own != text and (intent == NONE or confidence < THRESHOLD or confidence - second < GATED_MARGIN):
            # the answer alone says nothing clear ("음 g5.12xlarge 한 대면 돼요 진행해주세요"): read it with the quote
            intent, confidence, runner_up, second = predict(clauses.request(text))
        if intent == NONE and again.only_again(asked):  # "once more", "한번만 더 ㄱ": the previous action, if any
            intent, confidence = "repeat", max(confidence, THRESHOLD)
        if intent in {NONE, "repeat"} and again.explains_again(asked):  # "한 번 더 설명해줘": words, not a tool again
            topic = self._topic(None, text) or self._previous(history)[0]  # what was done, when no step is named
            return None, {}, say(EXPLANATIONS.get(topic or "", "help"), korean)
        question = questions.read(asked)
        if question.asks and not question.requests and questions.directs(own):  # "…있죠? 처음부터 다시 하지 말고
            question = questions.read(own)  # 이어서 돌려요": the request clause lost the "하지 말고" that makes it a command
        if no_request.withdraws(asked) and not question.asks:  # "방금 부탁한 건 없던 걸로 해줘", "never mind that"
            return None, {}, say("prohibited", korean)
        if again.says_again(asked) and not (question.asks or again.only_again(asked)):  # "once more with smol"
            replayed = self._replay_changed(intent, asked, history, korean)
            if replayed:
                return replayed
        if question.requests and intent == NONE and not arguments.forbids_only(question.request):
            alone = predict(question.request)  # the question's words outweighed the request's: read the request alone
            if alone.intent not in GATED and alone.confidence >= THRESHOLD:
                intent, confidence, runner_up, second = alone
        aside = asides.set_aside(own, question)  # on the own words: "암튼 S3 빼고" is no request clause
        if question.requests and (intent not in GATED or aside):  # "평가 돌려줘. 그리고 … 뭔지는 나중에 설명해줘", "…맞죠?
            # 아무튼 부탁드려요": the request is done (a gated one still goes to approval), without the words of a question
            question = questions.NOT_A_QUESTION  # put aside ("does teardown delete S3 too? 암튼 S3 빼고 …": S3 is kept)
            text, own = (asides.without_set_aside(text), asides.without_set_aside(own)) if aside else (text, own)
        if not question.asks and clauses.stops(asked) and (intent not in NOT_STOPPED or (  # "학습 멈처줘 …", "그 잡 접자";
                intent == "teardown" and arguments.JOB_ID.search(asked) and (
                    not arguments.asks_to_remove(asked) or arguments.stops_only_jobs(asked)))):
            intent, confidence, second = "stop_job", max(confidence, THRESHOLD), 0.0  # a training job's id to stop
            # ("train-… 정지해 주세요 체크포인트는 남겨 두고요"), nothing removed: the job is stopped, not cleaned up
        if intent == "list_resources" and confidence < 0.9 and not (question.asks or SEEKING.search(asked) or re.search(
                r"보여|알려|확인|목록|리스트|뽑|\b(?:show|list|check)\b", asked, re.I)) and arguments.asks_to_remove(asked):  # "남아있는
            # KoSum 리소스 다 내려 주세요": what is left, removed; not "지울 거 남았는지 보여줘"
            intent, confidence, second = "teardown", max(confidence, THRESHOLD), 0.0
        if intent == NONE and (question.about_now or question.past) and runs.asks_how_training_runs(text):
            return self._status(text)  # "학습 잘 돌아가고 있나요?", "훈련 다 끝났나요?": how the job goes
        if intent == NONE or (confidence < THRESHOLD and question.asks):
            if question.about_now and SEEKING.search(text):  # "뭐 있는지 보자", "what's still up?": what exists
                return "list_resources", {}, None
            if question.asks and BILL.search(text) and HOW_MUCH.search(text) and self._topic(None, text) is None and (
                    not arguments.INSTANCE.search(text)):  # a price with no step or instance named: the user's bill
                return "list_resources", {}, None
            if question.asks:
                return None, {}, self._explanation(NONE, text, korean)
            repeats = again.says_again(asked) and not self._previous(history)[0]  # "once more with smol", first
            return None, {}, say("nothing_to_repeat" if repeats else "help", korean)
        if intent in {"start_training", "repeat"} and clauses.names_stopped(text):  # "중단된 거 다시 돌려줘", "restart
            intent, confidence = "resume_job", max(confidence, THRESHOLD)  # the paused run": what was stopped, resumed
        if confidence < THRESHOLD or (confidence < UNNAMED and intent in ACTS and self._topic(None, asked) is None and (
                not clauses.stops(asked))):  # "kubectl로 … 파드 좀 재시작해줘": no step of KoSum's named nor a stop verb
            return None, {}, say("unsure", korean)
        if intent == "repeat":
            return self._repeat(history, korean)
        if intent in PLACES["deploy"] and arguments.asks_to_remove(asked) and not LAUNCHING.search(asked):
            intent = "teardown"  # "로컬 서버 내려줘", "shut the local server down": the server goes, none is started
        if intent in STARTS and clauses.stops(asked):  # "halt the sagemaker training job": never a start
            if intent not in STARTS_TRAINING:
                return None, {}, say("unsure", korean)
            intent = "stop_job"
        if intent in PLACES:
            local, cloud = PLACES[intent]
            where = threads.own_first(lambda t: arguments.place(self._choices(intent, clauses.without_asides(t))),
                                      own, text, lambda found: found is not None)  # "> 완료: 로컬 배포\n세이지메이커로 배포"
            if where is None:  # "… was trained on SageMaker. Please kick off that training job": the place of the one told
                where = referred.place_pointed_at(clauses.without_asides(asked), self._choices(intent, own))
            intent = local if where == "local" else cloud if where == "cloud" else intent
            if intent == cloud and where is None:  # the classifier alone never picks the costly place
                return None, {}, say("where", korean)
        answer = self._answer(intent, question, text, korean)
        if answer:
            return answer
        same_step = PLACES.get(runner_up, (runner_up,)) == PLACES.get(intent, (intent,))  # local or SageMaker: read
        if intent in GATED and confidence - second < GATED_MARGIN and not same_step and (  # from the words, not guessed
                not self._names_only_its_step(intent, runner_up, asked)):
            return None, {}, say("unsure", korean)  # a costly or destructive action is never a close call
        tool, args, reply = self._arguments(intent, text, korean, original, document, own)
        if tool in GATED:  # the last check: the step and its risky arguments come from the request (assistant/risk.py)
            question_asked = risk.question(tool, args, own, korean, self.DEFAULTS.get(tool, {}), original, text)
            if question_asked:
                return None, {}, question_asked
        return tool, args, reply

    def _answer(self, intent: str, question: Any, text: str, korean: bool) -> Route | None:
        """A question's answer: an explanation, or the read-only view of what exists; None for a request."""
        from assistant import runs

        if question.asks and (question.hypothetical or question.how_to or (
                question.general and self._topic(None, text))):
            return None, {}, self._explanation(intent, text, korean)
        if question.asks and not (question.about_now or question.past) and intent == "list_resources" and (
                arguments.INSTANCE.search(text)):  # "g5.2xlarge는 시간당 얼마야?": an instance's price, not a bill
            return None, {}, self._explanation("train_on_sagemaker", text, korean)
        if intent == "teardown" and question.requests and arguments.include_s3(text) is None:
            return None, {}, say("which_s3", korean)  # "정리해줘. 근데 S3 모델 아직 쓸 일 있나...": what S3 does is asked
        if intent in GATED and (question.asks or question.suggests):
            if intent in self.DEFAULTS and len(arguments.kept_instance_types(self._choices(intent, text))) > 1:
                return None, {}, self._which_instance(text, korean)  # "g5.12xlarge로 할지 g5.24xlarge로 할지 모르겠네"
            if question.about_now:
                return "list_resources", {}, None
            return None, {}, self._explanation(intent, text, korean)
        if question.asks and intent == "follow_job":  # "how long until my training finishes?": its status, once
            return self._status(text)
        if question.asks and question.past and intent in {"stop_job", "resume_job", "start_training"}:
            return self._status(text)
        if (question.about_now or not question.asks) and intent == "list_resources" and runs.asks_how_training_runs(text):
            return self._status(text)  # "is any KoSum training job still running", "돌고 있는 학습 목록 좀": the jobs, not bills
        if question.asks and question.about_now and intent in ACTS | {"job_status"} and EXISTS.search(text) and (
                not runs.asks_how_training_runs(text)):  # "is any training job still running?": the jobs' status
            return "list_resources", {}, None  # "안 지워지고 남은 거 있는지 확인 좀", "켜진 거 있는지 체크": what exists
        if question.asks and question.about_now and intent in ACTS:  # "로컬 서버 아직 돌고 있나?": what runs now
            return self._status(text) if self._topic(intent, text) in RUNS else ("list_resources", {}, None)
        return None

    @staticmethod
    def _names_only_its_step(intent: str, runner_up: str, text: str) -> bool:
        """Whether the request names the intent's step and not the runner-up's ("SageMaker에 학습 다시 올려주세요": training,
        though "올려" is also said of deploying): the words settle a close call between two steps."""
        def step(name: str) -> str:
            return TOPIC_OF.get(name, PLACES.get(name, (name,))[0])

        own, other = TOPIC_WORDS.get(step(intent)), TOPIC_WORDS.get(step(runner_up))
        if own is None or other is None or own is other:  # a close second with no step of its own stays a close call
            return False
        return bool(own.search(text)) and not other.search(text)

    @staticmethod
    def _status(text: str) -> Route:
        """The status of the job named, else of the latest one."""
        job = arguments.job_id(text)
        return "job_status", ({"job_id": job} if job else {}), None

    @staticmethod
    def _topic(intent: str | None, text: str) -> str | None:
        """The step a question is about: the intent's when the message names it, else clean-up when named, else the
        first step the message names, else a gated intent's; its SageMaker variant when SageMaker is named."""
        named = [name for _, name in sorted((words.search(text).start(), name) for name, words in TOPIC_WORDS.items()
                                            if words.search(text))]
        own = TOPIC_OF.get(intent or "", intent)
        if own not in named:
            if not named:
                return intent if intent in GATED else None
            own = "teardown" if "teardown" in named else named[0]  # what a clean-up deletes is said first
        if own in PLACES:
            return PLACES[own][1 if arguments.place(text) == "cloud" else 0]
        return own

    def _explanation(self, intent: str, text: str, korean: bool) -> str:
        """What the question is about, explained: the step it names (assistant/messages.py says how each works, what
        it costs and how long it takes), the general help otherwise."""
        return say(EXPLANATIONS.get(self._topic(intent, text) or "", "help"), korean)

    @staticmethod
    def _choices(intent: str, text: str) -> str:
        """`text` with the clauses that report or presuppose another step blanked ("학습은 g5.12xlarge로 했는데 …",
        "학습 끝났으면 …"): the costly choices of the request (place, instance, count, model) are never read there."""
        from assistant.clauses import background

        own = TOPIC_WORDS.get(TOPIC_OF.get(intent, PLACES.get(intent, (intent,))[0]))
        for start, end in background(text):
            clause = text[start:end]
            other = any(words.search(clause) for name, words in TOPIC_WORDS.items() if words is not own)
            rest = text[:start] + " " * (end - start) + text[end:]
            replaced = arguments.INSTANCE.search(clause) and arguments.INSTANCE.search(rest)  # "last time we used
            # ml.g5.2xlarge and it OOM'd, so go with ml.g5.12xlarge": the type used before is not the one asked for
            if (other and not (own and own.search(clause))) or replaced:
                text = rest
        return text

    def _arguments(self, intent: str, text: str, korean: bool, original: str | None = None,
                   document: str = "", own: str | None = None) -> Route:
        """The tool's arguments, each read from the user's own lines when they name it, else from the quoted history
        too (`own`: `text` with its quoted lines blanked; assistant/threads.py)."""
        from assistant import clauses, corrections, structure, threads
        from assistant.arguments import chosen, opinions
        from assistant.arguments.earlier import DEFAULT_TYPE
        from assistant.arguments.values import TORN

        tail = corrections.revised(own if own is not None else text)  # read once: where a value said again is

        def heard(reader: Any, named: Any = bool) -> Any:  # a value said again after a revision is the one meant
            if tail is not None and named(found := reader(tail)):
                return found
            return threads.own_first(reader, own if own is not None else text, text, named)

        if intent in self.DEFAULTS:
            if opinions.undecided(text):  # "상무님은 g5.12xlarge 얘기하셨고 나는 g5.2xlarge면 충분하다고 보는데": ask
                return None, {}, self._which_instance(text, korean)
            args = dict(self.DEFAULTS[intent])
            default = bool(DEFAULT_TYPE.search(own or text))  # "… the default instance type and count instead": the
            # quoted mail's "2x ml.p4d.24xlarge" is not looked for
            kind, unclear = heard(lambda t: arguments.instance_type(self._choices(intent, t), original),
                                  lambda found: any(found) or default)  # a size alone takes the family said before
            torn = TORN.search(own or text) and len(arguments.kept_instance_types(self._choices(intent, text))) > 1
            if (unclear or torn) and (last := chosen.decided(own or text)) and not TORN.search(last):
                kind, unclear = arguments.instance_type(self._choices(intent, last), original)  # weighed, then decided
                torn = False  # ("… 아낄 수 있는 건 아껴야죠. 세이지메이커에 ml.g5.xlarge로 배포해 주세요.")
            if unclear or torn:
                return None, {}, self._which_instance(self._choices(intent, text), korean)  # '파트너 쪽은 "ml.p4d…" 라고
                # 하고 … ml.g5.12xlarge로 하라고 하셔서 아직 합의가 안 됐어요': the type quoted is one of two still open
            if kind:
                args["instance_type"] = kind
            if intent == "train_on_sagemaker":
                history = own is not None and own != text  # a bare number of a quoted history ("> ref: ticket
                count = heard(lambda t: arguments.instance_count(self._choices(intent, t), not history or t is own),
                              lambda found: found.value is not None or found.unclear or default)  # #5521") is no count
                if count.unclear:
                    return None, {}, say("how_many", korean)
                args["instance_count"] = count.value or 1
            return intent, args, None
        if intent == "prepare_data":
            return intent, {"source": heard(arguments.data_source)}, None
        if intent == "start_training":  # no model named: the tool's default (the offline demo model)
            from assistant.clauses import without_asides

            preset, unclear = heard(lambda t: arguments.preset(self._choices(intent, without_asides(t))), any)
            if unclear:
                return None, {}, say("which_model", korean)
            steps = heard(arguments.max_steps)
            return intent, {**({"preset": preset} if preset else {}), **({"max_steps": steps} if steps else {})}, None
        if intent == "follow_job":  # "끝나면 알려줘 … 최대 한 시간까지만": how long to wait, when said
            job, timeout = heard(arguments.job_id), heard(arguments.wait_seconds)
            return intent, {**({"job_id": job} if job else {}), **({"timeout_s": timeout} if timeout else {})}, None
        if intent in {"job_status", "stop_job", "resume_job"}:
            job = heard(arguments.job_id) or structure.only_job(document) or structure.named_job(document, text)
            # "```kosum-local-003 Running```\n이거 중단", "| kosum-b2 | …\n kosum-b2만 중단해 주세요"
            return intent, ({"job_id": job} if job else {}), None
        if intent == "deploy":
            folder = heard(arguments.model_folder) if not arguments.LATEST_MODEL.search(own or text) else (
                arguments.model_folder(own or text))  # "오늘 새로 학습한 최신 모델로": not a pasted log's old folder
            return intent, ({"model": folder} if folder else {}), None
        if intent == "evaluate":
            limit = (tail and arguments.record_limit(tail)) or arguments.record_limit(clauses.request(text)) or heard(
                arguments.record_limit)  # "Run eval on 50 records. Eh, … Bump it to 250."; not a reason's count
            # ("전체 테스트셋은 2,200건이라 오래 걸리니까 백 개만": 100)
            return intent, ({"limit": limit} if limit else {}), None
        if intent == "teardown":
            return cleanup.plan(text, korean, document)
        if intent == "summarize":
            return None, {}, say("paste_article", korean)
        return intent, {}, None

    @staticmethod
    def _which_instance(text: str, korean: bool) -> str:
        """The question for an unclear instance type: a name that does not exist is said, with the nearest real ones."""
        unknown = arguments.unknown_instance(text)
        if unknown is None:
            return say("which_instance", korean)
        name, nearest = unknown
        return say("unknown_instance", korean, name=name, nearest=" / ".join(nearest or KNOWN_EXAMPLES))

    @classmethod
    def _repeat(cls, history: Sequence[BaseMessage], korean: bool) -> Route:
        """'다시 해줘': the previous tool call of this conversation, with the same arguments (gated ones ask again)."""
        tool, args = cls._previous(history)
        return (tool, args, None) if tool else (None, {}, say("nothing_to_repeat", korean))

    @staticmethod
    def _previous(history: Sequence[BaseMessage]) -> tuple[str | None, dict[str, Any]]:
        """The previous tool call of this conversation (its name and arguments); (None, {}) when there is none."""
        for message in reversed(history):
            if isinstance(message, AIMessage) and message.tool_calls:
                call = message.tool_calls[-1]
                return call["name"], dict(call["args"])
        return None, {}

    def _replay_changed(self, intent: str, text: str, history: Sequence[BaseMessage], korean: bool) -> Route | None:
        """"once more with smol": the previous call with the arguments named changed (a gated one goes to approval
        as any plan does), when the message names no other step (nor local for a SageMaker call); None otherwise."""
        from assistant import again
        from assistant.intents import NONE

        tool, args = self._previous(history)
        if tool is None or (tool in GATED and arguments.place(text) == "local"):
            return None
        group = PLACES.get(tool, (tool,))
        if intent not in {NONE, "repeat"} and PLACES.get(intent, (intent,)) != group and self._topic(None, text):
            return None
        new = again.changed(tool, args, text)
        if new is None:
            return None
        if tool in self.DEFAULTS and arguments.instance_type(text)[1]:
            return None, {}, self._which_instance(text, korean)
        return tool, new, None

    # ------------------------------------------------------------------------------------------------------------
    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        last = messages[-1]
        if isinstance(last, ToolMessage) and last.status == "error" and str(last.content).startswith("User rejected"):
            reply = AIMessage(content="")  # a rejected approval: the app says so; nothing to add
        elif isinstance(last, ToolMessage):
            reply = AIMessage(content=str(last.content))
        else:
            text = last.content if isinstance(last, HumanMessage) and isinstance(last.content, str) else ""
            tool, args, answer = self.route(text, messages[:-1])
            available = {t["function"]["name"] for t in self.tools}
            if tool and tool in available:
                reply = AIMessage(content="", tool_calls=[{"name": tool, "args": args,
                                                           "id": f"call_{uuid.uuid4().hex[:12]}"}])
            else:
                reply = AIMessage(content=answer or say("help", is_korean(text)))
        return ChatResult(generations=[ChatGeneration(message=reply)])
