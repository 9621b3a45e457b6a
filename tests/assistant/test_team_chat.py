"""Set Y's misses after its first run, by cause: a team chat's marks around a message (the bot's @mention or an
invented "/kosum" command read as a local path, emoji codes, *bold*, `code`), "정리 ㄱ" and a 👉 … 👈 frame around an
article, a colleague's quoted line above a summary request, praise of a summary taken for a request, a phone's slips
in English keep and removal words, the user's own later step naming a second preset, a permission about timing
outweighing the request, a purpose clause ("so the engineers can train on them"), "get those ready", and a question
naming another instance type put aside by "암튼" (a cost-bearing guess: it must ask). The phrasings are new."""
from __future__ import annotations

import pytest

from assistant import chat, clauses, typos
from assistant.arguments import article, data_source, preset
from assistant.router import OfflineRouter

NEWS = "광주시는 내년 1월부터 심야 버스 노선을 4개 늘린다고 3일 밝혔다. 시는 늦은 시간 귀가하는 시민의 불편을 줄이겠다고 설명했다."


@pytest.mark.parametrize("message, expected", [
    ("/kosum prepare data from ./data/news.jsonl", "./data/news.jsonl"),
    ("@KoSum 데이터는 `/mnt/desk/export_12/` 에서 준비해 주세요 :pray:", "/mnt/desk/export_12/"),
])
def test_the_bots_name_and_chat_marks_are_no_part_of_the_request(message: str, expected: str) -> None:
    assert data_source(chat.plain(message)) == expected
    assert OfflineRouter().route(message)[:2] == ("prepare_data", {"source": expected})


def test_a_path_named_kosum_keeps_its_name() -> None:
    assert chat.plain("/mnt/kosum/data 로 준비") == "/mnt/kosum/data 로 준비"


@pytest.mark.parametrize("message", [
    "/kosum 정리 ㄱ\n" + NEWS, "정리 ㄱ 👉 " + NEWS + " 👈 이거 저녁 뉴스용", "> 박PD: 저녁 뉴스 2분 꼭지\n요약 ㄱ 👉 " + NEWS,
])
def test_an_article_under_a_chat_request_is_the_article_alone(message: str) -> None:
    assert article(message) == NEWS


def test_praise_for_a_summary_asks_for_nothing() -> None:
    assert OfflineRouter().route("@kosum 아침 방송 요약 정말 좋았어요 👍 국장님도 칭찬하셨어요!")[0] is None


def test_a_quoted_question_and_an_approval_below_it_is_no_article() -> None:
    assert article("> 운영자: 리소스 정리할까요?\n정리 승인합니다. 단 S3는 유지하세요, 감사 때 필요합니다.") is None


@pytest.mark.parametrize("typed, meant", [
    ("pls tear dowm kosum-ep-1f2e, keeep the bucket", "pls tear down kosum-ep-1f2e, keep the bucket"),
    ("kepe the s3 and delte the rest", "keep the s3 and delete the rest"),
    ("I deleted the remote endpoint, step 5", "I deleted the remote endpoint, step 5"),
])
def test_a_phones_one_slip_is_read_and_a_real_word_is_left(typed: str, meant: str) -> None:
    assert typos.corrected(typed) == meant


def test_a_typed_slip_keeps_s3() -> None:
    assert OfflineRouter().route("@kosum pls tear dowm kosum-ep-1f2e, keeep the bucket")[:2] == (
        "teardown", {"ids": ["kosum-ep-1f2e"], "include_s3": False})


@pytest.mark.parametrize("message, expected", [
    ("tiny로 먼저 돌려봐. 괜찮으면 그때 smol 갈게", ("tiny", False)),
    ("smol로 100스텝 돌려줘. 나중에 8B로 할 거예요", ("smol", False)),
    ("tiny로 10스텝 돌려주시면 될 것 같습니다", ("tiny", False)),
])
def test_the_users_own_later_step_names_no_preset_of_this_one(message: str, expected: tuple) -> None:
    assert preset(message) == expected


def test_a_permission_about_timing_is_no_part_of_the_request() -> None:
    asked = clauses.request("다 꺼주시고 지워주실 수 있을까요? 저녁 뉴스 끝나고 하셔도 되는데 지금 해주셔도 괜찮아요")
    assert "괜찮" not in asked and "지워" in asked
    assert "지워도 돼" in clauses.request("다 정리해줘. 지워도 돼")


def test_a_purpose_clause_and_get_ready() -> None:
    message = "The desk left exports at /mnt/desk/q1/. Could you get them ready so the interns can train on them later?"
    assert OfflineRouter().route(message)[:2] == ("prepare_data", {"source": "/mnt/desk/q1/"})


def test_a_question_naming_another_instance_type_is_not_put_aside() -> None:
    tool, _, reply = OfflineRouter().route("세이지메이커 학습 돌려줘 g5.2xlarge로.. 아니 p3dn가 낫나? 암튼 ㄱ")
    assert tool is None and reply
