"""Analyzer: runs sentiment and NER models over a whole text and returns PanelData.

The text is split into sentences (:func:`split_sentences`), every sentence is cut into windows
that fit the model (only sentences longer than the model's window need more than one), the
windows are sent through the models in batches, and the results are put back together with
document offsets. ``transformers`` is imported only inside :meth:`Analyzer.from_pretrained`, so
this module imports without it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from gradio_sentimentpanel import adapters
from gradio_sentimentpanel.data import Entity, PanelData, Sentence, Sentiment

__all__ = ["Analyzer", "split_sentences"]

DEFAULT_SENTIMENT_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
DEFAULT_NER_MODEL = "dslim/bert-base-NER"

NER_TASKS = ("token-classification", "ner")
SENTIMENT_TASKS = ("text-classification", "sentiment-analysis")

# --------------------------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------------------------

# Abbreviations that never end a sentence: "Dr. Smith", "e.g. apples", "No. 5", "vs. them".
_NEVER_FINAL = frozenset(
    """
    mr mrs ms mx dr prof rev hon fr sr sen rep gov gen col capt cpt lt sgt maj cmdr adm pres
    st mt ft messrs mme mlle
    e.g i.e cf viz vs v al
    no nos fig figs eq eqs vol vols ch chap sec pp p para art op ed eds approx ca cca
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Abbreviations that may end a sentence: they split only when a capital letter follows.
_MAYBE_FINAL = frozenset(
    """
    etc inc ltd co corp llc plc bros jr dept univ assn est a.m p.m
    """.split()
)
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)\\]}\u300d\u300f\uff09"
# A run of terminal punctuation, then closing quotes/brackets, then whitespace (or, after
# CJK full stops, anything).
_BOUNDARY = re.compile(
    rf"(?P<term>[.!?\u2026\u203c\u2047\u2048\u2049]+)(?P<close>[{_CLOSERS}]*)(?=\s)"
    rf"|(?P<cjk>[\u3002\uff01\uff1f\uff61]+)(?P<cjk_close>[{_CLOSERS}]*)"
)
_DOTTED = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # U.S, e.g, U.S.A, a.m (trailing dot removed)
_OPENERS = "\"'\u201c\u2018\u00ab\u2039([{\u300c\u300e\uff08"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their ``(start, end)`` code-point offsets.

    Rules: a line break always ends a sentence; ``!`` and ``?`` end one when whitespace follows
    (when a closing quote follows them, only if the next word is not lower case); ``.`` and
    ``…`` end one when whitespace and then a character that is not a lower-case letter follow,
    except after known abbreviations ("Dr.", "e.g.", "No."), dotted acronyms ("U.S.", "U.S.A."),
    and single-letter initials ("J. R. R. Tolkien"); "etc.", "Inc.", "a.m." and friends end a
    sentence only before a capital letter. Decimals ("3.14") and dotted names ("example.com")
    never split because no whitespace follows the dot. CJK full stops split without whitespace.

    Every span is trimmed of surrounding whitespace; spans are sorted, do not overlap, and
    together cover every non-whitespace character of ``text``. Whitespace-only text gives ``[]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects a str, got {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        line_start, line_text = line.start(), line.group()
        cut = 0
        for m in _BOUNDARY.finditer(line_text):
            end = m.end()
            if m.group("term") is not None and not _ends_sentence(line_text, m):
                continue
            _append_trimmed(spans, text, line_start + cut, line_start + end)
            cut = end
        _append_trimmed(spans, text, line_start + cut, line_start + len(line_text))
    return spans


def _ends_sentence(line: str, m: re.Match[str]) -> bool:
    term, close = m.group("term"), m.group("close")
    rest = line[m.end() :].lstrip()
    nxt = rest[:1]
    next_lower = nxt.islower()
    if "!" in term or "?" in term or "\u203c" in term or "\u2047" in term or "\u2048" in term:
        return not (close and next_lower)
    if term != ".":  # an ellipsis, "..", "…"
        return not next_lower
    if next_lower:
        return False
    word = line[: m.start("term")].rsplit(None, 1)
    if not word:
        return True
    token = word[-1].lstrip(_OPENERS)
    if not token:
        return True
    folded = token.casefold()
    if folded in _NEVER_FINAL:
        return False
    if folded in _MAYBE_FINAL:
        return nxt.isupper()
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. Smith"
    if _DOTTED.match(token):
        if token.upper() == token:
            return False  # "U.S. President"
        return nxt.isupper()
    return True


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --------------------------------------------------------------------------------------------
# Model back ends
# --------------------------------------------------------------------------------------------


@dataclass
class _Window:
    """One model input: ``text[start:end]`` of sentence ``sentence``.

    ``own_start:own_end`` is the part of the sentence this window is responsible for: the
    windows of one sentence partition it, so overlapping windows never report an entity twice,
    and each window's sentiment is weighted by the length it owns.
    """

    sentence: int
    start: int
    end: int
    own_start: int
    own_end: int


def _is_pipeline(obj: Any) -> bool:
    return isinstance(getattr(obj, "task", None), str) and hasattr(obj, "model") and callable(obj)


def _is_spacy(obj: Any) -> bool:
    return hasattr(obj, "pipe") and hasattr(obj, "pipe_names") and callable(obj)


class _Backend:
    """Wraps one model (pipeline, spaCy Language or callable) behind one interface."""

    kind: str

    def __init__(self, role: str, model: Any, batch_size: int, stride: int | None, max_chars: int | None):
        self.role = role
        self.model = model
        self.batch_size = batch_size
        self.stride = stride
        self.max_chars = max_chars
        self.tokenizer = None
        self.max_tokens: int | None = None
        self.label_order: list[str] = []
        tasks = NER_TASKS if role == "ner" else SENTIMENT_TASKS
        if _is_pipeline(model):
            self.kind = "pipeline"
            if model.task not in tasks:
                raise ValueError(
                    f"`{role}` needs a {tasks[0]!r} pipeline (task {tasks[0]!r} or {tasks[1]!r}), "
                    f"but got a {model.task!r} pipeline"
                )
            self.tokenizer = getattr(model, "tokenizer", None)
            if self.tokenizer is None:
                raise ValueError(f"`{role}`: the {model.task!r} pipeline has no tokenizer")
            self.max_tokens = _window_tokens(model)
            id2label = getattr(getattr(model.model, "config", None), "id2label", None) or {}
            self.label_order = [id2label[i] for i in sorted(id2label)]
        elif _is_spacy(model):
            self.kind = "spacy"
            if role == "sentiment":
                names = set(model.pipe_names)
                if not names & {"textcat", "textcat_multilabel"}:
                    raise ValueError(
                        "`sentiment`: a spaCy pipeline used for sentiment needs a 'textcat' or "
                        f"'textcat_multilabel' component (its doc.cats); it has {list(model.pipe_names)}"
                    )
            if self.max_chars is None:
                self.max_chars = getattr(model, "max_length", None)
        elif callable(model):
            self.kind = "callable"
        else:
            raise TypeError(
                f"`{role}` must be a transformers {tasks[0]} pipeline, a spaCy Language or a callable "
                f"taking a str, but got {type(model).__name__}"
            )

    # ---- windows ---------------------------------------------------------------------------

    def windows(self, text: str, spans: Sequence[tuple[int, int]], first_index: int = 0) -> list[_Window]:
        """Cut the sentences ``spans`` of ``text`` into model-sized windows."""
        out: list[_Window] = []
        if self.kind == "pipeline":
            pieces = [text[s:e] for s, e in spans]
            enc = self.tokenizer(
                pieces, add_special_tokens=False, return_offsets_mapping=self.tokenizer.is_fast, verbose=False
            )
            for k, ((s, e), piece) in enumerate(zip(spans, pieces, strict=True)):
                n = len(enc["input_ids"][k])
                idx = first_index + k
                if n <= self.max_tokens:
                    out.append(_Window(idx, s, e, s, e))
                    continue
                if self.tokenizer.is_fast:
                    offsets = [tuple(o) for o in enc["offset_mapping"][k]]
                else:
                    offsets = self._word_offsets(piece)
                for ws, we, os_, oe in self._token_windows(piece, offsets):
                    out.append(_Window(idx, s + ws, s + we, s + os_, s + oe))
        else:
            for k, (s, e) in enumerate(spans):
                idx = first_index + k
                if self.max_chars is None or e - s <= self.max_chars:
                    out.append(_Window(idx, s, e, s, e))
                    continue
                piece = text[s:e]
                offsets = [(m.start(), m.end()) for m in re.finditer(r"\S+", piece)]
                limit = self.max_chars
                for ws, we, os_, oe in _char_windows(piece, offsets, limit):
                    out.append(_Window(idx, s + ws, s + we, s + os_, s + oe))
        return out

    def _word_offsets(self, piece: str) -> list[tuple[int, int]]:
        """Pseudo token offsets for tokenizers without offsets: each word repeated per token."""
        offsets: list[tuple[int, int]] = []
        for m in re.finditer(r"\S+", piece):
            count = max(1, len(self.tokenizer.tokenize(m.group())))
            offsets.extend([(m.start(), m.end())] * count)
        return offsets

    def _count(self, piece: str) -> int:
        return len(self.tokenizer(piece, add_special_tokens=False, verbose=False)["input_ids"])

    def _token_windows(self, piece: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
        """Overlapping windows over the tokens of one over-long sentence.

        Returns ``(start, end, own_start, own_end)`` character offsets into ``piece``. Windows
        start and end on word boundaries where the word is shorter than the window, and each is
        re-measured with the tokenizer so it never exceeds ``max_tokens``.
        """
        limit = self.max_tokens
        overlap = self.stride if self.stride is not None else limit // 4
        overlap = max(0, min(overlap, limit // 2))
        n = len(offsets)
        spans: list[tuple[int, int]] = []
        i = 0
        while True:
            j = min(i + limit, n)
            if j < n:
                # end at a word boundary unless one word fills the whole window
                boundary = j
                while boundary - 1 > i and _continues(piece, offsets, boundary):
                    boundary -= 1
                if boundary - 1 > i:
                    j = boundary
            start, end = offsets[i][0], offsets[j - 1][1]
            while j - 1 > i and self._count(piece[start:end]) > limit:
                j -= 1
                end = offsets[j - 1][1]
            spans.append((start, end))
            if j >= n:
                break
            # the next window starts `overlap` tokens back, at the start of a word if possible
            nxt = max(j - overlap, i + 1)
            back = nxt
            while back > i + 1 and _continues(piece, offsets, back):
                back -= 1
            i = nxt if _continues(piece, offsets, back) else back
        return _own(spans, len(piece))


def _continues(piece: str, offsets: list[tuple[int, int]], k: int) -> bool:
    """Whether token ``k`` continues the word of token ``k - 1`` (so no window may cut there)."""
    if k <= 0 or k >= len(offsets):
        return False
    prev_end, start = offsets[k - 1][1], offsets[k][0]
    if start < prev_end:
        return True  # same word (pseudo offsets) or overlapping pieces
    if start > prev_end:
        return False
    return piece[start - 1 : start].isalnum() and piece[start : start + 1].isalnum()


def _char_windows(piece: str, words: list[tuple[int, int]], limit: int) -> list[tuple[int, int, int, int]]:
    """Windows of at most ``limit`` characters over a sentence, overlapping by a quarter."""
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(piece)
    while True:
        end = min(start + limit, length)
        if end < length:
            cut = max((we for _, we in words if start < we <= end), default=end)
            end = cut if cut > start else end
        spans.append((start, end))
        if end >= length:
            break
        nxt = max(end - limit // 4, start + 1)
        aligned = min((ws for ws, _ in words if ws >= nxt), default=nxt)
        start = aligned if aligned < end else nxt
        while start < length and piece[start].isspace():
            start += 1
    return _own(spans, length)


def _own(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int, int, int]]:
    """Split overlapping windows into owned regions at the middle of each overlap."""
    out = []
    for k, (s, e) in enumerate(spans):
        own_s = 0 if k == 0 else out[-1][3]
        if k + 1 < len(spans):
            ns = spans[k + 1][0]
            own_e = (ns + e) // 2 if ns < e else ns
            own_e = max(own_e, own_s)
        else:
            own_e = length
        out.append((s, e, own_s, own_e))
    return out


def _window_tokens(pipe: Any) -> int:
    """Tokens a pipeline's model takes in one input, special tokens excluded."""
    tok = pipe.tokenizer
    config = getattr(pipe.model, "config", None)
    limit = getattr(tok, "model_max_length", None)
    positions = getattr(config, "max_position_embeddings", None)
    if not isinstance(limit, int) or limit <= 0 or limit > 1_000_000:
        limit = None
    if isinstance(positions, int) and positions > 0:
        # RoBERTa-style models reserve two positions beyond the tokenizer's limit
        limit = positions - 2 if limit is None else min(limit, positions)
    if limit is None:
        limit = 512
    special = tok.num_special_tokens_to_add(pair=False) if hasattr(tok, "num_special_tokens_to_add") else 2
    if limit - special < 4:
        raise ValueError(f"the {pipe.task!r} model's window ({limit} tokens) is too short to use")
    return limit - special


# --------------------------------------------------------------------------------------------
# Sentiment arithmetic
# --------------------------------------------------------------------------------------------


def _distribution(s: Sentiment) -> dict[str, float]:
    return dict(s.scores) if s.scores else {s.label: s.score}


class _Mean:
    """A running weighted mean of sentiment distributions; labels missing from one count as 0."""

    __slots__ = ("totals", "weight")

    def __init__(self, order: Sequence[str] = ()) -> None:
        self.totals: dict[str, float] = {label: 0.0 for label in order}
        self.weight = 0.0

    def add(self, sentiment: Sentiment | None, weight: float) -> None:
        if sentiment is None or weight <= 0:
            return
        self.weight += weight
        for label, score in _distribution(sentiment).items():
            self.totals[label] = self.totals.get(label, 0.0) + weight * float(score)

    def result(self, order: Sequence[str] = ()) -> Sentiment | None:
        if self.weight <= 0:
            return None
        scores = {label: min(1.0, max(0.0, total / self.weight)) for label, total in self.totals.items()}
        if order:
            known = [label for label in order if label in scores]
            scores = {label: scores[label] for label in known + [lb for lb in scores if lb not in known]}
        label = max(scores, key=lambda lb: scores[lb])
        return Sentiment(label=label, score=scores[label], scores=scores)


def _mean_sentiment(items: Iterable[tuple[Sentiment | None, float]], order: Sequence[str] = ()) -> Sentiment | None:
    """Weighted mean of sentiment distributions; labels missing from one count as 0."""
    mean = _Mean(order)
    for sentiment, weight in items:
        mean.add(sentiment, weight)
    return mean.result(order)


def _entity_key(text: str, entity: Entity) -> tuple[str, str]:
    return entity.label, " ".join(text[entity.start : entity.end].split()).casefold()


# --------------------------------------------------------------------------------------------
# Analyzer
# --------------------------------------------------------------------------------------------


@dataclass
class _State:
    """One text under analysis. Everything grows by appending, so building a result after each
    batch costs only what the batch added (plus list copies), never a pass over the history."""

    text: str
    spans: list[tuple[int, int]]
    order: Sequence[str] = ()
    done: int = 0  # sentences analysed
    sentences: list[Sentence] = field(default_factory=list)
    document: _Mean = field(default_factory=_Mean)
    raw: list[Entity] = field(default_factory=list)  # as found, document order
    shown: list[Entity] = field(default_factory=list)  # with their sentiment, as yielded
    # document-level entity sentiment: per (label, text) key, the sentences that mention it
    key_of: list[tuple[str, str] | None] = field(default_factory=list)
    key_sentences: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    key_means: dict[tuple[str, str], _Mean] = field(default_factory=dict)
    key_members: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    dirty: set[tuple[str, str]] = field(default_factory=set)


ProgressCallback = Callable[..., Any]


class Analyzer:
    """Runs a sentiment model and an NER model over a whole text and returns ``PanelData``.

    How a text is analysed:

    - It is split into sentences (:func:`split_sentences`); line breaks always split.
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
    - Entity sentiment is the unweighted mean of the distributions of the sentences that mention
      the entity. With ``entity_sentiment="document"`` (default) that is every sentence that
      mentions an entity with the same label and the same text (case-insensitive), so "Apple"
      gets one sentiment across the document; with ``"sentence"`` only the sentence of that
      mention. A sentiment the NER model gives an entity itself (aspect-based models) is kept.
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
        batch_size: how many sentences (windows) go through a model at once.
        stride: overlap in tokens between the windows of an over-long sentence; default a quarter
            of the model's window.
        max_chars: window size in characters for spaCy and callables (spaCy default: its
            ``max_length``; callables: unlimited).
        entity_sentiment: ``"document"`` or ``"sentence"``, see above.
    """

    def __init__(
        self,
        sentiment: Any = None,
        ner: Any = None,
        *,
        batch_size: int = 16,
        stride: int | None = None,
        max_chars: int | None = None,
        entity_sentiment: Literal["document", "sentence"] = "document",
    ):
        if sentiment is None and ner is None:
            raise ValueError("Analyzer needs a `sentiment` model, an `ner` model, or both; both are None")
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
        self._sentiment = (
            _Backend("sentiment", sentiment, batch_size, stride, max_chars) if sentiment is not None else None
        )
        self._ner = _Backend("ner", ner, batch_size, stride, max_chars) if ner is not None else None

    @property
    def sentiment(self) -> Any:
        """The sentiment model as given (pipeline, spaCy Language or callable), or None."""
        return self._sentiment.model if self._sentiment else None

    @property
    def ner(self) -> Any:
        """The NER model as given (pipeline, spaCy Language or callable), or None."""
        return self._ner.model if self._ner else None

    def __repr__(self) -> str:
        def name(backend: _Backend | None) -> str:
            if backend is None:
                return "None"
            model = backend.model
            if backend.kind == "pipeline":
                return f"pipeline({model.task!r}, model={getattr(model.model, 'name_or_path', '?')!r})"
            if backend.kind == "spacy":
                meta = getattr(model, "meta", {}) or {}
                return f"spacy({meta.get('lang', '?')}_{meta.get('name', '?')})"
            return getattr(model, "__qualname__", type(model).__name__)

        return f"Analyzer(sentiment={name(self._sentiment)}, ner={name(self._ner)}, batch_size={self.batch_size})"

    @classmethod
    def from_pretrained(
        cls,
        sentiment_model: str | None = DEFAULT_SENTIMENT_MODEL,
        ner_model: str | None = DEFAULT_NER_MODEL,
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
            device: passed to ``transformers.pipeline``; ``None`` picks CUDA when available.
            aggregation_strategy: how the NER pipeline merges word pieces ("first" keeps each word
                whole; "simple" also works with slow tokenizers).
            pipeline_kwargs: further keyword arguments for both ``transformers.pipeline`` calls.
            **kwargs: passed to :class:`Analyzer` (``batch_size``, ``stride``, ...).
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
        return cls(sentiment=sentiment, ner=ner, **kwargs)

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
        spans = split_sentences(text)
        if not spans:
            return None
        order = self._sentiment.label_order if self._sentiment else ()
        return _State(text=text, spans=spans, order=order, document=_Mean(order))

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
            parts: list[tuple[_State, int, int]] = []
            for st, k in todo[lo : lo + self.batch_size]:
                if parts and parts[-1][0] is st:
                    parts[-1] = (st, parts[-1][1], k + 1)
                else:
                    parts.append((st, k, k + 1))
            self._run_group(parts)
            hi = min(lo + self.batch_size, total)
            if progress is not None:
                progress(hi / total, desc=f"Analysed {hi} of {total} sentences")
            yield hi == total

    def _run_group(self, parts: list[tuple[_State, int, int]]) -> None:
        """Run both models over sentences ``lo:hi`` of each state in ``parts`` (one model call
        per model for the whole group) and record the results in the states."""
        if self._sentiment is not None:
            jobs = [
                (st, w) for st, lo, hi in parts
                for w in self._sentiment.windows(st.text, st.spans[lo:hi], first_index=lo)
            ]
            outputs = self._run(self._sentiment, [st.text[w.start : w.end] for st, w in jobs])
            means: dict[tuple[int, int], _Mean] = {}
            for (st, window), output in zip(jobs, outputs, strict=True):
                mean = means.setdefault((id(st), window.sentence), _Mean(st.order))
                mean.add(self._to_sentiment(output), max(window.own_end - window.own_start, 1))
            for st, lo, hi in parts:
                for k in range(lo, hi):
                    mean = means.get((id(st), k))
                    self._add_sentence(st, k, mean.result(st.order) if mean else None)
        else:
            for st, lo, hi in parts:
                for k in range(lo, hi):
                    self._add_sentence(st, k, None)
        if self._ner is not None:
            jobs = [
                (st, w) for st, lo, hi in parts
                for w in self._ner.windows(st.text, st.spans[lo:hi], first_index=lo)
            ]
            outputs = self._run(self._ner, [st.text[w.start : w.end] for st, w in jobs])
            found: dict[int, list[tuple[int, Entity]]] = {}
            for (st, window), output in zip(jobs, outputs, strict=True):
                piece = st.text[window.start : window.end]
                for entity in self._to_entities(output, piece):
                    start, end = entity.start + window.start, entity.end + window.start
                    if not (window.own_start <= start < window.own_end):
                        continue  # found again in the overlap of the neighbouring window
                    found.setdefault(id(st), []).append(
                        (
                            window.sentence,
                            Entity(start=start, end=end, label=entity.label, score=entity.score, sentiment=entity.sentiment),
                        )
                    )
            for st, _, _ in parts:
                # sentences are consecutive and own disjoint regions: sorting the new entities
                # and appending them keeps the whole list in document order
                for k, entity in sorted(found.pop(id(st), []), key=lambda ke: (ke[1].start, -ke[1].end)):
                    self._add_entity(st, k, entity)
        for st, _, hi in parts:
            st.done = max(st.done, hi)

    def _add_sentence(self, st: _State, k: int, sentiment: Sentiment | None) -> None:
        s, e = st.spans[k]
        st.sentences.append(Sentence(start=s, end=e, sentiment=sentiment))
        st.document.add(sentiment, float(e - s))

    def _add_entity(self, st: _State, k: int, entity: Entity) -> None:
        index = len(st.raw)
        st.raw.append(entity)
        sentence_sentiment = st.sentences[k].sentiment
        if entity.sentiment is not None or self._sentiment is None:
            st.key_of.append(None)  # the NER model's own (e.g. aspect) sentiment wins
            st.shown.append(entity)
        elif self.entity_sentiment == "sentence":
            st.key_of.append(None)
            st.shown.append(entity.model_copy(update={"sentiment": sentence_sentiment}))
        else:
            key = _entity_key(st.text, entity)
            st.key_of.append(key)
            st.shown.append(entity)  # its sentiment is filled in by _build
            st.key_members.setdefault(key, []).append(index)
            seen = st.key_sentences.setdefault(key, [])
            if not seen or seen[-1] != k:  # each mentioning sentence counts once
                seen.append(k)
                st.key_means.setdefault(key, _Mean(st.order)).add(sentence_sentiment, 1.0)
                st.dirty.add(key)

    def _build(self, state: _State) -> PanelData:
        """The PanelData of what has been analysed so far (entity sentiments brought up to date
        for the keys that gained a mentioning sentence since the last build)."""
        for key in state.dirty:
            mean = state.key_means[key]
            sentiment = mean.result(state.order)
            for index in state.key_members[key]:
                state.shown[index] = state.raw[index].model_copy(update={"sentiment": sentiment})
        state.dirty.clear()
        return PanelData(
            text=state.text,
            entities=list(state.shown),
            sentiment=state.document.result(state.order),
            sentences=list(state.sentences),
        )

    def _run(self, backend: _Backend, texts: list[str]) -> list[Any]:
        """Run one model over ``texts`` and return one raw output per text, in order."""
        if not texts:
            return []
        order = list(range(len(texts)))
        if backend.kind == "pipeline":
            kwargs: dict[str, Any] = {"batch_size": backend.batch_size}
            if backend.role == "sentiment":
                kwargs.update(top_k=None, truncation=True)
            # similar lengths side by side, so a batch is not padded to one long window
            order.sort(key=lambda k: len(texts[k]))
            ran = list(backend.model([texts[k] for k in order], **kwargs))
        elif backend.kind == "spacy":
            ran = list(backend.model.pipe(texts, batch_size=backend.batch_size))
        else:
            ran = [backend.model(t) for t in texts]
        if len(ran) != len(texts):
            raise ValueError(f"`{backend.role}` returned {len(ran)} results for {len(texts)} texts")
        outputs: list[Any] = [None] * len(texts)
        for k, output in zip(order, ran, strict=True):
            outputs[k] = output
        return outputs

    def _to_sentiment(self, output: Any) -> Sentiment:
        if isinstance(output, Sentiment):
            return output
        if hasattr(output, "cats") and hasattr(output, "ents"):
            sentiment = adapters.panel_from_spacy_doc(output).sentiment
            if sentiment is None:
                raise ValueError("`sentiment`: the spaCy Doc has no cats to read sentiment from")
            return sentiment
        if isinstance(output, PanelData):
            if output.sentiment is None:
                raise ValueError("`sentiment` returned a PanelData without sentiment")
            return output.sentiment
        return adapters.sentiment_from_text_classification(output)

    def _to_entities(self, output: Any, piece: str) -> list[Entity]:
        if hasattr(output, "ents") and hasattr(output, "text"):
            return list(adapters.panel_from_spacy_doc(output).entities)
        if isinstance(output, PanelData):
            return list(output.entities)
        if isinstance(output, list) and output and all(isinstance(e, Entity) for e in output):
            for e in output:
                if e.end > len(piece):
                    raise ValueError(
                        f"`ner` returned an Entity with end={e.end} beyond its input of {len(piece)} characters"
                    )
            return list(output)
        return adapters.entities_from_token_classification(output, text=piece)
