"""Fixtures: the hand-weighted tiny models of ``tiny_models`` (a gazetteer NER and
word-polarity sentiment models), built once per session in tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from demo_loader import import_demo, serving
from tiny_models import build_ner, build_pair_sentiment, build_sentiment

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# the demo tests check the demo on the torch models; test_onnx checks its default (ONNX int8)
os.environ.setdefault("SENTIMENTPANEL_RUNTIME", "torch")



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
def pair_dir(tmp_path_factory) -> Path:
    return build_pair_sentiment(tmp_path_factory.mktemp("tiny-pair"))


@pytest.fixture(scope="session")
def analyzer(ner_dir, sst2_dir):
    from gradio_sentimentpanel import Analyzer

    return Analyzer.from_pretrained(sentiment_model=str(sst2_dir), ner_model=str(ner_dir), batch_size=4)


@pytest.fixture(scope="module")
def app(request, ner_dir, sst2_dir):
    """demo/app.py with the tiny models, a fresh module for each test file."""
    return import_demo(
        f"sentimentpanel_demo_{request.module.__name__.rsplit('.', 1)[-1]}",
        SENTIMENTPANEL_SENTIMENT_MODEL=str(sst2_dir),
        SENTIMENTPANEL_NER_MODEL=str(ner_dir),
        SENTIMENTPANEL_ASPECT_MODEL="none",  # entities take their sentences' sentiment unless a test asks
    )


@pytest.fixture(scope="module")
def client(app):
    """A gradio_client for ``app``, launched as the demo launches itself (show_error, so API
    callers see why a value was refused)."""
    with serving(app) as client:
        yield client


@pytest.fixture(scope="module")
def online():
    """The pipelines tests run with HF_HUB_OFFLINE=1, which huggingface_hub applies to every
    request, loopback included; these tests talk to 127.0.0.1 only."""
    import huggingface_hub.constants as constants

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("HF_HUB_OFFLINE", raising=False)
        mp.setattr(constants, "HF_HUB_OFFLINE", False, raising=False)
        yield
