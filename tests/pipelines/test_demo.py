"""The demo app, launched in-process with the tiny local models through its environment
variables and called through gradio_client, as a user of the API would."""

from __future__ import annotations

import sys
import time

import pytest

from demo_loader import DEMO, import_demo, import_models

from gradio_sentimentpanel import Analyzer, PanelData

def logs(job) -> list[tuple[str, str]]:
    """The gr.Info/gr.Warning messages a finished job received, as (message, level)."""
    found = []
    updates = job.communicator.updates
    while not updates.empty():
        log = getattr(updates.get_nowait(), "log", None)
        if log:
            found.append((log[0], log[1].lower()))
    return found


def test_env_vars_choose_the_startup_models(app, ner_dir, sst2_dir):
    sentiment, ner = app.MODELS.startup
    assert (sentiment.name, ner.name) == (str(sst2_dir), str(ner_dir))
    assert sentiment.problem is None and ner.problem is None
    assert sentiment.model.task in ("text-classification", "sentiment-analysis")
    assert ner.model.task in ("token-classification", "ner")
    notice = app.MODELS.notice(*app.MODELS.startup)
    assert str(sst2_dir) in notice and str(ner_dir) in notice and "⚠️" not in notice


def test_analyze_through_the_api_returns_panel_data(client, ner_dir, sst2_dir):
    text = "Angela Merkel loved Paris. London was terrible."
    panel_value, json_value, notice = client.predict(text, str(sst2_dir), str(ner_dir), api_name="/analyze")
    panel = PanelData.model_validate(panel_value)
    assert panel.text == text
    assert [(panel.entity_text(e), e.label) for e in panel.entities] == [
        ("Angela Merkel", "PER"),
        ("Paris", "LOC"),
        ("London", "LOC"),
    ]
    assert [s.sentiment.label for s in panel.sentences] == ["POSITIVE", "NEGATIVE"]
    assert PanelData.model_validate(json_value) == panel  # the JSON view shows the same value
    assert "Models in use" in notice


def test_long_text_streams_and_ends_with_the_full_result(app, client, ner_dir, sst2_dir):
    text = " ".join(f"Report {k}: Apple met Google in Zurich and it was great." for k in range(40))
    interval, app.STREAM_INTERVAL = app.STREAM_INTERVAL, 0.0  # every batch (the tiny models are fast)
    try:
        job = client.submit(text, str(sst2_dir), str(ner_dir), api_name="/analyze")
        job.result(timeout=120)
    finally:
        app.STREAM_INTERVAL = interval
    panels = [PanelData.model_validate(out[0]) for out in job.outputs()]
    assert len(panels) >= 1 + 40 // app.MODELS.batch_size
    assert panels[0].sentences == [] and panels[0].text == text  # the text shows at once
    counts = [len(p.sentences) for p in panels]
    assert counts == sorted(counts) and counts[-1] == 40
    expected = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir), batch_size=app.MODELS.batch_size)(text)
    assert panels[-1] == expected


@pytest.mark.parametrize("text", ["", "ab", "  \n "])
def test_empty_or_tiny_input_warns_and_does_not_crash(client, ner_dir, sst2_dir, text):
    job = client.submit(text, str(sst2_dir), str(ner_dir), api_name="/analyze")
    panel_value, json_value, _ = job.result(timeout=60)
    assert PanelData.model_validate(panel_value) == PanelData(text=text)
    assert json_value is None
    assert [level for message, level in logs(job) if "at least 3 characters" in message] == ["warning"]


