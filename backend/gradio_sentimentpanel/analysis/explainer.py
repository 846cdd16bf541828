"""What every explanation method is: word weights for a sentiment model's label, batched.

The methods themselves are in :mod:`~gradio_sentimentpanel.analysis.explain` (occlusion, and
the choice of a method) and :mod:`~gradio_sentimentpanel.analysis.gradients`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .backends import Backend
from .words import words

__all__ = ["Explainer", "Span", "batches"]

Span = tuple[int, int]


def batches(items: list[int], size: int) -> Iterator[list[int]]:
    """``items`` ``size`` at a time."""
    for k in range(0, len(items), size):
        yield items[k : k + size]


class Explainer:
    """Explains a sentiment model's label for texts, word by word (the methods, and
    what a weight measures: :mod:`~gradio_sentimentpanel.analysis.explain`)."""

    method: str

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.batch_size = max(1, int(backend.batch_size or 1))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.method!r}, {self.backend!r})"

    def explain(
        self, texts: list[str], labels: list[str]
    ) -> list[list[tuple[int, int, float]]]:
        """For each text (a sentence or a window of one, already small enough for the model),
        one (start, end, weight) per word of the text (offsets into that text, code points),
        weight the raw signed contribution of the word to label `labels[i]` (positive = towards it).
        NOT normalised (the analyzer merges the windows of a sentence and normalises per sentence
        so the largest |weight| is 1). Batched: texts go through the model `batch_size` at a time."""
        if len(texts) != len(labels):
            raise ValueError(
                f"explain: got {len(texts)} texts but {len(labels)} labels"
            )
        spans = [words(t) for t in texts]
        weights = self._weights(list(texts), list(labels), spans)
        return [
            [(s, e, float(w)) for (s, e), w in zip(sp, ws, strict=True)]
            for sp, ws in zip(spans, weights, strict=True)
        ]

    def _weights(
        self, texts: list[str], labels: list[str], spans: list[list[Span]]
    ) -> list[list[float]]:
        raise NotImplementedError
