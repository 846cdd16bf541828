"""Token attributions: how much each word of a text pushes a sentiment model towards a label.

One idea: a word's weight is its raw, signed contribution to the label's score, measured on the
words a reader sees (:func:`words`), whatever pieces the model cut them into. Three ways to
measure it, chosen once by :func:`make_explainer`:

- ``"gradient"``: gradient x input on the model's input (word) embeddings, summed over the
  hidden dimension; one forward and one backward pass per batch (transformers pipelines).
- ``"integrated_gradients"``: captum's ``LayerIntegratedGradients`` on the same embedding layer,
  from a baseline where every non-special token is the pad token (special tokens kept).
- ``"occlusion"``: each word removed in turn; weight = p(label | text) - p(label | text without
  the word). It only calls the model, so it works for any back end (callables, spaCy, pipelines).

The gradient methods explain the label's log-odds, ``log p / (1 - p)`` of the probability the
pipeline reports (softmax: the label's logit minus the log-sum-exp of the other logits; sigmoid:
the label's logit): the same sign as the probability's gradient, but it does not vanish when the
model is confident, as the probability's gradient does. Weights are not normalised: the caller
merges the windows of a sentence and scales per sentence.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from .backends import Backend, PipelineBackend
from .data import Sentiment

__all__ = [
    "METHODS",
    "Explainer",
    "GradientExplainer",
    "OcclusionExplainer",
    "make_explainer",
    "words",
]

METHODS = ("gradient", "integrated_gradients", "occlusion")

Span = tuple[int, int]

# ------------------------------------------------------------------------------------ words

_SPACE, _SKIP, _MARK, _ZWJ, _FORMAT, _INNER, _WORD, _ALONE, _FLAG, _SYMBOL = range(10)
# apostrophes and hyphens that stay inside a word when letters/digits are on both sides
_INNER_CHARS = frozenset("'\u2019-\u2010\u2011")
# letters of scripts written without spaces between words: each is a word of its own
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1950, 0x19FF),  # Tai Le, New Tai Lue, Khmer symbols
    (0x1A20, 0x1AAF),  # Tai Tham
    (0x1B00, 0x1B7F),  # Balinese
    (0x2E80, 0x2FFF),  # CJK radicals, Kangxi, ideographic description
    (0x3000, 0x31FF),  # CJK symbols (々 〆 〇), Hiragana, Katakana, Bopomofo, Kanbun
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA000, 0xA4CF),  # Yi
    (0xA980, 0xA9FF),  # Javanese, Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth Katakana
    (0x1B000, 0x1B16F),  # Kana supplement and extended
    (0x20000, 0x323AF),  # CJK extensions B-H, compatibility supplement
)
_NO_SPACE_STARTS = [lo for lo, _ in _NO_SPACE_RANGES]


def _no_space(code: int) -> bool:
    k = bisect.bisect_right(_NO_SPACE_STARTS, code) - 1
    return k >= 0 and code <= _NO_SPACE_RANGES[k][1]


@lru_cache(maxsize=8192)
def _kind(ch: str) -> int:
    """What a character does in a word (see :func:`words`)."""
    if ch.isspace():
        return _SPACE
    code = ord(ch)
    if code == 0x200D:
        return _ZWJ
    cat = unicodedata.category(ch)
    # combining marks, variation selectors, keycaps, skin tones and emoji tag characters
    if cat[0] == "M" or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return _MARK
    if ch in _INNER_CHARS:
        return _INNER
    if cat == "Cc":
        return _SKIP
    if cat == "Cf":
        return _FORMAT
    if cat[0] in "LN":
        return _ALONE if _no_space(code) else _WORD
    if 0x1F1E6 <= code <= 0x1F1FF:
        return _FLAG  # regional indicators: two make a flag
    return _SYMBOL


def words(text: str) -> list[tuple[int, int]]:
    """Word spans (code-point offsets, no surrounding white space) of text: runs of letters/digits
    (with inner apostrophes/hyphens), each punctuation mark or symbol on its own, and each
    character of scripts written without spaces (CJK, Thai...) on its own. Emoji/ZWJ sequences
    and combining marks stay with their base character.

    Control characters are no words; other invisible format characters (zero-width space, soft
    hyphen, ZWNJ) are kept inside a run of letters and dropped elsewhere. Two regional
    indicators make one flag.
    """
    spans: list[Span] = []
    start = -1  # start of the open word; -1: none open
    run = False  # the open word is a run of letters/digits (more may join it)
    flag = False  # the open word is one regional indicator (a second one joins it)
    glue = False  # the previous character was a ZWJ: the next one joins the open word
    n = len(text)

    def close(at: int) -> None:
        nonlocal start, run, flag, glue
        if start >= 0:
            spans.append((start, at))
        start, run, flag, glue = -1, False, False, False

    def joins_run(i: int) -> bool:
        return run and i + 1 < n and _kind(text[i + 1]) == _WORD

    for i, ch in enumerate(text):
        kind = _kind(ch)
        if kind in (_SPACE, _SKIP):
            close(i)
        elif start >= 0 and (glue or kind == _MARK):
            glue = False
        elif kind == _ZWJ:
            glue = start >= 0
        elif kind == _FORMAT:
            if not joins_run(i):
                close(i)
        elif (kind == _WORD and run) or (kind == _INNER and joins_run(i)):
            pass  # the run of letters goes on
        elif kind == _FLAG and flag:
            flag = False
        else:
            close(i)
            start, run, flag = i, kind == _WORD, kind == _FLAG
    close(n)
    return spans


def _owners(
    offsets: Sequence[Span], spans: Sequence[Span]
) -> list[list[tuple[int, float]]]:
    """For each token offset, the words it overlaps and the share of its weight each gets (by
    the characters it shares with them); special tokens and tokens on white space get none."""
    ends = [e for _, e in spans]
    out: list[list[tuple[int, float]]] = []
    for a, b in offsets:
        shares: list[tuple[int, float]] = []
        if a < b:
            k = bisect.bisect_right(ends, a)
            while k < len(spans) and spans[k][0] < b:
                overlap = min(b, spans[k][1]) - max(a, spans[k][0])
                if overlap > 0:
                    shares.append((k, float(overlap)))
                k += 1
            total = sum(w for _, w in shares)
            shares = [(k, w / total) for k, w in shares]
        out.append(shares)
    return out


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for k in range(0, len(items), size):
        yield items[k : k + size]


# -------------------------------------------------------------------------------- explainers


class Explainer:
    """Explains a sentiment model's label for texts, word by word (see the module docstring)."""

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


