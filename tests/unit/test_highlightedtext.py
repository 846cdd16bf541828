"""SentimentPanel as a drop-in for gr.HighlightedText: its values, its parameters, its examples.

gr.HighlightedText is installed, so it is the oracle: for the same value and the same flags
the panel must show the same text, and highlight the same substrings with the same labels (an
entity is its token as it is, white space included, as gr.HighlightedText highlights it; a
weight goes on the word, the token without the white space around it).
"""

from __future__ import annotations

import difflib
import json
import math
import re
from pathlib import Path

import gradio as gr
import numpy as np
import pytest

from gradio_sentimentpanel import PanelData, SentimentPanel

ROOT = Path(__file__).resolve().parents[2]

WOLFGANG = [("", None), ("Wolfgang", "PER"), (" lives in ", None), ("Berlin", "LOC"), ("", None)]
FOX = [
    ("The ", "article"), ("quick ", "adjective"), ("brown ", "adjective"), ("fox ", "noun"),
    ("jumps ", "verb"), ("over ", "preposition"), ("the ", "article"), ("lazy ", "adjective"), ("dog", "noun"),
]


def highlighted_text_view(value, **flags):
    """What gr.HighlightedText shows for ``value``: its text, and (start, end, label) of every
    labelled token: the whole token for a str label, the word (the token without its
    surrounding white space) for a number."""
    tokens = [(t["token"], t["class_or_confidence"]) for t in gr.HighlightedText(**flags).postprocess(value).model_dump()]
    text, spans, pos = "", [], 0
    for token, label in tokens:
        if isinstance(label, str) and token:
            spans.append((pos, pos + len(token), label))
        elif label is not None and token.strip():
            core = token.strip()
            start = pos + len(token) - len(token.lstrip())
            spans.append((start, start + len(core), label))
        text += token
        pos += len(token)
    return text, spans


def panel_view(value, **flags):
    shown = SentimentPanel(**flags).postprocess(value)
    spans = [(e.start, e.end, e.label) for e in shown.entities] + [(a.start, a.end, a.weight) for a in shown.attributions]
    return shown.text, spans


def substrings(view):
    text, spans = view
    return [(text[s:e], label) for s, e, label in spans]


def vowels_and_consonants(sentence):
    """A function written for gr.HighlightedText: runs of vowels and of other letters."""
    out = []
    for letter in sentence:
        kind = "vowel" if letter in "aeiou" else "non"
        if out and out[-1][1] == kind:
            out[-1] = (out[-1][0] + letter, kind)
        else:
            out.append((letter, kind))
    return out


def character_diff(before, after):
    """gr.HighlightedText's diff demo: each character of a difflib comparison, labelled + or -."""
    return [(token[2:], None if token[0] == " " else token[0]) for token in difflib.Differ().compare(before, after)]


# --- gr.HighlightedText's own examples -----------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        WOLFGANG,
        {"text": "Wolfgang lives in Berlin", "entities": [{"entity": "PER", "start": 0, "end": 8}, {"entity": "LOC", "start": 18, "end": 24}]},
        {"text": "Wolfgang lives in Berlin", "entities": [{"entity_group": "PER", "start": 0, "end": 8}, {"entity": "LOC", "start": 18, "end": 24}]},
        {"text": "Wolfgang lives in Berlin", "entities": [{"entity": "LOC", "start": 18, "end": 24}, {"entity": "PER", "start": 0, "end": 8}]},
        {"text": "I live there", "entities": []},
        {"text": "Wolfgang", "entities": [{"entity": "PER", "start": 0, "end": 8}]},
        [(" Hello", "label")],
        FOX,
        vowels_and_consonants("Helloooo"),
        [("The", None), ("quick", "adj"), ("brown", "adj"), ("fox", "noun")],
    ],
    ids=["pairs", "dict", "entity_group", "unsorted", "no-entities", "whole-text", "leading-space", "fox", "vowels", "example_value"],
)
def test_highlightedtext_examples_show_the_same_text_and_highlights(value):
    assert panel_view(value) == highlighted_text_view(value)


