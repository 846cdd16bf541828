"""Every Gradio that pyproject.toml declares runs the built panel, events and all.

The wheel goes into fresh virtual environments, one for each case of RANGE below: the lowest
declared Gradio on the lowest declared Python, the newest Gradio the declaration allows on the
newest Python this machine has, and between them the releases where what a custom component
meets changed. Each serves range_app.py; in Chromium the panels must render (not stay on
"Loading..."), obey the DOM contract, bring their events to Python and log no errors:

- `select` when an entity of the output panel is clicked, and when it is activated with Enter:
  gr.SelectData with the entity's `index` and the entity itself as `value`;
- `change` exactly once for each new value: when Python sets the interactive panel's value, and
  for each edit made in the browser; never for the value given at construction;
- `input` for each edit in the interactive panel (an entity added, one relabelled, one deleted
  through the editor's popover), and none when Python sets the value;
- the edit history, after Python has set another prop of the panel (its label): Undo still
  undoes the last edit, with its `input` and `change`.

A failure names the Gradio and Python of the case and everything that was missing.

Which cases run is read from the environment:

    SENTIMENTPANEL_RANGE unset or "fast"   the fast subset (marked in RANGE), as `make test` runs it
    SENTIMENTPANEL_RANGE=all               every case: `make test-range`
    SENTIMENTPANEL_RANGE=6.21,6.25         the cases named

Up to three environments are installed at once (pip resolves each case's own dependencies,
huggingface_hub among them), while Chromium checks the ones that are ready. A release that
cannot be installed here fails its case with pip's reason.

The wheel is the one `make build` left in dist/ when it is newer than every file it is built
from; otherwise it is built once from a copy of the tree, which stays untouched.
"""

from __future__ import annotations

import concurrent.futures
import functools
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

from browser.conftest import JS_ENTITY_TEXTS, JS_SELECT, JS_VISIBLE_TEXT, free_port
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
PARALLEL_INSTALLS = 3
START_TIMEOUT = 90
RENDER_TIMEOUT = 30_000  # ms
EVENT_TIMEOUT = 10_000  # ms, from a click to what Python received showing on the page


# --- the cases ------------------------------------------------------------------------------

LOWEST = "the lowest declared"  # in RANGE: pyproject.toml's floor (of Gradio, of Python)
NEWEST = "the newest"  # in RANGE: the newest Gradio the declaration allows; the newest Python here

# case -> (Gradio, Python, in the fast subset)
RANGE: dict[str, tuple[str, str, bool]] = {
    "lowest": (LOWEST, LOWEST, True),
    # the last to render a custom component with Gradio's own Svelte runtime
    "6.8": ("==6.8.*", "3.11", False),
    # the first to mount it with the bundle's own runtime (svelte_runtime_entry.js)
    "6.9": ("==6.9.*", "3.12", False),
    # the last to leave a registered component's props alone on an update
    "6.20": ("==6.20.*", "3.13", False),
    # from 6.21 every update is written into the props the mounting effect has read, which then
    # mounted the component again on each (gradio-app/gradio#13818)
    "6.21": ("==6.21.*", "3.12", True),
    "6.22": ("==6.22.*", "3.10", False),
    "6.23": ("==6.23.*", "3.11", False),
    "6.24": ("==6.24.*", "3.12", False),
    "6.25": ("==6.25.*", "3.13", False),
    "6.26": ("==6.26.*", "3.10", False),
    "6.27": ("==6.27.*", "3.11", False),
    # the first to mount without tracking the component's reads (gradio-app/gradio#13817)
    "6.28": ("==6.28.*", "3.12", False),
    "newest": (NEWEST, NEWEST, True),
}


def _selected() -> list[str]:
    wanted = os.environ.get("SENTIMENTPANEL_RANGE", "").strip()
    if wanted in ("", "fast"):
        return [case for case, (_, _, fast) in RANGE.items() if fast]
    if wanted == "all":
        return list(RANGE)
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    unknown = [n for n in names if n not in RANGE]
    if unknown or not names:
        raise pytest.UsageError(f"SENTIMENTPANEL_RANGE={wanted!r}: no case {unknown or wanted!r}; "
                                f"use 'fast', 'all' or names from {list(RANGE)}")
    return names


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


@functools.cache
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


