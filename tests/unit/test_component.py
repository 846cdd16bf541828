"""SentimentPanel as a Gradio component: config, events, api info, Blocks and Interface."""

from __future__ import annotations

import gradio as gr
import numpy as np
import pytest
from gradio_client import Client

from gradio_sentimentpanel import Entity, PanelData, SentimentPanel

TEXT = "The University of Paris hired Marie Curie."


def test_overlapping_entities_from_pipeline_output_are_kept_in_order():
    # "University of Paris" (ORG) contains "Paris" (LOC): both stay, by start then longer first.
    raw = {
        "text": TEXT,
        "entities": [
            {"entity_group": "LOC", "score": np.float32(0.91), "word": "Paris", "start": 18, "end": 23},
            {"entity_group": "PER", "score": np.float32(0.99), "word": "Marie Curie", "start": 30, "end": 41},
            {"entity_group": "ORG", "score": np.float32(0.95), "word": "University of Paris", "start": 4, "end": 23},
        ],
    }
    value = SentimentPanel().postprocess(raw)
    assert [(TEXT[e.start : e.end], e.label) for e in value.entities] == [
        ("University of Paris", "ORG"),
        ("Paris", "LOC"),
        ("Marie Curie", "PER"),
    ]


def test_same_start_longer_first():
    value = SentimentPanel().postprocess(
        {"text": TEXT, "entities": [{"start": 4, "end": 14, "label": "A"}, {"start": 4, "end": 23, "label": "B"}]}
    )
    assert [e.label for e in value.entities] == ["B", "A"]


def test_none_and_empty():
    panel = SentimentPanel()
    assert panel.postprocess(None) is None
    assert panel.preprocess(None) is None
    assert panel.postprocess("") == PanelData(text="")


def test_config_carries_the_display_options():
    panel = SentimentPanel(
        color_map={"PER": "#e11d48"}, labels=["PER", "LOC"], show_legend=False, show_sentiment=False,
        show_sentences=False, show_scores=False, min_score=0.4, interactive=True,
    )
    config = panel.get_config()
    assert config["color_map"] == {"PER": "#e11d48"}
    assert config["labels"] == ["PER", "LOC"]
    assert (config["show_legend"], config["show_sentiment"], config["show_sentences"], config["show_scores"]) == (False, False, False, False)
    assert config["min_score"] == 0.4
    assert config["interactive"] is True


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_score": 1.5}, "min_score: expected a number between 0 and 1, got 1.5"),
        ({"min_score": True}, "min_score"),
        ({"color_map": ["red"]}, "color_map: expected a dict"),
        ({"labels": "PER"}, "labels: expected a list"),
        ({"labels": ["PER", ""]}, "labels: expected a list of non-empty"),
    ],
)
def test_bad_init_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SentimentPanel(**kwargs)


def test_bad_initial_value_fails_at_construction():
    with pytest.raises(ValueError, match=r"entities\[0\]: start \(5\) is after end \(1\)"):
        SentimentPanel(value={"text": TEXT, "entities": [{"start": 5, "end": 1, "label": "X"}]})


def test_events():
    names = {e if isinstance(e, str) else e.event_name for e in SentimentPanel.EVENTS}
    assert names == {"change", "select", "input", "clear"}
    with gr.Blocks():
        panel = SentimentPanel()
        for name in names:
            assert callable(getattr(panel, name))


def test_api_info_and_examples():
    panel = SentimentPanel()
    info = panel.api_info()
    assert set(info["properties"]) == {"text", "entities", "sentiment", "sentences", "attributions", "reference"}
    assert {"Entity", "Sentiment", "Attribution", "Reference"} <= set(info["$defs"])
    assert set(info["$defs"]["Reference"]["properties"]) == {"name", "entities", "sentences", "sentiment"}
    payload = PanelData.model_validate(panel.example_payload())
    assert panel.preprocess(payload).entity_text(0) == "Ada Lovelace"
    shown = panel.postprocess(panel.example_value())
    assert [shown.entity_text(e) for e in shown.entities] == ["Ada Lovelace", "Paris", "London"]
    assert shown.sentiment.label == "NEGATIVE"


def test_select_data_carries_the_entity():
    panel = SentimentPanel()
    entity = Entity(start=0, end=3, label="DET", score=0.5).model_dump()
    data = gr.SelectData(panel, {"index": 2, "value": entity, "selected": True})
    assert data.index == 2 and data.value["label"] == "DET"


@pytest.fixture(scope="module")
def interface_app():
    def relabel(value: PanelData) -> PanelData:
        assert isinstance(value, PanelData)
        entities = [e.model_copy(update={"label": e.label.lower()}) for e in value.entities]
        return value.model_copy(update={"entities": entities})

    demo = gr.Interface(relabel, SentimentPanel(), SentimentPanel(), api_name="relabel")
    _, url, _ = demo.launch(prevent_thread_lock=True, quiet=True, show_error=True)
    yield url
    demo.close()


def test_interface_round_trip_through_gradio_client(interface_app):
    client = Client(interface_app, verbose=False)
    value = {
        "text": "Ada 😀 loved 東京.",
        "entities": [{"start": 0, "end": 3, "label": "PER", "score": 0.9}, {"start": 12, "end": 14, "label": "LOC", "score": None}],
        "sentiment": None,
        "sentences": [],
    }
    out = client.predict(value, api_name="/relabel")
    assert out["text"] == value["text"]
    assert [(e["start"], e["end"], e["label"], e["score"]) for e in out["entities"]] == [
        (0, 3, "per", 0.9),
        (12, 14, "loc", None),
    ]


