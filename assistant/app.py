"""The Gradio chat app: chat with tool steps, Approve/Reject for gated actions, a jobs panel (progress, ETA, live
loss plot from metrics.jsonl) and a resources panel. Korean and English interface text."""
from __future__ import annotations

import uuid
from typing import Any

TEXT = {
    "ko": {"title": "KoSum 어시스턴트", "subtitle": "한국어 뉴스 요약 모델을 준비·학습·배포·정리합니다. "
           "오프라인 데모의 모델은 무작위 가중치의 작은 대체 모델(tiny)이라 요약 내용은 의미가 없습니다.",
           "placeholder": "예: 샘플 데이터 준비해줘 / tiny 모델로 학습 시작해줘 / 로컬에 배포해줘 / 리소스 정리해줘",
           "send": "보내기", "approve": "승인", "reject": "거절", "article": "기사 붙여 넣기",
           "summarize": "요약하기", "jobs": "학습 작업", "resources": "리소스", "pending": "승인 대기 중인 작업",
           "rejected": "거절했습니다. 아무것도 바뀌지 않았습니다.", "none": "없음", "tool": "도구"},
    "en": {"title": "KoSum Assistant", "subtitle": "Prepare, train, deploy and clean up a Korean news summarizer. "
           "The offline demo model is a tiny random-weight stand-in: its summaries are not meaningful.",
           "placeholder": "e.g. prepare the sample data / start training with tiny / deploy locally / clean up",
           "send": "Send", "approve": "Approve", "reject": "Reject", "article": "Paste an article",
           "summarize": "Summarize", "jobs": "Training jobs", "resources": "Resources",
           "pending": "Waiting for approval", "rejected": "Rejected. Nothing was changed.", "none": "none",
           "tool": "tool"},
}


def _jobs_view() -> tuple[str, Any]:
    import pandas as pd

    from tools.jobs import job_status

    jobs = job_status().data["jobs"]
    if not jobs:
        return "—", pd.DataFrame({"step": [], "loss": []})
    rows = []
    for info in jobs[:5]:
        percent = int(100 * (info.get("fraction") or 0))
        eta = f" ETA {info['eta_s']:.0f}s" if info.get("eta_s") is not None and info["status"] == "running" else ""
        loss = f" loss {info['loss']:.3f}" if info.get("loss") is not None else ""
        where = f" · {info['processes']}×{'GPU' if info.get('gpus') else 'CPU'}" if info.get("processes") else ""
        sharding = f" {info['sharding']}" if info.get("sharding") else ""
        rows.append(f"<div class='kosum-job'><b>{info['id']}</b> {info['status']} {info['step']}/{info['total_steps']}"
                    f"{loss}{eta}{where}{sharding}<progress value='{percent}' max='100' data-testid='job-progress'>"
                    "</progress></div>")
    curve = jobs[0].get("loss_curve") or []
    return "".join(rows), pd.DataFrame({"step": [s for s, _ in curve], "loss": [v for _, v in curve]})


def _resources_view() -> str:
    from tools.resources import list_resources

    return f"<pre>{list_resources().text}</pre>"


def _short(args: Any, limit: int = 300) -> str:
    """Tool arguments for the step box: a pasted article is shown cut short."""
    text = ", ".join(f"{k}={v}" for k, v in (args or {}).items() if v is not None) or "—"
    return text if len(text) <= limit else text[:limit] + "…"


def _chart_path(result: str) -> str | None:
    """The evaluation chart named in a tool result (`Chart: /path/report.png`), if it exists."""
    from pathlib import Path

    for line in result.splitlines():
        if line.startswith("Chart: "):
            path = line[len("Chart: "):].split(" (", 1)[0].strip()
            return path if Path(path).is_file() else None
    return None