# ------------------------------------------------------------------------------- occlusion


def _without(text: str, start: int, end: int) -> str:
    """``text`` without the word ``text[start:end]``: the white space after the word goes
    too when the word starts the text or follows white space, and the white space before it
    when it ends the text, so no double, leading or trailing space is left."""
    left, right = text[:start], text[end:]
    if not left or left[-1].isspace():
        right = right.lstrip()
    if not right:
        left = left.rstrip()
    return left + right


def _probability(sentiment: Sentiment, label: str) -> float:
    """p(label) from a model's sentiment. A model that names only some labels (a callable
    returning its top label alone) is taken to give the label it does not name the mass it left
    over: exact for two labels, an upper bound for more."""
    if label in sentiment.scores:
        return float(sentiment.scores[label])
    if sentiment.label == label:
        return float(sentiment.score)
    named = sum(sentiment.scores.values()) if sentiment.scores else sentiment.score
    return max(0.0, 1.0 - float(named))


class OcclusionExplainer(Explainer):
    """Each word removed in turn: weight = p(label | text) - p(label | text without the word).

    For each ``batch_size`` texts, the texts and all their occluded variants go to
    ``backend.sentiments`` in one call (which batches them for the model)."""

    method = "occlusion"

    def _weights(
        self, texts: list[str], labels: list[str], spans: list[list[Span]]
    ) -> list[list[float]]:
        weights: list[list[float]] = [[] for _ in texts]
        todo = [i for i, sp in enumerate(spans) if sp]
        for chunk in _chunks(todo, self.batch_size):
            inputs: list[str] = []
            for i in chunk:
                inputs.append(texts[i])
                inputs.extend(_without(texts[i], s, e) for s, e in spans[i])
            results = self.backend.sentiments(inputs)
            k = 0
            for i in chunk:
                full = _probability(results[k], labels[i])
                count = len(spans[i])
                weights[i] = [
                    full - _probability(r, labels[i])
                    for r in results[k + 1 : k + 1 + count]
                ]
                k += 1 + count
        return weights


