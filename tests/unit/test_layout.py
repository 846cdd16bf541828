"""The package's layout: the component half never imports the analysis half, and no module of
the package imports itself back through others (at the top or inside a function alike)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import gradio_sentimentpanel

PACKAGE = Path(gradio_sentimentpanel.__file__).parent
NAME = "gradio_sentimentpanel"
ANALYSIS = f"{NAME}.analysis"


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join([NAME, *parts])] = path
    return out


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that the module ``name`` imports anywhere in its source (in a
    function, under ``if TYPE_CHECKING:``, at the top), relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # `from pkg import module` imports the module; `from module import name` the module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, set(known)) for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``edges`` (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_is_read_from_the_source():
    edges = graph()
    # a top-level import, a relative import of a sibling package, and an import inside a function
    assert f"{NAME}.data" in edges[f"{ANALYSIS}.analyzer"]
    assert f"{NAME}.adapters" in edges[f"{ANALYSIS}.sentences"]
    assert f"{ANALYSIS}.aspects" in edges[f"{ANALYSIS}.passes"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_of_the_package_imports_itself_back():
    assert cycle(graph()) is None


def test_the_component_half_imports_nothing_of_the_analysis_half():
    edges = graph()
    component = [m for m in edges if m != NAME and not m.startswith(ANALYSIS)]
    assert f"{NAME}.sentimentpanel" in component and f"{NAME}.export" in component
    wrong = {m: sorted(t for t in edges[m] if t.startswith(ANALYSIS)) for m in component}
    assert {m: t for m, t in wrong.items() if t} == {}


def test_a_gradio_app_showing_and_exporting_a_value_loads_no_analysis_module():
    script = f"""
import sys
import gradio_sentimentpanel as gsp
from gradio_sentimentpanel import PanelData, SentimentPanel
from gradio_sentimentpanel import adapters, export, limits, mcp
panel = SentimentPanel(show_summary=True)
value = panel.postprocess({{"text": "I love Paris.", "entities": [{{"start": 7, "end": 12, "entity_group": "LOC",
    "score": 0.9}}], "sentiment": [{{"label": "POSITIVE", "score": 0.9}}, {{"label": "NEGATIVE", "score": 0.1}}]}})
data = panel.preprocess(value)
rows = export.entity_summary(data)
assert rows[0]["text"] == "Paris", rows
export.from_json(export.to_json(data)); export.to_iob(data); export.to_displacy(data)
loaded = sorted(m for m in sys.modules if m.startswith("{ANALYSIS}"))
print(loaded)
"""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    run = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
