"""The panel in a real browser: text fidelity, safety, events and looks."""

from __future__ import annotations

import json

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_ENTITY_TEXTS, JS_VISIBLE_TEXT, launch
from .values import ARABIC, LONG, MIXED, SHOWCASE, XSS, XSS_LABEL

pytestmark = pytest.mark.browser


def on_select(evt: gr.SelectData) -> str:
    return json.dumps({"index": evt.index, "value": evt.value}, ensure_ascii=False)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks(title="SentimentPanel browser tests") as demo:
        showcase = SentimentPanel(SHOWCASE, label="Review", elem_id="showcase")
        mixed = SentimentPanel(MIXED, label="Scripts", elem_id="mixed", show_sentiment=False)
        SentimentPanel(XSS, label="Hostile", elem_id="xss")
        thresholded = SentimentPanel(SHOWCASE, label="Thresholded", elem_id="thresholded", min_score=0.8)
        SentimentPanel(LONG, label="Long", elem_id="long", show_sentiment=False)
        SentimentPanel(ARABIC, label="Arabic", elem_id="arabic")
        updatable = SentimentPanel(None, label="Updatable", elem_id="updatable")
        update = gr.Button("Update", elem_id="update")
        changes = gr.Number(0, label="Changes", elem_id="changes")
        update.click(lambda: {"text": "Oslo in May.", "entities": [{"start": 0, "end": 4, "label": "LOC", "score": 0.9}]}, None, updatable)
        updatable.change(lambda n: n + 1, changes, changes)
        example_target = SentimentPanel(None, label="From examples", elem_id="example-target")
        gr.Examples([[SHOWCASE]], inputs=[example_target], elem_id="examples")
        with gr.Row():
            SentimentPanel("Left.", label="Left", elem_id="left")
            SentimentPanel("Right, twice as wide.", label="Right", elem_id="right", scale=2)
        selected = gr.Textbox(label="Selected", elem_id="selected")
        showcase.select(on_select, None, selected)
        mixed.select(on_select, None, selected)
        thresholded.select(on_select, None, selected)
    url = launch(demo)
    yield url
    demo.close()


def open_page(browser, url: str, *, dark: bool = False, width: int = 1100, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + ("?__theme=dark" if dark else ""))
    page.wait_for_selector("#showcase [data-testid=sentimentpanel-text] mark", timeout=20000)
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(browser, app):
    p = open_page(browser, app)
    yield p
    assert p.errors == [], f"page errors: {p.errors}"
    p.close()


def text_el(page, elem_id: str):
    return page.locator(f"#{elem_id} [data-testid=sentimentpanel-text]")


def test_every_highlight_shows_exactly_its_python_slice(page):
    root = text_el(page, "mixed")
    text = MIXED["text"]
    assert root.evaluate(JS_VISIBLE_TEXT) == text
    got = root.evaluate(JS_ENTITY_TEXTS)
    for i, e in enumerate(MIXED["entities"]):
        assert got.get(str(i)) == text[e["start"] : e["end"]], (i, e["label"])
    assert set(got) == {str(i) for i in range(len(MIXED["entities"]))}


def test_right_to_left_text_runs_right_to_left_and_keeps_its_highlights(page):
    root = text_el(page, "arabic")
    text = ARABIC["text"]
    assert root.evaluate(JS_VISIBLE_TEXT) == text
    got = root.evaluate(JS_ENTITY_TEXTS)
    for i, e in enumerate(ARABIC["entities"]):
        assert got[str(i)] == text[e["start"] : e["end"]]
    # the first word of the paragraph sits at the right edge
    first = root.locator("mark").first.bounding_box()
    box = root.bounding_box()
    assert first["x"] > box["x"] + box["width"] / 2
    # three-way sentiment: all three labels with their shares
    view = page.locator("#arabic [data-testid=sentimentpanel-sentiment]").inner_text()
    for part in ("positive", "88%", "neutral", "9%", "negative", "3%"):
        assert part in view


def test_panels_in_a_row_sit_side_by_side_and_honour_scale(page):
    left = page.locator("#left").bounding_box()
    right = page.locator("#right").bounding_box()
    assert left["y"] == pytest.approx(right["y"], abs=1)
    assert right["x"] > left["x"] + left["width"] - 1
    assert right["width"] == pytest.approx(2 * left["width"], rel=0.1)


