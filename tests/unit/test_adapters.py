"""Foreign shapes -> PanelData: transformers, huggingface_hub, spaCy, plain dicts."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gradio_sentimentpanel import Entity, PanelData, SentimentPanel, Sentiment
from gradio_sentimentpanel.adapters import (
    split_tag,
    entities_from_token_classification,
    panel_from_spacy_doc,
    sentiment_from_text_classification,
    to_panel_data,
)

TEXT = "Ada Lovelace loved Paris, but the rain in London wore her down."


def spans(entities, text=TEXT):
    return [(text[e.start : e.end], e.label) for e in entities]


# ---------------------------------------------------------------- aggregation_strategy="none"

# Exactly what transformers 5 returns with aggregation_strategy="none" (numpy float32 scores,
# 'index' is the token position, 'O' tokens left out, '##' marks WordPiece continuations).
NONE_OUTPUT = [
    {"entity": "B-PER", "score": np.float32(0.9991), "index": 1, "word": "Ada", "start": 0, "end": 3},
    {"entity": "I-PER", "score": np.float32(0.9987), "index": 2, "word": "Love", "start": 4, "end": 8},
    {"entity": "I-PER", "score": np.float32(0.9979), "index": 3, "word": "##lace", "start": 8, "end": 12},
    {"entity": "B-LOC", "score": np.float32(0.9995), "index": 5, "word": "Paris", "start": 19, "end": 24},
    {"entity": "B-LOC", "score": np.float32(0.9990), "index": 11, "word": "London", "start": 42, "end": 48},
]


def test_none_strategy_merges_bio_tags_and_word_pieces():
    ents = entities_from_token_classification(NONE_OUTPUT, TEXT)
    assert spans(ents) == [("Ada Lovelace", "PER"), ("Paris", "LOC"), ("London", "LOC")]
    assert ents[0].score == pytest.approx((0.9991 + 0.9987 + 0.9979) / 3, abs=1e-6)
    assert all(type(e.score) is float for e in ents)


def test_none_strategy_two_b_tags_stay_two_entities():
    text = "Paris London"
    out = [
        {"entity": "B-LOC", "score": np.float32(0.9), "index": 1, "word": "Paris", "start": 0, "end": 5},
        {"entity": "B-LOC", "score": np.float32(0.8), "index": 2, "word": "London", "start": 6, "end": 12},
    ]
    assert spans(entities_from_token_classification(out, text), text) == [("Paris", "LOC"), ("London", "LOC")]


def test_none_strategy_i_tag_after_gap_starts_new_entity():
    # 'Paris' and 'London' are I-LOC but a token ('and', tagged O) lies between them.
    text = "Paris and London"
    out = [
        {"entity": "I-LOC", "score": 0.9, "index": 1, "word": "Paris", "start": 0, "end": 5},
        {"entity": "I-LOC", "score": 0.8, "index": 3, "word": "London", "start": 10, "end": 16},
    ]
    assert spans(entities_from_token_classification(out, text), text) == [("Paris", "LOC"), ("London", "LOC")]


def test_none_strategy_bare_tags_merge_like_inside_tags():
    text = "New York is big"
    out = [
        {"entity": "LOC", "score": 0.9, "index": 1, "word": "New", "start": 0, "end": 3},
        {"entity": "LOC", "score": 0.7, "index": 2, "word": "York", "start": 4, "end": 8},
    ]
    ents = entities_from_token_classification(out, text)
    assert spans(ents, text) == [("New York", "LOC")]
    assert ents[0].score == pytest.approx(0.8)


def test_none_strategy_subword_with_other_tag_stays_in_its_word():
    text = "Lovelace"
    out = [
        {"entity": "B-PER", "score": 0.9, "index": 1, "word": "Love", "start": 0, "end": 4},
        {"entity": "B-ORG", "score": 0.5, "index": 2, "word": "##lace", "start": 4, "end": 8},
    ]
    assert spans(entities_from_token_classification(out, text), text) == [("Lovelace", "PER")]


def test_none_strategy_type_change_splits():
    text = "Paris Hilton"
    out = [
        {"entity": "B-LOC", "score": 0.9, "index": 1, "word": "Paris", "start": 0, "end": 5},
        {"entity": "I-PER", "score": 0.9, "index": 2, "word": "Hilton", "start": 6, "end": 12},
    ]
    assert spans(entities_from_token_classification(out, text), text) == [("Paris", "LOC"), ("Hilton", "PER")]


def test_none_strategy_punctuation_glued_to_a_word_is_its_own_word():
    # BERT splits "Paris," into "Paris" and "," (no "##"): the comma is not part of the city,
    # and an I- tag after it continues nothing of another type.
    text = "Paris, but"
    out = [
        {"entity": "B-LOC", "score": 0.9, "index": 1, "word": "Paris", "start": 0, "end": 5},
        {"entity": "I-MISC", "score": 0.5, "index": 2, "word": ",", "start": 5, "end": 6},
        {"entity": "I-LOC", "score": 0.5, "index": 3, "word": "but", "start": 7, "end": 10},
    ]
    assert spans(entities_from_token_classification(out, text), text) == [("Paris", "LOC"), (",", "MISC"), ("but", "LOC")]


def test_none_strategy_sentencepiece_markers():
    # XLM-R style pieces: '▁' starts a word, anything else continues it.
    text = "Zürich rocks"
    out = [
        {"entity": "B-LOC", "score": 0.9, "index": 1, "word": "\u2581Zür", "start": 0, "end": 3},
        {"entity": "I-LOC", "score": 0.9, "index": 2, "word": "ich", "start": 3, "end": 6},
    ]
    assert spans(entities_from_token_classification(out, text), text) == [("Zürich", "LOC")]


# ---------------------------------------------------------------- grouped strategies

SIMPLE_OUTPUT = [
    {"entity_group": "PER", "score": np.float32(0.9985), "word": "Ada Lovelace", "start": 0, "end": 12},
    {"entity_group": "LOC", "score": np.float32(0.9995), "word": "Paris", "start": 19, "end": 24},
    {"entity_group": "LOC", "score": np.float32(0.9990), "word": "London", "start": 42, "end": 48},
]


def test_grouped_output_is_taken_as_is():
    ents = entities_from_token_classification(SIMPLE_OUTPUT, TEXT)
    assert spans(ents) == [("Ada Lovelace", "PER"), ("Paris", "LOC"), ("London", "LOC")]
    assert ents[1].score == pytest.approx(0.9995, abs=1e-6)


def test_batched_single_text_output_is_unwrapped_and_multi_text_refused():
    assert len(entities_from_token_classification([SIMPLE_OUTPUT], TEXT)) == 3
    with pytest.raises(ValueError, match="results for 2 texts"):
        entities_from_token_classification([SIMPLE_OUTPUT, SIMPLE_OUTPUT], TEXT)


@pytest.mark.parametrize("strategy", ["simple", "first", "average", "max"])
def test_real_pipeline_grouped_strategies(tiny_ner_dir, strategy):
    from transformers import pipeline

    ner = pipeline("token-classification", model=str(tiny_ner_dir), aggregation_strategy=strategy)
    raw = ner(TEXT)
    assert raw, "the tiny model should tag something"
    value = SentimentPanel().postprocess({"text": TEXT, "entities": raw})
    got = sorted((e.start, e.end, e.label) for e in value.entities)
    want = sorted((int(r["start"]), int(r["end"]), r["entity_group"]) for r in raw)
    assert got == want
    for e in value.entities:
        assert TEXT[e.start : e.end].strip() == TEXT[e.start : e.end]


def test_real_pipeline_none_strategy_gives_whole_words(tiny_ner_dir):
    from transformers import pipeline

    ner = pipeline("token-classification", model=str(tiny_ner_dir), aggregation_strategy="none")
    raw = ner(TEXT)
    value = SentimentPanel().postprocess({"text": TEXT, "entities": raw})
    # the same characters are covered, but for the spaces between the words of one entity
    covered = {i for r in raw for i in range(int(r["start"]), int(r["end"]))}
    shown = {i for e in value.entities for i in range(e.start, e.end)}
    assert {i for i in shown if not TEXT[i].isspace()} == covered
    assert all(TEXT[i].isspace() for i in shown - covered)
    for e in value.entities:  # never starts or ends inside a word
        assert e.start == 0 or not (TEXT[e.start - 1].isalnum() and TEXT[e.start].isalnum()) or any(
            int(r["start"]) == e.start and not str(r["word"]).startswith("##") for r in raw
        )
        assert not (e.end < len(TEXT) and TEXT[e.end].isalnum() and TEXT[e.end - 1].isalnum())
    assert len(value.entities) <= len(raw)


def test_slow_tokenizer_output_is_refused_with_advice():
    out = [{"entity": "B-PER", "score": 0.9, "index": 1, "word": "Ada", "start": None, "end": None}]
    with pytest.raises(ValueError, match="fast tokenizer"):
        entities_from_token_classification(out, "Ada")


def test_unknown_entity_key_is_named():
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['colour'\]"):
        to_panel_data({"text": "Ada", "entities": [{"start": 0, "end": 3, "label": "PER", "colour": "red"}]})


def test_entity_without_label_is_refused():
    with pytest.raises(ValueError, match="no label"):
        to_panel_data({"text": "Ada", "entities": [{"start": 0, "end": 3}]})


# ---------------------------------------------------------------- huggingface_hub InferenceClient


def test_inference_client_token_classification_elements():
    from huggingface_hub import TokenClassificationOutputElement

    out = [
        TokenClassificationOutputElement(entity_group="PER", score=0.99, word="Ada Lovelace", start=0, end=12),
        TokenClassificationOutputElement(entity_group="LOC", score=0.98, word="Paris", start=19, end=24),
    ]
    value = to_panel_data({"text": TEXT, "entities": out})
    assert spans(value.entities) == [("Ada Lovelace", "PER"), ("Paris", "LOC")]


def test_inference_client_token_level_elements():
    from huggingface_hub import TokenClassificationOutputElement

    out = [
        TokenClassificationOutputElement(entity="B-PER", score=0.99, word="Ada", start=0, end=3),
        TokenClassificationOutputElement(entity="I-PER", score=0.97, word="Lovelace", start=4, end=12),
    ]
    value = to_panel_data({"text": TEXT, "entities": out})
    assert spans(value.entities) == [("Ada Lovelace", "PER")]


def test_inference_client_text_classification_elements():
    from huggingface_hub import TextClassificationOutputElement

    out = [
        TextClassificationOutputElement(label="positive", score=0.7),
        TextClassificationOutputElement(label="neutral", score=0.2),
        TextClassificationOutputElement(label="negative", score=0.1),
    ]
    s = sentiment_from_text_classification(out)
    assert (s.label, s.score) == ("positive", 0.7)
    assert s.scores == {"positive": 0.7, "neutral": 0.2, "negative": 0.1}


# ---------------------------------------------------------------- text classification


def test_sentiment_top1_dict():
    s = sentiment_from_text_classification({"label": "POSITIVE", "score": np.float32(0.75)})
    assert s == Sentiment(label="POSITIVE", score=0.75, scores={"POSITIVE": 0.75})
    assert type(s.score) is float


def test_sentiment_full_distribution_any_order_keeps_model_labels():
    out = [{"label": "2 stars", "score": 0.1}, {"label": "5 stars", "score": 0.6}, {"label": "1 star", "score": 0.3}]
    s = sentiment_from_text_classification(out)
    assert s.label == "5 stars" and s.score == 0.6
    assert s.scores == {"2 stars": 0.1, "5 stars": 0.6, "1 star": 0.3}


def test_sentiment_nested_list_from_batched_call():
    s = sentiment_from_text_classification([[{"label": "LABEL_0", "score": 0.2}, {"label": "LABEL_1", "score": 0.8}]])
    assert s.label == "LABEL_1"


def test_sentiment_from_real_pipeline(tiny_sentiment_dir):
    from transformers import pipeline

    clf = pipeline("text-classification", model=str(tiny_sentiment_dir))
    for raw in (clf(TEXT), clf(TEXT, top_k=None), clf([TEXT], top_k=None), clf(TEXT)[0]):
        s = sentiment_from_text_classification(raw)
        assert s.label in {"NEGATIVE", "POSITIVE"}
        assert s.score == max(s.scores.values())
    full = sentiment_from_text_classification(clf(TEXT, top_k=None))
    assert set(full.scores) == {"NEGATIVE", "POSITIVE"}
    assert sum(full.scores.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "bad, message",
    [
        ([], "empty list"),
        ({"label": "POSITIVE"}, "needs 'label' and 'score'"),
        ({"label": "POSITIVE", "score": 0.5, "extra": 1}, r"unknown key\(s\) \['extra'\]"),
        ([{"label": "A", "score": 0.5}, {"label": "A", "score": 0.4}], "label 'A' appears twice"),
        ([[{"label": "A", "score": 0.5}], [{"label": "A", "score": 0.5}]], "results for 2 texts"),
        ({"label": "POSITIVE", "score": 1.2}, r"score: Input should be less than or equal to 1 \(got 1.2\)"),
        ({"label": "POSITIVE", "score": float("nan")}, r"score: Input should be a finite number \(got nan\)"),
        ({"label": "", "score": 0.5}, "label: must be a non-empty string"),
        ("POSITIVE", "expected text-classification output"),
    ],
)
def test_sentiment_bad_shapes_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        sentiment_from_text_classification(bad)


# ---------------------------------------------------------------- spaCy


class FakeSpan:
    def __init__(self, start_char, end_char, label_=""):
        self.start_char, self.end_char, self.label_ = start_char, end_char, label_


class FakeDoc:
    """Duck-typed like a spaCy Doc: the adapter must not need spaCy itself."""

    def __init__(self, text, ents, cats=None, sents=None):
        self.text, self.ents, self.cats, self._sents = text, ents, cats or {}, sents

    @property
    def sents(self):
        if self._sents is None:
            raise ValueError("[E030] Sentence boundaries unset.")
        return iter(self._sents)


def test_spacy_like_doc_with_cats_and_sents():
    doc = FakeDoc(
        TEXT,
        [FakeSpan(0, 12, "PERSON"), FakeSpan(19, 24, "GPE")],
        cats={"POSITIVE": 0.3, "NEGATIVE": 0.7},
        sents=[FakeSpan(0, len(TEXT))],
    )
    value = SentimentPanel().postprocess(doc)
    assert spans(value.entities) == [("Ada Lovelace", "PERSON"), ("Paris", "GPE")]
    assert value.sentiment.label == "NEGATIVE" and value.sentiment.scores == {"POSITIVE": 0.3, "NEGATIVE": 0.7}
    assert [(s.start, s.end) for s in value.sentences] == [(0, len(TEXT))]


def test_spacy_like_doc_without_sentence_boundaries():
    value = panel_from_spacy_doc(FakeDoc("Paris", [FakeSpan(0, 5, "GPE")]))
    assert value.sentences == [] and value.sentiment is None and len(value.entities) == 1


def test_real_spacy_doc():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Ada Lovelace loved Paris. She left in 1843.")
    doc.ents = [doc.char_span(0, 12, label="PERSON"), doc.char_span(19, 24, label="GPE")]
    doc.cats = {"POSITIVE": 0.9, "NEGATIVE": 0.1}
    value = SentimentPanel().postprocess(doc)
    assert spans(value.entities, doc.text) == [("Ada Lovelace", "PERSON"), ("Paris", "GPE")]
    assert [doc.text[s.start : s.end] for s in value.sentences] == ["Ada Lovelace loved Paris.", "She left in 1843."]
    assert value.sentiment.label == "POSITIVE"


# ---------------------------------------------------------------- plain values


def test_str_is_plain_text():
    assert to_panel_data("hello") == PanelData(text="hello")


def test_entity_objects_and_our_own_dicts_mix():
    value = to_panel_data(
        {"text": TEXT, "entities": [Entity(start=19, end=24, label="LOC"), {"start": 0, "end": 12, "label": "PER", "score": 0.5}]}
    )
    assert spans(value.entities) == [("Ada Lovelace", "PER"), ("Paris", "LOC")]


def test_entity_sentiment_may_be_raw_pipeline_output():
    value = to_panel_data(
        {"text": TEXT, "entities": [{"start": 19, "end": 24, "label": "LOC", "sentiment": [{"label": "POSITIVE", "score": 0.9}, {"label": "NEGATIVE", "score": 0.1}]}]}
    )
    assert value.entities[0].sentiment.scores == {"POSITIVE": 0.9, "NEGATIVE": 0.1}


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"entities": []}, "needs a 'text' key"),
        ({"text": "a", "spans": []}, r"unknown key\(s\) \['spans'\]"),
        ({"text": b"bytes"}, "text: expected a str"),
        ({"text": "abc", "entities": "PER"}, "entities: expected a list"),
        ({"text": "abc", "entities": [{"start": 2, "end": 1, "label": "X"}]}, r"entities\[0\]: start \(2\) is after end \(1\)"),
        ({"text": "abc", "entities": [{"start": 0, "end": 4, "label": "X"}]}, r"entities\[0\] ends at 4, past the end of the text \(length 3"),
        ({"text": "abc", "entities": [{"start": -1, "end": 1, "label": "X"}]}, r"start: Input should be greater than or equal to 0 \(got -1\)"),
        ({"text": "abc", "entities": [{"start": "0", "end": 1, "label": "X"}]}, r"start: Input should be a valid integer \(got '0'\)"),
        ({"text": "abc", "entities": [{"start": 0, "end": 1, "label": "X", "score": 2}]}, r"score: Input should be less than or equal to 1 \(got 2\)"),
        ({"text": "abc", "entities": [{"start": 0, "end": 1, "label": "  "}]}, "label: must be a non-empty string"),
        ({"text": "abc", "sentences": [{"start": 0, "end": 9}]}, r"sentences\[0\] ends at 9"),
        ({"text": "abc", "sentences": [{"start": 0}]}, r"sentences\[0\]: needs 'start' and 'end'"),
        ({"text": "a\ud800b"}, "lone surrogate"),
        ([{"text": "Paris"}], r"value\[0\]: expected a \(token, label\) pair, got dict"),
        ({"Paris"}, "cannot show set"),
        (42, "cannot show int"),
    ],
)
def test_bad_values_are_refused_and_named(bad, message):
    with pytest.raises(ValueError, match=message):
        SentimentPanel().postprocess(bad)


def test_nothing_is_dropped_from_a_large_value():
    text = "word " * 5000
    entities = [{"start": i * 5, "end": i * 5 + 4, "label": f"L{i % 7}", "score": 0.5} for i in range(5000)]
    value = to_panel_data({"text": text, "entities": entities})
    assert len(value.entities) == 5000
    assert all(re.fullmatch("word", text[e.start : e.end]) for e in value.entities)



def test_outside_tags_are_not_entities():
    text = "Ada met Bob"
    tokens = [
        {"entity": "B-PER", "score": 0.9, "index": 1, "word": "Ada", "start": 0, "end": 3},
        {"entity": "O", "score": 0.99, "index": 2, "word": "met", "start": 4, "end": 7},
        {"entity": "I-PER", "score": 0.8, "index": 3, "word": "Bob", "start": 8, "end": 11},
    ]
    got = [(e.start, e.end, e.label) for e in entities_from_token_classification(tokens, text)]
    # the outside token between them keeps "Ada" and "Bob" apart and is not an entity itself
    assert got == [(0, 3, "PER"), (8, 11, "PER")]
    groups = [
        {"entity_group": "PER", "score": 0.9, "word": "Ada", "start": 0, "end": 3},
        {"entity_group": "O", "score": 0.99, "word": "met", "start": 4, "end": 7},
    ]
    assert [e.label for e in entities_from_token_classification(groups, text)] == ["PER"]


@pytest.fixture(scope="module")
def gazetteer_ner_dir(tmp_path_factory):
    from tiny_models import build_ner

    return build_ner(tmp_path_factory.mktemp("gazetteer-ner"))  # its words are entities, the rest "O"


@pytest.mark.parametrize("strategy", ["none", "simple"])
def test_real_pipeline_with_ignore_labels_empty_gives_no_outside_entities(gazetteer_ner_dir, strategy):
    from transformers import pipeline

    text = "Angela Merkel met the press in Paris today"
    ner = pipeline("token-classification", model=str(gazetteer_ner_dir), aggregation_strategy=strategy, ignore_labels=[])
    raw = ner(text)
    key = "entity" if strategy == "none" else "entity_group"
    assert any(r[key] == "O" for r in raw), "with ignore_labels=[] the pipeline returns outside tokens"
    value = SentimentPanel().postprocess({"text": text, "entities": raw})
    assert [(text[e.start : e.end], e.label) for e in value.entities] == [("Angela Merkel", "PER"), ("Paris", "LOC")]


@pytest.mark.parametrize(
    ("tag", "split"),
    [("B-PER", ("B", "PER")), ("i_loc", ("I", "loc")), ("E-ORG", ("E", "ORG")), ("U-X", ("U", "X")),
     ("PER", ("", "PER")), ("O", ("", "O")), ("B-", ("", "B-")), ("BANK", ("", "BANK"))],
)
def test_one_rule_splits_iob_and_bioes_tags(tag, split):
    assert split_tag(tag) == split


@pytest.mark.parametrize("scores", [5, "ab", 0, [], "", [("P", 0.5)]])
def test_sentiment_scores_that_are_no_mapping_are_named_not_replaced(scores):
    from gradio_sentimentpanel import SentimentPanel

    with pytest.raises(ValueError, match=r"sentiment\.scores: expected a mapping of label -> probability, got "):
        SentimentPanel().postprocess({"text": "ab", "sentiment": {"label": "P", "score": 0.5, "scores": scores}})


@pytest.mark.parametrize("scores", [None, {}])
def test_sentiment_without_a_distribution_gets_its_own_label(scores):
    from gradio_sentimentpanel import SentimentPanel

    out = SentimentPanel().postprocess({"text": "ab", "sentiment": {"label": "P", "score": 0.5, "scores": scores}})
    assert out.sentiment.scores == {"P": 0.5}


def test_a_distribution_label_that_is_no_string_is_named():
    from gradio_sentimentpanel import SentimentPanel

    with pytest.raises(ValueError, match=r"sentiment\[1\]\.label: expected a str, got list \['P'\]"):
        SentimentPanel().postprocess({"text": "ab", "sentiment": [{"label": "N", "score": 0.5}, {"label": ["P"], "score": 0.5}]})


@pytest.mark.parametrize("index", [float("inf"), "x", float("nan"), 2.5, True, -1])
def test_a_token_index_that_is_no_position_is_named(index):
    from gradio_sentimentpanel import SentimentPanel

    tokens = [{"entity": "B-LOC", "start": 6, "end": 11, "index": index}, {"entity": "I-LOC", "start": 0, "end": 5, "index": 1}]
    with pytest.raises(ValueError, match=r"entities\[0\]\.index: expected the token's position"):
        SentimentPanel().postprocess({"text": "Hello Paris", "entities": tokens})


@pytest.mark.parametrize(
    ("piece", "message"),
    [
        ({"start": 5, "end": 3}, r"entities\[1\]: start \(5\) is after end \(3\)"),
        ({"start": -1, "end": 3}, r"entities\[1\]\.start: .*greater than or equal to 0"),
        ({"start": False, "end": 3}, r"entities\[1\]\.start: .*valid integer \(got False\)"),
        ({"start": 5, "end": 11, "score": -0.5}, r"entities\[1\]\.score: .*greater than or equal to 0 \(got -0.5\)"),
        ({"start": 5, "end": 11, "score": float("nan")}, r"entities\[1\]\.score: .*finite number \(got nan\)"),
    ],
)
def test_each_joined_token_is_checked_not_only_the_merged_entity(piece, message):
    from gradio_sentimentpanel import SentimentPanel

    tokens = [{"entity": "B-LOC", "start": 0, "end": 5, "index": 1, "score": 0.9}, {"entity": "I-LOC", "index": 2, **piece}]
    with pytest.raises(ValueError, match=message):
        SentimentPanel().postprocess({"text": "Hello Paris", "entities": tokens})


def test_a_continuation_piece_elsewhere_in_the_text_is_kept_as_its_own_entity():
    from gradio_sentimentpanel import SentimentPanel

    tokens = [
        {"entity": "B-LOC", "start": 6, "end": 11, "index": 1},
        {"entity": "B-PER", "start": 0, "end": 5, "word": "##Hello", "index": 2},
    ]
    out = SentimentPanel().postprocess({"text": "Hello Paris", "entities": tokens})
    assert [(e.start, e.end, e.label) for e in out.entities] == [(0, 5, "PER"), (6, 11, "LOC")]
