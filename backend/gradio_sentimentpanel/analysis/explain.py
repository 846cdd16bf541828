"""Token attributions: how much each word of a text pushes a sentiment model towards a label.

One idea: a word's weight is its raw, signed contribution to the label's score, measured on the
words a reader sees (:mod:`~gradio_sentimentpanel.analysis.words`), whatever pieces the model cut them
into. Three ways to measure it, chosen once by :func:`make_explainer`:

- ``"gradient"`` (:mod:`~gradio_sentimentpanel.analysis.gradients`): gradient x input on the model's input (word) embeddings, summed over the
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

from ..data import Sentiment
from ..rules import distribution
from .backends import Backend, PipelineBackend
from .explainer import Explainer, Span, batches
from .gradients import GradientExplainer, input_embeddings
from .roles import SENTIMENT
from .runtime import is_onnx

__all__ = [
    "METHODS",
    "Explainer",
    "OcclusionExplainer",
    "batches",
    "make_explainer",
]

METHODS = ("gradient", "integrated_gradients", "occlusion")

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
    """p(label) from a model's sentiment, read from its distribution (the package's rule for a
    sentiment without scores included). A label the distribution does not name is given the mass
    it left over (a callable returning its top label alone): exact for two labels, an upper bound
    for more."""
    dist = distribution(sentiment)
    if label in dist:
        return float(dist[label])
    return max(0.0, 1.0 - float(sum(dist.values())))


class OcclusionExplainer(Explainer):
    """Each word removed in turn: weight = p(label | text) - p(label | text without the word).

    For each ``batch_size`` texts, the texts and all their occluded variants go to
    ``backend.read`` in one call (which batches them for the model)."""

    method = "occlusion"

    def _weights(
        self, texts: list[str], labels: list[str], spans: list[list[Span]]
    ) -> list[list[float]]:
        weights: list[list[float]] = [[] for _ in texts]
        todo = [i for i, sp in enumerate(spans) if sp]
        for chunk in batches(todo, self.batch_size):
            inputs: list[str] = []
            for i in chunk:
                inputs.append(texts[i])
                inputs.extend(_without(texts[i], s, e) for s, e in spans[i])
            results = self.backend.read(inputs)
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


# ------------------------------------------------------------------------------------ factory


def make_explainer(
    explain: bool | str, backend: Backend, *, steps: int = 16
) -> Explainer | None:
    """explain=False -> None. True -> "gradient" for a PipelineBackend on torch, "occlusion"
    otherwise (a pipeline on ONNX Runtime included: gradients need torch).
    "gradient" (gradient x input on the input embeddings, summed over the hidden dimension),
    "integrated_gradients" (captum's LayerIntegratedGradients on the embedding layer, `steps`
    steps, baseline = pad/[MASK]-free: use the pad token id or zeros for non-special tokens,
    special tokens kept), "occlusion" (each word removed in turn; weight = p(label | text) -
    p(label | text without the word); all occluded variants of a batch go through
    backend.read in batches — works for callables, spaCy and pipelines, and later remote
    models). Bad values (an unknown string, gradient methods on a non-pipeline backend, a
    pipeline whose model has no input embeddings) raise ValueError/TypeError naming the
    parameter `explain` and what was wrong."""
    if isinstance(explain, bool):
        if not explain:
            return None
        # gradients need the torch model: a pipeline on ONNX Runtime is explained by occlusion
        fast = isinstance(backend, PipelineBackend) and is_onnx(backend.model)
        method = "gradient" if isinstance(backend, PipelineBackend) and not fast else "occlusion"
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
    if backend.role is not SENTIMENT:
        raise ValueError(
            f"`explain` explains the sentiment model, not a {backend.role.name!r} model"
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
    if is_onnx(backend.model):
        raise TypeError(
            f"`explain={method!r}` differentiates the torch model, but the sentiment pipeline runs on ONNX Runtime; "
            "use explain='occlusion' (or True), or runtime='torch'"
        )
    if input_embeddings(backend.model.model) is None:
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
