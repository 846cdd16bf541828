"""Coming from gr.HighlightedText: the same value, in its pairs form (tuples or JSON lists),
given to a gr.HighlightedText and to a SentimentPanel on one page. The panel shows the same
text and highlights the same substrings with the same labels as HighlightedText does in the
same page; its parameters keep their meaning (combine_adjacent, show_inline_category, rtl)."""

from __future__ import annotations

import json
import re

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_ENTITY_TEXTS, JS_FOCUS_STOP_BEFORE, JS_TAB_STOPS, JS_VISIBLE_TEXT, axe_violations, launch, open_app

pytestmark = pytest.mark.browser

PAIRS = [("The ", None), ("Eiffel Tower", "LOC"), (" is in ", None), ("Paris", "LOC"), (" 🇫🇷 ", None), ("東京", "LOC")]
JSON_PAIRS = json.loads(json.dumps(PAIRS))  # [["The ", null], ...], as a JSON API sends them
# runs to join: two tokens of one label, an empty token, a flag of its own label, CJK split in two
ADJACENT = [
    ("The ", None), ("New", "LOC"), (" York", "LOC"), (" and ", None), ("", "LOC"), ("Paris", "LOC"),
    (" ", None), ("🇫🇷", "FLAG"), (" ", None), ("東", "LOC"), ("京", "LOC"), (" 😀", None),
]
# gr.HighlightedText's own documented example: labelled tokens that end with a space
FOX = [
    ("The ", "article"), ("quick ", "adjective"), ("brown ", "adjective"), ("fox ", "noun"),
    ("jumps ", "verb"), ("over ", "preposition"), ("the ", "article"), ("lazy ", "adjective"), ("dog", "noun"),
]
PLACES = {"Paris": "LOC", "東京": "LOC", "Kyoto": "LOC", "Ada": "PER"}


def tag(text: str) -> list[tuple[str, str | None]]:
    """A function written for gr.HighlightedText: known names labelled, the rest plain."""
    return [(piece, PLACES.get(piece)) for piece in re.split(r"(\s+)", text) if piece]


# (HighlightedText id, SentimentPanel id, value, flags both get)
PAIRED = {
    "pairs": (PAIRS, {}),
    "json": (JSON_PAIRS, {}),
    "combined": (ADJACENT, {"combine_adjacent": True}),
    "separated": (ADJACENT, {"combine_adjacent": True, "adjacent_separator": "·"}),
    "fox": (FOX, {}),
    "fox-stripped": (FOX, {"show_whitespaces": False}),
    "nocat": (PAIRS, {"show_inline_category": False}),
    "rtl": (PAIRS, {"rtl": True}),
}


@pytest.fixture(scope="module")
def app():
    with gr.Blocks(title="From HighlightedText") as demo:
        for name, (value, flags) in PAIRED.items():
            with gr.Row():
                gr.HighlightedText(value, label=f"HighlightedText {name}", elem_id=f"ht-{name}", **flags)
                SentimentPanel(value, label=f"SentimentPanel {name}", elem_id=f"sp-{name}", **flags)
    url = launch(demo)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def interface():
    demo = gr.Interface(tag, gr.Textbox(elem_id="iface-in"), SentimentPanel(elem_id="iface-out"))
    url = launch(demo)
    yield url
    demo.close()


READY = "#sp-rtl [data-testid=sentimentpanel-text] mark"


@pytest.fixture
def page(browser, app):
    p = open_app(browser, app, READY, height=1600)
    p.wait_for_selector("#ht-rtl .textfield")
    yield p
    errors = p.errors
    p.context.close()
    assert errors == [], f"page errors: {errors}"


# what gr.HighlightedText shows: its text and its highlighted tokens with their labels
JS_HIGHLIGHTED_TEXT = """
(root) => {
  const tokens = [...root.querySelectorAll(".textfield .token")];
  return {
    text: tokens.map((t) => t.querySelector(".text").textContent).join(""),
    highlighted: tokens.filter((t) => t.classList.contains("highlighted"))
      .map((t) => [t.querySelector(".text").textContent, t.querySelector(".label")?.textContent ?? null]),
  };
}
"""


