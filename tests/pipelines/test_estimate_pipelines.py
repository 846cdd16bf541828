"""Analyzer.estimate with transformers pipelines: one call per batch and model."""

from __future__ import annotations


def test_pipelines_are_called_once_per_batch(analyzer):
    text = " ".join(f"Report {k}: Paris was great." for k in range(10))
    estimate = analyzer.estimate(text)
    assert estimate.sentences == 10 and estimate.batches == -(-10 // analyzer.batch_size)
    assert estimate.model_calls == {"sentiment": estimate.batches, "ner": estimate.batches}
