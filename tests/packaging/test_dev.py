"""`make dev` as a developer uses it: `gradio cc dev demo/app.py` with the venv's executables.

In a copy of the tree (so that editing sources cannot touch the checkout), the dev servers are
started as the Makefile starts them. In Chromium the frontend server's page must show the demo,
Analyze must fill the panel, an edit to a `.svelte` file must reach the open page without a
reload, and an edit to demo/app.py must reload the backend and show in the page. Every process
the servers started is stopped at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from browser.conftest import JS_VISIBLE_TEXT

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 120  # s, both servers up
RENDER_TIMEOUT = 60_000  # ms
RELOAD_TIMEOUT = 60_000  # ms

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TEXT = "Ada Lovelace loved London. The weather in Paris was awful."


def _copy_tree(tmp: Path) -> Path:
    node_modules = ROOT / "frontend" / "node_modules"
    if not node_modules.is_dir():
        pytest.fail("frontend/node_modules is missing: run `make frontend-deps`", pytrace=False)
    copy = tmp / "tree"
    ignore = shutil.ignore_patterns(".git", ".venv*", "node_modules", "dist", "templates", "__pycache__",
                                    "test-artifacts", ".pytest_cache", "tests", "benchmarks")
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
    (copy / "frontend" / "node_modules").symlink_to(node_modules)
    return copy


class DevServers:
    """`gradio cc dev` in its own process group, its output read on a thread."""

    def __init__(self, tree: Path):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
        env.update(
            PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
            # the copy's package, not the checkout's editable install
            PYTHONPATH=str(tree / "backend"),
            GRADIO_ANALYTICS_ENABLED="False",
            SENTIMENTPANEL_OFFLINE="1",
            PYTHONUNBUFFERED="1",
        )
        gradio = VENV_BIN / "gradio"
        self.proc = subprocess.Popen(
            [str(gradio), "cc", "dev", "demo/app.py", "--python-path", sys.executable, "--gradio-path", str(gradio)],
            cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines[-80:])

    def frontend_url(self) -> str:
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            for line in self.lines:
                found = re.search(r"Frontend Server.*?(http://\S+)", line)
                if found:
                    return found.group(1)
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        pytest.fail(f"the dev servers did not start within {START_TIMEOUT} s:\n{self.log}", pytrace=False)

    def stop(self) -> None:
        """Stop the whole process group (the frontend server and the backend it started)."""
        pgid = self.proc.pid
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                return
            deadline = time.time() + 10
            while time.time() < deadline:
                self.proc.poll()
                if not _group_alive(pgid):
                    return
                time.sleep(0.2)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # zombies of the group count as gone
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source, f"{path.name} no longer contains {old!r}: update this test"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_make_dev_serves_the_demo_and_reloads_edits(chromium_browser, tmp_path):
    tree = _copy_tree(tmp_path)
    servers = DevServers(tree)
    problems: list[str] = []
    try:
        url = servers.frontend_url()
        page = chromium_browser.new_page(viewport={"width": 1200, "height": 1400})
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto(url)
        try:
            page.wait_for_selector("#input-text textarea", timeout=RENDER_TIMEOUT)
        except Exception:
            pytest.fail(f"the dev page shows no demo: {page.locator('body').inner_text()[:300]!r}; "
                        f"errors: {problems}\n{servers.log}", pytrace=False)
        try:
            page.wait_for_selector("[data-testid=sentimentpanel]", timeout=RENDER_TIMEOUT)
        except Exception:
            pytest.fail(f"the dev page shows no panel; errors: {problems}\n{servers.log}", pytrace=False)

        page.fill("#input-text textarea", TEXT)
        page.get_by_role("button", name="Analyze", exact=True).last.click()
        entity = page.locator("[data-testid=sentimentpanel-text] [data-entity]").first
        entity.wait_for(timeout=RENDER_TIMEOUT)
        shown = page.locator("[data-testid=sentimentpanel-text]").first.evaluate(JS_VISIBLE_TEXT)
        assert shown == TEXT, f"the panel shows {shown!r}"
        # the page keeps this mark until it reloads: the Svelte edit must arrive without one
        page.evaluate("window.__sentimentpanel_dev_mark = 1")

        _edit(tree / "frontend" / "shared" / "Legend.svelte", 'data-testid="sentimentpanel-legend"',
              'data-testid="sentimentpanel-legend" data-dev-edit="legend"')
        page.wait_for_selector("[data-dev-edit=legend]", timeout=RELOAD_TIMEOUT)
        assert page.evaluate("window.__sentimentpanel_dev_mark") == 1, "the Svelte edit reloaded the page"
        assert page.locator("[data-testid=sentimentpanel-text] [data-entity]").count() > 0, \
            "the panel lost its value when the Svelte edit arrived"

        _edit(tree / "demo" / "app.py", 'gr.Button("Analyze", variant="primary")',
              'gr.Button("Analyse now", variant="primary")')
        page.get_by_role("button", name="Analyse now").wait_for(timeout=RELOAD_TIMEOUT)
        assert problems == [], f"the dev page logged errors: {problems}"
        page.close()
    finally:
        servers.stop()
    assert not _group_alive(servers.proc.pid), f"processes of `gradio cc dev` are still running:\n{servers.log}"