def highlighted_text(page, name: str) -> dict:
    return page.locator(f"#ht-{name}").evaluate(JS_HIGHLIGHTED_TEXT)


def text_el(page, name: str):
    return page.locator(f"#sp-{name} [data-testid=sentimentpanel-text]")


def panel(page, name: str) -> dict:
    """what the panel shows: its text, and each entity's text and label in the value's order"""
    root = text_el(page, name)
    texts = root.evaluate(JS_ENTITY_TEXTS)
    labels = root.locator(".badge[data-entity]").evaluate_all(
        "(els) => Object.fromEntries(els.map((e) => [e.dataset.entity, e.textContent.replace(/\\u2060/g, '').trim()]))"
    )
    assert set(texts) == set(labels) == {str(i) for i in range(len(texts))}, (texts, labels)
    return {"text": root.evaluate(JS_VISIBLE_TEXT), "highlighted": [[texts[str(i)], labels[str(i)]] for i in range(len(texts))]}


def python_view(value, **flags) -> dict:
    """what gr.HighlightedText's postprocess makes of the value"""
    tokens = gr.HighlightedText(**flags).postprocess(value).model_dump()
    return {
        "text": "".join(t["token"] for t in tokens),
        "highlighted": [[t["token"], t["class_or_confidence"]] for t in tokens if t["class_or_confidence"] is not None],
    }


@pytest.mark.parametrize("name", ["pairs", "json", "combined", "separated"])
def test_the_panel_shows_what_highlightedtext_shows(page, name):
    value, flags = PAIRED[name]
    want = highlighted_text(page, name)
    assert want == python_view(value, **flags)  # the oracle reads HighlightedText right
    assert panel(page, name) == want


def test_the_pairs_form_is_the_concatenated_text_with_its_labelled_tokens(page):
    assert panel(page, "pairs") == {
        "text": "The Eiffel Tower is in Paris 🇫🇷 東京",
        "highlighted": [["Eiffel Tower", "LOC"], ["Paris", "LOC"], ["東京", "LOC"]],
    }
    assert panel(page, "json") == panel(page, "pairs")
    assert panel(page, "combined")["highlighted"] == [["New York", "LOC"], ["Paris", "LOC"], ["🇫🇷", "FLAG"], ["東京", "LOC"]]
    assert panel(page, "separated")["highlighted"][0] == ["New· York", "LOC"]


@pytest.mark.parametrize("name", ["fox", "fox-stripped"])
def test_tokens_with_white_space_are_highlighted_as_highlightedtext_does(page, name):
    value, flags = PAIRED[name]
    want = highlighted_text(page, name)
    assert want["highlighted"] == python_view(value, **flags)["highlighted"]
    got = panel(page, name)
    assert got["text"] == "".join(token for token, _ in value)  # the text is shown whole
    assert got["highlighted"] == want["highlighted"]


def test_without_inline_categories_no_badge_is_seen_but_every_entity_is_highlighted_and_reachable(page):
    root = text_el(page, "nocat")
    assert page.locator("#ht-nocat .label").count() == 0  # HighlightedText shows none either
    assert panel(page, "nocat") == panel(page, "pairs")
    boxes = root.locator(".badge[data-entity]").evaluate_all(
        "(els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(boxes) == 3 and all(w <= 1 and h <= 1 for w, h in boxes), boxes
    tints = root.locator("mark[data-entity]").evaluate_all("(els) => els.map((e) => getComputedStyle(e).backgroundColor)")
    assert len(tints) == 3 and all(t not in ("rgba(0, 0, 0, 0)", "transparent") for t in tints), tints
    # the labels still reach a screen reader, and the keyboard still reaches every entity
    names = root.locator(".badge[data-entity]").evaluate_all("(els) => els.map((e) => e.getAttribute('aria-label'))")
    assert [n.split(",")[0] for n in names] == ["Eiffel Tower", "Paris", "東京"], names
    assert [s["entity"] for s in root.evaluate(JS_TAB_STOPS)] == ["0"]
    root.evaluate(JS_FOCUS_STOP_BEFORE)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.entity") == "0"
    assert root.evaluate("(el) => el.contains(document.activeElement)")
    # a keyboard user sees where focus is: the highlight holding the hidden badge is outlined
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement.closest('mark'));"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"
    )
    assert (ring[0] != "none" and ring[1] > 0) or ring[2] != "none", ring
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.dataset.entity") == "1"
    assert root.evaluate("(el) => el.contains(document.activeElement)")


