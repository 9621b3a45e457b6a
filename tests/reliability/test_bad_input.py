"""Bad input for every CLI command: exit code 2, exactly one line with the reason, no traceback, nothing created.
The article cases run against a deployed tiny model, so they reach the article checks they name."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

HUGE = "가" * 200_000


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    binary = folder / "binary.bin"
    binary.write_bytes("기사".encode() + b"\x00\x01\x02" * 50)  # valid UTF-8 holding NUL bytes
    undecodable = folder / "undecodable.bin"
    undecodable.write_bytes(bytes(range(256)) * 4)
    latin = folder / "latin1.txt"
    latin.write_bytes("café".encode("latin-1"))
    fifo = folder / "article.fifo"
    os.mkfifo(fifo)  # unreadable as an article even for root (chmod 0 is not)
    notjson = folder / "data.jsonl"
    notjson.write_text("this is not json\n{broken\n", encoding="utf-8")
    return {"binary": binary, "undecodable": undecodable, "latin": latin, "fifo": fifo, "notjson": notjson,
            "folder": folder}


USAGE = "(see `python -m assistant {}--help`)"
CASES = [
    (("data", "prepare", "--source", "/no/such/path"), "error: --source /no/such/path: no such file or folder"),
    (("data", "prepare", "--sample", "-1"),
     "error: argument --sample: must be 0 or more, got -1 " + USAGE.format("data prepare ")),
    (("data", "prepare", "--max-seq-length", "0"),
     "error: argument --max-seq-length: must be more than 0, got 0 " + USAGE.format("data prepare ")),
    (("data", "prepare", "--source", "{notjson}"), "error: file:{notjson} has no usable training record (line 1 is "
                                                   "not valid JSON; line 2 is not valid JSON)"),
    (("train", "--preset", "nope"), "error: argument --preset: invalid choice: 'nope' (choose from 'smol', 'tiny', "
                                    "'llama3-8b') " + USAGE.format("train ")),
    (("train", "--max-steps", "-5"), "error: argument --max-steps: must be more than 0, got -5 " + USAGE.format("train ")),
    (("train", "--max-steps", "abc"), "error: argument --max-steps: 'abc' is not a number " + USAGE.format("train ")),
    (("train", "--nproc", "0"), "error: argument --nproc: must be more than 0, got 0 " + USAGE.format("train ")),
    (("train", "--config", "/no/such.yaml"), "error: config file /no/such.yaml does not exist"),
    (("train", "--data", "/no/such/folder"),
     "error: /no/such/folder holds no prepared data (train.jsonl); run `python -m assistant data prepare` first"),
    (("train", "--backend", "sagemaker", "--instance-count", "0"),
     "error: argument --instance-count: must be more than 0, got 0 " + USAGE.format("train ")),
    (("train", "--backend", "sagemaker", "--instance-type", "ml.x9.absurd", "--dry-run"),
     "error: unknown instance type 'ml.x9.absurd' — choose one of: ml.g5.xlarge, ml.g5.2xlarge, ml.g5.4xlarge, "
     "ml.g5.8xlarge, ml.g5.12xlarge, ml.g5.24xlarge, ml.g5.48xlarge, ml.g6.xlarge, ml.g6.12xlarge, ml.g6.48xlarge, "
     "ml.g6e.xlarge, ml.g6e.12xlarge, ml.p4d.24xlarge, ml.p4de.24xlarge, ml.p5.48xlarge, ml.m5.xlarge"),
    (("jobs", "no-such-job"), "error: no training job 'no-such-job' (see `python -m assistant jobs`)"),
    (("jobs", "stop"), "error: usage: jobs stop ID"),
    (("deploy", "--model", "/no/such/model"), "error: model folder /no/such/model does not exist"),
    (("deploy", "--port", "-1"), "error: argument --port: must be more than 0, got -1 " + USAGE.format("deploy ")),
    (("deploy", "--target", "sagemaker", "--copies", "0"),
     "error: argument --copies: must be more than 0, got 0 " + USAGE.format("deploy ")),
    (("eval", "--limit", "0"), "error: argument --limit: must be more than 0, got 0 " + USAGE.format("eval ")),
    (("eval", "--data", "/no/such/folder"),
     "error: /no/such/folder holds no prepared data (train.jsonl); run `python -m assistant data prepare` first"),
    (("teardown",), "error: name resources to remove, or use --all"),
    (("teardown", "no-such-resource", "--yes"), "error: not active or not created by KoSum: no-such-resource"),
    (("no-such-command",), "error: argument COMMAND: invalid choice: 'no-such-command' (choose from 'app', 'data', "
                           "'train', 'jobs', 'deploy', 'summarize', 'eval', 'resources', 'doctor', 'teardown', 'mcp') "
                           + USAGE.format("")),
]
# Articles, sent to a deployed model: each must be stopped by the article check it names.
ARTICLE_CASES = [
    (("summarize", "--text", ""), "error: the article is empty"),
    (("summarize", "--text", "   \n\t "), "error: the article is empty"),
    (("summarize", "--text", "<div><br></div>"), "error: the article is empty"),
    (("summarize", "--file", "/no/such/article.txt"), "error: /no/such/article.txt: no such file"),
    (("summarize", "--file", "{binary}"), "error: the article contains binary data (NUL bytes); paste plain text"),
    (("summarize", "--file", "{undecodable}"), "error: {undecodable} is not UTF-8 text"),
    (("summarize", "--file", "{latin}"), "error: {latin} is not UTF-8 text"),
    (("summarize", "--file", "{folder}"), "error: {folder} is a folder, not a text file"),
    (("summarize", "--file", "{fifo}"),
     "error: {fifo} is not a regular file; save the article to a file or pipe it into -"),
    (("summarize", "--max-tokens", "0", "--text", "기사"),
     "error: argument --max-tokens: must be more than 0, got 0 " + USAGE.format("summarize ")),
    (("summarize", "--temperature", "-1", "--text", "기사"),
     "error: argument --temperature: must be 0 or more, got -1 " + USAGE.format("summarize ")),
    (("summarize", "--target", "no-such-model", "--text", "기사"),
     "error: no deployed model named 'no-such-model' (see `python -m assistant resources`)"),
]


def _fill(text: str, files: dict[str, Path]) -> str:
    return text.format(**{k: str(v) for k, v in files.items()})


def _assert_one_line(result, expected: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr == expected + "\n", result.stderr  # exactly this one line, nothing else
    assert "Traceback" not in result.stdout


@pytest.mark.parametrize("args,expected", CASES, ids=[" ".join(c) for c, _ in CASES])
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], expected: str, files: dict[str, Path],
                                         kosum_env: Path) -> None:
    _assert_one_line(run_cli(*[_fill(a, files) for a in args]), _fill(expected, files))
    state = kosum_env / "state.sqlite3"
    if state.exists():
        assert json.loads(run_cli("resources", "--json").stdout)["resources"] == []


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path):
    """A KOSUM_HOME with the tiny model deployed, so summarize gets as far as the article."""
    home = tmp_path_factory.mktemp("served-home")
    env = {"KOSUM_HOME": str(home)}
    deployed = run_cli("deploy", "--model", str(tiny_base), "--engine", "transformers", "--json", env=env)
    assert deployed.returncode == 0, deployed.stderr
    yield env
    run_cli("teardown", "--all", "--yes", env=env)


@pytest.mark.parametrize("args,expected", ARTICLE_CASES, ids=[" ".join(c) for c, _ in ARTICLE_CASES])
def test_bad_articles_reach_their_check(args: tuple[str, ...], expected: str, files: dict[str, Path],
                                        served: dict[str, str]) -> None:
    _assert_one_line(run_cli(*[_fill(a, files) for a in args], env=served), _fill(expected, files))
    listed = json.loads(run_cli("resources", "--json", env=served).stdout)["resources"]
    assert [r["kind"] for r in listed] == ["server"]  # the deployed model, nothing new


def test_huge_and_odd_articles_are_handled(served: dict[str, str]) -> None:
    from serving.client import prepare_article

    huge = prepare_article(HUGE, 4000)
    assert len(huge.text) == 4000 and any("cut from 200,000" in w for w in huge.warnings)
    assert prepare_article("<p>서울시는 <b>요금</b>을 올린다.</p><script>x</script>", 4000).text.startswith("서울시는 요금")
    assert any("Korean" in w for w in prepare_article("Hello world, an English article.", 4000).warnings)
    assert prepare_article("😀" * 50, 4000).text  # kept: emoji are text, not an error
    result = run_cli("summarize", "-", "--max-tokens", "4", "--json", input_text=HUGE, env=served)
    assert result.returncode == 0, result.stderr
    assert "cut from 200,000 to 4,000 characters" in " ".join(json.loads(result.stdout)["warnings"])
    result = run_cli("summarize", "-", "--max-tokens", "4", "--json", input_text="😀" * 50, env=served)
    assert result.returncode == 0, result.stderr
