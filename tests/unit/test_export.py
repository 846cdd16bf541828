"""export.py: formats for other tools, and lossless round trips where claimed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradio_sentimentpanel import Entity, PanelData, Sentiment
from gradio_sentimentpanel.export import (
    from_displacy,
    from_iob,
    from_json,
    from_jsonl,
    to_displacy,
    to_iob,
    to_json,
    to_jsonl,
)

TEXT = "Ada Lovelace loved Paris. She met 東京's mayor 😀!"
DOC = PanelData(
    text=TEXT,
    entities=[
        Entity(start=0, end=12, label="PER", score=0.99, sentiment=Sentiment(label="POSITIVE", score=0.9)),
        Entity(start=19, end=24, label="LOC", score=None),
        Entity(start=34, end=36, label="LOC", score=0.5),
    ],
    sentiment=Sentiment(label="POSITIVE", score=0.8, scores={"POSITIVE": 0.8, "NEGATIVE": 0.2}),
    sentences=[{"start": 0, "end": 25}, {"start": 26, "end": len(TEXT)}],
)


def test_json_round_trip_keeps_everything():
    assert from_json(to_json(DOC)) == DOC
    assert "東京" in to_json(DOC)  # non-ASCII kept readable


def test_jsonl_record_shape():
    (line,) = to_jsonl(DOC).splitlines()
    record = json.loads(line)
    assert record == {
        "text": TEXT,
        "spans": [
            {"start": 0, "end": 12, "label": "PER", "score": 0.99},
            {"start": 19, "end": 24, "label": "LOC"},
            {"start": 34, "end": 36, "label": "LOC", "score": 0.5},
        ],
        "cats": {"POSITIVE": 0.8, "NEGATIVE": 0.2},
    }


def test_jsonl_many_documents_and_round_trip():
    other = PanelData(text="plain")
    back = from_jsonl(to_jsonl([DOC, other]))
    assert [d.text for d in back] == [TEXT, "plain"]
    assert [(e.start, e.end, e.label, e.score) for e in back[0].entities] == [
        (e.start, e.end, e.label, e.score) for e in DOC.entities
    ]
    assert back[0].sentiment == DOC.sentiment
    assert back[1] == other


def test_jsonl_errors_name_the_line():
    with pytest.raises(ValueError, match="line 2: not valid JSON"):
        from_jsonl('{"text": "a", "spans": []}\n{oops\n')
    with pytest.raises(ValueError, match=r"line 1: spans\[0\] needs 'start', 'end' and 'label'"):
        from_jsonl('{"text": "abc", "spans": [{"start": 0}]}')
    with pytest.raises(ValueError, match=r"record on line 1: .*ends at 9"):
        from_jsonl('{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "X"}]}')


def test_iob_lines():
    assert to_iob(DOC).splitlines() == [
        "Ada\tB-PER", "Lovelace\tI-PER", "loved\tO", "Paris\tB-LOC", ".\tO", "",
        "She\tO", "met\tO", "東京\tB-LOC", "'\tO", "s\tO", "mayor\tO", "😀\tO", "!\tO", "",
    ]


def test_iob_round_trip_with_text_restores_offsets():
    back = from_iob(to_iob(DOC), text=TEXT)
    assert [(e.start, e.end, e.label) for e in back.entities] == [(e.start, e.end, e.label) for e in DOC.entities]


def test_iob_without_text_rebuilds_a_spaced_text():
    back = from_iob("Ada\tB-PER\nLovelace\tI-PER\nsang\tO\n\nParis\tB-LOC\n")
    assert back.text == "Ada Lovelace sang\nParis"
    assert [(back.entity_text(e), e.label) for e in back.entities] == [("Ada Lovelace", "PER"), ("Paris", "LOC")]


def test_iob_adjacent_same_label_entities_stay_apart():
    doc = PanelData(text="Paris London", entities=[Entity(start=0, end=5, label="LOC"), Entity(start=6, end=12, label="LOC")])
    assert to_iob(doc) == "Paris\tB-LOC\nLondon\tB-LOC\n\n"
    assert from_iob(to_iob(doc), doc.text).entities == doc.entities


def test_iob_entity_inside_a_word_cuts_the_token():
    doc = PanelData(text="Lovelace", entities=[Entity(start=0, end=4, label="X")])
    assert to_iob(doc) == "Love\tB-X\nlace\tO\n\n"


@pytest.mark.parametrize(
    "entities, message",
    [
        ([Entity(start=0, end=12, label="PER"), Entity(start=4, end=12, label="PER")], r"overlapping entities: entities\[0\] \(PER, 'Ada Lovelace', 0:12\) overlaps entities\[1\]"),
        ([Entity(start=0, end=4, label="PER")], r"starts or ends with white space"),
        ([Entity(start=3, end=4, label="PER")], "covers no word"),
        ([Entity(start=0, end=3, label="MY LABEL")], "label 'MY LABEL' holds white space"),
    ],
)
def test_iob_refuses_what_it_cannot_hold(entities, message):
    with pytest.raises(ValueError, match=message):
        to_iob(PanelData(text="Ada Lovelace", entities=entities))


def test_iob_bad_lines():
    with pytest.raises(ValueError, match="line 2: tag 'X-PER' is not O"):
        from_iob("Ada\tB-PER\nLove\tX-PER\n")
    with pytest.raises(ValueError, match="token 'Bob' is not the next word"):
        from_iob("Bob\tB-PER\n", text="Ada")


def test_displacy_dict():
    d = to_displacy(DOC, title="t")
    assert d == {"text": TEXT, "ents": [{"start": 0, "end": 12, "label": "PER"}, {"start": 19, "end": 24, "label": "LOC"}, {"start": 34, "end": 36, "label": "LOC"}], "title": "t"}
    assert [(e.start, e.end, e.label) for e in from_displacy(d).entities] == [(e.start, e.end, e.label) for e in DOC.entities]
    with pytest.raises(ValueError, match="needs 'start', 'end' and 'label'"):
        from_displacy({"text": "a", "ents": [{"start": 0}]})


# ----------------------------------------------------------------------- properties

WORDS = ["Ada", "Paris", "東京", "😀", "é", "mañana", "مرحبا", "U.S.", "3.5", "don't", "—", "x"]


@st.composite
def iob_docs(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\n", " \t"]), min_size=len(words), max_size=len(words)))
    text, starts = "", []
    for w, sep in zip(words, seps):
        starts.append((len(text), len(text) + len(w)))
        text += w + sep
    # entities: disjoint runs of whole words
    entities, i = [], 0
    while i < len(words):
        if draw(st.booleans()):
            j = draw(st.integers(i, min(i + 3, len(words) - 1)))
            entities.append(Entity(start=starts[i][0], end=starts[j][1], label=draw(st.sampled_from(["PER", "LOC", "ORG"]))))
            i = j + 2  # leave a word between entities so spans are disjoint
        else:
            i += 1
    return PanelData(text=text, entities=entities)


@settings(max_examples=200, deadline=None)
@given(iob_docs())
def test_iob_round_trip_is_lossless_for_offsets_and_labels(doc):
    back = from_iob(to_iob(doc), text=doc.text)
    assert [(e.start, e.end, e.label) for e in back.entities] == [(e.start, e.end, e.label) for e in doc.entities]


scores = st.one_of(st.none(), st.floats(0, 1))


@st.composite
def jsonl_docs(draw):
    text = draw(st.text(st.characters(exclude_categories=["Cs"]), max_size=30))
    n = len(text)
    ents = []
    for _ in range(draw(st.integers(0, 6))):
        a, b = sorted((draw(st.integers(0, n)), draw(st.integers(0, n))))
        ents.append(Entity(start=a, end=b, label=draw(st.sampled_from(["A", "B", "ä"])), score=draw(scores)))
    sentiment = None
    if draw(st.booleans()):
        p = draw(st.floats(0.5, 1))
        sentiment = Sentiment(label="POS", score=p, scores={"POS": p, "NEG": 1 - p})
    return PanelData(text=text, entities=ents, sentiment=sentiment)


@settings(max_examples=200, deadline=None)
@given(st.lists(jsonl_docs(), max_size=4))
def test_jsonl_round_trip_is_lossless_for_what_it_claims(docs):
    back = from_jsonl(to_jsonl(docs))
    assert [d.text for d in back] == [d.text for d in docs]
    for a, b in zip(docs, back):
        assert [(e.start, e.end, e.label, e.score) for e in b.entities] == [(e.start, e.end, e.label, e.score) for e in a.entities]
        assert b.sentiment == a.sentiment
