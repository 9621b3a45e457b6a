"""Real training runs of the tiny model on CPU: one process, 2-process FSDP (gloo), resume, stop, crash."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

SCRIPT = ROOT / "training" / "train.py"
TINY = ROOT / "training" / "configs" / "tiny.yaml"


def _metrics(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


def _tiny_config(folder: Path, **settings: object) -> Path:
    """tiny.yaml with `settings` changed, for a CLI run (`--preset tiny --config F`): e.g. shorter rows, where a
    test checks the launcher and not what the rows hold (a CPU step costs about its tokens: 1.5 s at 128, 4 s at
    512 on a 2-core runner)."""
    import yaml

    values = {**yaml.safe_load(TINY.read_text(encoding="utf-8")), **settings}
    path = folder / f"tiny-{len(list(folder.glob('tiny-*.yaml')))}.yaml"
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    return path


def _train(args: list[str], nproc: int = 1, timeout: float = 900) -> subprocess.CompletedProcess:
    prefix = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}"] if nproc > 1 \
        else [sys.executable]
    return subprocess.run([*prefix, str(SCRIPT), "--config", str(TINY), *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "OMP_NUM_THREADS": "1"})


def test_tiny_run_learns_writes_metrics_and_merges(tmp_path: Path, tiny_base: Path, prepared_sample: Path) -> None:
    run = tmp_path / "run"
    result = _train([f"base_model={tiny_base}", f"data_dir={prepared_sample / 'sample'}", f"output_dir={run}",
                     "max_steps=10", "learning_rate=0.01", "max_seq_length=128", "warmup_ratio=0", "lora_dropout=0",
                     "per_device_train_batch_size=0", "gradient_checkpointing=auto"])
    assert result.returncode == 0, result.stdout[-3000:]
    rows = _metrics(run)
    start = next(r for r in rows if r["event"] == "start")
    # the sample's records are longer than 128 tokens (up to ~350): each is cut to fit, none overflows a row
    assert start["max_seq_length"] == 128 and start["max_sample_tokens"] <= 128 and start["max_row_tokens"] <= 128
    assert "training records were longer than max_seq_length=128: their articles were cut" in result.stdout
    assert start["quantized"] is True
    ran = json.loads((run / "config.json").read_text())  # the settings as the run used them, not 0 / auto
    assert (ran["per_device_train_batch_size"], ran["gradient_checkpointing"], ran["attn_implementation"]) == \
        (1, "true", "sdpa")
    planned = next(r for r in rows if r["event"] == "plan")
    assert ran["plan"]["memory_reason"] == planned["memory_reason"] and planned["rows_per_micro_batch"] == 1
    assert [r["phase"] for r in rows if r["event"] == "phase"] == ["validate", "save_adapter", "load_base", "merge",
                                                                   "export"]
    losses = [r["loss"] for r in rows if r["event"] == "train"]
    assert len(losses) == 10  # two epochs of the sample's 10 records: the second remembers the first (~8.8 -> ~5)
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5 - 0.5, losses
    train_row = next(r for r in rows if r["event"] == "train")
    for key in ("step", "epoch", "loss", "learning_rate", "tokens_per_s", "elapsed_s", "eta_s", "peak_memory_gib"):
        assert key in train_row
    assert any(r["event"] == "eval" for r in rows)
    assert json.loads((run / "status.json").read_text())["status"] == "completed"
    assert (run / "adapter" / "adapter_model.safetensors").is_file()

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    merged = run / "merged"
    model = AutoModelForCausalLM.from_pretrained(merged)
    assert {p.dtype for p in model.parameters()} == {torch.bfloat16}, "merge must be bf16, not fp32"
    tokenizer = AutoTokenizer.from_pretrained(merged)
    assert "Assistant: " in tokenizer.chat_template and (merged / "KOSUM_MODEL.txt").is_file()
    ids = tokenizer.apply_chat_template([{"role": "user", "content": "기사"}], add_generation_prompt=True,
                                        return_tensors="pt", return_dict=True)
    out = model.generate(**ids, max_new_tokens=5, do_sample=False)
    assert out.shape[1] > ids["input_ids"].shape[1]


def test_fsdp_two_processes_on_cpu_then_resume(tmp_path: Path, tiny_base: Path, prepared_sample: Path) -> None:
    run = tmp_path / "run"
    common = [f"base_model={tiny_base}", f"data_dir={prepared_sample / 'full'}", f"output_dir={run}",
              "save_steps=2", "max_seq_length=128", "merge=false", "fsdp=full"]
    first = _train([*common, "max_steps=4"], nproc=2)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    start = next(r for r in _metrics(run) if r["event"] == "start")
    assert start["world_size"] == 2 and start["sharding"] == "full" and start["sharding_reason"] == "sharding=full"
    assert "setting 'fsdp' is an old name: write 'sharding: full'" in first.stdout  # the old key still works
    assert (run / "checkpoints" / "step-4" / "trainable.safetensors").is_file()
    second = _train([*common, "max_steps=6"], nproc=2)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    rows = _metrics(run)
    resume = [r for r in rows if r["event"] == "resume"]
    assert resume and resume[-1]["step"] == 4
    steps_after = [r["step"] for r in rows[rows.index(resume[-1]):] if r["event"] == "train"]
    assert steps_after == [5, 6]

    from safetensors.torch import load_file

    adapter = load_file(str(run / "adapter" / "adapter_model.safetensors"))
    assert adapter and all(t.ndim == 2 for t in adapter.values())
    trained = load_file(str(run / "checkpoints" / "step-6" / "trainable.safetensors"))  # the live weights at the end
    assert len(adapter) == len(trained) > 0
    for name, tensor in trained.items():  # every shard's weights, gathered whole, equal to the live parameters
        saved = adapter[name.replace(".default.", ".")]
        assert saved.shape == tensor.shape and bool((saved.float() == tensor.float()).all()), name

    other_world = _train([*common, "max_steps=8"], nproc=1)
    assert other_world.returncode == 2
    assert "written by 2 process(es) and this run has 1" in other_world.stdout, other_world.stdout[-2000:]


def test_launcher_follow_stop_and_crash(kosum_env: Path, prepared_sample: Path, tmp_path: Path) -> None:
    # no periodic checkpoint in the stopped run: the one it keeps is the stop's own
    never_saves = _tiny_config(tmp_path, max_seq_length=128, save_steps=100000)
    started = run_cli("train", "--preset", "tiny", "--config", str(never_saves), "--data", str(prepared_sample),
                      "--max-steps", "2000", "--json")
    assert started.returncode == 0, started.stderr
    job = json.loads(started.stdout)
    run_dir = Path(job["run_dir"])
    deadline = time.time() + 120
    while time.time() < deadline and not any(r["event"] == "train" for r in _metrics_safe(run_dir)):
        time.sleep(0.5)
    status = json.loads(run_cli("jobs", job["id"], "--json").stdout)["jobs"][0]
    assert status["status"] == "running" and status["step"] >= 1
    stopped = run_cli("jobs", "stop", job["id"])
    assert stopped.returncode == 0, stopped.stderr
    assert json.loads(run_cli("jobs", job["id"], "--json").stdout)["jobs"][0]["status"] == "stopped"
    assert list((run_dir / "checkpoints").glob("step-*/trainer_state.json")), "a stopped run keeps a checkpoint"

    saves_often = _tiny_config(tmp_path, max_seq_length=128, save_steps=2)  # a checkpoint to resume from, soon
    crashed = run_cli("train", "--preset", "tiny", "--config", str(saves_often), "--data", str(prepared_sample),
                      "--max-steps", "2000", "--json")
    crash = json.loads(crashed.stdout)
    crash_dir = Path(crash["run_dir"])
    deadline = time.time() + 180
    while time.time() < deadline and not list((crash_dir / "checkpoints").glob("step-*/trainer_state.json")):
        time.sleep(0.5)
    os.killpg(crash["pid"], signal.SIGKILL)
    time.sleep(0.5)
    info = json.loads(run_cli("jobs", crash["id"], "--json").stdout)["jobs"][0]
    assert info["status"] == "failed" and "ended without finishing" in info["error"]
    assert f"jobs resume {crash['id']}" in info["error"]
    logged = (crash_dir / "train.log").read_text().splitlines()
    assert info["log_tail"].splitlines() == logged[-15:] and "[kosum-train] step" in info["log_tail"]

    saved = max(int(p.parent.name.split("-")[1]) for p in (crash_dir / "checkpoints").glob("step-*/trainer_state.json"))
    resumed = run_cli("jobs", "resume", crash["id"])
    assert resumed.returncode == 0, resumed.stderr
    deadline = time.time() + 180
    while time.time() < deadline and not _trained_after_resume(_metrics_safe(crash_dir)):
        time.sleep(0.5)
    rows = _metrics_safe(crash_dir)
    resume = [r for r in rows if r["event"] == "resume"]
    assert resume and resume[-1]["step"] == saved, rows[-3:]
    after = [r["step"] for r in rows[rows.index(resume[-1]):] if r["event"] == "train"]
    assert after and after[0] == saved + 1
    assert json.loads(run_cli("jobs", crash["id"], "--json").stdout)["jobs"][0]["status"] == "running"
    assert run_cli("jobs", "stop", crash["id"]).returncode == 0


def _trained_after_resume(rows: list[dict]) -> bool:
    resumed = [i for i, r in enumerate(rows) if r["event"] == "resume"]
    return bool(resumed) and any(r["event"] == "train" for r in rows[resumed[-1]:])


def _metrics_safe(run_dir: Path) -> list[dict]:
    try:
        return _metrics(run_dir)
    except (OSError, json.JSONDecodeError):
        return []


@pytest.mark.parametrize("args, message", [
    (["--preset", "llama3-8b"], "needs a CUDA GPU"),
    (["--nproc", "0"], "more than 0"),
    (["--max-steps", "-1"], "more than 0"),
    (["--base-model", "/nonexistent/model"], "does not exist"),
    (["--data", "/nonexistent"], "no prepared data"),
])
def test_launcher_bad_input(args: list[str], message: str, prepared_sample: Path) -> None:
    base = [] if "--data" in args else ["--data", str(prepared_sample)]
    result = run_cli("train", *base, *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_is_refused_before_anything_starts(tmp_path: Path, prepared_sample: Path, kosum_env: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("max_seq_len: 2048\n")
    for backend in ("local", "sagemaker"):
        started = run_cli("train", "--backend", backend, "--config", str(config), "--data", str(prepared_sample))
        assert started.returncode == 2 and "did you mean 'max_seq_length'" in started.stderr
    assert sorted(p.name for p in (kosum_env / "models").iterdir()) == ["tiny-base"]  # only what the test put there:
    # refused before the base model (smol, the default preset) was built, which takes ~30 s
    assert "No training jobs yet" in run_cli("jobs").stdout


def test_bad_settings_are_refused_in_korean(tmp_path: Path, prepared_sample: Path) -> None:
    """The training script's own config errors reach the Korean CLI in Korean (the unknown key with its nearest
    name, a value of the wrong type)."""
    typo, wrong_type = tmp_path / "typo.yaml", tmp_path / "type.yaml"
    typo.write_text("max_seq_len: 2048\n")
    wrong_type.write_text("max_steps: lots\n")
    shown = {}
    for config in (typo, wrong_type):
        done = run_cli("train", "--config", str(config), "--data", str(prepared_sample), "--lang", "ko")
        assert done.returncode == 2, done.stderr
        shown[config] = done.stderr.strip()
    assert shown[typo] == ("오류: 알 수 없는 설정 'max_seq_len'입니다"
                           "('max_seq_length'을(를) 말씀하신 건가요?)")
    assert shown[wrong_type] == "오류: max_steps 값은 int 형식이어야 합니다(입력: 'lots')"


def test_follow_shows_the_phases_after_the_last_step(prepared_sample: Path, tmp_path: Path) -> None:
    """`train --follow` without a terminal writes a log: each step line a poll saw, once, then each phase after the
    last step with its place (even one shorter than a poll), never a step line again while the run merges. (A poll
    may miss every step: a fast machine passes from the start to validating between two polls, 5 s apart.)"""
    short_rows = _tiny_config(tmp_path, max_seq_length=128)
    done = run_cli("train", "--preset", "tiny", "--config", str(short_rows), "--data", str(prepared_sample),
                   "--max-steps", "3", "--follow", "--lang", "en", timeout=900)  # waits on the run's own end; the
    # ceiling only catches a hang
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stderr.splitlines()
    phases = ["validating (1/5)", "saving the adapter (2/5)", "loading the base model to merge into (3/5)",
              "merging the adapter into the base model (4/5)", "writing the merged model for serving (5/5)"]
    assert [line for line in lines if line in phases] == phases, lines
    steps = [i for i, line in enumerate(lines) if line.startswith("running: step ")]  # as the polls saw them: none
    # when the three steps fall between two polls (5 s apart without a terminal), as on a fast quiet machine
    assert max(steps, default=-1) < lines.index(phases[0]) and len(set(lines)) == len(lines), lines
    assert lines[-1].startswith("completed: step 3/3, loss "), lines
    from assistant.messages import localize
    from tools.jobs import progress_line, step_line

    running = lines[steps[-1]] if steps else step_line({"backend": "local", "status": "running", "step": 2,
                                                        "total_steps": 3, "loss": 8.5})
    assert re.match(r"실행 중: [0-3]/3 스텝, 손실 ", localize(running, "ko")), running  # step 0: before the first
    assert localize(phases[3], "ko") == "어댑터를 기본 모델에 병합하는 중 (4/5)"
    merging = {"backend": "local", "status": "running", "step": 3, "total_steps": 3, "eta_s": 0.0,
               "phase": {"name": "merge", "part": 4, "parts": 5, "seconds": 12}}
    live = progress_line(merging)  # what the bar on a terminal shows while the run merges
    assert live == "merging the adapter into the base model (4/5), 12s so far"
    assert localize(live, "ko") == "어댑터를 기본 모델에 병합하는 중 (4/5), 12초째"


def test_failure_inside_the_run_is_reported(prepared_sample: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    started = run_cli("train", "--base-model", str(broken), "--data", str(prepared_sample), "--json")
    job = json.loads(started.stdout)
    followed = run_cli("jobs", job["id"], "--follow", "--json")
    assert followed.returncode == 1
    info = json.loads(followed.stdout)["jobs"][0]
    assert info["status"] == "failed" and info["error"] and info["log_tail"]


def test_a_validation_pass_does_not_change_training(tmp_path: Path, tiny_base: Path, prepared_sample: Path) -> None:
    """bitsandbytes repacks 4-bit weights in place for CPU inference when a layer runs in eval mode without
    autograd; training after a validation pass must still compute with the NF4 weights (same losses as without)."""
    runs = {}
    for evaluate in ("true", "false"):
        run = tmp_path / f"eval-{evaluate}"
        done = _train([f"base_model={tiny_base}", f"data_dir={prepared_sample / 'full'}", f"output_dir={run}",
                       "max_steps=4", "max_seq_length=128", "save_steps=0", "merge=false", "lora_dropout=0",
                       "eval_each_epoch=false", f"eval_before_training={evaluate}"])
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        runs[evaluate] = [r["loss"] for r in _metrics(run) if r["event"] == "train"]
    assert any(r["event"] == "eval" for r in _metrics(tmp_path / "eval-true"))
    assert runs["true"] == runs["false"] and len(runs["true"]) == 4
