"""Analyzer.estimate: what a text will cost, before any model runs."""

from __future__ import annotations

import pytest

from gradio_sentimentpanel import Analyzer, WorkEstimate

calls: list[str] = []


def sentiment(text: str):
    calls.append(text)
    return [{"label": "POSITIVE", "score": 0.9}, {"label": "NEGATIVE", "score": 0.1}]


def ner(text: str):
    calls.append(text)
    return []


TEXT = "Paris is lovely. London was grey. Berlin is loud. Rome is warm. Oslo is cold."


def test_the_estimate_counts_sentences_batches_and_calls_without_running_a_model():
    calls.clear()
    analyzer = Analyzer(sentiment=sentiment, ner=ner, batch_size=2)
    estimate = analyzer.estimate(TEXT)
    assert calls == []  # no model ran
    assert isinstance(estimate, WorkEstimate)
    assert (estimate.characters, estimate.sentences, estimate.batches) == (len(TEXT), 5, 3)
    # a callable is called once per sentence: the analysis makes exactly the calls estimated
    assert estimate.model_calls == {"sentiment": 5, "ner": 5} and estimate.calls == 10
    analyzer(TEXT)
    assert len(calls) == estimate.calls
    assert str(estimate) == f"{len(TEXT)} characters, 5 sentences in 3 batches; 10 model calls (sentiment 5, ner 5)"


def test_a_sentence_longer_than_the_model_takes_counts_its_windows():
    calls.clear()
    long = "word " * 300 + "end."
    analyzer = Analyzer(sentiment=sentiment, max_chars=500)
    estimate = analyzer.estimate(long)
    assert estimate.sentences == 1 and estimate.model_calls["sentiment"] > 1
    analyzer(long)
    assert len(calls) == estimate.model_calls["sentiment"]


def test_an_empty_text_costs_nothing_and_a_non_text_is_refused():
    estimate = Analyzer(sentiment=sentiment).estimate("   ")
    assert (estimate.sentences, estimate.batches, estimate.calls) == (0, 0, 0)
    with pytest.raises(TypeError, match="as a str"):
        Analyzer(sentiment=sentiment).estimate(["not", "a", "str"])
