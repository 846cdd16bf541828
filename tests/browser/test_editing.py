"""Editing in a real browser: add, relabel, delete and undo, by mouse and by keyboard.

The document has emoji (a flag, a ZWJ family) and CJK before the edited words,
so code-point offsets differ from UTF-16 ones; the Python handler must receive
exactly the expected PanelData.
"""

from __future__ import annotations

import copy

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_ENTITY_TEXTS, JS_SELECT, JS_VISIBLE_TEXT, JS_WORD_RECT, launch

pytestmark = pytest.mark.browser

TEXT = "東京 🇯🇵 with 👨‍👩‍👧 today: Alice met Bob in Paris, and 大阪 too."


def span(word: str, label: str, score: float | None = 0.9, sentiment=None) -> dict:
    start = TEXT.index(word)
    return {"start": start, "end": start + len(word), "label": label, "score": score, "sentiment": sentiment,
            "kb_id": None, "kb_url": None}


POS = {"label": "POSITIVE", "score": 0.8, "scores": {"POSITIVE": 0.8, "NEGATIVE": 0.2}}
VALUE = {
    "text": TEXT,
    "entities": [span("東京", "LOC"), span("Alice", "PER", 0.97, POS), span("Bob", "PER", 0.91), span("Paris", "LOC", 0.88)],
    "sentiment": POS,
    "sentences": [{"start": 0, "end": len(TEXT), "sentiment": POS}],
    "attributions": [],
    "reference": None,
}
LABELS = ["PER", "LOC", "ORG"]


@pytest.fixture(scope="module")
def app():
    received: list[dict] = []

    def on_input(v):
        received.append(v.model_dump() if v is not None else None)
        return len(received)

    with gr.Blocks() as demo:
        panel = SentimentPanel(VALUE, label="Corrections", elem_id="editor", interactive=True, labels=LABELS)
        SentimentPanel(VALUE, label="Viewer", elem_id="viewer")
        count = gr.Number(0, label="Inputs", elem_id="inputs")
        cleared = gr.Number(0, label="Clears", elem_id="clears")
        panel.input(on_input, panel, count)
        panel.clear(lambda n: n + 1, cleared, cleared)
    url = launch(demo)
    yield url, received
    demo.close()


@pytest.fixture
def editor(browser, app):
    url, received = app
    received.clear()
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + getattr(editor, "query", ""))
    page.wait_for_selector("#editor [data-testid=sentimentpanel-text] mark")
    yield page, received
    assert errors == []
    page.close()


def text_root(page):
    return page.locator("#editor [data-testid=sentimentpanel-text]")


def popover(page):
    return page.locator("[data-testid=sentimentpanel-popover]")


def wait_inputs(page, received, n: int) -> dict:
    page.wait_for_function(f"() => document.querySelector('#inputs input').value === '{n}'", timeout=10000)
    assert len(received) == n
    return received[-1]


def expected(entities: list[dict]) -> dict:
    out = copy.deepcopy(VALUE)
    out["entities"] = entities
    return out


def check_view(page, value: dict) -> None:
    root = text_root(page)
    assert root.evaluate(JS_VISIBLE_TEXT) == TEXT
    got = root.evaluate(JS_ENTITY_TEXTS)
    want = {str(i): TEXT[e["start"] : e["end"]] for i, e in enumerate(value["entities"])}
    assert got == want


E = VALUE["entities"]
MET = span("met", "ORG", None)
BOB_LOC = {**E[2], "label": "LOC", "score": None}


