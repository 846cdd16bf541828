"""Models from names: transformers pipelines from the hub or a folder, inference clients from an
endpoint URL or a model id. The Analyzer's ``from_pretrained`` and ``from_endpoints`` build
their models here; ``transformers`` and ``huggingface_hub`` are imported only when asked for.
"""

from __future__ import annotations

import os
from typing import Any

from . import runtime as runtimes
from .roles import ROLES

__all__ = ["check_local", "inference_client", "load_pipeline", "pretrained_pipelines"]


def check_local(model: str | None) -> None:
    """A model given as a path (absolute, or starting with "." or "~") must exist: say so at
    once, the same way with every transformers version, instead of asking the hub for it."""
    if model is None or not isinstance(model, str):
        return
    if (os.path.isabs(model) or model.startswith((".", "~"))) and not os.path.exists(os.path.expanduser(model)):
        raise OSError(f"no model folder at {model!r}")


def load_pipeline(
    role: str,
    model: str | os.PathLike,
    *,
    device: Any = None,
    aggregation_strategy: str = "first",
    pipeline_kwargs: dict[str, Any] | None = None,
    runtime: str = "torch",
    quantize: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    threads: int | None = None,
    progress: Any = None,
) -> Any:
    """A transformers pipeline for one of the Analyzer's models, built from a hub id or a folder.

    Parameters:
        role: what the model is for: ``"sentiment"`` (a text-classification model), ``"ner"``
            (token classification) or ``"aspect"`` (a text-pair classifier, for
            ``aspect_sentiment``).
        model: a model id on the hub or a local folder (a str or a path); a path that does not
            exist raises OSError at once.
        device: passed to ``transformers.pipeline``; ``None`` picks CUDA when available.
        aggregation_strategy: how an NER pipeline merges word pieces ("first" keeps each word
            whole; "simple" also works with slow tokenizers); other roles ignore it.
        pipeline_kwargs: further keyword arguments for ``transformers.pipeline``.
        runtime: ``"torch"`` (default) runs the model as transformers loads it; ``"onnx"`` runs
            it on ONNX Runtime on the CPU, exported once and kept in ``cache_dir``
            (``pip install 'gradio_sentimentpanel[onnx]'``).
        quantize: ``None`` (default) or ``"int8"`` (with ``runtime="onnx"``: int8 weights by
            dynamic quantisation, several times faster on a CPU and a quarter of the size).
        cache_dir: where ONNX exports are kept; default ``SENTIMENTPANEL_ONNX_CACHE`` or a
            ``gradio_sentimentpanel-onnx`` folder in the Hugging Face cache.
        threads: the threads of an ONNX model; default ``SENTIMENTPANEL_THREADS`` or the cores
            this process may use. ONNX models of one process run one at a time.
        progress: called with a message (a str) when an ONNX export starts and ends.

    ``Analyzer.from_pretrained`` builds its pipelines with it; an app that chooses its models
    one at a time (the demo) builds them with it too, and gives them to ``Analyzer(...)``.
    """
    (pipe,) = _pipelines(
        {role: model}, device, aggregation_strategy, pipeline_kwargs,
        runtime=runtime, quantize=quantize, cache_dir=cache_dir, threads=threads, progress=progress,
    ).values()
    return pipe


def pretrained_pipelines(
    sentiment_model: str | None,
    ner_model: str | None,
    aspect_model: str | None,
    *,
    device: Any = None,
    aggregation_strategy: str = "first",
    pipeline_kwargs: dict[str, Any] | None = None,
    **runtime: Any,
) -> tuple[Any, Any, Any]:
    """The (sentiment, ner, aspect) transformers pipelines of these model ids or folders; None
    for a model that is None. ``runtime`` holds load_pipeline's runtime options (``runtime``,
    ``quantize``, ``cache_dir``, ``threads``, ``progress``)."""
    named = {"sentiment": sentiment_model, "ner": ner_model, "aspect": aspect_model}
    built = _pipelines(
        {role: name for role, name in named.items() if name is not None}, device, aggregation_strategy, pipeline_kwargs,
        **runtime,
    )
    return built.get("sentiment"), built.get("ner"), built.get("aspect")


PARAMETERS = {"sentiment": "sentiment_model", "ner": "ner_model", "aspect": "aspect_model"}
STRATEGIES = ("none", "simple", "first", "average", "max")


def _pipelines(
    models: dict[str, Any],
    device: Any,
    aggregation_strategy: str,
    pipeline_kwargs: dict[str, Any] | None,
    *,
    runtime: str = "torch",
    quantize: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    threads: int | None = None,
    progress: Any = None,
) -> dict[str, Any]:
    """The pipelines of ``models`` (role -> model id or folder), every argument checked before
    the first is built."""
    for role in models:
        if role not in ROLES:
            raise ValueError(f"`role` must be one of {', '.join(map(repr, ROLES))}, got {role!r}")
    runtimes.check_runtime(runtime, quantize)
    onnx = runtime == "onnx"
    if onnx:
        if device is not None and str(device) not in ("cpu", "-1"):
            raise ValueError(f"runtime='onnx' runs on the CPU; `device` must be None or 'cpu', got {device!r}")
        device = "cpu"
        if threads is not None:
            runtimes.check_threads(threads)
        runtimes.onnxruntime()  # the extra is there, before anything is exported
    elif cache_dir is not None or threads is not None:
        raise ValueError("`cache_dir` and `threads` are options of runtime='onnx'; the runtime is 'torch'")
    try:
        from transformers import pipeline
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Analyzer.from_pretrained needs transformers and torch: pip install 'gradio_sentimentpanel[demo]'"
        ) from err
    if device is None:
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    named = dict(models)
    for role, name in named.items():
        if isinstance(name, os.PathLike):
            named[role] = name = os.fspath(name)
        if not isinstance(name, str):
            raise TypeError(
                f"`{PARAMETERS[role]}` must be a model id or a folder (a str or a path) or None, "
                f"got {type(name).__name__} {name!r}"
            )
        check_local(name)
    if not isinstance(aggregation_strategy, str) or aggregation_strategy.lower() not in STRATEGIES:
        raise ValueError(
            f"`aggregation_strategy` must be one of {', '.join(map(repr, STRATEGIES))}, got {aggregation_strategy!r}"
        )
    extra = dict(pipeline_kwargs or {})
    built = {}
    for role, name in named.items():
        options = ROLES[role].build_options(aggregation_strategy)
        model: Any = name
        kwargs = dict(extra)
        if onnx:
            model = runtimes.load_onnx(
                name, role, quantize=quantize, cache_dir=cache_dir, threads=threads, progress=progress
            )
            options["tokenizer"] = kwargs.pop("tokenizer", name)
        built[role] = pipeline(ROLES[role].tasks[0], model=model, device=device, **options, **kwargs)
    return built


def inference_client(
    model: Any,
    *,
    token: str | None = None,
    timeout: float | None = None,
    provider: str | None = None,
    headers: dict[str, str] | None = None,
    parameter: str = "model",
) -> Any:
    """A ``huggingface_hub.InferenceClient`` for one of the Analyzer's models on an inference
    server, as ``Analyzer.from_endpoints`` builds them.

    Parameters:
        model: the URL of an inference server or endpoint, or a model id the ``provider``
            serves; a client already is returned as it is, and None stays None.
        token: the token sent with every request (e.g. ``os.environ["HF_TOKEN"]``).
        timeout: seconds one request may take before it is abandoned (and retried).
        provider: the inference provider for model ids (``huggingface_hub``'s default when None).
        headers: further HTTP headers for every request.
        parameter: the name error messages give ``model``.
    """
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
