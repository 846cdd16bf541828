"""The built distribution works on its own: wheel + sdist pass twine, and the wheel installed in
a fresh virtual environment (no source tree on the path) imports, launches an app and serves the
component's JavaScript."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

pytestmark = pytest.mark.slow


def _artifact(pattern: str) -> Path:
    found = sorted(DIST.glob(pattern))
    if not found:
        pytest.fail(f"no {pattern} in {DIST}: run `make build` (gradio cc build) first")
    return found[-1]


@pytest.fixture(scope="module")
def wheel() -> Path:
    return _artifact(f"gradio_sentimentpanel-{VERSION}-py3-none-any.whl")


@pytest.fixture(scope="module")
def sdist() -> Path:
    return _artifact(f"gradio_sentimentpanel-{VERSION}.tar.gz")


def test_twine_check_passes(wheel, sdist):
    out = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("PASSED") == 2, out.stdout


def test_wheel_holds_the_built_frontend_and_no_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "gradio_sentimentpanel/__init__.py",
        "gradio_sentimentpanel/analysis/analyzer.py",
        "gradio_sentimentpanel/sentimentpanel.pyi",
        "gradio_sentimentpanel/templates/component/index.js",
        "gradio_sentimentpanel/templates/example/index.js",
    ):
        assert needed in names, f"{needed} missing from {wheel.name}"
    assert not [n for n in names if n.startswith(("tests/", "frontend/", "demo/"))]
    meta = zipfile.ZipFile(wheel).read(f"gradio_sentimentpanel-{VERSION}.dist-info/METADATA").decode()
    assert re.search(r"^Requires-Dist: gradio<7\.0,>=6\.0", meta, re.M), meta[:2000]
    assert "gradio-custom-component" in meta


@pytest.fixture(scope="module")
def fresh_python(wheel, tmp_path_factory) -> Path:
    """A new venv with only the wheel installed; its dependencies come from the test venv's
    site-packages through a .pth file (that directory's own .pth files, among them the editable
    install of the source tree, are not read)."""
    env_dir = tmp_path_factory.mktemp("fresh-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
    )
    site = Path(subprocess.check_output([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return py


def _run(py: Path, code: str, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["GRADIO_ANALYTICS_ENABLED"] = "False"
    return subprocess.run([str(py), "-c", code], cwd="/", env=env, capture_output=True, text=True, **kw)


def test_wheel_imports_from_the_fresh_venv(fresh_python):
    out = _run(fresh_python, "import gradio_sentimentpanel as g; print(g.__file__); print(sorted(g.__all__))")
    assert out.returncode == 0, out.stderr
    path, names = out.stdout.splitlines()
    assert str(ROOT) not in path and str(fresh_python.parent.parent) in path
    assert names == str(sorted(["Agreement", "Analyzer", "Attribution", "Entity", "PanelData", "Reference", "Sentence", "Sentiment", "SentimentPanel", "WorkEstimate", "compare", "inference_client", "load_pipeline", "onnx_pipeline"]))
    # compare is the function, also once the module that holds it is imported
    code = (
        "from gradio_sentimentpanel.agreement import Agreement; import gradio_sentimentpanel as g; "
        "a = g.compare('Ada', [('Ada', 'PER')]); assert isinstance(a, Agreement), a; print(a.entities.precision, a.entities.recall)"
    )
    out = _run(fresh_python, code)
    assert out.returncode == 0 and out.stdout.strip() == "0.0 1.0", out.stderr


APP = """
import gradio as gr, sys
from gradio_sentimentpanel import SentimentPanel
with gr.Blocks() as demo:
    SentimentPanel(value={"text": "Ada Lovelace loved Paris.", "entities": [{"start": 0, "end": 12, "label": "PER"}]})
demo.launch(server_port=int(sys.argv[1]), prevent_thread_lock=False, quiet=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


def test_app_from_the_wheel_serves_the_component(fresh_python):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["GRADIO_ANALYTICS_ENABLED"] = "False"
    proc = subprocess.Popen([str(fresh_python), "-c", APP, str(port)], cwd="/", env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                status, body = _get(f"{base}/config")
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    proc.kill()
                    pytest.fail(f"app did not start:\n{proc.stdout.read()}")
                time.sleep(0.3)
        config = json.loads(body)
        panel = next(c for c in config["components"] if c["type"] == "sentimentpanel")
        assert panel["props"]["value"]["entities"][0]["label"] == "PER"
        class_id = panel["component_class_id"]
        for kind in ("component", "example"):
            status, js = _get(f"{base}{config['api_prefix']}/custom_component/{class_id}/client/{kind}/index.js")
            assert status == 200 and len(js) > 1000, (kind, status, len(js))
    finally:
        proc.terminate()
        proc.wait(10)
