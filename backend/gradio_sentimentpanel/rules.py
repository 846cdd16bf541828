"""Rules that Python and the browser must apply alike, each written once here.

The browser writes each of them once too (``frontend/shared``: ``order.ts`` for entity order,
``summary.ts`` for entity identity and a sentiment's distribution). The tables of cases in
``tests/cases`` are read by pytest and by vitest, so the two cannot drift apart.

This module imports nothing of the package: the component and the analysis both use it.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["collapse_space", "distribution", "entity_key", "entity_order", "identity_text", "span_order"]


class _Extent(Protocol):
    start: int
    end: int


def span_order(start: int, end: int) -> tuple[int, int]:
    """The sort key of the span ``start:end`` in entity order: by start, then longer first (an
    entity comes before those it holds). Spans with the same offsets keep the order they came in
    (Python's sort is stable)."""
    return (start, -end)


def entity_order(entity: _Extent) -> tuple[int, int]:
    """The order of entities everywhere: by start, then longer first (an entity before those it holds)."""
    return (entity.start, -entity.end)


def collapse_space(text: str) -> str:
    """``text`` with each run of white space (what ``str.isspace`` calls white space) made one
    space, and none at either end."""
    return " ".join(text.split())


def identity_text(text: str) -> str:
    """What two mentions of one entity have in common: the text with white space collapsed
    and case folded (Unicode full case folding, ``str.casefold``: "Straße" and "STRASSE" are
    one; no normalisation: "café" in composed and decomposed spelling are two)."""
    return collapse_space(text).casefold()


def entity_key(label: str, text: str) -> tuple[str, str]:
    """Which entity a mention of ``text`` labelled ``label`` is: mentions with the same key are
    one entity (the same label, the same :func:`identity_text`)."""
    return label, identity_text(text)


def distribution(sentiment: Any) -> dict[str, float]:
    """The full distribution of a sentiment: its ``scores``, or, when it has none, its top label
    alone with its score."""
    return dict(sentiment.scores) if sentiment.scores else {sentiment.label: sentiment.score}
