"""split_sentences: offsets in code points, abbreviations, decimals, initials, line breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradio_sentimentpanel.analysis.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith went to Washington. He arrived late.", ["Dr. Smith went to Washington.", "He arrived late."]),
        ("The U.S. economy grew. Prices rose.", ["The U.S. economy grew.", "Prices rose."]),
        ("The U.S. President spoke for an hour.", ["The U.S. President spoke for an hour."]),
        ("Pi is 3.14 and e is 2.718. Both are irrational.", ["Pi is 3.14 and e is 2.718.", "Both are irrational."]),
        ("J. R. R. Tolkien wrote it. He was a professor.", ["J. R. R. Tolkien wrote it.", "He was a professor."]),
        ("Fruit, e.g. apples, i.e. food. Next one.", ["Fruit, e.g. apples, i.e. food.", "Next one."]),
        ("Mr. and Mrs. Smith arrived. They sat down.", ["Mr. and Mrs. Smith arrived.", "They sat down."]),
        ("See Fig. 3 and No. 5 for details.", ["See Fig. 3 and No. 5 for details."]),
        ("Wow! Really? Yes.", ["Wow!", "Really?", "Yes."]),
        ('He said "Stop!" and left. Then he came back.', ['He said "Stop!" and left.', "Then he came back."]),
        ('She said "Go." Then she left.', ['She said "Go."', "Then she left."]),
        ("Apple Inc. reported earnings. Shares rose.", ["Apple Inc. reported earnings.", "Shares rose."]),
        ("We bought pens, paper, etc. The shop was closed.", ["We bought pens, paper, etc.", "The shop was closed."]),
        ("I waited... and waited... Then it came.", ["I waited... and waited...", "Then it came."]),
        ("so good! love it", ["so good!", "love it"]),
        ("Visit example.com today. It is 5.30 now.", ["Visit example.com today.", "It is 5.30 now."]),
        ("First line without stop\nSecond line", ["First line without stop", "Second line"]),
        ("Para one.\n\n  Para two.  \r\nThree", ["Para one.", "Para two.", "Three"]),
        ("東京は大きい。私は好きです！本当？", ["東京は大きい。", "私は好きです！", "本当？"]),
        ("(It works.) Then it broke.", ["(It works.)", "Then it broke."]),
        ("Meet at 5 p.m. Bring food.", ["Meet at 5 p.m.", "Bring food."]),
    ],
)
def test_sentence_cases(text, expected):
    assert sentences(text) == expected


def test_offsets_are_code_points_with_emoji_and_zwj():
    text = "Loved it 😍! The family 👨‍👩‍👧 came too. Ça va? Oui."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Loved it 😍!", "The family 👨‍👩‍👧 came too.", "Ça va?", "Oui."]
    # code points, not UTF-16 units: the second sentence starts right after "! "
    assert spans[1][0] == text.index("The")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t ", "\u2028"])
def test_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []


def test_surrounding_whitespace_is_trimmed():
    text = "   Hello there.   General Kenobi.   "
    assert split_sentences(text) == [(3, 15), (18, 33)]


def test_rejects_non_string():
    with pytest.raises(TypeError, match="str"):
        split_sentences(None)  # type: ignore[arg-type]


_alphabet = st.sampled_from(list("ab AB.!?\n\t,3'\"😍é。") + ["Dr.", "U.S.", " e.g. ", "\r\n", "..."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_spans_partition_the_non_whitespace_text(text):
    spans = split_sentences(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end] and "\r" not in text[start:end]
        covered.update(range(start, end))
        previous_end = end
    # nothing is dropped: every visible character belongs to a sentence
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


# ------------------------------------------------------------------ other splitters


from gradio_sentimentpanel import Analyzer  # noqa: E402
from gradio_sentimentpanel.analysis.sentences import sentence_splitter  # noqa: E402

GERMAN = "Der Vertrag gilt ab dem 1. Januar. Dr. Müller unterschrieb ihn am 3. Mai in Köln.\nNeue Zeile ohne Punkt"


def test_pysbd_as_the_readme_shows_it_keeps_german_ordinals_together():
    pysbd = pytest.importorskip("pysbd")
    segmenter = pysbd.Segmenter(language="de", clean=False, char_span=True)
    split = sentence_splitter(lambda text: [(s.start, s.end) for s in segmenter.segment(text)])
    assert [GERMAN[s:e] for s, e in split(GERMAN)] == [
        "Der Vertrag gilt ab dem 1. Januar.",
        "Dr. Müller unterschrieb ihn am 3. Mai in Köln.",
        "Neue Zeile ohne Punkt",
    ]


def test_spacy_sentencizer_splits_and_line_breaks_still_split():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Ship it today. 😀 Then rest!\nA line with no stop"
    split = sentence_splitter(nlp)
    assert [text[s:e] for s, e in split(text)] == ["Ship it today.", "😀 Then rest!", "A line with no stop"]


def test_spacy_pipeline_without_sentence_boundaries_is_refused():
    spacy = pytest.importorskip("spacy")
    with pytest.raises(ValueError, match="add_pipe\\('sentencizer'\\)"):
        sentence_splitter(spacy.blank("en"))


def test_text_a_splitter_leaves_out_is_still_analysed():
    text = "One part. Forgotten part.\nLast"
    split = sentence_splitter(lambda t: [(0, 10)])  # covers "One part. " only
    assert [text[s:e] for s, e in split(text)] == ["One part.", "Forgotten part.", "Last"]


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([(0, 99)], r"\(0, 99\) is not a span inside the text"),
        ([(3, 1)], r"\(3, 1\) is not a span"),
        ([(0, 5), (3, 8)], r"\(0, 5\) and \(3, 8\) overlap"),
        (["0-5"], r"expected a \(start, end\) pair of ints, got '0-5'"),
        ([(0.5, 3)], r"pair of ints"),
        ("0,5", "must return \\(start, end\\) pairs"),
    ],
)
def test_bad_spans_from_a_splitter_are_named(spans, message):
    with pytest.raises(ValueError, match=message):
        sentence_splitter(lambda t: spans)("A text of some length.")


def test_analyzer_uses_the_splitter_it_is_given():
    text = "Der Vertrag gilt ab dem 1. Januar. Er endet bald."
    found: list[str] = []

    def sentiment(s: str):
        found.append(s)
        return {"label": "POS", "score": 1.0}

    default = Analyzer(sentiment=sentiment)(text)
    assert len(default.sentences) == 3  # the English rules split after "1."
    found.clear()
    by_rule = Analyzer(sentiment=sentiment, sentences=lambda t: [(0, 34), (35, len(t))])(text)
    assert [text[s.start : s.end] for s in by_rule.sentences] == ["Der Vertrag gilt ab dem 1. Januar.", "Er endet bald."]
    assert found == ["Der Vertrag gilt ab dem 1. Januar.", "Er endet bald."]
    with pytest.raises(TypeError, match="`sentences` must be None"):
        Analyzer(sentiment=sentiment, sentences="de")
