"""A running weighted mean of sentiment distributions.

The analysis combines the distributions of windows, sentences and mentions with it, and
:func:`~gradio_sentimentpanel.export.entity_summary` the sentiments of an entity's mentions.
"""

from __future__ import annotations

from collections.abc import Sequence

from .data import Sentiment
from .rules import distribution

__all__ = ["Mean"]


class Mean:
    """A running weighted mean of sentiment distributions; labels missing from one count as 0.

    ``order`` (the model's label order) orders the labels of the result; labels the model did
    not list follow in the order they were first seen.
    """

    __slots__ = ("order", "totals", "weight")

    def __init__(self, order: Sequence[str] = ()) -> None:
        self.order = order
        self.totals: dict[str, float] = {label: 0.0 for label in order}
        self.weight = 0.0

    def add(self, sentiment: Sentiment | None, weight: float) -> None:
        if sentiment is None or weight <= 0:
            return
        self.weight += weight
        for label, score in distribution(sentiment).items():
            self.totals[label] = self.totals.get(label, 0.0) + weight * float(score)

    def result(self) -> Sentiment | None:
        """The mean so far, or None when nothing (of positive weight) was added."""
        if self.weight <= 0:
            return None
        scores = {label: min(1.0, max(0.0, total / self.weight)) for label, total in self.totals.items()}
        if self.order:
            known = [label for label in self.order if label in scores]
            scores = {label: scores[label] for label in known + [lb for lb in scores if lb not in known]}
        label = max(scores, key=lambda lb: scores[lb])
        return Sentiment(label=label, score=scores[label], scores=scores)
