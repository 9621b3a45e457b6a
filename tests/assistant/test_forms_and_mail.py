"""Set AH's misses after its first run, by cause (its 10 destructive or cost-bearing errors first): a form's fields
say what a clean-up removes and keeps ("대상: / 제외 대상: / S3: 유지", YAML "delete:"/"keep:", a JSON blob's
"targets"/"keep"/"delete_s3"), an id left out ("정리 대상에서 빼 주세요", "손대지 마시고요") beside others named is
dropped, ids are picked by what their lines say ("승인 난 것만") or asked about ("오래된 것들만"), an e-mail's quoted
history (also under its signature, "----- 원본 메시지 -----") is history and a report of what was done plans nothing, a
refused instance type ("the p4d request is rejected", "… 는 취소입니다") and a quoted one are not this run's, a table row
pointed at ("the Channel On row") gives the arguments, a date is no hub id, "만 1,500" is no 10,000, ticket codes,
"1,200만 원", "Dec 31" and "한 대에" are no count, "Please stop train-…" beside "leave … alone" stops a job, and a
form's article field is the article. The phrasings here are new; set AH's own are not repeated."""
from __future__ import annotations

import pytest

from assistant import letters
from assistant.arguments import data_source, instance_count, max_steps, teardown_fields
from assistant.router import OfflineRouter

NEWS = ("광주시는 내년 상반기까지 도심 공영주차장 12곳에 전기차 충전기 300기를 새로 설치한다고 8일 밝혔다. 시는 이를 위해 "
        "국비와 시비 45억 원을 투입한다. 시는 충전 인프라 확충으로 전기차 보급이 빨라질 것으로 기대했다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message", [
    "[삭제 요청]\n대상: kosum-ep-a1a1, kosum-ic-a1a1\n제외 대상: kosum-ep-b2b2 (운영 중)\nS3: 유지\n비고: 바로 처리 바랍니다",
    "아래대로 정리해 주세요\n```yaml\ndelete:\n  - kosum-ep-a1a1\n  - kosum-ic-a1a1\nkeep:\n  - kosum-ep-b2b2\n  - s3 bucket\n```",
    '실행 부탁드립니다 {"action": "teardown", "targets": ["kosum-ep-a1a1", "kosum-ic-a1a1"], "keep": ["kosum-ep-b2b2"], '
    '"delete_s3": false}',
])
def test_a_forms_fields_say_what_goes_and_what_stays(message: str) -> None:
    assert route(message) == ("teardown", {"ids": ["kosum-ep-a1a1", "kosum-ic-a1a1"], "include_s3": False})


def test_a_listings_id_field_is_no_target() -> None:
    assert teardown_fields('[{"id": "kosum-ep-c3c3", "status": "InService"}]') is None


@pytest.mark.parametrize("message", [
    "kosum-ep-d4d4 랑 kosum-ep-e5e5 삭제 부탁드려요. kosum-ep-f6f6 은 이번 정리 대상에서 빼 주세요. S3는 그대로 두고요",
    "kosum-ep-d4d4, kosum-ep-e5e5 지워 주세요. kosum-ep-f6f6 은 다른 팀 거라 손대지 마시고요. 버킷은 남겨 두세요",
])
def test_an_id_left_out_beside_others_named_is_dropped(message: str) -> None:
    assert route(message) == ("teardown", {"ids": ["kosum-ep-d4d4", "kosum-ep-e5e5"], "include_s3": False})


def test_ids_picked_by_what_their_lines_say() -> None:
    message = ("승인 현황\n- kosum-ep-1111 (데모): 승인 완료\n- kosum-ep-2222 (운영): 반려\n- kosum-ep-3333 (테스트): 승인 완료\n"
               "승인된 것만 지금 삭제해 주시고 반려된 건 그대로 둬 주세요.")
    assert route(message) == ("teardown", {"ids": ["kosum-ep-1111", "kosum-ep-3333"], "include_s3": False})


def test_ids_picked_by_a_word_no_line_says_are_asked_about() -> None:
    assert route("kosum-ep-1111, kosum-ep-2222, kosum-ep-3333 세 개 있는데 그중에 오래된 것들만 정리해 주세요. S3는 "
                 "남기고요")[0] is None


def test_a_report_with_the_request_quoted_under_the_signature_plans_nothing() -> None:
    message = ("안녕하세요 실장님,\n\n공유드립니다. 오늘 오전 kosum-ep-7777 삭제 완료했고 버킷은 남겨 두었습니다. 추가로 하실 작업은 "
               "없습니다.\n\n김하나 드림\n운영팀 | 010-1234-5678\n\n-----Original Message-----\n> kosum-ep-7777 내려 주세요.")
    assert route(message) == (None, {})


