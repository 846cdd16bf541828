"""Property: any valid value survives postprocess -> JSON wire -> preprocess unchanged."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from gradio_sentimentpanel import PanelData, SentimentPanel

# Pieces that break naive offset handling: astral emoji (surrogate pairs in UTF-16), ZWJ
# sequences, flags, skin tones, CJK, combining marks, Arabic and Hebrew, and plain ASCII.
PIECES = [
    "a", "Z", " ", "\n", ".", "é", "e\u0301", "n\u0303\u0323",
    "😀", "👩\u200d👩\u200d👧\u200d👦", "🇫🇷", "👍🏽", "𝒳",
    "東京", "北京大学", "한국어",
    "مرحبا", "שלום", "\u200f", "١٢٣",
]

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(exclude_categories=["Cs"]), max_size=3)),
    max_size=40,
).map("".join)


@st.composite
def values(draw):
    text = draw(texts)
    n = len(text)
    offsets = st.integers(0, n)
    entities = []
    for _ in range(draw(st.integers(0, 12))):
        a, b = sorted((draw(offsets), draw(offsets)))
        entities.append(
            {
                "start": a,
                "end": b,
                "label": draw(st.sampled_from(["PER", "LOC", "ORG", "MISC", "地名", "شخص"])),
                "score": draw(st.one_of(st.none(), st.floats(0, 1))),
            }
        )
    sentiment = draw(
        st.one_of(
            st.none(),
            st.builds(
                lambda p: [{"label": "POSITIVE", "score": p}, {"label": "NEGATIVE", "score": 1 - p}],
                st.floats(0, 1),
            ),
        )
    )
    sentences = []
    cut = sorted(set(draw(st.lists(offsets, max_size=4))) | {0, n})
    for a, b in zip(cut, cut[1:]):
        sentences.append({"start": a, "end": b})
    return {"text": text, "entities": entities, "sentiment": sentiment, "sentences": sentences}


@settings(max_examples=300, deadline=None)
@given(values())
def test_postprocess_wire_preprocess_round_trip(value):
    panel = SentimentPanel()
    shown = panel.postprocess(value)
    wire = json.loads(json.dumps(shown.model_dump(), ensure_ascii=False))
    back = panel.preprocess(PanelData.model_validate(wire))
    assert back == shown
    assert back.text == value["text"]
    # every span survives, with exactly the text it covered
    want = sorted((e["start"], -e["end"], value["text"][e["start"] : e["end"]], e["label"]) for e in value["entities"])
    got = [(e.start, -e.end, back.text[e.start : e.end], e.label) for e in back.entities]
    assert sorted(got) == want
    # and they come ordered by start, longer first
    assert [(e.start, -e.end) for e in back.entities] == sorted((e.start, -e.end) for e in back.entities)
