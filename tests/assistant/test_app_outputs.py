"""The page's handlers answer by component: every value a handler returns is keyed by a component of the page that
its event lists as an output, Gradio's own postprocessing takes it, and every output an event lists is set by its
handler. A renamed, removed or unlisted component, or a value meant for another component, fails here without a
browser: the page's events run in process, as a browser fires them, with the real agent and the offline AWS."""
from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from typing import Any

import pytest

ARTICLE = "서울시는 27일 내년부터 시내버스 요금을 200원 인상한다고 밝혔다. 시민단체는 서민 부담이 커진다며 반발했다."


def _name(component: Any) -> str:
    return f"{type(component).__name__} {getattr(component, 'elem_id', None) or component._id}"


class Browser:
    """What a browser holds of the page (each component's value and its last update) and the events it fires: an
    event runs its handler, then the handlers chained after it, each answer checked and applied."""

    def __init__(self, demo: Any) -> None:
        from gradio.state_holder import SessionState

        self.demo, self.session = demo, SessionState(demo)
        self.values: dict[Any, Any] = {}
        self.shown: dict[Any, dict[str, Any]] = defaultdict(dict)  # each component's last update (visible, label, ...)
        self.set_by: dict[int, set] = defaultdict(set)  # handler id -> the outputs it set at least once
        for block in demo.blocks.values():
            self.values[block] = getattr(block, "default_value", getattr(block, "value", None))

    def component(self, elem_id: str) -> Any:
        return next(b for b in self.demo.blocks.values() if getattr(b, "elem_id", None) == elem_id)

    def fire(self, event: str, elem_id: str | None = None) -> None:
        target = self.component(elem_id)._id if elem_id else None
        fired = [fn for fn in self.demo.fns.values() if any(
            name == event and (target is None or block == target) for block, name in fn.targets)]
        assert fired, f"no handler for {event} on {elem_id}"
        for fn in fired:
            self._run(fn)

    def _run(self, fn: Any) -> None:
        answers = fn.fn(*[self.values[block] for block in fn.inputs])
        for answer in answers if inspect.isgenerator(answers) else [answers]:
            self._apply(fn, answer)
        for after in self.demo.fns.values():
            if after.trigger_after == fn._id:
                self._run(after)

    def _apply(self, fn: Any, answer: Any) -> None:
        where = f"{fn.name} (handler {fn._id})"
        assert isinstance(answer, dict) and answer, f"{where} answered {answer!r}, not {{component: value}}"
        for component in answer:
            assert self.demo.blocks.get(getattr(component, "_id", None)) is component, \
                f"{where} answered for {_name(component)}, which is not on the page"
            assert component in fn.outputs, f"{where} answered for {_name(component)}, which its event does not list"
        self.set_by[fn._id] |= set(answer)
        for component, value in answer.items():
            update = value if isinstance(value, dict) and value.get("__type__") == "update" else {"value": value}
            self.shown[component].update(update)
            if "value" in update:
                self.values[component] = update["value"]
        asyncio.run(self.demo.postprocess_data(fn, answer, self.session))  # as Gradio takes it (after: it pops)

    def text(self, elem_id: str) -> str:
        value = self.values[self.component(elem_id)]
        if isinstance(value, list):  # the chat
            return "\n".join(str(getattr(m, "content", m)) for m in value)
        return str(value)

    def visible(self, elem_id: str) -> bool:
        return bool(self.shown[self.component(elem_id)].get("visible", True))

    def type(self, elem_id: str, text: str) -> None:
        self.values[self.component(elem_id)] = text


@pytest.fixture
def browser(aws, monkeypatch: pytest.MonkeyPatch) -> Browser:
    from assistant.app import AgentWhenReady, build_app

    monkeypatch.setenv("HF_TOKEN", "hf_for_the_gated_base_model")
    agent = AgentWhenReady()
    agent.build()
    browser = Browser(build_app("ko", agent))
    browser.fire("load")
    return browser


def test_every_handler_answers_for_the_outputs_its_event_lists(browser: Browser) -> None:
    assert "실행 중인 것도" in browser.text("kosum-total") and "아직 학습 작업이 없습니다" in browser.text("kosum-jobs")
    browser.fire("tick")
    ask = "SageMaker에서 ml.g5.12xlarge 2대로 학습해줘"
    browser.type("kosum-input", "샘플 데이터 준비해줘")
    browser.fire("submit", "kosum-input")
    assert "데이터를 준비했습니다" in browser.text("kosum-chat") and browser.text("kosum-input") == ""

    browser.type("kosum-article", ARTICLE)
    browser.fire("click", "kosum-summarize")  # nothing is deployed: answered with the reason, in Korean
    assert ARTICLE in browser.text("kosum-chat") and browser.text("kosum-article") == ""

    browser.type("kosum-input", ask)
    browser.fire("click", "kosum-send")
    assert browser.visible("kosum-approve") and "ml.g5.12xlarge" in browser.text("kosum-approval")
    assert browser.shown[browser.component("kosum-approve")]["value"] == "승인"
    browser.fire("click", "kosum-reject")
    assert "거절했습니다" in browser.text("kosum-chat") and not browser.visible("kosum-approve")

    browser.type("kosum-input", ask)
    browser.fire("click", "kosum-send")
    assert browser.visible("kosum-approve")
    browser.fire("click", "kosum-approve")
    assert not browser.visible("kosum-approve") and "학습 작업" in browser.text("kosum-resources")
    assert browser.shown[browser.component("kosum-input")]["interactive"] is True  # unlocked at the turn's end

    browser.fire("click", "kosum-new-chat")
    assert browser.text("kosum-chat") == ""
    browser.type("kosum-language", "en")
    browser.fire("change", "kosum-language")
    assert browser.shown[browser.component("kosum-send")]["value"] == "Send"
    assert browser.text("kosum-total").startswith("Total:") and " running " in browser.text("kosum-jobs")
    browser.fire("load")  # a reload: the page comes back in English
    assert browser.shown[browser.component("kosum-summarize")]["value"] == "Summarize"

    for fn in browser.demo.fns.values():
        unset = [_name(component) for component in fn.outputs if component not in browser.set_by[fn._id]]
        assert unset == [], f"{fn.name} (handler {fn._id}) never sets the outputs its event lists: {unset}"