def test_highlights_are_announced_and_reachable_by_keyboard(page):
    root = text_el(page, "showcase")
    names = root.locator(".badge").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert "Ada Lovelace, PER 100%, POSITIVE sentiment 97%" in names
    assert "London, LOC 99%, POSITIVE sentiment 97%" in names
    assert len(names) == len(SHOWCASE["entities"])
    page.locator("#showcase [data-testid=sentimentpanel-legend] button").first.focus()
    # tab from the last control before the text into the first highlight
    page.locator("#showcase input[type=range]").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Ada Lovelace, PER")
    tooltip = page.locator("[data-testid=sentimentpanel-tooltip]")
    assert tooltip.is_visible()
    assert "PER" in tooltip.inner_text() and "POSITIVE" in tooltip.inner_text()


def test_markup_in_text_and_labels_is_shown_literally_and_runs_nothing(page):
    root = text_el(page, "xss")
    assert root.evaluate(JS_VISIBLE_TEXT) == XSS["text"]
    assert page.locator("#xss img").count() == 0
    assert page.locator("#xss script").count() == 0
    assert page.locator("#xss b").count() == 0
    assert page.evaluate("window.__xss") is None
    legend = page.locator("#xss [data-testid=sentimentpanel-legend]").inner_text()
    assert XSS_LABEL in legend
    assert "<script>window.__xss=4</script>" in legend
    assert "<b>NEG</b>" in page.locator("#xss [data-testid=sentimentpanel-sentiment]").inner_text()
    # hovering the hostile entity shows its label as text too
    root.locator("mark").first.hover()
    assert XSS_LABEL in page.locator("[data-testid=sentimentpanel-tooltip]").inner_text()
    assert page.evaluate("window.__xss") is None


def test_clicking_an_entity_sends_it_to_the_python_select_handler(page):
    root = text_el(page, "mixed")
    i = next(k for k, e in enumerate(MIXED["entities"]) if e["label"] == "ORG")
    root.locator(f"mark[data-top='{i}']").first.click()
    box = page.locator("#selected textarea")
    page.wait_for_function("el => el.value.length > 0", arg=box.element_handle(), timeout=10000)
    got = json.loads(box.input_value())
    assert got["index"] == i
    want = MIXED["entities"][i]
    assert {k: got["value"][k] for k in ("start", "end", "label")} == {
        k: want[k] for k in ("start", "end", "label")
    }
    assert got["value"]["score"] == pytest.approx(want["score"])


def test_pressing_enter_on_a_focused_highlight_selects_it(page):
    badge = text_el(page, "showcase").locator(".badge").nth(3)
    want = int(badge.get_attribute("data-entity"))
    badge.focus()
    page.keyboard.press("Enter")
    box = page.locator("#selected textarea")
    page.wait_for_function(
        "([el, i]) => el.value && JSON.parse(el.value).index === i",
        arg=[box.element_handle(), want],
        timeout=10000,
    )
    got = json.loads(box.input_value())
    assert got["value"]["label"] == SHOWCASE["entities"][want]["label"]
    assert got["value"]["start"] == SHOWCASE["entities"][want]["start"]
    page.keyboard.press("Escape")
    assert page.locator("[data-testid=sentimentpanel-tooltip]").count() == 0


def test_legend_counts_and_toggles_labels(page):
    legend = page.locator("#showcase [data-testid=sentimentpanel-legend]")
    per = legend.locator("button[data-label=PER]")
    assert per.locator(".count").inner_text() == "3"
    root = text_el(page, "showcase")
    assert "Ada Lovelace" in root.evaluate(JS_ENTITY_TEXTS).values()
    per.click()
    assert per.get_attribute("aria-pressed") == "false"
    shown = root.evaluate(JS_ENTITY_TEXTS)
    assert "Ada Lovelace" not in shown.values() and "London" in shown.values()
    assert root.evaluate(JS_VISIBLE_TEXT) == SHOWCASE["text"]
    per.click()
    assert "Ada Lovelace" in root.evaluate(JS_ENTITY_TEXTS).values()


def test_threshold_starts_at_min_score_and_filters_in_the_browser(page):
    root = text_el(page, "thresholded")
    slider = page.locator("#thresholded input[type=range]")
    assert slider.input_value() == "0.8"
    low = {i for i, e in enumerate(SHOWCASE["entities"]) if e["score"] < 0.8}
    shown = set(map(int, root.evaluate(JS_ENTITY_TEXTS)))
    assert shown.isdisjoint(low) and shown
    slider.fill("0")
    shown = set(map(int, root.evaluate(JS_ENTITY_TEXTS)))
    assert shown == set(range(len(SHOWCASE["entities"])))
    assert page.locator("#thresholded [data-testid=sentimentpanel-shown]").inner_text() == (
        f"{len(SHOWCASE['entities'])} of {len(SHOWCASE['entities'])} shown"
    )


