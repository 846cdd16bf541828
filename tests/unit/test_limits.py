"""Size limits of a value from the browser or an API client (max_chars, max_spans), where Gradio
validates it, and RequestSizeLimit in front of the server."""

from __future__ import annotations

import json
import time

import gradio as gr
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from gradio_sentimentpanel import PanelData, SentimentPanel
from gradio_sentimentpanel.limits import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_SPANS,
    InvalidValue,
    Received,
    RequestSizeLimit,
    request_size_limit,
)

GRADIO = {"context": {"validate_meta": True}}  # how Gradio's preprocess_data calls model_validate


def value(n: int, text: str = "abcdefghij") -> dict:
    return {"text": text, "entities": [{"start": 0, "end": 1, "label": "X"} for _ in range(n)]}


def test_the_defaults_take_what_the_readme_says_works():
    panel = SentimentPanel()
    assert (panel.max_chars, panel.max_spans) == (DEFAULT_MAX_CHARS, DEFAULT_MAX_SPANS) == (10_000_000, 500_000)
    # a 5 MB paste analysed whole: about 5M characters, 130,000 entities and 62,000 sentences
    paste = {"text": "x" * 5_000_000, "entities": [{}] * 130_000, "sentences": [{}] * 62_000}
    assert panel.data_model.model_validate(paste, **GRADIO) == paste


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "100", [10]])
@pytest.mark.parametrize("name", ["max_chars", "max_spans"])
def test_a_bad_limit_is_named(name, bad):
    with pytest.raises(ValueError, match=f"^{name}: expected a positive int or None"):
        SentimentPanel(**{name: bad})


def test_the_panel_gives_gradio_the_schema_of_panel_data():
    panel = SentimentPanel(max_spans=10)
    assert panel.data_model.__name__ == "PanelData"
    assert json.dumps(panel.data_model.model_json_schema(), sort_keys=True) == json.dumps(
        PanelData.model_json_schema(), sort_keys=True
    )
    assert panel.api_info() == SentimentPanel().api_info()
    assert SentimentPanel.data_model is PanelData  # what the docs generator reads
    assert SentimentPanel(max_spans=10).data_model is panel.data_model  # one model per set of limits


def test_gradio_s_call_only_checks_the_size_and_hands_the_value_on():
    panel = SentimentPanel()
    big = value(400_000)
    started = time.perf_counter()
    out = panel.data_model.model_validate(big, **GRADIO)
    assert time.perf_counter() - started < 0.5  # a few len() calls: nothing is walked
    assert type(out) is Received and out == big and out["entities"] is big["entities"]
    assert len(panel.preprocess(out).entities) == 400_000


def test_any_other_call_validates_fully_into_a_panel_data():
    panel = SentimentPanel()
    out = panel.data_model.model_validate(value(2))
    assert type(out) is PanelData and len(out.entities) == 2
    assert type(panel.data_model.from_json(value(1))) is PanelData
    with pytest.raises(ValueError, match="past the end of the text"):
        panel.data_model.model_validate({"text": "ab", "entities": [{"start": 0, "end": 5, "label": "X"}]})
    # PanelData itself is unchanged: validated whole, whoever calls it
    assert type(PanelData.model_validate(value(1), **GRADIO)) is PanelData


def test_too_many_spans_are_refused_before_anything_is_validated():
    panel = SentimentPanel(max_spans=5)
    bad = {"text": "abc", "entities": [{"label": " "}] * 4, "sentences": [{}] * 2}
    for refuse in (lambda: panel.data_model.model_validate(bad, **GRADIO), lambda: panel.preprocess(bad)):
        with pytest.raises(InvalidValue) as info:
            refuse()
        assert str(info.value) == (
            "SentimentPanel value too large: 6 spans (4 entities, 2 sentences), over the panel's limit of 5 "
            "entities, sentences and attributions together (set by SentimentPanel(max_spans=...))"
        )
    assert isinstance(info.value, ValueError) and isinstance(info.value, gr.Error)  # shown to the client as is


def test_a_too_long_text_is_refused_naming_max_chars():
    panel = SentimentPanel(max_chars=9)
    with pytest.raises(InvalidValue) as info:
        panel.data_model.model_validate(value(1, "x" * 10), **GRADIO)
    assert str(info.value) == (
        "SentimentPanel value too large: its text has 10 characters, over the panel's limit of 9 "
        "(set by SentimentPanel(max_chars=...))"
    )
    assert panel.data_model.model_validate(value(1, "x" * 9), **GRADIO)["text"] == "x" * 9


def test_the_default_limits_refuse_the_million_blank_labels():
    blank = {"text": "x" * 1_000_000, "entities": [{"start": i, "end": i + 1, "label": ""} for i in range(1_000_000)]}
    started = time.perf_counter()
    with pytest.raises(InvalidValue, match=r"1,000,000 spans .* limit of 500,000 .*max_spans"):
        SentimentPanel().data_model.model_validate(blank, **GRADIO)
    assert time.perf_counter() - started < 0.5