def test_add_relabel_delete_and_undo_with_the_mouse(editor):
    page, received = editor
    root = text_root(page)
    # drag across part of "met": the selection snaps to the word
    r = root.evaluate(JS_WORD_RECT, "met")
    page.mouse.move(r["x"] + 2, r["y"] + r["h"] / 2)
    page.mouse.down()
    page.mouse.move(r["x"] + r["w"] - 3, r["y"] + r["h"] / 2, steps=5)
    page.mouse.up()
    expect_pop = popover(page)
    expect_pop.wait_for()
    assert expect_pop.locator(".quote").inner_text() == "met"
    expect_pop.locator("button.choice[data-label=ORG]").click()
    v = wait_inputs(page, received, 1)
    want = expected([E[0], E[1], MET, E[2], E[3]])
    assert v == want
    check_view(page, want)
    assert page.locator("#editor [data-testid=sentimentpanel-status]").inner_text().startswith("Added")

    # relabel Bob (now entity 3) by clicking it
    root.locator("mark[data-top='3']").first.click()
    popover(page).locator("button.choice[data-label=LOC]").click()
    v = wait_inputs(page, received, 2)
    want = expected([E[0], E[1], MET, BOB_LOC, E[3]])
    assert v == want

    # delete Paris with the popover's button
    root.locator("mark[data-top='4']").first.click()
    popover(page).get_by_role("button", name="Delete entity").click()
    v = wait_inputs(page, received, 3)
    want = expected([E[0], E[1], MET, BOB_LOC])
    assert v == want
    check_view(page, want)

    # undo all three with the toolbar button, redo one
    undo = page.locator("#editor").get_by_role("button", name="Undo")
    for n in (4, 5, 6):
        undo.click()
        wait_inputs(page, received, n)
    assert received[-1] == VALUE
    check_view(page, VALUE)
    assert undo.is_disabled()
    page.locator("#editor").get_by_role("button", name="Redo").click()
    assert wait_inputs(page, received, 7) == expected([E[0], E[1], MET, E[2], E[3]])


def test_add_relabel_delete_and_undo_with_the_keyboard(editor):
    page, received = editor
    root = text_root(page)
    # a selection made without the mouse, then the keyboard: Tab to "Add entity" and press Enter
    assert root.evaluate(JS_SELECT, ["met", 1, 2])
    add = page.locator("#editor").get_by_role("button", name="Add entity")
    add.focus()
    page.keyboard.press("Enter")
    popover(page).wait_for()
    page.keyboard.press("3")  # ORG
    want = expected([E[0], E[1], MET, E[2], E[3]])
    assert wait_inputs(page, received, 1) == want
    # focus stays on the new entity's badge
    assert page.evaluate("() => document.activeElement.dataset.entity") == "2"

    # the right arrow to Bob's badge (the text is one Tab stop) and press 2 (LOC)
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.dataset.entity") == "3"
    page.keyboard.press("2")
    assert wait_inputs(page, received, 2) == expected([E[0], E[1], MET, BOB_LOC, E[3]])

    # Enter opens the popover of the focused entity; Escape closes it and focus returns
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.dataset.entity") == "4"
    page.keyboard.press("Enter")
    popover(page).wait_for()
    page.keyboard.press("Escape")
    popover(page).wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.dataset.entity") == "4"
    # Delete deletes it
    page.keyboard.press("Delete")
    want = expected([E[0], E[1], MET, BOB_LOC])
    assert wait_inputs(page, received, 3) == want
    check_view(page, want)

    # a typed label, through the popover of the focused entity
    page.locator("#editor .badge[data-entity='1']").focus()
    page.keyboard.press("Enter")
    popover(page).wait_for()
    # typing a letter goes to the new-label field
    page.keyboard.type("PERSON")
    page.keyboard.press("Enter")
    want = expected([E[0], {**E[1], "label": "PERSON", "score": None}, MET, BOB_LOC])
    assert wait_inputs(page, received, 4) == want

    # Ctrl+Z four times restores the value; Ctrl+Shift+Z and Ctrl+Y redo
    for n in (5, 6, 7, 8):
        page.keyboard.press("Control+z")
        wait_inputs(page, received, n)
    assert received[-1] == VALUE
    check_view(page, VALUE)
    page.keyboard.press("Control+Shift+z")
    assert wait_inputs(page, received, 9) == expected([E[0], E[1], MET, E[2], E[3]])
    page.keyboard.press("Control+y")
    assert wait_inputs(page, received, 10) == expected([E[0], E[1], MET, BOB_LOC, E[3]])


def test_nested_entity_inside_an_existing_one(editor):
    page, received = editor
    root = text_root(page)
    # "Paris" is an entity; with snapping off, select "ari" inside it
    page.locator("#editor").get_by_label("snap to words").uncheck()
    assert root.evaluate(JS_SELECT, ["Paris", 1, 4])
    page.locator("#editor").get_by_role("button", name="Add entity").click()
    popover(page).locator("button.choice[data-label=ORG]").click()
    inner = {"start": TEXT.index("Paris") + 1, "end": TEXT.index("Paris") + 4, "label": "ORG", "score": None, "sentiment": None, "kb_id": None, "kb_url": None}
    want = expected([E[0], E[1], E[2], E[3], inner])
    assert wait_inputs(page, received, 1) == want
    check_view(page, want)