def test_model_that_cannot_load_falls_back_and_says_so(client, ner_dir, sst2_dir, tmp_path):
    missing = str(tmp_path / "no-such-model")
    start = time.monotonic()
    job = client.submit("Apple is wonderful. Berlin was awful.", missing, str(ner_dir), api_name="/analyze")
    panel_value, _, notice = job.result(timeout=60)
    assert time.monotonic() - start < 30
    assert missing in notice and "could not be loaded" in notice and "VADER" in notice
    panel = PanelData.model_validate(panel_value)
    assert [s.sentiment.label for s in panel.sentences] == ["POSITIVE", "NEGATIVE"]
    assert set(panel.sentiment.scores) == {"NEGATIVE", "NEUTRAL", "POSITIVE"}
    assert [panel.entity_text(e) for e in panel.entities] == ["Apple", "Berlin"]
    assert any(missing in message and level == "warning" for message, level in logs(job))
    # the app is still up and the good models still answer
    again = PanelData.model_validate(
        client.predict("Paris was great.", str(sst2_dir), str(ner_dir), api_name="/analyze")[0]
    )
    assert again.sentiment.label == "POSITIVE" and set(again.sentiment.scores) == {"NEGATIVE", "POSITIVE"}


def test_offline_start_falls_back_to_spacy_and_vader():
    """No env vars, hub models unreachable (tests run offline): the demo still starts, with
    spaCy and VADER, and a notice says why."""
    pytest.importorskip("spacy")
    pytest.importorskip("vaderSentiment")
    start = time.monotonic()
    offline = import_demo("sentimentpanel_demo_offline")
    assert time.monotonic() - start < 60
    sentiment, ner = offline.MODELS.startup
    assert sentiment.name.startswith("VADER") and ner.name.startswith("spaCy")
    notice = offline.MODELS.notice(sentiment, ner)
    assert offline.MODELS.default_sentiment in notice and offline.MODELS.default_ner in notice
    assert "cannot be reached" in notice
    # the dropdowns start at the models really in use
    config = offline.demo.config
    values = {c["props"].get("label"): c["props"].get("value") for c in config["components"]}
    assert values["Sentiment model"] == offline.models.VADER and values["Entity model"] == offline.models.SPACY
    analyzer, _, _ = offline.MODELS.analyzer(offline.models.VADER, offline.models.SPACY)
    panel = analyzer("Angela Merkel visited Paris. The food was wonderful.")
    assert {"Angela Merkel", "Paris"} <= {panel.entity_text(e) for e in panel.entities}
    assert panel.sentences[1].sentiment.label == "POSITIVE"


def test_offline_switch_loads_no_transformers_model_and_says_so(sst2_dir):
    """models.py on its own: SENTIMENTPANEL_OFFLINE=1 starts with VADER and spaCy, and a
    transformers model asked for is refused with the reason, falling back to VADER."""
    pytest.importorskip("spacy")
    pytest.importorskip("vaderSentiment")
    models = import_models()
    chosen = models.Models.from_env({"SENTIMENTPANEL_OFFLINE": "1", "SENTIMENTPANEL_SENTIMENT_MODEL": str(sst2_dir)})
    sentiment, ner = chosen.startup
    assert sentiment.name == "VADER (vaderSentiment)" and ner.name.startswith("spaCy")
    assert sentiment.problem == (
        f"`{sst2_dir}` could not be loaded (RuntimeError: SENTIMENTPANEL_OFFLINE is set, so transformers "
        "models are not loaded); using VADER (vaderSentiment) instead"
    )
    assert ner.problem is None and chosen.default_ner == models.SPACY
    assert (chosen.in_use("sentiment"), chosen.in_use("ner")) == (models.VADER, models.SPACY)
    assert chosen.choices("sentiment")[0] == (f"{sst2_dir} (local folder)", str(sst2_dir))
    assert chosen.load("sentiment", str(sst2_dir)) is sentiment  # cached, not tried again
    # the notice keeps saying why while the start-up fallback is in use
    notice = chosen.notice(chosen.load("sentiment", models.VADER), ner)
    assert "SENTIMENTPANEL_OFFLINE is set" in notice and notice.count("⚠️") == 1


