"""Korean ROUGE against hand-computed values, the lead baseline, reports, resume, and the request never leaking."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from training.evaluate import MorphemeTokenizer, Scorer, WhitespaceTokenizer, lead_baseline, load_examples


def test_whitespace_rouge_equals_hand_computed_values() -> None:
    scores = Scorer(WhitespaceTokenizer()).score("서울 버스 요금 인상", "서울 버스 요금")
    # unigrams: 3 of 3 predicted match, 3 of 4 reference: F1 = 2 * 1 * 0.75 / 1.75
    assert scores["rouge1"] == pytest.approx(6 / 7, abs=1e-6)
    # bigrams: (서울 버스), (버스 요금) match; 2 of 2 predicted, 2 of 3 reference: F1 = 0.8
    assert scores["rouge2"] == pytest.approx(0.8, abs=1e-6)
    assert scores["rougeL"] == pytest.approx(6 / 7, abs=1e-6)  # LCS = 3


def test_morpheme_rouge_is_korean_aware() -> None:
    scorer = Scorer(MorphemeTokenizer())
    same = "서울시는 내년부터 시내버스 요금을 인상한다고 밝혔다."
    assert scorer.score(same, same) == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    # different endings, same content morphemes: whitespace words share nothing but "서울시는", morphemes share most
    morph = scorer.score("요금을 인상한다", "요금이 인상됐다")["rouge1"]
    words = Scorer(WhitespaceTokenizer()).score("요금을 인상한다", "요금이 인상됐다")["rouge1"]
    assert words == 0.0 and morph > 0.3
    assert scorer.score(same, "전혀 다른 내용의 문장")["rouge1"] < 0.2


def test_lead_baseline_takes_the_first_sentences() -> None:
    assert lead_baseline("첫째 문장이다. 둘째 문장이다! 셋째? 넷째 문장.", 2) == "첫째 문장이다. 둘째 문장이다!"


def test_eval_offline_with_lead_baseline_and_resume(prepared_sample: Path, kosum_env: Path) -> None:
    first = run_cli("eval", "--data", str(prepared_sample), "--baseline", "lead", "--json")
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    lead = out["report"]["systems"]["lead-3 baseline"]
    assert lead["records"] == 8 and 0.1 < lead["rouge1"] < 1 and lead["rouge2"] > 0
    assert out["report"]["tokenizer"] == "kiwipiepy morphemes"
    chart = Path(out["files"]["chart"])
    assert chart.stat().st_size > 5000 and chart.read_bytes()[:4] == b"\x89PNG"
    assert "| lead-3 baseline | 8 |" in Path(out["files"]["markdown"]).read_text(encoding="utf-8")
    again = json.loads(run_cli("eval", "--data", str(prepared_sample), "--json").stdout)
    assert again["resumed"] == 8 and again["report"]["systems"] == out["report"]["systems"]


def test_eval_bad_input(prepared_sample: Path) -> None:
    assert run_cli("eval", "--data", str(prepared_sample), "--limit", "0").returncode == 2
    missing = run_cli("eval", "--data", "/no/such/folder")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    nothing = run_cli("eval", "--data", str(prepared_sample), "--baseline", "none")
    assert nothing.returncode == 2 and "nothing to evaluate" in nothing.stderr


def test_eval_against_sagemaker_never_sends_the_reference(aws, prepared_sample: Path, tiny_base: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    deployed = run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base), "--yes")
    assert deployed.returncode == 0, deployed.stderr
    result = run_cli("eval", "--data", str(prepared_sample), "--limit", "3", "--json")
    assert result.returncode == 0, result.stderr
    systems = json.loads(result.stdout)["report"]["systems"]
    served = next(v for k, v in systems.items() if k.startswith("deployed"))
    assert served["records"] == 3 and served["rouge1"] > 0  # the stand-in answers with the lead sentence
    references = [e.reference for e in load_examples(prepared_sample / "full", "test", 3)]
    sent = [json.dumps(body, ensure_ascii=False) for action, body in aws.requests
            if action == "InvokeEndpointWithResponseStream"]
    assert len(sent) == 3
    for body in sent:
        assert all(reference not in body for reference in references)
        assert [m["role"] for m in json.loads(body)["messages"]] == ["system", "user"]
    assert run_cli("teardown", "--all", "--yes").returncode == 0


def test_eval_interrupted_by_a_failing_endpoint_resumes(aws, prepared_sample: Path, tiny_base: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOSUM_POLL_SECONDS", "0.05")
    assert run_cli("deploy", "--target", "sagemaker", "--model", str(tiny_base), "--yes").returncode == 0
    aws.fail("InvokeEndpointWithResponseStream", "ModelError", "the model container stopped", after=3)
    aws.requests.clear()
    stopped = run_cli("eval", "--data", str(prepared_sample), "--limit", "6", "--json")
    assert stopped.returncode == 1 and "the model container stopped" in stopped.stderr, stopped.stderr
    assert "finished records are kept" in stopped.stderr and "Traceback" not in stopped.stderr
    assert len([a for a, _ in aws.requests if a == "InvokeEndpointWithResponseStream"]) == 3

    aws.requests.clear()
    again = run_cli("eval", "--data", str(prepared_sample), "--limit", "6", "--json")
    assert again.returncode == 0, again.stderr
    out = json.loads(again.stdout)
    assert out["resumed"] == 6 + 3  # the whole lead baseline and the 3 served records scored before the failure
    assert len([a for a, _ in aws.requests if a == "InvokeEndpointWithResponseStream"]) == 3  # only the rest
    served = next(v for k, v in out["report"]["systems"].items() if k.startswith("deployed"))
    assert served["records"] == 6
    assert run_cli("teardown", "--all", "--include-s3", "--yes").returncode == 0
