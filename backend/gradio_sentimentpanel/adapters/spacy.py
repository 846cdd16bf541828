"""spaCy objects, duck-typed (spaCy is never imported): a ``Doc`` -> PanelData, its sentences,
and the checks that tell a ``Language`` or a ``Doc`` from other objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ..data import PanelData, format_validation_error
from ._common import _describe
from .classification import sentiment_from_text_classification

__all__ = ["is_spacy_doc", "is_spacy_language", "panel_from_spacy_doc", "sentence_offsets"]


def is_spacy_language(obj: Any) -> bool:
    """A spaCy ``Language`` (duck-typed: callable, with ``pipe`` and ``pipe_names``)."""
    return hasattr(obj, "pipe") and hasattr(obj, "pipe_names") and callable(obj)


def is_spacy_doc(obj: Any) -> bool:
    """A spaCy ``Doc`` (duck-typed: ``text`` and ``ents``; not a dict or a str)."""
    return hasattr(obj, "text") and hasattr(obj, "ents") and not isinstance(obj, (Mapping, str))


def panel_from_spacy_doc(doc: Any) -> PanelData:
    """A spaCy ``Doc`` (duck-typed) -> PanelData.

    ``doc.ents`` become entities (``start_char``/``end_char``/``label_``), ``doc.cats`` becomes
    the document sentiment when present (the top category, with the full distribution), and
    ``doc.sents`` the sentences when the doc has sentence boundaries.
    """
    text = doc.text
    entities = []
    for i, ent in enumerate(doc.ents):
        try:
            start, end, label = ent.start_char, ent.end_char, ent.label_
        except AttributeError:
            raise ValueError(
                f"spaCy doc.ents[{i}]: expected a Span with start_char, end_char and label_, got {_describe(ent)}"
            ) from None
        entities.append({"start": start, "end": end, "label": label})
    cats = getattr(doc, "cats", None) or {}
    sentiment = None
    if cats:
        sentiment = sentiment_from_text_classification(
            [{"label": k, "score": v} for k, v in cats.items()]
        )
    sentences = []
    if _has_sentences(doc):
        sentences = [{"start": s.start_char, "end": s.end_char} for s in doc.sents]
    try:
        return PanelData(text=text, entities=entities, sentiment=sentiment, sentences=sentences)
    except ValidationError as err:
        raise ValueError(format_validation_error(err, "spaCy Doc")) from None


def _has_sentences(doc: Any) -> bool:
    has_annotation = getattr(doc, "has_annotation", None)
    if callable(has_annotation):
        try:
            if not (has_annotation("SENT_START") or has_annotation("DEP")):
                return False
        except Exception:  # noqa: BLE001 - an older Doc API; fall back to trying .sents
            pass
    try:
        iter(doc.sents)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def sentence_offsets(doc: Any) -> list[tuple[int, int]]:
    """A spaCy ``Doc``'s sentences as ``(start_char, end_char)`` pairs."""
    return [(s.start_char, s.end_char) for s in doc.sents]
