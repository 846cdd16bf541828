"""Anything SentimentPanel shows -> PanelData: the entry point of ``postprocess``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..data import Attribution, Entity, PanelData, Reference, Sentence, first_difference
from ._common import _describe, _keys, _plain_number
from .classification import sentiment_from_text_classification
from .highlighted import PAIRS_FORM, combine_adjacent_entities, is_pairs_value, panel_from_pairs, strip_entity_whitespace
from .spacy import is_spacy_doc, panel_from_spacy_doc
from .tokens import entities_from_token_classification

__all__ = ["to_panel_data"]

_SENTENCE_KEYS = {"start", "end", "sentiment"}
_PANEL_KEYS = {"text", "entities", "sentiment", "sentences", "attributions", "reference"}
_REFERENCE_KEYS = {"name", "text", "entities", "sentences", "sentiment"}
_ATTRIBUTION_KEYS = {"start", "end", "weight"}
_PLAIN_ENTITY_KEYS = frozenset({"start", "end", "label", "score", "kb_id", "kb_url"})
_ENTITY_LIST = TypeAdapter(list[Entity])


def _plain_entities(items: Any) -> list[Entity] | None:
    """Our own ``{"start", "end", "label", "score"}`` dicts, validated in one pass (a large
    document's entities usually come like this); None when any item needs the full adapter,
    which also gives the detailed error messages."""
    if not isinstance(items, list) or not items:
        return None
    for item in items:
        if type(item) is not dict or not item.keys() <= _PLAIN_ENTITY_KEYS:
            return None
    try:
        return _ENTITY_LIST.validate_python(items)
    except ValidationError:
        return None


def _sentences_from(value: Any, field: str = "sentences") -> list[Sentence]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"{field}: expected a list of {{'start', 'end'}} dicts, got {_describe(value)}")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, Sentence):
            out.append(item.rechecked(f"{field}[{i}]"))  # it may have been changed since it was built
            continue
        if not isinstance(item, Mapping):
            raise ValueError(f"{field}[{i}]: expected a dict with 'start' and 'end', got {_describe(item)}")
        extra = set(item) - _SENTENCE_KEYS
        if extra:
            raise ValueError(
                f"{field}[{i}]: unknown key(s) {_keys(extra)}; a sentence has 'start', 'end' "
                "and optionally 'sentiment'"
            )
        if "start" not in item or "end" not in item:
            raise ValueError(f"{field}[{i}]: needs 'start' and 'end', got {_describe(item)}")
        sentiment = item.get("sentiment")
        out.append(
            Sentence.checked(
                {
                    "start": _plain_number(item["start"]),
                    "end": _plain_number(item["end"]),
                    "sentiment": None if sentiment is None else sentiment_from_text_classification(sentiment, f"{field}[{i}].sentiment"),
                },
                f"{field}[{i}]",
            )
        )
    return out


def _entities_from(value: Any, text: str, field: str = "entities") -> list[Entity]:
    """Entities in any of the forms a value's ``entities`` takes (our own dicts in one pass,
    else token-classification output of any kind), checked against ``text``."""
    entities = _plain_entities(value)
    if entities is None:
        entities = entities_from_token_classification(value, text, field=field)
    return entities


REFERENCE_FORMS = (
    "a dict with any of 'name', 'entities', 'sentences', 'sentiment' (and 'text', which must be "
    "the value's), or another analysis of the same text in any form the panel shows (a PanelData, "
    "a spaCy Doc, gr.HighlightedText's (token, label) pairs)"
)


def reference_from(value: Any, text: str, where: str = "reference") -> Reference:
    """A value's ``reference`` -> Reference: another analysis of ``text``, given as a Reference;
    a dict with any of ``name``, ``entities`` (in every form a value's entities take),
    ``sentences``, ``sentiment`` (raw text-classification output too) and optionally ``text``;
    or anything else SentimentPanel shows (a PanelData, a spaCy Doc, (token, label) pairs),
    whose text must then be ``text``. Errors name the fields from ``where``
    (``reference.entities[3]``)."""
    if isinstance(value, Reference):
        return value.rechecked(where)  # it may have been changed since it was built
    name = "reference"
    if isinstance(value, Mapping) and "text" not in value:
        extra = set(value) - _REFERENCE_KEYS
        if extra:
            raise ValueError(f"{where}: unknown key(s) {_keys(extra)}; expected {REFERENCE_FORMS}")
        name = value.get("name", name)
        entities = _entities_from(value.get("entities"), text, f"{where}.entities")
        raw_sentiment = value.get("sentiment")
        sentiment = None if raw_sentiment is None else sentiment_from_text_classification(raw_sentiment, f"{where}.sentiment")
        sentences = _sentences_from(value.get("sentences"), f"{where}.sentences")
    else:
        if isinstance(value, Mapping):
            name = value.get("name", name)
            value = {k: v for k, v in value.items() if k != "name"}
            if "reference" in value:
                raise ValueError(f"{where}: a reference cannot hold a reference of its own")
        elif isinstance(value, PanelData) and value.reference is not None:
            raise ValueError(f"{where}: a reference cannot hold a reference of its own")
        try:
            other = to_panel_data(value)
        except ValueError as err:
            raise ValueError(f"{where}: {err}") from None
        differ = first_difference(text, other.text, "the value", "the reference")
        if differ:
            raise ValueError(f"{where}: not an analysis of the value's text: {differ}")
        if other.attributions:
            raise ValueError(
                f"{where}: has {len(other.attributions)} attributions, which a reference does not hold "
                "(it holds 'name', 'entities', 'sentences' and 'sentiment'); leave them out"
            )
        entities, sentences, sentiment = other.entities, other.sentences, other.sentiment
    return Reference.checked(
        {"name": name, "entities": entities, "sentences": sentences, "sentiment": sentiment}, where
    )


def _attributions_from(value: Any) -> list[Attribution]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(
            f"attributions: expected a list of {{'start', 'end', 'weight'}} dicts, got {_describe(value)}"
        )
    out = []
    for i, item in enumerate(value):
        if isinstance(item, Attribution):
            out.append(item.rechecked(f"attributions[{i}]"))  # it may have been changed since it was built
            continue
        if not isinstance(item, Mapping):
            raise ValueError(f"attributions[{i}]: expected a dict with 'start', 'end' and 'weight', got {_describe(item)}")
        if set(item) != _ATTRIBUTION_KEYS:
            raise ValueError(
                f"attributions[{i}]: an attribution has exactly 'start', 'end' and 'weight', got {_describe(item)}"
            )
        out.append(
            Attribution.checked(
                {
                    "start": _plain_number(item["start"]),
                    "end": _plain_number(item["end"]),
                    "weight": _plain_number(item["weight"]),
                },
                f"attributions[{i}]",
            )
        )
    return out


def to_panel_data(
    value: Any, *, combine_adjacent: bool = False, adjacent_separator: str = "", strip_whitespace: bool = False
) -> PanelData:
    """Anything SentimentPanel shows -> PanelData.

    Accepts a PanelData; a ``str`` (plain text, nothing highlighted); a spaCy ``Doc``; a dict
    with ``text`` and any of ``entities`` (raw token-classification output of any aggregation
    strategy, InferenceClient elements, or our own entity dicts), ``sentiment`` (raw
    text-classification output), ``sentences``, ``attributions`` and ``reference`` (another
    analysis of the same text, see :func:`reference_from`); or gr.HighlightedText's
    list of ``(token, label)`` pairs. ``combine_adjacent`` and ``adjacent_separator`` join
    neighbours of the same label as gr.HighlightedText does, and ``strip_whitespace`` leaves the
    white space at each entity's edges out of it (see ``adapters.highlighted``).
    """
    if is_pairs_value(value):
        panel = panel_from_pairs(value, combine_adjacent=combine_adjacent, adjacent_separator=adjacent_separator)
    else:
        panel = _panel_from(value)
        if combine_adjacent:
            panel = combine_adjacent_entities(panel, adjacent_separator)
    return strip_entity_whitespace(panel) if strip_whitespace else panel


def _panel_from(value: Any) -> PanelData:
    if isinstance(value, PanelData):
        return value.rechecked()  # it may have been changed since it was built
    if isinstance(value, str):
        return PanelData(text=value)
    if isinstance(value, Mapping):
        extra = set(value) - _PANEL_KEYS
        if extra:
            raise ValueError(
                f"unknown key(s) {_keys(extra)} in the SentimentPanel value; expected 'text' and "
                "any of 'entities', 'sentiment', 'sentences', 'attributions', 'reference'"
            )
        if "text" not in value:
            raise ValueError("the SentimentPanel value dict needs a 'text' key")
        text = value["text"]
        if not isinstance(text, str):
            raise ValueError(f"text: expected a str, got {_describe(text)}")
        entities = _entities_from(value.get("entities"), text)
        raw_sentiment = value.get("sentiment")
        sentiment = None if raw_sentiment is None else sentiment_from_text_classification(raw_sentiment)
        sentences = _sentences_from(value.get("sentences"))
        attributions = _attributions_from(value.get("attributions"))
        raw_reference = value.get("reference")
        reference = None if raw_reference is None else reference_from(raw_reference, text)
        return PanelData.checked(
            {
                "text": text,
                "entities": entities,
                "sentiment": sentiment,
                "sentences": sentences,
                "attributions": attributions,
                "reference": reference,
            }
        )
    if is_spacy_doc(value):
        return panel_from_spacy_doc(value)
    raise ValueError(
        "SentimentPanel cannot show "
        f"{_describe(value)}; give it a str, a dict with 'text' and 'entities'/'sentiment'/"
        f"'sentences', {PAIRS_FORM}, a PanelData, or a spaCy Doc"
    )
