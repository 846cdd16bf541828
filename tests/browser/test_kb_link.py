"""The knowledge-base link in an entity's tooltip, in a real browser: the pointer moves from the
entity onto the tooltip and clicks the link, the keyboard reaches it with Tab from the entity
(Shift+Tab and Escape come back), a drag that selects text passes through the tooltip, and axe-core
finds nothing with the tooltip open. Links open in a new tab; no request leaves the machine (the
knowledge base's pages are answered by a route)."""

from __future__ import annotations

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_FOCUS_STOP_BEFORE, JS_WORD_RECT, axe_violations, launch, page_of
from .values import span

pytestmark = pytest.mark.browser

KB = "https://www.wikidata.org/wiki/"
TEXT = (
    "Ada Lovelace wrote the first program for a machine that was never built in her lifetime. "
    "She worked with Charles Babbage, whose engines she described better than anyone, and she "
    "lived most of her life in London, where the notes she published are kept to this day."
)
VALUE = {
    "text": TEXT,
    "entities": [
        span(TEXT, "Ada Lovelace", "PER", 0.99, kb_id="Q7259", kb_url=KB + "Q7259"),
        span(TEXT, "Charles Babbage", "PER", 0.98, kb_id="Q46633"),  # an id, no URL: no link
        span(TEXT, "London", "LOC", 0.97, kb_id="Q84", kb_url=KB + "Q84"),
    ],
    "sentiment": {"label": "POSITIVE", "score": 0.9, "scores": {"POSITIVE": 0.9, "NEGATIVE": 0.1}},
}
LONDON = 2
LINK_NAME = "Look up Q84 (opens in a new tab)"
GRACE_MS = 300  # Text.svelte's grace delay before a tooltip with a link closes

TIP = "[data-testid=sentimentpanel-tooltip]"
LINK = "[data-testid=sentimentpanel-tooltip-link]"


@pytest.fixture(scope="module")
def app():
    with gr.Blocks(title="Knowledge-base links") as demo:
        gr.Button("Before", elem_id="before")
        SentimentPanel(VALUE, label="Linked", elem_id="kb", show_legend=False)
        gr.Button("After", elem_id="after")
        SentimentPanel(VALUE, label="Corrections", elem_id="edit", interactive=True, labels=["PER", "LOC", "ORG"], show_legend=False)
    url = launch(demo)
    yield url
    demo.close()


def opened(browser, app, dark: bool = False):
    for p in page_of(browser, app, "#kb [data-testid=sentimentpanel-text] mark", dark=dark):
        visits: list[str] = []

        def answer(route):
            visits.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>KB</title><p>entity</p>")

        p.context.route(KB + "**", answer)
        p.visits = visits  # type: ignore[attr-defined]
        yield p


@pytest.fixture
def page(browser, app):
    yield from opened(browser, app)


@pytest.fixture(params=["light", "dark"])
def themed(request, browser, app):
    for p in opened(browser, app, dark=request.param == "dark"):
        yield p, request.param


def text_el(page, elem_id: str = "kb"):
    return page.locator(f"#{elem_id} [data-testid=sentimentpanel-text]")


def badge(page, i: int, elem_id: str = "kb"):
    return text_el(page, elem_id).locator(f".badge[data-entity='{i}']")


def mark(page, i: int, elem_id: str = "kb"):
    return text_el(page, elem_id).locator(f"mark[data-top='{i}']").first


