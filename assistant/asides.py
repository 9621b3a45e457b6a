"""Questions a request puts aside: "…deploy 해달래요. 근데 IC로 올라가는 거 맞죠? 아무튼 부탁드려요", "is that spot? anyway,
please go ahead", "기본값이지? 그걸로 가자": the request is what the message asks for. "anyway" drops the question's words
from the arguments; a go-ahead ("Can it run as a SageMaker job instead? Go ahead …") takes up what the question
proposed, so its words stay."""
from __future__ import annotations

import re

from assistant.questions import Question

SET_ASIDE = re.compile(r"[?？][\s\S]*?(?:^|[\s.!~])(?:아무튼|암튼|어쨌든|어쨌거나|여하튼|하여튼|그건\s*그렇고|(?:그럼\s*)?(?:그걸로|"
                       r"그거로|그렇게)(?=\s*(?:가|하|해|진행))|anyway|anyhow|either way|regardless|go\s+ahead|(?:then\s+)?(?:let'?s\s+)?go\s+"
                       r"with\s+(?:that|it|the\s+default))(?![가-힣\w])", re.IGNORECASE)  # "기본값이지? 그걸로 가자": settled
GO_AHEAD = re.compile(r"go\s+ahead", re.IGNORECASE)  # takes up the question's plan ("그걸로 가자" settles on its answer)


def set_aside(text: str, question: Question) -> bool:
    """Whether a request after a side question puts the question aside ("…deploy 해달래요. 근데 IC로 올라가는 거
    맞죠? 아무튼 부탁드려요", "is that spot? anyway, please go ahead"): the request is what the message asks for."""
    return question.requests and bool(SET_ASIDE.search(text))


def without_set_aside(text: str) -> str:
    """`text` with the questions a request puts aside blanked (same length): "wait does teardown delete S3 too? 암튼
    S3 빼고 전부 정리해줘" asks to keep S3; the question's words are no arguments of the request. A question that names
    an instance type stays: "g5.12xlarge로.. 아니 p4d가 낫나? 암튼 ㄱ" doubts the costly choice, so the brain asks."""
    from assistant.arguments.names import FAMILY_ONLY, INSTANCE

    marks = list(SET_ASIDE.finditer(text))
    if marks and GO_AHEAD.search(marks[-1].group()):
        return text  # "Can it run as a SageMaker job instead? Go ahead …": the question's proposal is what is taken up
    for sentence in re.finditer(r"[^.!?？\n]*[?？]+", text[:marks[-1].end()] if marks else ""):
        if not (INSTANCE.search(sentence.group()) or FAMILY_ONLY.search(sentence.group())):
            text = text[:sentence.start()] + " " * len(sentence.group()) + text[sentence.end():]
    return text
