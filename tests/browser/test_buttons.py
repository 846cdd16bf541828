"""`buttons=` in the browser, as gr.HighlightedText and gr.Label take it: a gr.Button in the
panel's corner runs its own `.click` with the panel's value, and "copy" puts the document's text
on the clipboard. Both are reachable from the keyboard, named for screen readers and pass axe."""

from __future__ import annotations

import json

import gradio as gr
import pytest

from browser.conftest import axe_violations, launch, open_app
from gradio_sentimentpanel import SentimentPanel

pytestmark = pytest.mark.browser

VALUE = {
    "text": "Grüße aus Köln 🌍, said Ada.",
    "entities": [{"start": 10, "end": 14, "label": "LOC", "score": 0.9}, {"start": 23, "end": 26, "label": "PER"}],
}


@pytest.fixture(scope="module")
def app_url():
    with gr.Blocks() as demo:
        send = gr.Button("Send to review")
        panel = SentimentPanel(VALUE, label="Analysis", buttons=["copy", send], elem_id="panel")
        got = gr.Textbox(label="Received", elem_id="received")
        send.click(lambda v: json.dumps({"text": v.text, "labels": [e.label for e in v.entities]}), panel, got)
    url = launch(demo)
    yield url
    demo.close()


def test_a_custom_button_runs_its_click_with_the_panel_value(browser, app_url):
    page = open_app(browser, app_url, "#panel [data-testid=sentimentpanel-text]")
    try:
        # drawn in the corner, not as a button of the layout
        button = page.locator("#panel").get_by_role("button", name="Send to review")
        assert button.count() == 1
        assert page.get_by_role("button", name="Send to review").count() == 1, "the gr.Button is also drawn in the layout"
        button.click()
        page.wait_for_function("document.querySelector('#received textarea')?.value.length > 0", timeout=20000)
        assert json.loads(page.input_value("#received textarea")) == {"text": VALUE["text"], "labels": ["LOC", "PER"]}
        assert page.errors == []
    finally:
        page.context.close()


def test_copy_puts_the_text_on_the_clipboard_from_the_keyboard(browser, app_url):
    page = open_app(browser, app_url, "#panel [data-testid=sentimentpanel-text]")
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
        copy = page.locator("#panel").get_by_role("button", name="Copy text")
        copy.focus()
        page.keyboard.press("Enter")
        page.locator("#panel").get_by_role("button", name="Copied").wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == VALUE["text"]
        assert page.locator("#panel [data-testid=sentimentpanel-copy-status]").inner_text() == "Copied"
        assert axe_violations(page, "#panel") == []
        assert page.errors == []
    finally:
        page.context.close()