def _resolve(case: str) -> tuple[str, str, SpecifierSet, str]:
    """(python executable, pip requirement for gradio, what the installed Gradio must satisfy,
    the case as a reader of a failure wants it)"""
    gradio, python, _ = RANGE[case]
    declared = _gradio_spec()
    if gradio == LOWEST:
        floor = _floor(declared, "gradio")
        gradio = f"=={floor}"
    elif gradio == NEWEST:
        gradio = str(declared)
    low_python = _minor(_floor(SpecifierSet(PYPROJECT["project"]["requires-python"]), "Python"))
    pythons = {v: exe for v, exe in _pythons().items() if v >= low_python}
    if python == LOWEST:
        version = low_python
    elif python == NEWEST:
        version = max(pythons, default=low_python)
    else:
        version = _minor(python)
    what = f"case {case!r} (gradio{gradio} on Python {'.'.join(map(str, version))})"
    if version not in pythons:
        pytest.fail(f"{what}: no Python {'.'.join(map(str, version))} on this machine "
                    f"(found {sorted(pythons)}, the declared floor is {low_python})", pytrace=False)
    return pythons[version], f"gradio{gradio}", SpecifierSet(gradio), what


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


def _make_venv(case: str, where: Path, wheel: Path) -> tuple[Path, str]:
    """A venv for `case` with its Gradio and the wheel; returns its python and "gradio X on
    Python Y" as installed."""
    python, gradio, wanted, what = _resolve(case)
    made = subprocess.run([python, "-m", "venv", str(where)], capture_output=True, text=True, timeout=300)
    if made.returncode != 0:
        pytest.fail(f"{what}: {python} -m venv failed:\n{made.stderr[-2000:]}", pytrace=False)
    py = where / "bin" / "python"
    try:
        out = subprocess.run(
            [str(py), "-m", "pip", "install", "-q", gradio, str(wheel)],
            env=_clean_env(), capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what}: pip install {gradio} {wheel.name} took over {INSTALL_TIMEOUT} s", pytrace=False)
    if out.returncode != 0:
        pytest.fail(f"{what}: pip install {gradio} {wheel.name} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}",
                    pytrace=False)
    about = subprocess.run(
        [str(py), "-c", "import sys, gradio, gradio_sentimentpanel as g; "
                        "print(gradio.__version__); print('%d.%d' % sys.version_info[:2]); print(g.__file__)"],
        cwd="/", env=_clean_env(), capture_output=True, text=True, timeout=120,
    )
    if about.returncode != 0:
        pytest.fail(f"{what}: importing gradio and the panel failed:\n{about.stderr[-3000:]}", pytrace=False)
    gradio_version, python_version, location = about.stdout.split()
    if not location.startswith(str(where)):
        pytest.fail(f"{what}: the package came from {location}, not from the wheel", pytrace=False)
    declared = _gradio_spec()
    if Version(gradio_version) not in wanted or Version(gradio_version) not in declared:
        pytest.fail(f"{what}: pip installed gradio {gradio_version}, which is not gradio{wanted} "
                    f"inside the declared gradio{declared}", pytrace=False)
    return py, f"gradio {gradio_version} on Python {python_version}"


@pytest.fixture(scope="module")
def environments(wheel, tmp_path_factory):
    """case -> the future of its venv: a few installed side by side, each awaited by its case."""
    cases = _selected()
    pool = concurrent.futures.ThreadPoolExecutor(min(PARALLEL_INSTALLS, len(cases)))
    dirs = {case: tmp_path_factory.mktemp(f"venv-{case}-") for case in cases}
    futures = {case: pool.submit(_make_venv, case, dirs[case], wheel) for case in cases}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)
    for where in dirs.values():
        shutil.rmtree(where, ignore_errors=True)  # several hundred MB each


# --- the app in Chromium --------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium(chromium_browser):
    return chromium_browser


def _serve(py: Path, tmp: Path, where: str):
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
                proc.wait()
                pytest.fail(f"{where}: the app did not start:\n{log.read_text()[-3000:]}", pytrace=False)
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


# --- what Python must receive ---------------------------------------------------------------

KEYS = ("start", "end", "label", "score")
E = VALUE["entities"]


def _at(text: str) -> int:
    """the index in E of the entity over `text`"""
    start = VALUE["text"].index(text)
    return next(i for i, e in enumerate(E) if e["start"] == start and e["end"] == start + len(text))


def _sorted(entities: list[dict]) -> list[dict]:
    return sorted(entities, key=lambda e: (e["start"], -(e["end"] - e["start"])))