def test_vader_adapter_gives_a_three_way_distribution():
    pytest.importorskip("vaderSentiment")
    vader = import_models().VaderSentiment()
    for text, label in [
        ("I love this wonderful hotel!", "POSITIVE"),
        ("The food was awful and the staff were rude.", "NEGATIVE"),
        ("The train leaves at nine.", "NEUTRAL"),
    ]:
        scores = {d["label"]: d["score"] for d in vader(text)}
        assert set(scores) == {"NEGATIVE", "NEUTRAL", "POSITIVE"}
        assert sum(scores.values()) == pytest.approx(1.0)
        assert max(scores, key=scores.get) == label, (text, scores)
    assert {d["label"]: d["score"] for d in vader("The train leaves at nine.")}["NEUTRAL"] == 1.0


def test_reload_mode_reexecutes_without_reloading_models(ner_dir, sst2_dir):
    """What `gradio demo/app.py` does on a file change: drop the module and the modules imported
    from the demo's folder (models.py) from sys.modules, set NO_RELOAD to False and exec the
    source again in the same namespace."""
    import gradio as gr

    name = "sentimentpanel_demo_reload"
    module = import_demo(name, SENTIMENTPANEL_SENTIMENT_MODEL=str(sst2_dir), SENTIMENTPANEL_NER_MODEL=str(ner_dir))
    models, startup, first_demo = module.MODELS, module.MODELS.startup, module.demo
    del sys.modules[name]
    first_models_module = sys.modules.pop("models")  # gradio drops the modules of the watched folder
    gr.NO_RELOAD.set(False)
    try:
        exec(compile(DEMO.read_text(encoding="utf-8"), str(DEMO), "exec"), module.__dict__)
    finally:
        gr.NO_RELOAD.set(True)
    assert module.demo is not first_demo and isinstance(module.demo, gr.Blocks)
    assert module.models is not first_models_module  # demo/models.py was imported again
    assert module.MODELS is models and module.MODELS.startup is startup  # models were not loaded again
    panel = module.MODELS.analyzer(str(sst2_dir), str(ner_dir))[0]("Ada Lovelace loved Paris.")
    assert [panel.entity_text(e) for e in panel.entities] == ["Ada Lovelace", "Paris"]


def test_no_model_at_all_gives_a_clear_error(app, monkeypatch):
    import gradio as gr

    def broken(kind, choice):
        raise OSError(f"cannot open {choice}")

    nothing = app.models.Models(app.MODELS.default_sentiment, app.MODELS.default_ner)
    monkeypatch.setattr(nothing, "_load", broken)
    monkeypatch.setattr(app, "MODELS", nothing)
    import asyncio
    import concurrent.futures

    async def run():
        steps = app.analyze("Some text to analyse.", "typo/sentiment", "typo/ner", progress=None)
        first = await anext(steps)
        with pytest.raises(gr.Error, match="No model could be loaded"):
            await anext(steps)
        return first

    # on a thread of its own: the browser tests' driver may hold this thread's event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        panel, json_value, notice = pool.submit(asyncio.run, run()).result(timeout=60)
    assert panel == PanelData(text="Some text to analyse.") and json_value is None
    assert "typo/sentiment" in notice and "typo/ner" in notice and "fallback failed too" in notice
    spacy = app.models.SPACY
    assert f"`{spacy}` could not be loaded (OSError: cannot open {spacy})" in notice


def test_json_view_previews_a_big_value_and_says_so(app):
    text = "Paris. " * 1000
    big = PanelData(text=text, entities=[{"start": 7 * k, "end": 7 * k + 5, "label": "LOC"} for k in range(1000)])
    assert app.json_view(big) == big.model_dump()  # small enough: all of it
    limit, app.JSON_VIEW_ENTITIES = app.JSON_VIEW_ENTITIES, 100
    try:
        view = app.json_view(big)
    finally:
        app.JSON_VIEW_ENTITIES = limit
    assert "of 1,000 entities" in view["preview"]
    assert len(view["entities"]) == 200 and view["entities"][0] == big.model_dump()["entities"][0]


def test_analysis_panel_is_a_viewer_and_the_correction_panel_an_editor(app):
    panels = {
        c["props"].get("elem_id") or c["props"].get("label"): c["props"].get("interactive")
        for c in app.demo.config["components"]
        if c["type"] == "sentimentpanel"
    }
    assert panels == {"Analysis": False, "correct-panel": True}