# -------------------------------------------------------------------------------- gradients


def _input_embeddings(model: Any) -> Any:
    """The model's input (word) embedding layer, or None."""
    import torch

    get = getattr(model, "get_input_embeddings", None)
    if not callable(get):
        return None
    try:
        layer = get()
    except (NotImplementedError, AttributeError):
        return None
    return layer if isinstance(layer, torch.nn.Module) else None


def _activation(pipe: Any) -> str:
    """The function the pipeline applies to the logits: "softmax", "sigmoid" or "none"."""
    chosen = (getattr(pipe, "_postprocess_params", None) or {}).get("function_to_apply")
    if chosen is None:
        config = pipe.model.config
        problem = getattr(config, "problem_type", None)
        if problem == "regression":
            return "none"
        if problem == "multi_label_classification" or config.num_labels == 1:
            return "sigmoid"
        if problem == "single_label_classification" or config.num_labels > 1:
            return "softmax"
        chosen = getattr(config, "function_to_apply", None) or "none"
    name = str(getattr(chosen, "value", chosen)).lower()
    return name if name in ("softmax", "sigmoid") else "none"


class GradientExplainer(Explainer):
    """Gradient x input, or integrated gradients, on the input embeddings of a transformers
    pipeline's model; token weights are summed into the words they overlap.

    The target is the label's log-odds (see the module docstring). The batch is run with the
    embedding layer's output detached and made a leaf, and differentiated with
    ``torch.autograd.grad`` with respect to it alone: no gradient reaches (or is left on) the
    model's parameters. Texts are sorted by length so a batch is not padded to one long text.
    """

    def __init__(self, backend: PipelineBackend, method: str, steps: int = 16) -> None:
        super().__init__(backend)
        self.method = method
        self.steps = steps
        pipe = backend.model
        self.model = pipe.model
        self.tokenizer = backend.tokenizer
        self.embeddings = _input_embeddings(self.model)
        self.activation = _activation(pipe)
        id2label = getattr(self.model.config, "id2label", None) or {}
        self.label_index = {str(name): int(i) for i, name in id2label.items()}
        special = getattr(self.tokenizer, "num_special_tokens_to_add", None)
        self.max_length = backend.max_tokens + (
            special(pair=False) if callable(special) else 2
        )
        self.fast = bool(getattr(self.tokenizer, "is_fast", False))
        if getattr(self.tokenizer, "pad_token_id", None) is None:
            self.batch_size = 1  # nothing to pad with: one text at a time
        self.pad_id = (
            self.tokenizer.pad_token_id
            if self.tokenizer.pad_token_id is not None
            else 0
        )

    def _weights(
        self, texts: list[str], labels: list[str], spans: list[list[Span]]
    ) -> list[list[float]]:
        import torch

        indices = [self._index(label) for label in labels]
        weights = [[0.0] * len(sp) for sp in spans]
        todo = sorted(
            (i for i, sp in enumerate(spans) if sp), key=lambda i: len(texts[i])
        )
        if self.model.training:
            self.model.eval()
        device = next(self.model.parameters()).device
        for chunk in _chunks(todo, self.batch_size):
            inputs, offsets, special = self._encode(
                [texts[i] for i in chunk], [spans[i] for i in chunk]
            )
            inputs = {k: v.to(device) for k, v in inputs.items()}
            target = torch.tensor([indices[i] for i in chunk], device=device)
            if self.method == "integrated_gradients":
                scores = self._integrated(inputs, special.to(device), target)
            else:
                scores = self._gradient(inputs, target)
            scores = scores.detach().float().cpu().masked_fill(special, 0.0).tolist()
            for row, i in enumerate(chunk):
                for owners, score in zip(
                    _owners(offsets[row], spans[i]), scores[row], strict=False
                ):
                    for k, share in owners:
                        weights[i][k] += share * score
        return weights

    def _index(self, label: str) -> int:
        if label not in self.label_index:
            raise ValueError(
                f"explain: {label!r} is not one of the model's labels {list(self.label_index)}"
            )
        return self.label_index[label]

    # --- encoding: model inputs, per-token character offsets and the special-token mask

    def _encode(
        self, texts: list[str], spans: list[list[Span]]
    ) -> tuple[dict[str, Any], list[list[Span]], Any]:
        if self.fast:
            enc = self.tokenizer(
                texts,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_offsets_mapping=True,
                return_special_tokens_mask=True,
                return_tensors="pt",
                verbose=False,
            )
            offsets = [
                [(int(a), int(b)) for a, b in row]
                for row in enc.pop("offset_mapping").tolist()
            ]
        else:
            enc, offsets = self._encode_slow(texts, spans)
        special = enc.pop("special_tokens_mask").bool() | (enc["attention_mask"] == 0)
        return dict(enc), offsets, special

    def _encode_slow(
        self, texts: list[str], spans: list[list[Span]]
    ) -> tuple[Any, list[list[Span]]]:
        """Tokenizers without offsets: each white-space chunk tokenised on its own (each word
        of a chunk on its own when it holds several), so every token's word is known."""
        tok = self.tokenizer
        rows: list[dict[str, Any]] = []
        offsets: list[list[Span]] = []
        for text, sp in zip(texts, spans, strict=True):
            ids: list[int] = []
            token_words: list[Span] = []
            for chunk in re.finditer(r"\S+", text):
                inside = [
                    (s, e) for s, e in sp if chunk.start() <= s and e <= chunk.end()
                ]
                parts = (
                    [(chunk.start(), chunk.end(), inside[0])]
                    if len(inside) == 1
                    else [(s, e, (s, e)) for s, e in inside]
                )
                for s, e, owner in parts:
                    pieces = tok.convert_tokens_to_ids(tok.tokenize(text[s:e]))
                    ids.extend(pieces)
                    token_words.extend([owner] * len(pieces))
            row = tok.prepare_for_model(
                ids,
                truncation=True,
                max_length=self.max_length,
                return_special_tokens_mask=True,
                verbose=False,
            )
            mask = row["special_tokens_mask"]
            words_left = iter(token_words)
            offsets.append([(0, 0) if m else next(words_left, (0, 0)) for m in mask])
            rows.append(dict(row))
        enc = tok.pad(rows, padding=True, return_tensors="pt", verbose=False)
        width = enc["input_ids"].shape[1]
        left = getattr(tok, "padding_side", "right") == "left"
        padded = []
        for row in offsets:
            fill = [(0, 0)] * (width - len(row))
            padded.append(fill + row if left else row + fill)
        return enc, padded

    # --- the target and the two gradient methods

    def _target(self, logits: Any, target: Any) -> Any:
        """The label's log-odds for each row of ``logits``."""
        import torch

        logits = logits.float()
        chosen = logits.gather(1, target[:, None]).squeeze(1)
        if self.activation != "softmax" or logits.shape[1] < 2:
            return chosen
        others = logits.masked_fill(
            torch.nn.functional.one_hot(target, logits.shape[1]).bool(), float("-inf")
        )
        return chosen - torch.logsumexp(others, dim=1)

    def _gradient(self, inputs: dict[str, Any], target: Any) -> Any:
        import torch

        owner = threading.get_ident()
        captured: list[Any] = []

        def hook(module: Any, args: Any, output: Any) -> Any:
            if threading.get_ident() != owner or captured:
                return None  # another thread's call of the same model, or a second use of the layer
            leaf = output.detach().requires_grad_(True)
            captured.append(leaf)
            return leaf

        handle = self.embeddings.register_forward_hook(hook)
        try:
            with torch.enable_grad():
                logits = self.model(**inputs).logits
                score = self._target(logits, target).sum()
                (grad,) = torch.autograd.grad(score, captured[0])
        finally:
            handle.remove()
        return (grad * captured[0]).sum(-1)

    def _integrated(self, inputs: dict[str, Any], special: Any, target: Any) -> Any:
        import torch
        from captum.attr import LayerIntegratedGradients

        names = [k for k in inputs if k != "input_ids"]

        def forward(input_ids: Any, *extra: Any) -> Any:
            *rest, labels = extra
            logits = self.model(
                input_ids=input_ids, **dict(zip(names, rest, strict=True))
            ).logits
            return self._target(logits, labels)

        ids = inputs["input_ids"]
        baseline = ids.masked_fill(~special, self.pad_id)
        lig = LayerIntegratedGradients(forward, self.embeddings)
        with torch.enable_grad():
            attributions = lig.attribute(
                inputs=ids,
                baselines=baseline,
                additional_forward_args=(*(inputs[k] for k in names), target),
                n_steps=self.steps,
                internal_batch_size=ids.shape[0],
            )
        return attributions.sum(-1)