def test_download_is_the_value_as_json(editor):
    page, received = editor
    import json

    with page.expect_download() as d:
        page.locator("#editor").get_by_role("button", name="Download as JSON").click()
    download = d.value
    assert download.suggested_filename == "Corrections.json"
    assert json.loads(open(download.path(), encoding="utf-8").read()) == VALUE


@pytest.mark.parametrize("dark", [False, True])
def test_popover_screenshot(browser, app, artifacts, dark):
    url, _ = app
    page = browser.new_page(viewport={"width": 900, "height": 560})
    page.goto(url + ("?__theme=dark" if dark else ""))
    page.wait_for_selector("#editor [data-testid=sentimentpanel-text] mark")
    text_root(page).locator("mark[data-top='2']").first.click()
    popover(page).wait_for()
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"popover-{'dark' if dark else 'light'}.png"))
    bg = popover(page).evaluate("(el) => getComputedStyle(el).backgroundColor")
    fg = popover(page).evaluate("(el) => getComputedStyle(el).color")
    assert bg != fg
    page.close()


def test_enter_with_a_selection_adds_and_escape_cancels(editor):
    page, received = editor
    root = text_root(page)
    # a selection made with Shift+arrows leaves focus on the page: Enter opens the add popover
    assert root.evaluate(JS_SELECT, ["Alice", 0, 5])
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Enter")
    popover(page).wait_for()
    assert popover(page).locator(".quote").inner_text() == "Alice"
    # Escape closes without an edit
    page.keyboard.press("Escape")
    popover(page).wait_for(state="detached")
    page.wait_for_timeout(300)
    assert received == []
    # Shift+arrows grow a selection; with snapping off the popover shows exactly what was selected
    page.locator("#editor").get_by_label("snap to words").uncheck()
    assert root.evaluate(JS_SELECT, ["met", 0, 1])
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    popover(page).wait_for()
    assert popover(page).locator(".quote").inner_text() == "me"
    page.keyboard.press("Escape")
    popover(page).wait_for(state="detached")
    page.locator("#editor").get_by_label("snap to words").check()
    # the same exact entity again is refused, with a message, and no event
    assert root.evaluate(JS_SELECT, ["Alice", 0, 5])
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Enter")
    popover(page).locator("button.choice[data-label=PER]").click()
    status = page.locator("#editor [data-testid=sentimentpanel-status]")
    assert "PER" in status.inner_text() and status.inner_text() != ""
    page.wait_for_timeout(300)
    assert received == []


def test_a_viewer_panel_does_not_edit(editor):
    page, received = editor
    viewer = page.locator("#viewer")
    root = viewer.locator("[data-testid=sentimentpanel-text]")
    root.locator("mark[data-top='2']").first.click()
    r = root.evaluate(JS_WORD_RECT, "met")
    page.mouse.move(r["x"] + 1, r["y"] + r["h"] / 2)
    page.mouse.down()
    page.mouse.move(r["x"] + r["w"] - 1, r["y"] + r["h"] / 2, steps=4)
    page.mouse.up()
    page.keyboard.press("Enter")
    viewer.locator(".badge[data-entity='2']").focus()
    page.keyboard.press("Delete")
    page.keyboard.press("Control+z")
    page.wait_for_timeout(400)
    assert popover(page).count() == 0
    assert viewer.get_by_role("button", name="Undo").count() == 0
    assert viewer.get_by_role("button", name="Add entity").count() == 0
    assert viewer.get_by_role("button", name="Download as JSON").count() == 1
    assert root.evaluate(JS_ENTITY_TEXTS) == {str(i): TEXT[e["start"] : e["end"]] for i, e in enumerate(E)}
    assert received == []


def test_clear_button_empties_the_editor_and_fires_clear(editor):
    page, received = editor
    assert page.locator("#viewer").get_by_role("button", name="Clear").count() == 0
    page.locator("#editor").get_by_role("button", name="Clear").click()
    page.wait_for_function("() => document.querySelector('#clears input').value === '1'", timeout=10000)
    assert wait_inputs(page, received, 1) is None  # the input handler gets an empty panel
    assert page.locator("#editor [data-testid=sentimentpanel-text]").count() == 0

