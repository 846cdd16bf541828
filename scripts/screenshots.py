"""Screenshots of the demo for the README, in light and dark theme.

Starts demo/app.py with the offline models (spaCy's en_core_web_sm and VADER: real models that
install from the package index), analyses the news example and saves docs/demo-light.png and
docs/demo-dark.png. Needs the built frontend (`make build`) and Chromium at /usr/bin/chromium.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs"
sys.path.insert(0, str(ROOT / "tests"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main() -> int:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False", SENTIMENTPANEL_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "demo/app.py"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/config", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for theme in ("light", "dark"):
                page = browser.new_page(viewport={"width": 1200, "height": 1000}, device_scale_factor=1)
                page.goto(f"{url}/?__theme={theme}")
                page.get_by_text("News", exact=True).first.click()
                page.get_by_role("button", name="Analyze").click()
                page.wait_for_selector("[data-testid=sentimentpanel-sentiment]", timeout=60_000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(OUT / f"demo-{theme}.png"), full_page=True)
                print(f"wrote {OUT / f'demo-{theme}.png'}")
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
