"""A generator streaming growing values into the panel: every value is drawn as it arrives."""

from __future__ import annotations

import time

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_VISIBLE_TEXT, launch

pytestmark = pytest.mark.browser

SENTENCES = ["Oslo is calm.", "Bergen is wet.", "Tromsø is cold."]


def growing(n: int) -> dict:
    text, sentences, entities, at = "", [], [], 0
    for s in SENTENCES[:n]:
        if text:
            text += " "
            at += 1
        sentences.append({"start": at, "end": at + len(s), "sentiment": {"label": "POSITIVE", "score": 0.9}})
        word = s.split()[0]
        entities.append({"start": at, "end": at + len(word), "label": "LOC", "score": 0.9})
        text += s
        at += len(s)
    return {"text": text, "entities": entities, "sentences": sentences}


def stream():
    for n in range(1, len(SENTENCES) + 1):
        if n > 1:
            time.sleep(0.6)
        yield growing(n)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        panel = SentimentPanel(None, label="Streamed", elem_id="streamed")
        changes = gr.Number(0, label="Changes", elem_id="changes")
        go = gr.Button("Go", elem_id="go")
        go.click(stream, None, panel)
        panel.change(lambda n: n + 1, changes, changes)
    url = launch(demo)
    yield url
    demo.close()


def test_each_streamed_value_is_drawn_before_the_last(browser, app):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(app)
    page.click("#go")
    text = page.locator("#streamed [data-testid=sentimentpanel-text]")
    seen: list[str] = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if text.count():
            t = text.evaluate(JS_VISIBLE_TEXT)
            if not seen or seen[-1] != t:
                seen.append(t)
            if t == growing(3)["text"]:
                break
        time.sleep(0.05)
    assert seen and seen[-1] == growing(3)["text"], seen
    # the intermediate value (two sentences) was on screen before the final one
    assert growing(2)["text"] in seen, seen
    assert seen.index(growing(2)["text"]) < seen.index(growing(3)["text"])
    assert text.locator("mark[data-entity]").count() == 3
    # one change per value: three values, three changes
    page.wait_for_function("() => document.querySelector('#changes input').value === '3'", timeout=5000)
    page.wait_for_timeout(800)
    assert page.locator("#changes input").input_value() == "3"
    assert errors == []
    page.close()
