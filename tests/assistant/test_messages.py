"""One message catalog: every sentence the product writes for people (marked `t(...)` in the code, and the faces'
own sentences) has its Korean, with the same placeholders; operation texts come out in Korean line by line."""
from __future__ import annotations

import ast
import string
from pathlib import Path

from assistant.messages import PHRASES, catalog, localize, say
from tests.conftest import ROOT


def _marked() -> dict[str, str]:
    found = {}
    for package in ("assistant", "tools", "training", "serving"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                    argument = node.args[0]
                    assert isinstance(argument, ast.Constant), f"{path}:{node.lineno}: t() needs a literal template"
                    found[argument.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def _fields(template: str) -> set[str]:
    return {field.split(":")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_marked_sentence_has_its_korean_with_the_same_placeholders() -> None:
    korean = catalog("ko")
    marked = _marked()
    assert len(marked) > 150
    missing = {template: where for template, where in marked.items() if template not in korean}
    assert missing == {}
    for english in [*marked, *PHRASES.values()]:
        assert _fields(korean[english]) == _fields(english), english


def test_operation_texts_and_errors_come_out_in_korean() -> None:
    english = ("Would remove, in this order:\nstop training_job train-1\ndelete inference_component kosum-ic "
               "(1.51 USD/h)\ndelete every object under s3://b/kosum/x/")
    assert localize(english, "ko") == ("다음 순서로 정리합니다:\n학습 작업 train-1 중지\n추론 컴포넌트 kosum-ic 삭제 "
                                       "(시간당 1.51 USD)\ns3://b/kosum/x/ 아래의 모든 객체 삭제")
    error = ("Failed: AWS is throttling requests while deleting endpoint kosum-ep: Rate exceeded — wait a minute and "
             "run the command again")
    assert localize(error, "ko") == ("실패: 엔드포인트 kosum-ep 삭제 중 AWS가 요청을 제한하고 있습니다: Rate exceeded — "
                                     "1분쯤 기다렸다가 명령을 다시 실행하세요")
    job = ("train-1 [local, 2 GPU(s), replicate] running: step 3/36, loss 7.9000, eval loss -, 1200 tokens/s, ETA 40s\n"
           "  model: /runs/train-1/merged")
    assert localize(job, "ko") == ("train-1 [로컬, GPU 2개, 복제] 실행 중: 3/36 스텝, 손실 7.9000, 검증 손실 -, "
                                   "초당 1200 토큰, 남은 시간 40초\n  모델: /runs/train-1/merged")
    assert localize("a line the catalog does not know", "ko") == "a line the catalog does not know"
    assert localize(english, "en") == english


def test_the_faces_sentences_in_both_languages() -> None:
    for key in PHRASES:
        values = {"count": 1, "reason": "x", "usd": "1.00", "seconds": 3, "name": "ml.x", "nearest": "ml.y"}
        assert say(key, "en", **values) != say(key, "ko", **values)
    assert "할 수 있는 일" in say("help", True) and say("help", False).startswith("I can")


def test_the_catalog_file_is_the_gettext_po_format() -> None:
    from babel.messages.pofile import read_po

    path = ROOT / "assistant" / "locale" / "ko" / "LC_MESSAGES" / "kosum.po"
    with Path(path).open("rb") as handle:
        parsed = read_po(handle)
    assert parsed.locale.language == "ko" and len(parsed) == len(catalog("ko"))


def test_the_data_source_is_named_in_the_users_language() -> None:
    from tests.assistant.conftest import agent_events

    results = [e["tool_result"] for e in agent_events("연습용 샘플 데이터를 준비해 주세요", "source") if "tool_result" in e]
    assert results and results[0].startswith("Prepared bundled sample → ")
    assert localize(results[0], "ko").startswith("내장 샘플 데이터를 준비했습니다 → ")
    from training.data import BUNDLED_SAMPLE

    results = [e["tool_result"] for e in agent_events(f"{BUNDLED_SAMPLE} 폴더로 데이터 준비해줘", "folder")
               if "tool_result" in e]
    assert results and localize(results[0], "ko").startswith(f"로컬 폴더 {BUNDLED_SAMPLE} 데이터를 준비했습니다 → ")