def build_app(language: str = "ko"):
    import gradio as gr

    from assistant.agent import build_agent, chat, pending_approval

    text = TEXT[language]
    agent = build_agent()

    def run_turn(history: list, thread: str, message: str | None = None, decision: str | None = None):
        waiting, streamed, last_result = None, None, None
        for event in chat(agent, thread, message, decision):
            if "tool" in event:
                history.append(gr.ChatMessage(role="assistant", content=_short(event["args"]),
                                              metadata={"title": f"{text['tool']} · {event['tool']}", "status": "done"}))
            elif "piece" in event:  # summary tokens, as the model produces them
                if streamed is None:
                    streamed = gr.ChatMessage(role="assistant", content="")
                    history.append(streamed)
                streamed.content += event["piece"]
            elif "tool_result" in event:
                last_result = event["tool_result"]
                if streamed is not None:
                    streamed.content = last_result  # final text with warnings and latency
                else:
                    history.append(gr.ChatMessage(role="assistant", content=last_result))
                chart = _chart_path(last_result)
                if chart:
                    history.append(gr.ChatMessage(role="assistant", content=gr.Image(chart)))
            elif "reply" in event and event["reply"] != last_result:
                history.append(gr.ChatMessage(role="assistant", content=event["reply"]))
            elif "rejected" in event:
                history.append(gr.ChatMessage(role="assistant", content=text["rejected"]))
            elif "approval" in event:
                waiting = event["approval"]
            yield history, _approval_updates(waiting)

    def _approval_updates(waiting: str | None):
        return gr.update(value=f"**{text['pending']}**\n\n```\n{waiting}\n```" if waiting else "", visible=bool(waiting))

    def add_user(message: str, history: list):
        return "", history + [gr.ChatMessage(role="user", content=message)], message

    def respond(message: str, history: list, thread: str):
        if message.strip():
            yield from run_turn(history, thread, message=message)

    def decide(kind: str):
        def handler(history: list, thread: str):
            yield from run_turn(history, thread, decision=kind)
        return handler

    def on_load(thread: str | None):
        thread = thread or uuid.uuid4().hex
        waiting = pending_approval(agent, thread)
        return thread, thread, _approval_updates(waiting), gr.update(visible=bool(waiting)), \
            gr.update(visible=bool(waiting))

    with gr.Blocks(title=text["title"]) as demo:
        thread_store = gr.BrowserState(None, storage_key="kosum-thread")
        thread = gr.State("")
        pending_msg = gr.State("")
        gr.Markdown(f"# {text['title']}\n{text['subtitle']}")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=480, elem_id="kosum-chat")
                box = gr.Textbox(placeholder=text["placeholder"], show_label=False, elem_id="kosum-input")
                with gr.Row():
                    send = gr.Button(text["send"], variant="primary", elem_id="kosum-send")
                approval = gr.Markdown(visible=False, elem_id="kosum-approval")
                with gr.Row():
                    approve = gr.Button(text["approve"], variant="stop", visible=False, elem_id="kosum-approve")
                    reject = gr.Button(text["reject"], visible=False, elem_id="kosum-reject")
                article = gr.Textbox(label=text["article"], lines=5, elem_id="kosum-article")
                summarize_btn = gr.Button(text["summarize"], elem_id="kosum-summarize")
            with gr.Column(scale=2):
                gr.Markdown(f"### {text['jobs']}")
                jobs_html = gr.HTML(elem_id="kosum-jobs")
                loss_plot = gr.LinePlot(x="step", y="loss", height=220)
                gr.Markdown(f"### {text['resources']}")
                resources_html = gr.HTML(elem_id="kosum-resources")
        gr.Timer(2.0).tick(_jobs_view, outputs=[jobs_html, loss_plot])
        gr.Timer(10.0).tick(_resources_view, outputs=[resources_html])  # AWS discovery: not every 2 s

        def show_buttons(_history, approval_md):
            visible = bool(approval_md)
            return gr.update(visible=visible), gr.update(visible=visible)

        for trigger in (box.submit, send.click):
            trigger(add_user, [box, chatbot], [box, chatbot, pending_msg], queue=False).then(
                respond, [pending_msg, chatbot, thread], [chatbot, approval]).then(
                show_buttons, [chatbot, approval], [approve, reject])
        summarize_btn.click(lambda a, h: ("", h + [gr.ChatMessage(role="user", content=a)], "요약: " + a),
                            [article, chatbot], [article, chatbot, pending_msg], queue=False).then(
            respond, [pending_msg, chatbot, thread], [chatbot, approval])
        for button, kind in ((approve, "approve"), (reject, "reject")):
            button.click(lambda: (gr.update(visible=False), gr.update(visible=False)), None, [approve, reject],
                         queue=False).then(decide(kind), [chatbot, thread], [chatbot, approval])
        demo.load(on_load, [thread_store], [thread, thread_store, approval, approve, reject])
        demo.load(lambda: (*_jobs_view(), _resources_view()), outputs=[jobs_html, loss_plot, resources_html])
    return demo


def launch(host: str = "127.0.0.1", port: int = 7860, auth: str | None = None, language: str | None = None) -> None:
    """Serve on loopback by default; any other address needs --auth user:password."""
    import os

    from tools.errors import UserInputError
    from tools.settings import get_settings

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    if host not in {"127.0.0.1", "localhost", "::1"} and not auth:
        raise UserInputError(f"listening on {host} exposes the app: add --auth user:password")
    credentials = None
    if auth:
        user, _, password = auth.partition(":")
        if not user or not password:
            raise UserInputError("--auth must be user:password")
        credentials = (user, password)
    settings = get_settings()
    build_app(language or settings.language).queue().launch(
        server_name=host, server_port=port, auth=credentials, show_error=False,
        allowed_paths=[str(settings.path("evals"))])  # evaluation charts shown in the chat
