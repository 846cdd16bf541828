"""How fast the panel is to use: each interaction, and page loads with the value at construction.

One app per size holds three components built with the same N-entity document (the one
benchmarks/render.py makes): a SentimentPanel in output mode, one in interactive mode and a
gr.Textbox with the same text (the floor). Headless Chromium then measures, each on a fresh page:

- page load: from navigation to the component's content settled (present, and two animation
  frames without a DOM mutation), with only that component on the page;
- each action on a settled page, from the action to the page settling again: hide a label in the
  legend and show it again, move the confidence threshold 0 -> 0.8 and back, scroll the text to
  its middle, hover an entity (its tooltip shows), and in the interactive panel click an entity
  (the editor opens), Delete it and Ctrl+Z, select a word to add an entity (the editor opens)
  and relabel one through the editor.

    .venv/bin/python benchmarks/interactions.py [--sizes 20000 100000] [--repeat 3]

Targets: every action under 100 ms; each load at most 2x the textbox's, and the interactive
panel's at most 1.2x the output panel's. The fastest of --repeat runs counts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from gradio_sentimentpanel import SentimentPanel  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from render import document, free_port, panel_value  # noqa: E402

# Resolves with the ms from `act()` until the page has settled: `ready()` holds and two
# animation frames pass without a DOM mutation under `root`.
SETTLE = """
async ([selector, action, ready]) => {
  const root = document.querySelector(selector);
  const act = new Function("root", action), done = new Function("root", ready);
  let last = performance.now();
  const mo = new MutationObserver(() => { last = performance.now(); });
  mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const t0 = performance.now();
  act(root);
  return await new Promise((resolve, reject) => {
    let quiet = 0, first = 0, seen = last;
    const frame = () => {
      if (performance.now() - t0 > 30000) { mo.disconnect(); reject(new Error("timeout")); return; }
      if (done(root) && last === seen) {
        if (quiet === 0) first = performance.now();
        if (++quiet >= 2) { mo.disconnect(); resolve(first - t0); return; }
      } else quiet = 0;
      seen = last;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
"""

TEXT = "[data-testid=sentimentpanel-text]"
LEGEND = "[data-testid=sentimentpanel-legend] button[data-label='LOC']"
SLIDER = "[data-testid=sentimentpanel-threshold] input[type=range]"
POPOVER = "[data-testid=sentimentpanel-popover]"


def slide(to: float) -> str:
    return (
        f"const s = root.querySelector(\"{SLIDER}\"); s.value = '{to}';"
        "s.dispatchEvent(new Event('input', { bubbles: true }));"
    )


def key(name: str, ctrl: bool = False) -> str:
    return (
        "const t = document.activeElement;"
        f"t.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{name}', ctrlKey: {str(ctrl).lower()}, bubbles: true }}));"
    )


# (name, panel, action, ready): JavaScript bodies run with `root` the component's block
ACTIONS = [
    ("legend: hide LOC", "out", f"root.querySelector(\"{LEGEND}\").click();", "return true;"),
    ("legend: show LOC again", "out", f"root.querySelector(\"{LEGEND}\").click();", "return true;"),
    ("threshold 0 -> 0.8", "out", slide(0.8), "return true;"),
    ("threshold 0.8 -> 0", "out", slide(0), "return true;"),
    (
        "scroll to the middle",
        "out",
        f"const t = root.querySelector('{TEXT}'); t.scrollTop = t.scrollHeight / 2;",
        f"const t = root.querySelector('{TEXT}'); const r = t.getBoundingClientRect();"
        "const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        "return !!el && !el.closest('.placeholder');",
    ),
    (
        "hover an entity (tooltip)",
        "out",
        f"root.querySelector('{TEXT} mark[data-entity]').dispatchEvent(new MouseEvent('mouseover', {{ bubbles: true }}));",
        "return !!document.querySelector('[data-testid=sentimentpanel-tooltip]');",
    ),
    (
        "click an entity (editor opens)",
        "edit",
        f"root.querySelector('{TEXT} .badge[data-entity]').click();",
        f"return !!document.querySelector('{POPOVER}');",
    ),
    (
        "relabel it in the editor",
        "edit",
        f"document.querySelector('{POPOVER} .choice:not([aria-pressed=true])').click();",
        f"return !document.querySelector('{POPOVER}');",
    ),
    ("Delete it", "edit", key("Delete"), "return true;"),
    ("Ctrl+Z", "edit", key("z", ctrl=True), "return true;"),
    (
        "select a word to add (editor opens)",
        "edit",
        f"const t = root.querySelector('{TEXT}');"
        "const w = document.createTreeWalker(t, NodeFilter.SHOW_TEXT); let n = w.nextNode();"
        "while (n && (n.parentElement.closest('[data-decoration], mark') || n.data.trim().length < 4)) n = w.nextNode();"
        "const s = n.data.search(/\\S/), r = document.createRange(); r.setStart(n, s); r.setEnd(n, s + 3);"
        "const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);"
        "t.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, button: 0 }));",
        f"return !!document.querySelector('{POPOVER}');",
    ),
]


def build_app(n: int, which: str) -> gr.Blocks:
    text, spans = document(n)
    value = panel_value(text, spans)
    with gr.Blocks(title="interactions benchmark") as demo:
        if which == "tb":
            gr.Textbox(text, elem_id="tb", lines=10, max_lines=20, label="floor")
        else:
            SentimentPanel(value, elem_id=which, interactive=which == "edit", label=which)
    return demo


def load_time(browser, url: str, which: str, n: int) -> float:
    """Navigation start to the component settled, in ms."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url, wait_until="commit")
        ready = (
            "() => (document.querySelector('#tb textarea')?.value.length ?? 0) > 0"
            if which == "tb"
            else f"() => document.querySelectorAll('#{which} {TEXT} [data-entity]').length > 0"
        )
        page.wait_for_function(ready, timeout=60000, polling="raf")
        return page.evaluate(
            """() => new Promise((resolve) => {
                let last = performance.now(), quiet = 0, first = 0, seen = last;
                const mo = new MutationObserver(() => { last = performance.now(); });
                mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
                const frame = () => {
                  if (last === seen) { if (quiet++ === 0) first = performance.now(); if (quiet >= 2) { mo.disconnect(); resolve(first); return; } }
                  else quiet = 0;
                  seen = last; requestAnimationFrame(frame);
                };
                requestAnimationFrame(frame);
            })"""
        )
    finally:
        page.close()


def action_times(browser, urls: dict[str, str]) -> dict[str, float]:
    """One fresh page per panel; the actions in order, each on the page the previous left."""
    out: dict[str, float] = {}
    for which in ("out", "edit"):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(urls[which])
            page.wait_for_selector(f"#{which} {TEXT} [data-entity]", timeout=60000)
            page.wait_for_timeout(1500)  # quiet on its own before the first action
            for name, panel, action, ready in ACTIONS:
                if panel != which:
                    continue
                if name == "Delete it":  # the entity to delete has the focus
                    page.locator(f"#edit {TEXT} .badge[data-entity]").first.focus()
                    page.wait_for_timeout(300)
                out[name] = page.evaluate(SETTLE, [f"#{which}", action, ready])
                page.wait_for_timeout(400)
                if name == "select a word to add (editor opens)":
                    page.keyboard.press("Escape")
        finally:
            page.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    out = sys.stdout
    sys.stdout = open(os.devnull, "w")  # the server logs every asset it serves
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            apps, urls = {}, {}
            for which in ("tb", "out", "edit"):
                apps[which] = build_app(n, which)
                port = free_port()
                apps[which].launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
                urls[which] = f"http://127.0.0.1:{port}/"
            loads = {w: min(load_time(browser, urls[w], w, n) for _ in range(args.repeat)) for w in urls}
            runs = [action_times(browser, urls) for _ in range(args.repeat)]
            actions = {name: min(r[name] for r in runs) for name in runs[0]}
            results[n] = (loads, actions)
            for demo in apps.values():
                demo.close()
            print(f"  measured N={n}", file=sys.stderr)
        browser.close()
    sys.stdout = out

    sizes = list(results)
    names = list(results[sizes[0]][1])
    print("| action | " + " | ".join(f"{n:,} entities, ms" for n in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{results[n][1][name]:.0f}" for n in sizes) + " |")
    print()
    print("| page load, value at construction | " + " | ".join(f"{n:,}: ms | vs textbox" for n in sizes) + " |")
    print("| --- |" + " ---: | ---: |" * len(sizes))
    for which, label in (("tb", "gr.Textbox (floor)"), ("out", "SentimentPanel, output"), ("edit", "SentimentPanel, interactive")):
        cells = []
        for n in sizes:
            loads = results[n][0]
            cells += [f"{loads[which]:.0f}", f"{loads[which] / loads['tb']:.2f}x"]
        print(f"| {label} | " + " | ".join(cells) + " |")
    for n in sizes:
        loads, actions = results[n]
        slow = [f"{k} ({v:.0f} ms)" for k, v in actions.items() if v >= 100]
        print(f"\nN={n:,}: actions over 100 ms: {', '.join(slow) or 'none'}; "
              f"output load {loads['out'] / loads['tb']:.2f}x the textbox (target 2x), "
              f"interactive {loads['edit'] / loads['out']:.2f}x output (target 1.2x)")


if __name__ == "__main__":
    main()
