"""Every Gradio that pyproject.toml declares runs the built panel.

The wheel goes into fresh virtual environments: the lowest declared Gradio on the lowest declared
Python, and the newest Gradio the declaration allows on the newest Python this machine has. Each
serves range_app.py; in Chromium the panels must render (not stay on "Loading..."), obey the DOM
contract, carry a value from Python through the frontend and back to Python in an event, and log
no errors. A change that breaks the floor fails here instead of in users' apps.

The wheel is the one `make build` left in dist/ when it is newer than every file it is built
from; otherwise it is built once from a copy of the tree, which stays untouched.
"""

from __future__ import annotations

import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from browser.conftest import JS_ENTITY_TEXTS, JS_VISIBLE_TEXT, free_port
from browser.values import MIXED

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
APP = Path(__file__).with_name("range_app.py")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
VERSION = PYPROJECT["project"]["version"]
WHEEL_NAME = f"gradio_sentimentpanel-{VERSION}-py3-none-any.whl"
BUILT_INDEX = "gradio_sentimentpanel/templates/component/index.js"

pytestmark = [pytest.mark.slow, pytest.mark.browser]

VALUE = {
    **MIXED,
    "sentiment": {"label": "POSITIVE", "score": 0.75, "scores": {"POSITIVE": 0.75, "NEGATIVE": 0.25}},
}

INSTALL_TIMEOUT = 900  # seconds, for one venv; with pip's cache warm it takes well under a minute
START_TIMEOUT = 90
RENDER_TIMEOUT = 30_000  # ms


# --- the declared range ---------------------------------------------------------------------


def _floor(spec: SpecifierSet, what: str) -> str:
    lows = [s.version for s in spec if s.operator in (">=", "==", "~=")]
    assert len(lows) == 1, f"pyproject.toml should declare one lower bound for {what}, not {spec}"
    return lows[0]


def _gradio_spec() -> SpecifierSet:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    gradio = [r for r in reqs if r.name == "gradio"]
    assert gradio, "pyproject.toml does not depend on gradio"
    return gradio[0].specifier


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def _pythons() -> dict[tuple[int, int], str]:
    """Final-release CPython interpreters on this machine, one per minor version."""
    candidates = [sys.executable]
    candidates += [shutil.which(f"python3.{m}") or "" for m in range(8, 30)]
    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(os.path.join(pyenv, "versions", "3.*", "bin", "python3")))
    found: dict[tuple[int, int], str] = {}
    for exe in dict.fromkeys(c for c in candidates if c):
        try:
            out = subprocess.run(
                [exe, "-c", "import sys, venv, ensurepip; v = sys.version_info; print(v.major, v.minor, v.releaselevel)"],
                capture_output=True, text=True, timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        parts = out.stdout.split()
        if out.returncode == 0 and len(parts) == 3 and parts[2] == "final":
            found.setdefault((int(parts[0]), int(parts[1])), exe)
    return found


def _cases() -> dict[str, tuple[str, str, str | None]]:
    """case -> (python executable, pip requirement for gradio, the Gradio version it must give)"""
    spec = _gradio_spec()
    low_gradio = _floor(spec, "gradio")
    low_python = _minor(_floor(SpecifierSet(PYPROJECT["project"]["requires-python"]), "Python"))
    pythons = {v: exe for v, exe in _pythons().items() if v >= low_python}
    if low_python not in pythons:
        pytest.fail(f"no Python {'.'.join(map(str, low_python))} on this machine (the lowest that "
                    f"pyproject.toml declares); found {sorted(pythons)}", pytrace=False)
    return {
        "lowest": (pythons[low_python], f"gradio=={low_gradio}", low_gradio),
        "newest": (pythons[max(pythons)], f"gradio{spec}", None),
    }


# --- the wheel ------------------------------------------------------------------------------


def _inputs() -> list[Path]:
    """The files the wheel is built from."""
    skip = {"node_modules", "dist", "tests", "templates", "__pycache__"}
    files = [ROOT / "pyproject.toml", ROOT / "README.md"]
    for top in (ROOT / "frontend", ROOT / "backend"):
        for path in top.rglob("*"):
            if path.is_file() and not skip.intersection(path.relative_to(ROOT).parts):
                files.append(path)
    return files


def _stale(wheel: Path) -> str | None:
    """Why `wheel` does not show the current sources, or None when it does."""
    if not wheel.exists():
        return f"no {wheel.relative_to(ROOT)}"
    built = wheel.stat().st_mtime
    newer = [p for p in _inputs() if p.stat().st_mtime > built]
    if newer:
        return f"{newer[0].relative_to(ROOT)} is newer than {wheel.name}"
    templates = ROOT / "backend" / BUILT_INDEX
    if templates.exists() and zipfile.ZipFile(wheel).read(BUILT_INDEX) != templates.read_bytes():
        return f"{wheel.name} holds another build than {templates.relative_to(ROOT)}"
    return None


def _build_from_a_copy(tmp: Path) -> Path:
    """`gradio cc build` as `make build` runs it, in a copy of the tree, whose package the
    build imports (PYTHONPATH) instead of the editable install of the tree."""
    node_modules = ROOT / "frontend" / "node_modules"
    if not node_modules.is_dir():
        pytest.fail("frontend/node_modules is missing: run `make frontend-deps`", pytrace=False)
    copy = tmp / "tree"
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "dist", "templates", "__pycache__",
                                    "test-artifacts", ".pytest_cache")
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
    (copy / "frontend" / "node_modules").symlink_to(node_modules)
    env = {**os.environ, "PYTHONPATH": str(copy / "backend"), "GRADIO_ANALYTICS_ENABLED": "False"}
    gradio_cli = Path(sys.executable).with_name("gradio")
    out = subprocess.run(
        [str(gradio_cli), "cc", "build", "--no-generate-docs", "--python-path", sys.executable],
        cwd=copy, env=env, capture_output=True, text=True, timeout=900,
    )
    wheel = copy / "dist" / WHEEL_NAME
    assert out.returncode == 0 and wheel.exists(), f"gradio cc build failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    built = DIST / WHEEL_NAME
    reason = _stale(built)
    if reason is None:
        return built
    print(f"building the wheel from a copy of the tree: {reason}", file=sys.stderr)
    return _build_from_a_copy(tmp_path_factory.mktemp("build"))


