"""Fixtures: the hand-weighted tiny models of ``tiny_models`` (a gazetteer NER and
word-polarity sentiment models), built once per session in tmp."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from tiny_models import build_ner, build_sentiment

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEMO = Path(__file__).resolve().parents[2] / "demo" / "app.py"
DEMO_ENV_KEYS = ("SENTIMENTPANEL_SENTIMENT_MODEL", "SENTIMENTPANEL_NER_MODEL", "SENTIMENTPANEL_OFFLINE")


@pytest.fixture(scope="session")
def ner_dir(tmp_path_factory) -> Path:
    return build_ner(tmp_path_factory.mktemp("tiny-ner"))


@pytest.fixture(scope="session")
def sst2_dir(tmp_path_factory) -> Path:
    return build_sentiment(tmp_path_factory.mktemp("tiny-sst2"), ["NEGATIVE", "POSITIVE"])


@pytest.fixture(scope="session")
def three_class_dir(tmp_path_factory) -> Path:
    return build_sentiment(tmp_path_factory.mktemp("tiny-3class"), ["NEGATIVE", "NEUTRAL", "POSITIVE"])


@pytest.fixture(scope="session")
def analyzer(ner_dir, sst2_dir):
    from gradio_sentimentpanel import Analyzer

    return Analyzer.from_pretrained(sentiment_model=str(sst2_dir), ner_model=str(ner_dir), batch_size=4)


def _import_demo(name: str, **env: str):
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


@pytest.fixture(scope="session")
def import_demo():
    """``import_demo(name, **env)``: demo/app.py imported as a fresh module with these
    environment variables, e.g. ``SENTIMENTPANEL_NER_MODEL=str(ner_dir)``."""
    return _import_demo