def test_the_wolfgang_example_highlights_the_names():
    text, spans = panel_view(WOLFGANG)
    assert text == "Wolfgang lives in Berlin"
    assert substrings((text, spans)) == [("Wolfgang", "PER"), ("Berlin", "LOC")]


def test_the_fox_example_with_combine_adjacent_joins_the_adjectives():
    view = panel_view(FOX, combine_adjacent=True)
    assert view == highlighted_text_view(FOX, combine_adjacent=True)
    assert view[0] == "The quick brown fox jumps over the lazy dog"
    assert ("quick brown ", "adjective") in substrings(view)  # the tokens as they are, spaces included
    assert [label for _, label in substrings(view)].count("adjective") == 2  # "quick brown", "lazy"


def test_the_diff_demo_shows_insertions_and_deletions_as_highlightedtext_does():
    value = character_diff("The quick brown fox jumped over the lazy dogs.", "The fast brown fox jumps over lazy dogs.")
    flags = {"combine_adjacent": True}
    view = panel_view(value, **flags)
    assert view == highlighted_text_view(value, **flags)
    assert ("quick", "-") in substrings(view) and ("fast", "+") in substrings(view)


def test_interface_shortcut_replaced_by_the_panel():
    # gr.Interface(fn, "text", "highlight") -> gr.Interface(fn, "text", SentimentPanel())
    shown = gr.Interface(vowels_and_consonants, "text", SentimentPanel())("Helloooo")
    assert shown["text"] == "Helloooo"
    assert [(shown["text"][e["start"] : e["end"]], e["label"]) for e in shown["entities"]] == [
        ("H", "non"), ("e", "vowel"), ("ll", "non"), ("oooo", "vowel"),
    ]


def test_pairs_as_the_initial_value():
    panel = SentimentPanel(value=WOLFGANG)
    value = panel.get_config()["value"]
    assert value["text"] == "Wolfgang lives in Berlin"
    assert [(value["text"][e["start"] : e["end"]], e["label"]) for e in value["entities"]] == [("Wolfgang", "PER"), ("Berlin", "LOC")]


# --- the value forms -----------------------------------------------------------------------


def test_json_lists_are_the_same_as_tuples():
    as_json = json.loads(json.dumps(WOLFGANG))
    assert all(isinstance(item, list) for item in as_json)
    assert SentimentPanel().postprocess(as_json) == SentimentPanel().postprocess(WOLFGANG)


def test_entities_cover_their_token_as_highlightedtext_shows_it_and_scores_are_none():
    value = [("Visit ", None), (" New York\n", "LOC"), ("now", None)]
    shown = SentimentPanel().postprocess(value)
    assert shown.text == "Visit  New York\nnow"
    [entity] = shown.entities
    assert (shown.entity_text(entity), entity.label, entity.score) == (" New York\n", "LOC", None)
    # show_whitespaces=False: the white space is left out of the entity, the text stays whole
    stripped = SentimentPanel(show_whitespaces=False).postprocess(value)
    assert stripped.text == shown.text
    assert [stripped.entity_text(e) for e in stripped.entities] == ["New York"]


def test_a_token_of_only_white_space_is_highlighted_whole():
    shown = SentimentPanel().postprocess([("a", None), ("  ", "GAP"), ("b", None)])
    assert [(shown.entity_text(e), e.label) for e in shown.entities] == [("  ", "GAP")]


def test_empty_tokens_add_nothing_and_an_empty_list_is_an_empty_text():
    assert SentimentPanel().postprocess([]) == PanelData(text="")
    shown = SentimentPanel().postprocess([("", "PER"), ("x", None), ("", None), ("", "LOC")])
    assert (shown.text, shown.entities, shown.attributions) == ("x", [], [])


