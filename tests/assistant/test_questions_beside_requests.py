"""Questions and requests beside reasons, doubts and prohibitions (assistant/questions.py, assistant/clauses.py,
assistant/router.py): a question's negation forbids nothing, "뭔가" is "something", "있으면 알려줘" is the question itself,
"-어서 알려줘" after a step asks for the step, "띄워봐" tries, "혹시" beside 주- is "perhaps", "-거나 하지 말고" forbids
its verbs, and a request the analyser misread as a noun ("stop 해줘요") is no report."""
from __future__ import annotations

import pytest

from assistant import clauses, questions
from assistant.router import OfflineRouter


def test_question_readings() -> None:
    assert not questions.read("loss가 계속 3점대면 뭔가 이상한 건데").asks
    assert not questions.read("켜져 있는 거 있나? 있으면 뭔지만 알려줘").hypothetical
    assert not questions.read("what do we still have running right now?").how_to
    assert not questions.read("8B 돌아갈지 모르겠는데 암튼 띄워봐").asks
    assert not questions.read("혹시 괜찮으면 샘플 데이터로 준비 좀 해줄래요?").asks


@pytest.mark.parametrize("message, tool", [
    ("loss 지금 얼마야? 아직 2점대 안 내려갔나", "job_status"),  # status and list questions
    ("몇 스텝까지 돌았어? loss가 계속 3점대면 뭔가 이상한 건데", "job_status"),
    ("before I clean anything up, what do we still have running?", "list_resources"),
    ("지금 과금되는 거 켜져 있는 거 있나? 있으면 뭔지만 알려줘", "list_resources"),
    ("지난번 ROUGE-L 몇 나왔었지? 이번 모델도 평가 돌려서 알려줘", "evaluate"),  # requests beside reasons and doubts
    ("로컬 배포 ㄱㄱ 16GB라 될지 모르겠는데 일단 띄워봐", "deploy"),
    ("혹시 괜찮으면 /data/news/dev.jsonl 이 파일로 데이터 준비 좀 해줄래요?", "prepare_data"),
    ("돌고 있는 학습 좀 stop 해줘요, 예산 알림 떴어요 teardown은 아직 하지 말고요", "stop_job"),
])
def test_the_tool_beside_questions_reasons_and_doubts(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


def test_either_not_forbids_its_verbs() -> None:
    assert not clauses.stops("loss 좀 보여주세요. 멈추거나 하지는 말고요!")
    assert OfflineRouter().route("job kosum-x1 loss 좀 보여주세요. 멈추거나 하지는 말고요!")[0] == "job_status"
    assert clauses.stops("학습 멈추거나 아니면 그냥 꺼줘")