# ------------------------------------------------------------------------------------ factory


def make_explainer(
    explain: bool | str, backend: Backend, *, steps: int = 16
) -> Explainer | None:
    """explain=False -> None. True -> "gradient" for a PipelineBackend, "occlusion" otherwise.
    "gradient" (gradient x input on the input embeddings, summed over the hidden dimension),
    "integrated_gradients" (captum's LayerIntegratedGradients on the embedding layer, `steps`
    steps, baseline = pad/[MASK]-free: use the pad token id or zeros for non-special tokens,
    special tokens kept), "occlusion" (each word removed in turn; weight = p(label | text) -
    p(label | text without the word); all occluded variants of a batch go through
    backend.sentiments in batches — works for callables, spaCy and pipelines, and later remote
    models). Bad values (an unknown string, gradient methods on a non-pipeline backend, a
    pipeline whose model has no input embeddings) raise ValueError/TypeError naming the
    parameter `explain` and what was wrong."""
    if isinstance(explain, bool):
        if not explain:
            return None
        method = "gradient" if isinstance(backend, PipelineBackend) else "occlusion"
    elif isinstance(explain, str):
        method = explain
        if method not in METHODS:
            raise ValueError(
                f"`explain` must be True, False or one of {', '.join(map(repr, METHODS))}; got {explain!r}"
            )
    else:
        raise TypeError(
            f"`explain` must be True, False or one of {', '.join(map(repr, METHODS))}; "
            f"got {explain!r} ({type(explain).__name__})"
        )
    if getattr(backend, "role", "sentiment") != "sentiment":
        raise ValueError(
            f"`explain` explains the sentiment model, not a {backend.role!r} model"
        )
    if method == "occlusion":
        return OcclusionExplainer(backend)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(
            f"`steps` must be a positive int (integration steps), got {steps!r}"
        )
    if not isinstance(backend, PipelineBackend):
        raise TypeError(
            f"`explain={method!r}` needs a transformers pipeline (it differentiates the model), but the "
            f"sentiment model is {backend!r}; use explain='occlusion' for it"
        )
    if _input_embeddings(backend.model.model) is None:
        raise ValueError(
            f"`explain={method!r}`: the pipeline's model ({type(backend.model.model).__name__}) has no input "
            "embeddings (get_input_embeddings) to differentiate; use explain='occlusion'"
        )
    if method == "integrated_gradients":
        try:
            import captum.attr  # noqa: F401
        except ImportError as err:
            raise ImportError(
                "`explain='integrated_gradients'` needs captum: pip install 'gradio_sentimentpanel[explain]'"
            ) from err
    return GradientExplainer(backend, method, steps)
