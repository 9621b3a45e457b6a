"""Set AD's misses after its first run, by cause: standup notes ("어제: … / 오늘: … / 이슈: …") whose done items are
context and whose today's item "오늘 거" points to, checklists with "[x]"/"[ ]" or "✅"/"⬜" boxes (the open item, or the
one "#3" or "3번" names), a to-do item's "-기" with a bracketed note on S3 ("내리기 (S3는 건드리지 마세요)"), a quota's
value and an instance's GPUs ("4x 24GB") as no count, a summary asked under checked items or before "ㅋㅋ", the
architect's "nuke" and "decom", an English removal verb in a Korean sentence, and a reply agreeing to a relayed instruction ('SA: "…"\n→ 동의합니다 그렇게 ㄱㄱ').
The phrasings here are new; set AD's own are not repeated."""
from __future__ import annotations

import pytest

from assistant import structure, threads
from assistant.arguments import forbids_only, instance_count
from assistant.router import OfflineRouter

NEWS = ("부산시는 내년 봄부터 해운대 일대에서 자율주행 셔틀버스를 시범 운행한다고 10일 밝혔다. 셔틀은 하루 12회 운행하며 "
        "요금은 무료다. 시는 안전 요원을 함께 태워 운행 데이터를 모은 뒤 노선 확대 여부를 정할 계획이다.")


def route(message: str) -> tuple:
    return OfflineRouter().route(message)[:2]


@pytest.mark.parametrize("message, tool, args", [
    ("어제: llama3-8b 프리셋으로 로컬 학습 시도 (OOM) / 오늘: tiny 프리셋으로 200스텝 / 이슈: 없음\n오늘 거 부탁",
     "start_training", {"preset": "tiny", "max_steps": 200}),
    ("어제: 세이지메이커 학습 끝 / 오늘: 로컬에서 smol로 다시 학습 / 블로커: 없음\n오늘 거 시작해 주세요",
     "start_training", {"preset": "smol"}),
    ("Yesterday: kicked off train-20261214-090000-ab12 on the team box. Today: check on it. Blockers: none",
     "job_status", {"job_id": "train-20261214-090000-ab12"}),
])
def test_a_standups_done_items_are_context_and_todays_is_asked(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_standup_notes_without_a_today_label_are_left_as_they_are() -> None:
    message = "어제 건 끝났어요 / 이슈: 없음"
    assert structure.standup_request(message) == message


@pytest.mark.parametrize("message, tool, args", [
    ("[x] 1. 환경 세팅\n[ ] 2. smol 로컬 학습 (스텝 백 번)\n[ ] 3. 배포\n2번 해주세요", "start_training",
     {"preset": "smol", "max_steps": 100}),
    ("[x] 1. data ready\n[x] 2. smoke test\n[ ] 3. evaluate on 40 articles\nplease take #3", "evaluate", {"limit": 40}),
    ("✅ 학습\n✅ 병합\n⬜ 세이지메이커 배포 (ml.g5.4xlarge)\n남은 거 해 주세요", "deploy_to_sagemaker",
     {"instance_type": "ml.g5.4xlarge"}),
    ("✅ 평가\n⬜ 엔드포인트 kosum-ep-4e5f 내리기 (버킷은 남겨 두세요)", "teardown",
     {"ids": ["kosum-ep-4e5f"], "include_s3": False}),
    ("[x] adapter merged into ./outputs/merged-7\n[ ] serve it on this box <- now please", "deploy",
     {"model": "./outputs/merged-7"}),
])
def test_a_checklists_open_or_named_item_is_the_request(message: str, tool: str, args: dict) -> None:
    assert route(message) == (tool, args)


def test_a_to_do_items_bracketed_note_on_s3_negates_only_s3() -> None:
    assert not forbids_only("엔드포인트 전부 내리기 (S3는 손대지 마세요)")
    assert forbids_only("S3 비우기 (하지 마세요)")  # no topic of its own in the bracket: the item itself is forbidden
    assert route("리소스 전부 정리하기 (S3는 손대지 마세요)") == ("teardown", {"ids": None, "include_s3": False})
    assert route("S3 비우기 (하지 마세요)")[0] is None


@pytest.mark.parametrize("message", [
    "SageMaker training on ml.g5.12xlarge (4x 24GB), default count", "쿼터 6대까지 승인됨. 세이지메이커에서 ml.g5.12xlarge로 학습"])
def test_a_quota_or_an_instances_gpus_are_no_count(message: str) -> None:
    assert instance_count(message).value is None


@pytest.mark.parametrize("message", [f"[x] 기사 고르기\n[ ] 요약 ↓\n{NEWS}", f"요것 핵심만 골라 줘요 ㅎㅎ\n\n{NEWS}"])
def test_a_summary_asked_under_checked_items_or_before_a_laugh(message: str) -> None:
    assert route(message) == ("summarize", {"text": NEWS})


@pytest.mark.parametrize("message, args", [
    ("Architect's verdict: nuke the stack, buckets and all. We're done here.", {"ids": None, "include_s3": True}),
    ("Please decom everything except the bucket.", {"ids": None, "include_s3": False}),
    ("spin down everything but leave the bucket alone, 부탁드려요", {"ids": None, "include_s3": False}),
])
def test_the_architects_jargon_removes(message: str, args: dict) -> None:
    assert route(message) == ("teardown", args)


def test_an_english_removal_verb_negated_in_korean_removes_nothing() -> None:
    assert route("endpoint delete 말고 상태만 봐 주세요")[0] != "teardown"


def test_agreeing_to_a_relayed_instruction_asks_for_it() -> None:
    message = 'SA: "spin down everything but leave the bucket alone"\n→ 네 동의해요'
    assert threads.read(message).startswith("spin down everything but leave the bucket alone")
    assert route(message) == ("teardown", {"ids": None, "include_s3": False})
    assert threads.read('SA: "nuke it all"\n→ 저는 반대예요') == 'SA: "nuke it all"\n→ 저는 반대예요'
