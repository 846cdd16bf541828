"""Accessibility in a real browser: axe-core over whole panels with every part on, the text as
one Tab stop with arrow keys between entities, the live announcement of the document
sentiment, forced colours and reduced motion."""

from __future__ import annotations

import copy
import json
import time

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_FOCUS_STOP_BEFORE, JS_TAB_STOPS, axe_violations, launch, page_of
from .values import SHOWCASE, SHOWCASE_TEXT, long_document

pytestmark = pytest.mark.browser


def attribution(word: str, weight: float) -> dict:
    start = SHOWCASE_TEXT.index(word)
    return {"start": start, "end": start + len(word), "weight": weight}


# every optional part has something to show: entity and sentence sentiment, words that explain
FULL = copy.deepcopy(SHOWCASE)
FULL["attributions"] = [
    attribution(w, x)
    for w, x in [("wrote", 0.3), ("first", 1.0), ("loved", 1.0), ("famous", 0.6), ("Sadly", 1.0),
                 ("never", 0.7), ("cut", 0.5), ("Still", -0.4), ("celebrate", 1.0)]
]

POS = {"label": "POSITIVE", "score": 0.91, "scores": {"POSITIVE": 0.91, "NEGATIVE": 0.09}}


def value(text: str, entities: list[tuple], sentiment=POS) -> dict:
    """entities as (word, label, score, sentiment or None), offsets found in the text"""
    out = []
    for needle, label, score, feeling in entities:
        start = text.index(needle)
        out.append({"start": start, "end": start + len(needle), "label": label, "score": score, "sentiment": feeling})
    return {"text": text, "entities": out, "sentiment": sentiment}


# no entity inside another: document order and index order agree
KEYS = value(
    "In Paris, Ada met Bob at Acme before they flew to Rome.",
    [("Paris", "LOC", 0.98, POS), ("Ada", "PER", 0.97, None), ("Bob", "PER", 0.9, None),
     ("Acme", "ORG", 0.85, None), ("Rome", "LOC", 0.95, None)],
)
LONG = long_document(3000)
ARRIVING = value("Oslo, Bergen and Tromsø were lovely.", [(w, "LOC", 0.9, None) for w in ("Oslo", "Bergen", "Tromsø")])
FINAL_ANNOUNCEMENT = "Document sentiment: POSITIVE 91%, 3 entities"


def streamed(k: int) -> dict:
    """The k-th of 20 values: the score climbs to 91%, with 3 entities, or 2 in odd ones."""
    score = round(0.71 + 0.01 * k, 2)
    out = copy.deepcopy(ARRIVING)
    out["entities"] = out["entities"][: 3 - k % 2]
    out["sentiment"] = {"label": "POSITIVE", "score": score, "scores": {"POSITIVE": score, "NEGATIVE": round(1 - score, 2)}}
    return out


def stream():
    for k in range(1, 21):
        yield streamed(k)
        time.sleep(0.1)


def on_select(evt: gr.SelectData) -> str:
    return json.dumps({"index": evt.index, "value": evt.value}, ensure_ascii=False)


EVERYTHING = dict(show_legend=True, show_scores=True, show_sentiment=True, show_sentences=True, show_summary=True, show_attributions=True)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks(title="Accessibility") as demo:
        out = SentimentPanel(FULL, label="Review", elem_id="out", **EVERYTHING)
        SentimentPanel(FULL, label="Corrections", elem_id="edit", interactive=True, labels=["PER", "LOC", "ORG", "MISC", "DATE"], **EVERYTHING)
        keys = SentimentPanel(KEYS, label="Keys", elem_id="keys")
        SentimentPanel("Nothing is highlighted in this text.", label="Plain", elem_id="plain")
        SentimentPanel(LONG, label="Long", elem_id="long", show_sentiment=False)
        news = SentimentPanel(streamed(0), label="News", elem_id="news")
        arrive = gr.Button("Arrive", elem_id="arrive")
        go = gr.Button("Stream", elem_id="go")
        selected = gr.Textbox(label="Selected", elem_id="selected")
        arrive.click(lambda: ARRIVING, None, news)
        go.click(stream, None, news)
        keys.select(on_select, None, selected)
        out.select(on_select, None, selected)
    url = launch(demo)
    yield url
    demo.close()


READY = "#out [data-testid=sentimentpanel-text] mark"


def opened(browser, app, dark: bool = False):
    for p in page_of(browser, app, READY, dark=dark):
        assert p.evaluate("document.body.classList.contains('dark')") == dark
        yield p


