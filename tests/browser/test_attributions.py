"""Word attributions ("Why?") in a real browser: the toggle, the colour scale read from
computed styles, the DOM contract with words inside entities, contrast and axe in both
themes, a long document, and screenshots."""

from __future__ import annotations

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import JS_ENTITY_TEXTS, JS_VISIBLE_TEXT, axe_violations, launch

pytestmark = pytest.mark.browser


def find(text: str, needle: str, occurrence: int = 0) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    return at


# Emoji before the words, so code points and UTF-16 offsets differ; entities over and
# around attributed words; a NEGATIVE, a POSITIVE and a neutral sentence.
SHORT_TEXT = (
    "🇫🇷 Our week in Paris 😀 was spoiled: the Grand Hotel Lumière was terrible and dirty, "
    "though the view was lovely. "
    "The staff at Café Noir were wonderful and kind, and the croissants were not bad at all. "
    "The museum opens at nine."
)


def attr(needle: str, weight: float, occurrence: int = 0) -> dict:
    start = find(SHORT_TEXT, needle, occurrence)
    return {"start": start, "end": start + len(needle), "weight": weight}


def ent(needle: str, label: str, score: float, **extra) -> dict:
    start = find(SHORT_TEXT, needle)
    return {"start": start, "end": start + len(needle), "label": label, "score": score, **extra}


S1_END = find(SHORT_TEXT, "The staff")
S2_END = find(SHORT_TEXT, "The museum")
SHORT = {
    "text": SHORT_TEXT,
    "entities": sorted(
        [
            ent("Paris", "LOC", 0.99),
            ent("Grand Hotel Lumière", "ORG", 0.93, sentiment={"label": "NEGATIVE", "score": 0.9}),
            ent("Hotel", "FAC", 0.6),  # nested in the ORG, and an attributed word
            ent("Café Noir", "ORG", 0.95, sentiment={"label": "POSITIVE", "score": 0.97}),
            ent("Noir were", "MISC", 0.4),  # crosses the ORG's end and an attributed word
        ],
        key=lambda e: (e["start"], -(e["end"] - e["start"])),
    ),
    "sentiment": {"label": "NEGATIVE", "score": 0.55, "scores": {"NEGATIVE": 0.55, "POSITIVE": 0.45}},
    "sentences": [
        {"start": 0, "end": S1_END, "sentiment": {"label": "NEGATIVE", "score": 0.96}},
        {"start": S1_END, "end": S2_END, "sentiment": {"label": "POSITIVE", "score": 0.98}},
        {"start": S2_END, "end": len(SHORT_TEXT), "sentiment": {"label": "neutral", "score": 0.8}},
    ],
    "attributions": [
        attr("spoiled", 0.71),
        attr("Paris", -0.12),  # inside an entity
        attr("Hotel", 0.15),  # inside two entities
        attr("terrible", 1.0),
        attr("dirty", 0.64),
        attr("lovely", -0.55),  # against NEGATIVE: towards positive
        attr("week", 0.04),  # below the threshold
        attr("Noir", 0.22),  # inside two entities that cross
        attr("wonderful", 1.0),
        attr("kind", 0.48),
        attr("not", -0.35),  # against POSITIVE: towards negative
        attr("bad", -0.6),
        attr("opens", 1.0),  # neutral sentence: towards the label
        attr("nine", -0.3),  # against it
    ],
}
# PanelData keeps attributions sorted by start: data-word indexes that order
SHORT["attributions"].sort(key=lambda a: (a["start"], a["end"]))

# towards what each tinted word pushes (blue/orange), or the label's grey
WANT_TONE = {
    "spoiled": "neg", "Paris": "pos", "Hotel": "neg", "terrible": "neg", "dirty": "neg",
    "lovely": "pos", "Noir": "pos", "wonderful": "pos", "kind": "pos", "not": "neg",
    "bad": "neg", "opens": "neu", "nine": "neu",
}

# the scale's colours (frontend/shared/attributions.ts WHY_COLORS), as computed styles give them
WHY_RGB = {
    "light": {"pos": "rgb(29, 100, 200)", "neg": "rgb(179, 88, 6)", "neu": "rgb(107, 114, 128)"},
    "dark": {"pos": "rgb(106, 167, 245)", "neg": "rgb(245, 149, 71)", "neu": "rgb(161, 161, 170)"},
}


