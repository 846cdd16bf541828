"""gradio_sentimentpanel: an entity-highlighting sentiment panel for Gradio.

``SentimentPanel`` is the component; ``Analyzer`` runs models over whole texts; ``PanelData``,
``Entity``, ``Sentiment``, ``Sentence``, ``Attribution`` and ``Reference`` are the value it shows;
``compare`` measures how two analyses of one text agree (an ``Agreement``); ``WorkEstimate`` is
what ``Analyzer.estimate`` says a text will cost; ``load_pipeline`` and ``inference_client``
build the Analyzer's models one at a time; ``onnx_pipeline`` runs a transformers pipeline on
ONNX Runtime. Only the component is bound
in this module's namespace: the others are looked up on first use (PEP 562), so that Gradio's
documentation generator (``gradio cc docs``), which documents every class it finds here as a
component, sees the component alone, while ``from gradio_sentimentpanel import Analyzer`` works
as usual.
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING

from .sentimentpanel import SentimentPanel

if TYPE_CHECKING:
    from .agreement import Agreement, compare
    from .analysis.analyzer import Analyzer
    from .analysis.estimate import WorkEstimate
    from .analysis.loading import inference_client, load_pipeline
    from .analysis.runtime import onnx_pipeline
    from .data import Attribution, Entity, PanelData, Reference, Sentence, Sentiment

__all__ = [
    "Agreement",
    "Analyzer",
    "Attribution",
    "Entity",
    "PanelData",
    "Reference",
    "Sentence",
    "Sentiment",
    "SentimentPanel",
    "WorkEstimate",
    "compare",
    "inference_client",
    "load_pipeline",
    "onnx_pipeline",
]

_ELSEWHERE = {
    "Agreement": ".agreement",
    "Analyzer": ".analysis.analyzer",
    "Attribution": ".data",
    "Entity": ".data",
    "PanelData": ".data",
    "Reference": ".data",
    "Sentence": ".data",
    "Sentiment": ".data",
    "WorkEstimate": ".analysis.estimate",
    "compare": ".agreement",
    "inference_client": ".analysis.loading",
    "load_pipeline": ".analysis.loading",
    "onnx_pipeline": ".analysis.runtime",
}


def __getattr__(name: str) -> object:
    where = _ELSEWHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(_importlib.import_module(where, __name__), name)
