"""Analyzer: runs sentiment and NER models over a whole text and returns PanelData.

Orchestration only. The text is split into sentences (:mod:`.sentences`); batch after batch of
sentences, the sentiment pass and the entity pass cut them into model-sized windows and run
them through the models (:mod:`.backends`, :mod:`.windows`); the results are put back with
document offsets and combined (:mod:`.aggregate`) into a PanelData that grows as the batches
finish, for :meth:`Analyzer.stream`. ``transformers`` is imported only inside
:meth:`Analyzer.from_pretrained`, so this module imports without it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .aggregate import EntitySentiments, Mean
from .aspects import ASPECT_LABEL, AspectMatcher
from .backends import Backend, make_backend
from .explain import make_explainer
from .data import Attribution, Entity, PanelData, Sentence, entity_order
from .sentences import sentence_splitter
from .windows import Window

__all__ = ["Analyzer"]

DEFAULT_SENTIMENT_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
DEFAULT_NER_MODEL = "dslim/bert-base-NER"
DEFAULT_ASPECT_MODEL = "yangheng/deberta-v3-base-absa-v1.1"

ProgressCallback = Callable[..., Any]


def _check_local(model: str | None) -> None:
    """A model given as a path (absolute, or starting with "." or "~") must exist: say so at
    once, the same way with every transformers version, instead of asking the hub for it."""
    if model is None or not isinstance(model, str):
        return
    if (os.path.isabs(model) or model.startswith((".", "~"))) and not os.path.exists(os.path.expanduser(model)):
        raise OSError(f"no model folder at {model!r}")


@dataclass
class _State:
    """One text under analysis. Everything grows by appending, so building a result after each
    batch costs only what the batch added (plus list copies), never a pass over the history."""

    text: str
    spans: list[tuple[int, int]]
    entities: EntitySentiments
    document: Mean
    sentences: list[Sentence] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)


# the sentences lo:hi of one text, the unit a batch is made of
_Part = tuple[_State, int, int]


def _holding(windows: list[Window], entity: Entity) -> Window:
    """The window of a sentence to pair an entity with: the one that owns its start and holds
    it whole, else one that holds it whole, else the one that owns its start."""
    if len(windows) == 1:
        return windows[0]
    owner = next((w for w in windows if w.own_start <= entity.start < w.own_end), windows[-1])
    if owner.start <= entity.start and entity.end <= owner.end:
        return owner
    whole = [w for w in windows if w.start <= entity.start and entity.end <= w.end]
    return whole[0] if whole else owner


class Analyzer:
    """Runs a sentiment model and an NER model over a whole text and returns ``PanelData``.

    How a text is analysed:

    - It is split into sentences: by default with rules for languages written with spaces
      (:func:`~gradio_sentimentpanel.sentences.split_sentences`; line breaks always split), or
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
      :mod:`~gradio_sentimentpanel.aspects`); each occurrence becomes an entity labelled
      ``ASPECT`` with its sentiment found as above. They may overlap the NER entities.
    - With ``explain``, every word of every sentence gets an ``Attribution``: its signed
      contribution to the sentence's top label (positive: it pushes towards that label),
      scaled per sentence so that the strongest word weighs 1 or -1
      (:mod:`~gradio_sentimentpanel.explain`).
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
            ``True`` chooses ``"gradient"`` for a transformers pipeline and ``"occlusion"`` for
            anything else; or name the method: ``"gradient"`` (gradient x input on the input
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
    ):
        if sentiment is None and ner is None and aspect_sentiment is None:
            raise ValueError(
                "Analyzer needs a model: `sentiment`, `ner` or `aspect_sentiment` (or several); all are None"
            )
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"`batch_size` must be a positive int, got {batch_size!r}")
        if stride is not None and (not isinstance(stride, int) or stride < 0):
            raise ValueError(f"`stride` must be a non-negative int or None, got {stride!r}")
        if max_chars is not None and (not isinstance(max_chars, int) or max_chars < 8):
            raise ValueError(f"`max_chars` must be an int of at least 8 or None, got {max_chars!r}")
        if entity_sentiment not in ("document", "sentence"):
            raise ValueError(f"`entity_sentiment` must be 'document' or 'sentence', got {entity_sentiment!r}")
        self.batch_size = batch_size
        self.entity_sentiment = entity_sentiment
        self.split_sentences = sentence_splitter(sentences)
        options = {"batch_size": batch_size, "stride": stride, "max_chars": max_chars}
        self._sentiment = make_backend("sentiment", sentiment, **options) if sentiment is not None else None
        self._ner = make_backend("ner", ner, **options) if ner is not None else None
        self._aspect = make_backend("aspect", aspect_sentiment, **options) if aspect_sentiment is not None else None
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
            **kwargs: passed to :class:`Analyzer` (``aspects``, ``batch_size``, ``stride``, ...).
        """
        try:
            from transformers import pipeline
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError(
                "Analyzer.from_pretrained needs transformers and torch: "
                "pip install 'gradio_sentimentpanel[demo]'"
            ) from err
        if device is None:
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        for name in (sentiment_model, ner_model, aspect_model):
            _check_local(name)
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
        return cls(sentiment=sentiment, ner=ner, aspect_sentiment=aspect, **kwargs)

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
        return self._build(state)

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
                yield self._build(state)
                last = time.monotonic()

    def analyze_batch(self, texts: Sequence[str]) -> list[PanelData]:
        """Analyse several texts together: their sentences share the model batches, so many
        short texts (e.g. the requests a ``batch=True`` Gradio event gathers) cost about what one
        text of their combined length costs. Returns one PanelData per text, in order."""
        if isinstance(texts, str):
            raise TypeError("analyze_batch expects a list of str; call the Analyzer itself for one text")
        states = [self._start(t) for t in texts]
        for _ in self._steps([st for st in states if st is not None], None):
            pass
        return [PanelData(text=t) if st is None else self._build(st) for t, st in zip(texts, states)]

    # ---- internals -----------------------------------------------------------------------------

    def _start(self, text: Any) -> _State | None:
        if not isinstance(text, str):
            raise TypeError(f"Analyzer expects the text as a str, got {type(text).__name__}")
        spans = self.split_sentences(text)
        if not spans:
            return None
        order = self._sentiment.label_order if self._sentiment else ()
        return _State(
            text=text,
            spans=spans,
            entities=EntitySentiments(text, order, self.entity_sentiment),
            document=Mean(order),
        )

    def _steps(self, states: list[_State], progress: ProgressCallback | None) -> Iterator[bool]:
        """Analyse ``states`` batch by batch; yields after each batch, True after the last.

        A batch is ``batch_size`` consecutive sentences, taken text after text; a sentence is
        never split between batches, so every intermediate result covers whole sentences.
        """
        todo = [(st, k) for st in states for k in range(len(st.spans))]
        total = len(todo)
        if progress is not None:
            progress(0.0, desc=f"Analysing {total} sentence{'s' if total != 1 else ''}")
        for lo in range(0, total, self.batch_size):
            parts: list[_Part] = []
            for st, k in todo[lo : lo + self.batch_size]:
                if parts and parts[-1][0] is st:
                    parts[-1] = (st, parts[-1][1], k + 1)
                else:
                    parts.append((st, k, k + 1))
            self._sentiment_pass(parts)
            found = self._entity_pass(parts)
            self._aspect_terms(parts, found)
            self._aspect_pass(parts, found)
            self._add_entities(parts, found)
            hi = min(lo + self.batch_size, total)
            if progress is not None:
                progress(hi / total, desc=f"Analysed {hi} of {total} sentences")
            yield hi == total

    @staticmethod
    def _windows(backend: Backend, parts: list[_Part]) -> list[tuple[_State, Window]]:
        return [
            (st, w) for st, lo, hi in parts for w in backend.windows(st.text, st.spans[lo:hi], first_index=lo)
        ]

    def _sentiment_pass(self, parts: list[_Part]) -> None:
        """Sentence sentiment for the sentences of ``parts`` (one model call for them all), and
        their share of the document sentiment."""
        means: dict[tuple[int, int], Mean] = {}
        jobs: list[tuple[_State, Window]] = []
        if self._sentiment is not None:
            jobs = self._windows(self._sentiment, parts)
            found = self._sentiment.sentiments([st.text[w.start : w.end] for st, w in jobs])
            for (st, window), sentiment in zip(jobs, found, strict=True):
                mean = means.setdefault((id(st), window.sentence), Mean(st.document.order))
                mean.add(sentiment, max(window.own_end - window.own_start, 1))
        for st, lo, hi in parts:
            for k in range(lo, hi):
                mean = means.get((id(st), k))
                sentiment = mean.result() if mean else None
                s, e = st.spans[k]
                st.sentences.append(Sentence(start=s, end=e, sentiment=sentiment))
                st.document.add(sentiment, float(e - s))
        if self._explainer is not None and self._sentiment is not None:
            self._explain_pass(jobs)

    def _explain_pass(self, jobs: list[tuple[_State, Window]]) -> None:
        """The attributions of the sentences just analysed: each window explained for its
        sentence's top label, the words a window owns kept, scaled per sentence."""
        todo = [(st, w) for st, w in jobs if st.sentences[w.sentence].sentiment is not None]
        found = self._explainer.explain(
            [st.text[w.start : w.end] for st, w in todo],
            [st.sentences[w.sentence].sentiment.label for st, w in todo],
        )
        per_sentence: dict[tuple[int, int], tuple[_State, list[tuple[int, int, float]]]] = {}
        for (st, window), weights in zip(todo, found, strict=True):
            _, kept = per_sentence.setdefault((id(st), window.sentence), (st, []))
            for start, end, weight in weights:
                start, end = start + window.start, end + window.start
                if window.own_start <= start < window.own_end:
                    kept.append((start, end, weight))
        for st, kept in per_sentence.values():
            strongest = max((abs(w) for _, _, w in kept), default=0.0)
            scale = 1.0 / strongest if strongest > 0 else 0.0
            last_end = -1
            for start, end, weight in sorted(kept):
                if start < last_end:
                    continue  # the rest of a word a window edge cut; its owner holds the whole word
                last_end = end
                st.attributions.append(
                    Attribution(start=start, end=end, weight=max(-1.0, min(1.0, weight * scale)))
                )

    def _entity_pass(self, parts: list[_Part]) -> dict[int, list[tuple[int, Entity]]]:
        """Entities of the sentences of ``parts`` (one model call for them all), with document
        offsets, each reported once (by the window that owns its start): for each text (by
        ``id``), a list of (sentence number, entity)."""
        per_text: dict[int, list[tuple[int, Entity]]] = {}
        if self._ner is None:
            return per_text
        jobs = self._windows(self._ner, parts)
        found = self._ner.entities([st.text[w.start : w.end] for st, w in jobs])
        for (st, window), entities in zip(jobs, found, strict=True):
            for entity in entities:
                start, end = entity.start + window.start, entity.end + window.start
                if not (window.own_start <= start < window.own_end):
                    continue  # found again in the overlap of the neighbouring window
                moved = entity.model_copy(update={"start": start, "end": end})
                per_text.setdefault(id(st), []).append((window.sentence, moved))
        return per_text

    def _aspect_terms(self, parts: list[_Part], found: dict[int, list[tuple[int, Entity]]]) -> None:
        """The occurrences of the aspect terms in the sentences of ``parts``, as ``ASPECT`` entities."""
        if self._aspects is None:
            return
        for st, lo, hi in parts:
            for k in range(lo, hi):
                s, e = st.spans[k]
                for start, end in self._aspects.find(st.text, s, e):
                    found.setdefault(id(st), []).append((k, Entity(start=start, end=end, label=ASPECT_LABEL)))

    def _aspect_pass(self, parts: list[_Part], found: dict[int, list[tuple[int, Entity]]]) -> None:
        """Each entity of ``parts`` without a sentiment of its own gets the aspect model's
        sentiment for (its sentence, or the window of it that holds the entity; its text), all
        pairs in one model call."""
        if self._aspect is None:
            return
        backend = self._aspect
        todo = [
            (st, n, k, entity)
            for st, _, _ in parts
            for n, (k, entity) in enumerate(found.get(id(st), []))
            if entity.sentiment is None
        ]
        if not todo:
            return
        targets = [" ".join(st.text[e.start : e.end].split()) for st, _, _, e in todo]
        reserve = backend.reserve(targets)
        windows: dict[tuple[int, int], list[Window]] = {}
        for st, _, k, _ in todo:
            if (id(st), k) not in windows:
                windows[(id(st), k)] = backend.windows(st.text, [st.spans[k]], first_index=k, reserve=reserve)
        pairs = []
        for (st, _, k, entity), target in zip(todo, targets, strict=True):
            window = _holding(windows[(id(st), k)], entity)
            pairs.append((st.text[window.start : window.end], target))
        sentiments = backend.sentiments(pairs)
        for (st, n, k, entity), sentiment in zip(todo, sentiments, strict=True):
            found[id(st)][n] = (k, entity.model_copy(update={"sentiment": sentiment}))

    def _add_entities(self, parts: list[_Part], found: dict[int, list[tuple[int, Entity]]]) -> None:
        """Add the entities found in ``parts`` to their texts, in document order."""
        for st, _, _ in parts:
            # sentences are consecutive and own disjoint regions: sorting the new entities and
            # appending them keeps the whole list in document order
            for k, entity in sorted(found.pop(id(st), []), key=lambda ke: entity_order(ke[1])):
                sentiment = st.sentences[k].sentiment if self._sentiment is not None else None
                st.entities.add(entity, k, sentiment)

    def _build(self, state: _State) -> PanelData:
        """The PanelData of what has been analysed so far."""
        return PanelData(
            text=state.text,
            entities=state.entities.entities(),
            sentiment=state.document.result(),
            sentences=list(state.sentences),
            attributions=list(state.attributions),
        )
