"""The demo's "Correct the model" tab: an edited PanelData goes through the ``/export_jsonl``
endpoint as a user of the API (or the browser) sends it, and comes back as exactly the JSONL that
``gradio_sentimentpanel.export.to_jsonl`` writes, shown and as a downloadable file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gradio_sentimentpanel import PanelData
from gradio_sentimentpanel.export import from_jsonl, to_jsonl

TEXT = "Angela Merkel loved Paris 🇫🇷 and 東京. London was terrible."


@pytest.fixture(scope="module")
def analysed(client, ner_dir, sst2_dir) -> PanelData:
    panel_value, _, _ = client.predict(TEXT, str(sst2_dir), str(ner_dir), api_name="/analyze")
    panel = PanelData.model_validate(panel_value)
    assert [(panel.entity_text(e), e.label) for e in panel.entities] == [
        ("Angela Merkel", "PER"),
        ("Paris", "LOC"),
        ("London", "LOC"),
    ]
    assert all(e.score is not None for e in panel.entities)
    return panel


def edited(panel: PanelData) -> dict:
    """What the browser sends after three edits: "Merkel" added inside "Angela Merkel" (no score,
    no sentiment), "Paris" relabelled GPE (its score gone, its sentiment kept), "London" deleted."""
    value = panel.model_dump()
    merkel, paris, _london = value["entities"]
    start = TEXT.index("Merkel")
    added = {"start": start, "end": start + len("Merkel"), "label": "PER", "score": None, "sentiment": None, "kb_id": None, "kb_url": None}
    value["entities"] = [merkel, added, {**paris, "label": "GPE", "score": None}]
    return value


def test_the_demo_has_both_tabs_and_an_editable_panel_with_the_models_labels(app, client):
    config = app.demo.config
    tabs = [c["props"].get("label") for c in config["components"] if c["type"] == "tabitem"]
    assert tabs == ["Analyze", "Correct the model"]
    editor = next(c["props"] for c in config["components"] if c["props"].get("elem_id") == "correct-panel")
    assert editor["interactive"] is True
    assert editor["labels"] == ["PER", "LOC", "ORG", "MISC"]  # the tiny NER model's, without B-/I-
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/analyze", "/export_jsonl"} <= set(endpoints)


def test_an_edited_value_exports_exactly_what_to_jsonl_gives(client, analysed):
    value = edited(analysed)
    jsonl, file_path = client.predict(value, api_name="/export_jsonl")
    expected = to_jsonl(PanelData.model_validate(value))
    # the file holds exactly to_jsonl's text; the code view too, less the final newline that
    # gr.Code strips from every value it shows
    assert Path(file_path).name == "corrections.jsonl"
    assert Path(file_path).read_text(encoding="utf-8") == expected
    assert jsonl + "\n" == expected
    # what a user of the file sees: the text unchanged, the three edits, scores only where the
    # model's prediction was kept
    (record,) = [json.loads(line) for line in jsonl.splitlines()]
    assert record["text"] == TEXT
    merkel = analysed.entities[0]
    assert [(record["text"][s["start"] : s["end"]], s["label"], s.get("score")) for s in record["spans"]] == [
        ("Angela Merkel", "PER", merkel.score),
        ("Merkel", "PER", None),
        ("Paris", "GPE", None),
    ]
    assert ["score" in s for s in record["spans"]] == [True, False, False]
    assert record["cats"] == analysed.sentiment.scores
    # and it reads back into the same entities
    (back,) = from_jsonl(jsonl)
    assert back.text == TEXT
    assert [(e.start, e.end, e.label, e.score) for e in back.entities] == [
        (e["start"], e["end"], e["label"], e["score"]) for e in value["entities"]
    ]


def test_the_same_export_twice_gives_the_same_file_contents(client, analysed):
    value = analysed.model_dump()
    expected = to_jsonl(analysed)
    first = client.predict(value, api_name="/export_jsonl")
    second = client.predict(value, api_name="/export_jsonl")
    assert first[0] == second[0] == expected.rstrip("\n")
    assert [Path(f).read_text(encoding="utf-8") for f in (first[1], second[1])] == [expected, expected]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {"text": "Paris", "entities": [{"start": 2, "end": 9, "label": "LOC"}]},
            "entities[0] ends at 9, past the end of the text",
        ),
        ({"text": "Paris", "entities": [{"start": 0, "end": 5}]}, "label"),
        ({"entities": []}, "text"),
        (
            {"text": "Paris", "entities": [{"start": 0, "end": 5, "label": "LOC", "score": 7}]},
            "score",
        ),
    ],
)
def test_a_malformed_value_gets_an_error_naming_what_is_wrong(client, value, message):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as info:
        client.predict(value, api_name="/export_jsonl")
    assert message in str(info.value)


def test_an_empty_panel_has_nothing_to_export(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Nothing to export yet"):
        client.predict(None, api_name="/export_jsonl")


def test_edits_in_the_browser_update_the_view_and_an_empty_panel_clears_it(app, analysed):
    """The panel's ``change`` handler (every edit and every new analysis)."""
    import gradio as gr

    jsonl, download = app.export_corrections(analysed)
    assert jsonl == to_jsonl(analysed)  # before gr.Code strips its final newline
    assert isinstance(download, gr.DownloadButton) and download.interactive is True
    assert download.value["orig_name"] == "corrections.jsonl"
    assert Path(download.value["path"]).read_text(encoding="utf-8") == to_jsonl(analysed)
    jsonl, download = app.export_corrections(None)
    assert jsonl == "" and download.value is None and download.interactive is False


def test_a_finished_analysis_goes_to_the_editable_panel_with_the_labels_of_its_model(app, analysed, ner_dir):
    update = app.show_for_correction(analysed, str(ner_dir))
    assert update["value"] == analysed
    assert update["labels"] == ["PER", "LOC", "ORG", "MISC"]
