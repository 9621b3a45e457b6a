"""The Gradio chat app."""
from __future__ import annotations


def build_app():
    import gradio as gr

    with gr.Blocks(title="KoSum Assistant") as demo:
        gr.Markdown("# KoSum Assistant\n한국어 뉴스 요약 모델을 학습하고 배포하고 정리합니다.")
    return demo


def launch(host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> None:
    build_app().launch(server_name=host, server_port=port)