def long_value() -> dict:
    """~95,000 characters (renders lazily), 5,000 attributed words, sentences alternating."""
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    parts: list[str] = []
    sentences, attributions, entities = [], [], []
    at = 0
    n = 0
    k = 0
    while len(attributions) < 5000:
        start = at
        for j in range(12):
            w = words[(k + j) % len(words)]
            if j % 2 == 0 and len(attributions) < 5000:
                weight = round(((k * 7 + j * 3) % 21 - 10) / 10, 2)
                attributions.append({"start": at, "end": at + len(w), "weight": weight})
            if j == 5 and n % 3 == 0:
                entities.append({"start": at, "end": at + len(w), "label": "MISC", "score": 0.9})
            sep = ". " if j == 11 else " "
            parts.append(w + sep)
            at += len(w) + len(sep)
            k += 1
        label = "POSITIVE" if n % 2 == 0 else "NEGATIVE"
        sentences.append({"start": start, "end": at - 1, "sentiment": {"label": label, "score": 0.9}})
        n += 1
        if n % 6 == 0:
            parts.append("\n")
            at += 1
    text = "".join(parts)
    while len(text) < 95_000:
        text += "padding words without any weight at all. "
    return {"text": text, "entities": entities, "sentences": sentences, "attributions": attributions}


LONG = long_value()


@pytest.fixture(scope="module")
def app():
    with gr.Blocks(title="SentimentPanel attributions") as demo:
        SentimentPanel(SHORT, label="Review", elem_id="short")
        SentimentPanel(SHORT, label="Review, explained", elem_id="short-on", show_attributions=True)
        # for a whole-panel audit: without the sentiment bar and the threshold slider, whose
        # subdued light-theme text axe flags whatever the words do (not this feature's)
        SentimentPanel(
            SHORT, label="Review, audited", elem_id="audit", show_attributions=True,
            show_sentiment=False, show_scores=False,
        )
        SentimentPanel(LONG, label="Long", elem_id="long", show_sentiment=False)
        SentimentPanel({"text": "No attributions here.", "entities": []}, label="Plain", elem_id="plain")
    url = launch(demo)
    yield url
    demo.close()


def open_page(browser, url: str, *, dark: bool = False):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + ("?__theme=dark" if dark else ""))
    page.wait_for_selector("#short [data-testid=sentimentpanel-text] mark", timeout=20000)
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture(params=["light", "dark"])
def themed(request, browser, app):
    p = open_page(browser, app, dark=request.param == "dark")
    if request.param == "dark":
        assert p.evaluate("document.body.classList.contains('dark')")
    yield p, request.param
    assert p.errors == [], f"page errors: {p.errors}"
    p.close()


@pytest.fixture
def page(browser, app):
    p = open_page(browser, app)
    yield p
    assert p.errors == [], f"page errors: {p.errors}"
    p.close()


def text_el(page, elem_id: str):
    return page.locator(f"#{elem_id} [data-testid=sentimentpanel-text]")


def toggle(page, elem_id: str):
    return page.locator(f"#{elem_id} [data-testid=sentimentpanel-why]")


# word index -> its drawn text, tone, underline colour and thickness, text colour and the
# background it sits on (transparent layers composited down to the first opaque ancestor)
JS_WORDS = """
(root) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) {
      const [r, g, b, a] = layers[i];
      out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    }
    return out;
  };
  const out = {};
  for (const el of root.querySelectorAll(".why")) {
    const i = el.dataset.word;
    const cs = getComputedStyle(el);
    const tone = ["pos", "neg", "neu"].find((t) => el.classList.contains(t));
    const w = out[i] ?? { text: "", tone, pieces: [] };
    w.text += el.textContent;
    w.pieces.push({
      line: cs.textDecorationLine, style: cs.textDecorationStyle, color: cs.textDecorationColor,
      thickness: parseFloat(cs.textDecorationThickness), fg: parse(cs.color).slice(0, 3), bg: background(el),
      in_entity: !!el.closest("mark"),
    });
    out[i] = w;
  }
  return out;
}
"""


def luminance(c) -> float:
    def ch(v):
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])


