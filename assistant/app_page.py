"""The app's page: its layout (one `Page` holding every component) and what each part of it shows, always as
{component: value or update}, so a handler says which component each value is for and a new component cannot
shift the others. The chat's messages are drawn here too (`render`); which event does what is assistant/app.py's."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from assistant.messages import localize, say

LANGUAGES = [("한국어", "ko"), ("English", "en")]

Shown = dict[Any, Any]  # {component: value or gr.update(...)}


@dataclass(frozen=True, kw_only=True)
class Page:
    """Every component of the page, and the groups that one view fills."""

    thread_store: Any  # the conversation's id in the browser (survives a reload)
    lang_store: Any  # the page's language in the browser
    thread: Any
    lang_state: Any  # the page's language
    reply_state: Any  # the language the last answered message was in
    pending_msg: Any  # the message being answered, once its box is cleared
    header: Any
    switcher: Any
    fresh: Any
    chatbot: Any
    box: Any
    send: Any
    approval: Any
    approve: Any
    reject: Any
    article: Any
    summarize_btn: Any
    jobs_title: Any
    jobs_html: Any
    loss_plot: Any
    resources_title: Any
    resources: Any
    total: Any

    @property
    def card(self) -> set:
        return {self.approval, self.approve, self.reject}

    @property
    def inputs(self) -> set:
        return {self.box, self.send, self.article, self.summarize_btn}

    @property
    def panel(self) -> set:
        return {self.resources, self.total}

    @property
    def jobs(self) -> set:
        return {self.jobs_html, self.loss_plot}

    @property
    def labels(self) -> set:
        return {self.header, self.box, self.send, self.article, self.summarize_btn, self.fresh, self.jobs_title,
                self.resources_title}

    def approval_card(self, waiting: str | None, language: str) -> Shown:
        """The plan waiting for approval with Approve/Reject, or none of the three."""
        import gradio as gr

        card = f"**{say('pending', language)}**\n\n```\n{localize(waiting, language)}\n```" if waiting else ""
        return {self.approval: gr.update(value=card, visible=bool(waiting)),
                self.approve: gr.update(value=say("approve", language), visible=bool(waiting)),
                self.reject: gr.update(value=say("reject", language), visible=bool(waiting))}

    def locks(self, interactive: bool) -> Shown:
        """The message box, Send, the article box and Summarize: locked while a turn runs (a message sent meanwhile
        would race the turn's last update of the chat), unlocked at its end."""
        import gradio as gr

        return {component: gr.update(interactive=interactive) for component in self.inputs}

    def chrome(self, language: str) -> Shown:
        """The page's labels in `language` (the approval buttons come with their visibility, in `approval_card`)."""
        import gradio as gr

        return {self.header: f"# {say('title', language)}\n{say('subtitle', language)}",
                self.box: gr.update(placeholder=say("placeholder", language)),
                self.send: gr.update(value=say("send", language)),
                self.article: gr.update(label=say("article", language)),
                self.summarize_btn: gr.update(value=say("summarize", language)),
                self.fresh: gr.update(value=say("new_chat", language)),
                self.jobs_title: f"### {say('jobs', language)}",
                self.resources_title: f"### {say('resources', language)}"}

    def resources_panel(self, language: str) -> Shown:
        """The table (name, kind, where, state, USD/hour, since) and the total line."""
        import gradio as gr
        import pandas as pd

        from tools.resources import active_resources, place

        columns = [say(key, language) for key in ("column_name", "column_kind", "column_where", "column_state",
                                                  "column_cost", "column_since")]
        records = active_resources()
        rows = [[r.id, localize(r.kind, language), place(r), localize(r.status, language),
                 f"{r.cost_per_hour or 0:.2f}", time.strftime("%m-%d %H:%M", time.localtime(r.created_at))]
                for r in records]
        total = sum(r.cost_per_hour or 0 for r in records)
        summary = say("total_per_hour", language, usd=f"{total:.2f}") if records else say("nothing_running", language)
        return {self.resources: gr.update(value=pd.DataFrame(rows, columns=columns)), self.total: summary}

    def jobs_panel(self, language: str) -> Shown:
        """The jobs' lines with progress bars, and the newest job's training and validation loss (hidden until
        any)."""
        import html

        import gradio as gr
        import pandas as pd

        from tools.jobs import job_headline, job_status

        jobs = job_status().data["jobs"]
        if not jobs:
            return {self.jobs_html: say("no_jobs", language), self.loss_plot: gr.update(visible=False)}
        rows = []
        for info in jobs[:5]:
            percent = int(100 * (info.get("fraction") or 0))
            line = localize(job_headline(info), language)
            rows.append(f"<div class='kosum-job'>{html.escape(line)}<progress value='{percent}' max='100' "
                        "data-testid='job-progress'></progress></div>")
        series = {say("train_loss", language): ("#1f77b4", jobs[0].get("loss_curve") or []),
                  say("eval_loss", language): ("#ff7f0e", jobs[0].get("eval_curve") or [])}
        points = [(step, loss, name) for name, (_, curve) in series.items() for step, loss in curve]
        # the chart's legend and colors are fixed by the series its first drawing sees: a series with no points yet
        # is there from the start as one empty point (not drawn), so its line appears as soon as it has points
        points += [(0, None, name) for name, (_, curve) in series.items() if not curve]
        return {self.jobs_html: "".join(rows), self.loss_plot: gr.update(
            value=pd.DataFrame(points, columns=["step", "loss", "series"]),
            visible=any(curve for _, curve in series.values()), x_title=say("axis_step", language),
            y_title=say("axis_loss", language), color_title=say("axis_series", language),
            color_map={name: color for name, (color, _) in series.items()})}


def layout(language: str) -> Page:
    """The components, placed (inside the caller's `gr.Blocks`) in `language`."""
    import gradio as gr

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
    return Page(thread_store=thread_store, lang_store=lang_store, thread=thread, lang_state=lang_state,
                reply_state=reply_state, pending_msg=pending_msg, header=header, switcher=switcher, fresh=fresh,
                chatbot=chatbot, box=box, send=send, approval=approval, approve=approve, reject=reject,
                article=article, summarize_btn=summarize_btn, jobs_title=jobs_title, jobs_html=jobs_html,
                loss_plot=loss_plot, resources_title=resources_title, resources=resources, total=total)


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
