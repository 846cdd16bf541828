"""demo/space.py and demo/requirements.txt as a Hugging Face Space runs them: requirements
installed, then `python space.py` from the Space's folder, serving on the port it is given."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"

pytestmark = pytest.mark.slow


def test_requirements_install_the_package_with_the_demo_models():
    lines = [line.strip() for line in (DEMO / "requirements.txt").read_text().splitlines()]
    reqs = [Requirement(line) for line in lines if line and not line.startswith("#")]
    ours = [r for r in reqs if r.name.replace("-", "_") == "gradio_sentimentpanel"]
    assert ours, "the Space must install gradio_sentimentpanel"
    assert {"demo", "offline"} <= ours[0].extras


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_space_entry_point_serves_the_demo():
    from gradio_client import Client

    port = _free_port()
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False", SENTIMENTPANEL_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "space.py"], cwd=DEMO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/config", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    proc.kill()
                    pytest.fail(f"space.py did not serve:\n{proc.stdout.read()[-3000:]}")
                time.sleep(0.5)
        client = Client(url, verbose=False)
        text = "Angela Merkel loved Paris. The hotel in London was awful."
        panel, _, notice = client.predict(text, "vader", "spacy/en_core_web_sm", api_name="/analyze")
        assert panel["text"] == text
        assert len(panel["sentences"]) == 2
        assert {text[e["start"] : e["end"]] for e in panel["entities"]} >= {"Paris", "London"}
        assert "VADER" in notice
    finally:
        proc.terminate()
        proc.wait(20)
