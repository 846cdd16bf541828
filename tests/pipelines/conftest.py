"""Fixtures: the hand-weighted tiny models of ``tiny_models`` (a gazetteer NER and
word-polarity sentiment models), built once per session in tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tiny_models import build_ner, build_sentiment

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")



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
