"""README.md stays true: its component reference and demo/space.py are what `gradio cc docs` writes."""

import subprocess
import sys
from urllib.parse import quote
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gradio_cc_docs_runs_and_the_readme_reference_and_space_are_what_it_writes():
    # scripts/docs.py --check runs `gradio cc docs` on a copy of demo/ and fails when it does not
    # exit 0, or when README.md's reference, demo/space.py or demo/css.css differ from its output
    out = subprocess.run(
        [sys.executable, "scripts/docs.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_readme_shows_the_from_source_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme


def test_readme_header_and_version_badge_match_the_package():
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    version = project["version"]
    assert readme.startswith("---\ntags: [gradio-custom-component")
    assert f"badge/version%20-%20{version}%20-" in readme
    gradio = next(d for d in project["dependencies"] if d.startswith("gradio"))
    assert f"badge/gradio-{quote(gradio.removeprefix('gradio'), safe='.')}-blue" in readme


def test_readme_lists_every_i18n_key_of_the_frontend_with_its_english_text():
    import re

    messages = (ROOT / "frontend" / "shared" / "messages.ts").read_text(encoding="utf-8")
    keys = re.findall(r'^\t"(sentimentpanel\.[a-z_]+)": "((?:[^"\\]|\\.)*)"', messages, re.M)
    assert len(keys) > 50
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {k: "| `" + k + "` | " + english.replace("|", "\\|") + " |" for k, english in keys}
    missing = [k for k, row in rows.items() if row not in readme]
    assert missing == []