def test_numbers_become_word_attributions_with_their_weights():
    value = [("Great", 0.9), (" ", None), ("service ", np.float32(0.25)), (",", 0), (" slow", -1), (" food", np.float64(-0.5))]
    shown = SentimentPanel().postprocess(value)
    assert shown.text == "Great service , slow food"
    assert shown.entities == []
    words = [(shown.text[a.start : a.end], a.weight) for a in shown.attributions]
    assert words == [("Great", 0.9), ("service", pytest.approx(0.25)), (",", 0.0), ("slow", -1.0), ("food", -0.5)]
    # the same highlights gr.HighlightedText gives, with the weight as the label
    assert [(s, e) for s, e, _ in panel_view(value)[1]] == [(s, e) for s, e, _ in highlighted_text_view(value)[1]]


def test_a_number_on_white_space_only_holds_no_word():
    shown = SentimentPanel().postprocess([("good", 1.0), (" ", 0.3), ("day", 0.5)])
    assert [(shown.text[a.start : a.end], a.weight) for a in shown.attributions] == [("good", 1.0), ("day", 0.5)]


def test_the_dict_form_highlightedtext_takes_keeps_working():
    value = {"text": "Ada met Alan", "entities": [{"entity": "PER", "start": 8, "end": 12}, {"entity_group": "PER", "start": 0, "end": 3}]}
    assert substrings(panel_view(value)) == [("Ada", "PER"), ("Alan", "PER")]


# --- combine_adjacent and adjacent_separator -----------------------------------------------


@pytest.mark.parametrize("separator", ["", " ", " | "])
@pytest.mark.parametrize(
    "value",
    [
        [("", None), ("foo", None), ("bar", None)],
        [("foo", None), ("", None), ("bar", None)],
        [("Wolf", "PER"), ("gang", "PER"), (" lives in ", None), ("Ber", "LOC"), ("lin", "LOC")],
        [("New ", "LOC"), ("York", "LOC"), (" ", None), ("City", "LOC")],
        [("a", 0.5), ("b", 0.5), ("c", -0.5), ("", None), ("d", -0.5)],
        {"text": "Wolfgang lives in Berlin", "entities": [{"entity_group": "PER", "start": 0, "end": 4}, {"entity_group": "PER", "start": 4, "end": 8}, {"entity_group": "LOC", "start": 18, "end": 24}]},
        {"text": "Wolfgang lives in Berlin", "entities": [{"entity_group": "PER", "start": 0, "end": 4}, {"entity_group": "PER", "start": 4, "end": 8}, {"entity_group": "PER", "start": 9, "end": 14}]},
        {"text": "Wolfgang lives in Berlin", "entities": [{"entity": "PER", "start": 0, "end": 8}]},
        {"text": "abc", "entities": [{"entity_group": "X", "start": 0, "end": 1}, {"entity_group": "Y", "start": 1, "end": 2}, {"entity_group": "X", "start": 2, "end": 3}]},
    ],
    ids=["leading-empty", "empty-between", "split-names", "spaced", "weights", "dict", "entity_group", "one-entity", "alternating"],
)
def test_combine_adjacent_joins_what_highlightedtext_joins(value, separator):
    flags = {"combine_adjacent": True, "adjacent_separator": separator}
    assert panel_view(value, **flags) == highlighted_text_view(value, **flags)


def test_the_split_entity_example_of_highlightedtext_is_merged_with_combine_adjacent():
    value = {"text": "Wolfgang lives in Berlin", "entities": [{"entity": "PER", "start": 0, "end": 4}, {"entity": "PER", "start": 4, "end": 8}, {"entity": "LOC", "start": 18, "end": 24}]}
    view = panel_view(value, combine_adjacent=True)
    assert view == highlighted_text_view(value, combine_adjacent=True)
    assert substrings(view) == [("Wolfgang", "PER"), ("Berlin", "LOC")]