def test_interface_refuses_a_malformed_payload_with_a_clear_error(interface_app):
    client = Client(interface_app, verbose=False)
    bad = {"text": "abc", "entities": [{"start": 0, "end": 9, "label": "X"}], "sentiment": None, "sentences": []}
    with pytest.raises(Exception, match="past the end of the text"):
        client.predict(bad, api_name="/relabel")


def test_a_bad_payload_from_the_api_is_reported_in_the_package_words(interface_app):
    client = Client(interface_app, verbose=False)
    bad = {
        "text": "abc",
        "entities": [{"start": 0, "end": 1, "label": " "}, {"start": 0, "end": 2, "label": "X", "score": 2}],
    }
    with pytest.raises(Exception) as info:
        client.predict(bad, api_name="/relabel")
    message = str(info.value)
    assert "validation error for" not in message and "Value error" not in message
    assert message.splitlines() == [
        "Invalid SentimentPanel value, 2 problems:",
        "entities[0].label: must be a non-empty string, not only white space (got ' ')",
        "entities[1].score: Input should be less than or equal to 1 (got 2)",
    ]


def test_blocks_output_from_dict_of_raw_pipeline_output():
    with gr.Blocks() as demo:
        text = gr.Textbox()
        panel = SentimentPanel()
        text.submit(
            lambda t: {"text": t, "entities": [{"entity_group": "LOC", "score": np.float32(0.9), "word": "x", "start": 0, "end": 1}]},
            text,
            panel,
            api_name="show",
        )
    _, url, _ = demo.launch(prevent_thread_lock=True, quiet=True)
    try:
        out = Client(url, verbose=False).predict("xyz", api_name="/show")
    finally:
        demo.close()
    assert out["entities"] == [{"start": 0, "end": 1, "label": "LOC", "score": pytest.approx(0.9), "sentiment": None, "kb_id": None, "kb_url": None}]


def test_attributions_round_trip_through_the_panel_and_json():
    from gradio_sentimentpanel.export import from_json, to_json

    text = "👩\u200d👩\u200d👧 東京 cafe\u0301 was terrible, truly."
    start = text.index("terrible")
    panel = SentimentPanel()
    shown = panel.postprocess(
        {
            "text": text,
            "attributions": [
                {"start": start, "end": start + 8, "weight": 1},
                {"start": 0, "end": 5, "weight": -0.25},
            ],
        }
    )
    assert [(text[a.start : a.end], a.weight) for a in shown.attributions] == [
        ("👩\u200d👩\u200d👧", -0.25),
        ("terrible", 1.0),
    ]
    wire = shown.model_dump()
    back = panel.preprocess(PanelData.model_validate(wire))
    assert back == shown
    assert from_json(to_json(shown)) == shown


@pytest.mark.parametrize(
    ("attribution", "words"),
    [
        ({"start": 4, "end": 9, "weight": 1.5}, "less than or equal to 1"),
        ({"start": 4, "end": 9, "weight": float("nan")}, "finite"),
        ({"start": 3, "end": 9, "weight": 0.5}, "white space"),
        ({"start": 4, "end": 40, "weight": 0.5}, "past the end"),
        ({"start": 9, "end": 9, "weight": 0.5}, "must be before end"),
        ({"start": 4, "end": 9}, "exactly 'start', 'end' and 'weight'"),
    ],
)
def test_bad_attributions_are_named(attribution, words):
    with pytest.raises(ValueError, match=r"attributions\[0\]") as err:
        SentimentPanel().postprocess({"text": "the great day", "attributions": [attribution]})
    assert words in str(err.value)


def test_buttons_reach_the_frontend_and_leave_the_layout():
    with gr.Blocks() as demo:
        send = gr.Button("Send to review")
        panel = SentimentPanel("Hi", buttons=["copy", send])
    config = demo.get_config_file()
    (props,) = [c["props"] for c in config["components"] if c["id"] == panel._id]
    assert props["buttons"][0] == "copy"
    assert props["buttons"][1]["id"] == send._id and props["buttons"][1]["value"] == "Send to review"
    # drawn in the panel's corner only, as gr.HighlightedText draws its buttons
    assert send._id not in [c["id"] for c in config["components"]]
    assert SentimentPanel().get_config()["buttons"] == []


@pytest.mark.parametrize(
    ("buttons", "message"),
    [
        ("copy", 'buttons: expected a list of "copy" and gr.Button instances'),
        (["copy", "paste"], "buttons[1]: expected \"copy\" or a gr.Button, got 'paste'"),
        ([None], 'buttons[0]: expected "copy" or a gr.Button, got None'),
    ],
)
def test_bad_buttons_are_named(buttons, message):
    with pytest.raises(ValueError) as err:
        SentimentPanel(buttons=buttons)
    assert message in str(err.value)


def test_custom_buttons_on_a_gradio_without_them_are_refused_by_name(monkeypatch):
    """Gradio before 6.2 (no gradio.utils.set_default_buttons) has no buttons in a component's
    corner: a click would reach nothing, so the panel says so; "copy" is the panel's own."""
    import gradio.utils

    monkeypatch.delattr(gradio.utils, "set_default_buttons")
    with pytest.raises(ValueError, match=r"buttons\[1\]: a gr.Button in the panel's corner needs Gradio 6.2 or newer"):
        SentimentPanel(buttons=["copy", gr.Button("Send")])
    assert SentimentPanel(buttons=["copy"]).buttons == ["copy"]
