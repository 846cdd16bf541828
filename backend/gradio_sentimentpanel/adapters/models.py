"""What a model gives, read without knowing which kind of model it is: the labels a NER model
can give, and one model output -> Sentiment or entities, whatever its shape."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from ..data import Entity, PanelData, Sentiment
from ._common import _describe
from .classification import sentiment_from_text_classification
from .spacy import is_spacy_doc, is_spacy_language, panel_from_spacy_doc
from .tokens import entities_from_token_classification, is_outside, split_tag

__all__ = [
    "class_labels",
    "entities_from_output",
    "inference_client_kind",
    "is_pipeline",
    "labels_of",
    "sentiment_from_output",
]


def is_pipeline(obj: Any) -> bool:
    """A transformers ``Pipeline`` (duck-typed: a callable with a ``task`` name and a ``model``)."""
    return isinstance(getattr(obj, "task", None), str) and hasattr(obj, "model") and callable(obj)


def inference_client_kind(obj: Any) -> str | None:
    """``"sync"`` for a ``huggingface_hub.InferenceClient``, ``"async"`` for an
    ``AsyncInferenceClient`` (duck-typed: ``text_classification`` and ``token_classification``
    methods and a ``model`` attribute), None for anything else."""
    classify = getattr(obj, "text_classification", None)
    if not callable(classify) or not callable(getattr(obj, "token_classification", None)):
        return None
    if not hasattr(obj, "model"):
        return None
    return "async" if inspect.iscoroutinefunction(classify) else "sync"


def class_labels(model: Any) -> list[str]:
    """A transformers model's (or pipeline's) class names in class-index order, from its
    ``config.id2label``; ``[]`` when it has none."""
    config = getattr(getattr(model, "model", model), "config", None)
    id2label = getattr(config, "id2label", None)
    if not isinstance(id2label, Mapping) or not id2label:
        return []
    index = {}
    for key in id2label:
        try:
            index[key] = int(key)
        except (TypeError, ValueError):
            raise ValueError(
                f"config.id2label: expected class indices (0, 1, ...) as keys, got {_describe(key)}"
            ) from None
    return [str(tag) for key, tag in sorted(id2label.items(), key=lambda item: index[item[0]])]


def labels_of(model: Any) -> list[str] | None:
    """The entity labels a NER model can give, without IOB/BIOES prefixes and without the
    "outside" tag, in the model's own order.

    Reads a transformers pipeline's ``model.config.id2label`` or the labels of a spaCy
    ``Language``'s ``ner`` (or ``entity_ruler``) component. Returns None when the model does not
    say (a plain callable, or a model without label names); an editable panel then offers the
    labels present in its value.
    """
    if model is None:
        return None
    tags = class_labels(model)
    if tags:
        labels: list[str] = []
        for tag in tags:
            tag = tag.strip()
            if not tag or is_outside(tag):
                continue
            kind = split_tag(tag)[1].strip()
            if kind and kind not in labels:
                labels.append(kind)
        return labels or None
    if is_spacy_language(model):
        labels = []
        for name in ("ner", "entity_ruler", "span_ruler"):
            if name in model.pipe_names:
                for label in model.get_pipe(name).labels:
                    if label not in labels:
                        labels.append(label)
        return labels or None
    return None


def sentiment_from_output(output: Any, role: str = "sentiment") -> Sentiment:
    """One sentiment model's output for one text -> Sentiment: text-classification output in
    any shape, a spaCy ``Doc`` (its ``cats``), a PanelData (its sentiment) or a Sentiment."""
    if isinstance(output, Sentiment):
        return output
    if is_spacy_doc(output) and hasattr(output, "cats"):
        sentiment = panel_from_spacy_doc(output).sentiment
        if sentiment is None:
            raise ValueError(f"`{role}`: the spaCy Doc has no cats to read sentiment from")
        return sentiment
    if isinstance(output, PanelData):
        if output.sentiment is None:
            raise ValueError(f"`{role}` returned a PanelData without sentiment")
        return output.sentiment
    try:
        return sentiment_from_text_classification(output)
    except ValueError as err:
        if role == "sentiment":
            raise
        raise ValueError(f"`{role}`: {str(err).removeprefix('sentiment: ')}") from None


def entities_from_output(output: Any, text: str, role: str = "ner") -> list[Entity]:
    """One NER model's output for ``text`` -> entities with offsets into ``text``:
    token-classification output of any aggregation strategy, a spaCy ``Doc``, a PanelData or a
    list of Entity. An entity reaching past the end of ``text`` is refused."""
    if is_spacy_doc(output):
        entities = list(panel_from_spacy_doc(output).entities)
    elif isinstance(output, PanelData):
        entities = list(output.entities)
    elif isinstance(output, list) and output and all(isinstance(e, Entity) for e in output):
        entities = list(output)
    else:
        try:
            entities = entities_from_token_classification(output, text=text)
        except ValueError as err:
            raise ValueError(f"`{role}`: {err}") from None
    for e in entities:
        if e.end > len(text):
            raise ValueError(
                f"`{role}` returned an entity ({e.label}, {e.start}:{e.end}) ending beyond its input "
                f"of {len(text)} characters"
            )
    return entities