# --- fresh virtual environments -------------------------------------------------------------


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(GRADIO_ANALYTICS_ENABLED="False", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _make_venv(where: Path, python: str, gradio: str, wheel: Path) -> tuple[Path, str]:
    subprocess.run([python, "-m", "venv", str(where)], check=True, timeout=300)
    py = where / "bin" / "python"
    out = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", gradio, str(wheel)],
        env=_clean_env(), capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
    )
    assert out.returncode == 0, f"pip install {gradio} {wheel.name} with {python} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    about = subprocess.run(
        [str(py), "-c", "import sys, gradio, gradio_sentimentpanel as g; "
                        "print(gradio.__version__); print('%d.%d' % sys.version_info[:2]); print(g.__file__)"],
        cwd="/", env=_clean_env(), capture_output=True, text=True, timeout=120,
    )
    assert about.returncode == 0, about.stderr
    gradio_version, python_version, location = about.stdout.split()
    assert location.startswith(str(where)), f"the package came from {location}, not from the wheel"
    return py, f"gradio {gradio_version} on Python {python_version}"


@pytest.fixture(scope="module")
def venvs(wheel, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Both environments, installed side by side."""
    cases = _cases()
    with concurrent.futures.ThreadPoolExecutor(len(cases)) as pool:
        futures = {
            case: pool.submit(_make_venv, tmp_path_factory.mktemp(f"venv-{case}"), python, gradio, wheel)
            for case, (python, gradio, _) in cases.items()
        }
        made = {case: f.result() for case, f in futures.items()}
    for case, (_, _, expected) in cases.items():
        got = made[case][1].split()[1]
        assert expected is None or Version(got) == Version(expected), f"{case}: {made[case][1]}, not gradio {expected}"
    return made


# --- the app in Chromium --------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium(chromium_browser):
    return chromium_browser


def _serve(py: Path, tmp: Path):
    value_file = tmp / "value.json"
    value_file.write_text(json.dumps(VALUE, ensure_ascii=False), encoding="utf-8")
    port = free_port()
    log = tmp / "server.log"
    with open(log, "w") as sink:
        proc = subprocess.Popen([str(py), str(APP), str(value_file), str(port)], cwd="/",
                                env=_clean_env(), stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{base}/config", timeout=5):
                return proc, base, log
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"the app did not start:\n{log.read_text()[-3000:]}", pytrace=False)
            time.sleep(0.3)


def _check_panel(page, elem_id: str, where: str) -> None:
    root = page.locator(f"#{elem_id} [data-testid=sentimentpanel-text]")
    text = VALUE["text"]
    assert root.evaluate(JS_VISIBLE_TEXT) == text, f"{where}: #{elem_id} does not show the document text exactly"
    got = root.evaluate(JS_ENTITY_TEXTS)
    assert set(got) == {str(i) for i in range(len(VALUE["entities"]))}, f"{where}: #{elem_id} data-entity indices {sorted(got)}"
    for i, e in enumerate(VALUE["entities"]):
        assert got[str(i)] == text[e["start"]:e["end"]], f"{where}: #{elem_id} entity {i} ({e['label']}) shows {got[str(i)]!r}"
    for part in ("sentiment", "legend"):
        assert page.locator(f"#{elem_id} [data-testid=sentimentpanel-{part}]").count() == 1, f"{where}: #{elem_id} has no {part}"


def check_in_chromium(chromium, py: Path, where: str, tmp: Path) -> None:
    """Serve range_app.py with `py` and hold it to the contract in the module docstring."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    proc, base, log = _serve(py, tmp)
    problems: list[str] = []
    page = chromium.new_page(viewport={"width": 1100, "height": 900})
    try:
        # Only the app's own server answers: fonts and scripts from elsewhere get an empty reply,
        # so neither a machine without internet nor a slow CDN makes errors here.
        page.route(lambda url: not url.startswith(base), lambda route: route.fulfill(status=200, body=""))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("console", lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.goto(base + "/")
        try:
            page.wait_for_selector("#out [data-testid=sentimentpanel-text]", timeout=RENDER_TIMEOUT)
            rendered = True
        except PlaywrightTimeout:
            rendered = False
        if not rendered:
            body = page.locator("body").inner_text()[:300]
            pytest.fail(f"{where}: the panel did not render; the page shows {body!r}; errors: {problems}; "
                        f"server log:\n{log.read_text()[-2000:]}", pytrace=False)
        _check_panel(page, "out", where)
        assert page.locator("#inp [data-testid=sentimentpanel-text]").count() == 0, f"{where}: the input starts empty"

        # Python -> output panel -> click -> Python -> input panel -> change -> Python
        page.click("#copy")
        try:
            page.wait_for_function("document.querySelector('#received textarea')?.value.length > 0", timeout=RENDER_TIMEOUT)
            arrived = True
        except PlaywrightTimeout:
            arrived = False
        shown = page.locator("#inp [data-testid=sentimentpanel-text]").count()
        assert arrived, (f"{where}: the interactive panel's change event brought nothing back to Python "
                         f"(the panel {'shows' if shown else 'does not show'} the copied value); errors: {problems}")
        _check_panel(page, "inp", where)
        received = json.loads(page.input_value("#received textarea"))
        keys = ("start", "end", "label", "score")
        assert received["text"] == VALUE["text"], f"{where}: the text came back as {received['text']!r}"
        assert [{k: e[k] for k in keys} for e in received["entities"]] == [
            {k: e.get(k) for k in keys} for e in VALUE["entities"]
        ], f"{where}: the entities came back as {received['entities']}"
        assert received["sentiment"]["label"] == VALUE["sentiment"]["label"], f"{where}: {received['sentiment']}"
        page.wait_for_timeout(500)  # errors caused by the last update arrive a little later
        assert problems == [], f"{where}: the page logged errors: {problems}"
    finally:
        page.close()
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.parametrize("case", ["lowest", "newest"])
def test_the_wheel_works_at_both_ends_of_the_declared_gradio_range(case, venvs, chromium, tmp_path):
    py, where = venvs[case]
    check_in_chromium(chromium, py, where, tmp_path)
