"""Aspect terms: where a term counts as found, and what a bad list of terms is told."""

from __future__ import annotations

import pytest

from gradio_sentimentpanel.analysis.aspects import AspectMatcher


def found(terms, text):
    return [text[s:e] for s, e in AspectMatcher(terms).find(text)]


def test_whole_words_only_any_case():
    text = "Battery life is short; the BATTERY, batteries and the battery-pack."
    assert found(["battery"], text) == ["Battery", "BATTERY", "battery"]
    assert found(["app"], "The apple app is happy.") == ["app"]


def test_punctuation_around_a_term_is_a_boundary():
    text = "(price) 'price' price! price. price?"
    assert found(["price"], text) == ["price"] * 5


def test_accents_belong_to_the_word():
    composed = "Café au lait, CAFÉ noir, a cafe."
    assert found(["café"], composed) == ["Café", "CAFÉ"]
    assert found(["cafe"], composed) == ["cafe"]
    decomposed = "Le cafe\u0301 est bon."
    assert found(["café"], decomposed) == ["cafe\u0301"]
    assert found(["cafe"], decomposed) == []  # the combining accent continues the word


def test_scripts_without_spaces_match_as_substrings():
    assert found(["电池"], "这个电池很好，但是屏幕太暗。") == ["电池"]
    assert found(["画面"], "画面がきれいです") == ["画面"]
    assert found(["แบตเตอรี่"], "แบตเตอรี่ดีมาก") == ["แบตเตอรี่"]


def test_offsets_are_code_points_after_emoji_and_cjk():
    text = "👩\u200d👩\u200d👧 東京 battery 🔋 Battery"
    spans = AspectMatcher(["battery"]).find(text)
    assert [text[s:e] for s, e in spans] == ["battery", "Battery"]
    assert spans[0][0] == text.index("battery")


def test_multiword_terms_match_any_white_space_and_overlap_shorter_ones():
    text = "The battery  life and the battery."
    spans = AspectMatcher(["battery", "Battery Life"]).find(text)
    assert [text[s:e] for s, e in spans] == ["battery  life", "battery", "battery"]
    assert spans[0][0] == spans[1][0]  # the longer one first


def test_repeated_terms_count_once():
    assert AspectMatcher(["Battery", "battery ", "BATTERY"]).terms == ["Battery"]
    assert found(["Battery", "battery"], "battery") == ["battery"]


def test_a_search_stays_inside_the_range_asked_for():
    text = "price. price. price."
    spans = AspectMatcher(["price"]).find(text, 7, 13)
    assert spans == [(7, 12)]


@pytest.mark.parametrize(
    ("terms", "error", "words"),
    [
        ("battery, screen", TypeError, "list of terms"),
        (["battery", 3], TypeError, "aspects[1]"),
        (["battery", "   "], ValueError, "aspects[1]` is blank"),
        (42, TypeError, "list of str"),
    ],
)
def test_bad_terms_are_named(terms, error, words):
    with pytest.raises(error, match=words.replace("[", r"\[")):
        AspectMatcher(terms)
