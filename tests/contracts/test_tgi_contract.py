"""The merged model folder is what TGI 3.3.6 (the image `deploy --target sagemaker` picks) reads: its Python server's
transformers 4.51 loads it and sees what the product sees; its router finds and renders the chat template."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from training.prompts import CHAT_TEMPLATE, build_messages

LOADER = ROOT / "tests" / "contracts" / "tgi_loader.py"
ARTICLE = ("서울시는 27일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다. 시는 연료비와 인건비 상승으로 적자가 커져 "
           "요금 조정이 불가피하다고 설명했다. 시민단체는 서민 부담이 커진다며 반발했다.")


def _load(python: Path | str, model_dir: Path) -> dict:
    """What a loader in the given environment sees in the folder (one JSON line from tgi_loader.py)."""
    done = subprocess.run([str(python), str(LOADER), str(model_dir)], input=json.dumps(build_messages(ARTICLE)),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_tgi_transformers_loads_the_merged_model_as_the_product_does(tgi_python: Path, merged_tiny: Path,
                                                                     tiny_base: Path) -> None:
    consumer = _load(tgi_python, merged_tiny)
    product = _load(sys.executable, merged_tiny)
    assert consumer["transformers"] == "4.51.3" and product["transformers"].startswith("5.")
    trained_theta = json.loads((tiny_base / "config.json").read_text())["rope_parameters"]["rope_theta"]
    assert consumer["rope_theta"] == trained_theta == 500000.0  # 4.51 would silently read 10000 without the key
    assert consumer["torch_dtype"] == "torch.bfloat16"
    assert consumer["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert consumer["prompt"] == product["prompt"]  # the chat template renders the same prompt
    assert consumer["ids"] == product["ids"] and len(consumer["ids"]) > 50  # and it encodes to the same ids
    assert consumer["greedy"] == product["greedy"] and len(consumer["greedy"]) == 16  # the same model
    eot = json.loads((merged_tiny / "tokenizer.json").read_text())["added_tokens"]
    eot_id = next(t["id"] for t in eot if t["content"] == "<|eot_id|>")
    assert eot_id in consumer["eos_token_id"] and 1 in consumer["eos_token_id"]  # stops at EOS and end of turn


def test_tgi_router_finds_and_renders_the_chat_template(merged_tiny: Path) -> None:
    """TGI's router reads `chat_template` from tokenizer_config.json or chat_template.json (never the .jinja file)
    and renders it with minijinja after removing the `{% generation %}` tags (router/src/infer/chat_template.rs)."""
    import minijinja
    from transformers import AutoTokenizer

    config = json.loads((merged_tiny / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["chat_template"] == CHAT_TEMPLATE
    assert json.loads((merged_tiny / "chat_template.json").read_text(encoding="utf-8")) == {"chat_template": CHAT_TEMPLATE}
    template = CHAT_TEMPLATE.replace("{% generation %}", "").replace("{% endgeneration %}", "")
    rendered = minijinja.Environment().render_str(template, messages=build_messages(ARTICLE), add_generation_prompt=True,
                                                  bos_token=config["bos_token"], eos_token=config["eos_token"])
    product = AutoTokenizer.from_pretrained(merged_tiny).apply_chat_template(
        build_messages(ARTICLE), tokenize=False, add_generation_prompt=True)
    assert rendered == product and rendered.endswith("\n\nAssistant: ")
