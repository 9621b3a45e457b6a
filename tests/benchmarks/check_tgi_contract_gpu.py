"""GPU check (not a test): the Llama-3-8B-shaped model trained 4 steps and merged by the product loads with TGI
3.3.6's transformers (4.51.3, a wheel folder first on PYTHONPATH) and generates the same first 16 greedy tokens as
with the product's own transformers.

    python -m tests.benchmarks.check_tgi_contract_gpu --model /tmp/l8/m --legacy /tmp/tf451 --out $OUT
    python -m tests.benchmarks.check_tgi_contract_gpu --shape tiny --device cpu --records 60 --max-seq-length 256 \
        --model /tmp/smoke/m --legacy "" --out /tmp/smoke/tgi     # the CI smoke run (the product's own transformers)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ("서울시는 27일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다. 시는 연료비와 인건비 상승으로 적자가 커져 "
           "요금 조정이 불가피하다고 설명했다. 시민단체는 서민 부담이 커진다며 반발했다.")


def load(model_dir: Path, python_path: str, device: str) -> dict:
    from training.prompts import build_messages

    env = {**os.environ, "PYTHONPATH": python_path}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "contracts" / "tgi_loader.py"), str(model_dir),
                           "--device", device], input=json.dumps(build_messages(ARTICLE)), capture_output=True,
                          text=True, env=env)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--legacy", required=True, help="folder holding transformers 4.51.3 and its pins")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shape", default="8b", help="8b, or tiny for the smoke run")
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    parser.add_argument("--records", type=int, default=3000, help="synthetic records prepared (first run only)")
    parser.add_argument("--max-seq-length", type=int, default=2048)
    args = parser.parse_args(argv)

    from tests.benchmarks.bench_train_gpu import build

    build(args.model, args.model.parent / "bench-data", args.shape, args.records)
    run = args.out.parent / "contract-run"
    started = time.time()
    trained = subprocess.run([sys.executable, str(ROOT / "training" / "train.py"), "--config",
                              str(ROOT / "training" / "configs" / "llama3-8b.yaml"), f"base_model={args.model}",
                              f"data_dir={args.model.parent / 'bench-data' / 'full'}", f"output_dir={run}",
                              "max_steps=4", "save_steps=0", "eval_each_epoch=false", "resume=false",
                              f"max_seq_length={args.max_seq_length}"],
                             capture_output=True, text=True)
    if trained.returncode:
        raise SystemExit(trained.stdout[-3000:] + trained.stderr[-2000:])
    print(f"trained 4 steps and merged in {time.time() - started:.0f}s", flush=True)
    product = load(run / "merged", os.environ.get("PYTHONPATH", ""), args.device)
    consumer = load(run / "merged", f"{args.legacy}:{os.environ.get('PYTHONPATH', '')}", args.device)
    report = {"product": {k: product[k] for k in ("transformers", "rope_theta", "tokenizer_class", "greedy")},
              "consumer": {k: consumer[k] for k in ("transformers", "rope_theta", "torch_dtype", "tokenizer_class",
                                                    "greedy", "eos_token_id")},
              "same_prompt": consumer["prompt"] == product["prompt"], "same_ids": consumer["ids"] == product["ids"],
              "prompt_tokens": len(product["ids"]), "same_16_greedy_tokens": consumer["greedy"] == product["greedy"],
              "merged_files": sorted(p.name for p in (run / "merged").iterdir())}
    print(json.dumps(report, indent=1), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "tgi_contract_gpu.json").write_text(json.dumps(report, indent=1))
    return 0 if report["same_ids"] and report["same_16_greedy_tokens"] else 1


if __name__ == "__main__":
    sys.exit(main())
