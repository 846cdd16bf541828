"""What a model is for in the Analyzer: its role.

A role knows what its model is given (one text, or a (sentence, target) pair), what it answers
(a Sentiment, or the entities of the text), how each kind of model is asked (a transformers
pipeline, a plain callable, an inference server) and how a raw answer is read (by
:mod:`~gradio_sentimentpanel.adapters`). The back ends (:mod:`.backends`) run a model and ask
its role for all of this, so none of them branches on what its model is for.

There are three, one object each: :data:`SENTIMENT` (text classification), :data:`NER` (token
classification) and :data:`ASPECT` (text-pair classification: what a sentence says about a
target).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .. import adapters

__all__ = ["ASPECT", "NER", "REMOTE_TOP_K", "ROLES", "SENTIMENT", "Role"]

# Asked of a remote classifier so that it returns every label: a server returns at most as many
# as its model has (transformers pipelines cut the sorted list at top_k).
REMOTE_TOP_K = 1000


class Role:
    """The part a model plays: its inputs, its outputs, and how it is called.

    Attributes:
        name: "sentiment", "ner" or "aspect" (the keys of ``WorkEstimate.model_calls``).
        parameter: the Analyzer's parameter for it, as error messages name it.
        tasks: the transformers pipeline tasks that do it (the first names it in messages).
        pairs: whether an input is a (sentence, target) pair rather than one text.
        accepted: what the parameter takes, as error messages say it.
        spacy_components: the spaCy pipes of which a ``Language`` in this role needs one
            (empty: any ``Language``).
        pipeline_options: keyword arguments of every pipeline call.
    """

    pairs = False
    spacy_components: ClassVar[frozenset[str]] = frozenset()
    pipeline_options: ClassVar[dict[str, Any]] = {}

    def __init__(self, name: str, parameter: str, tasks: tuple[str, str], accepted: str) -> None:
        self.name = name
        self.parameter = parameter
        self.tasks = tasks
        self.accepted = accepted

    def __repr__(self) -> str:
        return f"<role {self.name}>"

    def build_options(self, aggregation_strategy: str) -> dict[str, Any]:
        """The keyword arguments ``transformers.pipeline`` builds a pipeline of this role with."""
        return {}

    def size(self, item: Any) -> int:
        """The characters of one input (batches are sorted by it)."""
        return len(item)

    def pipeline_input(self, item: Any) -> Any:
        """One input as a transformers pipeline of this role takes it."""
        return item

    def call(self, function: Any, item: Any) -> Any:
        """A plain callable's answer for one input."""
        return function(item)

    def request(self, client: Any, item: Any, aggregation_strategy: str | None = None) -> Any:
        """An ``InferenceClient``'s answer for one input (an awaitable for an async client)."""
        raise NotImplementedError

    def read(self, output: Any, item: Any) -> Any:
        """A raw answer for ``item`` as the Analyzer uses it: a Sentiment, or a list of Entity."""
        raise NotImplementedError


class _Classification(Role):
    """A text -> its label distribution, read as a Sentiment."""

    spacy_components = frozenset({"textcat", "textcat_multilabel"})
    pipeline_options: ClassVar[dict[str, Any]] = {"top_k": None, "truncation": True}  # the whole distribution, in the window

    def request(self, client: Any, item: Any, aggregation_strategy: str | None = None) -> Any:
        return client.text_classification(self.pipeline_input(item), top_k=REMOTE_TOP_K)

    def read(self, output: Any, item: Any) -> Any:
        return adapters.sentiment_from_output(output, self.parameter)


class _TokenClassification(Role):
    """A text -> its entities, offsets into that text."""

    def build_options(self, aggregation_strategy: str) -> dict[str, Any]:
        return {"aggregation_strategy": aggregation_strategy}  # how word pieces become entities

    def request(self, client: Any, item: Any, aggregation_strategy: str | None = None) -> Any:
        kwargs = {"aggregation_strategy": aggregation_strategy} if aggregation_strategy else {}
        return client.token_classification(item, **kwargs)

    def read(self, output: Any, item: Any) -> Any:
        return adapters.entities_from_output(output, item, self.parameter)


class _PairClassification(_Classification):
    """A (sentence, target) pair -> what the sentence says about the target, as a Sentiment."""

    pairs = True
    spacy_components = frozenset()  # a spaCy Language cannot read pairs at all

    def size(self, item: Any) -> int:
        sentence, target = item
        return len(sentence) + len(target)

    def pipeline_input(self, item: Any) -> Any:
        sentence, target = item
        return {"text": sentence, "text_pair": target}

    def call(self, function: Any, item: Any) -> Any:
        sentence, target = item
        return function(sentence, target)


SENTIMENT: Role = _Classification(
    "sentiment",
    "sentiment",
    ("text-classification", "sentiment-analysis"),
    "a transformers text-classification pipeline, a spaCy Language, an InferenceClient or a callable taking a str",
)
NER: Role = _TokenClassification(
    "ner",
    "ner",
    ("token-classification", "ner"),
    "a transformers token-classification pipeline, a spaCy Language, an InferenceClient or a callable taking a str",
)
ASPECT: Role = _PairClassification(
    "aspect",
    "aspect_sentiment",
    ("text-classification", "sentiment-analysis"),
    "a transformers text-classification pipeline of a text-pair model, an InferenceClient or a callable "
    "fn(sentence, target)",
)
ROLES = {role.name: role for role in (SENTIMENT, NER, ASPECT)}
