"""The Gradio chat app: chat with one step box per tool call, Approve/Reject on the plan of anything costly or
destructive, a jobs panel (progress, loss curve from metrics.jsonl, GPUs and sharding) and a resources table (with
the total per hour) that refreshes after every turn and decision. Korean or English: the page follows its language
switch, each reply follows the language of the message it answers, and the conversation survives a reload."""
from __future__ import annotations

import threading
import time
import uuid
from typing import Any

LANGUAGES = [("한국어", "ko"), ("English", "en")]
SUMMARIZE_PREFIX = "summarize: "  # what the article box sends: an article, never a command
CSS = """#kosum-resources table { table-layout: fixed; width: 100%; font-size: 12px; }
#kosum-resources td, #kosum-resources th { overflow-wrap: anywhere; white-space: normal; }"""  # the table fits its column


def _jobs_view(language: str) -> tuple[str, Any]:
    """The jobs' lines with progress bars, and the newest job's training and validation loss (hidden until any)."""
    import html

    import gradio as gr
    import pandas as pd

    from assistant.messages import localize, say
    from tools.jobs import job_headline, job_status

    jobs = job_status().data["jobs"]
    if not jobs:
        return say("no_jobs", language), gr.update(visible=False)
    rows = []
    for info in jobs[:5]:
        percent = int(100 * (info.get("fraction") or 0))
        line = localize(job_headline(info), language)
        rows.append(f"<div class='kosum-job'>{html.escape(line)}<progress value='{percent}' max='100' "
                    "data-testid='job-progress'></progress></div>")
    series = {say("train_loss", language): ("#1f77b4", jobs[0].get("loss_curve") or []),
              say("eval_loss", language): ("#ff7f0e", jobs[0].get("eval_curve") or [])}
    points = [(step, loss, name) for name, (_, curve) in series.items() for step, loss in curve]
    # the chart's legend and colors are fixed by the series its first drawing sees: a series with no points yet is
    # there from the start as one empty point (not drawn), so its line appears as soon as it has points
    points += [(0, None, name) for name, (_, curve) in series.items() if not curve]
    return "".join(rows), gr.update(value=pd.DataFrame(points, columns=["step", "loss", "series"]),
                                    visible=any(curve for _, curve in series.values()), x_title=say("axis_step", language),
                                    y_title=say("axis_loss", language), color_title=say("axis_series", language),
                                    color_map={name: color for name, (color, _) in series.items()})


def _resources_view(language: str) -> tuple[Any, str]:
    """The table (name, kind, where, state, USD/hour, since) and the total line."""
    import pandas as pd

    from assistant.messages import localize, say
    from tools.resources import active_resources, place

    columns = [say(key, language) for key in ("column_name", "column_kind", "column_where", "column_state",
                                              "column_cost", "column_since")]
    records = active_resources()
    rows = [[r.id, localize(r.kind, language), place(r), localize(r.status, language),
             f"{r.cost_per_hour or 0:.2f}", time.strftime("%m-%d %H:%M", time.localtime(r.created_at))]
            for r in records]
    total = sum(r.cost_per_hour or 0 for r in records)
    summary = say("total_per_hour", language, usd=f"{total:.2f}") if records else say("nothing_running", language)
    return pd.DataFrame(rows, columns=columns), summary


def _short(args: Any, limit: int = 300) -> str:
    """Tool arguments for the step box: a pasted article is shown cut short."""
    text = ", ".join(f"{k}={v}" for k, v in (args or {}).items() if v is not None) or "—"
    return text if len(text) <= limit else text[:limit] + "…"


def _latest_chart() -> str | None:
    """The chart of the newest evaluation (its record names the files)."""
    from pathlib import Path

    from tools.state import open_store

    found = open_store().find(kind="evaluation")
    chart = found[0].details.get("files", {}).get("chart") if found else None
    return chart if chart and Path(chart).is_file() else None


def render(history: list, event: dict[str, Any], language: str, streamed: list) -> None:
    """Add one chat event to the shown history (`streamed` holds the message a summary streams into)."""
    import gradio as gr

    from assistant.messages import localize, say

    if "user" in event:
        history.append(gr.ChatMessage(role="user", content=event["user"]))
        streamed.clear()
    elif "tool" in event:
        history.append(gr.ChatMessage(role="assistant", content=_short(event["args"]),
                                      metadata={"title": f"{say('tool', language)} · {event['tool']}",
                                                "status": "done"}))
    elif "piece" in event:  # summary tokens, as the model produces them
        if not streamed:
            streamed.append(gr.ChatMessage(role="assistant", content=""))
            history.append(streamed[0])
        streamed[0].content += event["piece"]
    elif "tool_result" in event:
        text = localize(event["tool_result"], language)
        if streamed:
            streamed[0].content = text  # the whole summary with its notes
            streamed.clear()
        else:
            history.append(gr.ChatMessage(role="assistant", content=text))
        chart = _latest_chart() if event.get("name") == "evaluate" else None
        if chart:
            history.append(gr.ChatMessage(role="assistant", content=gr.Image(chart)))
    elif "reply" in event:
        text = localize(event["reply"], language)
        if not history or getattr(history[-1], "content", None) != text:
            history.append(gr.ChatMessage(role="assistant", content=text))
    elif "rejected" in event:
        history.append(gr.ChatMessage(role="assistant", content=say("rejected", language)))


