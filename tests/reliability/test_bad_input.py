"""Bad input for every CLI command: exit code 2, one line with the reason, no traceback, nothing created."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

HUGE = "가" * 200_000


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    binary = folder / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = folder / "latin1.txt"
    latin.write_bytes("café".encode("latin-1"))
    unreadable = folder / "unreadable.txt"
    unreadable.write_text("기사", encoding="utf-8")
    unreadable.chmod(0)
    notjson = folder / "data.jsonl"
    notjson.write_text("this is not json\n{broken\n", encoding="utf-8")
    return {"binary": binary, "latin": latin, "unreadable": unreadable, "notjson": notjson, "folder": folder}


CASES = [
    ("data", "prepare", "--source", "/no/such/path"),
    ("data", "prepare", "--sample", "-1"),
    ("data", "prepare", "--max-seq-length", "0"),
    ("data", "prepare", "--source", "{notjson}"),
    ("train", "--preset", "nope"),
    ("train", "--max-steps", "-5"),
    ("train", "--max-steps", "abc"),
    ("train", "--nproc", "0"),
    ("train", "--config", "/no/such.yaml"),
    ("train", "--data", "/no/such/folder"),
    ("train", "--backend", "sagemaker", "--instance-count", "0"),
    ("train", "--backend", "sagemaker", "--instance-type", "ml.x9.absurd", "--dry-run"),
    ("jobs", "no-such-job"),
    ("jobs", "stop"),
    ("deploy", "--model", "/no/such/model"),
    ("deploy", "--port", "-1"),
    ("deploy", "--target", "sagemaker", "--copies", "0"),
    ("summarize", "--text", ""),
    ("summarize", "--text", "   \n\t "),
    ("summarize", "--file", "/no/such/article.txt"),
    ("summarize", "--file", "{binary}"),
    ("summarize", "--file", "{latin}"),
    ("summarize", "--max-tokens", "0", "--text", "기사"),
    ("summarize", "--temperature", "-1", "--text", "기사"),
    ("eval", "--limit", "0"),
    ("eval", "--data", "/no/such/folder"),
    ("teardown",),
    ("teardown", "no-such-resource", "--yes"),
    ("no-such-command",),
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], files: dict[str, Path], kosum_env: Path) -> None:
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    result = run_cli(*argv)
    assert result.returncode == 2, (argv, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().startswith(("error:", "usage:")) and result.stderr.strip()
    state = kosum_env / "state.sqlite3"
    if state.exists():
        listed = json.loads(run_cli("resources", "--json").stdout)
        assert listed["resources"] == []


def test_huge_and_odd_articles_are_handled(kosum_env: Path) -> None:
    from serving.client import prepare_article

    huge = prepare_article(HUGE, 4000)
    assert len(huge.text) == 4000 and any("cut from 200,000" in w for w in huge.warnings)
    assert prepare_article("<p>서울시는 <b>요금</b>을 올린다.</p><script>x</script>", 4000).text.startswith("서울시는 요금")
    assert any("Korean" in w for w in prepare_article("Hello world, an English article.", 4000).warnings)
    assert prepare_article("😀" * 50, 4000).text  # kept: emoji are text, not an error
    for text in (HUGE, "<script>alert(1)</script>", "😀" * 50):
        result = run_cli("summarize", "-", input_text=text)  # no model deployed: a plain error, exit 2
        assert result.returncode == 2 and "nothing is deployed" in result.stderr
        assert "Traceback" not in result.stderr
