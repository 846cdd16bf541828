"""load_pipeline and inference_client: the Analyzer's models built one at a time, as
Analyzer.from_pretrained and Analyzer.from_endpoints build them."""

from __future__ import annotations

import pytest
from gradio_sentimentpanel import Analyzer, inference_client, load_pipeline

TEXT = "Angela Merkel visited Paris. The trip was a great success, said Acme Corp."


def test_pipelines_built_one_at_a_time_analyse_as_from_pretrained(sst2_dir, ner_dir):
    sentiment = load_pipeline("sentiment", sst2_dir)  # a path, not only a str
    ner = load_pipeline("ner", str(ner_dir))
    assert (sentiment.task, ner.task) == ("text-classification", "token-classification")
    expected = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir))(TEXT)
    assert Analyzer(sentiment, ner)(TEXT) == expected
    assert expected.entities and expected.sentiment is not None


def test_load_pipeline_refuses_what_it_cannot_build(tmp_path):
    with pytest.raises(ValueError, match="`role` must be one of 'sentiment', 'ner', 'aspect', got 'ASPECT'"):
        load_pipeline("ASPECT", "some/model")
    with pytest.raises(OSError, match="no model folder at"):
        load_pipeline("aspect", str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="`aggregation_strategy` must be one of"):
        load_pipeline("ner", "some/model", aggregation_strategy="longest")


def test_inference_client_builds_a_client_for_a_url_and_keeps_a_client():
    client = inference_client(" http://127.0.0.1:9/ner ", token="hf_x", timeout=5.0)
    assert client.model == "http://127.0.0.1:9/ner" and client.timeout == 5.0
    assert inference_client(client) is client and inference_client(None) is None
    with pytest.raises(ValueError, match="`ner`: expected an endpoint URL or a model id"):
        inference_client("  ", parameter="ner")
