"""Aspect-based entity sentiment: each mention judged by a (sentence, target) model, aspect terms
as ASPECT entities, and the entity summary, through the real transformers pipelines."""

from __future__ import annotations

import re

import pytest
from tiny_models import ASPECT_LABELS, MAX_LENGTH

from gradio_sentimentpanel import Analyzer, PanelData
from gradio_sentimentpanel.export import entity_summary

CONTRAST = "I love Paris but hated London."


@pytest.fixture(scope="session")
def aspect_analyzer(ner_dir, sst2_dir, pair_dir):
    return Analyzer.from_pretrained(
        str(sst2_dir), str(ner_dir), aspect_model=str(pair_dir), aspects=["battery", "price"], batch_size=4
    )


def by_text(data: PanelData) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in data.entities:
        out.setdefault(data.entity_text(e), []).append(e)
    return out


def test_entities_of_one_sentence_get_their_own_sentiment(aspect_analyzer, analyzer):
    data = aspect_analyzer(CONTRAST)
    ents = by_text(data)
    assert ents["Paris"][0].sentiment.label == "Positive"
    assert ents["London"][0].sentiment.label == "Negative"
    assert set(ents["Paris"][0].sentiment.scores) == set(ASPECT_LABELS)  # the full distribution
    # without the aspect model both borrow the one sentence's sentiment
    plain = by_text(analyzer(CONTRAST))
    assert plain["Paris"][0].sentiment == plain["London"][0].sentiment


def test_the_pair_model_gets_exactly_each_sentence_and_mention():
    pairs = []

    def judge(sentence, target):
        pairs.append((sentence, target))
        label = "pos" if target.lower() in {"paris", "battery"} else "neg"
        return [{"label": label, "score": 0.8}, {"label": "neg" if label == "pos" else "pos", "score": 0.2}]

    def gazetteer(text):
        return [
            {"start": m.start(), "end": m.end(), "entity_group": "LOC", "score": 0.9}
            for m in re.finditer(r"Paris|London|New\s+York", text)
        ]

    text = "Paris beats London.\nThe battery of my phone died in New  York. BATTERY fine."
    data = Analyzer(ner=gazetteer, aspect_sentiment=judge, aspects=["battery"])(text)
    first, second, third = "Paris beats London.", "The battery of my phone died in New  York.", "BATTERY fine."
    assert sorted(pairs) == sorted(
        [
            (first, "Paris"),
            (first, "London"),
            (second, "battery"),
            (second, "New York"),  # white space inside a mention collapsed in the target
            (third, "BATTERY"),
        ]
    )
    got = {(data.entity_text(e), e.label): e.sentiment.label for e in data.entities}
    assert got == {
        ("Paris", "LOC"): "pos",
        ("London", "LOC"): "neg",
        ("battery", "ASPECT"): "pos",
        ("New  York", "LOC"): "neg",
        ("BATTERY", "ASPECT"): "pos",
    }
    assert all(e.score is None for e in data.entities if e.label == "ASPECT")


def test_pairs_go_through_the_pipeline_in_batches_sorted_by_length(ner_dir, pair_dir, monkeypatch):
    from transformers import pipeline

    pair = pipeline("text-classification", model=str(pair_dir))
    calls = []
    real = type(pair).__call__

    def spy(self, inputs, **kwargs):
        if self is pair:
            calls.append((list(inputs), kwargs))
        return real(self, inputs, **kwargs)

    monkeypatch.setattr(type(pair), "__call__", spy)
    ner = pipeline("token-classification", model=str(ner_dir), aggregation_strategy="first")
    text = "Paris and London and Berlin and Tokyo were all visited. Apple met Google in Zurich."
    data = Analyzer(ner=ner, aspect_sentiment=pair, batch_size=8)(text)
    assert len(calls) == 1  # two sentences, one batch: every pair in one call
    inputs, kwargs = calls[0]
    assert kwargs["batch_size"] == 8 and kwargs["top_k"] is None
    assert len(inputs) == len(data.entities) == 7
    sizes = [len(x["text"]) + len(x["text_pair"]) for x in inputs]
    assert sizes == sorted(sizes)
    assert {x["text_pair"] for x in inputs} == {data.entity_text(e) for e in data.entities}


def test_a_mention_in_an_over_long_sentence_is_paired_with_its_window(ner_dir, pair_dir, monkeypatch):
    from transformers import AutoTokenizer, pipeline

    pair = pipeline("text-classification", model=str(pair_dir))
    seen = []
    real = type(pair).__call__

    def spy(self, inputs, **kwargs):
        if self is pair:
            seen.extend(inputs)
        return real(self, inputs, **kwargs)

    monkeypatch.setattr(type(pair), "__call__", spy)
    filler = " ".join(["the city was very quiet"] * 12)
    text = f"I loved Paris, {filler}, and hated London."
    ner = pipeline("token-classification", model=str(ner_dir), aggregation_strategy="first")
    data = Analyzer(ner=ner, aspect_sentiment=pair)(text)
    tokenizer = AutoTokenizer.from_pretrained(str(pair_dir))
    assert len(tokenizer(text)["input_ids"]) > 3 * MAX_LENGTH  # one sentence, many windows
    assert {x["text_pair"] for x in seen} == {"Paris", "London"}
    for x in seen:
        # nothing truncated: the pair fits the model, and its window holds the mention
        assert len(tokenizer(x["text"], x["text_pair"])["input_ids"]) <= MAX_LENGTH
        assert x["text_pair"] in x["text"] and x["text"] in text
    got = {data.entity_text(e): e.sentiment.label for e in data.entities}
    assert got == {"Paris": "Positive", "London": "Negative"}  # each judged by its own window


