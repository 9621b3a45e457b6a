"""A clean-up never deletes what the user said to keep: every negation and prohibition form keeps S3 (Korean and
English), the affirmative forms delete it, an unclear or contradicted one is asked about, and the approval card says
which in the user's language."""
from __future__ import annotations

import pytest

from assistant.messages import localize
from assistant.router import OfflineRouter
from tests.assistant.conftest import approval_card

KEEPS_S3 = [
    "엔드포인트랑 학습잡 다 내려. S3는 건드리지 마",  # -지 마, 건드리지
    "S3는 지우지 말고 다 정리해줘",  # 말고 (after a verb)
    "S3 말고 나머지 싹 정리해줘",  # 말고 (after the noun)
    "s3 빼고 전부 삭제해줘",  # 빼고
    "버킷 데이터는 남기고 나머지 리소스 전부 삭제해주세요",  # 남기고
    "아티팩트는 두고 엔드포인트만 지워줘",  # 두고
    "S3는 지우지 않게 정리해줘",  # 않
    "S3 제외하고 리소스 삭제",  # 제외
    "다 정리해줘 근데 S3 데이터는 놔둬",  # 놔두
    "S3 없이 정리만 해줘",  # 없이
    "S3 데이터 남겨둔 채로 다 꺼줘",
    "청소 좀 해줘 S3는 말고",
    "don't touch s3, remove the rest",  # don't
    "tear down everything except s3",  # except
    "delete everything but keep the s3 bucket",  # keep
    "leave the artifacts alone and delete the endpoint",  # leave
    "without s3, shut everything down",  # without
    "remove all resources, but not the bucket",  # but not
    "remove all but the s3 artifacts",
    "please don't delete s3 but remove everything else",
    "버킷 삭제는 빼고 나머지 리소스 정리해 주세요",  # an action noun left out (삭제는 빼고)
    "S3 정리 안 하고 엔드포인트만 지워",  # an action noun negated (정리 안 하고)
    "S3 파일 삭제 말고 엔드포인트 삭제만",  # 삭제 말고
    "S3 제거 없이 리소스 다 내려",  # 제거 없이
    "S3 비우기 없이 엔드포인트만 내려줘",  # a verb made a noun (비우기 없이)
    "clean everything up without wiping the bucket",  # without + a gerund
    "tear it all down except for the S3 data",  # except for
    "전부 지워줘 but not S3",  # English words in a Korean message
    "다 정리해 줘 except for the bucket",
]
DELETES_S3 = ["S3까지 다 지워", "S3 포함해서 전부 날려줘", "버킷도 비우고 엔드포인트도 지워줘", "모든 리소스 삭제 (S3 포함)",
              "S3 버킷이랑 다 지워줘", "clean up all, s3 included", "wipe it all incl. the bucket",
              "delete the endpoint, and s3 too", "delete everything including the s3 artifacts",
              "S3 삭제 포함해서 다 정리", "S3 비우기까지 해서 다 정리해", "다 정리해, including S3",
              "S3 삭제 외에 엔드포인트도 지워"]  # 외에 after an action noun: besides, not without
UNCLEAR = ["S3는 지워도 되고 안 지워도 되고… 일단 정리해", "S3 지워 아니 남겨 음 정리해줘", "S3는... 모르겠다 일단 다 지워",
           "데이터까지 다 지워줘", "delete everything, s3 maybe",
           # S3 as the subject of a clause of its own, in a word the brain does not know: it does not continue the verb
           # before it ("remove everything, s3 ..." would delete S3), so the brain asks
           "wipe all the endpoints, the bucket is sacred", "remove everything, s3 must survive the cleanup"]


