"""Write (or check) the API reference part of README.md from SentimentPanel's docstrings.

The section between ``<!-- api:start -->`` and ``<!-- api:end -->`` is generated: the table of
initialisation parameters (name, type, default, description), the events, and what a user
function receives and returns, in the shape ``gradio cc docs`` gives a README.

    python scripts/api_docs.py           # rewrite the section
    python scripts/api_docs.py --check   # exit 1 if README.md is out of date
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- api:start -->", "<!-- api:end -->"
EVENTS = {
    "change": "Triggered when the value changes: a function returned a new value, or a person edited the entities. Use `input` for edits only.",
    "select": "Triggered when a person clicks (or presses Enter on) an entity. The listener gets a `gr.SelectData` whose `.value` is the entity as a dict (`start`, `end`, `label`, `score`, `sentiment`) and `.index` its position in `PanelData.entities`.",
    "input": "Triggered when a person adds, relabels or deletes an entity (interactive mode). The edited `PanelData` is passed to the listener.",
    "clear": "Triggered when a person presses the clear button of an interactive panel, which empties it (the listener gets None).",
}


def _param_docs(doc: str) -> dict[str, str]:
    """``name: description`` entries of a Gradio-style ``Parameters:`` block."""
    out: dict[str, str] = {}
    block = doc.split("Parameters:", 1)[-1].split("Returns:", 1)[0]
    for line in block.splitlines():
        m = re.match(r"\s+(\w+): (.*)", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(annotation: object) -> str:
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return text.replace("gradio_sentimentpanel.data.", "").replace("typing.", "")


def render() -> str:
    from gradio_sentimentpanel import SentimentPanel

    init = SentimentPanel.__init__
    descriptions = _param_docs(inspect.getdoc(init) or "")
    rows = ["| name | type | default | description |", "|:-----|:-----|:--------|:------------|"]
    for name, param in inspect.signature(init).parameters.items():
        if name == "self":
            continue
        default = "required" if param.default is inspect.Parameter.empty else repr(param.default)
        rows.append(
            f"| `{name}` | `{_cell(_type(param.annotation))}` | `{_cell(default)}` | "
            f"{_cell(descriptions.get(name, ''))} |"
        )
    events = ["| name | description |", "|:-----|:------------|"]
    for event in SentimentPanel.EVENTS:
        name = event if isinstance(event, str) else event.event_name
        if name not in EVENTS:
            raise SystemExit(f"event {name!r} has no description in scripts/api_docs.py")
        events.append(f"| `{name}` | {_cell(EVENTS[name])} |")
    receives = (inspect.getdoc(SentimentPanel.preprocess) or "").split("Returns:", 1)[-1].strip()
    returns = _param_docs(inspect.getdoc(SentimentPanel.postprocess) or "").get("value", "")
    return "\n".join(
        [
            START,
            "## `SentimentPanel`",
            "",
            "### Initialization",
            "",
            *rows,
            "",
            "### Events",
            "",
            *events,
            "",
            "### User function",
            "",
            "- **As input:** " + receives,
            "- **As output:** the function may return " + returns[0].lower() + returns[1:],
            "",
            "```python",
            "def predict(value: PanelData | None) -> PanelData | dict | str | None:",
            "    return value",
            "```",
            END,
        ]
    )


def main() -> int:
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        print(f"README.md has no {START} ... {END} section", file=sys.stderr)
        return 1
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    updated = head + render() + tail
    if "--check" in sys.argv:
        if updated != readme:
            print("README.md's API section is out of date: run python scripts/api_docs.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