def test_aspect_terms_without_an_aspect_model_borrow_their_sentence(sst2_dir):
    a = Analyzer.from_pretrained(str(sst2_dir), None, aspects=["battery", "screen"])
    data = a("The battery was great. The screen was terrible.")
    assert [(data.entity_text(e), e.label) for e in data.entities] == [("battery", "ASPECT"), ("screen", "ASPECT")]
    assert [e.sentiment for e in data.entities] == [s.sentiment for s in data.sentences]
    assert [s.sentiment.label for s in data.sentences] == ["POSITIVE", "NEGATIVE"]


def test_aspect_terms_may_overlap_entities(ner_dir, pair_dir):
    a = Analyzer.from_pretrained(None, str(ner_dir), aspect_model=str(pair_dir), aspects=["Paris", "Paris office"])
    data = a("We loved the Paris office.")
    spans = [(data.entity_text(e), e.label) for e in data.entities]
    assert spans == [("Paris office", "ASPECT"), ("Paris", "LOC"), ("Paris", "ASPECT")]
    assert all(e.sentiment is not None for e in data.entities)


def test_stream_progress_and_batches_match_one_shot(aspect_analyzer):
    texts = [CONTRAST + " The battery was bad." * 6, "Tokyo was wonderful, the price was bad.", ""]
    steps = list(aspect_analyzer.stream(texts[0]))
    assert len(steps) > 1
    assert steps[-1] == aspect_analyzer(texts[0])
    for step in steps:
        assert all(e.sentiment is not None and set(e.sentiment.scores) == set(ASPECT_LABELS) for e in step.entities)
    assert aspect_analyzer.analyze_batch(texts) == [aspect_analyzer(t) for t in texts]
    seen = []
    aspect_analyzer(texts[1], progress=lambda f, desc=None: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0


def test_entity_summary_one_row_per_distinct_entity(aspect_analyzer):
    text = "I love Paris but hated London. Paris was wonderful. The battery of the Paris phone was bad."
    data = aspect_analyzer(text)
    rows = entity_summary(data)
    keys = [(r["label"], r["text"]) for r in rows]
    assert keys == [("LOC", "Paris"), ("LOC", "London"), ("ASPECT", "battery")]
    paris = rows[0]
    mentions = [e for e in data.entities if e.label == "LOC" and data.entity_text(e).lower() == "paris"]
    assert paris["mentions"] == len(mentions) == 3
    assert paris["mentions_at"] == [(e.start, e.end) for e in mentions]
    for label in ASPECT_LABELS:
        mean = sum(e.sentiment.scores[label] for e in mentions) / 3
        assert paris["scores"][label] == pytest.approx(mean)
    assert paris["sentiment"] == "Positive" and paris["score"] == pytest.approx(paris["scores"]["Positive"])


def test_entity_summary_rows_are_plain_and_handle_missing_sentiment():
    data = PanelData(
        text="Apple  Inc and apple inc. Apple pie.",
        entities=[
            {"start": 0, "end": 10, "label": "ORG"},
            {"start": 15, "end": 24, "label": "ORG", "sentiment": {"label": "pos", "score": 0.6}},
            {"start": 26, "end": 31, "label": "FOOD"},
        ],
    )
    rows = entity_summary(data)
    assert rows == [
        {
            "label": "ORG",
            "text": "Apple Inc",
            "mentions": 2,
            "sentiment": "pos",
            "score": 0.6,
            "scores": {"pos": 0.6},
            "mentions_at": [(0, 10), (15, 24)],
        },
        {"label": "FOOD", "text": "Apple", "mentions": 1, "sentiment": None, "score": None, "scores": {}, "mentions_at": [(26, 31)]},
    ]
    with pytest.raises(ValueError, match="expected a PanelData"):
        entity_summary({"text": "x"})


def test_bad_aspect_arguments_are_named(sst2_dir, pair_dir):
    with pytest.raises(ValueError, match="`aspect_sentiment` needs targets"):
        Analyzer(sentiment=lambda t: {"label": "pos", "score": 1.0}, aspect_sentiment=lambda s, t: {})
    with pytest.raises(TypeError, match="aspect_sentiment"):
        Analyzer(ner=lambda t: [], aspect_sentiment="a model name")
    with pytest.raises(TypeError, match="list of terms"):
        Analyzer(ner=lambda t: [], aspects="battery, screen")
    with pytest.raises(ValueError, match="`aspect_sentiment` needs a 'text-classification' pipeline"):
        from transformers import pipeline

        Analyzer(aspects=["x"], aspect_sentiment=pipeline("feature-extraction", model=str(pair_dir)))
    with pytest.raises(OSError, match="no model folder"):
        Analyzer.from_pretrained(str(sst2_dir), None, aspect_model="./missing-aspect-model")


def test_an_aspect_model_with_bad_output_is_named():
    bad = Analyzer(aspects=["battery"], aspect_sentiment=lambda s, t: "great")
    with pytest.raises(ValueError, match="aspect_sentiment"):
        bad("The battery is fine.")