def _brief(entities: list[dict]) -> list[dict]:
    return [{k: e.get(k) for k in KEYS} for e in entities]


CLICKED = _at("李小龍")  # selected with a click in the output panel
ACTIVATED = _at("Café\u0301 Noir")  # selected with Enter on its badge
MET = {"start": VALUE["text"].index("met"), "end": VALUE["text"].index("met") + 3, "label": "ORG", "score": None}
ADDED = _sorted([*E, MET])
RELABELLED = [{**e, "label": "LOC", "score": None} if e["start"] == E[CLICKED]["start"] else e for e in ADDED]
DELETED = [e for e in RELABELLED if e is not RELABELLED[0]]  # Renée, the first entity
CHECKED = "Checked"  # the label Python gives the interactive panel (range_app.py's CHECKED)

class Stuck(Exception):
    """The panel is not where the next steps need it; the message says why."""


class Checks:
    """One case's page, what range_app.py's listeners received (their boxes on the page show it)
    and what was missing so far."""

    def __init__(self, page):
        self.page = page
        self.missing: list[str] = []

    def received(self, name: str) -> list:
        text = self.page.input_value(f"#received-{name} textarea")
        return json.loads(text) if text else []

    def expect(self, name: str, n: int, after: str) -> dict | None:
        """the `n`th `name` event Python received (counting from 1), once it has; None, noted as
        missing, when it has not within EVENT_TIMEOUT"""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                "([sel, n]) => { const v = document.querySelector(sel)?.value; return !!v && JSON.parse(v).length >= n; }",
                arg=[f"#received-{name} textarea", n], timeout=EVENT_TIMEOUT,
            )
        except PlaywrightTimeout:
            self.missing.append(f"no `{name}` event reached Python after {after}")
            return None
        return self.received(name)[n - 1]

    def same_value(self, got: dict | None, entities: list[dict], what: str) -> None:
        if got is None:
            return
        if not isinstance(got, dict) or got.get("text") != VALUE["text"]:
            self.missing.append(f"{what} came with {str(got)[:120]!r}, not the document")
        elif _brief(got.get("entities") or []) != _brief(entities):
            self.missing.append(f"{what} came with the entities {_brief(got.get('entities') or [])}, "
                                f"not {_brief(entities)}")
        elif (got.get("sentiment") or {}).get("label") != VALUE["sentiment"]["label"]:
            self.missing.append(f"{what} came with the sentiment {got.get('sentiment')}")

    def edit(self, act, entities: list[dict], what: str) -> None:
        """`act`, an edit in the browser: one `input`, then one `change`, both with the edited value"""
        inputs, changes = len(self.received("input")), len(self.received("change"))
        act()
        self.same_value(self.expect("input", inputs + 1, what), entities, f"the input event after {what}")
        self.same_value(self.expect("change", changes + 1, what), entities, f"the change event after {what}")

    def popover(self):
        pop = self.page.locator("[data-testid=sentimentpanel-popover]")
        pop.wait_for(timeout=EVENT_TIMEOUT)
        return pop


def _selects(c: Checks) -> None:
    """`select` from the output panel, by a click and by Enter on a focused badge"""
    out = c.page.locator("#out [data-testid=sentimentpanel-text]")

    def press_enter(index: int) -> None:
        out.locator(f".badge[data-entity='{index}']").first.focus()
        c.page.keyboard.press("Enter")

    picks = [
        (CLICKED, "a click on", lambda i: out.locator(f"mark[data-top='{i}']").first.click()),
        (ACTIVATED, "Enter on", press_enter),
    ]
    for index, how, pick in picks:
        after = f"{how} entity {index} of the output panel"
        n = len(c.received("select")) + 1
        pick(index)
        got = c.expect("select", n, after)
        if got is None:
            continue
        want = {k: E[index].get(k) for k in KEYS}
        value = got.get("value") if isinstance(got, dict) else None
        if not isinstance(value, dict) or got.get("index") != index or {k: value.get(k) for k in KEYS} != want:
            c.missing.append(f"the select event after {after} came with {got}, not index {index} and {want}")


def _copy(c: Checks, where: str) -> None:
    """Python sets the interactive panel's value: one `change`, no `input`"""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    n = len(c.received("change")) + 1
    c.page.click("#copy")
    got = c.expect("change", n, "Python set the interactive panel's value")
    try:
        c.page.wait_for_selector("#inp [data-testid=sentimentpanel-text]", timeout=EVENT_TIMEOUT)
    except PlaywrightTimeout:
        raise Stuck("the interactive panel does not show the value Python set") from None
    _check_panel(c.page, "inp", where)
    c.same_value(got, E, "the change event for Python's value")


