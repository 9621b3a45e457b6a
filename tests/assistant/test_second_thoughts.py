"""Set AJ's misses after its first run, by cause (round 25): people change their minds mid-message and weigh values
aloud. A value said again after a revision ("아 잠깐", "아니", "정정:", "scratch that", "Eh,") is the one meant; the
request said again after one is the request; an id said again by its last part ("… 9b2e는 살리고 4a1f만 지워", "leave
a41f alone") is that id, and what its last mention says of it counts; "그거 말고 Y", "X 지워 달라고 했던 거 취소요" take X
back; a clean-up of one no id names ("안 쓰는 거 하나 알아서") or of the old ones with no id ("예전 엔드포인트들 … 오래된
걸로") is asked about, never planned for all; a topic kept only later in its sentence ("X 는 … 끝나고 그때 내릴 거라 지금은
그대로 두시고") is kept; "S3는 처음엔 남기자고 했는데요, … S3까지 지워 주세요" deletes it. The phrasings here are new;
set AJ's own are not repeated."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message, expected", [
    ("로컬 tiny로 300 스텝 돌려 줘. 아 잠깐, 어제 400에서 발산했으니까 스텝은 200으로 해 줘.",
     ("start_training", {"preset": "tiny", "max_steps": 200})),
    ("평가 돌려 줘, 100개로... 아냐 100개는 좀 적다, 400개. 최종 400개로.", ("evaluate", {"limit": 400})),
    ("Evaluate on 40 records. Eh, 40 is too noisy. Bump it to 300.", ("evaluate", {"limit": 300})),
    ("./outputs/kosum-a 로 로컬 배포해 줘. 아 잠깐, 그거 점수가 낮았다. ./outputs/kosum-b 로 바꿔서 배포해 줘.",
     ("deploy", {"model": "./outputs/kosum-b"})),
    ("데이터 준비해 줘: /data/a.jsonl\n정정: 그건 원문만 있는 파일이고 요약 쌍은 /data/a_pairs.jsonl 이에요. 이걸로 해 주세요.",
     ("prepare_data", {"source": "/data/a_pairs.jsonl"})),
])
def test_a_value_said_again_is_the_one_meant(message: str, expected: tuple) -> None:
    assert route(message) == expected


def test_the_request_said_again_is_the_request() -> None:
    assert route("train-20261211-090000-ab12 멈춰 줘. 아 아니다, 멈추기 전에 loss부터 보자. 일단 그 잡 상태만 보여 줘.") == (
        "job_status", {"job_id": "train-20261211-090000-ab12"})


def test_values_weighed_by_supposition_are_not_the_one_asked() -> None:
    text = ("짧아야 해요. 100 토큰이면 너무 짧고 300이면 길어요… 150토큰 제한 걸고 아래 기사 요약해 주세요.\n\n"
            "한빛전자가 올해 4분기 연결 기준 영업이익이 2조 원으로 잠정 집계됐다고 8일 공시했다. 이는 전년 동기 대비 41% "
            "증가한 수치다. 회사 측은 서버용 메모리 판매 확대가 실적을 끌어올렸다고 설명했다.")
    assert route(text)[1].get("max_tokens") == 150


@pytest.mark.parametrize("message, ids", [
    ("엔드포인트 kosum-ep-1a2b랑 kosum-ep-3c4d 둘 다 지워줘. 아 잠깐, 3c4d는 아직 속보에 물려 있네 그건 살리고 1a2b만 지워. "
     "S3는 건드리지 마.", ["kosum-ep-1a2b"]),
    ("We have kosum-ep-a1b2 (the live one) and kosum-ep-c3d4, the old copy. Take down kosum-ep-c3d4, leave a1b2 alone. "
     "Don't touch the buckets.", ["kosum-ep-c3d4"]),
    ("kosum-ep-1a2b, kosum-ic-3c4d 내려 주세요. ic-3c4d도 안 쓰는데 돈이 나가네요. S3는 그대로.",
     ["kosum-ep-1a2b", "kosum-ic-3c4d"]),
    ("teardown 해줘 kosum-ep-7e7e... 아니 잠깐 그거 말고 kosum-ep-7e7f 야, 오타. S3 bucket은 keep 해줘.", ["kosum-ep-7e7f"]),
    ("정정합니다. 아까 kosum-ep-1a2b 지워 달라고 했던 거 취소요, 그건 보존해야 함. 대신 kosum-ep-3c4d 를 삭제해 주세요. 버킷은 "
     "남기고요.", ["kosum-ep-3c4d"]),
    ("kosum-ep-1a2b 잡은 결과 이미 받아놨고 kosum-ep-3c4d는 필요 없어요. 그럼 kosum-ep-1a2b 랑 kosum-ep-3c4d 두 개 삭제해 "
     "주세요. 버킷은 남기고요.", ["kosum-ep-1a2b", "kosum-ep-3c4d"]),
    ("먼저 kosum-ep-1a2b 지워 주세요. kosum-ep-3c4d 는 다음 주 데모 끝나고 그때 내릴 거라 지금은 그대로 두시고, S3는 건드리지 "
     "마세요.", ["kosum-ep-1a2b"]),
    ("엔드포인트가 셋: kosum-ep-1a2b, kosum-ep-3c4d, kosum-ep-5e6f. kosum-ep-5e6f 빼고 나머지 두 개 다 내려 주세요. S3는 "
     "손대지 말고.", ["kosum-ep-1a2b", "kosum-ep-3c4d"]),
])
def test_the_ids_a_changed_mind_leaves(message: str, ids: list[str]) -> None:
    assert route(message) == ("teardown", {"ids": ids, "include_s3": False})


@pytest.mark.parametrize("message", [
    "엔드포인트 하나 내려야 돼요. kosum-ep-1a2b는 공시용이고 kosum-ep-3c4d도 오늘 쓰네. 암튼 안 쓰는 거 하나 알아서 내려 주세요.",
    "평가도 끝났으니 예전 엔드포인트들 좀 지워 주세요. 아이디는 기억이 안 나요, 알아서 오래된 걸로요.",
])
def test_some_named_by_no_id_are_asked_about(message: str) -> None:
    assert route(message)[0] is None


@pytest.mark.parametrize("message", [
    "KoSum이 만든 리소스 전부 정리해 주세요. 처음엔 S3 버킷은 남기자고 했는데요, 백업을 다 해 뒀어요. 그러니까 S3까지 싹 같이 "
    "지워 주세요.",
])
def test_a_first_thought_given_up_is_not_the_decision(message: str) -> None:
    assert route(message) == ("teardown", {"ids": None, "include_s3": True})


def test_wait_no_takes_s3_back_and_leaving_a_named_thing_alone_stands() -> None:
    assert route("Tear down everything KoSum created, S3 bucket included. Wait, no. Legal says the data stays. So keep "
                 "S3, delete everything else.") == ("teardown", {"ids": None, "include_s3": False})
    assert route("kill kosum-ep-1a2b. oh and actually kosum-ep-3c4d too. leave kosum-ep-5e6f alone, it's live. don't "
                 "touch s3.") == ("teardown", {"ids": ["kosum-ep-1a2b", "kosum-ep-3c4d"], "include_s3": False})


def test_a_lets_after_the_article_is_no_part_of_it() -> None:
    article = ("한빛반도체가 올해 3분기 영업이익이 1조 원으로 잠정 집계됐다고 21일 공시했다. 이는 전년 동기 대비 38% 증가한 "
               "수치다. 회사 측은 메모리 판매 확대가 실적을 끌어올렸다고 설명했다.")
    assert route(f"이거 요약해 줘:\n\n{article}\n\n결과 괜찮으면 다음엔 평가 얘기해 봅시다.") == (
        "summarize", {"text": article})


@pytest.mark.parametrize("message, instance_type", [
    ("인스턴스 비교해 봤어요. ml.g5.2xlarge는 시간당 1.5달러, ml.g5.xlarge는 1.4달러쯤인데 tiny 모델이면 충분하더라고요. "
     "세이지메이커에 ml.g5.xlarge로 배포해 주세요.", "ml.g5.xlarge"),
    ("Deploy the model to SageMaker on ml.g5.12xlarge. Wait, that's far too big for inference. Go with ml.g5.xlarge.",
     "ml.g5.xlarge"),
])
def test_a_type_weighed_then_decided(message: str, instance_type: str) -> None:
    assert route(message) == ("deploy_to_sagemaker", {"instance_type": instance_type})


@pytest.mark.parametrize("message", [
    "세이지메이커 배포해 줘 g5.4xlarge로.. 아니 g5.12xlarge가 낫나? 암튼 ㄱ",
    "SageMaker에 배포해 주세요, g5.2xlarge면 될 것 같은데… 아 근데 팀장님은 g6.xlarge 쓰라고 했던 거 같기도 하고요 🤔",
])
def test_a_second_thought_asked_or_hedged_decides_nothing(message: str) -> None:
    assert route(message)[0] is None
