"""spaCy objects, duck-typed (spaCy is never imported): a ``Doc`` -> PanelData (its entities,
span groups, categories and sentences), and the checks that tell a ``Language`` or a ``Doc``
from other objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..data import Entity, PanelData
from ._common import _describe, _plain_number, _repr
from .classification import sentiment_from_text_classification

__all__ = ["from_spacy", "is_spacy_doc", "is_spacy_language", "panel_from_spacy_doc", "sentence_offsets"]


def is_spacy_language(obj: Any) -> bool:
    """A spaCy ``Language`` (duck-typed: callable, with ``pipe`` and ``pipe_names``)."""
    return hasattr(obj, "pipe") and hasattr(obj, "pipe_names") and callable(obj)


def is_spacy_doc(obj: Any) -> bool:
    """A spaCy ``Doc`` (duck-typed: ``text`` and ``ents``; not a dict or a str)."""
    return hasattr(obj, "text") and hasattr(obj, "ents") and not isinstance(obj, (Mapping, str))


def panel_from_spacy_doc(doc: Any, spans_key: str | None = None) -> PanelData:
    """A spaCy ``Doc`` (duck-typed) -> PanelData.

    ``doc.ents`` and the spans of ``doc.spans`` (span groups: every group, or only the group
    ``spans_key`` names, as displaCy's ``spans_key`` option does) become entities
    (``start_char``/``end_char``/``label_``, and ``kb_id_`` as ``kb_id`` when it is not empty);
    they may overlap. An entity that appears more than once with the same start, end and label
    (in ``doc.ents`` and in a span group, in two groups, or twice in one) is kept once, with its
    ``kb_id`` when one of them has it; mentions linked to different ``kb_id`` are all kept.
    ``doc.cats`` becomes the document sentiment when present (the top category, with the full
    distribution), and ``doc.sents`` the sentences when the doc has sentence boundaries.
    A span that is not what a spaCy Span holds, a ``spans_key`` the doc has no group for, or
    ``cats`` that are not a mapping of label -> number raise ``ValueError`` saying where.
    """
    text = doc.text
    if not isinstance(text, str):
        raise ValueError(f"spaCy doc.text: expected a str, got {_describe(text)}")
    ents = _listed(doc.ents, "spaCy doc.ents")
    entities = [_span_entity(ent, f"spaCy doc.ents[{i}]", len(text)) for i, ent in enumerate(ents)]
    for key, group in _span_groups(doc, spans_key):
        where = f"spaCy doc.spans[{key!r}]"
        entities.extend(_span_entity(span, f"{where}[{i}]", len(text)) for i, span in enumerate(_listed(group, where)))
    sentiment = _sentiment_from_cats(getattr(doc, "cats", None))
    sentences = []
    if _has_sentences(doc):
        sentences = [{"start": s.start_char, "end": s.end_char} for s in doc.sents]
    return PanelData(text=text, entities=entities_once(entities), sentiment=sentiment, sentences=sentences)


def from_spacy(doc: Any, spans_key: str | None = None) -> PanelData:
    """A spaCy ``Doc`` -> PanelData, reading only the span group ``spans_key`` when it is given
    (``SentimentPanel`` shows a Doc with every group; return ``from_spacy(doc, spans_key="sc")``
    from an event to show one). Entities, categories and sentences are read as
    ``panel_from_spacy_doc`` reads them; anything but a Doc raises ``ValueError``."""
    if not is_spacy_doc(doc):
        hint = " (a Language: pass nlp(text), the Doc it makes)" if is_spacy_language(doc) else ""
        raise ValueError(f"from_spacy: expected a spaCy Doc, got {_describe(doc)}{hint}")
    return panel_from_spacy_doc(doc, spans_key=spans_key)


def _listed(spans: Any, where: str) -> list:
    if isinstance(spans, (str, bytes, Mapping)) or not isinstance(spans, Iterable):
        raise ValueError(f"{where}: expected a sequence of Spans, got {_describe(spans)}")
    return list(spans)


def _span_groups(doc: Any, spans_key: str | None) -> list[tuple[Any, Any]]:
    """The span groups to read: every group of ``doc.spans`` in its order, or the one named."""
    groups = getattr(doc, "spans", None)
    if spans_key is not None and not isinstance(spans_key, str):
        raise ValueError(f"spans_key: expected the name of a span group (a str), got {_describe(spans_key)}")
    if groups is None:
        if spans_key is not None:
            raise ValueError(f"spans_key={spans_key!r}: this spaCy Doc has no span groups (doc.spans)")
        return []
    if not isinstance(groups, Mapping) and not (hasattr(groups, "keys") and hasattr(groups, "__getitem__")):
        raise ValueError(f"spaCy doc.spans: expected a mapping of key -> span group, got {_describe(groups)}")
    keys = list(groups.keys())
    if spans_key is None:
        return [(key, groups[key]) for key in keys]
    if spans_key not in keys:
        raise ValueError(f"spans_key={spans_key!r}: the spaCy Doc has no such span group (it has {_repr(keys)})")
    return [(spans_key, groups[spans_key])]


def _span_entity(span: Any, where: str, length: int) -> dict:
    """One spaCy Span -> an entity dict, checked on its own so that an error names the span."""
    try:
        start, end, label = span.start_char, span.end_char, span.label_
    except AttributeError:
        raise ValueError(
            f"{where}: expected a Span with start_char, end_char and label_, got {_describe(span)}"
        ) from None
    if isinstance(label, str) and not label.strip() and where.startswith("spaCy doc.spans"):
        raise ValueError(
            f"{where}: a span without a label ({label!r}) cannot be shown; "
            "give its spans labels, or pick a labelled group with spans_key"
        )
    kb_id = getattr(span, "kb_id_", None)
    if kb_id is not None and not isinstance(kb_id, str):
        raise ValueError(f"{where}.kb_id_: expected a str, got {_describe(kb_id)}")
    entity = Entity.checked({"start": start, "end": end, "label": label, "kb_id": kb_id or None}, where)
    if entity.end > length:
        raise ValueError(f"{where}: ends at {_repr(entity.end, 80)}, past the end of the text (length {length} code points)")
    return {"start": entity.start, "end": entity.end, "label": entity.label, "kb_id": entity.kb_id}


def entities_once(entities: Iterable[dict]) -> list[dict]:
    """Entity dicts with the same ``start``, ``end`` and ``label`` kept once, in order of first
    appearance. Their knowledge-base links (``kb_id``, ``kb_url``) must agree, or one of them
    must have none, in which case the other's is kept; entities linked differently are all kept."""
    kept: list[dict] = []
    seen: dict[tuple, list[int]] = {}
    for entity in entities:
        key = (entity["start"], entity["end"], entity["label"])
        link = (entity.get("kb_id"), entity.get("kb_url"))
        for j in seen.get(key, []):
            other = (kept[j].get("kb_id"), kept[j].get("kb_url"))
            if link == other or link == (None, None):
                break
            if other == (None, None):
                kept[j] = {**kept[j], "kb_id": link[0], "kb_url": link[1]}
                break
        else:
            seen.setdefault(key, []).append(len(kept))
            kept.append(dict(entity))
    return kept


def _sentiment_from_cats(cats: Any) -> Any:
    """``doc.cats`` (label -> score) -> the document Sentiment, or None without categories."""
    if cats is None:
        return None
    if not isinstance(cats, Mapping):
        raise ValueError(f"spaCy doc.cats: expected a mapping of label -> score, got {_describe(cats)}")
    if not cats:
        return None
    scores = {}
    for label, score in cats.items():
        if not isinstance(label, str):
            raise ValueError(f"spaCy doc.cats: a label must be a str, got {_describe(label)}")
        score = _plain_number(score)
        if isinstance(score, bool) or not isinstance(score, (int, float)):
            raise ValueError(f"spaCy doc.cats[{label!r}]: expected a number, got {_describe(score)}")
        scores[label] = score
    try:
        return sentiment_from_text_classification([{"label": k, "score": v} for k, v in scores.items()])
    except ValueError as err:
        raise ValueError(f"spaCy doc.cats: {err}") from None


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
