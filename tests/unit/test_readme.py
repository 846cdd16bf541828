"""README.md stays true: its API section is what scripts/api_docs.py makes of the docstrings."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_api_section_is_up_to_date():
    out = subprocess.run([sys.executable, "scripts/api_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_readme_shows_the_from_source_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme


def test_readme_header_and_version_badge_match_the_package():
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert readme.startswith("---\ntags: [gradio-custom-component")
    assert f"badge/version%20-%20{version}%20-" in readme
