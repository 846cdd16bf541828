"""The data model of SentimentPanel: what travels between Python and the browser.

Offsets are Python ``str`` indices (Unicode code points), end exclusive, in Python and on the
wire; the frontend converts them to UTF-16 itself.  Every model validates what it is given and
raises ``ValueError`` naming the field and the bad value; nothing is dropped or repaired.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, ClassVar, get_args

from gradio.data_classes import GradioModel
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .rules import entity_order

__all__ = [
    "Attribution",
    "Entity",
    "PanelData",
    "Reference",
    "Sentence",
    "Sentiment",
    "entity_order",
    "first_difference",
    "format_validation_error",
    "unencodable",
]


def _as_int(value: Any) -> Any:
    """Accept numpy and other integer-like offsets; bools, floats and strings are left for the
    strict int check that follows to refuse."""
    if isinstance(value, (bool, int, str, bytes, float)) or not hasattr(value, "__index__"):
        return value
    try:
        return operator.index(value)
    except TypeError:
        return value


Offset = Annotated[int, BeforeValidator(_as_int), Field(ge=0, strict=True)]
Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, strict=True)]
Label = Annotated[str, Field(pattern=r"\S", strict=True)]
Weight = Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False, strict=True)]


def _without_additional_properties(schema: dict[str, Any]) -> None:
    schema.pop("additionalProperties", None)


class _WordedErrors(type(GradioModel)):
    """Building a model by calling its class (``Entity(start=..., ...)``) raises ``ValueError``
    in the package's words. A metaclass, not ``__init__``: a model with its own ``__init__`` has
    pydantic call it for every nested value too, which words each nested error again inside the
    outer one, and validates a list of 100,000 entities at about half the speed."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as err:
            raise cls._refused(err) from None


class _Checked(GradioModel, metaclass=_WordedErrors):
    """A model of the value: unknown keys are refused, and a bad value raises ``ValueError``
    worded by :func:`format_validation_error`, however the model is built: called
    (``Entity(...)``), validated (``model_validate``, as Gradio does), :meth:`checked` or
    :meth:`rechecked`."""

    # unknown keys refused; the schema does not say so, because gradio_client's schema reader
    # fails on `additionalProperties: false` (a bool where it expects a schema)
    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_additional_properties)
    what_it_is: ClassVar[str | None] = None  # what an error calls a value of this model (the class name when None)
    nested_fields: ClassVar[tuple[str, ...]] = ()  # the fields that hold models (or lists of them)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.nested_fields = tuple(k for k, f in cls.model_fields.items() if _holds_model(f.annotation))

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Validate ``obj`` (Gradio validates every value from the browser or the API with
        this); a bad value raises ``ValueError`` naming each bad field and its value."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as err:
            raise cls._refused(err) from None

    @classmethod
    def _refused(cls, err: ValidationError, where: str | None = None, what: str | None = None) -> ValueError:
        """The ``ValueError`` that refuses a value of this model, in the package's words: what was
        validated is ``what``, the part ``where`` of a SentimentPanel value, or a value of this
        model (see :func:`format_validation_error`)."""
        what = what or ("SentimentPanel value" if where else cls.what_it_is or cls.__name__)
        return ValueError(format_validation_error(err, what, where=where))

    def rechecked(self, where: str | None = None) -> Any:
        """This value validated again, as a new model: a model changed after it was built
        (``value.entities[0].end = 99``, an item appended to a list) is checked like a new one.
        About the cost of validating the same value given as dicts. Errors name the fields from
        ``where`` (such as ``entities[3]``) when it is given, as :meth:`checked` does."""
        if where is not None:
            return type(self).checked(_fields(self), where)
        return type(self).model_validate(_fields(self))

    @classmethod
    def checked(cls, data: Any, where: str | None = None, *, what: str | None = None) -> Any:
        """Validate ``data`` as the part ``where`` (such as ``entities[3]``) of a SentimentPanel
        value, or as a whole ``what`` (such as "IOB document"); errors name the fields from
        there."""
        try:
            return cls.__pydantic_validator__.validate_python(data)
        except ValidationError as err:
            raise cls._refused(err, where, what) from None


def _fields(value: Any) -> Any:
    """A model's field values as validation takes them, nested models and lists of them too
    (other values are left for validation to judge)."""
    if isinstance(value, _Checked):
        fields = value.__dict__
        nested = value.nested_fields
        if nested and any(fields[k] for k in nested):
            fields = dict(fields)
            for k in nested:
                fields[k] = _fields(fields[k])
        return fields
    if type(value) is list:
        return [_fields(v) for v in value]
    return value


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, _Checked):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation))


