"""The choices of a gated plan: a place named only to be ruled out is not the place, a count after "count만" is the
count ("만" there is a particle, not ten thousand), and two instance types the user hesitates between are asked about,
never shown as what exists."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text", [
    "로컬 GPU로는 너무 느려서 못 써요. 세이지메이커에서 학습해줘",
    "로컬에서는 메모리가 부족하대요 그래서 세이지메이커로 학습 부탁",
    "지난주 로컬 학습은 OOM 나서 접었어요, 이번엔 sagemaker로",
    "my local box is too slow, train it on sagemaker",
    "local deploy is fine for testing, but we need a sagemaker endpoint for the demo",
])
def test_a_place_ruled_out_for_the_cloud_named_is_not_the_place(text: str) -> None:
    assert arguments.place(text) == "cloud"


@pytest.mark.parametrize("text", ["로컬에서 학습해줘, 세이지메이커는 너무 느려", "세이지메이커 말고 로컬에서",
                                  "로컬이 느리긴 한데 그냥 로컬로 해줘", "too slow on sagemaker, run it locally"])
def test_a_place_not_ruled_out_stays_local(text: str) -> None:
    assert arguments.place(text) == "local"


@pytest.mark.parametrize("text, count", [("count만 3으로", 3), ("count만 4개로 ㄱㄱ", 4), ("노드 수도 2로", 2)])
def test_a_count_after_a_particle_is_the_count(text: str, count: int) -> None:
    assert arguments.instance_count(text) == arguments.Count(count)


@pytest.mark.parametrize("message", [
    "세이지메이커 학습 돌려줘 근데 인스턴스는 g6.12xlarge랑 g5.24xlarge 중에 뭘로 할지 아직 못정했음",
    "세이지메이커 배포를 g5.4xlarge로 할지 g6.xlarge로 할지 모르겠네. 일단 해줘",
])
def test_two_instance_types_in_doubt_are_asked_about(message: str) -> None:
    tool, args, reply = OfflineRouter().route(message)
    assert (tool, args) == (None, {}) and "인스턴스" in reply, reply