def test_document_sentiment_shows_the_whole_distribution(page):
    view = page.locator("#showcase [data-testid=sentimentpanel-sentiment]")
    text = view.inner_text()
    assert "POSITIVE" in text and "74%" in text and "NEGATIVE" in text and "26%" in text
    assert view.locator("[role=meter]").count() == 2
    # sentences are tinted by their sentiment
    assert page.locator("#showcase .sent").count() > 0


def test_a_long_document_renders_what_is_near_the_viewport_and_the_rest_on_scroll(page):
    root = text_el(page, "long")
    text, entities = LONG["text"], LONG["entities"]
    root.scroll_into_view_if_needed()
    assert root.locator(".placeholder").count() > 0
    assert root.locator("mark").count() < len(entities) / 2

    def check_rendered():
        got = root.evaluate(JS_ENTITY_TEXTS)
        for i, shown in got.items():
            e = entities[int(i)]
            assert shown == text[e["start"] : e["end"]], i
        return got

    assert "0" in check_rendered()
    root.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    last = str(len(entities) - 1)
    page.wait_for_function(
        "([el, i]) => el.querySelector(`[data-entity~='${i}']`) !== null",
        arg=[root.element_handle(), last],
        timeout=10000,
    )
    # the end of the text is there now, scrolled into view, and obeys the contract
    assert last in check_rendered()
    tail = root.evaluate(JS_VISIBLE_TEXT)
    assert tail.endswith(text[-200:])


def test_a_new_value_from_python_replaces_the_empty_state_and_fires_change_once(page):
    panel = page.locator("#updatable")
    assert panel.locator("[data-testid=sentimentpanel-text]").count() == 0
    page.locator("#update").click()
    page.wait_for_selector("#updatable [data-testid=sentimentpanel-text] mark")
    assert text_el(page, "updatable").evaluate(JS_ENTITY_TEXTS) == {"0": "Oslo"}
    page.wait_for_function("() => document.querySelector('#changes input').value === '1'", timeout=10000)
    page.wait_for_timeout(500)
    assert page.locator("#changes input").input_value() == "1"


def test_examples_show_a_highlighted_preview_and_load_into_the_panel(page):
    page.wait_for_selector("#examples mark", timeout=10000)
    preview = page.locator("#examples mark")
    assert preview.count() >= 3
    assert preview.first.inner_text() == "Ada Lovelace"
    page.locator("#examples").get_by_text("Ada Lovelace").first.click()
    page.wait_for_selector("#example-target [data-testid=sentimentpanel-text] mark")
    assert text_el(page, "example-target").evaluate(JS_VISIBLE_TEXT) == SHOWCASE["text"]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(browser, app, artifacts, theme):
    page = open_page(browser, app, dark=theme == "dark")
    try:
        if theme == "dark":
            assert page.evaluate("document.body.classList.contains('dark')")
        page.locator("#showcase").screenshot(path=str(artifacts / f"sentimentpanel-{theme}.png"))
        page.locator("#mixed").screenshot(path=str(artifacts / f"sentimentpanel-scripts-{theme}.png"))
        page.locator("#xss").screenshot(path=str(artifacts / f"sentimentpanel-hostile-{theme}.png"))
        page.locator("#arabic").screenshot(path=str(artifacts / f"sentimentpanel-arabic-{theme}.png"))
        page.wait_for_selector("#examples mark", timeout=10000)
        page.locator("#examples").screenshot(path=str(artifacts / f"sentimentpanel-examples-{theme}.png"))
        page.locator("#long").screenshot(path=str(artifacts / f"sentimentpanel-long-{theme}.png"))
        page.locator("#showcase mark[data-top]").nth(0).click()
        page.locator("#showcase").screenshot(path=str(artifacts / f"sentimentpanel-selected-{theme}.png"))
        page.locator("#showcase mark[data-top]").nth(3).hover()
        page.wait_for_selector("[data-testid=sentimentpanel-tooltip]")
        page.screenshot(path=str(artifacts / f"sentimentpanel-tooltip-{theme}.png"))
        assert page.errors == []
    finally:
        page.close()
