"""What analysing a text will cost, known before it starts: ``Analyzer.estimate(text)``.

Splitting a text into sentences is cheap (about 70 ms for a megabyte); running the models over
them is what takes time. An app can route a text by its estimate (a long text to its own queue)
or refuse it with a clear message before any model runs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .backends import Backend, CallableBackend, RemoteBackend

__all__ = ["WorkEstimate", "estimate_work"]


@dataclass(frozen=True)
class WorkEstimate:
    """The work an Analyzer will do for one text.

    ``sentences`` and ``batches`` are exact. ``model_calls`` counts the calls per model
    ("sentiment", "ner"): a pipeline or spaCy model is called once per batch, a callable and a
    model on an inference server once per input (a sentence, or each window of a sentence longer
    than the model takes). The aspect model's calls, one per entity mention, are not known until
    the entities are found, so they are not counted; nor are the explainer's passes.
    """

    characters: int
    sentences: int
    batches: int
    model_calls: dict[str, int] = field(default_factory=dict)

    @property
    def calls(self) -> int:
        """All the counted model calls."""
        return sum(self.model_calls.values())

    def __str__(self) -> str:
        per_model = ", ".join(f"{role} {n:,}" for role, n in self.model_calls.items())
        calls = f"; {self.calls:,} model calls ({per_model})" if self.model_calls else ""
        return (
            f"{self.characters:,} characters, {self.sentences:,} sentence{'s' if self.sentences != 1 else ''} "
            f"in {self.batches:,} batch{'es' if self.batches != 1 else ''}{calls}"
        )


def _calls(backend: Backend, text: str, spans: Sequence[tuple[int, int]], batches: int) -> int:
    if isinstance(backend, (CallableBackend, RemoteBackend)):
        return len(backend.windows(text, spans))  # one call (or request) per input
    return batches  # a pipeline or spaCy's pipe: one call per batch


def estimate_work(
    text: str,
    spans: Sequence[tuple[int, int]],
    batch_size: int,
    backends: Sequence[Backend | None],
) -> WorkEstimate:
    """The estimate for ``text`` split into ``spans``, with ``backends`` (None for a model not given)."""
    batches = math.ceil(len(spans) / batch_size) if spans else 0
    calls = {b.role.name: _calls(b, text, spans, batches) for b in backends if b is not None}
    return WorkEstimate(characters=len(text), sentences=len(spans), batches=batches, model_calls=calls)
