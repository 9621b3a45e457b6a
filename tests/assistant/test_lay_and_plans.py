"""Set AB's misses after its first run, by cause: lay words for the steps (assistant/lay.py: "컴퓨터한테 가르치기",
"인터넷에 띄워서", "아마존 클라우드", "점수 매기기", "grade it"), a correction of an id's neighbour read as the id's
("X 지워주세요. 아 그리고 S3도.. 아니 아니다, S3는 그냥 둘게요": the one destructive error), "잘못 봤네요" as a
correction of a number, what the speaker found ("-더라") or does not follow ("뭔 말인지 모르겠어요") as no request,
"…돌려서 안 터지는지 보자" as one, a filler "뭐" as no question, counts that exist, give a reason or are to be looked at
later ("3,000개쯤 있는데", "2,200건이라", "상위 3개 보려면") as no limit, "50 of them", a comma after an action noun
ending its clause, what was done before as no place, a colon ending a lead-in, and articles under or over a long
remark or in ASCII quotes. The phrasings here are new; set AB's own are not repeated."""
from __future__ import annotations

import pytest

from assistant import lay, questions
from assistant.arguments import article, include_s3, record_limit, resource_ids
from assistant.router import OfflineRouter

NEWS = ("서울시는 내년부터 심야 버스 노선을 12개 늘리기로 했다. 새 노선은 강남과 여의도를 중심으로 운영된다. "
        "시는 연간 운영비가 약 40억 원 들 것으로 추산했다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message, plain", [
    ("컴퓨터한테 기사 읽는 법 가르치고 있는 거", "컴퓨터한테 기사 읽는 법 학습시키고 있는 거"),
    ("아마존 클라우드에서 해 주세요", "AWS에서 해 주세요"), ("점수 매기는 거 해줘", "평가 해줘"),
    ("can you grade it on 20 articles", "can you evaluate it on 20 articles"),
    ("사용법 좀 가르쳐 주세요", "사용법 좀 가르쳐 주세요"),  # teach me: an explanation, left as it is
])
def test_lay_words_read_as_the_products(message: str, plain: str) -> None:
    assert lay.plain(message) == plain


@pytest.mark.parametrize("message, tool, args", [
    ("집 컴퓨터가 너무 뜨거워서요, 지금 가르치고 있는 거 잠깐 멈춰 주세요. 지우지는 말고요", "stop_job", {}),
    ("부장님이 아마존 클라우드에서 가르치라고 하셨어요. g5.12xlarge 한 대로 해 달래요. 전 뭔 소린지 모르겠어요 ㅎㅎ",
     "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1}),
    ("기사 줄여주는 프로그램을 인터넷에 띄워 주세요. 아마존 쪽에 올리는 걸로요. 기계는 뭐 기본으로 해 주시면 돼요",
     "deploy_to_sagemaker", {"instance_type": "ml.g5.2xlarge"}),
    ("기사 줄여주는 거 인터넷에 올려 주세요... 아 아니 그게 아니고, 그냥 이 컴퓨터에서만 켜 주세요", "deploy", {}),
    ("점수 매기는 거 한번 돌려 주세요. 보관함에 기사가 5,000건 정도 있는데 그건 상관없어요", "evaluate", {}),
])
def test_a_volunteers_lay_words_ask_for_the_step(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_a_correction_of_s3_does_not_take_the_id_back() -> None:
    """The set's one destructive error: the id was dropped and everything was planned for removal."""
    assert resource_ids("kosum-ep-71aa 지워 주세요. 그리고 버킷도.. 아 아니다, 버킷은 남겨 주세요") == (["kosum-ep-71aa"], False)
    assert resource_ids("kosum-ep-71aa 지워 주세요. 아 아니다, 그건 그냥 두세요") == (None, False)


def test_i_misread_corrects_the_number_before_it() -> None:
    assert route("로컬 학습 시작해 주세요. 스텝은 이천... 죄송해요 제가 잘못 봤어요, 메모엔 삼백이네요. 그걸로요") == (
        "start_training", {"max_steps": 300})


def test_what_was_found_or_not_followed_is_no_request() -> None:
    assert route("p4d.24xlarge가 시간당 30달러 넘더라. tiny로 스무 스텝만 돌려서 에러 안 나는지 보자.") == (
        "start_training", {"preset": "tiny", "max_steps": 20})
    assert route("켜진 거 있는지 보자")[0] == "list_resources"  # only looking: what exists
    assert not questions.read("tiny로 스무 스텝만 돌려서 에러 안 나는지 보자.").asks  # run, then see: a request


def test_a_filler_what_asks_nothing() -> None:
    assert not questions.read("인스턴스는 뭐 기본으로 해 주시면 돼요").asks


@pytest.mark.parametrize("message, limit", [
    ("이제 평가해 줘. 테스트셋이 1,800건이라 오래 걸리니까 오십 개만.", 50),
    ("오류 사례 하위 5개 보려면 점수가 있어야 해. 테스트 120건만 평가 돌려 줘.", 120),
    ("Can you score it on the test articles? Use 80 of them.", 80),
])
def test_a_count_of_a_reason_or_of_what_to_look_at_is_no_limit(message: str, limit: int) -> None:
    assert route(message) == ("evaluate", {"limit": limit})


def test_a_count_of_what_exists_is_no_limit() -> None:
    assert record_limit("기사가 4,000개쯤 있는데 그거랑 상관없이 평가해 주세요") is None


def test_a_comma_after_an_action_noun_ends_its_clause() -> None:
    assert include_s3("엔드포인트 전부 삭제, S3 버킷은 건드리지 말고.") is False
    assert route("치우자. 엔드포인트랑 학습 잡 전부 삭제, 버킷 데이터는 손대지 말고. 다음 주에 또 써.") == (
        "teardown", {"ids": None, "include_s3": False})


def test_what_was_done_before_names_no_place() -> None:
    assert route("로컬 TGI로 해봤는데 지연이 2초 나왔어. 세이지메이커에 올리자, ml.g5.4xlarge로.") == (
        "deploy_to_sagemaker", {"instance_type": "ml.g5.4xlarge"})


def test_a_lead_in_before_a_colon_is_no_part_of_the_question() -> None:
    assert route("Before I decide whether to kill the other run: is anything training right now?") == ("job_status", {})


@pytest.mark.parametrize("message", [
    NEWS + "\n\n이거 짧게 줄여 주실래요? 🙏 요즘 글씨가 잘 안 보여서요",
    "Quick check before our board call about the 0.38 ROUGE-L we saw. Summarize this:\n" + NEWS + "\nTell me if it keeps the cost.",
    "대표님이 보내신 기사예요. 한 문단으로 요약해 주실 수 있을까요? '" + NEWS + "' 감사합니다!",
])
def test_an_article_beside_a_long_remark_or_in_quotes_is_found(message: str) -> None:
    assert article(message) == NEWS


def test_a_quoted_instruction_is_no_article() -> None:
    assert route("Silly question, but the handout says: 'Run a local fine-tune with the smol preset for 40 steps.' "
                 "Could you start that for me?") == ("start_training", {"preset": "smol", "max_steps": 40})


def test_a_setting_given_in_a_condition_asks_nothing_done() -> None:
    """Found by the invariance check once set AB joined: "teardown에 include_s3=false 주면 … 남는 거야? 실행은 말고
    설명만 덕분에 살았어요." planned the clean-up: 주- of "주면" (if I give) was read as a request's."""
    assert route("cleanup에 include_s3=false 주면 데이터도 남아?")[0] is None
