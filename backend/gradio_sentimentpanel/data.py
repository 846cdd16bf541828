"""The data model of SentimentPanel: what travels between Python and the browser.

Offsets are Python ``str`` indices (Unicode code points), end exclusive, in Python and on the
wire; the frontend converts them to UTF-16 itself.  Every model validates what it is given and
raises ``ValueError`` naming the field and the bad value; nothing is dropped or repaired.
"""

from __future__ import annotations

import math
import operator
from typing import Annotated, Any

from gradio.data_classes import GradioModel
from pydantic import (
    BeforeValidator,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

__all__ = [
    "Attribution",
    "Entity",
    "PanelData",
    "Sentence",
    "Sentiment",
    "entity_order",
    "format_validation_error",
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


class Sentiment(GradioModel):
    """A sentiment prediction: the top ``label``, its ``score`` and, when known, the full
    distribution ``scores`` (label -> probability), labels kept as the model names them."""

    label: Label
    score: Probability
    scores: dict[Label, Probability] = Field(default_factory=dict)


class Entity(GradioModel):
    """A highlighted span ``text[start:end]`` with its ``label``, the model's confidence
    ``score`` (None once a person has edited it) and the ``sentiment`` of the sentences that
    mention it."""

    start: Offset
    end: Offset
    label: Label
    score: Probability | None = None
    sentiment: Sentiment | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Entity:
        if self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class Sentence(GradioModel):
    """A sentence ``text[start:end]`` and its sentiment."""

    start: Offset
    end: Offset
    sentiment: Sentiment | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Sentence:
        if self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        return self


class Attribution(GradioModel):
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
            raise ValueError(f"start ({self.start}) must be before end ({self.end}): an attribution covers a word")
        return self


def entity_order(entity: Entity) -> tuple[int, int]:
    """The order of entities everywhere: by start, then longer first (an entity before those it holds)."""
    return (entity.start, -entity.end)


class PanelData(GradioModel):
    """The value of a SentimentPanel: a text, its entities (which may overlap and nest; kept
    sorted by start, longer first), the document sentiment, the sentences and the word
    attributions that explain the sentences' sentiment (sorted by start)."""

    text: Annotated[str, Field(strict=True)]
    entities: list[Entity] = Field(default_factory=list)
    sentiment: Sentiment | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _encodable(cls, text: str) -> str:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise ValueError(
                f"text holds a lone surrogate {text[err.start:err.end]!r} at index {err.start}, "
                "which cannot be shown or sent as UTF-8"
            ) from None
        return text

    @model_validator(mode="after")
    def _inside_text(self) -> PanelData:
        n = len(self.text)
        for field, spans in (
            ("entities", self.entities),
            ("sentences", self.sentences),
            ("attributions", self.attributions),
        ):
            for i, span in enumerate(spans):
                if span.end > n:
                    raise ValueError(
                        f"{field}[{i}] ends at {span.end}, past the end of the text "
                        f"(length {n} code points)"
                    )
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
        return self

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> PanelData:
        """Validate a payload (Gradio validates every value from the browser or the API with
        this). A bad value raises ``ValueError`` in the package's words, naming each bad field
        and its value, instead of pydantic's report."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as err:
            raise ValueError(format_validation_error(err)) from None

    def entity_text(self, entity: Entity | int) -> str:
        """The text an entity covers: ``text[start:end]``."""
        if isinstance(entity, int):
            entity = self.entities[entity]
        return self.text[entity.start : entity.end]


# an error message lists this many problems at most (a payload with a million bad entities would
# otherwise make a message, and a server log line, of tens of megabytes)
MAX_PROBLEMS_LISTED = 30


def format_validation_error(err: ValidationError, what: str = "SentimentPanel value") -> str:
    """A short message naming each bad field and the value it had, one line a problem (the
    first ``MAX_PROBLEMS_LISTED`` of them, then how many more there are)."""
    lines = []
    total = err.error_count()
    for item in err.errors(include_url=False)[:MAX_PROBLEMS_LISTED]:
        loc = ""
        for part in item["loc"]:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        msg = item["msg"]
        if item["type"] == "string_pattern_mismatch":
            msg = "must be a non-empty string, not only white space"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        bad = item.get("input")
        if item["type"] != "value_error" and not isinstance(bad, (dict, list)):
            msg = f"{msg} (got {_short_repr(bad)})"
        lines.append(f"{loc}: {msg}" if loc else msg)
    if total == 1:
        return f"Invalid {what}: {lines[0]}"
    if total > len(lines):
        lines.append(f"... and {total - len(lines):,} more problems")
    return f"Invalid {what}, {total:,} problems:\n" + "\n".join(lines)


def _short_repr(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
