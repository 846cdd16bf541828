"""Text-classification output (transformers, InferenceClient, our own dicts) -> Sentiment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..data import Sentiment
from ._common import _describe, _get, _is_mapping_like, _plain_number, _validated

__all__ = ["sentiment_from_text_classification"]


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
        return output
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
                    f"{where}: unknown key(s) {sorted(extra)} in {_describe(output)}; "
                    "expected 'label', 'score' and optionally 'scores'"
                )
        if scores is None or (_is_mapping_like(scores) and not scores):
            scores = {label: score} if isinstance(label, str) else {}
        if not isinstance(scores, Mapping):
            raise ValueError(
                f"{where}.scores: expected a mapping of label -> probability, got {_describe(scores)}"
            )
        scores = {k: _plain_number(v) for k, v in scores.items()}
        return _validated(Sentiment, where, label=label, score=score, scores=scores)
    if isinstance(output, Sequence) and not isinstance(output, (str, bytes)):
        items = list(output)
        if not items:
            raise ValueError(f"{where}: text-classification output is an empty list")
        if all(isinstance(i, Sequence) and not isinstance(i, (str, bytes)) and not _is_mapping_like(i) for i in items):
            if len(items) != 1:
                raise ValueError(
                    f"{where}: got results for {len(items)} texts (a batched call); "
                    "pass the output for one text"
                )
            return sentiment_from_text_classification(items[0], f"{where}[0]")
        scores: dict[str, float] = {}
        for i, item in enumerate(items):
            label = _get(item, "label")
            score = _plain_number(_get(item, "score"))
            if label is None or score is None:
                raise ValueError(
                    f"{where}[{i}]: expected a dict with 'label' and 'score', got {_describe(item)}"
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
            raise ValueError(f"{where}: scores must be numbers, got {bad}") from None
        return _validated(Sentiment, where, label=top, score=scores[top], scores=scores)
    raise ValueError(
        f"{where}: expected text-classification output (a {'label', 'score'} dict or a list "
        f"of them), got {_describe(output)}"
    )
