"""The panel in the app's language: an app launched with gr.I18n translations, seen by a
German browser, shows the German strings and German percentages; an English browser sees the
English defaults; a language the app has no strings for falls back to English, never to keys."""

from __future__ import annotations

import copy
import re

import gradio as gr
import pytest

from gradio_sentimentpanel import SentimentPanel

from .conftest import launch, open_app
from .values import SHOWCASE

pytestmark = pytest.mark.browser

DE = {
    "sentimentpanel.min_confidence": "Mindestkonfidenz",
    "sentimentpanel.shown": "{shown} von {total} angezeigt",
    "sentimentpanel.document_sentiment": "Stimmung des Dokuments",
    "sentimentpanel.entity_labels": "Entitätsklassen",
    "sentimentpanel.snap": "an Wortgrenzen ausrichten",
    "sentimentpanel.undo": "Rückgängig",
    "sentimentpanel.why": "Warum?",
    "sentimentpanel.summary_mentions": "Erwähnungen",
    "sentimentpanel.entity_sentiment": "Stimmung {label}",
    "sentimentpanel.announce": "Stimmung des Dokuments: {label} {score}",
    "sentimentpanel.announce_entities": "{n} Entitäten",
}
# what the same places say without a translation
EN = {
    "sentimentpanel.min_confidence": "Min. confidence",
    "sentimentpanel.shown": "{shown} of {total} shown",
    "sentimentpanel.document_sentiment": "Document sentiment",
    "sentimentpanel.entity_labels": "Entity labels",
    "sentimentpanel.snap": "snap to words",
    "sentimentpanel.undo": "Undo",
    "sentimentpanel.why": "Why?",
    "sentimentpanel.summary_mentions": "Mentions",
    "sentimentpanel.entity_sentiment": "{label} sentiment",
    "sentimentpanel.announce": "Document sentiment: {label} {score}",
    "sentimentpanel.announce_entities": "{n} entities",
}
LANGS = {"de-DE": DE, "en-US": EN}

VALUE = copy.deepcopy(SHOWCASE)
VALUE["attributions"] = [{"start": VALUE["text"].index("loved"), "end": VALUE["text"].index("loved") + 5, "weight": 1.0}]
N = len(VALUE["entities"])
EUROPE = next(i for i, e in enumerate(VALUE["entities"]) if VALUE["text"][e["start"] : e["end"]] == "Europe")

ARRIVING_TEXT = "Oslo, Bergen and Tromsø were lovely."
ARRIVING = {
    "text": ARRIVING_TEXT,
    "entities": [
        {"start": ARRIVING_TEXT.index(w), "end": ARRIVING_TEXT.index(w) + len(w), "label": "LOC", "score": 0.9}
        for w in ("Oslo", "Bergen", "Tromsø")
    ],
    "sentiment": {"label": "POSITIVE", "score": 0.91, "scores": {"POSITIVE": 0.91, "NEGATIVE": 0.09}},
}

EVERYTHING = dict(show_legend=True, show_scores=True, show_sentiment=True, show_sentences=True, show_summary=True, show_attributions=True)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks(title="Languages") as demo:
        SentimentPanel(VALUE, label="Review", elem_id="out", **EVERYTHING)
        SentimentPanel(VALUE, label="Corrections", elem_id="edit", interactive=True, labels=["PER", "LOC", "ORG"], **EVERYTHING)
        news = SentimentPanel("Nothing yet.", label="News", elem_id="news")
        arrive = gr.Button("Arrive", elem_id="arrive")
        arrive.click(lambda: ARRIVING, None, news)
    url = launch(demo, i18n=gr.I18n(de=DE))
    yield url
    demo.close()


READY = "#out [data-testid=sentimentpanel-text] mark"


@pytest.fixture(params=list(LANGS))
def localized(request, browser, app):
    page = open_app(browser, app, READY, locale=request.param)
    assert page.evaluate("navigator.language") == request.param
    yield page, request.param
    errors = page.errors
    page.context.close()
    assert errors == [], f"page errors: {errors}"


def percent(page, locale: str, x: float) -> str:
    """what the browser itself writes for x as a percentage in this locale"""
    return page.evaluate("([l, x]) => new Intl.NumberFormat(l, { style: 'percent' }).format(x)", [locale, x])


def squash(s: str) -> str:
    return " ".join(s.replace("\u2060", "").split())


def test_the_threshold_speaks_the_language(localized):
    page, locale = localized
    m = LANGS[locale]
    threshold = page.locator("#out [data-testid=sentimentpanel-threshold]")
    assert threshold.locator("label").inner_text().strip() == m["sentimentpanel.min_confidence"]
    # the label names the slider
    assert page.locator("#out").get_by_label(m["sentimentpanel.min_confidence"], exact=True).get_attribute("type") == "range"
    shown = page.locator("#out [data-testid=sentimentpanel-shown]").inner_text().strip()
    assert shown == m["sentimentpanel.shown"].format(shown=N, total=N)
    assert threshold.locator("output").inner_text().strip() == percent(page, locale, 0)