@pytest.fixture
def page(browser, app):
    yield from opened(browser, app)


@pytest.fixture(params=["light", "dark"])
def themed(request, browser, app):
    for p in opened(browser, app, dark=request.param == "dark"):
        yield p, request.param


def text_el(page, elem_id: str):
    return page.locator(f"#{elem_id} [data-testid=sentimentpanel-text]")


def badge(page, elem_id: str, i: int):
    return text_el(page, elem_id).locator(f".badge[data-entity='{i}']")


def focused_entity(page) -> str | None:
    return page.evaluate("() => document.activeElement?.dataset?.entity ?? null")


def focus_in(page, elem_id: str) -> bool:
    return text_el(page, elem_id).evaluate("(el) => el.contains(document.activeElement)")


def audit(page, selector: str) -> None:
    lines = []
    for v in axe_violations(page, selector):
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {html}\n      {why}" for html, why in zip(v["nodes"], v["why"])]
    assert lines == [], f"axe violations in {selector}:\n" + "\n".join(lines)


# ---- axe-core ---------------------------------------------------------------


def test_whole_panels_with_every_part_on_have_no_violations(themed, artifacts):
    page, theme = themed
    for elem_id in ("out", "edit"):
        panel = page.locator(f"#{elem_id}")
        for part in ("sentiment", "legend", "threshold", "summary", "toolbar", "text"):
            assert panel.locator(f"[data-testid=sentimentpanel-{part}]").count() == 1, (elem_id, part)
        assert panel.locator("[data-testid=sentimentpanel-why]").get_attribute("aria-pressed") == "true"
        assert panel.locator(".sent").count() > 0
        panel.screenshot(path=str(artifacts / f"a11y-{elem_id}-{theme}.png"))
        audit(page, f"#{elem_id}")


def test_no_violations_with_the_tooltip_open(themed, artifacts):
    page, theme = themed
    text_el(page, "out").locator("mark[data-entity]").nth(2).hover()
    page.locator("[data-testid=sentimentpanel-tooltip]").wait_for()
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"a11y-tooltip-{theme}.png"))
    audit(page, "#out, [data-testid=sentimentpanel-tooltip]")


def test_no_violations_with_the_editor_open(themed, artifacts):
    page, theme = themed
    text_el(page, "edit").locator("mark[data-entity]").nth(1).click()
    dialog = page.locator("[data-testid=sentimentpanel-popover]")
    dialog.wait_for()
    assert dialog.get_attribute("role") == "dialog"
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"a11y-editor-{theme}.png"))
    audit(page, "#edit, [data-testid=sentimentpanel-popover]")


# ---- the keyboard: one Tab stop, arrows between entities ---------------------


def tab_stops(page, elem_id: str) -> list[dict]:
    return text_el(page, elem_id).evaluate(JS_TAB_STOPS)


def assert_roving(page, elem_id: str, current: int) -> None:
    """exactly one element of the text is in the Tab order: the badge of entity `current`"""
    stops = tab_stops(page, elem_id)
    assert [s["entity"] for s in stops] == [str(current)], stops
    assert badge(page, elem_id, current).get_attribute("tabindex") == "0"
    others = text_el(page, elem_id).locator(".badge[data-entity]").evaluate_all(
        "(els, i) => els.filter((e) => e.dataset.entity !== i).map((e) => e.getAttribute('tabindex'))", str(current)
    )
    assert others and set(others) == {"-1"}, others


@pytest.mark.parametrize("elem_id", ["keys", "out", "edit"])
def test_the_text_is_one_tab_stop_on_its_first_entity(page, elem_id):
    assert_roving(page, elem_id, 0)


def test_a_text_without_badges_is_itself_the_tab_stop(page):
    root = text_el(page, "plain")
    assert root.locator(".badge").count() == 0
    assert root.get_attribute("tabindex") == "0"
    assert tab_stops(page, "plain") == [{"entity": None, "testid": "sentimentpanel-text", "tag": "div"}]


@pytest.mark.parametrize("elem_id", ["keys", "out"])
def test_tab_from_the_control_before_the_text_lands_on_the_first_entity(page, elem_id):
    text_el(page, elem_id).evaluate(JS_FOCUS_STOP_BEFORE)
    page.keyboard.press("Tab")
    assert focused_entity(page) == "0"
    assert focus_in(page, elem_id)


