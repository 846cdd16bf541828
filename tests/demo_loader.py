"""Import demo/app.py in-process, as a fresh module with chosen environment variables, and
demo/models.py on its own."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "demo" / "app.py"
DEMO_ENV_KEYS = (
    "SENTIMENTPANEL_SENTIMENT_MODEL",
    "SENTIMENTPANEL_NER_MODEL",
    "SENTIMENTPANEL_ASPECT_MODEL",
    "SENTIMENTPANEL_OFFLINE",
    "SENTIMENTPANEL_CONCURRENCY",
    "SENTIMENTPANEL_LONG_CHARS",
    "SENTIMENTPANEL_LONG_CONCURRENCY",
    "SENTIMENTPANEL_MAX_CHARS",
)


def import_demo(name: str, **env: str):
    """Import demo/app.py as a fresh module named ``name`` with only the given SENTIMENTPANEL_*
    environment variables set (the others are unset while it imports, then restored)."""
    saved = {key: os.environ.get(key) for key in DEMO_ENV_KEYS}
    for key in DEMO_ENV_KEYS:
        os.environ.pop(key, None)
    os.environ.update(env)
    try:
        spec = importlib.util.spec_from_file_location(name, DEMO)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def import_models():
    """demo/models.py, imported as the demo imports it: as ``models``, from the demo's folder."""
    if str(DEMO.parent) not in sys.path:
        sys.path.insert(0, str(DEMO.parent))
    return importlib.import_module("models")


@contextlib.contextmanager
def serving(module):
    """A gradio_client for the imported demo ``module``, launched as the demo launches itself
    (its ``LAUNCH``: show_error, so API callers see why a value was refused, and the request
    size limit); closed afterwards."""
    from gradio_client import Client

    module.demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True, **module.LAUNCH)
    try:
        yield Client(module.demo.local_url, verbose=False)
    finally:
        module.demo.close()
