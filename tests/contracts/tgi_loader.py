"""Load a model folder the way TGI 3.3.6's Python server does (transformers 4.51: AutoConfig, AutoTokenizer,
AutoModelForCausalLM, GenerationConfig) and report what it sees, as one JSON line. Runs in the consumer's own
environment (another virtual environment, or a wheel folder first on PYTHONPATH), so it imports nothing of KoSum.

    python tgi_loader.py MODEL_DIR [--device cpu|cuda] [--new-tokens 16] < messages.json
"""
from __future__ import annotations

import argparse
import json
import sys


def main() -> int:
    import torch
    import transformers
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, GenerationConfig

    parser = argparse.ArgumentParser()
    parser.add_argument("model_dir")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--new-tokens", type=int, default=16)
    args = parser.parse_args()
    messages = json.loads(sys.stdin.read())

    config = AutoConfig.from_pretrained(args.model_dir)
    tokenizer = AutoTokenizer.from_pretrained(args.model_dir)
    prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]  # as apply_chat_template(tokenize=True) does
    legacy = int(transformers.__version__.split(".")[0]) < 5  # the same script reports the product's own view too
    dtype_key = "torch_dtype" if legacy else "dtype"
    placement = {"device_map": args.device} if args.device != "cpu" else {}  # straight onto the GPU
    model = AutoModelForCausalLM.from_pretrained(args.model_dir, **{dtype_key: torch.float32}, **placement).eval()
    with torch.no_grad():
        out = model.generate(torch.tensor([ids], device=args.device), max_new_tokens=args.new_tokens,
                             min_new_tokens=args.new_tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    print(json.dumps({
        "transformers": transformers.__version__,
        "rope_theta": config.rope_theta if legacy else config.rope_parameters["rope_theta"],
        "torch_dtype": str(getattr(config, dtype_key)),
        "tokenizer_class": type(tokenizer).__name__, "prompt": prompt, "ids": ids,
        "greedy": out[0, len(ids):].tolist(), "eos_token_id": GenerationConfig.from_pretrained(args.model_dir).eos_token_id,
        "eos_token": tokenizer.eos_token}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