def test_rtl_lays_the_text_out_right_to_left(page):
    assert page.locator("#ht-rtl .textfield").evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    root = text_el(page, "rtl")
    directions = root.evaluate(
        "(el) => [getComputedStyle(el).direction, ...[...el.querySelectorAll('.chunk')].map((c) => getComputedStyle(c).direction)]"
    )
    assert "rtl" in directions and all(d == "rtl" for d in directions[1:]), directions
    assert panel(page, "rtl") == panel(page, "pairs")
    # a Latin sentence in a right-to-left paragraph: every line is flush with the right edge,
    # and the last, shorter one leaves room on the left; left to right, the other way round
    rtl, ltr = line_edges(page, "rtl"), line_edges(page, "pairs")
    # (an entity at the start of a line keeps its rounded inner padding, 0.3em: under 6 px)
    assert all(right == pytest.approx(0, abs=6) for _, right in rtl["lines"]), rtl
    assert rtl["lines"][-1][0] > 40, rtl
    assert all(left == pytest.approx(0, abs=6) for left, _ in ltr["lines"]), ltr
    assert ltr["lines"][-1][1] > 40, ltr


# per line of the text, the gaps between its ink and the content box's left and right edges
JS_LINE_EDGES = """
(el) => {
  const box = el.getBoundingClientRect(), s = getComputedStyle(el);
  const left = box.left + parseFloat(s.paddingLeft), right = box.right - parseFloat(s.paddingRight);
  const rects = [], walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest("[data-decoration]")) continue;  // the text's own ink, not its badges
    range.selectNodeContents(n);
    rects.push(...range.getClientRects());
  }
  const lines = new Map();
  for (const r of rects) {
    if (!r.width) continue;
    const key = Math.round(r.bottom / 8);
    const [l, rr] = lines.get(key) ?? [Infinity, -Infinity];
    lines.set(key, [Math.min(l, r.left), Math.max(rr, r.right)]);
  }
  return { lines: [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, [l, r]]) => [l - left, right - r]) };
}
"""


def line_edges(page, name: str) -> dict:
    return text_el(page, name).evaluate(JS_LINE_EDGES)


@pytest.mark.parametrize("name", ["nocat", "rtl", "combined"])
def test_no_accessibility_violations(page, name):
    assert axe_violations(page, f"#sp-{name}") == []


def test_an_interface_whose_function_returns_pairs(browser, interface):
    page = open_app(browser, interface, "#iface-in textarea")
    try:
        typed = "Ada flew from Paris to 東京 🇯🇵 and then  Kyoto"
        page.locator("#iface-in textarea").fill(typed)
        page.get_by_role("button", name="Submit").click()
        root = page.locator("#iface-out [data-testid=sentimentpanel-text]")
        root.locator("mark[data-entity]").first.wait_for(timeout=15000)
        assert root.evaluate(JS_VISIBLE_TEXT) == typed
        got = root.evaluate(JS_ENTITY_TEXTS)
        assert [got[str(i)] for i in range(len(got))] == ["Ada", "Paris", "東京", "Kyoto"]
        labels = root.locator(".badge[data-entity]").evaluate_all("(els) => els.map((e) => e.textContent.replace(/\\u2060/g, '').trim())")
        assert labels == ["PER", "LOC", "LOC", "LOC"]
        assert page.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_beside_highlightedtext(browser, app, artifacts, theme):
    p = open_app(browser, app, READY, dark=theme == "dark", height=1600)
    try:
        p.wait_for_timeout(300)
        p.screenshot(path=str(artifacts / f"from-highlightedtext-{theme}.png"), full_page=True)
        assert p.errors == []
    finally:
        p.context.close()