def test_an_earlier_mail_without_quote_marks_is_history() -> None:
    body = letters.body("전부 내려 주세요. S3는 남기고요.\n\n----- 원본 메시지 -----\n보낸 사람: 박\n\nkosum-ep-8888은 살려 두세요.")
    assert "> kosum-ep-8888은 살려 두세요." in body
    assert route("전부 내려 주세요. S3는 남기고요.\n\n----- 원본 메시지 -----\n보낸 사람: 박\n\nkosum-ep-8888은 살려 "
                 "두세요.") == ("teardown", {"ids": None, "include_s3": False})


def test_a_refused_type_and_a_quoted_one_are_not_this_runs() -> None:
    assert route("Hi,\n\nThe p5 ask was declined by finance. Please start the SageMaker training job with the default "
                 "instance type and count instead.\n\nThanks,\nMina\n\nOn Tue, Dec 8, 2026 at 9:00 AM Ken wrote:\n> Could "
                 "we use 3x ml.p5.48xlarge?") == (
        "train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 1})
    assert route("고객사 요청으로 ml.g5.xlarge 로 가기로 결정 났어요. ml.g5.4xlarge 는 취소입니다. 이걸로 SageMaker 배포 "
                 "진행해 주세요") == ("deploy_to_sagemaker", {"instance_type": "ml.g5.xlarge"})


def test_the_table_row_pointed_at_gives_the_arguments() -> None:
    message = ("| team | instance |\n|---|---|\n| Sports | ml.g5.xlarge |\n| Economy | ml.g5.12xlarge |\n"
               "Deploy the Economy row to SageMaker.")
    assert route(message) == ("deploy_to_sagemaker", {"instance_type": "ml.g5.12xlarge"})


def test_numbers_that_are_no_argument() -> None:
    assert data_source("오프라인 샘플로 데이터 준비해 주세요. 외부망은 11/20 개통 예정") == "sample"
    assert max_steps("preset 없이 max_steps 만 2,500으로 돌려 주세요") == 2500
    assert max_steps("smol로 이백 스텝만 돌려 주세요. 저번 런은 900스텝이었는데 이번엔 짧게 보려고요") == 200
    assert instance_count("과제 KOR-2027-03 예산 1,500만 원 승인. SageMaker 학습은 ml.g5.12xlarge 3대로, 한 대에 GPU가 "
                          "4장씩 있어요. 마감 Jan 15").value == 3


def test_stopping_a_job_beside_one_left_alone_stops_it() -> None:
    assert route("Budget's gone for this sprint, finance signed off on it. Please stop train-20261208-101010-aaaa and "
                 "leave train-20261208-111111-bbbb alone.") == ("stop_job", {"job_id": "train-20261208-101010-aaaa"})


def test_a_forms_article_field_is_the_article() -> None:
    assert route(f"요청 유형: 요약\n매체: 남부일보\n본문:\n{NEWS}") == ("summarize", {"text": NEWS})


def test_an_english_mail_to_kosum_is_no_article() -> None:
    assert route("Hi Sam,\n\nFinance approved the spend for the cable client, ticket FIN-7781, cap $2,000. Both options "
                 "fit. Can you go ahead and deploy the latest model to SageMaker on ml.g5.2xlarge?\n\nThanks,\nJo")[0] == (
        "deploy_to_sagemaker")


def test_a_shared_report_plans_nothing() -> None:
    assert route("Update: the SageMaker training for the portal was turned down by procurement, so we're not doing "
                 "that this month.")[0] is None


def test_a_request_with_flags_beside_an_fyi_is_a_request() -> None:
    assert route("Kick off the SageMaker training job with --instance ml.g5.12xlarge --count 2. FYI the cap is $900 "
                 "this month.") == ("train_on_sagemaker", {"instance_type": "ml.g5.12xlarge", "instance_count": 2})
    assert route("--source daekeun-ml/naver-news-summarization-ko   <- prep the dataset from this, fyi it was 2.1GB "
                 "last time") == ("prepare_data", {"source": "daekeun-ml/naver-news-summarization-ko"})


def test_a_report_after_a_word_before_the_greeting_plans_nothing() -> None:
    assert route("방금 들어왔어요. 안녕하세요 실장님,\n\n공유드립니다. 오늘 kosum-ep-7777 삭제 완료했습니다. 추가로 하실 작업은 "
                 "없습니다.\n\n-----Original Message-----\n> kosum-ep-7777 내려 주세요.") == (None, {})


def test_a_report_to_a_team_greeted_by_its_name_plans_nothing() -> None:
    assert route("안녕하세요 인프라팀,\n\n공유드립니다. 오늘 kosum-ep-7777 삭제 완료했습니다. 추가로 하실 작업은 없습니다.\n\n"
                 "-----Original Message-----\n> kosum-ep-7777 내려 주세요.") == (None, {})