def contrast(a, b) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def rgb(css: str):
    return [float(x) for x in css[css.index("(") + 1 : css.index(")")].replace(",", " ").split()[:3]]


def tinted_words() -> dict[int, dict]:
    return {i: a for i, a in enumerate(SHORT["attributions"]) if abs(a["weight"]) >= 0.1}


def test_the_toggle_shows_and_hides_the_words_and_the_text_stays_exact(page):
    root = text_el(page, "short")
    button = toggle(page, "short")
    assert button.inner_text() == "Why?"
    assert button.get_attribute("aria-pressed") == "false"
    assert root.locator(".why").count() == 0
    # no attributions, no toggle
    assert page.locator("#plain [data-testid=sentimentpanel-why]").count() == 0
    # show_attributions=True starts on
    assert toggle(page, "short-on").get_attribute("aria-pressed") == "true"
    assert text_el(page, "short-on").locator(".why").count() > 0

    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    legend = page.locator("#short [data-testid=sentimentpanel-why-legend]")
    assert "positive" in legend.inner_text() and "negative" in legend.inner_text()
    # the neutral sentence needs the grey keys
    assert "labels without polarity: towards against" in " ".join(legend.inner_text().split())

    words = root.evaluate(JS_WORDS)
    want = tinted_words()
    assert set(map(int, words)) == set(want)
    for i, a in want.items():
        w = words[str(i)]
        assert w["text"] == SHORT_TEXT[a["start"] : a["end"]], i
        assert w["tone"] == WANT_TONE[w["text"]], w["text"]
    # the DOM contract: the text once, each entity over exactly its slice
    assert root.evaluate(JS_VISIBLE_TEXT) == SHORT_TEXT
    got = root.evaluate(JS_ENTITY_TEXTS)
    for i, e in enumerate(SHORT["entities"]):
        assert got[str(i)] == SHORT_TEXT[e["start"] : e["end"]], e["label"]
    # words inside entities are underlined inside the highlight
    assert any(p["in_entity"] for p in words[str(SHORT["attributions"].index(attr("Hotel", 0.15)))]["pieces"])

    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert root.locator(".why").count() == 0
    assert root.evaluate(JS_VISIBLE_TEXT) == SHORT_TEXT


def test_colours_follow_what_a_word_pushes_towards_and_text_stays_readable(themed):
    page, theme = themed
    root = text_el(page, "short-on")
    words = root.evaluate(JS_WORDS)
    assert words
    by_text = {w["text"]: w for w in words.values()}
    for w in words.values():
        for p in w["pieces"]:
            assert "underline" in p["line"]
            assert p["color"] == WHY_RGB[theme][w["tone"]], (w["text"], p["color"])
            # tinted text keeps AA contrast on what it sits on (entity and sentence tints)
            assert contrast(p["fg"], p["bg"]) >= 4.5, (w["text"], p["fg"], p["bg"])
            # and the underline stands out from it (non-text contrast)
            assert contrast(rgb(p["color"]), p["bg"]) >= 3, (w["text"], p["color"], p["bg"])
    # the sign: towards NEGATIVE is orange, against it blue; in the POSITIVE sentence the reverse
    assert by_text["terrible"]["tone"] == "neg" and by_text["lovely"]["tone"] == "pos"
    assert by_text["wonderful"]["tone"] == "pos" and by_text["bad"]["tone"] == "neg"
    # the magnitude: thicker for a stronger word
    th = lambda s: by_text[s]["pieces"][0]["thickness"]  # noqa: E731
    assert th("terrible") > th("dirty") > th("Hotel")
    # neutral sentence: grey, solid towards the label, dashed against it
    assert by_text["opens"]["pieces"][0]["style"] == "solid"
    assert by_text["nine"]["pieces"][0]["style"] == "dashed"


