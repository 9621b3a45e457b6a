"""Set AK's destructive and cost-bearing errors after its first run, by cause (round 25): Kiwi reads a particle typed
apart from a Latin word or an id ("instance 는 …", "…-b3e8 은 …") as a verb's ending, so a type asked for read as
one used before and a kept job's clause ended early; a note in brackets with "!" ended the clause; "그거 지워 주세요"
after several ids listed, and "그 엔드포인트 🗑️" (Kiwi's 그 as an interjection), point at one no id names; "세이지메이커
ㄴㄴ" leaves the place out; "지금 말고" and "please don't deploy anything for now" start nothing. The phrasings here
are new; set AK's own are not repeated."""
from __future__ import annotations

import pytest

from assistant.router import OfflineRouter


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


def test_a_type_after_a_detached_particle_is_asked_for_now() -> None:
    assert route("트래픽이 너무 많아요. SageMaker 로 deploy 해 주세요, instance 는 ml.g5.4xlarge 로요. 어제 ml.g5.2xlarge "
                 "로 테스트했을 땐 느려서 그건 패스.") == ("deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"})


def test_a_job_kept_after_a_detached_particle_and_a_bracketed_note_stays() -> None:
    assert route("train-20261201-101010-aa11 이랑 train-20261202-101010-bb22 는 옛날 실험이라 지워도 된대요. "
                 "train-20261203-101010-cc33 은 어제 경기 (3:2 역전승!) 데이터로 돌린 거라 비교용으로 남겨 두래요. 그래서 앞의 두 "
                 "개만 정리 부탁드려요.") == (
        "teardown", {"ids": ["train-20261201-101010-aa11", "train-20261202-101010-bb22"], "include_s3": False})


@pytest.mark.parametrize("message", [
    "팀장님이 '그거 지워'라고만 하셨어요. 지금 kosum-ep-1a2b, kosum-ep-3c4d, kosum-ep-5e6f 세 개 떠 있는데... 그거 지워 주세요.",
    "어제 그 엔드포인트 🗑️ ㅇㅇ",
])
def test_one_pointed_at_and_named_by_no_id_is_asked_about(message: str) -> None:
    assert route(message)[0] is None


def test_no_no_leaves_the_place_out() -> None:
    assert route("배포 ㄱ 내 노트북에서만, 모델 outputs/smol-run7. 세이지메이커 ㄴㄴ") == (
        "deploy", {"model": "outputs/smol-run7"})


@pytest.mark.parametrize("message", [
    "세이지메이커 배포는 모레 경기 끝나고. 지금 말고 ㅇㅋ?",
    "Minho asked me to deploy the model to SageMaker before the final, but the editor said no until the budget review. "
    "So please don't deploy anything for now; I'll come back later.",
])
def test_not_now_starts_nothing(message: str) -> None:
    assert route(message)[0] is None