def test_pieces_of_a_word_tagged_with_entity_are_one_word_before_any_separator():
    # "entity" is a per-token tag (aggregation_strategy="none"): pieces of a word are joined
    # into the word when read, so no separator goes inside it
    value = {"text": "Wolfgang", "entities": [{"entity": "B-PER", "start": 0, "end": 4}, {"entity": "I-PER", "start": 4, "end": 8}]}
    assert substrings(panel_view(value, combine_adjacent=True, adjacent_separator=" ")) == [("Wolfgang", "PER")]


def test_without_combine_adjacent_neighbours_stay_apart_and_the_separator_is_unused():
    value = [("Wolf", "PER"), ("gang", "PER")]
    assert substrings(panel_view(value, adjacent_separator=" ")) == [("Wolf", "PER"), ("gang", "PER")]
    assert substrings(panel_view(value, combine_adjacent=True)) == [("Wolfgang", "PER")]
    assert substrings(panel_view(value, combine_adjacent=True, adjacent_separator=" ")) == [("Wolf gang", "PER")]


def test_combine_adjacent_on_a_panel_value_moves_sentences_and_attributions_with_the_text():
    value = PanelData(
        text="Ada Lovelace. Paris",
        entities=[
            {"start": 4, "end": 8, "label": "PER", "score": 0.8},
            {"start": 8, "end": 12, "label": "PER", "score": 0.6},
            {"start": 0, "end": 3, "label": "PER"},
            {"start": 14, "end": 19, "label": "LOC", "score": 0.9},
        ],
        sentences=[{"start": 0, "end": 13}, {"start": 14, "end": 19}],
        attributions=[{"start": 4, "end": 12, "weight": 0.5}, {"start": 14, "end": 19, "weight": -0.2}],
    )
    shown = SentimentPanel(combine_adjacent=True, adjacent_separator="-").postprocess(value)
    assert shown.text == "Ada Love-lace. Paris"
    assert [(shown.entity_text(e), e.label, e.score) for e in shown.entities] == [
        ("Ada", "PER", None), ("Love-lace", "PER", pytest.approx(0.7)), ("Paris", "LOC", 0.9),
    ]
    assert [shown.text[s.start : s.end] for s in shown.sentences] == ["Ada Love-lace.", "Paris"]
    assert [shown.text[a.start : a.end] for a in shown.attributions] == ["Love-lace", "Paris"]
    assert value.text == "Ada Lovelace. Paris"  # the value given is not changed
    # joined once: showing the result again changes nothing
    assert SentimentPanel(combine_adjacent=True, adjacent_separator="-").postprocess(shown) == shown


def test_spans_that_end_or_start_at_a_join_stay_on_their_side_of_the_separator():
    value = {
        "text": "abcd",
        "entities": [
            {"start": 0, "end": 2, "label": "X"}, {"start": 2, "end": 4, "label": "X"},
            {"start": 0, "end": 2, "label": "Y"}, {"start": 2, "end": 3, "label": "Z"}, {"start": 1, "end": 3, "label": "W"},
        ],
    }
    shown = SentimentPanel(combine_adjacent=True, adjacent_separator="+").postprocess(value)
    assert shown.text == "ab+cd"
    assert sorted((shown.entity_text(e), e.label) for e in shown.entities) == [
        ("ab", "Y"), ("ab+cd", "X"), ("b+c", "W"), ("c", "Z"),
    ]


# --- Unicode -------------------------------------------------------------------------------

UNICODE = [
    ("👩‍💻 ", "EMOJI"), ("met ", None), ("東京", "LOC"), (" and ", None), ("القاهرة", "LOC"), (" and ", None),
    ("שלום עליכם", "GREETING"), (" at the ", None), ("Cafe\u0301 🇫🇷", "ORG"), ("!", None),
]