@pytest.mark.parametrize("message", KEEPS_S3)
def test_every_negation_form_keeps_s3(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


@pytest.mark.parametrize("message", DELETES_S3)
def test_asked_for_s3_is_deleted(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message", UNCLEAR)
def test_unclear_or_contradicted_s3_is_asked_about(message: str) -> None:
    tool, args, reply = OfflineRouter().route(message)
    assert tool is None and args == {} and "S3" in reply, reply


@pytest.mark.parametrize("message", ["아무것도 지우지 마", "정리하지 마", "S3는 건드리지 마", "don't delete anything",
                                     "엔드포인트 지우지 마", "세이지메이커는 아직 쓰지 마", "don't deploy to sagemaker",
                                     "엔드포인트는 남기고 다 지워"])
def test_a_prohibition_or_a_kept_resource_plans_nothing(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and reply


def test_the_approval_card_says_whether_s3_is_kept_or_deleted(stored_run: str) -> None:
    kept = localize(approval_card("엔드포인트랑 학습잡 다 내려. S3는 건드리지 마", "keep"), "ko")
    assert "S3 데이터: 남김" in kept and stored_run not in kept and "kosum-hf-token" in kept
    deleted = localize(approval_card("S3까지 다 지워", "delete"), "ko")
    assert "S3 데이터: 삭제" in deleted and f"{stored_run} 아래의 모든 객체 삭제" in deleted


@pytest.mark.parametrize("message, tool", [("과금 안되게 다 꺼줘", "teardown"), ("비용 안 나가게 정리해줘", "teardown"),
                                           ("세이지메이커는 쓰지 말고 로컬에서 학습해줘", "start_training")])
def test_a_negated_aim_or_alternative_is_not_a_prohibition(message: str, tool: str) -> None:
    assert OfflineRouter().route(message)[0] == tool


ASKED_OR_HANDED_OVER = [  # the S3 choice asked about, doubted or left to the assistant: asked back, never guessed
    "정리해줘. 버킷은 지울지 말지 네가 판단해", "다 정리해, S3는 알아서", "엔드포인트 내려 주고 S3는 봐서 해",
    "버킷은 네 판단으로 비워 줘", "S3는 네가 결정해서 정리해",
    "전부 지워줘 그런데 버킷도 비워야 하나?", "clean everything up, s3 up to you", "delete all resources; s3 — your call",
    "tear everything down, not sure about s3", "wipe everything - the bucket? dunno",
]


@pytest.mark.parametrize("message", ASKED_OR_HANDED_OVER)
def test_an_s3_choice_asked_about_or_handed_over_is_asked_back(message: str) -> None:
    tool, args, reply = OfflineRouter().route(message)
    assert tool is None and args == {} and "S3" in reply, reply


@pytest.mark.parametrize("message", ["S3 삭제는 보류하고 엔드포인트만 정리해줘", "버킷은 나중에 지우고 나머지 다 내려줘",
                                     "S3 지우는 건 미루고 다 정리", "clean up now but postpone deleting the bucket",
                                     "delete everything, s3 later"])
def test_a_deletion_put_off_keeps_s3(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


@pytest.mark.parametrize("message", ["S3도 지워줄래?", "can you delete everything including s3?",
                                     "S3까지 다 지워 줄 수 있어?"])
def test_a_request_put_as_a_question_still_deletes_s3(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message", ["S3는 안 지워도 괜찮아. 엔드포인트만 내려줘", "버킷은 안 비워도 돼, 나머지 정리해줘"])
def test_no_need_to_delete_keeps_s3(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


def test_permission_to_delete_is_asked_back() -> None:
    assert OfflineRouter().route("S3는 지워도 돼. 다 정리해줘")[0] is None


@pytest.mark.parametrize("message", ["delete every endpoint and the checkpoints stored in S3",
                                     "remove the endpoint, the job and the files in the bucket"])
def test_things_kept_on_s3_go_with_the_verb_that_removes_them(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message", [
    "엔드포인트 다 정리하고 S3는 이번에 패스할게요", "정리해, 버킷은 스킵",  # 패스 / 스킵: skipped
    "다 정리해줘. S3 아티팩트는 재학습용이니까 건드리지 마",  # the reason goes on to the verb that keeps it
    "싹 지워 주세요, 버킷 데이터는 다음 달에 다시 쓸 거라 살려 두고요",
    "다 정리해 주세요. 단 S3는 지우면 안 돼요", "전부 내려. 버킷은 삭제하면 곤란해",  # "-면 안 돼": must not
    "tear everything down, the bucket is untouchable", "delete all kosum resources; s3 is still in use",
])
def test_s3_said_to_stay_in_other_words_is_kept(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


@pytest.mark.parametrize("message", ["엔드포인트랑 버킷까지 아무것도 남기지 말고 싹 지워", "S3 데이터 하나도 남기지 말고 전부 삭제해 주세요"])
def test_nothing_left_then_deleted_deletes_s3(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message", ["S3는 남기지 말고 엔드포인트만 지워",  # not kept, yet only the endpoint goes
                                     "리소스 다 내려줘. 근데 S3 데이터 아직 필요한 사람 있나..."])  # a request and a doubt
def test_s3_left_open_beside_a_clean_up_is_asked_about(message: str) -> None:
    tool, args, reply = OfflineRouter().route(message)
    assert tool is None and args == {} and "S3" in reply, reply


def test_a_reason_that_leaves_a_resource_running_does_not_keep_it() -> None:
    message = "엔드포인트를 안 꺼서 어제 요금이 많이 나왔어요. 이제 다 정리해 주세요"
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": False}, None)


# Round 11: shorthand, emoji verbs, double negatives and regional endings
def test_shorthand_and_regional_speech_read_as_standard_korean() -> None:
    from assistant.korean import in_hangul

    assert in_hangul("다 지워ㅇㅇ\n버킷은 ㄴㄴ") == "다 지워 응\n버킷은 빼고"
    assert in_hangul("전부🗑️ ㄱㄱ").startswith("전부 삭제")
    assert in_hangul("세이지메아커로 학습") == "세이지메이커로 학습"
    assert in_hangul("로그도 안 지우면 안 돼") == "로그도 꼭 지워야 돼"
    assert in_hangul("싹 다 지아뿌라") == "싹 다 지워 버려"
    assert in_hangul("다 치워부러. 근디 버킷은 냅둬") == "다 치워 버려. 근데 버킷은 놔둬"


def test_s3_shorthand_no_keeps_it() -> None:
    from assistant.router import OfflineRouter

    assert OfflineRouter().route("급함\n싹다삭제ㅇㅇ\n버킷은 ㄴㄴ") == ("teardown", {"ids": None, "include_s3": False}, None)
    assert OfflineRouter().route("S3도 안 지우면 안 돼. 전부 정리해줘") == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message, ids", [
    ("kosum-ep-0612 랑 ic-kosum-llama3 삭제. s3는 건드리지 말 것", ["kosum-ep-0612", "ic-kosum-llama3"]),  # -ㄹ 것
    ("kosum-ep-0611만 삭제하고 버킷은 건드리지 마", ["kosum-ep-0611"]),  # 삭제하고: Kiwi's particle 하고
    ("이제 cleanup 해주세요. 근데 S3에 있는 checkpoint들은 다시 볼 수도 있어서 keep 해주세요", None),
    ("엔드포인트 내리고 S3도 같이… 아 아니다, S3는 놔둬요. 엔드포인트만", None),  # the later keep wins
])
def test_a_keep_form_keeps_s3_and_the_clean_up_is_planned(message: str, ids: list[str] | None) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": ids, "include_s3": False}, None)


@pytest.mark.parametrize("message", [
    "이제 전부 정리해주세요. 데이터 버킷도 더는 안 쓰니까 같이 지워도 됩니다",  # included, permission said as the request
    "teardown all. s3 too, bucket's already backed up to glacier",  # a comment on the bucket says nothing against it
])
def test_s3_included_by_consent_is_deleted(message: str) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": None, "include_s3": True}, None)


@pytest.mark.parametrize("message", [
    "정리 좀 해주세요. 근데 S3 보관 비용도 은근 나오던데 그걸 지울지 말지는… 팀장님 답을 아직 못 받았어요",  # an anaphor
    "이제 다 내려도 될 것 같은데… S3까지 지울지는 팀장님한테 여쭤봐야 해서 잘 모르겠네요",  # -ㄹ지 read as a final ending
    "정리는 해주세요. 근데 데이터 저장소는 어쩌지… 모르겠네",  # 저장소 is S3
])
def test_s3_left_open_by_an_indirect_question_is_asked_about(message: str) -> None:
    tool, _, reply = OfflineRouter().route(message)
    assert tool is None and "S3" in reply


@pytest.mark.parametrize("message, ids", [
    ("돈나가는거 다 지워줘ㅜ s3는 건들지 말구", None),  # 건들다, said for 건드리다
    ("inference component `ic-kosum-7f2a`랑 endpoint `ep-kosum-7f2a` 두 개 delete 해주세요. S3 data는 keep.",
     ["ic-kosum-7f2a", "ep-kosum-7f2a"]),  # "keep." glued to its full stop
    ("cleanup 해주세요. S3 is fine to keep though, retrain 할 때 다시 쓸 거라서", None),
    ("아까 list 결과 붙여요\n- endpoint  kosum-ep-0611a  InService\n- inference-component  kosum-ic-0611a  InService\n"
     "- s3 bucket  kosum-data-7f3e\n여기서 ic랑 endpoint만 delete 해주시고 bucket은 냅둬주세요",
     ["kosum-ep-0611a", "kosum-ic-0611a"]),  # a pasted row's S3 is no request; two kinds joined, singled out
])
def test_more_keep_forms_and_pasted_rows_keep_s3(message: str, ids: list[str] | None) -> None:
    assert OfflineRouter().route(message) == ("teardown", {"ids": ids, "include_s3": False}, None)