def active(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
            return { entity: el?.dataset?.entity ?? null, testid: el?.dataset?.testid ?? null, id: el?.id || null,
                     in_tip: !!el?.closest('[data-testid=sentimentpanel-tooltip]') }; }"""
    )


def centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def audit(page, selector: str) -> None:
    lines = []
    for v in axe_violations(page, selector):
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {html}\n      {why}" for html, why in zip(v["nodes"], v["why"])]
    assert lines == [], f"axe violations in {selector}:\n" + "\n".join(lines)


def test_the_linked_entity_is_described_with_its_kb_id_and_its_tooltip_is_a_named_dialog(page):
    assert badge(page, LONDON).get_attribute("aria-label") == "London, LOC 97%, Knowledge base Q84"
    assert badge(page, 1).get_attribute("aria-label") == "Charles Babbage, PER 98%, Knowledge base Q46633"
    help_id = text_el(page).get_attribute("aria-describedby")
    assert "Tab goes from an entity to its knowledge-base link" in page.locator(f"#{help_id}").text_content()
    mark(page, LONDON).hover()
    dialog = page.get_by_role("dialog", name="London, LOC 97%, Knowledge base Q84")
    dialog.wait_for()
    assert dialog.get_attribute("data-testid") == "sentimentpanel-tooltip"
    link = dialog.get_by_role("link", name=LINK_NAME)
    assert link.get_attribute("href") == KB + "Q84"
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener noreferrer"
    # an entity without a web link keeps a plain tooltip
    mark(page, 1).hover()
    page.get_by_role("tooltip").wait_for()
    assert page.get_by_role("dialog").count() == 0


def test_the_pointer_moves_from_the_entity_onto_the_tooltip_and_clicks_the_link(page):
    mark(page, LONDON).hover()
    tip = page.locator(TIP)
    tip.wait_for()
    x, y = centre(page.locator(LINK).bounding_box())
    # slowly, across the gap between the entity and the tooltip
    page.mouse.move(x, y, steps=15)
    page.wait_for_timeout(3 * GRACE_MS)
    assert tip.is_visible(), "the tooltip closed under the pointer"
    assert page.evaluate("(p) => document.elementFromPoint(p[0], p[1])?.closest('a')?.dataset.testid ?? null", [x, y]) == (
        "sentimentpanel-tooltip-link"
    )
    with page.context.expect_page() as opened_tab:
        page.mouse.click(x, y)
    tab = opened_tab.value
    tab.wait_for_load_state()
    assert tab.url == KB + "Q84"
    assert tab.evaluate("window.opener") is None  # noopener
    assert page.visits == [KB + "Q84"]  # answered by the route, nothing went out
    tab.close()
    assert not active(page)["in_tip"]  # a click leaves focus where it was
    # the pointer leaves both: the tooltip closes, after the grace delay
    page.mouse.move(5, 5)
    tip.wait_for(state="detached", timeout=3000)


def test_a_pointer_that_leaves_the_entity_for_elsewhere_closes_the_tooltip(page):
    mark(page, LONDON).hover()
    tip = page.locator(TIP)
    tip.wait_for()
    box = text_el(page).bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] - 4, steps=3)  # plain text, away from the tooltip
    tip.wait_for(state="detached", timeout=3000)


def test_tab_from_the_entity_reaches_the_link_shift_tab_and_escape_come_back(page):
    text_el(page).evaluate(JS_FOCUS_STOP_BEFORE)  # the panel's last control before its text
    page.keyboard.press("Tab")
    assert active(page)["entity"] == "0"  # the text's Tab stop: Ada Lovelace, linked
    page.keyboard.press("End")
    assert active(page)["entity"] == str(LONDON)
    tip = page.locator(TIP)
    tip.wait_for()
    page.keyboard.press("Tab")
    assert active(page)["testid"] == "sentimentpanel-tooltip-link"
    assert "Q84" in tip.inner_text()
    # the focused link shows its focus
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline
    page.keyboard.press("Shift+Tab")
    assert active(page)["entity"] == str(LONDON)
    assert tip.is_visible()
    # Enter follows the link, in a new tab
    page.keyboard.press("Tab")
    with page.context.expect_page() as opened_tab:
        page.keyboard.press("Enter")
    tab = opened_tab.value
    tab.wait_for_load_state()
    assert tab.url == KB + "Q84"
    tab.close()
    page.bring_to_front()
    assert active(page)["testid"] == "sentimentpanel-tooltip-link"
    # Escape closes the tooltip and puts focus back on the entity
    page.keyboard.press("Escape")
    tip.wait_for(state="detached")
    assert active(page)["entity"] == str(LONDON)
    # Tab goes to the link again; one more Tab leaves the text, and the tooltip closes
    page.keyboard.press("Tab")
    assert active(page)["testid"] == "sentimentpanel-tooltip-link"
    page.keyboard.press("Tab")
    got = active(page)
    assert got["entity"] is None and not got["in_tip"], got
    assert not text_el(page).evaluate("(el) => el.contains(document.activeElement)")
    tip.wait_for(state="detached")
    # and Shift+Tab comes back to the entity, still the text's one Tab stop
    page.keyboard.press("Shift+Tab")
    assert active(page)["entity"] == str(LONDON)


def test_tab_from_an_entity_without_a_web_link_leaves_the_text(page):
    badge(page, 1).focus()
    page.locator(TIP).wait_for()
    page.keyboard.press("Tab")
    got = active(page)
    assert got["entity"] is None and not got["in_tip"], got
    assert not text_el(page).evaluate("(el) => el.contains(document.activeElement)")


def test_a_drag_selecting_text_passes_through_a_linked_tooltip(page):
    """An interactive panel: a drag that crosses London and ends on its tooltip still selects text."""
    root = text_el(page, "edit")
    root.scroll_into_view_if_needed()
    # from "wrote" on the first line, over London on the second, up onto London's tooltip, which
    # covers the first line there
    start = root.evaluate(JS_WORD_RECT, "wrote")
    page.mouse.move(start["x"] + 2, start["y"] + start["h"] / 2)
    page.mouse.down()
    lx, ly = centre(mark(page, LONDON, "edit").bounding_box())
    page.mouse.move(lx, ly, steps=8)
    tip = page.locator(TIP)
    tip.wait_for()
    t = tip.bounding_box()
    ex, ey = t["x"] + 6, start["y"] + start["h"] / 2
    assert t["y"] < ey < t["y"] + t["height"], (t, start)
    page.mouse.move(ex, ey, steps=4)
    # while the button is held, the tooltip lets the pointer through to the text
    assert page.evaluate("(p) => !!document.elementFromPoint(p[0], p[1])?.closest('[data-testid=sentimentpanel-text]')", [ex, ey])
    page.mouse.up()
    pop = page.locator("[data-testid=sentimentpanel-popover]")
    pop.wait_for()
    assert pop.locator(".quote").inner_text().startswith("wrote the first program")


def test_no_violations_with_the_tooltip_open(themed, artifacts):
    page, theme = themed
    mark(page, LONDON).hover()
    page.locator(TIP).wait_for()
    page.wait_for_timeout(200)
    audit(page, "#kb, [data-testid=sentimentpanel-tooltip]")
    # and with focus on its link
    badge(page, LONDON).focus()
    page.keyboard.press("Tab")
    assert active(page)["testid"] == "sentimentpanel-tooltip-link"
    t = page.locator(TIP).bounding_box()
    page.screenshot(
        path=str(artifacts / f"kb-link-tooltip-{theme}.png"),
        clip={"x": max(0, t["x"] - 120), "y": max(0, t["y"] - 40), "width": t["width"] + 240, "height": t["height"] + 120},
    )
    audit(page, "#kb, [data-testid=sentimentpanel-tooltip]")
