"""The entity summary in a real browser: sorting, jumping to mentions across lazily drawn
chunks, the keyboard, screen-reader text, axe in both themes, screenshots."""

from __future__ import annotations

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import axe_violations, launch

pytestmark = pytest.mark.browser

POS = {"label": "POSITIVE", "score": 0.9, "scores": {"POSITIVE": 0.9, "NEGATIVE": 0.1}}
NEG = {"label": "NEGATIVE", "score": 0.8, "scores": {"POSITIVE": 0.2, "NEGATIVE": 0.8}}


def long_value() -> dict:
    """~3,000 entities; "Zurich" is mentioned at the very start and far down the document."""
    parts, entities, at = [], [], 0

    def add(piece: str, label: str | None = None, sentiment=None):
        nonlocal at
        if label:
            entities.append({"start": at, "end": at + len(piece), "label": label, "score": 0.9, "sentiment": sentiment})
        parts.append(piece)
        at += len(piece)

    add("Zurich", "LOC", POS)
    add(" opened the report. ")
    for k in range(3000):
        add(f"Company{k % 300}", "ORG", NEG if k % 3 else POS)
        add(f" filed note {k}. ")
    add("Zurich", "LOC", POS)
    add(" closed it.")
    return {"text": "".join(parts), "entities": entities}


REVIEW = {
    "text": "I love Paris but hated London. Paris in May. Berlin was fine.",
    "entities": [
        {"start": 7, "end": 12, "label": "LOC", "score": 0.99, "sentiment": POS},
        {"start": 23, "end": 29, "label": "LOC", "score": 0.98, "sentiment": NEG},
        {"start": 31, "end": 36, "label": "LOC", "score": 0.97, "sentiment": POS},
        {"start": 45, "end": 51, "label": "LOC", "score": 0.96},
    ],
    "sentiment": POS,
}


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        SentimentPanel(REVIEW, label="Review", elem_id="review", show_summary=True)
        SentimentPanel(long_value(), label="Long", elem_id="long", show_summary=True, show_sentiment=False)
    url = launch(demo)
    yield url
    demo.close()


def open_page(browser, url, dark=False):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + ("?__theme=dark" if dark else ""))
    page.wait_for_selector("#long [data-testid=sentimentpanel-summary] tbody tr", timeout=30000)
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(browser, app):
    p = open_page(browser, app)
    yield p
    assert p.errors == []
    p.close()


def rows(page, elem_id):
    return page.locator(f"#{elem_id} [data-testid=sentimentpanel-summary] tbody th .text").all_inner_texts()


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_sorting_by_mentions_and_polarity(page):
    assert rows(page, "review") == ["Paris", "London", "Berlin"]
    sentiment = page.locator("#review th[aria-sort]").nth(1)
    sentiment.locator("button").click()
    assert sentiment.get_attribute("aria-sort") == "descending"
    assert rows(page, "review") == ["Paris", "London", "Berlin"]
    sentiment.locator("button").click()
    assert sentiment.get_attribute("aria-sort") == "ascending"
    assert rows(page, "review") == ["London", "Paris", "Berlin"]


def test_a_row_jumps_to_mentions_in_lazily_drawn_chunks(page):
    mentions = page.locator("#long th[aria-sort]").first
    mentions.locator("button").click()  # fewest mentions first: Zurich (2), then 300 companies (10 each)
    assert mentions.get_attribute("aria-sort") == "ascending"
    assert rows(page, "long")[0] == "Zurich" and len(rows(page, "long")) == 50  # a page of rows, not 301
    zurich = page.locator("#long tbody th button", has_text="Zurich")
    assert page.locator("#long .chunk.placeholder").count() > 0  # the end of the document is not drawn
    last = len(long_value()["entities"]) - 1
    assert page.locator(f'#long mark[data-entity~="{last}"]').count() == 0
    zurich.scroll_into_view_if_needed()
    zurich.click()
    first = page.locator('#long mark[data-entity~="0"]')
    page.wait_for_function("() => document.querySelector('#long mark.selected[data-entity~=\"0\"]') !== null")
    assert in_viewport(page, first)
    page.locator("#long button[aria-label='Next mention']").click()
    second = page.locator(f'#long mark.selected[data-entity~="{last}"]')
    second.wait_for(timeout=5000)
    page.wait_for_timeout(200)
    assert in_viewport(page, second)
    assert page.locator("#long mark.selected").count() == 1
    status = page.locator("#long [data-testid=sentimentpanel-summary-status]")
    assert status.inner_text() == "Zurich, LOC, mention 2 of 2"
    assert page.locator("#long .steps .where").inner_text() == "2 of 2"


def test_the_keyboard_alone(page):
    paris = page.locator("#review tbody th button", has_text="Paris")
    paris.focus()
    page.keyboard.press("Enter")
    page.locator('#review mark.selected[data-entity~="0"]').wait_for(timeout=5000)
    page.keyboard.press("ArrowRight")
    page.locator('#review mark.selected[data-entity~="2"]').wait_for(timeout=5000)
    assert page.evaluate("() => document.activeElement.textContent.includes('Paris')")
    page.keyboard.press("Tab")  # to the row's steps: previous, then next
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Next mention"
    page.keyboard.press("Enter")
    page.locator('#review mark.selected[data-entity~="0"]').wait_for(timeout=5000)
    status = page.locator("#review [data-testid=sentimentpanel-summary-status]")
    assert status.inner_text() == "Paris, LOC, mention 1 of 2"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_and_screenshots(browser, app, artifacts, theme):
    page = open_page(browser, app, dark=theme == "dark")
    try:
        page.locator("#review tbody th button", has_text="Paris").click()
        page.locator('#review mark.selected[data-entity~="0"]').wait_for(timeout=5000)
        assert axe_violations(page, "#review [data-testid=sentimentpanel-summary]") == []
        assert axe_violations(page, "#long [data-testid=sentimentpanel-summary]") == []
        page.locator("#review").screenshot(path=str(artifacts / f"summary-{theme}.png"))
    finally:
        page.close()
