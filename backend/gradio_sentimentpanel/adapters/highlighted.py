"""gr.HighlightedText's values -> PanelData, and its ``combine_adjacent`` rule.

gr.HighlightedText shows a list of ``(token, label)`` pairs: the text is the tokens put
together, a ``str`` label marks its token as an entity, a number marks it with a weight between
-1 and 1, and None leaves it plain. Here a labelled token becomes an ``Entity`` over the token
as it is (white space included, as gr.HighlightedText highlights it; ``show_whitespaces=False``
strips it, see ``strip_entity_whitespace``) and a weighted one an ``Attribution`` over the word,
the token without the white space around it; nothing else about the text changes. Offsets are code-point indices, as everywhere in the package.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from typing import Any


from ..data import Entity, PanelData
from ..rules import entity_order
from ._common import _describe, _plain_number

__all__ = ["PAIRS_FORM", "combine_adjacent_entities", "is_pairs_value", "panel_from_pairs"]

PAIRS_FORM = "a list of (token, label) pairs as gr.HighlightedText takes (label: a str, a number in [-1, 1] or None)"

_Label = str | float | None


def is_pairs_value(value: Any) -> bool:
    """Whether ``value`` is given in gr.HighlightedText's list form (its items are checked by
    :func:`panel_from_pairs`)."""
    return isinstance(value, (list, tuple))


def _not_a_pair(i: int, item: Any, what: str = "") -> ValueError:
    message = f"value[{i}]: expected a (token, label) pair{what}, got {_describe(item)}"
    if isinstance(item, Mapping) and "token" in item:
        message += (
            "; gr.HighlightedText's {'token', 'class_or_confidence'} dicts become pairs with "
            "[(d['token'], d['class_or_confidence']) for d in value]"
        )
    return ValueError(message)


def _label_of(i: int, item: Any, label: Any) -> _Label:
    """A pair's label as plain data: None, a str, or a float weight in [-1, 1]."""
    if label is None:
        return None
    if isinstance(label, str):
        if not label.strip():
            raise ValueError(
                f"value[{i}]: a label must be a non-empty string, not only white space; "
                f"use None for plain text, got {_describe(item)}"
            )
        return str(label)
    number = _plain_number(label)
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise _not_a_pair(i, item, " whose label is a str, a number or None")
    if isinstance(number, int) and not -1 <= number <= 1:
        weight = math.inf  # compared as an int: one too large for a float is outside [-1, 1] too
    else:
        weight = float(number)
    if math.isnan(weight):
        raise ValueError(f"value[{i}]: the weight is NaN; a number label must be between -1 and 1, got {_describe(item)}")
    if not -1.0 <= weight <= 1.0:
        raise ValueError(
            f"value[{i}]: the weight {_describe(number).split(' ', 1)[1]} is outside [-1, 1]; a number label is a weight "
            f"between -1 and 1 (scale it first), got {_describe(item)}"
        )
    return weight


def _checked_pairs(value: Any) -> list[tuple[str, _Label]]:
    pairs: list[tuple[str, _Label]] = []
    first_str: int | None = None
    first_number: int | None = None
    for i, item in enumerate(value):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise _not_a_pair(i, item)
        token, raw = item
        if not isinstance(token, str):
            raise _not_a_pair(i, item, " whose token is a str")
        label = _label_of(i, item, raw)
        if isinstance(label, str):
            first_str = i if first_str is None else first_str
        elif label is not None:
            first_number = i if first_number is None else first_number
        if first_str is not None and first_number is not None:
            this, other = ("a number", "a str label") if first_str < i else ("a str label", "a number")
            j = min(first_str, first_number)
            raise ValueError(
                f"value[{i}]: {_describe(item)} has {this}, but value[{j}] {_describe(value[j])} has "
                f"{other}; a list holds either str labels or numbers (and None), not both"
            )
        pairs.append((str(token), label))
    return pairs


def _combined(pairs: list[tuple[str, _Label]], separator: str) -> list[tuple[str, _Label]]:
    """gr.HighlightedText's ``combine_adjacent``: empty tokens are left out, then each run of
    tokens with the same label (None included) becomes one token, joined by ``separator``."""
    out: list[tuple[str, _Label]] = []
    for token, label in pairs:
        if not token:
            continue
        if out and out[-1][1] == label:
            out[-1] = (out[-1][0] + separator + token, label)
        else:
            out.append((token, label))
    return out


