"""The demo with models on an inference server: endpoint URLs in SENTIMENTPANEL_*_MODEL and typed
into the model dropdowns, against the tests' loopback server (tests/inference_server.py)."""

from __future__ import annotations

import pytest
from demo_loader import import_demo, import_models, serving
from gradio_sentimentpanel import Analyzer, PanelData
from inference_server import InferenceServer

TEXT = "Angela Merkel loved Paris. London was terrible. Berlin is great."


@pytest.fixture(scope="module")
def pipes(sst2_dir, ner_dir):
    from transformers import pipeline

    return {
        "sentiment": pipeline("text-classification", model=str(sst2_dir), device="cpu"),
        "ner": pipeline("token-classification", model=str(ner_dir), aggregation_strategy="first", device="cpu"),
    }


@pytest.fixture(scope="module")
def server(online, pipes):
    with InferenceServer(pipes, lifetime=300.0) as srv:
        yield srv


@pytest.fixture(scope="module")
def remote_app(server, ner_dir):
    """The demo started with its sentiment model on the server and a local entity model."""
    return import_demo(
        "sentimentpanel_demo_remote",
        SENTIMENTPANEL_SENTIMENT_MODEL=server.url("sentiment"),
        SENTIMENTPANEL_NER_MODEL=str(ner_dir),
        SENTIMENTPANEL_ASPECT_MODEL="none",
    )


@pytest.fixture(scope="module")
def remote_client(remote_app):
    with serving(remote_app) as client:
        yield client


def test_an_endpoint_url_in_the_environment_is_the_startup_model(remote_app, server):
    import huggingface_hub.constants as constants
    from huggingface_hub import InferenceClient

    sentiment, ner = remote_app.MODELS.startup
    assert sentiment.problem is None and isinstance(sentiment.model, InferenceClient)
    assert sentiment.name == f"{server.url('sentiment')} (inference server)"
    # the hub is unreachable here, but offline mode would refuse the server's requests too
    assert constants.HF_HUB_OFFLINE is False
    label, value = remote_app.MODELS.choices("sentiment")[0]
    assert value == server.url("sentiment") and "inference server" in label
    assert "inference server" in remote_app.MODELS.notice(sentiment, ner)


def test_analyze_over_the_endpoint_equals_the_local_models(remote_client, server, pipes, ner_dir):
    panel_value, _, notice = remote_client.predict(
        TEXT, server.url("sentiment"), str(ner_dir), "none", "", False, api_name="/analyze"
    )
    panel = PanelData.model_validate(panel_value)
    assert panel == Analyzer(pipes["sentiment"], pipes["ner"])(TEXT)
    assert len(server.of("sentiment")) == len(panel.sentences) == 3  # each sentence once
    assert "⚠️" not in notice


def test_an_endpoint_url_typed_into_the_entity_dropdown(remote_client, server, pipes):
    server.clear()
    panel_value, _, _ = remote_client.predict(
        TEXT, server.url("sentiment"), server.url("ner"), "none", "", False, api_name="/analyze"
    )
    panel = PanelData.model_validate(panel_value)
    assert [(panel.entity_text(e), e.label) for e in panel.entities] == [
        ("Angela Merkel", "PER"),
        ("Paris", "LOC"),
        ("London", "LOC"),
        ("Berlin", "LOC"),
    ]
    assert panel == Analyzer(pipes["sentiment"], pipes["ner"])(TEXT)
    assert len(server.of("ner")) == 3


def test_a_failing_endpoint_gives_an_error_naming_it(remote_client, server, ner_dir):
    from gradio_client.exceptions import AppError

    server.inject("sentiment", "500", times=None)
    try:
        with pytest.raises(AppError) as caught:
            remote_client.predict(TEXT, server.url("sentiment"), str(ner_dir), "none", "", False, api_name="/analyze")
    finally:
        server.clear()
    message = str(caught.value)
    assert server.url("sentiment") in message and "500" in message and "sentences[0]" in message


def test_offline_mode_refuses_an_endpoint_and_says_why(online, monkeypatch):
    import huggingface_hub.constants as constants

    models = import_models()
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    chosen = models.Models(offline=True, hub_online=False)
    loaded = chosen.load("sentiment", "http://127.0.0.1:9/sentiment")
    assert "HF_HUB_OFFLINE is on" in loaded.problem and "inference server" in loaded.problem
    assert loaded.name == "VADER (vaderSentiment)"  # the offline fallback, not a blank result
