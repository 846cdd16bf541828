"""Analyzer: runs sentiment and NER models over a whole text and returns PanelData.

Orchestration only. The text is split into sentences (:mod:`.sentences`); batch after batch of
sentences, the passes (:mod:`.passes`) cut them into model-sized windows and run them through
the models (:mod:`.backends`, :mod:`.windows`, :mod:`.remote` for inference servers); the
results are put back with document offsets and combined (:mod:`.aggregate`) into a PanelData
that grows as the batches finish, for :meth:`Analyzer.stream`. Models are built from names in
:mod:`.loading`; ``transformers`` is imported only there, so this module imports without it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

from .. import adapters
from ..data import PanelData, unencodable
from . import loading
from .aggregate import EntitySentiments, Mean
from .aspects import AspectMatcher
from .backends import RemoteBackend, make_backend
from .estimate import WorkEstimate, estimate_work
from .explain import make_explainer
from .passes import Part, Passes, State
from .remote import Pool, RetryPolicy
from .roles import ASPECT, NER, SENTIMENT
from .sentences import sentence_splitter

__all__ = ["Analyzer"]

DEFAULT_SENTIMENT_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
DEFAULT_NER_MODEL = "dslim/bert-base-NER"
DEFAULT_ASPECT_MODEL = "yangheng/deberta-v3-base-absa-v1.1"

ProgressCallback = Callable[..., Any]


class Analyzer:
    """Runs a sentiment model and an NER model over a whole text and returns ``PanelData``.

    How a text is analysed:

    - It is split into sentences: by default with rules for languages written with spaces
      (:func:`~gradio_sentimentpanel.analysis.sentences.split_sentences`; line breaks always split), or
      with the splitter given as ``sentences``.
    - Every sentence goes through each model. A sentence longer than a model's window (its
      tokenizer's ``model_max_length``, special tokens excluded) is cut into overlapping windows
      of whole tokens; entities keep document offsets and an entity found in two overlapping
      windows is reported once (each window owns the half of an overlap nearest to it).
      Nothing is truncated.
    - Sentence sentiment is the model's full label distribution (``top_k=None``); for a sentence
      cut into windows, the mean of its windows' distributions weighted by the characters each
      window owns.
    - Document sentiment is the mean of the sentence distributions weighted by sentence length
      in characters; its ``label`` is the label with the highest mean probability.
    - Entity sentiment answers one of two questions, depending on the models given:

      - With ``aspect_sentiment`` (an aspect-based, or target-based, model): *what does this
        sentence say about this entity?* Every mention gets the model's full distribution for
        the pair (the sentence that holds it, the mention's text), so in "I love Paris but hate
        London." the two cities get opposite sentiments. A mention in a sentence cut into
        windows is paired with the window that holds it.
      - Without it: *how positive are the sentences that mention it?* The unweighted mean of
        the distributions of those sentences. With ``entity_sentiment="document"`` (default)
        that is every sentence that mentions an entity with the same label and the same text
        (case-insensitive), so "Apple" gets one sentiment across the document; with
        ``"sentence"`` only the sentence of that mention. Entities of one sentence share its
        sentiment.

      A sentiment the NER model gives an entity itself is kept in both modes.
    - ``aspects`` are terms looked for in every sentence (whole words, case-insensitive, see
      :mod:`~gradio_sentimentpanel.analysis.aspects`); each occurrence becomes an entity labelled
      ``ASPECT`` with its sentiment found as above. They may overlap the NER entities.
    - With ``explain``, every word of every sentence gets an ``Attribution``: its signed
      contribution to the sentence's top label (positive: it pushes towards that label),
      scaled per sentence so that the strongest word weighs 1 or -1
      (:mod:`~gradio_sentimentpanel.analysis.explain`).
    - Windows are sent through the models ``batch_size`` at a time; :meth:`stream` yields the
      result after each batch of sentences.

    Parameters:
        sentiment: a transformers ``text-classification`` (``sentiment-analysis``) pipeline, a spaCy
            ``Language`` with a ``textcat`` component, or a callable taking one str and returning
            text-classification output (a dict, a list of dicts from ``top_k=None``, or a nested
            list) or a ``Sentiment``. ``None`` skips sentiment.
        ner: a transformers ``token-classification`` (``ner``) pipeline, a spaCy ``Language``, or a
            callable taking one str and returning token-classification output (list of dicts with
            ``start``, ``end``, ``entity``/``entity_group``, ``score``), a list of ``Entity``, or a
            spaCy ``Doc``. ``None`` skips entities.
        aspect_sentiment: an aspect-based sentiment model, which reads a (sentence, target) pair:
            a transformers ``text-classification`` pipeline of a text-pair model (it is called
            with ``{"text": sentence, "text_pair": target}``, e.g.
            ``yangheng/deberta-v3-base-absa-v1.1``), or a callable ``fn(sentence, target)``
            returning text-classification output or a ``Sentiment``. It needs targets: ``ner``,
            ``aspects`` or both. ``None``: entities take the sentiment of their sentences.
        aspects: terms to find and show as ``ASPECT`` entities, e.g. ``["battery", "screen",
            "price"]``; ``None`` finds none.
        explain: which words drive each sentence's sentiment: ``False`` (default) skips it;
            ``True`` chooses ``"gradient"`` for a transformers pipeline on torch and
            ``"occlusion"`` for anything else (a pipeline on ONNX Runtime too: gradients need
            torch); or name the method: ``"gradient"`` (gradient x input on the input
            embeddings: one backward pass per batch), ``"integrated_gradients"`` (captum,
            ``explain_steps`` steps; ``pip install 'gradio_sentimentpanel[explain]'``) or
            ``"occlusion"`` (each word left out in turn, the texts batched through the model;
            works for callables and spaCy too, at one model input per word).
        explain_steps: the integration steps of ``"integrated_gradients"``.
        batch_size: how many sentences (windows) go through a model at once.
        stride: overlap in tokens between the windows of an over-long sentence; default a quarter
            of the model's window.
        max_chars: window size in characters for spaCy and callables (spaCy default: its
            ``max_length``; callables: unlimited).
        entity_sentiment: ``"document"`` or ``"sentence"``, see above.
        sentences: how to split sentences: None (the default rules), a spaCy ``Language`` with a
            ``sentencizer``, ``senter`` or ``parser`` (for other languages, e.g.
            ``spacy.blank("de")`` with ``nlp.add_pipe("sentencizer")``), or a callable returning
            ``(start, end)`` code-point spans (e.g. pysbd, see the README).
        concurrency: how many requests to inference servers are in flight at once.
        retry_deadline: seconds within which a failed request to an inference server is retried.
        aggregation_strategy: for an NER model on an inference server (an ``InferenceClient``):
            how the server merges word pieces into entities ("first", "simple", "average",
            "max" or "none"), sent with every request; ``None`` leaves it to the server. A
            transformers pipeline is given its own when it is built.
    """

    def __init__(
        self,
        sentiment: Any = None,
        ner: Any = None,
        *,
        aspect_sentiment: Any = None,
        aspects: Sequence[str] | None = None,
        explain: bool | str = False,
        explain_steps: int = 16,
        batch_size: int = 16,
        stride: int | None = None,
        max_chars: int | None = None,
        entity_sentiment: Literal["document", "sentence"] = "document",
        sentences: Any = None,
        concurrency: int = 8,
        retry_deadline: float = 120.0,
        aggregation_strategy: str | None = None,
    ):
        if sentiment is None and ner is None and aspect_sentiment is None:
            raise ValueError(
                "Analyzer needs a model: `sentiment`, `ner` or `aspect_sentiment` (or several); all are None"
            )
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"`batch_size` must be a positive int, got {batch_size!r}")
        if stride is not None and (not isinstance(stride, int) or isinstance(stride, bool) or stride < 0):
            raise ValueError(f"`stride` must be a non-negative int or None, got {stride!r}")
        if max_chars is not None and (not isinstance(max_chars, int) or max_chars < 8):
            raise ValueError(f"`max_chars` must be an int of at least 8 or None, got {max_chars!r}")
        if entity_sentiment not in ("document", "sentence"):
            raise ValueError(f"`entity_sentiment` must be 'document' or 'sentence', got {entity_sentiment!r}")
        if not isinstance(concurrency, int) or isinstance(concurrency, bool) or concurrency < 1:
            raise ValueError(f"`concurrency` must be a positive int, got {concurrency!r}")
        if isinstance(retry_deadline, bool) or not isinstance(retry_deadline, (int, float)) or not retry_deadline >= 0:
            raise ValueError(f"`retry_deadline` must be a number of seconds >= 0, got {retry_deadline!r}")
        self.batch_size = batch_size
        self.entity_sentiment = entity_sentiment
        self.split_sentences = sentence_splitter(sentences)
        self.concurrency = concurrency
        options = {
            "batch_size": batch_size,
            "stride": stride,
            "max_chars": max_chars,
            "pool": Pool(concurrency),
            "policy": RetryPolicy(deadline=float(retry_deadline)),
        }
        self._sentiment = make_backend(SENTIMENT, sentiment, **options) if sentiment is not None else None
        self._ner = (
            make_backend(NER, ner, **options, aggregation_strategy=aggregation_strategy) if ner is not None else None
        )
        if aggregation_strategy is not None and not isinstance(self._ner, RemoteBackend):
            raise ValueError(
                "`aggregation_strategy` is sent to an NER model on an inference server (an InferenceClient), "
                f"but `ner` is {self._ner!r}; give a transformers pipeline its own when it is built"
            )
        self._aspect = make_backend(ASPECT, aspect_sentiment, **options) if aspect_sentiment is not None else None
        self._aspects = AspectMatcher(aspects) if aspects is not None else None
        if self._aspects is not None and not self._aspects.terms:
            self._aspects = None
        self._explainer = None
        if explain is not False:
            if self._sentiment is None:
                raise ValueError("`explain` explains the sentiment of sentences: it needs a `sentiment` model")
            self._explainer = make_explainer(explain, self._sentiment, steps=explain_steps)
        if self._aspect is not None and self._ner is None and self._aspects is None:
            raise ValueError(
                "`aspect_sentiment` needs targets to judge: give `ner` (its entities), `aspects` "
                "(terms to find), or both"
            )
        self._passes = Passes(self._sentiment, self._ner, self._aspect, self._aspects, self._explainer)

    @property
    def sentiment(self) -> Any:
        """The sentiment model as given (pipeline, spaCy Language or callable), or None."""
        return self._sentiment.model if self._sentiment else None

    @property
    def ner(self) -> Any:
        """The NER model as given (pipeline, spaCy Language or callable), or None."""
        return self._ner.model if self._ner else None

    @property
    def aspect_sentiment(self) -> Any:
        """The aspect-based sentiment model as given (pipeline or callable), or None."""
        return self._aspect.model if self._aspect else None

    @property
    def aspects(self) -> list[str]:
        """The aspect terms looked for (each distinct term once), or an empty list."""
        return list(self._aspects.terms) if self._aspects else []

    @property
    def explain(self) -> str | None:
        """The explanation method in use ("gradient", "integrated_gradients", "occlusion"), or None."""
        return self._explainer.method if self._explainer else None

    def __repr__(self) -> str:
        extra = f", aspect_sentiment={self._aspect!r}" if self._aspect else ""
        if self._aspects:
            extra += f", aspects={self._aspects.terms!r}"
        if self._explainer:
            extra += f", explain={self._explainer.method!r}"
        return f"Analyzer(sentiment={self._sentiment!r}, ner={self._ner!r}{extra}, batch_size={self.batch_size})"

    @classmethod
    def from_pretrained(
        cls,
        sentiment_model: str | None = DEFAULT_SENTIMENT_MODEL,
        ner_model: str | None = DEFAULT_NER_MODEL,
        aspect_model: str | None = None,
        *,
        device: Any = None,
        aggregation_strategy: str = "first",
        pipeline_kwargs: dict[str, Any] | None = None,
        runtime: Literal["torch", "onnx"] = "torch",
        quantize: Literal["int8"] | None = None,
        cache_dir: str | os.PathLike | None = None,
        threads: int | None = None,
        progress: Callable[[str], Any] | None = None,
        **kwargs: Any,
    ) -> Analyzer:
        """Build transformers pipelines from hub ids or local folders and wrap them.

        Parameters:
            sentiment_model: a text-classification model id or path; ``None`` skips sentiment.
            ner_model: a token-classification model id or path; ``None`` skips entities.
            aspect_model: a text-pair (aspect-based) sentiment model id or path, e.g.
                ``DEFAULT_ASPECT_MODEL`` (``yangheng/deberta-v3-base-absa-v1.1``), for
                ``aspect_sentiment``; ``None`` (default): entities take the sentiment of their
                sentences.
            device: passed to ``transformers.pipeline``; ``None`` picks CUDA when available.
            aggregation_strategy: how the NER pipeline merges word pieces ("first" keeps each word
                whole; "simple" also works with slow tokenizers).
            pipeline_kwargs: further keyword arguments for every ``transformers.pipeline`` call.
            runtime: ``"torch"`` (default) runs the models as transformers loads them;
                ``"onnx"`` runs them on ONNX Runtime on the CPU (``pip install
                'gradio_sentimentpanel[onnx]'``): each model is exported once with
                ``torch.onnx.export`` and kept in ``cache_dir``, so later starts load the
                export; an entry left incomplete or corrupt is exported again, and processes
                starting at once share one export (a lock file).
            quantize: ``None`` (default) or ``"int8"``, with ``runtime="onnx"``: int8 weights by
                onnxruntime's dynamic quantisation, several times faster than torch on a CPU.
            cache_dir: where ONNX exports are kept; default ``SENTIMENTPANEL_ONNX_CACHE`` or a
                ``gradio_sentimentpanel-onnx`` folder in the Hugging Face cache.
            threads: threads of each ONNX model; default ``SENTIMENTPANEL_THREADS`` or the
                cores this process may use (``os.sched_getaffinity``). The ONNX models of a
                process run one at a time, so several Analyzers share the cores.
            progress: called with a message (a str) when an ONNX export starts and ends (the
                first start exports, which takes a while).
            **kwargs: passed to :class:`Analyzer` (``aspects``, ``batch_size``, ``stride``, ...).
                With ``runtime="onnx"``, ``explain=True`` weighs words by occlusion, through
                the ONNX model (gradients need the torch model).
        """
        sentiment, ner, aspect = loading.pretrained_pipelines(
            sentiment_model,
            ner_model,
            aspect_model,
            device=device,
            aggregation_strategy=aggregation_strategy,
            pipeline_kwargs=pipeline_kwargs,
            runtime=runtime,
            quantize=quantize,
            cache_dir=cache_dir,
            threads=threads,
            progress=progress,
        )
        return cls(sentiment=sentiment, ner=ner, aspect_sentiment=aspect, **kwargs)

    @classmethod
    def from_endpoints(
        cls,
        sentiment: Any = None,
        ner: Any = None,
        aspect_sentiment: Any = None,
        *,
        token: str | None = None,
        timeout: float | None = 30.0,
        provider: str | None = None,
        headers: dict[str, str] | None = None,
        aggregation_strategy: str | None = "first",
        **kwargs: Any,
    ) -> Analyzer:
        """Models on inference servers, through ``huggingface_hub.InferenceClient``.

        Parameters:
            sentiment: the URL of a text-classification endpoint (an Inference Endpoint, a
                text-embeddings-inference server, any server with the same JSON), a model id its
                ``provider`` serves, or an ``InferenceClient``; ``None`` skips sentiment.
            ner: the same for a token-classification model; ``None`` skips entities.
            aspect_sentiment: the same for a text-pair (aspect-based) classifier, sent
                ``{"text": sentence, "text_pair": target}``; ``None``: entities take the
                sentiment of their sentences.
            token: the token sent with every request (e.g. ``os.environ["HF_TOKEN"]``).
            timeout: seconds one request may take before it is abandoned (and retried).
            provider: the inference provider for model ids (``huggingface_hub``'s default when
                None).
            headers: further HTTP headers for every request.
            aggregation_strategy: how the NER server merges word pieces into entities ("first",
                "simple", "average", "max" or "none"); ``None`` leaves it to the server.
            **kwargs: passed to :class:`Analyzer` (``concurrency``, ``retry_deadline``,
                ``aspects``, ``batch_size``, ...).
        """
        options = {"token": token, "timeout": timeout, "provider": provider, "headers": headers}
        ner = loading.inference_client(ner, parameter="ner", **options)
        return cls(
            sentiment=loading.inference_client(sentiment, parameter="sentiment", **options),
            ner=ner,
            aspect_sentiment=loading.inference_client(aspect_sentiment, parameter="aspect_sentiment", **options),
            aggregation_strategy=aggregation_strategy if adapters.inference_client_kind(ner) is not None else None,
            **kwargs,
        )

    # ---- public API --------------------------------------------------------------------------

    def __call__(self, text: str, progress: ProgressCallback | None = None) -> PanelData:
        """Analyse ``text`` and return its PanelData (empty PanelData for blank text).

        ``progress`` is called as ``progress(fraction, desc=...)``; a ``gr.Progress()`` fits.
        """
        state = self._start(text)
        if state is None:
            if progress is not None:
                progress(1.0, desc="Nothing to analyse")
            return PanelData(text=text)
        for _ in self._steps([state], progress):
            pass
        return self._passes.build(state)

    def stream(
        self, text: str, progress: ProgressCallback | None = None, every: float | None = None
    ) -> Iterator[PanelData]:
        """Yield growing PanelData while ``text`` is analysed; the last one equals ``self(text)``.

        Each yielded value holds the whole text, the sentences analysed so far with their
        sentiment, the entities found in them, and the document sentiment over them. A value is
        yielded after each batch of sentences or, with ``every`` (seconds), at most once per
        ``every`` seconds and always at the end. Blank text yields one empty PanelData.
        """
        state = self._start(text)
        if state is None:
            if progress is not None:
                progress(1.0, desc="Nothing to analyse")
            yield PanelData(text=text)
            return
        last = time.monotonic()
        for finished in self._steps([state], progress):
            if finished or every is None or time.monotonic() - last >= every:
                yield self._passes.build(state)
                last = time.monotonic()

    def estimate(self, text: str) -> WorkEstimate:
        """What analysing ``text`` will cost, without running a model: its characters,
        sentences, batches and model calls (see :class:`WorkEstimate`). Cheap (it only splits
        the sentences), so an app can route or refuse a text before it starts."""
        _check_text(text)
        spans = self.split_sentences(text)
        return estimate_work(text, spans, self.batch_size, [self._sentiment, self._ner])

    def analyze_batch(self, texts: Sequence[str]) -> list[PanelData]:
        """Analyse several texts together: their sentences share the model batches, so many
        short texts (e.g. the requests a ``batch=True`` Gradio event gathers) cost about what one
        text of their combined length costs. Returns one PanelData per text, in order."""
        if isinstance(texts, str):
            raise TypeError("analyze_batch expects a list of str; call the Analyzer itself for one text")
        states = [self._start(t, f"texts[{i}]") for i, t in enumerate(texts)]
        for i, st in enumerate(states):
            if st is not None and len(texts) > 1:
                st.name = f"texts[{i}] "
        for _ in self._steps([st for st in states if st is not None], None):
            pass
        return [PanelData(text=t) if st is None else self._passes.build(st) for t, st in zip(texts, states)]

    # ---- internals -----------------------------------------------------------------------------

    def _start(self, text: Any, name: str = "the text") -> State | None:
        _check_text(text, name)
        spans = self.split_sentences(text)
        if not spans:
            return None
        order = self._sentiment.label_order if self._sentiment else ()
        return State(
            text=text,
            spans=spans,
            entities=EntitySentiments(text, order, self.entity_sentiment),
            document=Mean(order),
        )

    def _steps(self, states: list[State], progress: ProgressCallback | None) -> Iterator[bool]:
        """Analyse ``states`` batch by batch; yields after each batch, True after the last.

        A batch is ``batch_size`` consecutive sentences, taken text after text; a sentence is
        never split between batches, so every intermediate result covers whole sentences.
        """
        todo = [(st, k) for st in states for k in range(len(st.spans))]
        total = len(todo)
        if progress is not None:
            progress(0.0, desc=f"Analysing {total} sentence{'s' if total != 1 else ''}")
        for lo in range(0, total, self.batch_size):
            parts: list[Part] = []
            for st, k in todo[lo : lo + self.batch_size]:
                if parts and parts[-1][0] is st:
                    parts[-1] = (st, parts[-1][1], k + 1)
                else:
                    parts.append((st, k, k + 1))
            self._passes.run(parts)
            hi = min(lo + self.batch_size, total)
            if progress is not None:
                progress(hi / total, desc=f"Analysed {hi} of {total} sentences")
            yield hi == total


def _check_text(text: Any, name: str = "the text") -> None:
    """A text the Analyzer can take: a str that can be encoded (checked before any model sees it)."""
    if not isinstance(text, str):
        raise TypeError(f"Analyzer expects {name} as a str, got {type(text).__name__}")
    problem = unencodable(text)
    if problem:
        raise ValueError(f"Analyzer: {name} {problem}")
