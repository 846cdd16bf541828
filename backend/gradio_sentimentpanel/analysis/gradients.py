"""Gradient explanations: what each word of a text contributes to a transformers model's label.

``"gradient"`` is gradient x input on the model's input (word) embeddings, summed over the
hidden dimension: one forward and one backward pass per batch. ``"integrated_gradients"`` is
captum's ``LayerIntegratedGradients`` on the same embedding layer, from a baseline where every
non-special token is the pad token. Both explain the label's log-odds (see
:mod:`~gradio_sentimentpanel.analysis.explain`) and spread each token's weight over the words it covers.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Sequence
from typing import Any

from .backends import PipelineBackend
from .explainer import Explainer, Span, batches

__all__ = ["GradientExplainer", "input_embeddings"]

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


def input_embeddings(model: Any) -> Any:
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


def built_with_function(pipe: Any) -> Any:
    """The ``function_to_apply`` a text-classification pipeline was built with
    (``pipeline(..., function_to_apply="sigmoid")``), or None.

    transformers offers no public way to read it: ``Pipeline.__init__`` keeps the options that
    ``_sanitize_parameters`` sorted out for ``postprocess`` in ``_postprocess_params``. This is
    the package's only read of a private attribute of transformers; the pipelines tests pin it
    (a pipeline built with each function is explained with it)."""
    return (getattr(pipe, "_postprocess_params", None) or {}).get("function_to_apply")


def _activation(pipe: Any) -> str:
    """The function the pipeline applies to the logits: "softmax", "sigmoid" or "none"."""
    chosen = built_with_function(pipe)
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
        self.embeddings = input_embeddings(self.model)
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
        for chunk in batches(todo, self.batch_size):
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
