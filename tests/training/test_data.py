"""Data preparation on real files: formats, cleaning, skipped records, manifest, exact prompts."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from training.data import SPLITS, clean_text, load_source, prepare, resolve_data_dir
from training.errors import BadInputError, SourceUnavailableError

SYSTEM = ("You are an AI assistant specialized in news articles.Your role is to provide accurate summaries and "
          "insights in Korean. Please analyze the given text and provide concise, informative summaries that "
          "highlight the key goals and findings.")
PREFIX = "Please summarize the goals for journalist in this text:\n\n"


def _row(doc: object, summary: object, title: str = "제목") -> dict:
    return {"date": "2026-01-01", "category": "경제", "press": "테스트", "title": title, "document": doc,
            "link": "https://example.org", "summary": summary}


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_bundled_sample_matches_workshop_format(tmp_path: Path) -> None:
    prepared = prepare("sample", tmp_path / "out", sample_size=5)
    assert prepared.counts == {"train": 24, "validation": 6, "test": 8}
    raw = (tmp_path / "out/full/train.jsonl").read_bytes()
    assert "기사".encode() not in b"\\u"  # sanity of the check below
    assert b"\\u" not in raw, "Korean must not be ASCII-escaped"
    record = _lines(tmp_path / "out/full/train.jsonl")[0]
    assert list(record) == ["messages"]
    system, user, assistant = record["messages"]
    assert system == {"role": "system", "content": SYSTEM}
    assert user["role"] == "user" and user["content"].startswith(PREFIX)
    assert assistant["role"] == "assistant" and assistant["content"]
    for split in SPLITS:
        assert len(_lines(tmp_path / f"out/sample/{split}.jsonl")) == 5
    manifest = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))
    for name, info in manifest["files"].items():
        assert hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() == info["sha256"]
    assert manifest["skipped"] == []


def test_shuffle_is_seeded_and_sample_is_first_records(tmp_path: Path) -> None:
    first = prepare("sample", tmp_path / "a", sample_size=3)
    second = prepare("sample", tmp_path / "b", sample_size=3)
    assert first.manifest["files"]["full/train.jsonl"]["sha256"] == second.manifest["files"]["full/train.jsonl"]["sha256"]
    raw_train = load_source("sample")[0]["train"]
    first_docs = {r["document"] for r in raw_train[:3]}
    sample_docs = {m["messages"][1]["content"][len(PREFIX):] for m in _lines(tmp_path / "a/sample/train.jsonl")}
    assert sample_docs == first_docs
    full_order = [m["messages"][1]["content"] for m in _lines(tmp_path / "a/full/train.jsonl")]
    assert full_order != [PREFIX + r["document"] for r in raw_train], "full set must be shuffled"


def test_messy_folder_skips_and_lists_bad_records(tmp_path: Path, tiny_base: Path) -> None:
    good = "정부가 새 정책을 발표했다. 시행은 내년부터다."
    long_doc = "가나다라마바사 " * 2000  # 16,000 characters
    rows = [
        _row("<p>서울시가 <b>공공자전거</b>를 늘린다&nbsp;&amp; 대여소도 추가한다.</p><script>x()</script>", "자전거 확대"),
        _row("", "빈 본문"),
        _row("본문은 있다", "   "),
        {"title": "요약 없음", "document": "요약 칸이 없는 기록"},
        _row(good, "정책 발표"),
        _row(good, "중복 기록"),
        _row(12345, "숫자 본문"),
        _row(long_doc, "아주 긴 기사"),
    ]
    src = tmp_path / "src"
    _write_jsonl(src / "train.jsonl", rows)
    _write_jsonl(src / "validation.jsonl", [_row("검증용 기사 본문", "검증 요약")])
    _write_jsonl(src / "test.jsonl", [_row(good, "테스트로 새어 든 중복")])
    prepared = prepare(str(src), tmp_path / "out", tokenizer=str(tiny_base), max_seq_length=1024)
    reasons = {(s["split"], s["index"]): s["reason"] for s in prepared.manifest["skipped"]}
    assert reasons == {
        ("train", 1): "empty document", ("train", 2): "empty summary", ("train", 3): "missing summary",
        ("train", 5): "duplicate of train[4]", ("train", 6): "non-text document (int)",
        ("test", 0): "duplicate of train[4]",
    }
    assert prepared.counts == {"train": 3, "validation": 1, "test": 0}
    docs = [r["messages"][1]["content"][len(PREFIX):] for r in _lines(tmp_path / "out/full/train.jsonl")]
    assert "서울시가 공공자전거 를 늘린다 & 대여소도 추가한다." in docs
    assert not any("<" in d or "&nbsp;" in d or "x()" in d for d in docs)
    stats = prepared.manifest["token_stats"]["splits"]["train"]
    assert stats["over_max_seq_length"] == 1 and stats["max"] > 1024


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_other_formats(tmp_path: Path, fmt: str) -> None:
    rows = [_row(f"{i}번째 기사 본문입니다.", f"{i}번째 요약") for i in range(6)]
    src = tmp_path / "src"
    src.mkdir()
    for split in SPLITS:
        path = src / f"{split}.{fmt}"
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(rows), path)
        else:
            path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    prepared = prepare(str(src), tmp_path / "out")
    # identical documents across splits are duplicates: only train keeps them
    assert prepared.counts == {"train": 6, "validation": 0, "test": 0}
    assert len(prepared.manifest["skipped"]) == 12


def test_single_file_is_split_and_workshop_layout_round_trips(tmp_path: Path) -> None:
    rows = [_row(f"기사 {i} 본문", f"요약 {i}") for i in range(20)]
    _write_jsonl(tmp_path / "all.jsonl", rows)
    prepared = prepare(str(tmp_path / "all.jsonl"), tmp_path / "out")
    assert prepared.counts == {"train": 16, "validation": 2, "test": 2}
    workshop = tmp_path / "workshop"
    for split in SPLITS:
        target = workshop / split / f"{split}_dataset.json"
        target.parent.mkdir(parents=True)
        target.write_text((tmp_path / f"out/full/{split}.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    again = prepare(str(workshop), tmp_path / "again")
    assert again.counts == prepared.counts
    assert again.manifest["source"].startswith("workshop:")


def test_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="no such file"):
        prepare("/nonexistent", tmp_path / "out")
    (tmp_path / "bin.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BadInputError, match="not UTF-8"):
        prepare(str(tmp_path / "bin.jsonl"), tmp_path / "out")
    _write_jsonl(tmp_path / "empty" / "train.jsonl", [_row("", ""), _row(None, "x")])
    with pytest.raises(BadInputError, match="no usable training record"):
        prepare(str(tmp_path / "empty"), tmp_path / "out")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(BadInputError, match="unsupported file type"):
        prepare(str(tmp_path / "notes.txt"), tmp_path / "out")
    assert not (tmp_path / "out").exists(), "nothing is written for unusable input"


def test_hub_unreachable_names_offline_alternatives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("HF_DATASETS_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    with pytest.raises(SourceUnavailableError, match="--source sample"):
        prepare("daekeun-ml/naver-news-summarization-ko", tmp_path / "out")


def test_clean_text() -> None:
    assert clean_text("  <div>가 &lt;b&gt;나&lt;/b&gt;\n\n다\u200b</div> ") == "가 나 다"


def test_resolve_data_dir(prepared_sample: Path) -> None:
    assert resolve_data_dir(prepared_sample) == prepared_sample / "full"
    assert resolve_data_dir(prepared_sample, "sample") == prepared_sample / "sample"
    with pytest.raises(BadInputError, match="data prepare"):
        resolve_data_dir(prepared_sample / "nothing")


def test_cli_prepare_default_falls_back_to_sample_and_records_it(kosum_env: Path) -> None:
    result = run_cli("data", "prepare", "--json", env={"HF_HUB_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"] == {"train": 24, "validation": 6, "test": 8}
    assert "bundled Korean sample" in data["text"]
    assert Path(data["out_dir"]).is_relative_to(kosum_env)
    from tools.state import open_store

    assert [r.kind for r in open_store().find()] == ["dataset"]


def test_cli_bad_input_is_exit_2_with_one_line() -> None:
    for args in (["data", "prepare", "--source", "/nonexistent"], ["data", "prepare", "--sample", "-3"],
                 ["data", "prepare", "--max-seq-length", "abc"], ["data"]):
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
