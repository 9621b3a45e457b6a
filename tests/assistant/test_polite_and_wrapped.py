"""Non-gated requests as people new to the field ask them (independent set Q): a question whether training runs is
the jobs' status (assistant/router.py), a time limit on the watching ends the watching and stops no job
(assistant/clauses.py), a corrected data source is the later one and the best examples to show are no record limit
(assistant/arguments/values.py), a polite local deploy with its reason or a not-knowing clause asks nothing
(assistant/questions.py), and an article's wrapping (👉 … 👈 remark, "---" rules, "Thanks a lot!") is no article text,
nor is a request after a sentence that only names summaries (assistant/arguments/article.py)."""
from __future__ import annotations

import pytest

from assistant import arguments, clauses
from assistant.router import OfflineRouter

NEWS = ("한국은행은 12일 기준금리를 연 3.0%로 동결했다. 금융통화위원회는 물가 상승세가 둔화되고 있지만 가계부채 증가 속도가 "
        "여전히 빠르다고 판단했다. 시장에서는 내년 1분기 중 인하 가능성이 높다는 전망이 나온다.")


@pytest.mark.parametrize("message", [
    "could you tell me whether any training is running at the moment?",
    "I need to restart some services on the shared server later. Before I do that, is any training job still running?",
    "학습 잘 돌아가고 있나요?", "훈련 다 끝났나요?"])
def test_whether_training_runs_is_the_jobs_status(message: str) -> None:
    assert OfflineRouter().route(message) == ("job_status", {}, None)


@pytest.mark.parametrize("message", ["is anything still running or costing money?",
                                     "혹시 training job 남아있는 거 있어?"])
def test_what_still_runs_or_bills_is_what_exists(message: str) -> None:
    assert OfflineRouter().route(message)[0] == "list_resources"


def test_a_time_limit_on_the_watching_stops_no_job() -> None:
    message = "train-20261208-093000-cd34 끝날때까지 지켜봐죠 한시간 넘으면 그만"
    assert not clauses.stops(message)
    assert OfflineRouter().route(message) == (
        "follow_job", {"job_id": "train-20261208-093000-cd34", "timeout_s": 3600}, None)
    assert clauses.stops("train-20261208-093000-cd34 그만 돌려")


def test_a_corrected_data_source_is_the_later_one() -> None:
    assert arguments.data_source("grab daekeun-ml/naver-news-summarization-ko and prep it... no wait, use my local "
                                 "copy at ./data/naver_train.jsonl instead") == "./data/naver_train.jsonl"
    assert arguments.data_source("daekeun-ml/naver-news-summarization-ko 로 준비해줘") == \
        "daekeun-ml/naver-news-summarization-ko"


@pytest.mark.parametrize("message", ["테스트셋 전체로 평가 돌려 주세요. 점수 좋은 예시 상위 3개도 같이 보여 주시면 좋고요.",
                                     "evaluate on the whole test set and show me the top 3 examples"])
def test_the_best_examples_to_show_are_no_limit(message: str) -> None:
    assert arguments.record_limit(message) is None
    assert arguments.record_limit("top 5 articles") == 5


@pytest.mark.parametrize("message, model", [
    ("학습이 다 끝났다는 알림을 받았습니다! 방금 만들어진 모델을 제 컴퓨터에서 바로 써 볼 수 있게 띄워 주시겠어요? 모델이 어느 "
     "폴더에 저장됐는지는 잘 몰라서 가장 최근 것으로 해 주시면 됩니다.", None),
    ("프론트엔드 쪽에서 요약 API를 한번 붙여 보려고 합니다. ./outputs/kosum-smol-20261207 폴더에 있는 모델을 로컬에서 서빙해 "
     "주실 수 있을까요? 외부 클라우드에는 올리지 않으셔도 됩니다.", "./outputs/kosum-smol-20261207"),
    ("/home/minji/kosum/checkpoints/final 에 있는 model을 local에서 serving 해 주실 수 있을까요? curl로 request 몇 개 "
     "날려 보면서 응답이 어떻게 나오는지 보고 싶어서요.", "/home/minji/kosum/checkpoints/final"),
])
def test_a_polite_local_deploy_is_a_deploy(message: str, model: str | None) -> None:
    assert OfflineRouter().route(message) == ("deploy", {"model": model} if model else {}, None)


@pytest.mark.parametrize("message", [
    f"이 기사를 세 줄 정도로 정리해 주실 수 있을까요? 👉 {NEWS} 👈 회의 전에 훑어보려고요!",
    f"Could you please summarize this Korean article for me? I'm still learning Korean.\n\n{NEWS}\n\nThanks a lot!",
    f"아래 기사 핵심만 요약해 주시면 정말 감사하겠습니다.\n---\n{NEWS}\n---\n가능하면 짧게 부탁드려요.",
])
def test_an_articles_wrapping_is_no_article_text(message: str) -> None:
    assert arguments.article(message) == NEWS


@pytest.mark.parametrize("message, route", [
    ("회의용 PPT 슬라이드로 예쁘게 디자인해서 만들어 주실 수도 있을까요?", (None, {})),
    ("Would you mind stopping it for me? It's the one called train-20261207-101500-ab12.",
     ("stop_job", {"job_id": "train-20261207-101500-ab12"})),
    ("could you stop train-20261207-101500-ab12 cleanly? don't tear anything else down, the endpoint is still in use",
     ("stop_job", {"job_id": "train-20261207-101500-ab12"})),
])
def test_polite_requests_kosum_cannot_do_or_can(message: str, route: tuple) -> None:
    assert OfflineRouter().route(message)[:2] == route