def test_the_sentiment_view_and_the_legend_are_named_in_the_language(localized):
    page, locale = localized
    m = LANGS[locale]
    view = page.locator("#out [data-testid=sentimentpanel-sentiment]")
    assert view.get_attribute("aria-label") == m["sentimentpanel.document_sentiment"]
    text = view.inner_text()
    for share in (0.74, 0.26):
        assert percent(page, locale, share) in text, (share, text)
    legend = page.locator("#out [data-testid=sentimentpanel-legend]")
    assert legend.get_attribute("aria-label") == m["sentimentpanel.entity_labels"]
    assert page.locator("#out [data-testid=sentimentpanel-why]").inner_text().strip() == m["sentimentpanel.why"]
    summary = page.locator("#out [data-testid=sentimentpanel-summary]").inner_text()
    assert m["sentimentpanel.summary_mentions"] in summary


def test_badges_show_and_name_percentages_the_way_the_language_writes_them(localized):
    page, locale = localized
    m = LANGS[locale]
    europe = page.locator(f"#out [data-testid=sentimentpanel-text] .badge[data-entity='{EUROPE}']")
    want = percent(page, locale, 0.98)
    assert squash(europe.inner_text()) == squash(f"LOC {want}")
    assert europe.inner_text().replace("\u2060", "").strip() == f"LOC {want}"  # the very space Intl uses
    name = europe.get_attribute("aria-label")
    assert name.startswith("Europe") and f"LOC {want}" in name, name
    assert m["sentimentpanel.entity_sentiment"].format(label="POSITIVE") in name, name


def test_the_editing_toolbar_speaks_the_language(localized):
    page, locale = localized
    m = LANGS[locale]
    edit = page.locator("#edit")
    snap = edit.get_by_label(m["sentimentpanel.snap"], exact=True)
    assert snap.get_attribute("type") == "checkbox" and snap.is_checked()
    assert edit.get_by_role("button", name=m["sentimentpanel.undo"], exact=True).count() == 1
    other = EN if m is DE else DE
    assert other["sentimentpanel.snap"] not in edit.inner_text()


def test_the_announcement_is_in_the_language(localized):
    page, locale = localized
    m = LANGS[locale]
    page.locator("#arrive").click()
    want = (
        m["sentimentpanel.announce"].format(label="POSITIVE", score=percent(page, locale, 0.91))
        + ", "
        + m["sentimentpanel.announce_entities"].format(n=3)
    )
    page.wait_for_function(
        "([want]) => document.querySelector('#news [data-testid=sentimentpanel-announce]')?.textContent.trim() === want",
        arg=[want],
        timeout=8000,
    )


# every string the user sees or hears in a block: its text and the attributes read out
JS_STRINGS = """
(root) => {
  const out = [root.innerText];
  for (const el of root.querySelectorAll("*")) {
    for (const a of ["aria-label", "title", "placeholder", "aria-valuetext", "aria-roledescription"]) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("locale", ["de-DE", "en-US", "fr-FR"])
def test_no_key_is_ever_shown_and_no_percentage_is_written_the_english_way_elsewhere(browser, app, locale):
    page = open_app(browser, app, READY, locale=locale)
    try:
        page.locator("#edit [data-testid=sentimentpanel-text] mark[data-entity]").first.click()
        page.locator("[data-testid=sentimentpanel-popover]").wait_for()
        page.locator("#out [data-testid=sentimentpanel-text] mark[data-entity]").first.hover()
        page.locator("[data-testid=sentimentpanel-tooltip]").wait_for()
        strings = []
        for sel in ("#out", "#edit", "[data-testid=sentimentpanel-popover]", "[data-testid=sentimentpanel-tooltip]"):
            strings += page.locator(sel).first.evaluate(JS_STRINGS)
        leaked = [s for s in strings if "sentimentpanel." in s]
        assert leaked == [], leaked
        if locale == "fr-FR":  # no French strings: the English ones
            assert page.locator("#out [data-testid=sentimentpanel-legend]").get_attribute("aria-label") == "Entity labels"
        if percent(page, locale, 0.5) != "50%":
            # the locale puts a space before "%": no "98%" anywhere
            english = [s for s in strings if re.search(r"\d%", s)]
            assert english == [], english
        assert page.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_german_screenshots(browser, app, artifacts, theme):
    page = open_app(browser, app, READY, locale="de-DE", dark=theme == "dark", height=1400)
    try:
        page.locator("#out").screenshot(path=str(artifacts / f"i18n-de-out-{theme}.png"))
        page.locator("#edit [data-testid=sentimentpanel-text] mark[data-entity]").nth(1).click()
        page.locator("[data-testid=sentimentpanel-popover]").wait_for()
        page.wait_for_timeout(200)
        page.screenshot(path=str(artifacts / f"i18n-de-edit-{theme}.png"), full_page=True)
        assert page.errors == []
    finally:
        page.context.close()
