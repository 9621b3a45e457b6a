"""Benchmark (not a test): TRL's SFTTrainer (with accelerate) set up as the product trains, for the training-stack
decision: the same model, data, NF4 + LoRA, 4 rows x 2,048 tokens padding-free (packing, best-fit), Liger kernels,
flex attention, assistant-only loss, accumulation 2, no checkpointing, 22 steps; steady-state tokens/s from the
same step window as bench_train_multi_gpu.

    python -m tests.benchmarks.bench_train_trl --model /tmp/l8/m --out $OUT
    python -m tests.benchmarks.bench_train_trl --shape tiny --steps 3 --warm 1 --rows 1 --max-length 512 \
        --records 60 --model /tmp/smoke/m --out /tmp/smoke/trl      # the CI smoke run (CPU, numbers not judged)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=22)
    parser.add_argument("--warm", type=int, default=6)
    parser.add_argument("--rows", type=int, default=4)
    parser.add_argument("--max-length", type=int, default=2048)
    parser.add_argument("--shape", default="8b", help="8b, or small / tiny for a smoke run")
    parser.add_argument("--records", type=int, default=3000, help="synthetic records prepared (first run only)")
    args = parser.parse_args(argv)

    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig, TrainerCallback
    from trl import SFTConfig, SFTTrainer

    from tests.benchmarks.bench_train_gpu import build
    from training.prompts import CHAT_TEMPLATE

    build(args.model, args.model.parent / "bench-data", args.shape, args.records)
    cuda = torch.cuda.is_available()
    records = [json.loads(line) for line in
               (args.model.parent / "bench-data" / "full" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    tokenizer.chat_template = CHAT_TEMPLATE
    model = AutoModelForCausalLM.from_pretrained(
        args.model, dtype=torch.bfloat16, attn_implementation="flex_attention" if cuda else "sdpa",
        device_map={"": 0 if cuda else "cpu"}, quantization_config=BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_storage=torch.bfloat16))

    class Clock(TrainerCallback):
        def __init__(self) -> None:
            self.rows: list[dict] = []

        def on_step_end(self, train_args, state, control, **kwargs):
            if cuda:
                torch.cuda.synchronize()
            self.rows.append({"step": state.global_step, "time": time.time(), "tokens": state.num_input_tokens_seen})

        def on_log(self, train_args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs and self.rows:
                self.rows[-1]["loss"] = logs["loss"]

    config = SFTConfig(
        output_dir=str(args.out / "trl-run"), max_steps=args.steps, per_device_train_batch_size=args.rows,
        gradient_accumulation_steps=2, learning_rate=2e-4, lr_scheduler_type="constant", warmup_steps=0,
        max_grad_norm=0.3, bf16=cuda, gradient_checkpointing=False, use_liger_kernel=cuda, packing=True,
        packing_strategy="bfd", padding_free=True, max_length=args.max_length, assistant_only_loss=True,
        logging_steps=1, save_strategy="no", report_to=[], include_num_input_tokens_seen=True, seed=42,
        optim="adamw_torch_fused" if cuda else "adamw_torch", dataloader_num_workers=0)
    trainer = SFTTrainer(model=model, args=config, train_dataset=Dataset.from_list(records),
                         processing_class=tokenizer, callbacks=[clock := Clock()],
                         peft_config=LoraConfig(r=16, lora_alpha=8, lora_dropout=0.05, bias="none",
                                                target_modules="all-linear", task_type="CAUSAL_LM"))
    trainer.train()
    timed = clock.rows[args.warm - 1:]
    seconds = timed[-1]["time"] - timed[0]["time"]
    result = {"stack": "trl SFTTrainer", "tokens_per_s": round((timed[-1]["tokens"] - timed[0]["tokens"]) / seconds, 1),
              "step_s": round(seconds / (len(timed) - 1), 3), "timed_steps": f"{timed[0]['step'] + 1}-{timed[-1]['step']}",
              "losses": [r.get("loss") for r in clock.rows],
              "peak_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None}
    print(json.dumps(result), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "trl.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
