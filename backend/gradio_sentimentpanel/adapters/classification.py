"""Text-classification output (transformers, InferenceClient, our own dicts) -> Sentiment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..data import Sentiment
from ._common import _describe, _get, _is_mapping_like, _keys, _plain_number, _repr

__all__ = ["sentiment_from_text_classification"]


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes)) and not _is_mapping_like(value)


def sentiment_from_text_classification(output: Any, where: str = "sentiment") -> Sentiment:
    """Turn transformers text-classification output for ONE text into a Sentiment.

    Accepts a ``Sentiment``; one ``{"label", "score"}`` dict (the pipeline's default top-1
    output); a list of such dicts (``top_k=None``: the full distribution, in any order); a list
    holding one such list (a batched call on one text); huggingface_hub
    ``TextClassificationOutputElement`` objects; or our own ``{"label", "score", "scores"}``.
    The top label is the one with the highest score; labels are kept as the model names them.
    Errors name the problem from ``where``, the part of the value this is (such as
    ``entities[2].sentiment``).
    """
    if isinstance(output, Sentiment):
        return output.rechecked(where)  # it may have been changed since it was built
    if output is None:
        raise ValueError(f"{where}: expected text-classification output, got None")
    if _is_mapping_like(output) or (hasattr(output, "label") and hasattr(output, "score")):
        label = _get(output, "label")
        score = _plain_number(_get(output, "score"))
        scores = _get(output, "scores")
        if label is None or score is None:
            raise ValueError(
                f"{where}: a text-classification result needs 'label' and 'score' keys, "
                f"got {_describe(output)}"
            )
        if isinstance(output, Mapping):
            extra = set(output) - {"label", "score", "scores"}
            if extra:
                raise ValueError(
                    f"{where}: unknown key(s) {_keys(extra)} in {_describe(output)}; "
                    "expected 'label', 'score' and optionally 'scores'"
                )
        if scores is None or (_is_mapping_like(scores) and not scores):
            scores = {label: score} if isinstance(label, str) else {}
        if not isinstance(scores, Mapping):
            raise ValueError(
                f"{where}.scores: expected a mapping of label -> probability, got {_describe(scores)}"
            )
        scores = {k: _plain_number(v) for k, v in scores.items()}
        return Sentiment.checked({"label": label, "score": score, "scores": scores}, where)
    if isinstance(output, Sequence) and not isinstance(output, (str, bytes)):
        items = list(output)
        depth = 0  # a list holding one list (a batched call on one text): unwrapped in a loop, however deep
        while items and all(_is_list(i) for i in items):
            if len(items) != 1:
                raise ValueError(
                    f"{where}{'[0]' * depth}: got results for {len(items)} texts (a batched call); "
                    "pass the output for one text"
                )
            items = list(items[0])
            depth += 1
        where += "[0]" * depth
        if not items:
            raise ValueError(f"{where}: text-classification output is an empty list")
        scores: dict[str, float] = {}
        for i, item in enumerate(items):
            label = _get(item, "label")
            score = _plain_number(_get(item, "score"))
            if label is None or score is None:
                raise ValueError(
                    f"{where}[{i}]: expected a dict with 'label' and 'score', got {_describe(item)}"
                )
            if isinstance(item, Mapping) and not item.keys() <= {"label", "score"}:
                raise ValueError(
                    f"{where}[{i}]: unknown key(s) {_keys(set(item) - {'label', 'score'})} in {_describe(item)}; "
                    "an item of a distribution has 'label' and 'score'"
                )
            if not isinstance(label, str):
                raise ValueError(f"{where}[{i}].label: expected a str, got {_describe(label)}")
            if label in scores:
                raise ValueError(f"{where}[{i}]: label {label!r} appears twice in the distribution")
            scores[label] = score
        try:
            top = max(scores, key=lambda k: scores[k])
        except TypeError:
            bad = {k: v for k, v in scores.items() if not isinstance(v, (int, float))}
            raise ValueError(f"{where}: scores must be numbers, got {_repr(bad)}") from None
        return Sentiment.checked({"label": top, "score": scores[top], "scores": scores}, where)
    raise ValueError(
        f"{where}: expected text-classification output (a {{'label', 'score'}} dict or a list "
        f"of them), got {_describe(output)}"
    )