def _edits(c: Checks) -> None:
    """add, relabel and delete in the browser's editor: `input` then `change` for each"""
    inp = c.page.locator("#inp")
    root = inp.locator("[data-testid=sentimentpanel-text]")
    if not root.evaluate(JS_SELECT, ["met"]):
        raise Stuck("the word 'met' is not in the interactive panel's text")
    inp.get_by_role("button", name="Add entity").click()
    choice = c.popover().locator("button.choice[data-label=ORG]")
    c.edit(choice.click, ADDED, "adding 'met' as ORG")

    relabel = next(i for i, e in enumerate(ADDED) if e["start"] == E[CLICKED]["start"])
    root.locator(f"mark[data-top='{relabel}']").first.click()
    choice = c.popover().locator("button.choice[data-label=LOC]")
    c.edit(choice.click, RELABELLED, f"relabelling entity {relabel} as LOC")

    root.locator("mark[data-top='0']").first.click()
    delete = c.popover().get_by_role("button", name="Delete entity")
    c.edit(delete.click, DELETED, "deleting entity 0")
    got = root.evaluate(JS_ENTITY_TEXTS)
    want = {str(i): VALUE["text"][e["start"]:e["end"]] for i, e in enumerate(DELETED)}
    if got != want:
        raise Stuck(f"after the edits the interactive panel shows the entities {got}, not {want}")


def _history(c: Checks) -> None:
    """Python relabels the interactive panel: the edits and their undo stay"""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    c.page.click("#relabel")
    try:
        c.page.wait_for_function(f"() => document.querySelector('#inp')?.textContent.includes({CHECKED!r})",
                                 timeout=EVENT_TIMEOUT)
    except PlaywrightTimeout:
        raise Stuck(f"Python's new label {CHECKED!r} is not shown on the interactive panel") from None
    c.page.wait_for_timeout(300)  # anything the update sets off in the panel
    shown = c.page.locator("#inp [data-testid=sentimentpanel-text]").evaluate(JS_ENTITY_TEXTS)
    if len(shown) != len(DELETED):
        raise Stuck(f"once Python set the label, the interactive panel shows {len(shown)} entities, not the "
                    f"{len(DELETED)} left by the edits")
    undo = c.page.locator("#inp").get_by_role("button", name="Undo")
    if not undo.is_enabled():
        raise Stuck("once Python set the label, Undo is disabled: the edit history was lost")
    c.edit(undo.click, RELABELLED, "Undo, once Python set the label")


def check_in_chromium(chromium, py: Path, where: str, tmp: Path) -> None:
    """Serve range_app.py with `py` and hold it to the contract in the module docstring."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    proc, base, log = _serve(py, tmp, where)
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

        c = Checks(page)
        try:
            _selects(c)
        except PlaywrightError as e:
            c.missing.append(f"select: {e}")
        # each step of the interactive panel starts from where the one before it left the panel
        for step, args in ((_copy, (c, where)), (_edits, (c,)), (_history, (c,))):
            try:
                step(*args)
            except (Stuck, PlaywrightError) as e:
                c.missing.append(f"{step.__doc__}: {e}")
                break
        page.wait_for_timeout(700)  # a second event for the same thing, and errors, arrive a little later
        counts = {name: len(c.received(name)) for name in ("change", "input", "select", "out-change")}
        if not c.missing and counts != {"change": 5, "input": 4, "select": 2, "out-change": 0}:
            c.missing.append(f"events received by Python, in all: {counts}, not one change per new value "
                             f"(5), one input per edit (4), one select per pick (2) and no change for the "
                             f"value given at construction")
        elif counts["out-change"]:
            c.missing.append(f"the output panel sent {counts['out-change']} change event(s) for the value it "
                             f"was given at construction")
        if problems:
            c.missing.append(f"the page logged errors: {problems}")
        if c.missing:
            pytest.fail(f"{where}: " + "; ".join(c.missing), pytrace=False)
    finally:
        page.close()
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("case", _selected())
def test_the_wheel_works_across_the_declared_gradio_range(case, environments, chromium, tmp_path):
    py, where = environments[case].result()
    check_in_chromium(chromium, py, where, tmp_path)
