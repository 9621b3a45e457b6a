"""Set AF's misses after its first run, by cause: "세 줄로 정리" of an article is a summary, never a clean-up (the
first run's destructive error: a teardown of everything), a note in brackets after the request line, a freeze window
or "hold off" forbids a costly step now (the cost-bearing error), another bot's notice ("[청구 알림] …") is quoted and
"이거" / "둘 다" point at its ids, "3 approvals" is no count, "A 하나만" and "B는 그대로 둬야 합니다" keep B (set AG's first-run error), a free guess of the listing beside "다 내려 주세요"
removes, and a short English note on training or TGI is no news. The phrasings here are new; set AF's own are not
repeated."""
from __future__ import annotations

import pytest

from assistant import terminal
from assistant.arguments import asks_to_remove
from assistant.router import OfflineRouter

NEWS = ("강원 평창군은 올겨울 대관령 일대에서 눈꽃 축제를 열흘간 연다고 5일 밝혔다. 축제 기간에는 눈 조각 전시와 썰매 "
        "체험이 마련되며 입장료는 무료다. 군은 관광객 20만 명이 찾을 것으로 내다봤다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message", ["이 글 두 줄로 정리해 주세요", "아래 기사 핵심만 정리 부탁"])
def test_summing_up_a_text_is_no_removal(message: str) -> None:
    assert not asks_to_remove(message)
    assert route(message)[0] != "teardown"


def test_a_note_in_brackets_after_the_request_line() -> None:
    assert route(f"{NEWS}\n\n위 기사 두 줄로 정리해 주세요 (PR #31 참고)") == ("summarize", {"text": NEWS})


@pytest.mark.parametrize("message", [
    "Release freeze through Friday, so hold off on deploying to SageMaker.",
    "릴리스 동결 기간이라 세이지메이커 학습은 보류해 주세요. 다음 주에 다시 말씀드릴게요",
])
def test_a_freeze_window_plans_nothing_now(message: str) -> None:
    assert route(message)[0] is None


def test_a_freeze_that_is_over_plans_the_step() -> None:
    assert route("The release freeze is over, deploy to sagemaker on the default instance") == (
        "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"})


def test_another_bots_notice_is_quoted_and_pointed_at() -> None:
    notice = "🔔 [비용 알림] kosum-ep-9a9a 48시간째 호출 없음"
    assert terminal.read(f"{notice}\n이거 내려 주세요").startswith(f"> {notice}")
    assert route(f"{notice}\n이거 내려 주세요, 버킷은 두고요") == ("teardown", {"ids": ["kosum-ep-9a9a"], "include_s3": False})
    assert route("[cost bot] idle: kosum-ep-1c1c, kosum-ep-2d2d\ndelete both please, keep the bucket") == (
        "teardown", {"ids": ["kosum-ep-1c1c", "kosum-ep-2d2d"], "include_s3": False})


def test_a_bots_notice_over_an_article() -> None:
    assert route(f"[뉴스봇] 새 기사 1건\n{NEWS}\n요약 부탁해요") == ("summarize", {"text": NEWS})


def test_review_counts_are_no_count() -> None:
    assert route("LGTM, 4 approvals. sagemaker에서 ml.g5.12xlarge로 학습해 주세요") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})


def test_what_is_left_to_take_down_is_removed_not_listed() -> None:
    assert route("이제 안 써요. 남은 리소스 전부 내려 주세요, S3는 남기고") == ("teardown", {"ids": None, "include_s3": False})
    assert route("지우기 전에 남은 리소스 목록부터 보여 주세요") == ("list_resources", {})


@pytest.mark.parametrize("message, tool", [
    ("Change approved for on-prem work only. Start a tiny training run here, 40 steps.", "start_training"),
    ("Step two of the plan: serve the latest model on local TGI. No cloud spend yet.", "deploy"),
])
def test_a_short_english_note_on_training_or_tgi_is_no_news(message: str, tool: str) -> None:
    assert route(message)[0] == tool


@pytest.mark.parametrize("message", [
    "kosum-ep-4a4a 하나만 내려 주세요. kosum-ep-5b5b는 심사용이에요",
    "kosum-ep-4a4a 내려 주세요. kosum-ep-5b5b는 그대로 둬야 합니다",
    "take down kosum-ep-4a4a, keep kosum-ep-5b5b",
])
def test_an_id_kept_or_one_singled_out_is_the_only_one_removed(message: str) -> None:
    assert route(message) == ("teardown", {"ids": ["kosum-ep-4a4a"], "include_s3": False})