class Sentiment(_Checked):
    """A sentiment prediction: the top ``label``, its ``score`` and, when known, the full
    distribution ``scores`` (label -> probability), labels kept as the model names them. With
    ``scores``, ``label`` is one of the highest (a tie may name either) and ``score`` is its
    probability there."""

    label: Label
    score: Probability
    scores: dict[Label, Probability] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _top_of_scores(self) -> Sentiment:
        if not self.scores:
            return self
        own = self.scores.get(self.label)
        if own is None:
            raise ValueError(f"label {self.label!r} is not among the labels of scores {_labels(self.scores)}")
        if own != self.score:
            raise ValueError(f"score ({self.score!r}) differs from scores[{self.label!r}] ({own!r})")
        best = max(self.scores, key=self.scores.__getitem__)
        if self.scores[best] > own:
            raise ValueError(
                f"label {self.label!r} ({own!r}) is not the top of scores: {best!r} has {self.scores[best]!r}"
            )
        return self


def _labels(scores: dict[str, float]) -> str:
    names = list(scores)
    shown = ", ".join(repr(k) for k in names[:8])
    return f"[{shown}{', ...' if len(names) > 8 else ''}]"


class Entity(_Checked):
    """A highlighted span ``text[start:end]`` with its ``label``, the model's confidence
    ``score`` (None once a person has edited it), the ``sentiment`` of the sentences that
    mention it (or the aspect model's, for this mention) and, from entity linking, the
    knowledge-base identifier ``kb_id`` and a ``kb_url`` to look it up (as spaCy and displaCy
    keep them)."""

    start: Offset
    end: Offset
    label: Label
    score: Probability | None = None
    sentiment: Sentiment | None = None
    kb_id: Annotated[str, Field(strict=True, min_length=1)] | None = None
    kb_url: Annotated[str, Field(strict=True, min_length=1)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Entity:
        if self.start > self.end:
            raise ValueError(f"start ({_short_repr(self.start)}) is after end ({_short_repr(self.end)})")
        return self


class Sentence(_Checked):
    """A sentence ``text[start:end]`` and its sentiment."""

    start: Offset
    end: Offset
    sentiment: Sentiment | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Sentence:
        if self.start > self.end:
            raise ValueError(f"start ({_short_repr(self.start)}) is after end ({_short_repr(self.end)})")
        return self


class Attribution(_Checked):
    """How much the word ``text[start:end]`` drives its sentence's sentiment: ``weight`` in
    [-1, 1] is the word's signed contribution to the sentence's top label (positive: towards
    it, negative: against it), scaled per sentence so that its strongest word has weight 1 or
    -1. Word pieces are summed into whole words."""

    start: Offset
    end: Offset
    weight: Weight

    @model_validator(mode="after")
    def _ordered(self) -> Attribution:
        if self.start >= self.end:
            raise ValueError(
                f"start ({_short_repr(self.start)}) must be before end ({_short_repr(self.end)}): an attribution covers a word"
            )
        return self


class Reference(_Checked):
    """Another analysis of the value's text, to compare the value with (a gold standard,
    another model, the model before a person corrected it): its ``name`` (shown beside the
    figures), ``entities``, ``sentences`` and document ``sentiment``, with the same meaning and
    the same offsets into the value's ``text`` as the value's own. In a PanelData its entities
    are kept sorted by start, longer first, and its sentences by start, as the value's are."""

    name: Label = "reference"
    entities: list[Entity] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    sentiment: Sentiment | None = None


def _past_the_end(field: str, spans: list[Any], n: int) -> None:
    for i, span in enumerate(spans):
        if span.end > n:
            raise ValueError(
                f"{field}[{i}] ends at {_short_repr(span.end)}, past the end of the text "
                f"(length {n} code points)"
            )


def first_difference(a: str, b: str, a_name: str = "the first", b_name: str = "the second") -> str | None:
    """Where the texts ``a`` and ``b`` (of the analyses called ``a_name`` and ``b_name``) first
    differ, in words: the code-point offset and a short excerpt of each from there; None when
    they are the same text."""
    if a == b:
        return None
    lo, hi = 0, min(len(a), len(b))  # the common prefix is a[:lo]; a[:hi + 1] != b[:hi + 1]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    at = lo

    def excerpt(text: str) -> str:
        if at >= len(text):
            return f"ends there (length {len(text)} code points)"
        return f"has {_short_repr(text[at : at + 30], 40)}"

    return f"the texts differ from character offset {at}: {a_name} {excerpt(a)}, {b_name} {excerpt(b)}"


def unencodable(text: str) -> str | None:
    """Why ``text`` cannot be shown or sent (a lone surrogate, which UTF-8 cannot encode), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return (
            f"holds a lone surrogate {text[err.start:err.end]!r} at index {err.start}, "
            "which cannot be shown or sent as UTF-8"
        )
    return None


class PanelData(_Checked):
    """The value of a SentimentPanel: a text, its entities (which may overlap and nest; kept
    sorted by start, longer first), the document sentiment, the sentences and the word
    attributions that explain the sentences' sentiment (sorted by start), and optionally a
    ``reference``: another analysis of the same text, which the panel draws the value's
    differences from and ``compare`` measures the value against."""

    text: Annotated[str, Field(strict=True)]
    entities: list[Entity] = Field(default_factory=list)
    sentiment: Sentiment | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    reference: Reference | None = None

    what_it_is: ClassVar[str | None] = "SentimentPanel value"

    @field_validator("text")
    @classmethod
    def _encodable(cls, text: str) -> str:
        problem = unencodable(text)
        if problem:
            raise ValueError(problem)
        return text

    @model_validator(mode="after")
    def _inside_text(self) -> PanelData:
        n = len(self.text)
        for field, spans in (
            ("entities", self.entities),
            ("sentences", self.sentences),
            ("attributions", self.attributions),
        ):
            _past_the_end(field, spans, n)
        if self.reference is not None:
            _past_the_end("reference.entities", self.reference.entities, n)
            _past_the_end("reference.sentences", self.reference.sentences, n)
        for i, word in enumerate(self.attributions):
            covered = self.text[word.start : word.end]
            if covered != covered.strip():
                raise ValueError(
                    f"attributions[{i}] covers {covered!r}, which starts or ends with white space; "
                    "an attribution covers a word"
                )
        self.entities.sort(key=entity_order)
        self.sentences.sort(key=lambda s: (s.start, s.end))
        self.attributions.sort(key=lambda a: (a.start, a.end))
        if self.reference is not None:
            self.reference.entities.sort(key=entity_order)
            self.reference.sentences.sort(key=lambda s: (s.start, s.end))
        return self

    def entity_text(self, entity: Entity | int) -> str:
        """The text an entity covers: ``text[start:end]``."""
        if isinstance(entity, int):
            entity = self.entities[entity]
        return self.text[entity.start : entity.end]


# an error message lists this many problems at most (a payload with a million bad entities would
# otherwise make a message, and a server log line, of tens of megabytes)
MAX_PROBLEMS_LISTED = 30


def format_validation_error(
    err: ValidationError, what: str = "SentimentPanel value", where: str | None = None
) -> str:
    """The package's wording of every validation error: a short message naming each bad field
    (from ``where``, the part of the value that was validated, when given) and the value it
    had, one line a problem (the first ``MAX_PROBLEMS_LISTED`` of them, then how many more
    there are)."""
    lines = []
    total = err.error_count()
    for item in err.errors(include_url=False)[:MAX_PROBLEMS_LISTED]:
        loc = where or ""
        parts = item["loc"]
        if item["type"] == "extra_forbidden":  # name the key, at the place that holds it
            parts, key = parts[:-1], parts[-1]
        for part in parts:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        msg = item["msg"]
        if item["type"] == "string_pattern_mismatch":
            msg = "must be a non-empty string, not only white space"
        if item["type"] == "extra_forbidden":
            msg = f"unknown key {key!r}"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        bad = item.get("input")
        if item["type"] not in ("value_error", "extra_forbidden") and not isinstance(bad, (dict, list)):
            msg = f"{msg} (got {_short_repr(bad)})"
        lines.append(f"{loc}: {msg}" if loc else msg)
    if total == 1:
        return f"Invalid {what}: {lines[0]}"
    if total > len(lines):
        lines.append(f"... and {total - len(lines):,} more problems")
    return f"Invalid {what}, {total:,} problems:\n" + "\n".join(lines)


def _short_repr(value: Any, width: int = 80) -> str:
    """``repr(value)`` cut to ``width`` characters, for error messages: a note instead for a value
    Python cannot write out (an int of more digits than it converts to text, nesting too deep)."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"<{type(value).__name__} too large to write out>"
    return text if len(text) <= width else text[: width - 3] + "..."
