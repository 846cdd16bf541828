"""export.py readers and writers: bad input gets a ValueError or TypeError naming where, valid
input the exact result, and each README statement about what a format keeps holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradio_sentimentpanel import Entity, PanelData, Sentence, Sentiment
from gradio_sentimentpanel.export import from_iob, from_json, from_jsonl, to_iob, to_json, to_jsonl

README = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
HAS_KB = "kb_id" in Entity.model_fields

FULL = PanelData(
    text="Ada Lovelace met Bob. Then they left.",
    entities=[
        Entity(start=0, end=12, label="PER", score=0.5, sentiment=Sentiment(label="POS", score=0.75)),
        Entity(start=17, end=20, label="PER"),
    ],
    sentiment=Sentiment(label="NEG", score=0.5, scores={"POS": 0.5, "NEG": 0.5, "NEU": 0.0}),
    sentences=[
        {"start": 0, "end": 21, "sentiment": {"label": "POS", "score": 1.0}},
        {"start": 22, "end": 37},
    ],
    attributions=[{"start": 4, "end": 12, "weight": -0.25}],
)


def bare(doc: PanelData) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label) for e in doc.entities]


# ---------------------------------------------------------------------------------- README


def test_readme_states_what_each_format_keeps():
    # the statements the tests below hold the code to
    assert "| `from_json(text)` | everything, exactly |" in README
    for phrase in [
        "comes back with `scores={label: score}`",
        '`to_jsonl` then also writes `"sentiment_label"`',
        "entity sentiment, `kb_id` and `kb_url`, sentences and attributions",
        'from_jsonl(text, extra="ignore")',
        "escapes U+0085, U+2028 and U+2029",
        "an entity that runs across the end of a sentence",
        "`from_iob` returns no sentences",
        "(IOB1 and IOB2 read the same)",
    ]:
        assert phrase in README, phrase


# ------------------------------------------------------------------------------------ JSON


def test_json_keeps_everything_in_order():
    text = to_json(FULL)
    back = from_json(text)
    assert back == FULL and to_json(back) == text
    assert list(back.sentiment.scores) == ["POS", "NEG", "NEU"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_json_bytes_and_a_byte_order_mark(encoding):
    assert from_json(to_json(FULL).encode(encoding)) == FULL
    assert from_json("\ufeff" + to_json(FULL)) == FULL
    assert from_json(bytearray(to_json(FULL).encode())) == FULL


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"text": "a",\n "entities": [}', r"not valid JSON: Expecting value at line 2 column 15"),
        ("[" * 100_000, "nested too deeply"),
        ('{"text": ' + "[" * 100_000, "nested too deeply"),
        ("[1]", "must be an object with 'text', got an array"),
        ("null", "got null"),
        ('{"text": "a", "colour": 1}', "unknown key 'colour'"),
        ('{"text": "a", "entities": [{"start": 0, "end": 1, "label": "X", "colour": 1}]}', r"entities\[0\]: unknown key 'colour'"),
        ('{"text": "ab", "entities": [{"start": 0, "end": 1, "label": "X"}, {"start": 0, "end": 1.5, "label": "X"}]}', r"entities\[1\]\.end"),
        ('{"text": "a", "sentiment": {"label": "P", "score": NaN}}', r"sentiment\.score"),
        ("1" * 5000, "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b'{"text": "\xff"}', "not valid JSON: the bytes are not utf-8"),
    ],
)
def test_json_errors(text, message):
    with pytest.raises(ValueError, match=message):
        from_json(text)


@pytest.mark.parametrize("value", [None, 5, {"text": "a"}, ["{}"]])
def test_json_of_what_is_not_text(value):
    with pytest.raises(TypeError, match=r"from_json: text must be a str \(or bytes\)"):
        from_json(value)


# ----------------------------------------------------------------------------------- JSONL


def test_jsonl_keeps_text_spans_and_the_document_sentiment_in_order():
    (line,) = to_jsonl(FULL).splitlines()
    assert json.loads(line) == {
        "text": FULL.text,
        "spans": [{"start": 0, "end": 12, "label": "PER", "score": 0.5}, {"start": 17, "end": 20, "label": "PER"}],
        "cats": {"POS": 0.5, "NEG": 0.5, "NEU": 0.0},
        "sentiment_label": "NEG",
    }
    (back,) = from_jsonl(to_jsonl(FULL))
    assert back.text == FULL.text
    assert [(e.start, e.end, e.label, e.score) for e in back.entities] == [(0, 12, "PER", 0.5), (17, 20, "PER", None)]
    assert back.sentiment == FULL.sentiment and list(back.sentiment.scores) == ["POS", "NEG", "NEU"]


def test_jsonl_leaves_out_entity_sentiment_links_sentences_and_attributions():
    (back,) = from_jsonl(to_jsonl(FULL))
    assert [e.sentiment for e in back.entities] == [None, None]
    assert back.sentences == [] and back.attributions == []
    if HAS_KB:
        linked = PanelData(text="Ada", entities=[{"start": 0, "end": 3, "label": "PER", "kb_id": "Q7259", "kb_url": "https://x/Q7259"}])
        (back,) = from_jsonl(to_jsonl(linked))
        assert (back.entities[0].kb_id, back.entities[0].kb_url) == (None, None)


def test_jsonl_a_sentiment_without_scores_comes_back_with_its_label_as_scores():
    doc = PanelData(text="a", sentiment=Sentiment(label="POS", score=0.9))
    assert json.loads(to_jsonl(doc))["cats"] == {"POS": 0.9}
    (back,) = from_jsonl(to_jsonl(doc))
    assert back.sentiment == Sentiment(label="POS", score=0.9, scores={"POS": 0.9})


def test_jsonl_no_sentiment_no_cats():
    assert json.loads(to_jsonl(PanelData(text="a"))) == {"text": "a", "spans": []}
    assert from_jsonl('{"text": "a", "cats": {}}') == [PanelData(text="a")]
    assert from_jsonl('{"text": "a", "cats": null}') == [PanelData(text="a")]


@pytest.mark.parametrize("label", ["POS", "NEG", "NEU"])
def test_jsonl_a_tie_keeps_its_label(label):
    scores = {"POS": 0.4, "NEG": 0.4, "NEU": 0.4}
    doc = PanelData(text="a", sentiment=Sentiment(label=label, score=0.4, scores=scores))
    record = json.loads(to_jsonl(doc))
    # spaCy reads cats as its first top label: the extra key is there only when that is not it
    assert ("sentiment_label" in record) == (label != "POS")
    (back,) = from_jsonl(to_jsonl(doc))
    assert back.sentiment.label == label and back == doc


def test_jsonl_without_sentiment_label_the_first_top_label_is_read():
    (back,) = from_jsonl('{"text": "a", "cats": {"N": 0.25, "P": 0.5, "Q": 0.5}}')
    assert back.sentiment == Sentiment(label="P", score=0.5, scores={"N": 0.25, "P": 0.5, "Q": 0.5})
    (back,) = from_jsonl('{"text": "a", "cats": {"N": 0, "P": 1}}')  # JSON integers are numbers too
    assert back.sentiment == Sentiment(label="P", score=1.0, scores={"N": 0.0, "P": 1.0})


def test_jsonl_reads_bytes_blank_lines_crlf_and_a_byte_order_mark():
    text = to_jsonl([FULL, PanelData(text="b")])
    expected = from_jsonl(text)
    assert [d.text for d in expected] == [FULL.text, "b"]
    crlf = "\ufeff\r\n" + text.replace("\n", "\r\n\r\n  \r\n")
    assert from_jsonl(crlf) == expected
    assert from_jsonl(crlf.encode("utf-8")) == expected
    assert from_jsonl("") == [] and from_jsonl("\n\n") == []


def test_jsonl_records_stay_one_line_however_split():
    docs = [PanelData(text=f"a{c}b", entities=[{"start": 0, "end": 3, "label": f"X{c}Y"}]) for c in "\x85\u2028\u2029"]
    text = to_jsonl(docs)
    assert len(text.splitlines()) == 3 and "\u2028" not in text
    assert from_jsonl(text) == docs


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"text": "a"}\n{oops}', r"^line 2: not valid JSON: .* at column 2$"),
        ('{"text": "a"}\n\n' + "[" * 100_000, r"^line 3: not valid JSON: it is nested too deeply"),
        ('{"text": "a", "cats": ' + "[" * 100_000, r"^line 1: not valid JSON: it is nested too deeply"),
        ("[1]", r"^line 1: expected an object with 'text' and 'spans', got an array"),
        ("5", "^line 1: .*got the number 5"),
        ("null", "^line 1: .*got null"),
        ('{"spans": []}', "^line 1: the record has no 'text'"),
        ('{"text": 5}', "^line 1: 'text' must be a string, got the number 5"),
        ('{"text": "a", "spans": {}}', "^line 1: 'spans' must be a list, got an object"),
        ('{"text": "a", "spans": [[0, 1, "X"]]}', r"^line 1: spans\[0\] needs 'start', 'end' and 'label', got an array"),
        ('{"text": "a", "spans": [{"start": 0, "label": "X"}]}', r"^line 1: spans\[0\] needs 'start', 'end' and 'label'"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X"}, {"start": 0, "end": "1", "label": "X"}]}', r"^Invalid record on line 1: spans\[1\]\.end"),
        ('{"text": "a", "spans": [{"start": 0, "end": 1, "label": "X", "score": 2}]}', r"^Invalid record on line 1: spans\[0\]\.score"),
        ('{"text": "a", "spans": [{"start": 0, "end": 9, "label": "X"}]}', r"^Invalid record on line 1: spans\[0\] ends at 9, past the end"),
        ('{"text": "a", "cats": {"P": "x", "N": 0.5}}', r"^line 1: cats\['P'\] must be a probability from 0 to 1, got the string 'x'"),
        ('{"text": "a", "cats": {"P": true}}', r"^line 1: cats\['P'\] .* got true"),
        ('{"text": "a", "cats": {"P": NaN}}', r"^line 1: cats\['P'\] .* got the number nan"),
        ('{"text": "a", "cats": {"P": 1.5}}', r"^line 1: cats\['P'\] .* got the number 1.5"),
        ('{"text": "a", "cats": {" ": 0.5}}', r"^line 1: cats\[' '\]: a label must not be empty"),
        ('{"text": "a", "cats": [0.5]}', "^line 1: 'cats' must be an object of label -> score, got an array"),
        ('{"text": "a", "cats": 0}', "^line 1: 'cats' must be an object"),
        ('{"text": "a", "cats": {"P": 0.5, "N": 0.5}, "sentiment_label": "Q"}', r"^line 1: 'sentiment_label' the string 'Q' is not a label of 'cats'"),
        ('{"text": "a", "cats": {"P": 0.5, "N": 0.25}, "sentiment_label": "N"}', r"^line 1: 'sentiment_label' 'N' \(0.25\) is not a top label"),
        ('{"text": "a", "sentiment_label": "N"}', r"^line 1: 'sentiment_label' needs 'cats'"),
        ('{"text": "a", "meta": {}}', r"^line 1: unknown key 'meta'"),
        ('{"text": "a", "spans": [{"start": 0, "end": 1, "label": "X", "token_start": 0}]}', r"^line 1: spans\[0\]: unknown key 'token_start'"),
        ('{"text": "\\ud800"}', "^Invalid record on line 1: .*lone surrogate"),
        (b'{"text": "a"}\r\n{"text": "\xff"}', r"^line 2: not UTF-8"),
    ],
)
def test_jsonl_errors_name_the_line_and_the_key(text, message):
    with pytest.raises(ValueError, match=message):
        from_jsonl(text)


def test_jsonl_extra_ignore_reads_prodigy_records():
    prodigy = (
        '{"text": "Ada met Bob", "_input_hash": 1, "_task_hash": 2, "tokens": [], "answer": "accept",'
        ' "spans": [{"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "PER"}]}'
    )
    (doc,) = from_jsonl(prodigy, extra="ignore")
    assert doc == PanelData(text="Ada met Bob", entities=[{"start": 0, "end": 3, "label": "PER"}])
    with pytest.raises(ValueError, match="line 1: unknown keys '_input_hash', '_task_hash', 'tokens', 'answer'"):
        from_jsonl(prodigy)
    with pytest.raises(ValueError, match="extra must be 'forbid' or 'ignore'"):
        from_jsonl(prodigy, extra="allow")


@pytest.mark.parametrize("value", [None, 5, [{"text": "a"}]])
def test_jsonl_of_what_is_not_text(value):
    with pytest.raises(TypeError, match=r"from_jsonl: text must be a str"):
        from_jsonl(value)


# ------------------------------------------------------------------------------------- IOB


def test_iob_refuses_an_entity_across_a_sentence_end():
    doc = PanelData(
        text="Ada met Bob. Then",
        entities=[{"start": 8, "end": 17, "label": "X"}],
        sentences=[{"start": 0, "end": 12}, {"start": 13, "end": 17}],
    )
    with pytest.raises(ValueError, match=r"entities\[0\] \(X, 'Bob. Then', 8:17\) runs across the end of sentences\[0\] \(0:12\)"):
        to_iob(doc)
    # a sentence end inside a word: the blank line goes after the word, still inside the entity
    inside_a_word = doc.model_copy(update={"sentences": [Sentence(start=0, end=10), Sentence(start=10, end=17)]})
    with pytest.raises(ValueError, match=r"entities\[0\] .* runs across the end of sentences\[0\] \(0:10\)"):
        to_iob(inside_a_word)
    # an entity that ends before the blank line is no trouble
    fine = PanelData(text=doc.text, entities=[{"start": 8, "end": 11, "label": "X"}], sentences=doc.sentences)
    assert to_iob(fine) == "Ada\tO\nmet\tO\nBob\tB-X\n.\tO\n\nThen\tO\n\n"


@pytest.mark.parametrize("space", [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u00a0", "\u1680", "\u2007", "\u2028", "\u2029", "\u3000"])
def test_iob_refuses_a_label_holding_any_white_space(space):
    assert space.isspace()
    doc = PanelData(text="Ada met Bob", entities=[{"start": 0, "end": 3, "label": "A"}, {"start": 8, "end": 11, "label": f"X{space}Y"}])
    with pytest.raises(ValueError, match=r"entities\[1\] \('Bob', 8:11\): label .* holds white space"):
        to_iob(doc)


@pytest.mark.parametrize(
    "entities, message",
    [
        ([(0, 11, "A"), (8, 11, "B")], r"overlapping entities: entities\[0\] \(A, 'Ada met Bob', 0:11\) overlaps entities\[1\] \(B, 'Bob', 8:11\)"),
        ([(0, 3, "A"), (2, 5, "B")], r"entities\[0\] .* overlaps entities\[1\]"),
        ([(0, 4, "A")], r"entities\[0\] \(A, 'Ada '\) starts or ends with white space"),
        ([(3, 4, "A")], r"entities\[0\] \(A at 3:4\) covers no word"),
        ([(5, 5, "A")], r"entities\[0\] \(A at 5:5\) covers no word"),
    ],
)
def test_iob_refuses_what_it_cannot_hold(entities, message):
    doc = PanelData(text="Ada met Bob", entities=[{"start": a, "end": b, "label": lb} for a, b, lb in entities])
    with pytest.raises(ValueError, match=message):
        to_iob(doc)


def test_iob_keeps_offsets_and_labels_only():
    back = from_iob(to_iob(FULL), text=FULL.text)
    assert back == PanelData(text=FULL.text, entities=[{"start": 0, "end": 12, "label": "PER"}, {"start": 17, "end": 20, "label": "PER"}])
    assert back.sentiment is None and back.sentences == [] and back.attributions == []
    assert [(e.score, e.sentiment) for e in back.entities] == [(None, None), (None, None)]


def test_iob_without_text_spaces_tokens_and_breaks_sentences():
    back = from_iob(to_iob(FULL))
    assert back.text == "Ada Lovelace met Bob .\nThen they left ."
    assert [back.entity_text(e) for e in back.entities] == ["Ada Lovelace", "Bob"]


def test_iob_columns_token_first_tag_last():
    conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n"
    back = from_iob(conll, text="EU rejects German")
    assert [(back.entity_text(e), e.label) for e in back.entities] == [("EU", "ORG"), ("German", "MISC")]
    assert from_iob("Ada \t B-PER \r\nmet\tO\r\n", text="Ada met") == PanelData(text="Ada met", entities=[{"start": 0, "end": 3, "label": "PER"}])
    with pytest.raises(ValueError, match=r"^line 3: 3 columns, but line 1 has 2"):
        from_iob("Ada B-LOC\nmet O\nNew York B-LOC\n")  # a space in a token of space-separated lines
    with pytest.raises(ValueError, match=r"^line 2: 2 columns, but line 1 has 3"):
        from_iob("a\tNN\tO\nb\tO\n")


def test_iob_b_and_i_tags_iob1_and_iob2_read_the_same():
    text = "a b c d e f g"
    iob2 = "a\tB-P\nb\tI-P\nc\tB-P\nd\tO\ne\tB-P\nf\tB-Q\ng\tI-Q\n"
    iob1 = "a\tI-P\nb\tI-P\nc\tB-P\nd\tO\ne\tI-P\nf\tI-Q\ng\tI-Q\n"
    expected = [(0, 3, "P"), (4, 5, "P"), (8, 9, "P"), (10, 13, "Q")]
    assert bare(from_iob(iob2, text=text)) == expected
    assert bare(from_iob(iob1, text=text)) == expected
    # a blank line or -DOCSTART- ends the entity before it, as a sentence end
    assert bare(from_iob("a\tI-P\n\nb\tI-P\n-DOCSTART-\nc\tI-P\n", text="a b c")) == [(0, 1, "P"), (2, 3, "P"), (4, 5, "P")]


@pytest.mark.parametrize(
    "iob, text, message",
    [
        ("Ada\tB-PER\nLove", None, r"^line 2: expected 'token<TAB>tag', got 'Love'"),
        ("Ada\tB-PER\n\tO", None, r"^line 2: expected 'token<TAB>tag'"),
        ("Ada\t\n", None, r"^line 1: expected 'token<TAB>tag'"),
        ("Ada\tB-PER\nLove\tX-PER\n", None, r"^line 2: tag 'X-PER' is not O, B-LABEL or I-LABEL"),
        ("Ada\tI-\n", None, r"^line 1: tag 'I-' is not O"),
        ("Ada\tB\n", None, r"^line 1: tag 'B' is not O"),
        ("Ada\to\n", None, r"^line 1: tag 'o' is not O"),
        ("Ada\tE-PER\n", None, r"^line 1: tag 'E-PER' is not O"),
        ("Ada\tB-PER\n\nBob\tO\n", "Ada Rob", r"^line 3: token 'Bob' is not the next word of the text at index 4, which has 'Rob' there"),
        ("Ada\tO\nmet\tO\n", "Ada", r"^line 2: token 'met' is not the next word of the text at index 3, where it ends"),
        ("Ada\tO\n", "Ada met", r"^the text goes on at index 4 \('met'\) after the last token \(line 1\)"),
        ("\n", "Ada", r"^the text goes on at index 0 \('Ada'\) but the IOB has no tokens"),
        ("Ada\tO\n", "xAda", r"^line 1: token 'Ada' is not the next word of the text at index 0"),
    ],
)
def test_iob_errors_name_the_line(iob, text, message):
    with pytest.raises(ValueError, match=message):
        from_iob(iob, text=text)


def test_iob_arguments_that_are_not_text():
    with pytest.raises(TypeError, match=r"from_iob: text must be the document's text \(a str\) or None, got int"):
        from_iob("a\tO", text=5)
    with pytest.raises(TypeError, match="from_iob: iob must be a str of IOB lines, got bytes; decode the bytes first"):
        from_iob(b"a\tO")
    with pytest.raises(TypeError, match="from_iob: iob must be a str of IOB lines, got NoneType"):
        from_iob(None)


def test_iob_edge_texts():
    for text in ["", "   ", "\n\n"]:
        assert to_iob(PanelData(text=text)) == ""
        assert from_iob("", text=text) == PanelData(text=text)
    assert from_iob("") == PanelData(text="")
    odd = PanelData(text="\ufeffa\u0301b\u200bc", entities=[{"start": 0, "end": 6, "label": "X"}])
    assert from_iob(to_iob(odd), text=odd.text) == odd


# ------------------------------------------------------------------------------ properties

CHARS = st.sampled_from(list("ab ,.'\t\n") + ["東", "😀", "é", "\u0301", "\u00a0", "\u2028", "\x85", "\ufeff", "-", "_", "\r"])
LABELS = st.sampled_from(["PER", "LOC", "ä", "B-X", "O", "A B", "A\u00a0B", "X\u2028Y", "T\tU", " Z"])
PROBS = st.sampled_from([0.0, 0.25, 0.5, 1.0]) | st.floats(0, 1)


@st.composite
def sentiments(draw):
    if draw(st.booleans()):
        return Sentiment(label=draw(st.sampled_from(["POS", "NEG", "x y"])), score=draw(PROBS))
    names = draw(st.lists(st.sampled_from(["POS", "NEG", "NEU", "ü", "1 star"]), min_size=1, max_size=4, unique=True))
    scores = {name: draw(PROBS) for name in names}
    best = max(scores.values())
    label = draw(st.sampled_from([n for n in names if scores[n] == best]))
    return Sentiment(label=label, score=best, scores=scores)


def spans(draw, n):
    a, b = sorted((draw(st.integers(0, n)), draw(st.integers(0, n))))
    return a, b


@st.composite
def panels(draw):
    text = draw(st.text(CHARS, max_size=30))
    n = len(text)
    entities = []
    for _ in range(draw(st.integers(0, 4))):
        a, b = spans(draw, n)
        extra = {}
        if HAS_KB and draw(st.booleans()):
            extra = {"kb_id": "Q1", "kb_url": "https://kb/Q1"}
        entities.append(
            Entity(start=a, end=b, label=draw(LABELS), score=draw(st.none() | PROBS),
                   sentiment=draw(st.none() | sentiments()), **extra)
        )
    sentences = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = spans(draw, n)
        sentences.append(Sentence(start=a, end=b, sentiment=draw(st.none() | sentiments())))
    words = [m.span() for m in re.finditer(r"\S+", text)]
    attributions = []
    if words:
        for a, b in draw(st.lists(st.sampled_from(words), max_size=3)):
            attributions.append({"start": a, "end": b, "weight": draw(st.floats(-1, 1))})
    return PanelData(text=text, entities=entities, sentiment=draw(st.none() | sentiments()),
                     sentences=sentences, attributions=attributions)


@st.composite
def iob_panels(draw):
    """Documents IOB can carry: disjoint entities of whole tokens, sentences at token ends."""
    words = draw(st.lists(st.sampled_from(["Ada", "東京", "😀", "é", "a\u0301", "U.S.", "3.5", "don't", "—", "x_y"]), min_size=1, max_size=12))
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", "\u2028", "\t"]), min_size=len(words), max_size=len(words)))
    text, at = "", []
    for word, sep in zip(words, seps):
        at.append((len(text), len(text) + len(word)))
        text += word + sep
    entities, sentences, i, sentence_start = [], [], 0, 0
    while i < len(words):
        if draw(st.booleans()):
            j = draw(st.integers(i, min(i + 2, len(words) - 1)))
            entities.append(Entity(start=at[i][0], end=at[j][1], label=draw(st.sampled_from(["PER", "LOC", "ä", "I-X"])), score=draw(st.none() | PROBS)))
            i = j + 1
        else:
            i += 1
        if i < len(words) and draw(st.booleans()):
            sentences.append(Sentence(start=at[sentence_start][0], end=at[i - 1][1]))
            sentence_start = i
    sentences.append(Sentence(start=at[sentence_start][0], end=at[-1][1]))
    return PanelData(text=text, entities=entities, sentences=sentences, sentiment=draw(st.none() | sentiments()))


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(panels())
def test_json_round_trip_is_exact(doc):
    text = to_json(doc)
    back = from_json(text)
    assert back == doc and to_json(back) == text
    assert from_json(to_json(doc, indent=None).encode("utf-16")) == doc


def jsonl_keeps(doc: PanelData) -> PanelData:
    """What the README says comes back from JSONL."""
    sentiment = doc.sentiment
    if sentiment is not None and not sentiment.scores:
        sentiment = Sentiment(label=sentiment.label, score=sentiment.score, scores={sentiment.label: sentiment.score})
    return PanelData(
        text=doc.text,
        entities=[Entity(start=e.start, end=e.end, label=e.label, score=e.score) for e in doc.entities],
        sentiment=sentiment,
    )


@FAST
@given(st.lists(panels(), max_size=3))
def test_jsonl_round_trip_keeps_what_the_readme_says(docs):
    text = to_jsonl(docs)
    assert len(text.splitlines()) == len(docs)
    back = from_jsonl(text)
    expected = [jsonl_keeps(d) for d in docs]
    assert back == expected
    assert [to_json(d) for d in back] == [to_json(d) for d in expected]  # orders too


@FAST
@given(panels())
def test_iob_refuses_or_keeps_offsets_and_labels_exactly(doc):
    try:
        iob = to_iob(doc)
    except ValueError:
        return
    assert from_iob(iob, text=doc.text) == PanelData(text=doc.text, entities=[Entity(start=e.start, end=e.end, label=e.label) for e in doc.entities])


@FAST
@given(iob_panels())
def test_iob_round_trip_of_what_it_can_carry(doc):
    back = from_iob(to_iob(doc), text=doc.text)
    assert bare(back) == bare(doc) and back.text == doc.text
    spaced = from_iob(to_iob(doc))
    assert [spaced.entity_text(e).split() for e in spaced.entities] == [
        re.findall(r"\w+|[^\w\s]", doc.entity_text(e)) for e in doc.entities
    ]


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 40) | st.floats(allow_nan=True) | st.text(CHARS, max_size=6)
    | st.sampled_from(["text", "PER", "\ud800", "POS"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(["text", "spans", "cats", "sentiment_label", "start", "end", "label", "score",
                         "entities", "sentiment", "scores", "sentences", "attributions", "weight", "kb_id", "x"]),
        inner, max_size=5),
    max_leaves=12,
)


def only_value_or_type_errors(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except (ValueError, TypeError):
        pass


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=40), st.binary(max_size=20), JSONISH.map(json.dumps), JSONISH), st.data())
def test_readers_raise_only_value_or_type_errors(value, data):
    only_value_or_type_errors(from_json, value)
    only_value_or_type_errors(from_jsonl, value)
    if isinstance(value, str):
        only_value_or_type_errors(from_jsonl, value + "\n" + value, extra=data.draw(st.sampled_from(["forbid", "ignore"])))
    only_value_or_type_errors(from_iob, value, text=data.draw(st.none() | st.text(CHARS, max_size=10) | st.integers()))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(CHARS, min_size=0, max_size=4), st.sampled_from(["O", "B-P", "I-P", "I-Q", "B-", "X", "B-P Q", ""])), max_size=8),
       st.sampled_from(["\t", " ", "\t\t"]), st.none() | st.text(CHARS, max_size=12))
def test_iob_reader_raises_only_value_errors(rows, sep, text):
    iob = "\n".join(f"{tok}{sep}{tag}" if tok or tag else "" for tok, tag in rows)
    try:
        doc = from_iob(iob, text=text)
    except ValueError:
        return
    if text is not None:
        assert doc.text == text
