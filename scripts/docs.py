"""The gallery's docs, made by Gradio's own generator: ``gradio cc docs``.

``gradio cc docs`` writes ``demo/space.py`` and ``demo/css.css`` (the documentation Space the
custom component gallery shows) and a whole README. Our README keeps its own sections; only its
component reference, between ``<!-- api:start -->`` and ``<!-- api:end -->``, is the generated
one (from the ``SentimentPanel`` heading to the end).

    python scripts/docs.py           # regenerate space.py, css.css and the README's reference
    python scripts/docs.py --check   # exit 1 if any of them differs from what the generator writes
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DEMO = ROOT / "demo"
START, END = "<!-- api:start -->", "<!-- api:end -->"
REFERENCE = "## `SentimentPanel`"
GENERATED = ("space.py", "css.css")


def generate(work: Path) -> tuple[dict[str, str], str]:
    """Run ``gradio cc docs`` on a copy of the demo folder; the files it writes and the
    reference part of its README."""
    demo = work / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("__pycache__"))
    readme = work / "README.md"
    readme.write_text("", encoding="utf-8")
    gradio = Path(sys.executable).with_name("gradio")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    out = subprocess.run(
        [str(gradio), "cc", "docs", str(ROOT), "--demo-dir", str(demo), "--readme-path", str(readme)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    if out.returncode != 0:
        raise SystemExit(f"gradio cc docs failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    text = readme.read_text(encoding="utf-8")
    if REFERENCE not in text:
        raise SystemExit(f"gradio cc docs wrote no {REFERENCE!r} section")
    reference = text[text.index(REFERENCE) :].strip() + "\n"
    return {name: (demo / name).read_text(encoding="utf-8") for name in GENERATED}, reference


def spliced(readme: str, reference: str) -> str:
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md needs the markers {START} and {END}")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{reference}{END}{tail}"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    with tempfile.TemporaryDirectory(prefix="sentimentpanel-docs-") as tmp:
        files, reference = generate(Path(tmp))
    readme = README.read_text(encoding="utf-8")
    wanted = {DEMO / name: text for name, text in files.items()}
    wanted[README] = spliced(readme, reference)
    stale = [path for path, text in wanted.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} differs from what gradio cc docs writes: run python scripts/docs.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