def test_unicode_tokens_round_trip_as_code_point_offsets():
    shown = SentimentPanel().postprocess(UNICODE)
    assert shown.text == "".join(token for token, _ in UNICODE)
    assert [(shown.text[e.start : e.end], e.label) for e in shown.entities] == [
        (token, label) for token, label in UNICODE if label is not None
    ]
    assert panel_view(UNICODE) == highlighted_text_view(UNICODE)


@pytest.mark.parametrize("separator", ["", "·", " 🔗 "])
def test_unicode_tokens_combine_as_highlightedtext_does(separator):
    value = [("👩‍👩‍👧", "FAMILY"), ("👨‍🚀", "FAMILY"), (" ", None), ("東", "LOC"), ("京", "LOC"), (" ", None), ("תל ", "LOC"), ("אביב", "LOC")]
    flags = {"combine_adjacent": True, "adjacent_separator": separator}
    view = panel_view(value, **flags)
    assert view == highlighted_text_view(value, **flags)
    assert substrings(view) == [(f"👩‍👩‍👧{separator}👨‍🚀", "FAMILY"), (f"東{separator}京", "LOC"), (f"תל {separator}אביב", "LOC")]


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ([("a", None), ("b", None), ("c", "X"), "plain"], "value[3]: expected a (token, label) pair, got str 'plain'"),
        ([{"token": "a", "class_or_confidence": None}], "value[0]: expected a (token, label) pair, got dict {'token': 'a', 'class_or_confidence': None}"),
        ([("a", "X", 0.9)], "value[0]: expected a (token, label) pair, got tuple ('a', 'X', 0.9)"),
        ([("a",)], "value[0]: expected a (token, label) pair, got tuple ('a',)"),
        ([("a", None), (3, "X")], "value[1]: expected a (token, label) pair whose token is a str, got tuple (3, 'X')"),
        ([("a", {"x": 1})], "value[0]: expected a (token, label) pair whose label is a str, a number or None, got tuple ('a', {'x': 1})"),
        ([("a", True)], "value[0]: expected a (token, label) pair whose label is a str, a number or None, got tuple ('a', True)"),
        ([("a", " ")], "value[0]: a label must be a non-empty string"),
        ([("a", 0.5), ("b", 1.5)], "value[1]: the weight 1.5 is outside [-1, 1]"),
        ([("a", -2)], "value[0]: the weight -2 is outside [-1, 1]"),
        ([("a", float("nan"))], "value[0]: the weight is NaN"),
        ([("a", math.inf)], "value[0]: the weight inf is outside [-1, 1]"),
    ],
)
def test_bad_items_are_named_by_index_and_shown(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        SentimentPanel().postprocess(value)


def test_a_list_mixing_labels_and_numbers_names_both_items():
    with pytest.raises(ValueError) as info:
        SentimentPanel().postprocess([("good", "POS"), (" ", None), ("day", 0.5)])
    assert str(info.value).startswith(
        "value[2]: tuple ('day', 0.5) has a number, but value[0] tuple ('good', 'POS') has a str label"
    )
    with pytest.raises(ValueError, match=re.escape("value[1]: list ['b', 'X'] has a str label, but value[0] list ['a', -0.5] has a number")):
        SentimentPanel().postprocess([["a", -0.5], ["b", "X"]])


def test_a_bad_initial_value_fails_at_construction():
    with pytest.raises(ValueError, match=re.escape("value[1]: expected a (token, label) pair")):
        SentimentPanel(value=[("a", None), "b"])


def test_an_unsupported_value_lists_the_accepted_forms_including_the_pairs():
    with pytest.raises(ValueError) as info:
        SentimentPanel().postprocess(42)
    message = str(info.value)
    assert "int 42" in message
    for form in ("a str", "a dict with 'text'", "a list of (token, label) pairs", "a PanelData", "a spaCy Doc"):
        assert form in message


# --- the parameters ------------------------------------------------------------------------

HIGHLIGHTEDTEXT_PARAMETERS = ("show_inline_category", "combine_adjacent", "adjacent_separator", "show_whitespaces", "rtl")


def test_the_parameters_default_as_in_highlightedtext():
    ours, theirs = SentimentPanel().get_config(), gr.HighlightedText().get_config()
    assert {k: ours[k] for k in HIGHLIGHTEDTEXT_PARAMETERS} == {k: theirs[k] for k in HIGHLIGHTEDTEXT_PARAMETERS}


def test_the_parameters_reach_the_config():
    flags = {"show_inline_category": False, "combine_adjacent": True, "adjacent_separator": " / ", "show_whitespaces": False, "rtl": True}
    panel = SentimentPanel(**flags)
    config = panel.get_config()
    assert {k: config[k] for k in flags} == flags
    assert all(getattr(panel, k) == v for k, v in flags.items())


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"show_inline_category": "no"}, "show_inline_category: expected True or False, got 'no'"),
        ({"combine_adjacent": 1}, "combine_adjacent: expected True or False, got 1"),
        ({"show_whitespaces": None}, "show_whitespaces: expected True or False, got None"),
        ({"rtl": "auto"}, "rtl: expected True or False, got 'auto'"),
        ({"adjacent_separator": None}, "adjacent_separator: expected a str, got None"),
        ({"adjacent_separator": 0}, "adjacent_separator: expected a str, got 0"),
    ],
)
def test_bad_parameter_types_raise(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        SentimentPanel(**kwargs)


# --- getting pairs back (README) -----------------------------------------------------------


def _readme_to_pairs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Coming from gr.HighlightedText", 1)[1].split("\n## ", 1)[0]
    [block] = [b for b in re.findall(r"```python\n(.*?)```", section, re.S) if "def to_pairs" in b]
    namespace: dict = {}
    exec(block, namespace)
    return namespace["to_pairs"]


@pytest.mark.parametrize("value", [WOLFGANG, FOX, UNICODE, vowels_and_consonants("Helloooo")], ids=["wolfgang", "fox", "unicode", "vowels"])
def test_the_readme_helper_gives_highlightedtext_pairs_back(value):
    to_pairs = _readme_to_pairs()
    sent = SentimentPanel().postprocess(value).model_dump()  # what the browser gets and sends back
    pairs = to_pairs(SentimentPanel().preprocess(PanelData.model_validate(sent)))
    assert "".join(token for token, _ in pairs) == "".join(token for token, _ in value)
    # the same view as the original value: same text, same highlighted substrings
    assert panel_view(pairs) == panel_view(value)
    assert all(token for token, _ in pairs)


def test_show_whitespaces_false_leaves_the_white_space_out_of_entities_and_keeps_the_text():
    text = "Visit  New York \n and\t Rome ."
    at = text.index
    value = {
        "text": text,
        "entities": [
            {"start": at("  New"), "end": at("\n"), "label": "LOC"},  # "  New York "
            {"start": at("\t"), "end": at(" ."), "label": "LOC"},  # "\t Rome"
            {"start": at(" ."), "end": at("."), "label": "SPACE"},  # " ": only white space, kept
        ],
    }
    shown = SentimentPanel(show_whitespaces=False).postprocess(value)
    assert shown.text == text
    assert [(shown.entity_text(e), e.label) for e in shown.entities] == [("New York", "LOC"), ("Rome", "LOC"), (" ", "SPACE")]
    kept = SentimentPanel().postprocess(value)
    assert [kept.entity_text(e) for e in kept.entities] == ["  New York ", "\t Rome", " "]


@pytest.mark.parametrize("number", [10**400, -(10**400), 10**5000, 2], ids=["1e400", "-1e400", "1e5000", "2"])
def test_an_int_weight_outside_the_range_is_named_even_when_too_large_for_a_float(number):
    from gradio_sentimentpanel import SentimentPanel

    with pytest.raises(ValueError, match=r"value\[0\]: the weight .* is outside \[-1, 1\]"):
        SentimentPanel().postprocess([("a", number)])
