"""Model back ends: one small class per kind of model, behind one interface.

A :class:`Backend` knows how big an input its model takes (:meth:`Backend.windows` cuts
sentences to fit) and how to run it over a batch of texts (:meth:`Backend.run`, one raw output
per text, in order). What the outputs mean is read by :mod:`adapters`. :func:`make_backend`
picks the class once, when the Analyzer is built:

- :class:`PipelineBackend`: a transformers pipeline; windows in tokens, batched calls sorted by
  length so a batch is not padded to its longest member.
- :class:`SpacyBackend`: a spaCy ``Language``; ``nlp.pipe`` in batches, windows in characters up
  to its ``max_length``.
- :class:`CallableBackend`: any function of one str (of a sentence and a target, for aspect
  sentiment); windows in characters when ``max_chars`` is set.
- :class:`RemoteBackend`: a ``huggingface_hub`` ``InferenceClient`` or ``AsyncInferenceClient``
  on an inference server; one request per input, many at once (:mod:`.remote`), windows in
  characters (``max_chars``, default :data:`REMOTE_MAX_CHARS`).

What a model is for (sentiment, NER, aspect sentiment) is its :class:`~.roles.Role`: the back
end asks it how to call the model and how to read what it answers. An aspect model reads a pair,
(sentence, target): its inputs are ``(text, target)`` tuples, and its windows leave room for the
target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import adapters
from .remote import Pool, RetryPolicy, with_retries
from .roles import REMOTE_TOP_K, Role
from .windows import Window, char_windows, model_window, token_windows, word_offsets

__all__ = [
    "REMOTE_MAX_CHARS",
    "REMOTE_TOP_K",
    "Backend",
    "CallableBackend",
    "PipelineBackend",
    "RemoteBackend",
    "SpacyBackend",
    "make_backend",
]

# A remote model's window: the server's tokenizer is out of reach, so sentences are cut in
# characters, few enough for a 512-token model even in scripts of about a token a character.
REMOTE_MAX_CHARS = 500


class Backend:
    """One model in one ``role`` behind the interface the Analyzer uses."""

    def __init__(self, role: Role, model: Any, batch_size: int) -> None:
        self.role = role
        self.parameter = role.parameter
        self.model = model
        self.batch_size = batch_size
        self.label_order: list[str] = []  # the model's labels in its own order, when it says

    def __repr__(self) -> str:
        return getattr(self.model, "__qualname__", type(self.model).__name__)

    def windows(
        self, text: str, spans: Sequence[tuple[int, int]], first_index: int = 0, reserve: int = 0
    ) -> list[Window]:
        """The model inputs for sentences ``spans`` of ``text`` (numbered from ``first_index``),
        leaving room for ``reserve`` more tokens (a pair's target) where the model counts them."""
        return [Window(first_index + k, s, e, s, e) for k, (s, e) in enumerate(spans)]

    def reserve(self, targets: list[str]) -> int:
        """The room a window must leave for the longest of ``targets`` (aspect models)."""
        return 0

    def _call(self, inputs: list[Any], where: Sequence[str] | None = None) -> list[Any]:
        raise NotImplementedError

    def run(self, inputs: list[Any], where: Sequence[str] | None = None) -> list[Any]:
        """Run the model over ``inputs`` (texts, or pairs for aspect models): one raw output per
        input, in order. ``where`` names each input in error messages (e.g. "sentences[3]")."""
        if not inputs:
            return []
        outputs = self._call(inputs, where)
        if len(outputs) != len(inputs):
            raise ValueError(f"`{self.parameter}` returned {len(outputs)} results for {len(inputs)} inputs")
        return outputs

    def read(self, inputs: list[Any], where: Sequence[str] | None = None) -> list[Any]:
        """The model's answer for each input as its role reads it: a Sentiment for each text or
        (sentence, target) pair, or the entities of each text (offsets into that text)."""
        return [self.role.read(out, item) for item, out in zip(inputs, self.run(inputs, where), strict=True)]


class _CharWindows(Backend):
    """A back end whose model takes at most ``max_chars`` characters at once (None: any)."""

    max_chars: int | None = None

    def windows(
        self, text: str, spans: Sequence[tuple[int, int]], first_index: int = 0, reserve: int = 0
    ) -> list[Window]:
        out: list[Window] = []
        for k, (s, e) in enumerate(spans):
            if self.max_chars is None or e - s <= self.max_chars:
                out.append(Window(first_index + k, s, e, s, e))
                continue
            for ws, we, os_, oe in char_windows(text[s:e], self.max_chars):
                out.append(Window(first_index + k, s + ws, s + we, s + os_, s + oe))
        return out


class PipelineBackend(Backend):
    """A transformers pipeline of the task the role needs."""

    def __init__(self, role: Role, model: Any, batch_size: int, stride: int | None = None) -> None:
        super().__init__(role, model, batch_size)
        tasks = role.tasks
        if model.task not in tasks:
            raise ValueError(
                f"`{self.parameter}` needs a {tasks[0]!r} pipeline (task {tasks[0]!r} or {tasks[1]!r}), "
                f"but got a {model.task!r} pipeline"
            )
        self.tokenizer = getattr(model, "tokenizer", None)
        if self.tokenizer is None:
            raise ValueError(f"`{self.parameter}`: the {model.task!r} pipeline has no tokenizer")
        self.max_tokens = model_window(model)
        self.overlap = stride if stride is not None else self.max_tokens // 4
        # a pair takes more special tokens than one text ([SEP] between them, for BERT)
        self.pair_tokens = 0
        if role.pairs:
            count = getattr(self.tokenizer, "num_special_tokens_to_add", None)
            self.pair_tokens = max(0, count(pair=True) - count(pair=False)) if count else 1
        self.label_order = adapters.class_labels(model)

    def __repr__(self) -> str:
        return f"pipeline({self.model.task!r}, model={getattr(self.model.model, 'name_or_path', '?')!r})"

    def _count(self, pieces: list[str]) -> list[int]:
        enc = self.tokenizer(pieces, add_special_tokens=False, verbose=False)
        return [len(ids) for ids in enc["input_ids"]]

    def reserve(self, targets: list[str]) -> int:
        if not targets:
            return 0
        longest = max(self._count(targets))
        if self.max_tokens - self.pair_tokens - longest < 8:
            worst = max(targets, key=len)
            raise ValueError(
                f"`{self.parameter}`: the target {worst[:60]!r} takes {longest} tokens, which leaves "
                f"too little of the model's {self.max_tokens}-token window for its sentence"
            )
        return self.pair_tokens + longest

    def windows(
        self, text: str, spans: Sequence[tuple[int, int]], first_index: int = 0, reserve: int = 0
    ) -> list[Window]:
        pieces = [text[s:e] for s, e in spans]
        fast = bool(getattr(self.tokenizer, "is_fast", False))
        enc = self.tokenizer(pieces, add_special_tokens=False, return_offsets_mapping=fast, verbose=False)
        limit = self.max_tokens - reserve
        out: list[Window] = []
        for k, ((s, e), piece) in enumerate(zip(spans, pieces, strict=True)):
            idx = first_index + k
            if len(enc["input_ids"][k]) <= limit:
                out.append(Window(idx, s, e, s, e))
                continue
            if fast:
                offsets = [tuple(o) for o in enc["offset_mapping"][k]]
            else:
                offsets = word_offsets(piece, self.tokenizer.tokenize)
            overlap = min(self.overlap, limit // 2)
            for ws, we, os_, oe in token_windows(piece, offsets, limit, overlap, self._count):
                out.append(Window(idx, s + ws, s + we, s + os_, s + oe))
        return out

    def _call(self, inputs: list[Any], where: Sequence[str] | None = None) -> list[Any]:
        kwargs: dict[str, Any] = {"batch_size": self.batch_size, **self.role.pipeline_options}
        texts = [self.role.pipeline_input(item) for item in inputs]
        size = [self.role.size(item) for item in inputs]
        # similar lengths side by side, so a batch is not padded to one long window
        order = sorted(range(len(texts)), key=lambda k: size[k])
        ran = list(self.model([texts[k] for k in order], **kwargs))
        if len(ran) != len(texts):
            return ran  # run() reports the mismatch
        outputs: list[Any] = [None] * len(texts)
        for k, output in zip(order, ran, strict=True):
            outputs[k] = output
        return outputs


class SpacyBackend(_CharWindows):
    """A spaCy ``Language``; for sentiment it needs a text classifier (``doc.cats``)."""

    def __init__(self, role: Role, model: Any, batch_size: int, max_chars: int | None = None) -> None:
        super().__init__(role, model, batch_size)
        if role.pairs:
            raise TypeError(
                "`aspect_sentiment` must be a transformers text-classification pipeline of a text-pair "
                "model or a callable fn(sentence, target); a spaCy Language cannot read pairs"
            )
        needs = role.spacy_components
        if needs and not set(model.pipe_names) & needs:
            raise ValueError(
                f"`{role.parameter}`: a spaCy pipeline used for {role.name} needs a "
                f"{' or '.join(map(repr, sorted(needs)))} component (its doc.cats); it has {list(model.pipe_names)}"
            )
        self.max_chars = max_chars if max_chars is not None else getattr(model, "max_length", None)

    def __repr__(self) -> str:
        meta = getattr(self.model, "meta", {}) or {}
        return f"spacy({meta.get('lang', '?')}_{meta.get('name', '?')})"

    def _call(self, texts: list[str], where: Sequence[str] | None = None) -> list[Any]:
        return list(self.model.pipe(texts, batch_size=self.batch_size))


class CallableBackend(_CharWindows):
    """Any callable taking one str (two, ``sentence, target``, for aspect sentiment) and
    returning that model's output for it."""

    def __init__(self, role: Role, model: Any, batch_size: int, max_chars: int | None = None) -> None:
        super().__init__(role, model, batch_size)
        self.max_chars = max_chars

    def _call(self, inputs: list[Any], where: Sequence[str] | None = None) -> list[Any]:
        return [self.role.call(self.model, item) for item in inputs]


class RemoteBackend(_CharWindows):
    """A ``huggingface_hub`` ``InferenceClient`` (or ``AsyncInferenceClient``) with a model: a URL
    of an inference server or endpoint, or a model id its provider serves.

    Sentiment and aspect models are asked with ``text_classification(..., top_k=REMOTE_TOP_K)``
    for the whole distribution (an aspect pair is sent as ``{"text": sentence, "text_pair":
    target}``), NER models with ``token_classification`` (``aggregation_strategy`` when given,
    else the server's default). Requests go through the Analyzer's :class:`~.remote.Pool` and
    are retried by ``policy``; each request is bounded by the client's own ``timeout``.
    """

    def __init__(
        self,
        role: Role,
        client: Any,
        batch_size: int,
        pool: Pool,
        policy: RetryPolicy,
        max_chars: int | None = None,
        aggregation_strategy: str | None = None,
    ) -> None:
        super().__init__(role, client, batch_size)
        endpoint = getattr(client, "model", None)
        if not isinstance(endpoint, str) or not endpoint:
            raise ValueError(
                f"`{self.parameter}`: the {type(client).__name__} has no model; create it with "
                "InferenceClient(model=URL or model id) (or use Analyzer.from_endpoints)"
            )
        self.endpoint = endpoint
        self.is_async = adapters.inference_client_kind(client) == "async"
        self.pool = pool
        self.policy = policy
        self.max_chars = max_chars if max_chars is not None else REMOTE_MAX_CHARS
        self.aggregation_strategy = aggregation_strategy

    def __repr__(self) -> str:
        return f"{type(self.model).__name__}({self.endpoint!r})"

    def _request(self, item: Any) -> Any:
        call = self.role.request(self.model, item, self.aggregation_strategy)
        return self.pool.await_(call) if self.is_async else call

    def _call(self, inputs: list[Any], where: Sequence[str] | None = None) -> list[Any]:
        names = list(where) if where is not None else [f"input {i}" for i in range(len(inputs))]

        def one(item: Any, i: int, stop: Any) -> Any:
            return with_retries(
                lambda: self._request(item),
                self.policy,
                endpoint=f"`{self.parameter}`: {self.endpoint}",
                where=names[i],
                stop=stop,
            )

        return self.pool.map(one, inputs)


def make_backend(
    role: Role,
    model: Any,
    *,
    batch_size: int,
    stride: int | None = None,
    max_chars: int | None = None,
    pool: Pool | None = None,
    policy: RetryPolicy | None = None,
    aggregation_strategy: str | None = None,
) -> Backend:
    """The back end for ``model`` in ``role`` (:data:`~.roles.SENTIMENT`, :data:`~.roles.NER` or
    :data:`~.roles.ASPECT`), chosen by what it is. ``aggregation_strategy`` is sent with every
    request of an NER model on an inference server (None: the server's default)."""
    if adapters.inference_client_kind(model) is not None:
        return RemoteBackend(
            role, model, batch_size, pool or Pool(1), policy or RetryPolicy(), max_chars, aggregation_strategy
        )
    if adapters.is_pipeline(model):
        return PipelineBackend(role, model, batch_size, stride)
    if adapters.is_spacy_language(model):
        return SpacyBackend(role, model, batch_size, max_chars)
    if callable(model):
        return CallableBackend(role, model, batch_size, max_chars)
    raise TypeError(f"`{role.parameter}` must be {role.accepted}, but got {type(model).__name__}")