def test_the_aspect_model_and_terms_judge_each_entity_through_the_api(client, ner_dir, sst2_dir, pair_dir):
    text = "I love Paris but hated London. The battery was great."
    panel_value, _, notice = client.predict(
        text, str(sst2_dir), str(ner_dir), str(pair_dir), "battery, price", api_name="/analyze"
    )
    panel = PanelData.model_validate(panel_value)
    got = {(panel.entity_text(e), e.label): e.sentiment.label for e in panel.entities}
    assert got == {("Paris", "LOC"): "Positive", ("London", "LOC"): "Negative", ("battery", "ASPECT"): "Positive"}
    assert f"entity sentiment: `{pair_dir}`" in notice
    expected = Analyzer.from_pretrained(
        str(sst2_dir), str(ner_dir), aspect_model=str(pair_dir), aspects=["battery", "price"], batch_size=8
    )(text)
    assert panel == expected


def test_the_clause_fallback_tells_entities_of_one_sentence_apart_and_says_what_it_is(client, ner_dir, sst2_dir):
    pytest.importorskip("vaderSentiment")
    text = "The screen is superb, but the battery is awful."
    panel_value, _, notice = client.predict(
        text, str(sst2_dir), str(ner_dir), "clause-vader", "screen, battery", api_name="/analyze"
    )
    panel = PanelData.model_validate(panel_value)
    got = {panel.entity_text(e): e.sentiment.label for e in panel.entities}
    assert got == {"screen": "POSITIVE", "battery": "NEGATIVE"}
    assert "offline approximation" in notice and "not an aspect-based model" in notice


def test_the_analysis_panel_shows_the_entity_summary(app):
    (panel,) = [c for c in app.demo.config["components"] if c["props"].get("label") == "Analysis"]
    assert panel["props"]["show_summary"] is True


def test_explain_works_offline_with_vader(client, ner_dir):
    pytest.importorskip("vaderSentiment")
    text = "The food was wonderful. The staff were rude."
    panel_value, json_value, _ = client.predict(text, "vader", str(ner_dir), "none", "", True, api_name="/analyze")
    panel = PanelData.model_validate(panel_value)
    weights = {panel.text[a.start : a.end]: a.weight for a in panel.attributions}
    assert weights["wonderful"] == pytest.approx(1.0) and weights["rude"] == pytest.approx(1.0)
    assert abs(weights["food"]) < 0.5
    assert PanelData.model_validate(json_value) == panel
    plain = PanelData.model_validate(client.predict(text, "vader", str(ner_dir), "none", "", False, api_name="/analyze")[0])
    assert plain.attributions == []


def test_the_analysis_panel_shows_attributions_when_there_are_some(app):
    (panel,) = [c for c in app.demo.config["components"] if c["props"].get("label") == "Analysis"]
    assert panel["props"]["show_attributions"] is True


def test_a_value_too_large_for_the_demo_is_refused_naming_the_limit(app, client):
    """The demo's panels take back no text longer than it analyses, and its server refuses a
    body too large for any of its values before reading it (both named, so a client knows)."""
    import httpx

    longest = app.LANES.max_chars
    too_long = {"text": "x" * (longest + 1)}
    with pytest.raises(Exception, match=rf"{longest + 1:,} characters, over the panel's limit of {longest:,} .*max_chars"):
        client.predict(too_long, api_name="/export_jsonl")
    assert client.predict({"text": "x" * longest}, api_name="/export_jsonl")[0] == '{"text": "' + "x" * longest + '", "spans": []}'

    limit = app.LANES.max_request_bytes
    body = b'{"data": ["' + b"x" * limit + b'"], "fn_index": 0, "session_hash": "big"}'
    refused = httpx.post(client.src.rstrip("/") + "/gradio_api/queue/join", content=body,
                         headers={"content-type": "application/json"}, timeout=60)
    assert refused.status_code == 413
    assert f"over this server's limit of {limit:,} bytes" in refused.json()["detail"]
