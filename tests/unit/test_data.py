"""The data model on its own: what it accepts, what it refuses and how it says so."""

from __future__ import annotations

import numpy as np
import pytest

from gradio_sentimentpanel import Entity, PanelData, Sentence, Sentiment


def test_numpy_offsets_and_scores_become_plain_python():
    e = Entity(start=np.int64(1), end=np.int32(4), label="PER", score=np.float32(0.5))
    assert (type(e.start), type(e.end), type(e.score)) == (int, int, float)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"start": True, "end": 2, "label": "X"}, "start"),
        ({"start": 1.0, "end": 2, "label": "X"}, "start"),
        ({"start": 0, "end": 2, "label": 5}, "label"),
        ({"start": 0, "end": 2, "label": "X", "score": "0.5"}, "score"),
        ({"start": 0, "end": 2, "label": "X", "score": float("inf")}, "score"),
        ({"start": 0, "end": 2, "label": "X", "score": -0.1}, "score"),
    ],
)
def test_entity_refuses_wrong_types(kwargs, field):
    with pytest.raises(ValueError, match=field):
        Entity(**kwargs)


def test_start_after_end_names_both_values():
    with pytest.raises(ValueError, match=r"start \(7\) is after end \(3\)"):
        Sentence(start=7, end=3)


def test_zero_length_entity_is_allowed():
    assert PanelData(text="ab", entities=[Entity(start=1, end=1, label="X")]).entities[0].end == 1


def test_offsets_are_code_points_not_utf16():
    text = "👩\u200d👩\u200d👧 met 東京"
    data = PanelData(text=text, entities=[Entity(start=0, end=5, label="FAM"), Entity(start=10, end=12, label="LOC")])
    assert [data.entity_text(e) for e in data.entities] == ["👩\u200d👩\u200d👧", "東京"]
    with pytest.raises(ValueError, match=r"entities\[0\] ends at 13, past the end of the text \(length 12"):
        PanelData(text=text, entities=[Entity(start=10, end=13, label="LOC")])


def test_sentiment_scores_are_checked_too():
    with pytest.raises(ValueError, match=r"scores\.NEG"):
        Sentiment(label="POS", score=0.5, scores={"POS": 0.5, "NEG": float("nan")})


def test_text_must_be_a_string():
    with pytest.raises(ValueError, match="text"):
        PanelData(text=None)


def test_an_error_lists_a_few_dozen_problems_and_counts_the_rest():
    from gradio_sentimentpanel.data import MAX_PROBLEMS_LISTED

    n = 5_000
    bad = {"text": "x" * 10, "entities": [{"start": 0, "end": 1, "label": " "}] * n}
    with pytest.raises(ValueError) as err:
        PanelData.model_validate(bad)
    message = str(err.value)
    lines = message.splitlines()
    assert lines[0] == f"Invalid SentimentPanel value, {n:,} problems:"
    assert lines[1].startswith("entities[0].label: ")
    assert len(lines) == 1 + MAX_PROBLEMS_LISTED + 1
    assert lines[-1] == f"... and {n - MAX_PROBLEMS_LISTED:,} more problems"
    assert len(message) < 10_000


def test_a_few_problems_are_all_listed():
    bad = {"text": "ab", "entities": [{"start": 0, "end": 1, "label": " "}, {"start": 1, "end": 2, "label": ""}]}
    with pytest.raises(ValueError) as err:
        PanelData.model_validate(bad)
    lines = str(err.value).splitlines()
    assert lines[0] == "Invalid SentimentPanel value, 2 problems:"
    assert [line.split(":")[0] for line in lines[1:]] == ["entities[0].label", "entities[1].label"]