def test_tooltips_name_the_strongest_words(page):
    root = text_el(page, "short-on")
    spoiled = root.locator(".why", has_text="spoiled")
    sentence = spoiled.locator("xpath=ancestor::span[contains(@class,'sent')][1]")
    title = sentence.get_attribute("title")
    assert title == (
        "Sentence sentiment: NEGATIVE 96% \u2014 because of: terrible (+1.00), spoiled (+0.71), dirty (+0.64)"
    )
    # an entity's tooltip carries its sentence's reasons
    root.locator("mark[data-top]", has_text="Noir").first.hover()
    reasons = page.locator("[data-testid=sentimentpanel-tooltip-reasons]")
    assert reasons.inner_text() == (
        "Sentence sentiment: POSITIVE 98% \u2014 because of: wonderful (+1.00), bad (\u22120.60), kind (+0.48)"
    )
    # screen readers: each tinted word once, then what it does, left out of the document text
    names = root.locator(".why-sr").evaluate_all("els => els.map(e => e.textContent)")
    assert names[:3] == [
        " (pushes towards positive, weak)",  # Paris, -0.12 in a NEGATIVE sentence
        " (pushes towards negative, strong)",  # spoiled
        " (pushes towards negative, weak)",  # Hotel
    ]
    assert len(names) == len(tinted_words())
    assert root.locator(".why-sr:not([data-decoration])").count() == 0


def test_no_accessibility_violations_with_the_words_shown(themed):
    page, theme = themed
    assert toggle(page, "audit").get_attribute("aria-pressed") == "true"
    assert axe_violations(page, "#audit") == []
    # the text and the toolbar (toggle, legend) of panels with scores, turned on by hand
    toggle(page, "short").click()
    for elem_id in ("short", "short-on"):
        for part in ("text", "toolbar"):
            assert axe_violations(page, f"#{elem_id} [data-testid=sentimentpanel-{part}]") == [], (elem_id, part)


def test_a_long_document_underlines_only_what_is_drawn_and_toggles_fast(page):
    root = text_el(page, "long")
    root.scroll_into_view_if_needed()
    assert root.locator(".placeholder").count() > 0
    drawn = root.locator(".chunk:not(.placeholder)").count()
    # time from the click to the frame after the update
    took = toggle(page, "long").evaluate(
        """async (b) => {
            const t0 = performance.now();
            b.click();
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            return performance.now() - t0;
        }"""
    )
    print(f"toggle on a long document (5,000 words): {took:.0f} ms")
    assert took < 500, took
    assert root.locator(".chunk:not(.placeholder)").count() == drawn
    tinted = root.locator(".why").count()
    assert 0 < tinted < len(LONG["attributions"]) / 3
    text = LONG["text"]

    def check():
        words = root.evaluate(JS_WORDS)
        for i, w in words.items():
            a = LONG["attributions"][int(i)]
            assert w["text"] == text[a["start"] : a["end"]], i
        got = root.evaluate(JS_ENTITY_TEXTS)
        for i, shown in got.items():
            e = LONG["entities"][int(i)]
            assert shown == text[e["start"] : e["end"]], i
        return words

    assert check()
    assert root.locator("mark").count() > 0  # entities among the words
    # what is rendered is whole chunks of the text, in order
    assert text.startswith(root.evaluate(JS_VISIBLE_TEXT))
    # scrolling far down renders more chunks, underlined too
    root.evaluate("el => { el.scrollTop = el.scrollHeight / 2; }")
    page.wait_for_function(
        "([el, n]) => el.querySelectorAll('.why').length > n", arg=[root.element_handle(), tinted], timeout=10000
    )
    check()
    # and off again: no word stays underlined
    toggle(page, "long").click()
    assert root.locator(".why").count() == 0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(browser, app, artifacts, theme):
    page = open_page(browser, app, dark=theme == "dark")
    try:
        page.locator("#short-on").screenshot(path=str(artifacts / f"attributions-{theme}.png"))
        text_el(page, "short-on").locator(".why", has_text="spoiled").hover()
        page.wait_for_timeout(300)
        text_el(page, "short-on").locator("mark[data-top]", has_text="Noir").first.hover()
        page.wait_for_selector("[data-testid=sentimentpanel-tooltip]")
        # the tooltip is fixed on the page and may stand out of the panel: shoot the region around it
        box = page.locator("#short-on").bounding_box()
        page.screenshot(
            path=str(artifacts / f"attributions-tooltip-{theme}.png"),
            clip={"x": 0, "y": max(0, box["y"] - 20), "width": 1100, "height": box["height"] + 40},
        )
        toggle(page, "long").click()
        page.locator("#long").screenshot(path=str(artifacts / f"attributions-long-{theme}.png"))
        assert page.errors == []
    finally:
        page.close()
