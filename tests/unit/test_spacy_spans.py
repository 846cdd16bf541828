"""spaCy span groups and entity linking (kb_id, kb_url): from a Doc, and through displaCy's
entity and span dicts, nothing is dropped and a bad item is named where it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradio_sentimentpanel import Entity, PanelData, SentimentPanel
from gradio_sentimentpanel.adapters import from_spacy, panel_from_spacy_doc
from gradio_sentimentpanel.export import from_displacy, from_json, to_displacy, to_json

spacy = pytest.importorskip("spacy")
from spacy import displacy  # noqa: E402
from spacy.tokens import Span  # noqa: E402

NLP = spacy.blank("en")


def triples(value: PanelData) -> list[tuple[str, str, str | None]]:
    return [(value.text[e.start : e.end], e.label, e.kb_id) for e in value.entities]


def bank_of_china():
    doc = NLP("Welcome to the Bank of China")
    doc.spans["sc"] = [Span(doc, 3, 6, "ORG"), Span(doc, 5, 6, "GPE")]
    return doc


# --------------------------------------------------------------------- spaCy Doc


def test_a_span_group_gives_overlapping_entities_as_displacy_draws_them():
    value = SentimentPanel().postprocess(bank_of_china())
    assert triples(value) == [("Bank of China", "ORG", None), ("China", "GPE", None)]


def test_kb_id_of_ents_and_of_spans_becomes_kb_id_and_an_empty_one_none():
    doc = NLP("Ada Lovelace met Charles Babbage")
    doc.ents = [Span(doc, 0, 2, "PERSON", kb_id="Q7259"), Span(doc, 3, 5, "PERSON")]
    doc.spans["people"] = [Span(doc, 3, 5, "PERSON", kb_id="Q46633"), Span(doc, 1, 2, "NAME")]
    value = panel_from_spacy_doc(doc)
    assert triples(value) == [
        ("Ada Lovelace", "PERSON", "Q7259"),
        ("Lovelace", "NAME", None),
        # in doc.ents without a kb_id and in the group with one: one entity, linked
        ("Charles Babbage", "PERSON", "Q46633"),
    ]


def test_ents_and_every_group_are_kept_and_a_duplicate_once():
    doc = NLP("Welcome to the Bank of China")
    doc.ents = [Span(doc, 3, 6, "ORG")]
    doc.spans["sc"] = [Span(doc, 3, 6, "ORG"), Span(doc, 5, 6, "GPE")]
    doc.spans["ruler"] = [Span(doc, 5, 6, "GPE"), Span(doc, 5, 6, "LOC"), Span(doc, 5, 6, "GPE", kb_id="Q148")]
    value = panel_from_spacy_doc(doc)
    # GPE "China" twice without a link, then once linked: the unlinked ones take the link
    assert triples(value) == [("Bank of China", "ORG", None), ("China", "GPE", "Q148"), ("China", "LOC", None)]


def test_mentions_linked_to_different_kb_ids_are_all_kept():
    doc = NLP("Paris is lovely")
    doc.ents = [Span(doc, 0, 1, "GPE", kb_id="Q90")]
    doc.spans["sc"] = [Span(doc, 0, 1, "GPE", kb_id="Q167646")]
    assert triples(panel_from_spacy_doc(doc)) == [("Paris", "GPE", "Q90"), ("Paris", "GPE", "Q167646")]


def test_spans_key_reads_one_group_and_an_unknown_key_names_the_groups():
    doc = bank_of_china()
    doc.spans["other"] = [Span(doc, 0, 1, "MISC")]
    assert [e.label for e in panel_from_spacy_doc(doc).entities] == ["MISC", "ORG", "GPE"]
    assert [e.label for e in panel_from_spacy_doc(doc, spans_key="sc").entities] == ["ORG", "GPE"]
    assert [e.label for e in from_spacy(doc, spans_key="other").entities] == ["MISC"]
    assert from_spacy(doc) == panel_from_spacy_doc(doc)
    with pytest.raises(ValueError, match=r"spans_key='nope'.*no such span group.*\['sc', 'other'\]"):
        from_spacy(doc, spans_key="nope")
    with pytest.raises(ValueError, match="spans_key: expected the name of a span group"):
        from_spacy(doc, spans_key=1)


def test_from_spacy_refuses_what_is_not_a_doc():
    with pytest.raises(ValueError, match=r"expected a spaCy Doc, got English .*a Language: pass nlp\(text\)"):
        from_spacy(NLP)
    with pytest.raises(ValueError, match="expected a spaCy Doc, got str"):
        from_spacy("Paris")


def test_an_empty_group_and_a_doc_without_groups_give_the_ents():
    doc = NLP("Paris")
    doc.ents = [Span(doc, 0, 1, "GPE")]
    doc.spans["sc"] = []
    assert triples(panel_from_spacy_doc(doc)) == [("Paris", "GPE", None)]


class FakeSpan:
    def __init__(self, start_char, end_char, label_="", kb_id_=""):
        self.start_char, self.end_char, self.label_, self.kb_id_ = start_char, end_char, label_, kb_id_


class FakeDoc:
    """Duck-typed like a spaCy Doc, to hold what spaCy itself would refuse."""

    def __init__(self, text, ents=(), spans=None, cats=None):
        self.text, self.ents, self.cats = text, list(ents), cats
        if spans is not None:
            self.spans = spans


def test_a_bad_span_is_named_where_it_is():
    good = FakeSpan(0, 4, "ORG")
    with pytest.raises(ValueError, match=r"spaCy doc.spans\['sc'\]\[1\]: expected a Span with start_char"):
        panel_from_spacy_doc(FakeDoc("Bank", spans={"sc": [good, object()]}))
    with pytest.raises(ValueError, match=r"spaCy doc.spans\['sc'\]\[1\]: ends at 9, past the end of the text"):
        panel_from_spacy_doc(FakeDoc("Bank", spans={"sc": [good, FakeSpan(0, 9, "ORG")]}))
    with pytest.raises(ValueError, match=r"spaCy doc.spans\['sc'\]\[1\]\.start"):
        panel_from_spacy_doc(FakeDoc("Bank", spans={"sc": [good, FakeSpan(-1, 2, "ORG")]}))
    with pytest.raises(ValueError, match=r"spaCy doc.spans\['sc'\]\[0\].kb_id_: expected a str, got int 5"):
        panel_from_spacy_doc(FakeDoc("Bank", spans={"sc": [FakeSpan(0, 4, "ORG", 5)]}))
    with pytest.raises(ValueError, match=r"spaCy doc.ents\[0\]\.label"):
        panel_from_spacy_doc(FakeDoc("Bank", ents=[FakeSpan(0, 4, " ")]))
    with pytest.raises(ValueError, match=r"spaCy doc.spans: expected a mapping"):
        panel_from_spacy_doc(FakeDoc("Bank", spans=[good]))
    with pytest.raises(ValueError, match=r"spaCy doc.spans\['sc'\]: expected a sequence of Spans, got int 3"):
        panel_from_spacy_doc(FakeDoc("Bank", spans={"sc": 3}))


def test_an_unlabelled_span_group_says_how_to_pick_another():
    doc = NLP("Welcome to the Bank of China")
    doc.spans["candidates"] = [doc[3:6]]
    with pytest.raises(ValueError, match=r"doc.spans\['candidates'\]\[0\]: a span without a label.*spans_key"):
        panel_from_spacy_doc(doc)


@pytest.mark.parametrize("cats", [[("POSITIVE", 0.9)], 5, "POSITIVE"])
def test_cats_that_are_not_a_mapping_are_named(cats):
    doc = NLP("Nice")
    doc.cats = cats
    with pytest.raises(ValueError, match="spaCy doc.cats: expected a mapping of label -> score"):
        panel_from_spacy_doc(doc)


@pytest.mark.parametrize("score", ["high", None, True, [0.9]])
def test_a_cats_score_that_is_not_a_number_names_its_label(score):
    doc = NLP("Nice")
    doc.cats = {"NEGATIVE": 0.1, "POSITIVE": score}
    with pytest.raises(ValueError, match=r"spaCy doc.cats\['POSITIVE'\]: expected a number"):
        panel_from_spacy_doc(doc)


def test_cats_out_of_range_and_numpy_scores():
    np = pytest.importorskip("numpy")
    doc = NLP("Nice")
    doc.cats = {"POSITIVE": np.float32(0.75), "NEGATIVE": np.float64(0.25)}
    assert panel_from_spacy_doc(doc).sentiment.scores == {"POSITIVE": 0.75, "NEGATIVE": 0.25}
    doc.cats = {"POSITIVE": 1.5}
    with pytest.raises(ValueError, match=r"(?s)spaCy doc.cats: .*POSITIVE.*less than or equal to 1"):
        panel_from_spacy_doc(doc)
    doc.cats = {}
    assert panel_from_spacy_doc(doc).sentiment is None


# ----------------------------------------------------------------------- displaCy

LINKED = PanelData(
    text="Welcome to the Bank of China's  new  office.",
    entities=[
        Entity(start=15, end=28, label="ORG", kb_id="Q1088", kb_url="https://www.wikidata.org/entity/Q1088"),
        Entity(start=23, end=28, label="GPE", kb_id="Q148"),
        Entity(start=31, end=35, label="MISC", kb_url="https://example.org/new"),  # starts in white space
        Entity(start=37, end=37, label="EMPTY"),  # covers nothing
    ],
)


def test_ent_style_is_as_before_and_writes_the_links_an_entity_has():
    assert to_displacy(LINKED) == to_displacy(LINKED, style="ent")
    assert to_displacy(LINKED, title="t")["ents"] == [
        {"start": 15, "end": 28, "label": "ORG", "kb_id": "Q1088", "kb_url": "https://www.wikidata.org/entity/Q1088"},
        {"start": 23, "end": 28, "label": "GPE", "kb_id": "Q148"},
        {"start": 31, "end": 35, "label": "MISC", "kb_url": "https://example.org/new"},
        {"start": 37, "end": 37, "label": "EMPTY"},
    ]


def test_span_style_has_tokens_and_the_tokens_of_each_entity():
    d = to_displacy(LINKED, title="t", style="span")
    assert d["text"] == LINKED.text and d["title"] == "t"
    assert d["tokens"] == ["Welcome", "to", "the", "Bank", "of", "China", "'s", "new", "office."]
    assert [(s["start_token"], s["end_token"], s["label"]) for s in d["spans"]] == [
        (3, 6, "ORG"),
        (5, 6, "GPE"),
        (7, 8, "MISC"),
        (8, 8, "EMPTY"),
    ]
    assert d["spans"][0]["kb_id"] == "Q1088" and d["spans"][0]["kb_url"].startswith("https://")
    assert "kb_id" not in d["spans"][2] and d["spans"][2]["kb_url"] == "https://example.org/new"


@pytest.mark.parametrize("style", ["ent", "span"])
def test_both_styles_come_back_whole_and_render_with_their_links(style):
    d = to_displacy(LINKED, style=style)
    assert from_displacy(d) == LINKED
    html = displacy.render(d, style=style, manual=True, jupyter=False)
    assert 'href="https://www.wikidata.org/entity/Q1088"' in html


def test_to_json_keeps_the_links():
    assert from_json(to_json(LINKED)) == LINKED


def test_what_displacy_writes_itself_is_read_with_its_placeholders_as_none():
    doc = NLP("Welcome to the Bank of China")
    doc.spans["sc"] = [Span(doc, 3, 6, "ORG"), Span(doc, 5, 6, "GPE", kb_id="Q148")]
    doc.ents = [Span(doc, 5, 6, "GPE", kb_id="Q148")]
    spans = from_displacy(displacy.parse_spans(doc, {"kb_url_template": "https://www.wikidata.org/wiki/{}"}))
    ents = from_displacy(displacy.parse_ents(doc))  # kb_url "#" without a template
    assert [(e.label, e.kb_id, e.kb_url) for e in spans.entities] == [
        ("ORG", None, "https://www.wikidata.org/wiki/"),
        ("GPE", "Q148", "https://www.wikidata.org/wiki/Q148"),
    ]
    assert [(e.start, e.end, e.label, e.kb_id, e.kb_url) for e in ents.entities] == [(23, 28, "GPE", "Q148", None)]


def test_the_documented_span_example_needs_only_token_offsets():
    value = from_displacy(
        {
            "text": "Welcome to the Bank of China.",
            "spans": [
                {"start_token": 3, "end_token": 6, "label": "ORG"},
                {"start_token": 5, "end_token": 6, "label": "GPE"},
            ],
            "tokens": ["Welcome", "to", "the", "Bank", "of", "China", "."],
        }
    )
    assert triples(value) == [("Bank of China", "ORG", None), ("China", "GPE", None)]


def test_a_record_with_ents_and_spans_gives_both_and_a_duplicate_once():
    record = {
        "text": "Bank of China",
        "ents": [{"start": 0, "end": 13, "label": "ORG"}, {"start": 8, "end": 13, "label": "GPE", "kb_id": "Q148"}],
        "spans": [{"start_token": 2, "end_token": 3, "label": "GPE"}, {"start_token": 2, "end_token": 3, "label": "LOC"}],
        "tokens": ["Bank", "of", "China"],
    }
    assert triples(from_displacy(record)) == [("Bank of China", "ORG", None), ("China", "GPE", "Q148"), ("China", "LOC", None)]


TOKENS = {"text": "Bank of China", "tokens": ["Bank", "of", "China"]}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": "Bank"}, r"needs 'ents' \(style=\"ent\"\) or 'spans' and 'tokens'"),
        ({"text": 3, "ents": []}, "text: expected a string"),
        ({"text": "Bank", "spans": {}}, "spans: expected a list"),
        ({"text": "Bank", "ents": [{"start": 0, "end": 4}]}, r"ents\[0\]: every displaCy ent needs 'start', 'end' and 'label'"),
        ({"text": "Bank", "ents": [{"start": "0", "end": 4, "label": "ORG"}]}, r"ents\[0\]\.start: expected a whole number"),
        ({"text": "Bank", "ents": [{"start": 0, "end": 9, "label": "ORG"}]}, r"ents\[0\]\.end: 9 is past the end of the text"),
        ({"text": "Bank", "ents": [{"start": 3, "end": 1, "label": "ORG"}]}, r"ents\[0\]: start \(3\) is after end \(1\)"),
        ({"text": "Bank", "ents": [{"start": 0, "end": 4, "label": ""}]}, r"ents\[0\]\.label: must be a non-empty string"),
        ({"text": "Bank", "ents": [{"start": 0, "end": 4, "label": "ORG", "kb_id": 7}]}, r"ents\[0\]\.kb_id: expected a string"),
        ({"text": "Bank", "ents": [{"start": 0, "end": 4, "label": "ORG", "kb_url": ["x"]}]}, r"ents\[0\]\.kb_url: expected a string"),
        (
            {**TOKENS, "spans": [{"start_token": 0, "end_token": 1, "label": "A"}] * 2 + [{"start": True, "end": 4, "label": "B"}]},
            r"spans\[2\]\.start: expected a whole number >= 0, got bool True",
        ),
        ({**TOKENS, "spans": [{"start_token": 0, "label": "A"}]}, r"spans\[0\]: a displaCy span needs 'label' and 'start_token'/'end_token'"),
        ({**TOKENS, "spans": [{"start": 0, "end": 4, "start_token": 0, "label": "A"}]}, r"spans\[0\]\.end_token: missing"),
        ({**TOKENS, "spans": [{"start_token": 2, "end_token": 4, "label": "A"}]}, r"spans\[0\]\.end_token: 4 is past the last token \(there are 3\)"),
        ({**TOKENS, "spans": [{"start_token": 2, "end_token": 1, "label": "A"}]}, r"spans\[0\]: start_token \(2\) is after end_token \(1\)"),
        ({"text": "Bank", "spans": [{"start_token": 0, "end_token": 1, "label": "A"}]}, r"spans\[0\]: start_token and end_token need the record's 'tokens'"),
        ({"text": "Bank of China", "tokens": ["Bank", "China"], "spans": [{"start_token": 0, "end_token": 1, "label": "A"}]}, r"tokens\[1\]: 'China' is not the next word"),
        ({"text": "Bank", "tokens": "Bank", "spans": [{"start_token": 0, "end_token": 1, "label": "A"}]}, "tokens: expected a list of strings"),
        ({"text": "Bank", "tokens": [4], "spans": [{"start_token": 0, "end_token": 1, "label": "A"}]}, r"tokens\[0\]: expected a string"),
        (
            {**TOKENS, "spans": [{"start": 0, "end": 4, "start_token": 1, "end_token": 3, "label": "A"}]},
            r"spans\[0\]: start_token/end_token \(1, 3\) are not the tokens of start/end \(0, 4\), which are \(0, 1\)",
        ),
        ("Bank", "expected a displaCy dict"),
    ],
)
def test_a_bad_record_is_named_where_it_is(record, message):
    with pytest.raises(ValueError, match=message):
        from_displacy(record)


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="style: expected 'ent' or 'span'"):
        to_displacy(LINKED, style="dep")


WORDS = ["Ada", "Paris", "東京", "😀", "mañana", "don't", "U.S.", "x"]


@st.composite
def linked_docs(draw):
    text = "".join(draw(st.lists(st.sampled_from([*WORDS, " ", "  ", "\n", ", "]), min_size=1, max_size=12)))
    entities = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kb_id = draw(st.one_of(st.none(), st.sampled_from(["Q1", "Q2"])))
        kb_url = draw(st.one_of(st.none(), st.sampled_from(["https://example.org/Q1", "javascript:alert(1)"])))
        entities.append(Entity(start=start, end=end, label=draw(st.sampled_from(["PER", "LOC"])), kb_id=kb_id, kb_url=kb_url))
    return PanelData(text=text, entities=entities)


@settings(max_examples=200, deadline=None)
@given(linked_docs(), st.sampled_from(["ent", "span"]))
def test_any_entities_come_back_from_either_style(doc, style):
    once = PanelData(text=doc.text, entities=[e.model_dump() for e in doc.entities])
    keys = {(e.start, e.end, e.label, e.kb_id, e.kb_url) for e in once.entities}
    back = from_displacy(to_displacy(doc, style=style))
    # an entity listed twice comes back once (and one without a link merges into a linked twin)
    assert {(e.start, e.end, e.label) for e in back.entities} == {k[:3] for k in keys}
    assert {(e.start, e.end, e.label, e.kb_id, e.kb_url) for e in back.entities} <= keys
    if len(keys) == len(doc.entities) and all(e.kb_id or e.kb_url for e in doc.entities):
        assert back == doc