def panel_from_pairs(value: Any, *, combine_adjacent: bool = False, adjacent_separator: str = "") -> PanelData:
    """gr.HighlightedText's list form -> PanelData.

    ``value`` is a list of ``(token, label)`` pairs (tuples, or 2-item lists as JSON has them).
    The text is the tokens put together. A ``str`` label makes an entity (no score) over its
    token as it is, white space included, as gr.HighlightedText highlights it; a number makes
    an attribution with that weight over the token without its white space (a token of only
    white space holds no word, so its weight is not shown); None and empty tokens add nothing. A list holds str labels or numbers, not both. With
    ``combine_adjacent``, runs of the same label are joined first (see :func:`_combined`).
    A bad item raises ``ValueError`` naming its index and the item.
    """
    pairs = _checked_pairs(value)
    if combine_adjacent:
        pairs = _combined(pairs, adjacent_separator)
    entities: list[dict[str, Any]] = []
    attributions: list[dict[str, Any]] = []
    pos = 0
    for token, label in pairs:
        n = len(token)
        if label is not None and n:
            core = token.strip()
            start = pos + (n - len(token.lstrip()))
            if isinstance(label, str):
                entities.append({"start": pos, "end": pos + n, "label": label})
            elif core:
                attributions.append({"start": start, "end": start + len(core), "weight": label})
        pos += n
    return PanelData.checked({"text": "".join(t for t, _ in pairs), "entities": entities, "attributions": attributions})


def _runs(entities: list[Entity]) -> list[list[Entity]]:
    """Entities grouped into runs: a run is entities of one label where each ends exactly where
    the next starts. Empty entities join no run."""
    by_label: dict[str, list[Entity]] = {}
    for entity in entities:
        by_label.setdefault(entity.label, []).append(entity)
    runs: list[list[Entity]] = []
    for same in by_label.values():
        same.sort(key=entity_order)
        current: list[Entity] = []
        for entity in same:
            if current and current[-1].end == entity.start and entity.start < entity.end and current[-1].start < current[-1].end:
                current.append(entity)
            else:
                if current:
                    runs.append(current)
                current = [entity]
        if current:
            runs.append(current)
    return runs


def _merged(run: list[Entity]) -> Entity:
    first = run[0]
    if len(run) == 1:
        return first
    scores = [e.score for e in run]
    score = None if any(s is None for s in scores) else sum(scores) / len(scores)
    sentiment = first.sentiment if all(e.sentiment == first.sentiment for e in run) else None
    return Entity(start=first.start, end=run[-1].end, label=first.label, score=score, sentiment=sentiment)


def combine_adjacent_entities(data: PanelData, separator: str = "") -> PanelData:
    """gr.HighlightedText's ``combine_adjacent`` for a text with entities: entities of the same
    label where one ends exactly where the next starts become one entity, and ``separator`` is
    put into the text at each such boundary (as gr.HighlightedText does with its dict form).

    The merged entity's score is the mean of its parts' when they all have one (None
    otherwise), and it keeps their sentiment when they share it. Every other offset moves with
    the inserted text: a span that ends at a boundary stays before the separator, one that
    starts there comes after it, one across it holds it. A reference's entities and sentences
    move with the text too, and are not combined (the reference stays as it was given). Returns
    ``data`` itself when nothing touches.
    """
    runs = _runs(data.entities)
    if all(len(run) == 1 for run in runs):
        return data
    points = sorted({e.start for run in runs for e in run[1:]}) if separator else []
    width = len(separator)

    def start_of(x: int, end: int) -> int:
        # an empty span at a boundary stays before the separator, as an end does
        return x + width * (bisect_right(points, x) if x < end else bisect_left(points, x))

    def end_of(x: int) -> int:
        return x + width * bisect_left(points, x)

    def moved(span: Any) -> Any:
        if not points:
            return span
        return span.model_copy(update={"start": start_of(span.start, span.end), "end": end_of(span.end)})

    text = data.text
    if points:
        cuts = [0, *points, len(text)]
        text = separator.join(text[a:b] for a, b in zip(cuts, cuts[1:]))
    return PanelData.checked(
        {
            "text": text,
            "entities": [moved(_merged(run)) for run in runs],
            "sentiment": data.sentiment,
            "sentences": [moved(s) for s in data.sentences],
            "attributions": [moved(a) for a in data.attributions],
            "reference": None
            if data.reference is None
            else data.reference.model_copy(
                update={
                    "entities": [moved(e) for e in data.reference.entities],
                    "sentences": [moved(s) for s in data.reference.sentences],
                }
            ),
        }
    )


def strip_entity_whitespace(data: PanelData) -> PanelData:
    """Each entity without the white space at its start and end, as gr.HighlightedText shows its
    tokens with ``show_whitespaces=False``; a reference's entities too, so that the two are
    compared alike. The text stays whole; an entity of nothing but white space is kept as it is,
    so nothing is lost. Entities stay in order (by start, longer first)."""
    entities = _stripped(data.text, data.entities)
    reference = data.reference
    if reference is not None:
        stripped = _stripped(data.text, reference.entities)
        reference = reference if stripped is None else reference.model_copy(update={"entities": stripped})
    if entities is None and reference is data.reference:
        return data
    return data.model_copy(
        update={"entities": data.entities if entities is None else entities, "reference": reference}
    )


def _stripped(text: str, entities: list[Entity]) -> list[Entity] | None:
    """``entities`` without the white space at their edges, in order; None when none has any."""
    out: list[Entity] = []
    changed = False
    for e in entities:
        start, end = e.start, e.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end or (start, end) == (e.start, e.end):
            out.append(e)
            continue
        out.append(e.model_copy(update={"start": start, "end": end}))
        changed = True
    if not changed:
        return None
    out.sort(key=entity_order)
    return out