def test_arrow_keys_move_between_entities_in_document_order(page):
    badge(page, "keys", 0).focus()
    seen = ["0"]
    for key in ("ArrowRight", "ArrowDown", "ArrowRight", "ArrowDown"):
        page.keyboard.press(key)
        seen.append(focused_entity(page))
    assert seen == ["0", "1", "2", "3", "4"]
    assert_roving(page, "keys", 4)
    for key in ("ArrowLeft", "ArrowUp", "ArrowLeft"):
        page.keyboard.press(key)
        seen.append(focused_entity(page))
    assert seen[5:] == ["3", "2", "1"]
    assert_roving(page, "keys", 1)
    page.keyboard.press("End")
    assert focused_entity(page) == "4"
    page.keyboard.press("Home")
    assert focused_entity(page) == "0"


def test_arrow_keys_visit_nested_entities_once_each_and_back(page):
    n = len(FULL["entities"])
    badge(page, "out", 0).focus()
    forward = [focused_entity(page)]
    for _ in range(n - 1):
        page.keyboard.press("ArrowRight")
        forward.append(focused_entity(page))
    assert sorted(forward, key=int) == [str(i) for i in range(n)], forward
    backward = [forward[-1]]
    for _ in range(n - 1):
        page.keyboard.press("ArrowLeft")
        backward.append(focused_entity(page))
    assert backward == forward[::-1]


