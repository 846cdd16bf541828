"""Browser tests: a Gradio app with the built component, driven by Debian's Chromium."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from chromium import CHROMIUM  # noqa: E402

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "backend" / "gradio_sentimentpanel" / "templates"
ARTIFACTS = ROOT / "test-artifacts"

def _require_build() -> None:
    missing = [
        p for p in (TEMPLATES / "component" / "index.js", TEMPLATES / "example" / "index.js") if not p.exists()
    ]
    if missing:
        pytest.fail(
            "The built frontend is missing ("
            + ", ".join(str(p.relative_to(ROOT)) for p in missing)
            + "). Run `make build` first.",
            pytrace=False,
        )
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}. Run `make browser-deps`.", pytrace=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser(chromium_browser):
    _require_build()
    return chromium_browser


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def launch(demo, **kwargs) -> str:
    """Launch a Blocks app in this process and return its URL; ``kwargs`` go to ``launch``
    (e.g. ``i18n=gr.I18n(...)``)."""
    port = free_port()
    demo.launch(
        prevent_thread_lock=True,
        server_name="127.0.0.1",
        server_port=port,
        quiet=True,
        show_error=True,
        **kwargs,
    )
    return f"http://127.0.0.1:{port}/"


def open_app(
    browser,
    url: str,
    ready: str,
    *,
    dark: bool = False,
    locale: str | None = None,
    width: int = 1100,
    height: int = 900,
):
    """A page of the app in its own browser context (``locale`` sets the browser's language),
    once ``ready`` (a selector) is on screen. ``page.errors`` collects the page's errors.
    Close it with ``page.context.close()``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url + ("?__theme=dark" if dark else ""))
    page.wait_for_selector(ready, timeout=20000)
    return page


def page_of(browser, url: str, ready: str, *, dark: bool = False, **kwargs):
    """``open_app`` as a fixture's generator: yields the page, then closes its context and fails
    the test if the page logged an error."""
    page = open_app(browser, url, ready, dark=dark, **kwargs)
    yield page
    errors = page.errors
    page.context.close()
    assert errors == [], f"page errors: {errors}"


# JavaScript helpers evaluated in the page (element.evaluate(JS_..., arg), root being the
# panel's text element). They read the document as the DOM contract defines it: the text nodes
# under the text element, leaving out those inside [data-decoration], in document order.
_TEXT_NODES = """
function* text_nodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.closest("[data-decoration]")) yield n;
  }
}
"""

# a Range over characters from..to (code units, the whole word by default) of the first
# occurrence of `word` inside one text node of the document, or null
_WORD_RANGE = (
    _TEXT_NODES
    + """
function word_range(root, word, from = 0, to = word.length) {
  for (const n of text_nodes(root)) {
    const i = n.data.indexOf(word);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(n, i + from);
    r.setEnd(n, i + to);
    return r;
  }
  return null;
}
"""
)

# the document's text
JS_VISIBLE_TEXT = (
    """
(root) => {"""
    + _TEXT_NODES
    + """
  let out = "";
  for (const n of text_nodes(root)) out += n.data;
  return out;
}
"""
)

# {entity index: the text shown for it}, every index found in a data-entity (overlaps too)
JS_ENTITY_TEXTS = (
    """
(root) => {"""
    + _TEXT_NODES
    + """
  const out = {};
  root.querySelectorAll("[data-entity]").forEach((el) => {
    for (const i of el.dataset.entity.split(" ")) out[i] ??= "";
  });
  for (const n of text_nodes(root)) {
    const seen = new Set();
    for (let el = n.parentElement; el && el !== root.parentElement; el = el.parentElement) {
      if (el.dataset && el.dataset.entity !== undefined) {
        for (const i of el.dataset.entity.split(" ")) seen.add(i);
      }
    }
    for (const i of seen) out[i] = (out[i] ?? "") + n.data;
  }
  return out;
}
"""
)


AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.x A and AA, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, selector: str) -> list[dict]:
    """axe-core's violations inside the elements matching ``selector``: a list of
    ``{"id", "impact", "help", "nodes": [html, ...], "why": [failure summary, ...]}``,
    empty when the audit finds nothing."""
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}. Run `make frontend-deps`.", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([selector, tags]) => {
            const result = await window.axe.run(
                { include: [[selector]] },
                { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }
            );
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.html.slice(0, 200)),
                why: v.nodes.map((n) => (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300)),
            }));
        }""",
        [selector, AXE_TAGS],
    )


# The elements under root (root included) that are in the Tab order, in document order:
# [{entity, testid, tag}] (entity: data-entity, or null).
JS_TAB_STOPS = """
(root) => [root, ...root.querySelectorAll("*")]
  .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility())
  .map((el) => ({ entity: el.dataset.entity ?? null, testid: el.dataset.testid ?? null, tag: el.tagName.toLowerCase() }))
"""

# Focuses the last element in the Tab order before root (the control a user tabs from into
# root) and returns its HTML.
JS_FOCUS_STOP_BEFORE = """
(root) => {
  const before = [...document.querySelectorAll("*")].filter((el) => {
    const pos = root.compareDocumentPosition(el);
    return (pos & Node.DOCUMENT_POSITION_PRECEDING) && !(pos & Node.DOCUMENT_POSITION_CONTAINS)
      && el.tabIndex >= 0 && !el.disabled && el.checkVisibility();
  });
  const last = before[before.length - 1];
  last.focus();
  return last.outerHTML.slice(0, 120);
}
"""


# a word's box on screen ({x, y, w, h}), or null when the document does not show it
JS_WORD_RECT = (
    """
(root, word) => {"""
    + _WORD_RANGE
    + """
  const r = word_range(root, word);
  if (!r) return null;
  const b = r.getBoundingClientRect();
  return { x: b.left, y: b.top, w: b.width, h: b.height };
}
"""
)

# selects characters from..to of a word as a user's drag would (root.evaluate(JS_SELECT,
# [word, from, to]); [word] selects all of it); false when the document does not show the word
JS_SELECT = (
    """
(root, [word, from, to]) => {"""
    + _WORD_RANGE
    + """
  const r = word_range(root, word, from, to);
  if (!r) return false;
  const s = window.getSelection();
  s.removeAllRanges();
  s.addRange(r);
  return true;
}
"""
)
