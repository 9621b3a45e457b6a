"""The Gradio chat app: chat with one step box per tool call, Approve/Reject on the plan of anything costly or
destructive, a jobs panel (progress, loss curve from metrics.jsonl, GPUs and sharding) and a resources table (with
the total per hour) that refreshes after every turn and decision. Korean or English: the page follows its language
switch, each reply follows the language of the message it answers, and the conversation survives a reload.

This module says what each event on the page does; every handler answers {component: value} for the components its
event lists (the page and its views: assistant/app_page.py)."""
from __future__ import annotations

import threading
import uuid
from typing import Any

SUMMARIZE_PREFIX = "summarize: "  # what the article box sends: an article, never a command
CSS = """#kosum-resources table { table-layout: fixed; width: 100%; font-size: 12px; }
#kosum-resources td, #kosum-resources th { overflow-wrap: anywhere; white-space: normal; }"""  # the table fits its column


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

    from assistant.app_page import layout, render
    from assistant.messages import language_of, say

    def run_turn(shown: list, thread: str, page_language: str, reply: str, message: str | None = None,
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
                panel = {} if "piece" in event else page.resources_panel(page_language)  # not per token
                yield {page.chatbot: shown, **page.approval_card(None, reply), **panel, page.reply_state: reply}
        except Exception as exc:  # shown, and the inputs unlock again
            shown.append(gr.ChatMessage(role="assistant", content=f"{type(exc).__name__}: {exc}"))
        yield {page.chatbot: shown, **page.approval_card(waiting, reply), **page.resources_panel(page_language),
               page.reply_state: reply, **page.locks(True)}

    def add_user(source: Any):
        """Echo the message of `source` (the message box or the article box) at once and lock the inputs until its
        turn ends (nothing to do for an empty one)."""
        def handler(message: str, shown: list):
            if not message.strip():
                return {page.chatbot: shown, page.pending_msg: ""}
            return {**page.locks(False), source: gr.update(value="", interactive=False),
                    page.chatbot: shown + [gr.ChatMessage(role="user", content=message)], page.pending_msg: message}
        return handler

    def respond(message: str, shown: list, thread: str, page_language: str):
        if message.strip():
            yield from run_turn(shown, thread, page_language, language_of(message, page_language), message=message)

    def summarize_article(message: str, shown: list, thread: str, page_language: str):
        """The article box: a Korean article, answered in the page's language."""
        if message.strip():
            yield from run_turn(shown, thread, page_language, page_language, message=SUMMARIZE_PREFIX + message)

    def hide_card_and_lock():
        return {page.approve: gr.update(visible=False), page.reject: gr.update(visible=False), **page.locks(False)}

    def decide(kind: str):
        def handler(shown: list, thread: str, page_language: str, reply: str):
            yield from run_turn(shown, thread, page_language, reply or page_language, decision=kind)
        return handler

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
        return {page.thread: thread, page.thread_store: thread, page.lang_state: lang, page.lang_store: lang,
                page.reply_state: reply, page.switcher: gr.update(value=lang), page.chatbot: shown,
                **page.approval_card(pending_approval(agent.get(), thread), reply), **page.chrome(lang),
                **page.resources_panel(lang)}

    def new_chat(lang: str):
        thread = uuid.uuid4().hex
        return {page.thread: thread, page.thread_store: thread, page.chatbot: [], **page.approval_card(None, lang)}

    def switch(lang: str):
        return {page.lang_state: lang, page.lang_store: lang, page.reply_state: lang, **page.chrome(lang),
                page.approve: gr.update(value=say("approve", lang)), page.reject: gr.update(value=say("reject", lang)),
                **page.resources_panel(lang), **page.jobs_panel(lang),
                page.loss_plot: gr.update(visible=False)}  # the timer redraws the chart

    with gr.Blocks(title=say("title", language)) as demo:
        page = layout(language)
        turn = {page.chatbot, *page.card, *page.panel, page.reply_state, *page.inputs}
        echo = {page.chatbot, page.pending_msg, *page.inputs}
        gr.Timer(2.0).tick(page.jobs_panel, [page.lang_state], page.jobs)
        gr.Timer(10.0).tick(page.resources_panel, [page.lang_state], page.panel)  # AWS: not every 2 s
        for trigger in (page.box.submit, page.send.click):
            trigger(add_user(page.box), [page.box, page.chatbot], echo, queue=False).then(
                respond, [page.pending_msg, page.chatbot, page.thread, page.lang_state], turn)
        page.summarize_btn.click(add_user(page.article), [page.article, page.chatbot], echo, queue=False).then(
            summarize_article, [page.pending_msg, page.chatbot, page.thread, page.lang_state], turn)
        for button, kind in ((page.approve, "approve"), (page.reject, "reject")):
            button.click(hide_card_and_lock, None, {page.approve, page.reject, *page.inputs}, queue=False).then(
                decide(kind), [page.chatbot, page.thread, page.lang_state, page.reply_state], turn)
        page.fresh.click(new_chat, [page.lang_state], {page.thread, page.thread_store, page.chatbot, *page.card})
        page.switcher.change(switch, [page.switcher], {page.lang_state, page.lang_store, page.reply_state,
                                                       *page.labels, page.approve, page.reject, *page.panel,
                                                       *page.jobs})
        demo.load(on_load, [page.thread_store, page.lang_store],
                  {page.thread, page.thread_store, page.lang_state, page.lang_store, page.reply_state, page.switcher,
                   page.chatbot, *page.card, *page.labels, *page.panel})
        demo.load(page.jobs_panel, [page.lang_state], page.jobs)
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