def test_the_entity_moved_to_is_where_tab_comes_back(page):
    badge(page, "keys", 0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused_entity(page) == "2"
    # one Tab leaves the text, whatever entity is focused
    page.keyboard.press("Tab")
    assert not focus_in(page, "keys")
    assert_roving(page, "keys", 2)
    page.keyboard.press("Shift+Tab")
    assert focused_entity(page) == "2" and focus_in(page, "keys")
    # from the first entity too, a single Tab crosses the whole text
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    assert not focus_in(page, "keys")


def test_home_and_end_reach_both_ends_of_a_long_lazily_drawn_document(page):
    root = text_el(page, "long")
    root.scroll_into_view_if_needed()
    last = str(len(LONG["entities"]) - 1)
    assert root.locator(f".badge[data-entity='{last}']").count() == 0  # not drawn yet
    badge(page, "long", 0).focus()
    page.keyboard.press("End")
    page.wait_for_function(f"() => document.activeElement?.dataset?.entity === '{last}'", timeout=10000)
    assert focus_in(page, "long")
    assert badge(page, "long", int(last)).get_attribute("tabindex") == "0"
    assert [s["entity"] for s in tab_stops(page, "long")] == [last]
    page.keyboard.press("ArrowLeft")
    assert focused_entity(page) == str(int(last) - 1)
    page.keyboard.press("Home")
    page.wait_for_function("() => document.activeElement?.dataset?.entity === '0'", timeout=10000)
    assert [s["entity"] for s in tab_stops(page, "long")] == ["0"]


def test_enter_on_a_badge_of_an_output_panel_fires_select(page):
    badge(page, "keys", 0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    box = page.locator("#selected textarea")
    page.wait_for_function("el => el.value.length > 0", arg=box.element_handle(), timeout=10000)
    got = json.loads(box.input_value())
    assert got["index"] == 2, got
    want = KEYS["entities"][2]
    assert {k: got["value"][k] for k in ("start", "end", "label")} == {k: want[k] for k in ("start", "end", "label")}
    assert got["value"]["score"] == pytest.approx(want["score"])


def test_enter_opens_the_editor_and_escape_returns_to_the_badge(page):
    badge(page, "edit", 0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused_entity(page) == "2" and focus_in(page, "edit")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert page.locator("[data-testid=sentimentpanel-popover]").get_attribute("role") == "dialog"
    assert FULL["text"][FULL["entities"][2]["start"] : FULL["entities"][2]["end"]] in dialog.inner_text()
    page.keyboard.press("Escape")
    page.locator("[data-testid=sentimentpanel-popover]").wait_for(state="detached")
    assert focused_entity(page) == "2" and focus_in(page, "edit")


def squash(s: str) -> str:
    return " ".join(s.replace("\u2060", "").split())


@pytest.mark.parametrize("elem_id", ["keys", "out", "edit"])
def test_a_badge_is_named_by_what_it_shows(page, elem_id):
    names = text_el(page, elem_id).locator(".badge[data-entity]").evaluate_all(
        "(els) => els.map((el) => ({ entity: el.dataset.entity, visible: el.innerText, name: el.getAttribute('aria-label') ?? '' }))"
    )
    assert names
    for b in names:
        assert squash(b["visible"]) and squash(b["visible"]) in squash(b["name"]), b
    if elem_id == "keys":
        paris = next(b for b in names if b["entity"] == "0")
        assert squash(paris["visible"]) == "LOC 98%"
        assert squash(paris["name"]) == "Paris, LOC 98%, POSITIVE sentiment 91%"


# ---- announcements ------------------------------------------------------------

ANNOUNCE = "#news [data-testid=sentimentpanel-announce]"

# records, on every change under the block, the region's text when it differs from the last one
JS_WATCH = """
(selector) => {
  const block = document.querySelector("#news");
  const read = () => document.querySelector(selector)?.textContent.trim() ?? "";
  window.__heard = [];
  let last = read();
  new MutationObserver(() => {
    const now = read();
    if (now !== last && (last = now)) window.__heard.push({ t: performance.now(), text: now });
  }).observe(block, { subtree: true, childList: true, characterData: true, attributes: true });
}
"""


def test_the_live_region_is_polite_and_visually_hidden(page):
    region = page.locator(ANNOUNCE)
    assert region.count() == 1
    assert region.get_attribute("aria-live") == "polite"
    box = region.evaluate("el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);"
                          " return { w: r.width, h: r.height, display: s.display, visibility: s.visibility }; }")
    assert box["w"] <= 1 and box["h"] <= 1, box
    assert box["display"] != "none" and box["visibility"] != "hidden", box


def test_a_new_value_is_announced(page):
    page.locator("#arrive").click()
    heard_now(page, FINAL_ANNOUNCEMENT, 8000)


def heard_now(page, want: str, timeout: float) -> None:
    page.wait_for_function(
        "([s, want]) => document.querySelector(s)?.textContent.trim() === want", arg=[ANNOUNCE, want], timeout=timeout
    )


def test_a_fast_stream_is_announced_sparingly_and_ends_on_its_last_value(page):
    page.wait_for_timeout(2500)  # whatever the page said about the value it opened with is said
    page.evaluate(JS_WATCH, ANNOUNCE)
    page.locator("#go").click()
    # the stream takes about 2 s; wait for it to end and for a last, held-back announcement
    heard_now(page, FINAL_ANNOUNCEMENT, 15000)
    page.wait_for_timeout(3000)
    heard = page.evaluate("window.__heard")
    assert heard and heard[-1]["text"] == FINAL_ANNOUNCEMENT, heard
    assert page.locator(ANNOUNCE).text_content().strip() == FINAL_ANNOUNCEMENT
    gaps = [round((b["t"] - a["t"]) / 1000, 2) for a, b in zip(heard, heard[1:])]
    # 20 values in ~2 s: about one announcement per 2 s, never a burst
    assert len(heard) <= 3, heard
    assert all(g >= 1.8 for g in gaps), (gaps, heard)


# ---- forced colours and reduced motion -------------------------------------------

JS_OUTLINED = """
(els) => els.map((el) => {
  const s = getComputedStyle(el);
  const border = ["top", "right", "bottom", "left"].some(
    (k) => s.getPropertyValue(`border-${k}-style`) !== "none" && parseFloat(s.getPropertyValue(`border-${k}-width`)) > 0
  );
  return { html: el.outerHTML.slice(0, 80), border, underline: s.textDecorationLine.includes("underline") };
})
"""


def test_forced_colours_keep_every_highlight_and_badge_outlined(page):
    page.emulate_media(forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    for elem_id in ("out", "keys"):
        marks = text_el(page, elem_id).locator("mark[data-entity]").evaluate_all(JS_OUTLINED)
        assert marks
        bare = [m for m in marks if not (m["border"] or m["underline"])]
        assert bare == [], bare
        badges = text_el(page, elem_id).locator(".badge[data-entity]").evaluate_all(JS_OUTLINED)
        assert badges and all(b["border"] for b in badges), [b for b in badges if not b["border"]]


JS_DURATIONS = """
(els) => els.map((el) => getComputedStyle(el).transitionDuration.split(",").map((d) => parseFloat(d) * (d.trim().endsWith("ms") ? 0.001 : 1)))
"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_turns_transitions_off(page, motion):
    page.emulate_media(reduced_motion=motion)
    assert page.evaluate(f"matchMedia('(prefers-reduced-motion: {motion})').matches")
    for part, sel in (("highlights", "mark[data-entity]"), ("legend chips", "[data-testid=sentimentpanel-legend] button")):
        els = page.locator(f"#out {sel}").evaluate_all(JS_DURATIONS)
        assert els, part
        if motion == "reduce":
            assert all(d == 0 for ds in els for d in ds), (part, els)
        else:
            assert all(any(d > 0 for d in ds) for ds in els), (part, els)
