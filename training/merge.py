"""Merge a LoRA adapter into its base model in bf16 (the workshop loaded fp32 and wrote a 32 GB artifact) and write
safetensors + tokenizer + chat template, ready for TGI or a local OpenAI-compatible server."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.export import save_for_serving  # noqa: E402
from training.prompts import CHAT_TEMPLATE  # noqa: E402

MERGE_PHASES = ("load_base", "merge", "export")  # what a follower is shown while the merge runs


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def merge_adapter(base_model: str, adapter_dir: Path, out_dir: Path, max_seq_length: int | None = None,
                  on_phase: Callable[[str], None] = lambda name: None) -> dict:
    """Reload the base unquantized in bf16 on CPU, merge, save for serving; returns the artifact's size.
    `on_phase` is told each of MERGE_PHASES as it starts."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    token = os.environ.get("HF_TOKEN") or None
    on_phase("load_base")
    base = AutoModelForCausalLM.from_pretrained(base_model, dtype=torch.bfloat16, token=token, device_map={"": "cpu"})
    on_phase("merge")
    merged = PeftModel.from_pretrained(base, str(adapter_dir)).merge_and_unload()
    on_phase("export")
    tokenizer = AutoTokenizer.from_pretrained(adapter_dir if (adapter_dir / "tokenizer_config.json").exists()
                                              else base_model, token=token)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    save_for_serving(merged, tokenizer, tmp, CHAT_TEMPLATE,
                     {"base_model": base_model, "max_seq_length": max_seq_length, "chat_template": "workshop"})
    label = Path(base_model) / "KOSUM_MODEL.txt"
    if label.is_file():  # keep the "tiny stand-in" label on models derived from it
        shutil.copy(label, tmp / "KOSUM_MODEL.txt")
    if out_dir.is_dir():
        _move_into(tmp, out_dir)
    else:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(out_dir)
    dtypes = {str(p.dtype) for p in merged.parameters()}
    return {"merged_dir": str(out_dir), "size_bytes": folder_size(out_dir), "dtypes": sorted(dtypes)}


def _move_into(source: Path, target: Path) -> None:
    """SageMaker's model folder already exists: move the files into it."""
    for item in source.iterdir():
        destination = target / item.name
        if destination.exists():
            shutil.rmtree(destination) if destination.is_dir() else destination.unlink()
        shutil.move(str(item), destination)
    source.rmdir()


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-model", required=True)
    parser.add_argument("--adapter", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--max-seq-length", type=int, help="the training sequence length (sizes TGI's limits)")
    args = parser.parse_args()
    print(merge_adapter(args.base_model, args.adapter, args.out, args.max_seq_length))
    return 0


if __name__ == "__main__":
    sys.exit(main())
