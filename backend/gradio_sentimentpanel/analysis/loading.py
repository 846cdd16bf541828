"""Models from names: transformers pipelines from the hub or a folder, inference clients from an
endpoint URL or a model id. The Analyzer's ``from_pretrained`` and ``from_endpoints`` build
their models here; ``transformers`` and ``huggingface_hub`` are imported only when asked for.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["check_local", "inference_client", "pretrained_pipelines"]


def check_local(model: str | None) -> None:
    """A model given as a path (absolute, or starting with "." or "~") must exist: say so at
    once, the same way with every transformers version, instead of asking the hub for it."""
    if model is None or not isinstance(model, str):
        return
    if (os.path.isabs(model) or model.startswith((".", "~"))) and not os.path.exists(os.path.expanduser(model)):
        raise OSError(f"no model folder at {model!r}")


def pretrained_pipelines(
    sentiment_model: str | None,
    ner_model: str | None,
    aspect_model: str | None,
    *,
    device: Any = None,
    aggregation_strategy: str = "first",
    pipeline_kwargs: dict[str, Any] | None = None,
) -> tuple[Any, Any, Any]:
    """The (sentiment, ner, aspect) transformers pipelines of these model ids or folders; None
    for a model that is None."""
    try:
        from transformers import pipeline
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Analyzer.from_pretrained needs transformers and torch: pip install 'gradio_sentimentpanel[demo]'"
        ) from err
    if device is None:
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    named = {"sentiment_model": sentiment_model, "ner_model": ner_model, "aspect_model": aspect_model}
    for role, name in named.items():
        if isinstance(name, os.PathLike):
            named[role] = name = os.fspath(name)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`{role}` must be a model id or a folder (a str or a path) or None, got {type(name).__name__} {name!r}")
        check_local(name)
    sentiment_model, ner_model, aspect_model = named.values()
    strategies = ("none", "simple", "first", "average", "max")
    if not isinstance(aggregation_strategy, str) or aggregation_strategy.lower() not in strategies:
        raise ValueError(f"`aggregation_strategy` must be one of {', '.join(map(repr, strategies))}, got {aggregation_strategy!r}")
    extra = dict(pipeline_kwargs or {})
    sentiment = (
        pipeline("text-classification", model=sentiment_model, device=device, **extra)
        if sentiment_model is not None
        else None
    )
    ner = (
        pipeline(
            "token-classification",
            model=ner_model,
            device=device,
            aggregation_strategy=aggregation_strategy,
            **extra,
        )
        if ner_model is not None
        else None
    )
    aspect = (
        pipeline("text-classification", model=aspect_model, device=device, **extra)
        if aspect_model is not None
        else None
    )
    return sentiment, ner, aspect


def inference_client(
    parameter: str,
    model: Any,
    *,
    token: str | None = None,
    timeout: float | None = None,
    provider: str | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """An ``InferenceClient`` for ``model`` (an endpoint URL or a model id), or ``model`` itself
    when it is a client already; None stays None. ``parameter`` names it in errors."""
    if model is None or not isinstance(model, str):
        return model
    if not model.strip():
        raise ValueError(f"`{parameter}`: expected an endpoint URL or a model id, got {model!r}")
    from huggingface_hub import InferenceClient  # a dependency of gradio itself

    kwargs: dict[str, Any] = {"model": model.strip(), "token": token, "timeout": timeout}
    if provider is not None:
        kwargs["provider"] = provider
    if headers:
        kwargs["headers"] = dict(headers)
    return InferenceClient(**kwargs)
