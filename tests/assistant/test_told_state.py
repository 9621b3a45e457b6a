"""A sentence that only tells how things are is context, not the request: a local place said to be down or full
beside a request for SageMaker rules the local place out (assistant/arguments/ruled_out.py), and a short block of
notes ending in full stops is no article unless its sentences are written prose (assistant/arguments/article.py)."""
from __future__ import annotations

import pytest

from assistant import arguments
from assistant.router import OfflineRouter


@pytest.mark.parametrize("text", [
    "on-prem rack down till 09:00. send the 8B training to SageMaker, default instance, one node is enough",
    "local TGI at 98% GPU mem, 5xx rate 12%. push latest model to sagemaker inference on g5.4xlarge",
    "our local box is offline tonight. train on sagemaker instead",
])
def test_a_told_local_outage_leaves_the_cloud_asked_for(text: str) -> None:
    assert arguments.place(text) == "cloud"


@pytest.mark.parametrize("text", [
    "shut the local server down, then deploy to sagemaker",  # an order on the local server, not its state
    "keep it local, please. sagemaker is down anyway",
    "I want it local. SageMaker errors are too frequent",
    "train locally and deploy to sagemaker",
])
def test_a_local_place_asked_for_stays_local(text: str) -> None:
    assert arguments.place(text) == "local"


def test_the_on_call_requests_go_to_sagemaker() -> None:
    router = OfflineRouter()
    assert router.route("on-prem rack down till 09:00. send the 8B training to SageMaker, default instance, one node "
                        "is enough")[:2] == ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge",
                                                                    "instance_count": 1})
    assert router.route("local TGI at 98% GPU mem, 5xx rate 12%. push latest model to sagemaker inference on "
                        "g5.4xlarge")[:2] == ("deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"})


def test_a_request_with_a_note_is_no_article() -> None:
    message = "로컬 학습 start. preset llama3-8b, max_steps 1200. 카드 80GB 한 장이라 메모리 빠듯함 주의"
    assert arguments.article(message) is None
    assert OfflineRouter().route(message)[:2] == ("start_training", {"preset": "llama3-8b", "max_steps": 1200})


def test_a_short_block_of_news_sentences_is_still_an_article() -> None:
    news = "한국은행은 오늘 기준금리를 연 3.5%로 동결했다. 물가 상승세가 둔화됐다는 판단이다. 시장은 대체로 예상했다는 반응이다."
    assert arguments.article(news) == news