class AgentWhenReady:
    """The agent, built off the page's start path (LangChain's imports alone take ~1 s on 2 cores); a handler that
    needs it first waits for it."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._agent: Any = None
        self._error: BaseException | None = None

    def build(self) -> None:
        try:
            from assistant.agent import build_agent

            self._agent = build_agent()
        except BaseException as exc:  # raised to every handler that asks, not lost in the thread
            self._error = exc
        finally:
            self._ready.set()

    def get(self) -> Any:
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self._agent


def build_app(language: str, agent: AgentWhenReady):
    """The page; `launch` builds the agent once the page is served."""
    import gradio as gr

    from assistant.messages import language_of, localize, say

    def approval_updates(waiting: str | None, lang: str):
        card = f"**{say('pending', lang)}**\n\n```\n{localize(waiting, lang)}\n```" if waiting else ""
        return (gr.update(value=card, visible=bool(waiting)),
                gr.update(value=say("approve", lang), visible=bool(waiting)),
                gr.update(value=say("reject", lang), visible=bool(waiting)))

    def panels(lang: str):
        table, total = _resources_view(lang)
        return gr.update(value=table), total

    def inputs(interactive: bool | None):
        """The message box, Send, the article box and Summarize: locked while a turn runs (a message sent meanwhile
        would race the turn's last update of the chat), unlocked at its end; None leaves them as they are."""
        return (gr.update() if interactive is None else gr.update(interactive=interactive),) * 4

    def run_turn(shown: list, thread: str, page: str, reply: str, message: str | None = None,
                 decision: str | None = None):
        """One agent turn: replies in `reply` (the language of the message answered), panels in the page's."""
        from assistant.agent import chat

        streamed: list = []
        waiting = None
        try:
            for event in chat(agent.get(), thread, message, decision):
                if "approval" in event:
                    waiting = event["approval"]
                    continue
                render(shown, event, reply, streamed)
                panel_updates = (gr.update(), gr.update()) if "piece" in event else panels(page)  # not per token
                yield shown, *approval_updates(None, reply), *panel_updates, reply, *inputs(None)
        except Exception as exc:  # shown, and the inputs unlock again
            shown.append(gr.ChatMessage(role="assistant", content=f"{type(exc).__name__}: {exc}"))
        yield shown, *approval_updates(waiting, reply), *panels(page), reply, *inputs(True)

    def add_user(message: str, shown: list):
        """Echo the message at once and lock the inputs until its turn ends (nothing to do for an empty one)."""
        if not message.strip():
            return gr.update(), shown, "", *inputs(None)[:3]
        return (gr.update(value="", interactive=False), shown + [gr.ChatMessage(role="user", content=message)],
                message, *inputs(False)[:3])

    def respond(message: str, shown: list, thread: str, page: str):
        if message.strip():
            yield from run_turn(shown, thread, page, language_of(message, page), message=message)

    def summarize_article(message: str, shown: list, thread: str, page: str):
        """The article box: a Korean article, answered in the page's language."""
        if message.strip():
            yield from run_turn(shown, thread, page, page, message=SUMMARIZE_PREFIX + message)

    def decide(kind: str):
        def handler(shown: list, thread: str, page: str, reply: str):
            yield from run_turn(shown, thread, page, reply or page, decision=kind)
        return handler

    def chrome(lang: str):
        """The page's labels in `lang` (the approval buttons come with their visibility, below)."""
        return (f"# {say('title', lang)}\n{say('subtitle', lang)}", gr.update(placeholder=say("placeholder", lang)),
                gr.update(value=say("send", lang)), gr.update(label=say("article", lang)),
                gr.update(value=say("summarize", lang)), gr.update(value=say("new_chat", lang)),
                f"### {say('jobs', lang)}", f"### {say('resources', lang)}")

    def on_load(thread: str | None, lang: str | None):
        thread, lang = thread or uuid.uuid4().hex, lang or language
        shown: list = []
        streamed: list = []
        reply = lang
        from assistant.agent import history, pending_approval

        for event in history(agent.get(), thread):
            if "user" in event and event["user"].startswith(SUMMARIZE_PREFIX):  # from the article box, as shown then
                event, reply = {"user": event["user"].removeprefix(SUMMARIZE_PREFIX)}, lang
            elif "user" in event:
                reply = language_of(event["user"], lang)
            render(shown, event, reply, streamed)
        return (thread, thread, lang, lang, reply, gr.update(value=lang), shown,
                *approval_updates(pending_approval(agent.get(), thread), reply), *chrome(lang), *panels(lang))

    def new_chat(lang: str):
        thread = uuid.uuid4().hex
        return thread, thread, [], *approval_updates(None, lang)

    def switch(lang: str):
        return (lang, lang, lang, *chrome(lang), gr.update(value=say("approve", lang)), gr.update(value=say("reject", lang)),
                *panels(lang), _jobs_view(lang)[0], gr.update(visible=False))  # the timer redraws the chart

    with gr.Blocks(title=say("title", language)) as demo:
        thread_store = gr.BrowserState(None, storage_key="kosum-thread")
        lang_store = gr.BrowserState(None, storage_key="kosum-language")
        thread, lang_state, reply_state, pending_msg = gr.State(""), gr.State(language), gr.State(language), gr.State("")
        with gr.Row():
            header = gr.Markdown(f"# {say('title', language)}\n{say('subtitle', language)}")
            with gr.Column(scale=0, min_width=220):
                switcher = gr.Radio(LANGUAGES, value=language, show_label=False, elem_id="kosum-language")
                fresh = gr.Button(say("new_chat", language), size="sm", elem_id="kosum-new-chat")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=480, show_label=False, elem_id="kosum-chat")
                box = gr.Textbox(placeholder=say("placeholder", language), show_label=False, elem_id="kosum-input")
                send = gr.Button(say("send", language), variant="primary", elem_id="kosum-send")
                approval = gr.Markdown(visible=False, elem_id="kosum-approval")
                with gr.Row():
                    approve = gr.Button(say("approve", language), variant="stop", visible=False, elem_id="kosum-approve")
                    reject = gr.Button(say("reject", language), visible=False, elem_id="kosum-reject")
                article = gr.Textbox(label=say("article", language), lines=5, elem_id="kosum-article")
                summarize_btn = gr.Button(say("summarize", language), elem_id="kosum-summarize")
            with gr.Column(scale=2):
                jobs_title = gr.Markdown(f"### {say('jobs', language)}")
                jobs_html = gr.HTML(elem_id="kosum-jobs")
                loss_plot = gr.LinePlot(x="step", y="loss", color="series", height=220, visible=False,
                                        elem_id="kosum-loss")
                resources_title = gr.Markdown(f"### {say('resources', language)}")
                resources = gr.Dataframe(interactive=False, wrap=True, elem_id="kosum-resources",
                                         column_widths=["30%", "13%", "21%", "12%", "11%", "13%"])
                total = gr.Markdown(elem_id="kosum-total")
        turn_outputs = [chatbot, approval, approve, reject, resources, total, reply_state, box, send, article,
                        summarize_btn]
        chrome_outputs = [header, box, send, article, summarize_btn, fresh, jobs_title, resources_title]
        gr.Timer(2.0).tick(_jobs_view, [lang_state], [jobs_html, loss_plot])
        gr.Timer(10.0).tick(panels, [lang_state], [resources, total])  # AWS: not every 2 s
        for trigger in (box.submit, send.click):
            trigger(add_user, [box, chatbot], [box, chatbot, pending_msg, send, article, summarize_btn],
                    queue=False).then(respond, [pending_msg, chatbot, thread, lang_state], turn_outputs)
        summarize_btn.click(add_user, [article, chatbot], [article, chatbot, pending_msg, box, send, summarize_btn],
                            queue=False).then(summarize_article, [pending_msg, chatbot, thread, lang_state],
                                              turn_outputs)
        for button, kind in ((approve, "approve"), (reject, "reject")):
            button.click(lambda: (gr.update(visible=False), gr.update(visible=False), *inputs(False)), None,
                         [approve, reject, box, send, article, summarize_btn], queue=False).then(
                decide(kind), [chatbot, thread, lang_state, reply_state], turn_outputs)
        fresh.click(new_chat, [lang_state], [thread, thread_store, chatbot, approval, approve, reject])
        switcher.change(switch, [switcher], [lang_state, lang_store, reply_state, *chrome_outputs, approve, reject, resources, total,
                                             jobs_html, loss_plot])
        demo.load(on_load, [thread_store, lang_store],
                  [thread, thread_store, lang_state, lang_store, reply_state, switcher, chatbot, approval, approve, reject,
                   *chrome_outputs, resources, total])
        demo.load(_jobs_view, [lang_state], [jobs_html, loss_plot])
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
    from assistant.intents import classifier

    agent = AgentWhenReady()
    demo = build_app(language or settings.language, agent).queue()
    demo.launch(server_name=host, server_port=port, auth=credentials, show_error=False, prevent_thread_lock=True,
                allowed_paths=[str(settings.path("evals"))], css=CSS)  # evaluation charts shown in the chat
    threading.Thread(target=lambda: (agent.build(), classifier()), daemon=True).start()  # once the page is served
    demo.block_thread()