def test_no_limit():
    panel = SentimentPanel(max_chars=None, max_spans=None)
    assert panel.data_model is SentimentPanel(max_chars=None, max_spans=None).data_model
    assert len(panel.preprocess(value(600_001, "x" * 10_000_001)).entities) == 600_001


def test_an_unknown_top_level_key_is_refused_at_once():
    with pytest.raises(InvalidValue) as info:
        SentimentPanel().data_model.model_validate({"text": "abc", "junk": list(range(10))}, **GRADIO)
    assert str(info.value) == "Invalid SentimentPanel value: unknown key 'junk'"


def test_preprocess_validates_a_value_from_the_wire_fully():
    panel = SentimentPanel()

    def wire(value):
        return panel.preprocess(panel.data_model.model_validate(value, **GRADIO))

    good = {"text": "Ada loved Paris.", "entities": [{"start": 10, "end": 15, "label": "LOC"}, {"start": 0, "end": 3, "label": "PER", "score": 0.5}]}
    assert wire(good) == PanelData.model_validate(good)
    bad = {"text": "abc", "entities": [{"start": 0, "end": 1, "label": " "}, {"start": 0, "end": 2, "label": "X", "score": 2}]}
    with pytest.raises(InvalidValue) as info:
        wire(bad)
    assert str(info.value).splitlines() == [
        "Invalid SentimentPanel value, 2 problems:",
        "entities[0].label: must be a non-empty string, not only white space (got ' ')",
        "entities[1].score: Input should be less than or equal to 1 (got 2)",
    ]
    raw = {"text": "abc", "entities": [{"entity_group": "X", "start": 0, "end": 1, "score": 0.5, "word": "a"}]}
    with pytest.raises(InvalidValue, match=r"entities\[0\]: unknown key 'entity_group'"):
        wire(raw)  # the wire carries the panel's own shape only
    # a dict from Python is read as postprocess reads it, raw pipeline output included
    assert [(e.start, e.end, e.label) for e in panel.preprocess(raw).entities] == [(0, 1, "X")]


def test_a_refused_value_is_not_kept_where_gradio_keeps_it():
    panel = SentimentPanel()
    received = panel.data_model.model_validate({"text": "abc", "entities": [{"start": 0, "end": 9, "label": "X"}] * 3}, **GRADIO)
    with pytest.raises(InvalidValue, match="past the end of the text"):
        panel.preprocess(received)
    assert received == {"text": ""}  # the dict Gradio stored for the session: an empty panel
    mine = {"text": "abc", "entities": [{"start": 0, "end": 9, "label": "X"}]}
    with pytest.raises(ValueError, match="past the end of the text"):
        panel.preprocess(mine)
    assert len(mine["entities"]) == 1  # a caller's own dict is left alone


def test_a_panel_data_is_checked_against_the_limits_too():
    data = PanelData.model_validate(value(3))
    assert SentimentPanel().preprocess(data) is data
    with pytest.raises(InvalidValue, match="max_spans"):
        SentimentPanel(max_spans=2).preprocess(data)


def test_values_from_python_are_not_limited():
    shown = SentimentPanel(max_chars=2, max_spans=1).postprocess(value(3))
    assert len(shown.entities) == 3 and shown.text == "abcdefghij"


# ------------------------------------------------------------------------------- RequestSizeLimit


def _app(max_bytes: int) -> TestClient:
    async def echo(request):
        body = await request.body()
        return JSONResponse({"got": len(body)})

    app = Starlette(routes=[Route("/", echo, methods=["POST", "GET"])], middleware=[request_size_limit(max_bytes)])
    return TestClient(app)


def test_a_json_body_over_the_limit_is_refused_with_413_naming_the_limit():
    client = _app(1000)
    r = client.post("/", content=b"[" + b"1," * 600 + b"1]", headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["detail"] == (
        "Request too large: its JSON body has 1,203 bytes, over this server's limit of 1,000 bytes "
        "(set by RequestSizeLimit(max_bytes=...))"
    )
    assert client.post("/", content=b"[1]", headers={"content-type": "application/json"}).json() == {"got": 3}


def test_a_chunked_json_body_is_counted_as_it_comes():
    client = _app(1000)

    def chunks(n):
        for _ in range(n):
            yield b"x" * 300

    big = client.post("/", content=chunks(4), headers={"content-type": "application/json"})
    assert big.status_code == 413 and "more than 1,000 bytes" in big.json()["detail"]
    small = client.post("/", content=chunks(3), headers={"content-type": "application/json"})
    assert small.json() == {"got": 900}


def test_other_requests_pass_untouched():
    client = _app(10)
    assert client.post("/", files={"file": ("a.txt", b"x" * 100)}).status_code == 200  # uploads: max_file_size
    assert client.get("/").status_code == 200


def test_a_bad_max_bytes_is_named():
    with pytest.raises(ValueError, match="^max_bytes: expected a positive int"):
        RequestSizeLimit(None, max_bytes=0)
