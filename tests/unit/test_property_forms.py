"""Properties over every value form SentimentPanel takes and every reader of adapters/export.

For each form the generated input is valid or broken in one known place (random Unicode, offsets
negative, reversed, past the end, bool, float, NaN, huge; scores out of range, NaN, strings;
blank and white-space labels; wrong types, unknown and misspelled keys), and the call either

(a) raises ValueError or TypeError in the package's words, naming the broken place
    (``entities[1]``, ``sentences[0].sentiment``, ``line 3``, ``text``...), or
(b) returns exactly what was given: the expected value is computed here from the generated
    input, never by the code under test; round trips (wire, JSON, JSONL, IOB, displaCy) are
    exact, or lose exactly what the README says they lose.

No other exception may escape. Each test case is ``(value, expected)``: expected is a ``Refused``
(the places its message must name), an ``Either`` (a named error or the exact result) or the
exact result, as :func:`shape` writes a PanelData.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from huggingface_hub import TextClassificationOutputElement, TokenClassificationOutputElement
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gradio_sentimentpanel import Attribution, Entity, PanelData, Sentence, Sentiment, SentimentPanel
from gradio_sentimentpanel.adapters import (
    class_labels,
    entities_from_output,
    entities_from_token_classification,
    from_spacy,
    labels_of,
    panel_from_pairs,
    panel_from_spacy_doc,
    sentiment_from_output,
    sentiment_from_text_classification,
    to_panel_data,
)
from gradio_sentimentpanel.export import (
    from_displacy,
    from_iob,
    from_json,
    from_jsonl,
    to_displacy,
    to_iob,
    to_json,
    to_jsonl,
)

try:
    import spacy
    from spacy.tokens import Doc, Span
except ImportError:  # pragma: no cover - spaCy is a test dependency
    spacy = None

GRADIO = {"context": {"validate_meta": True}}  # how Gradio's preprocess_data calls model_validate
HUGE = 10**400  # fits in a str() of Python's default digit limit
HUGER = 10**5000  # does not
NAN, INF = float("nan"), float("inf")

# ------------------------------------------------------------------------------ the oracle

# what a message in the package's words never holds: Python's and pydantic's own wording
INTERNALS = (
    "object is not iterable",
    "unhashable type",
    "validation error for",
    "errors.pydantic.dev",
    "For further information",
    "OverflowError",
    "RecursionError",
    "maximum recursion depth",
    "has no attribute",
    "AttributeError",
    "KeyError",
    "object is not subscriptable",
    "not supported between instances",
    "unsupported operand",
    "Exceeds the limit",
    "set_int_max_str_digits",
    "invalid literal for int()",
    "list index out of range",
    "'NoneType' object",
    "object cannot be interpreted",
    "argument of type",
    "positional argument",
    "too large to convert",
    "must be real number",
    "Traceback",
)
# a message names a place of the value or the argument that is wrong
PLACE = re.compile(
    r"(entities|sentences|attributions|sentiment|spans|ents|tokens|value|cats|scores)(\[|\.|:| )"
    r"|\b(text|label|score|index|entity|line \d+|iob|spans_key|doc\.\w+|id2label|`\w+`|style|extra)\b"
    r"|SentimentPanel cannot show|from_\w+|SentimentPanel value|unknown key|expected a PanelData|not valid JSON"
)


@dataclass(frozen=True)
class Refused:
    """The call must raise a named error whose message holds each of ``places``."""

    places: tuple[str, ...]


@dataclass(frozen=True)
class Either:
    """A named error holding ``places``, or exactly ``result``."""

    places: tuple[str, ...]
    result: Any


def refused(*places: str) -> Refused:
    return Refused(tuple(places))


def assert_named(err: BaseException, *places: str) -> str:
    """``err`` is a ValueError or TypeError (not a subclass leaking from a library: pydantic's
    ValidationError, json's JSONDecodeError, UnicodeError...; gr.Error's InvalidValue is the
    panel's own), its message is in the package's words and names each of ``places``."""
    kind = type(err)
    assert kind in (ValueError, TypeError) or kind.__name__ == "InvalidValue", f"{kind.__name__} escaped: {err}"
    message = str(err)
    for phrase in INTERNALS:
        assert phrase not in message, f"internals wording {phrase!r} in: {message[:400]}"
    assert PLACE.search(message), f"the message names no place: {message[:400]}"
    for place in places:
        assert place in message, f"{place!r} is not named in: {message[:400]}"
    return message


def check(call, value, expected, *, to=None):
    """Call ``call(value)``: a named error when ``expected`` says so, else the exact result
    (``to`` turns the result into what ``expected`` is written as, ``shape`` by default)."""
    to = to or shape
    try:
        out = call(value)
    except Exception as err:  # noqa: BLE001 - whatever escapes is judged here
        if isinstance(expected, (Refused, Either)):
            assert_named(err, *expected.places)
            return None
        raise AssertionError(f"refused a valid value ({type(err).__name__}: {str(err)[:400]})") from err
    if isinstance(expected, Refused):
        raise AssertionError(f"accepted what should be refused naming {expected.places}: {out!r:.400}")
    want = expected.result if isinstance(expected, Either) else expected
    assert to(out) == want
    return out


def any_named(call, *args, **kwargs):
    """Fuzzing: the result, or None after a named error."""
    try:
        return call(*args, **kwargs)
    except Exception as err:  # noqa: BLE001
        assert_named(err)
        return None


def sent_shape(s: Sentiment | None):
    if s is None:
        return None
    assert type(s.label) is str and type(s.score) is float, (s.label, s.score)
    return (s.label, s.score, tuple(s.scores.items()))


def shape(p: PanelData):
    """A PanelData as plain tuples, every offset a plain int and every score a plain float."""
    assert isinstance(p, PanelData), p
    for span in [*p.entities, *p.sentences, *p.attributions]:
        assert type(span.start) is int and type(span.end) is int, span
    for e in p.entities:
        assert e.score is None or type(e.score) is float, e
    return (
        p.text,
        tuple((e.start, e.end, e.label, e.score, sent_shape(e.sentiment), e.kb_id, e.kb_url) for e in p.entities),
        sent_shape(p.sentiment),
        tuple((s.start, s.end, sent_shape(s.sentiment)) for s in p.sentences),
        tuple((a.start, a.end, a.weight) for a in p.attributions),
    )


def expected_panel(text, entities=(), sentiment=None, sentences=(), attributions=()):
    """What a PanelData of these parts is: entities by start, longer first, and sentences and
    attributions by start, each keeping the given order among equals."""
    return (
        text,
        tuple(sorted(entities, key=lambda e: (e[0], -e[1]))),
        sentiment,
        tuple(sorted(sentences, key=lambda s: (s[0], s[1]))),
        tuple(sorted(attributions, key=lambda a: (a[0], a[1]))),
    )


def wire(p: PanelData) -> dict:
    return json.loads(json.dumps(p.model_dump(), ensure_ascii=False))


def sendable(p: PanelData) -> None:
    """What postprocess returns goes over the wire as UTF-8 JSON."""
    json.dumps(p.model_dump(), ensure_ascii=False, allow_nan=False).encode("utf-8")


def postprocess(value):
    return SentimentPanel().postprocess(value)


def preprocess_dict(value):
    return SentimentPanel().preprocess(value)


def preprocess_wire(value):
    """As Gradio hands a value from the browser to the panel."""
    panel = SentimentPanel()
    return panel.preprocess(panel.data_model.model_validate(value, **GRADIO))


# ------------------------------------------------------------------------------ generators

PIECES = [
    "a", "Z", " ", "\n", ".", ",", "é", "e\u0301", "😀", "👩\u200d👩\u200d👧", "🇫🇷", "𝒳", "東京",
    "مرحبا", "שלום", "\u200f", "\u00a0", "\u2028", "\x85", "\ufeff", "\t",
]
texts = st.lists(
    st.sampled_from(PIECES) | st.text(st.characters(exclude_categories=["Cs"]), max_size=3), max_size=14
).map("".join)
GOOD_LABELS = ["PER", "LOC", "ORG", "地名", "شخص", "B-X", "I-PER", "1 star", "a\u00a0b", "x\u2028y", "😀", "O"]
_bits = st.text(st.characters(exclude_categories=["Cs"]), max_size=2)
labels = st.sampled_from(GOOD_LABELS) | st.builds(lambda a, c, b: a + c + b, _bits, st.characters(categories=["L", "N"]), _bits)
SENTIMENT_LABELS = ["POSITIVE", "NEGATIVE", "NEUTRAL", "1 star", "ü", "😀", "B-X"]
DYADIC = st.integers(0, 64).map(lambda k: k / 64)
probs = DYADIC | st.floats(0, 1) | st.just(-0.0)
BAD_LABELS = ["", " ", "\u00a0", "\u2028", "\t\n", 5, ["P"], HUGER, b"PER"]
BAD_SCORES = [NAN, INF, -0.5, 2, 1.0000001, "0.5", True, None, [0.5], HUGE, HUGER, -HUGER]
BAD_OFFSETS = [-1, True, False, 1.5, 1.0, NAN, INF, "0", None, [0], HUGE, HUGER, -HUGER]
BAD_WEIGHTS = [NAN, INF, 1.5, -2, "0.5", True, None, HUGER]
# a key somebody might type for one we know
MISSPELT = ["scor", "lable", "Label", "entitiy", "strat", "colour", "sentimnet", "kbid"]


def numeric(draw, x: float):
    """``x`` as a Python float, or as the numpy scalar a pipeline gives, and what it reads as."""
    kind = draw(st.sampled_from([float, float, np.float32, np.float64]))
    raw = kind(x)
    return raw, float(raw)


def offset(draw, x: int):
    """``x`` as a Python int or a numpy integer."""
    return draw(st.sampled_from([int, int, np.int64, np.int32]))(x)


@st.composite
def sentiment_cases(draw, place: str = "sentiment"):
    """(raw text-classification output in one of its forms, the Sentiment it is, as sent_shape writes it)."""
    names = draw(st.lists(st.sampled_from(SENTIMENT_LABELS) | labels, min_size=1, max_size=4, unique=True))
    form = draw(st.sampled_from(["top", "full", "list", "nested", "elements", "object", "bare_object"]))
    numpy = form in ("top", "list", "nested") and draw(st.booleans())
    scores = {}
    for n in names:
        x = draw(probs)
        scores[n] = numeric(draw, x) if numpy else (x, x)
    plain = {n: v[1] for n, v in scores.items()}
    raw = {n: v[0] for n, v in scores.items()}
    best = max(plain.values())
    tops = [n for n in names if plain[n] == best]
    if form == "top":
        n = names[0]
        return {"label": n, "score": raw[n]}, (n, plain[n], ((n, plain[n]),))
    if form == "bare_object":
        n = names[0]
        return Sentiment(label=n, score=plain[n]), (n, plain[n], ())
    label = draw(st.sampled_from(tops))
    if form == "full":
        return {"label": label, "score": best, "scores": dict(plain)}, (label, best, tuple(plain.items()))
    if form == "object":
        return Sentiment(label=label, score=best, scores=dict(plain)), (label, best, tuple(plain.items()))
    items = [{"label": n, "score": raw[n]} for n in names]
    first_top = tops[0]  # a distribution names its first top label
    out = {"list": items, "nested": [items], "elements": [TextClassificationOutputElement(**i) for i in items]}[form]
    return out, (first_top, best, tuple(plain.items()))


def bad_sentiments(place: str):
    """(raw output that is no sentiment, the places its error names)."""
    scores_bad = st.sampled_from([5, "ab", 0, [], "", [("P", 0.5)], 0.5, {"P"}]).map(
        lambda s: ({"label": "P", "score": 0.5, "scores": s}, (place, "scores"))
    )
    fixed = st.sampled_from(
        [
            ({"label": "P", "score": 0.2, "scores": {"P": 0.2, "N": 0.8}}, (place, "'N'")),  # not the top
            ({"label": "P", "score": 0.5, "scores": {"N": 0.5}}, (place, "'P'")),  # not among them
            ({"label": "P", "score": 0.4, "scores": {"P": 0.5}}, (place,)),  # score differs
            ({"label": "P", "score": 0.5, "scores": {"P": 0.5, "N": NAN}}, (place, "scores")),
            ({"label": "P", "score": 0.5, "scores": {"P": 0.5, 5: 0.1}}, (place, "scores")),
            ({"label": "P", "score": 0.5, "scores": {"P": 0.5, " ": 0.1}}, (place, "scores")),
            ([{"label": ["P"], "score": 0.5}], (place, "label")),
            ([{"label": "N", "score": 0.5}, {"label": ["P"], "score": 0.5}], (f"{place}[1].label",)),
            ([], (place,)),
            ([[]], (place,)),
            ("POSITIVE", (place,)),
            (5, (place,)),
            ({"P"}, (place,)),
            ({"label": "P"}, (place,)),
            ({"score": 0.5}, (place,)),
            ([{"label": "P", "score": 0.5}, {"label": "P", "score": 0.4}], (place, "'P'")),
            ([[{"label": "P", "score": 0.5}], [{"label": "P", "score": 0.5}]], (place, "2 texts")),
            ([{"label": "P", "score": 0.5}, 7], (f"{place}[1]",)),
            ([{"label": "P", "score": "x"}, {"label": "N", "score": 0.5}], (place,)),
            ([{"label": "P", "score": 0.5, "scores": {"P": 0.5}}], (place, "'scores'")),
            ([{"label": "P", "score": 0.5, "x": 1}], (place, "'x'")),
        ]
    )
    bad_label = st.sampled_from(BAD_LABELS).map(lambda lb: ({"label": lb, "score": 0.5}, (place,)))
    bad_score = st.tuples(st.sampled_from(BAD_SCORES), st.booleans()).map(
        lambda t: (([{"label": "P", "score": t[0]}] if t[1] else {"label": "P", "score": t[0]}), (place,))
    )
    unknown = st.sampled_from(MISSPELT).map(lambda k: ({"label": "P", "score": 0.5, k: 0.5}, (place, repr(k))))
    return st.one_of(scores_bad, fixed, bad_label, bad_score, unknown)


def is_outside(label: str) -> bool:
    return label.strip().upper() == "O"


@st.composite
def entity_cases(draw, text: str):
    """(one entity in one of the forms the panel reads, what it is as a shape() tuple or None
    when it is an outside group, which is not an entity)."""
    n = len(text)
    a = draw(st.integers(0, n))
    b = draw(st.integers(a, n))
    label = draw(labels)
    x = draw(st.none() | probs)
    form = draw(st.sampled_from(["own", "group", "element", "object", "word"]))
    kb_id = draw(st.none() | st.sampled_from(["Q1", "Q90", "東"])) if form in ("own", "object", "group") else None
    kb_url = draw(st.none() | st.sampled_from(["https://x.org/Q1", "javascript:alert(1)"])) if form in ("own", "object") else None
    sentiment, sentiment_shape = (None, None)
    if form != "element" and draw(st.integers(0, 3)) == 0:
        sentiment, sentiment_shape = draw(sentiment_cases())
        if form == "object" and not isinstance(sentiment, Sentiment):
            label_, score_, scores_ = sentiment_shape
            sentiment = Sentiment(label=label_, score=score_, scores=dict(scores_))
    if form == "element" and x is None:
        x = 0.5
    raw_score, score = numeric(draw, x) if (x is not None and form in ("group", "word")) else (x, x)
    start, end = (offset(draw, a), offset(draw, b)) if form in ("own", "group", "word") else (a, b)
    extra = {k: v for k, v in (("kb_id", kb_id), ("kb_url", kb_url), ("sentiment", sentiment)) if v is not None}
    if form == "own":
        item = {"start": start, "end": end, "label": label, **extra}
        if x is not None or draw(st.booleans()):
            item["score"] = raw_score
    elif form == "group":
        item = {"entity_group": label, "score": raw_score, "word": text[a:b], "start": start, "end": end, **extra}
    elif form == "word":
        item = {"label": label, "word": text[a:b], "start": start, "end": end, "score": raw_score, **extra}
    elif form == "element":
        item = TokenClassificationOutputElement(entity_group=label, score=raw_score, word=text[a:b], start=a, end=b)
    else:
        item = Entity(start=a, end=b, label=label, score=x, sentiment=sentiment, kb_id=kb_id, kb_url=kb_url)
    dropped = form in ("group", "element") and is_outside(label)
    return item, None if dropped else (a, b, label, score, sentiment_shape, kb_id, kb_url)


def words_of(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


@st.composite
def dict_cases(draw, broken: bool = True):
    """A dict value ({"text", "entities", "sentiment", "sentences", "attributions"}, entities in
    every form a pipeline, InferenceClient or person gives), valid or broken in one place."""
    text = draw(texts)
    n = len(text)
    entities = draw(st.lists(entity_cases(text), max_size=5))
    sentiment = draw(st.none() | sentiment_cases())
    sentences = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        s, s_shape = draw(st.none() | sentiment_cases()) or (None, None)
        if draw(st.booleans()):
            item = {"start": offset(draw, a), "end": offset(draw, b)}
            if s is not None or draw(st.booleans()):
                item["sentiment"] = s
        else:
            if s is not None and not isinstance(s, Sentiment):
                s = Sentiment(label=s_shape[0], score=s_shape[1], scores=dict(s_shape[2]))
            item = Sentence(start=a, end=b, sentiment=s)
        sentences.append((item, (a, b, s_shape)))
    attributions = []
    words = words_of(text)
    for a, b in draw(st.lists(st.sampled_from(words), max_size=3)) if words else []:
        w = draw(st.floats(-1, 1))
        raw_w, w = numeric(draw, w) if draw(st.booleans()) else (w, w)
        item = {"start": a, "end": b, "weight": raw_w} if draw(st.booleans()) else Attribution(start=a, end=b, weight=w)
        attributions.append((item, (a, b, w)))
    value: dict[str, Any] = {"text": text}
    for key, parts in (("entities", entities), ("sentences", sentences), ("attributions", attributions)):
        if parts or draw(st.booleans()):
            value[key] = [item for item, _ in parts]
    if sentiment is not None:
        value["sentiment"] = sentiment[0]
    expected = expected_panel(
        text,
        [e for _, e in entities if e is not None],
        None if sentiment is None else sentiment[1],
        [s for _, s in sentences],
        [a for _, a in attributions],
    )
    if not broken or not draw(st.integers(0, 2)):
        return value, expected
    return draw(broken_dict(value, entities, sentences, attributions))


@st.composite
def broken_dict(draw, value, entities, sentences, attributions):
    """``value`` broken in one place, and the places its error must name."""
    text = value["text"]
    n = len(text)
    kinds = ["text", "top"]
    inside = [i for i, (_, e) in enumerate(entities) if e is not None]  # outside groups are left out unread
    if inside:
        kinds += ["entity"] * 4
    if sentences:
        kinds += ["sentence"] * 2
    if attributions:
        kinds += ["attribution"] * 2
    kind = draw(st.sampled_from(kinds))
    value = dict(value)
    if kind == "text":
        bad, places = draw(
            st.sampled_from([(5, ("text",)), (None, ("text",)), (b"abc", ("text",)), ([text], ("text",))])
            | st.just((text + "\ud800", ("text", "lone surrogate")))
            | st.just(("\udc00" + text, ("text", "lone surrogate")))
        )
        if bad is None and draw(st.booleans()):
            del value["text"]
            places = ("'text'",)
        else:
            value["text"] = bad
        return value, refused(*places)
    if kind == "top":
        key = draw(st.sampled_from(["entitiez", "Text", "sentimnet", "spans", "ents", "tokens"]))
        choice = draw(st.integers(0, 2))
        if choice == 0:
            value[key] = []
            return value, refused(repr(key))
        field = draw(st.sampled_from(["entities", "sentences", "attributions", "sentiment"]))
        if field == "sentiment":
            bad, places = draw(bad_sentiments("sentiment"))
            value["sentiment"] = bad
            return value, refused(*places)
        value[field] = draw(st.sampled_from([5, "PER", {"start": 0, "end": 1}, b"x", 0.5]))
        return value, refused(field)
    if kind == "entity":
        i = draw(st.sampled_from(inside))
        items = list(value["entities"])
        items[i], places = draw(broken_entity(items[i], i, n))
        value["entities"] = items
        return value, refused(*places)
    if kind == "sentence":
        i = draw(st.integers(0, len(sentences) - 1))
        items = list(value["sentences"])
        items[i], places = draw(broken_span(items[i], f"sentences[{i}]", n, ("start", "end"), Sentence))
        value["sentences"] = items
        return value, refused(*places)
    i = draw(st.integers(0, len(attributions) - 1))
    items = list(value["attributions"])
    items[i], places = draw(broken_span(items[i], f"attributions[{i}]", n, ("start", "end", "weight"), Attribution))
    value["attributions"] = items
    return value, refused(*places)


def as_dict(item) -> dict:
    if isinstance(item, dict):
        return dict(item)
    if isinstance(item, TokenClassificationOutputElement):
        return {k: v for k, v in vars(item).items() if v is not None}
    return {k: v for k, v in dict(item).items() if v is not None}


@st.composite
def broken_entity(draw, item, i: int, n: int):
    where = f"entities[{i}]"
    how = draw(st.sampled_from(["offset", "past", "reversed", "label", "score", "kb", "sentiment", "key", "item", "mutated"]))
    if how == "mutated" and isinstance(item, Entity):
        # a model changed after it was built is checked like a new one
        e = item.model_copy()
        field, bad = draw(
            st.sampled_from([("start", -1), ("end", n + 1), ("label", " "), ("label", 5), ("score", 7), ("score", NAN), ("kb_id", "")])
        )
        setattr(e, field, bad)
        return e, (where,)
    d = as_dict(item)
    label_key = "entity_group" if "entity_group" in d else "label"
    if how in ("offset", "mutated"):
        field = draw(st.sampled_from(["start", "end"]))
        d[field] = draw(st.sampled_from(BAD_OFFSETS))
        return d, (where,)
    if how == "past":
        d["end"] = n + draw(st.integers(1, 3))
        return d, (where, "past the end")
    if how == "reversed":
        d["start"], d["end"] = int(d["end"]) + 1, int(d["end"])
        if d["start"] > n:  # then it also runs past the end: either is named
            return d, (where,)
        return d, (where, "after end")
    if how == "label":
        bad = draw(st.sampled_from([*BAD_LABELS, None]))
        d[label_key] = bad
        return d, (where,)
    if how == "score":
        bad = draw(st.sampled_from([b for b in BAD_SCORES if b is not None]))
        d["score"] = bad
        return d, (where, "score")
    if how == "kb":
        d[draw(st.sampled_from(["kb_id", "kb_url"]))] = draw(st.sampled_from(["", 5, ["Q1"], HUGER]))
        return d, (where, "kb_")
    if how == "sentiment":
        bad, places = draw(bad_sentiments(f"{where}.sentiment"))
        d["sentiment"] = bad
        return d, places
    if how == "key":
        key = draw(st.sampled_from(MISSPELT))
        if key in d:
            key = "colour"
        d[key] = 0.5
        return d, (where, repr(key))
    return draw(st.sampled_from([5, "PER", None, b"x", 0.5, {"PER"}])), (where,)


@st.composite
def broken_span(draw, item, where: str, n: int, fields: tuple[str, ...], model):
    """A sentence or attribution broken in one place."""
    how = draw(st.sampled_from(["offset", "past", "reversed", "key", "missing", "item", "mutated", "field"]))
    if how == "mutated" and isinstance(item, model):
        e = item.model_copy()
        field, bad = draw(st.sampled_from([("start", -1), ("end", n + 1), ("start", "0")]))
        setattr(e, field, bad)
        return e, (where,)
    d = as_dict(item)
    if how in ("offset", "mutated"):
        d[draw(st.sampled_from(["start", "end"]))] = draw(st.sampled_from(BAD_OFFSETS))
        return d, (where,)
    if how == "past":
        d["end"] = n + draw(st.integers(1, 3))
        return d, (where, "past the end")
    if how == "reversed":
        d["start"], d["end"] = int(d["end"]) + 1, int(d["end"])
        return d, (where,)
    if how == "key":
        key = draw(st.sampled_from(MISSPELT))
        d[key] = 1
        return d, (where, key)
    if how == "missing":
        del d[draw(st.sampled_from(fields))]
        return d, (where,)
    if how == "field":
        if model is Sentence:
            bad, places = draw(bad_sentiments(f"{where}.sentiment"))
            d["sentiment"] = bad
            return d, places
        d["weight"] = draw(st.sampled_from(BAD_WEIGHTS))
        return d, (where,)
    return draw(st.sampled_from([5, "x", None, [0, 1]])), (where,)


FORMS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TOKENS = [
    {"entity": "B-LOC", "start": 6, "end": 11, "index": 1, "score": 0.9, "word": "Paris"},
    {"entity": "B-PER", "start": 0, "end": 5, "word": "##Hello", "index": 2, "score": 0.9},
]


def joined(piece: dict) -> dict:
    """'Hello Paris' as two tokens of one LOC entity, the second one changed by ``piece``."""
    return {
        "text": "Hello Paris",
        "entities": [{"entity": "B-LOC", "start": 0, "end": 5, "index": 1, "score": 0.9}, {"entity": "I-LOC", "start": 6, "end": 11, "index": 2, "score": 0.9, **piece}],
    }


def with_sentiment(where: str, sentiment) -> dict:
    if where == "sentiment":
        return {"text": "ab", "sentiment": sentiment}
    if where == "entities[0].sentiment":
        return {"text": "ab", "entities": [{"start": 0, "end": 1, "label": "X", "sentiment": sentiment}]}
    return {"text": "ab", "sentences": [{"start": 0, "end": 2, "sentiment": sentiment}]}


KNOWN_SENTIMENTS = [
    {"label": "P", "score": 0.5, "scores": 5},
    {"label": "P", "score": 0.5, "scores": "ab"},
    {"label": "P", "score": 0.5, "scores": 0},
    {"label": "P", "score": 0.5, "scores": []},
    {"label": "P", "score": 0.5, "scores": ""},
    [{"label": ["P"], "score": 0.5}],
    {"label": "P", "score": 0.25, "scores": {"P": 0.25, "N": 0.75}},  # a label not the top of its scores
]


def known_dict_examples(test):
    test = example(({"text": "Hello Paris", "entities": TOKENS}, expected_panel("Hello Paris", [(0, 5, "PER", 0.9, None, None, None), (6, 11, "LOC", 0.9, None, None, None)])))(test)
    for piece, places in [
        ({"score": -0.5}, ("entities[1]", "score")),
        ({"score": NAN}, ("entities[1]", "score")),
        ({"start": 11, "end": 6}, ("entities[1]", "after end")),
        ({"start": -1}, ("entities[1]", "start")),
        ({"start": False}, ("entities[1]", "start")),
        ({"end": False}, ("entities[1]", "end")),
        ({"end": 12}, ("entities[1]", "past the end")),
        ({"end": HUGER}, ("entities[1]",)),
        ({"entity": HUGER}, ("entities[1]",)),
    ]:
        test = example((joined(piece), refused(*places)))(test)
    for index in [INF, "x", NAN, 2.5, True, -1, "2"]:
        test = example((joined({"index": index}), refused("entities[1].index")))(test)
    for where in ["sentiment", "entities[0].sentiment", "sentences[0].sentiment"]:
        for bad in KNOWN_SENTIMENTS:
            test = example((with_sentiment(where, bad), refused(where)))(test)
    test = example(({"text": "Ada", "entitiez": []}, refused("'entitiez'")))(test)
    test = example(({"text": "Ada", "entities": [{"start": 0, "end": 3, "label": "PER", "scor": 0.5}]}, refused("entities[0]", "'scor'")))(test)
    test = example(({"text": "ab", "entities": [{"entity": "B-X", "start": 0, "end": 1}, {"entity_group": "Y", "start": 0, "end": 5}]}, refused("entities[1]", "past the end")))(test)
    test = example(({"text": "ab", "entities": [{"entity_group": "O", "start": 0, "end": 1}, {"entity_group": "Y", "start": 0, "end": 5}]}, refused("entities[1]", "past the end")))(test)
    mutated = Entity(start=0, end=1, label="X")
    mutated.start = -5
    test = example(({"text": "ab", "entities": [mutated]}, refused("entities[0]")))(test)
    changed = Sentiment(label="P", score=0.5)
    changed.score = 7
    test = example(({"text": "ab", "sentiment": changed}, refused("sentiment")))(test)
    for huge_at in ["start", "end", "label", "score", "kb_id"]:
        item = {"start": 0, "end": 1, "label": "X", huge_at: HUGER if huge_at != "start" else -HUGER}
        test = example(({"text": "ab", "entities": [{"start": 0, "end": 1, "label": "Y"}, item]}, refused("entities[1]")))(test)
    test = example(({"text": "ab", "sentiment": {"label": "P", "score": HUGER}}, refused("sentiment.score")))(test)
    test = example(({"text": "ab", "sentences": [{"start": 0, "end": HUGER}]}, refused("sentences[0]")))(test)
    test = example(({"text": "ab", "attributions": [{"start": 0, "end": 1, "weight": HUGER}]}, refused("attributions[0]")))(test)
    return test


@known_dict_examples
@FORMS
@given(st.one_of(dict_cases(), st.deferred(lambda: token_cases())))
def test_the_dict_form_is_shown_exactly_or_refused_by_name(case):
    value, expected = case
    out = check(postprocess, value, expected)
    if out is None:
        return
    sendable(out)
    # preprocess reads a dict from Python as postprocess does
    assert shape(preprocess_dict(value)) == expected


# --------------------------------------------------- token classification, aggregation "none"

NONE_WORDS = ["Ada", "Paris", "東京", "mañana", "Zürich", "x", "42", "𝒳y", "Ωmega", "naïve", "Lovelace"]
NONE_MARKS = [",", ".", "😀", "!"]
NONE_LABELS = ["PER", "LOC", "ORG", "地名", "شخص", "MISC"]
SEPS = [" ", "  ", "\n", "\u00a0", "\u3000", " \t"]


def tag_of(scheme: str, label: str, pos: int, n: int, after_same: bool, sep: str, lower: bool) -> tuple[str, str]:
    """The tag of the first piece of word ``pos`` of an ``n``-word entity, and of its other pieces."""
    def t(prefix):
        return (prefix.lower() if lower else prefix) + sep + label
    if scheme == "IOB2":
        first = t("B") if pos == 0 else t("I")
        return first, t("I")
    if scheme == "IOB1":
        first = t("B") if (pos == 0 and after_same) else t("I")
        return first, first
    if scheme == "BIOES":
        first = t("S") if n == 1 else t("B") if pos == 0 else t("E") if pos == n - 1 else t("I")
        return first, (t("I") if first.upper().startswith("B") else first)
    first = t("B") if (pos == 0 and after_same) else label  # bare tags, B- where two would touch
    return first, label


@st.composite
def token_cases(draw, broken: bool = True):
    """transformers' token-classification output with aggregation_strategy="none" (or
    InferenceClient's token-level elements): each sub-word piece with its tag, in any tagging
    scheme and tokenizer style, valid or broken in one place."""
    words = draw(st.lists(st.sampled_from(NONE_WORDS + NONE_MARKS), min_size=1, max_size=7))
    seps = draw(st.lists(st.sampled_from(SEPS), min_size=len(words), max_size=len(words)))
    text, at = draw(st.sampled_from(["", " "])), []
    for word, sep in zip(words, seps):
        at.append((len(text), len(text) + len(word)))
        text += word + sep
    owner: list[int | None] = [None] * len(words)
    ents: list[tuple[list[int], str]] = []
    k = 0
    while k < len(words):
        if draw(st.booleans()):
            j = draw(st.integers(k, min(k + 2, len(words) - 1)))
            ents.append((list(range(k, j + 1)), draw(st.sampled_from(NONE_LABELS))))
            for m in range(k, j + 1):
                owner[m] = len(ents) - 1
            k = j + 1
        else:
            k += 1
    scheme = draw(st.sampled_from(["IOB2", "IOB1", "BIOES", "bare"]))
    style = draw(st.sampled_from(["wordpiece", "plain", "sentencepiece"]))
    sep = draw(st.sampled_from(["-", "-", "_"]))
    lower = draw(st.booleans())
    keep_outside = draw(st.booleans())
    element = draw(st.integers(0, 4)) == 0  # huggingface_hub elements: no index
    numpy = draw(st.booleans())
    pieces, outside, scores_of = [], [], {i: [] for i in range(len(ents))}
    index = 0
    for k, word in enumerate(words):
        a, _ = at[k]
        cuts = sorted(set(draw(st.lists(st.integers(1, len(word) - 1), max_size=2)))) if word.isalnum() and len(word) > 1 else []
        bounds = [0, *cuts, len(word)]
        e = owner[k]
        if e is None:
            first_tag = rest_tag = draw(st.sampled_from(["O", "o"]))
        else:
            members, label = ents[e]
            pos = members.index(k)
            after_same = k > 0 and owner[k - 1] not in (None, e) and ents[owner[k - 1]][1] == label
            first_tag, rest_tag = tag_of(scheme, label, pos, len(members), after_same, sep, lower)
        for p, (x, y) in enumerate(zip(bounds, bounds[1:])):
            index += 1
            piece = word[x:y]
            shown = piece if p == 0 else ("##" + piece if style == "wordpiece" else piece)
            if p == 0 and style == "sentencepiece":
                shown = "\u2581" + piece
            if e is None and not keep_outside:
                continue
            s = draw(st.none() | DYADIC) if draw(st.integers(0, 5)) == 0 else draw(DYADIC)
            raw_s = (np.float32(s) if numpy else s) if s is not None else None
            if e is not None and s is not None:
                scores_of[e].append(s)
            start, end = a + x, a + y
            if numpy:
                start, end = np.int64(start), np.int64(end)
            tag = first_tag if p == 0 else rest_tag
            if element:
                token = TokenClassificationOutputElement(entity=tag, score=raw_s, word=shown, start=start, end=end)
            else:
                token = {"entity": tag, "score": raw_s, "index": np.int64(index) if numpy else index, "word": shown, "start": start, "end": end}
            if e is None:
                outside.append(len(pieces))
            pieces.append(token)
    o_positions = set(outside)  # the "O" pieces: not entities, and not read further
    order = list(range(len(pieces)))
    if draw(st.booleans()):
        order = draw(st.permutations(order))
    listed = [pieces[i] for i in order]
    inside_at = [n for n, i in enumerate(order) if i not in o_positions]
    expected_entities = []
    for e, (members, label) in enumerate(ents):
        got = scores_of[e]
        score = sum(got) / len(got) if got else None
        expected_entities.append((at[members[0]][0], at[members[-1]][1], label, score, None, None, None))
    wrap = draw(st.sampled_from(["list", "list", "batched", "tuple"]))
    output = {"list": listed, "batched": [listed], "tuple": tuple(listed)}[wrap]
    value = {"text": text, "entities": output}
    expected = expected_panel(text, expected_entities)
    if not broken or not inside_at or not draw(st.integers(0, 2)):
        return value, expected
    j = draw(st.sampled_from(inside_at))
    d = as_dict(listed[j])
    where = f"entities[{j}]"
    how = draw(st.sampled_from(["index", "score", "offset", "past", "reversed", "tag", "carried", "key", "item"]))
    places: tuple[str, ...] = (where,)
    if how == "index":
        d["index"] = draw(st.sampled_from([INF, "x", NAN, 2.5, True, -1, "2", [1]]))
        places = (f"{where}.index",)
    elif how == "score":
        d["score"] = draw(st.sampled_from([b for b in BAD_SCORES if b is not None]))
        places = (where, "score")
    elif how == "offset":
        d[draw(st.sampled_from(["start", "end"]))] = draw(st.sampled_from(BAD_OFFSETS))
    elif how == "past":
        d["end"] = len(text) + draw(st.integers(1, 3))
        places = (where, "past the end")
    elif how == "reversed":
        d["start"], d["end"] = int(d["end"]) + 1, int(d["end"])
    elif how == "tag":
        d["entity"] = draw(st.sampled_from(["", " ", 5, ["B-X"], None, HUGER, b"B-PER"]))
    elif how == "carried":
        key = draw(st.sampled_from(["sentiment", "kb_id", "kb_url"]))
        d[key] = {"label": "P", "score": 0.5} if key == "sentiment" else "Q1"
        places = (where, repr(key))
    elif how == "key":
        key = draw(st.sampled_from(MISSPELT))
        d[key] = 1
        places = (where, repr(key))
    else:
        d = draw(st.sampled_from([5, "B-PER", None, 0.5]))
    listed = list(listed)
    listed[j] = d
    return {"text": text, "entities": [listed] if wrap == "batched" else listed}, refused(*places)


valid_values = st.one_of(dict_cases(broken=False), token_cases(broken=False))


# ------------------------------------------------------------------ the wire, JSON, PanelData


def wire_place(w: dict, draw) -> tuple[dict, tuple[str, ...]]:
    """The wire form of a value (the panel's own JSON shape) broken in one place."""
    w = json.loads(json.dumps(w))
    n = len(w["text"])
    spots = ["text", "top", "sentiment"] if w["sentiment"] else ["text", "top"]
    spots += ["entities"] * (3 * bool(w["entities"])) + ["sentences"] * bool(w["sentences"]) + ["attributions"] * bool(w["attributions"])
    spot = draw(st.sampled_from(spots))
    if spot == "text":
        w["text"] = draw(st.sampled_from([5, None, ["a"], w["text"] + "\ud800", "\udfff"]))
        return w, ("text",)
    if spot == "top":
        key = draw(st.sampled_from(["entitiez", "Text", "sentimnet", "kb_id"]))
        w[key] = []
        return w, (repr(key),)
    if spot == "sentiment":
        field, bad = draw(
            st.sampled_from([("label", ""), ("label", " "), ("label", "\u2028"), ("label", 5), ("score", NAN), ("score", -0.5), ("score", 2),
                             ("score", "x"), ("score", True), ("scores", 5), ("scores", "ab"), ("scores", []), ("scor", 0.5)])
        )
        w["sentiment"][field] = bad
        return w, ("sentiment",) + ((repr(field),) if field == "scor" else ())
    items = w[spot]
    i = draw(st.integers(0, len(items) - 1))
    where = f"{spot}[{i}]"
    fields = {"entities": ["start", "end", "label", "score", "kb_id", "kb_url", "sentiment"], "sentences": ["start", "end", "sentiment"], "attributions": ["start", "end", "weight"]}[spot]
    field = draw(st.sampled_from([*fields, "key", "past", "item"]))
    if field == "key":
        key = draw(st.sampled_from(MISSPELT))
        items[i][key] = 0.5
        return w, (where, repr(key))
    if field == "past":
        items[i]["end"] = n + draw(st.integers(1, 3))
        return w, (where, "past the end")
    if field == "item":
        items[i] = draw(st.sampled_from([5, "x", None, [0, 1]]))
        return w, (where,)
    if field == "sentiment":
        if items[i]["sentiment"] is None:
            items[i]["sentiment"] = draw(st.sampled_from([5, "x", {"label": "P"}, {"label": "P", "score": 2}, []]))
        else:
            items[i]["sentiment"]["score"] = draw(st.sampled_from([NAN, 2, "x", None]))
        return w, (f"{where}.sentiment",)
    bad = {
        "start": [-1, True, 1.5, "0", None, NAN, HUGE, -HUGE],
        "end": [-1, False, 1.5, "0", None, INF, HUGE],
        "label": ["", " ", "\u00a0", "\u2028", 5, None, ["P"]],
        "score": [NAN, -0.5, 2, "x", True],
        "kb_id": ["", 5, ["Q"]],
        "kb_url": ["", 5],
        "weight": [NAN, 1.5, -2, "x", True, None],
    }[field]
    items[i][field] = draw(st.sampled_from(bad))
    return w, (where,)


@st.composite
def wire_cases(draw):
    value, expected = draw(valid_values)
    shown = postprocess(value)
    w = wire(shown)
    if not draw(st.integers(0, 2)):
        return w, expected
    broken, places = wire_place(w, draw)
    return broken, refused(*places)


def json_text(value) -> str | None:
    try:
        return json.dumps(value)  # ASCII: a lone surrogate goes as an escape
    except ValueError:  # an int too long for json to write: the JSON reader cannot be given it
        return None


def as_top1(expected):
    """``expected`` as the dict form reads it: a sentiment dict without ``scores`` is top-1
    output, whose distribution is its own label (the wire's ``"scores": {}`` read from Python)."""
    if not isinstance(expected, tuple):
        return expected

    def fix(s):
        return s if s is None or s[2] else (s[0], s[1], ((s[0], s[1]),))

    text, entities, sentiment, sentences, attributions = expected
    return (text, tuple(e[:4] + (fix(e[4]),) + e[5:] for e in entities), fix(sentiment),
            tuple((a, b, fix(x)) for a, b, x in sentences), attributions)


@example(({"text": "Ada", "entitiez": []}, refused("'entitiez'")))
@example(({"text": "Ada", "entities": [{"start": 0, "end": 3, "label": "PER", "scor": 0.5}]}, refused("entities[0]", "'scor'")))
@example(({"text": "Ada", "entities": [{"start": 0, "end": 3, "label": "PER", "score": None, "sentiment": None, "kb_id": None, "kb_url": None}]},
          expected_panel("Ada", [(0, 3, "PER", None, None, None, None)])))
@FORMS
@given(wire_cases())
def test_the_wire_form_comes_back_exactly_or_is_refused_by_name(case):
    """postprocess -> JSON wire -> preprocess (as Gradio hands it over, and as a dict from
    Python), and the same JSON through from_json: exact, or refused naming the place."""
    w, expected = case
    check(preprocess_wire, json.loads(json.dumps(w)), expected)
    check(preprocess_dict, json.loads(json.dumps(w)), as_top1(expected))
    text = json_text(w)
    if text is not None:
        check(from_json, text, expected)
        check(from_json, text.encode("utf-16"), expected)


@st.composite
def panel_cases(draw):
    """A PanelData, as it is or changed after it was built (an attribute set, an item appended)."""
    value, expected = draw(valid_values)
    p = postprocess(value)
    if not draw(st.integers(0, 2)):
        return p, expected
    n = len(p.text)
    spots = ["text", "append"]
    spots += ["entity"] * bool(p.entities) + ["sentence"] * bool(p.sentences) + ["attribution"] * bool(p.attributions) + ["sentiment"] * bool(p.sentiment)
    spot = draw(st.sampled_from(spots))
    if spot == "text":
        p.text = draw(st.sampled_from([5, None, p.text + "\ud800"]))
        return p, refused("text")
    if spot == "append":
        field = draw(st.sampled_from(["entities", "sentences", "attributions"]))
        k = len(getattr(p, field))
        getattr(p, field).append(draw(st.sampled_from(["x", 5, {"start": 0, "end": n + 1, "label": "X", "weight": 0.5}])))
        return p, refused(f"{field}[{k}]")
    if spot == "sentiment":
        field, bad = draw(st.sampled_from([("label", " "), ("score", 2.0), ("score", NAN), ("scores", {"zz": 0.1}), ("scores", 5)]))
        setattr(p.sentiment, field, bad)
        if field == "scores" and isinstance(bad, dict) and p.sentiment.label in bad:
            return p, expected
        return p, refused("sentiment")
    items = {"entity": p.entities, "sentence": p.sentences, "attribution": p.attributions}[spot]
    field_name = {"entity": "entities", "sentence": "sentences", "attribution": "attributions"}[spot]
    i = draw(st.integers(0, len(items) - 1))
    field, bad = draw(st.sampled_from([("start", -1), ("end", n + 1), ("start", "0"), ("end", 1.5), ("start", True), ("end", HUGER)]
                                      + ([("label", " "), ("label", 5), ("score", 1.5), ("kb_id", "")] if spot == "entity" else [])
                                      + ([("weight", 2.0)] if spot == "attribution" else [])))
    setattr(items[i], field, bad)
    return p, refused(f"{field_name}[{i}]")


@FORMS
@given(panel_cases())
def test_a_panel_data_is_shown_exactly_or_refused_by_name_when_changed(case):
    p, expected = case
    check(postprocess, p, expected)


@example("a\ud800")
@example("\udc00")
@example("")
@example("😀👩\u200d👩\u200d👧\u2028\x85\ufeff")
@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(categories=["Cs"]) | st.characters(), max_size=12))
def test_a_str_is_plain_text_or_refused_as_not_utf8(text):
    lone = any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    expected = refused("text", "lone surrogate") if lone else expected_panel(text)
    check(postprocess, text, expected)
    check(preprocess_dict, text, expected)


# ------------------------------------------------------------- gr.HighlightedText's pairs


def judge_pairs(value, combine: bool, separator: str, strip: bool):
    """What the panel shows for a list of (token, label) pairs, worked out from the README's
    rules: a Refused naming the first bad item, or the exact result."""
    pairs, first = [], {}
    for i, item in enumerate(value):
        if not isinstance(item, (tuple, list)) or len(item) != 2 or not isinstance(item[0], str):
            return refused(f"value[{i}]")
        token, label = item
        if isinstance(label, str):
            if not label.strip():
                return refused(f"value[{i}]", "non-empty")
            kind = "str"
        elif label is None:
            kind = None
        else:
            number = label.item() if isinstance(label, np.generic) else label
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                return refused(f"value[{i}]")
            if isinstance(number, int) and not -1 <= number <= 1:
                return refused(f"value[{i}]", "outside [-1, 1]")
            if math.isnan(number) or not -1 <= number <= 1:
                return refused(f"value[{i}]")
            label, kind = float(number), "number"
        if kind is not None:
            first.setdefault(kind, i)
            if len(first) == 2:
                return refused(f"value[{i}]", f"value[{min(first.values())}]")
        pairs.append((token, label))
    if combine:
        joined = []
        for token, label in pairs:
            if not token:
                continue
            if joined and joined[-1][1] == label:
                joined[-1] = (joined[-1][0] + separator + token, label)
            else:
                joined.append((token, label))
        pairs = joined
    text = "".join(t for t, _ in pairs)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return refused("text", "lone surrogate")
    entities, attributions, pos = [], [], 0
    for token, label in pairs:
        if isinstance(label, str) and token:
            a, b = pos, pos + len(token)
            if strip:
                core = token.strip()
                if core:  # an entity of only white space stays as it is
                    a = pos + len(token) - len(token.lstrip())
                    b = a + len(core)
            entities.append((a, b, label, None, None, None, None))
        elif isinstance(label, float) and token.strip():
            a = pos + len(token) - len(token.lstrip())
            attributions.append((a, a + len(token.strip()), label))
        pos += len(token)
    return expected_panel(text, entities, None, (), attributions)


PAIR_TOKENS = st.sampled_from(["", " ", "Ada", " met ", "Bob", "😀", "東京", "\n", "e\u0301", " \u00a0x\u2028"]) | st.text(max_size=3)
GOOD_PAIR_LABELS = st.none() | labels
GOOD_WEIGHTS = st.none() | st.floats(-1, 1) | st.sampled_from([-1, 0, 1, -0.0]) | st.floats(-1, 1).map(np.float32) | st.sampled_from([np.float64(0.5), np.int64(-1)])
BAD_PAIR_ITEMS = st.sampled_from(
    [("a", "X", 0.9), ("a",), "ab", 5, None, {"token": "a", "class_or_confidence": None}, (5, "X"), (None, None), (b"a", "X"),
     ("a", ""), ("a", " "), ("a", "\u00a0"), ("a", "\u2028"), ("a", True), ("a", False), ("a", 2), ("a", -1.5), ("a", NAN), ("a", INF),
     ("a", HUGE), ("a", HUGER), ("a", -HUGER), ("a", {"x": 1}), ("a", ["P"]), ("a", 1j), ("a\ud800", None), ("a", "X"), ("a", 0.5)]
)


@st.composite
def pairs_cases(draw):
    numbers = draw(st.booleans())
    items = draw(st.lists(st.tuples(PAIR_TOKENS, GOOD_WEIGHTS if numbers else GOOD_PAIR_LABELS), max_size=8))
    if items and draw(st.booleans()):
        items[draw(st.integers(0, len(items) - 1))] = draw(BAD_PAIR_ITEMS)
    shape_of = draw(st.sampled_from(["tuples", "lists", "tuple"]))
    if shape_of == "lists":
        items = [list(i) if isinstance(i, tuple) else i for i in items]
    value = tuple(items) if shape_of == "tuple" else items
    options = draw(st.fixed_dictionaries({
        "combine_adjacent": st.booleans(),
        "adjacent_separator": st.sampled_from(["", " ", "|", "😀"]),
        "show_whitespaces": st.booleans(),
    }))
    return value, options


@example(([("a", HUGE)], {}))
@example(([("a", HUGER)], {}))
@example(([("Wolfgang", "PER"), (" lives in ", None), ("Berlin", "LOC")], {"combine_adjacent": True}))
@example(([("good", "POS"), (" ", None), ("day", 0.5)], {}))
@FORMS
@given(pairs_cases())
def test_highlightedtext_pairs_are_shown_exactly_or_refused_by_name(case):
    value, options = case
    expected = judge_pairs(value, options.get("combine_adjacent", False), options.get("adjacent_separator", ""),
                           not options.get("show_whitespaces", True))
    panel = SentimentPanel(**options)
    out = check(panel.postprocess, value, expected)
    if out is not None and not options.get("combine_adjacent") and options.get("show_whitespaces", True):
        assert shape(panel_from_pairs(value)) == expected
        assert shape(to_panel_data(value)) == expected


# ------------------------------------------------------------------------------ spaCy

needs_spacy = pytest.mark.skipif(spacy is None, reason="spaCy is not installed")
NLP = spacy.blank("en") if spacy is not None else None
SPACY_WORDS = ["Welcome", "to", "the", "Bank", "of", "China", "東京", "😀", "naïve", "U.S.", ",", "𝒳", "e\u0301", "مرحبا"]
SPACY_LABELS = ["ORG", "GPE", "PERSON", "地名", "a b", "LOC"]


def once(entities):
    """The README's rule: the same start, end and label once, with the link one of them has;
    mentions linked differently all kept."""
    kept: list[tuple] = []
    for e in entities:
        for j, k in enumerate(kept):
            if k[:3] != e[:3]:
                continue
            if k[5:] == e[5:] or e[5:] == (None, None):
                break
            if k[5:] == (None, None):
                kept[j] = k[:5] + e[5:]
                break
        else:
            kept.append(e)
    return kept


@st.composite
def spacy_cases(draw):
    """A spaCy Doc (spacy.blank("en")) with ents, span groups (overlapping), cats and sentence
    starts, valid or broken in one place, and the spans_key to read it with."""
    words = draw(st.lists(st.sampled_from(SPACY_WORDS), min_size=1, max_size=8))
    spaces = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    doc = Doc(NLP.vocab, words=words, spaces=spaces)
    at, pos = [], 0
    for word, space in zip(words, spaces):
        at.append((pos, pos + len(word)))
        pos += len(word) + space
    text = "".join(w + " " * s for w, s in zip(words, spaces))
    n = len(words)
    ents, k = [], 0
    while k < n:
        if draw(st.booleans()):
            j = draw(st.integers(k + 1, min(k + 3, n)))
            ents.append((k, j, draw(st.sampled_from(SPACY_LABELS)), draw(st.sampled_from(["", "", "Q148"]))))
            k = j
        else:
            k += 1
    doc.ents = [Span(doc, a, b, label, kb_id=kb) for a, b, label, kb in ents]
    groups = {}
    for key in draw(st.lists(st.sampled_from(["sc", "ruler", "東"]), unique=True, max_size=2)):
        spans = []
        for _ in range(draw(st.integers(0, 3))):
            a = draw(st.integers(0, n - 1))
            b = draw(st.integers(a + 1, n))
            spans.append((a, b, draw(st.sampled_from(SPACY_LABELS)), draw(st.sampled_from(["", "Q148", "Q1"]))))
        groups[key] = spans
        doc.spans[key] = [Span(doc, a, b, label, kb_id=kb) for a, b, label, kb in spans]
    names = draw(st.lists(st.sampled_from(["POSITIVE", "NEGATIVE", "NEUTRAL"]), unique=True, max_size=3))
    cats = {name: draw(DYADIC | st.floats(0, 1)) for name in names}
    doc.cats = dict(cats)
    starts = None
    if draw(st.booleans()):
        starts = [0] + [i for i in range(1, n) if draw(st.booleans())]
        for i in range(n):
            doc[i].is_sent_start = i in starts
    spans_key = draw(st.none() | st.sampled_from(list(groups)) if groups else st.none())

    def entity(a, b, label, kb):
        return (at[a][0], at[b - 1][1], label, None, None, kb or None, None)

    read = [entity(*e) for e in ents]
    for key, spans in groups.items():
        if spans_key is None or key == spans_key:
            read += [entity(*s) for s in spans]
    sentiment = None
    if cats:
        best = max(cats.values())
        top = next(k for k in cats if cats[k] == best)
        sentiment = (top, best, tuple(cats.items()))
    if starts is None and doc.has_annotation("SENT_START"):
        starts = [0]  # spaCy: a Doc of one token is one sentence
    sentences = []
    if starts is not None:
        for a, b in zip(starts, [*starts[1:], n]):
            sentences.append((at[a][0], at[b - 1][1], None))
    expected = expected_panel(text, once(read), sentiment, sentences)
    if not draw(st.integers(0, 2)):
        return doc, spans_key, expected
    how = draw(st.sampled_from(["cats", "cats", "unlabelled", "spans_key"]))
    if how == "cats":
        doc.cats = draw(st.sampled_from([5, "POSITIVE", [("POSITIVE", 0.9)], {"P": "x"}, {"P": True}, {"P": 1.5}, {"P": NAN}, {"P": None}, {5: 0.5}, {"P": HUGER}, {"P": -0.5}, {"P": [0.5]}]))
        return doc, spans_key, refused("doc.cats")
    if how == "unlabelled":
        key = draw(st.sampled_from(["sc", "ruler", "東"]))
        group = list(doc.spans[key]) if key in doc.spans else []
        if spans_key is not None and key != spans_key:
            spans_key = key
        doc.spans[key] = [*group, doc[0:1]]
        return doc, spans_key, refused(f"doc.spans[{key!r}][{len(group)}]", "without a label")
    bad = draw(st.sampled_from(["nope", 5, b"sc", ["sc"]]))
    return doc, bad, refused("spans_key")


if spacy is not None:
    BANK = Doc(NLP.vocab, words=["Welcome", "to", "the", "Bank", "of", "China"])
    BANK.spans["sc"] = [Span(BANK, 3, 6, "ORG"), Span(BANK, 5, 6, "GPE")]
    LINKED = Doc(NLP.vocab, words=["Paris", "is", "lovely"])
    LINKED.ents = [Span(LINKED, 0, 1, "GPE", kb_id="Q90")]
    LINKED.spans["sc"] = [Span(LINKED, 0, 1, "GPE", kb_id="Q167646"), Span(LINKED, 0, 1, "GPE")]
    BAD_CATS = Doc(NLP.vocab, words=["Nice"])
    BAD_CATS.cats = [("POSITIVE", 0.9)]
    spacy_examples = [
        example((BANK, None, expected_panel(BANK.text, [(15, 28, "ORG", None, None, None, None), (23, 28, "GPE", None, None, None, None)]))),
        example((BANK, "sc", expected_panel(BANK.text, [(15, 28, "ORG", None, None, None, None), (23, 28, "GPE", None, None, None, None)]))),
        example((LINKED, None, expected_panel(LINKED.text, [(0, 5, "GPE", None, None, "Q90", None), (0, 5, "GPE", None, None, "Q167646", None)]))),
        example((BAD_CATS, None, refused("spaCy doc.cats"))),
    ]
else:  # pragma: no cover
    spacy_examples = []


def with_examples(examples):
    def decorate(test):
        for ex in examples:
            test = ex(test)
        return test
    return decorate


@needs_spacy
@with_examples(spacy_examples)
@FORMS
@given(spacy_cases() if spacy is not None else st.nothing())
def test_a_spacy_doc_is_shown_exactly_or_refused_by_name(case):
    doc, spans_key, expected = case
    check(lambda d: from_spacy(d, spans_key=spans_key), doc, expected)
    check(lambda d: panel_from_spacy_doc(d, spans_key=spans_key), doc, expected)
    if spans_key is None:
        check(postprocess, doc, expected)
        # the Analyzer's readers of a model's output: a Doc from a spaCy NER or sentiment model
        check(lambda d: entities_from_output(d, d.text), doc, expected if isinstance(expected, Refused) else expected[1],
              to=lambda es: tuple((e.start, e.end, e.label, e.score, sent_shape(e.sentiment), e.kb_id, e.kb_url) for e in es))
        if isinstance(expected, Refused) or expected[2] is not None:
            check(sentiment_from_output, doc, expected if isinstance(expected, Refused) else expected[2], to=sent_shape)


# ---------------------------------------------------------------------------- displaCy


@st.composite
def displacy_cases(draw):
    """A displaCy manual dict, entity or span style or both, valid or broken in one place."""
    words = draw(st.lists(st.sampled_from(NONE_WORDS + NONE_MARKS + ["U.S.", "don't"]), min_size=1, max_size=7))
    seps = draw(st.lists(st.sampled_from(SEPS), min_size=len(words), max_size=len(words)))
    text, starts, ends = draw(st.sampled_from(["", " "])), [], []
    for word, sep in zip(words, seps):
        starts.append(len(text))
        text += word
        ends.append(len(text))
        text += sep
    n = len(text)
    link = st.tuples(st.sampled_from([None, None, "", "Q1"]), st.sampled_from([None, None, "", "#", "https://x.org/Q1"]))
    record: dict[str, Any] = {"text": text}
    read = []
    style = draw(st.sampled_from(["ent", "span", "both"]))
    if style in ("ent", "both"):
        record["ents"] = []
        for _ in range(draw(st.integers(0, 4))):
            a = draw(st.integers(0, n))
            b = draw(st.integers(a, n))
            label, (kb_id, kb_url) = draw(labels), draw(link)
            item = {"start": a, "end": b, "label": label}
            item.update({k: v for k, v in (("kb_id", kb_id), ("kb_url", kb_url)) if v is not None})
            record["ents"].append(item)
            read.append((a, b, label, None, None, kb_id or None, None if kb_url in (None, "", "#") else kb_url))
    if style in ("span", "both"):
        record["spans"], record["tokens"] = [], list(words)
        for _ in range(draw(st.integers(0, 4))):
            f = draw(st.integers(0, len(words)))
            last = draw(st.integers(f, len(words)))
            at = starts[f] if f < len(words) else n
            chars = (at, ends[last - 1]) if last > f else (at, at)
            label, (kb_id, kb_url) = draw(labels), draw(link)
            which = draw(st.sampled_from(["tokens", "chars", "both"]))
            item = {"label": label}
            if which != "chars":
                item.update(start_token=f, end_token=last)
            if which != "tokens":
                item.update(start=chars[0], end=chars[1])
            item.update({k: v for k, v in (("kb_id", kb_id), ("kb_url", kb_url)) if v is not None})
            record["spans"].append(item)
            read.append((*chars, label, None, None, kb_id or None, None if kb_url in (None, "", "#") else kb_url))
    expected = expected_panel(text, once(read))
    if not draw(st.integers(0, 2)):
        return record, expected
    keys = [k for k in ("ents", "spans") if record.get(k)]
    how = draw(st.sampled_from(["text", "list", "tokens"] + ["item"] * 4 * bool(keys)))
    if how == "text":
        record["text"] = draw(st.sampled_from([5, None, HUGER, b"x"]))
        return record, refused("text")
    if how == "list":
        key = draw(st.sampled_from(["ents", "spans"]))
        record[key] = draw(st.sampled_from([5, "x", {"start": 0}, HUGER]))
        return record, refused(key)
    if how == "tokens":
        if not any("start_token" in s for s in record.get("spans", [])):
            record["spans"] = [*record.get("spans", []), {"start_token": 0, "end_token": 1, "label": "X"}]
        record["tokens"] = draw(st.sampled_from([5, "abc", [5], ["\u2028nowhere"], [*words, "more"][1:] if len(words) > 1 else ["zz"]]))
        return record, refused("tokens")
    key = draw(st.sampled_from(keys))
    i = draw(st.integers(0, len(record[key]) - 1))
    items = [dict(x) for x in record[key]]
    item = items[i]
    where = f"{key}[{i}]"
    chars = "start" in item
    field = draw(st.sampled_from(["start", "end", "label", "kb_id", "kb_url", "missing", "reversed", "past", "item"]
                                 + (["start_token", "end_token", "past_token", "reversed_token"] if "start_token" in item else [])))
    places = (where,)
    if field in ("start", "end", "start_token", "end_token"):
        item[field] = draw(st.sampled_from([-1, True, False, 1.5, "0", None, NAN, HUGER, -HUGER, [0]]))
    elif field == "label":
        item["label"] = draw(st.sampled_from(BAD_LABELS + [None]))
    elif field in ("kb_id", "kb_url"):
        item[field] = draw(st.sampled_from([5, ["Q"], HUGER, b"Q"]))
    elif field == "missing":
        del item[draw(st.sampled_from([k for k in ("label", "start", "end", "start_token", "end_token") if k in item]))]
    elif field == "reversed":
        if chars:
            item["start"], item["end"] = item["end"] + 1, item["end"]
        else:
            item["start_token"], item["end_token"] = item["end_token"] + 1, item["end_token"]
    elif field == "past":
        if chars:
            item["end"] = n + draw(st.integers(1, 3))
        else:
            item["end_token"] = len(words) + draw(st.integers(1, 3))
    elif field == "past_token":
        item["end_token"] = len(words) + 1
    elif field == "reversed_token":
        item["start_token"], item["end_token"] = item["end_token"] + 1, item["end_token"]
    else:
        items[i] = draw(st.sampled_from([5, "x", None, [0, 1, "X"]]))
    record[key] = items
    return record, refused(*places)


@example(({"text": "Welcome to the Bank of China.", "spans": [{"start_token": 3, "end_token": 6, "label": "ORG"}, {"start_token": 5, "end_token": 6, "label": "GPE"}],
           "tokens": ["Welcome", "to", "the", "Bank", "of", "China", "."]},
          expected_panel("Welcome to the Bank of China.", [(15, 28, "ORG", None, None, None, None), (23, 28, "GPE", None, None, None, None)])))
@example(({"text": "Paris", "ents": [{"start": 0, "end": 5, "label": "GPE", "kb_id": "Q90", "kb_url": "https://www.wikidata.org/wiki/Q90"}]},
          expected_panel("Paris", [(0, 5, "GPE", None, None, "Q90", "https://www.wikidata.org/wiki/Q90")])))
@example(({"text": "a", "ents": [{"start": 0, "end": HUGER, "label": "X"}]}, refused("ents[0].end")))
@example(({"text": "a", "ents": [{"start": HUGER, "end": 4}]}, refused("ents[0]")))
@example(({"text": "a", HUGER: 1}, refused("'ents'")))
@FORMS
@given(displacy_cases())
def test_a_displacy_dict_is_read_exactly_or_refused_by_name(case):
    record, expected = case
    check(from_displacy, record, expected)


# ------------------------------------------------------------------------------- JSONL


@st.composite
def jsonl_cases(draw):
    """JSONL text of spaCy/Prodigy records (blank lines, CRLF, a byte order mark), valid or with
    one bad line, and the documents it holds."""
    records, docs = [], []
    for _ in range(draw(st.integers(0, 3))):
        text = draw(texts)
        n = len(text)
        spans, entities = [], []
        for _ in range(draw(st.integers(0, 3))):
            a = draw(st.integers(0, n))
            b = draw(st.integers(a, n))
            label, x = draw(labels), draw(st.none() | probs)
            span = {"start": a, "end": b, "label": label}
            if x is not None:
                span["score"] = x
            spans.append(span)
            entities.append((a, b, label, x, None, None, None))
        record = {"text": text, "spans": spans}
        sentiment = None
        names = draw(st.lists(st.sampled_from(SENTIMENT_LABELS), unique=True, max_size=3))
        if names:
            cats = {name: draw(DYADIC) for name in names}
            best = max(cats.values())
            label = next(k for k in cats if cats[k] == best)
            record["cats"] = cats
            if draw(st.booleans()):
                label = draw(st.sampled_from([k for k in cats if cats[k] == best]))
                record["sentiment_label"] = label
            sentiment = (label, best, tuple(cats.items()))
        elif draw(st.booleans()):
            record["cats"] = draw(st.sampled_from([{}, None]))
        records.append(record)
        docs.append(expected_panel(text, entities, sentiment))
    lines = [json.dumps(r, ensure_ascii=draw(st.booleans())) for r in records]
    expected: Any = tuple(docs)
    if draw(st.integers(0, 2)) == 0:
        k = draw(st.integers(0, len(lines)))
        bad, places = draw(st.sampled_from([
            ("{oops", ()), ("[" * 100_000, ("nested too deeply",)), ("[1]", ()), ("5", ()), ("null", ()), ('"text"', ()),
            ('{"spans": []}', ("'text'",)), ('{"text": 5}', ("'text'",)), ('{"text": "a", "spans": {}}', ("'spans'",)),
            ('{"text": "a", "spans": [[0, 1, "X"]]}', ("spans[0]",)),
            ('{"text": "a", "spans": [{"start": 0, "label": "X"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X"}, {"start": 0, "end": "1", "label": "X"}]}', ("spans[1]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X"}, {"start": true, "end": 1, "label": "X"}]}', ("spans[1]",)),
            ('{"text": "ab", "spans": [{"start": -1, "end": 1, "label": "X"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 2, "end": 1, "label": "X"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1.0, "label": "X"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": NaN, "label": "X"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1' + "0" * 400 + ', "label": "X"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1' + "0" * 5000 + ', "label": "X"}]}', ("not valid JSON",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 9, "label": "X"}]}', ("spans[0]", "past the end")),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": " "}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "\\u2028"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": 5}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "score": 2}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "score": -0.5}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "score": "x"}]}', ("spans[0]",)),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "scor": 0.5}]}', ("spans[0]", "'scor'")),
            ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "token_start": 0}]}', ("spans[0]", "'token_start'")),
            ('{"text": "a", "cats": {"P": "x", "N": 0.5}}', ("cats['P']",)),
            ('{"text": "a", "cats": {"P": true}}', ("cats['P']",)),
            ('{"text": "a", "cats": {"P": NaN}}', ("cats['P']",)),
            ('{"text": "a", "cats": {"P": 1.5}}', ("cats['P']",)),
            ('{"text": "a", "cats": {"P": -0.5}}', ("cats['P']",)),
            ('{"text": "a", "cats": {"P": null}}', ("cats['P']",)),
            ('{"text": "a", "cats": {" ": 0.5}}', ("cats[' ']",)),
            ('{"text": "a", "cats": {"\\u00a0": 0.5}}', ("cats",)),
            ('{"text": "a", "cats": [0.5]}', ("'cats'",)),
            ('{"text": "a", "cats": 0}', ("'cats'",)),
            ('{"text": "a", "cats": "P"}', ("'cats'",)),
            ('{"text": "a", "cats": {"P": 0.5, "N": 0.5}, "sentiment_label": "Q"}', ("'sentiment_label'",)),
            ('{"text": "a", "cats": {"P": 0.5, "N": 0.25}, "sentiment_label": "N"}', ("'sentiment_label'",)),
            ('{"text": "a", "cats": {"P": 0.5}, "sentiment_label": 5}', ("'sentiment_label'",)),
            ('{"text": "a", "sentiment_label": "N"}', ("'sentiment_label'",)),
            ('{"text": "a", "meta": {}}', ("'meta'",)),
            ('{"text": "a", "Spans": []}', ("'Spans'",)),
            ('{"text": "\\ud800"}', ("lone surrogate",)),
        ]))
        lines.insert(k, bad)
        expected = refused(f"line {k + 1}", *places)
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = "".join(line + end for line in lines)
    if draw(st.booleans()):
        text = "\ufeff" + text
    if draw(st.booleans()) and isinstance(expected, tuple):  # blank lines are skipped
        text = text.replace(end, end + "  " + end, 1)
    return text, expected


@example(('{"text": "a", "cats": {"P": "x", "N": 0.5}}', refused("line 1", "cats['P']")))
@example(("[" * 100_000, refused("line 1", "nested too deeply")))
@example(('{"text": "a"}\n\n' + "[" * 100_000, refused("line 3", "nested too deeply")))
@FORMS
@given(jsonl_cases())
def test_jsonl_is_read_exactly_or_refused_naming_the_line(case):
    text, expected = case
    check(from_jsonl, text, expected, to=lambda docs: tuple(shape(d) for d in docs))
    if "\ud800" not in text and "[" * 1000 not in text:
        check(from_jsonl, text.encode("utf-8"), expected, to=lambda docs: tuple(shape(d) for d in docs))


# ---------------------------------------------------------------------------------- IOB

IOB_WORDS = ["Ada", "東京", "😀", "é", "U", ".", "3", "don", "'", "x_y", "Ω", "B-X"]


@st.composite
def iob_cases(draw):
    """IOB lines (tab or space separated, extra CoNLL columns, -DOCSTART-, blank lines between
    sentences) with or without the document's text, valid or with one bad line."""
    words = draw(st.lists(st.sampled_from(IOB_WORDS), min_size=0, max_size=8))
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", "\t"]), min_size=len(words), max_size=len(words)))
    text, at = draw(st.sampled_from(["", " "])), []
    for word, sep in zip(words, seps):
        at.append((len(text), len(text) + len(word)))
        text += word + sep
    columns = draw(st.sampled_from(["\t", " ", "conll"]))
    lines, entities, numbers = [], [], []
    open_label = None
    breaks = set()
    if draw(st.booleans()):
        lines.append("-DOCSTART- -X- -X- O" if columns != "\t" else "-DOCSTART-\tO")
    for k, word in enumerate(words):
        if k and draw(st.integers(0, 3)) == 0:
            lines.append("")
            open_label = None
            breaks.add(k)
        tag = draw(st.sampled_from(["O", "B-PER", "I-PER", "I-LOC", "B-東", "I-東"]))
        if tag == "O":
            open_label = None
        else:
            label = tag[2:]
            if tag[0] == "I" and open_label == label:
                entities[-1] = (entities[-1][0], at[k][1], label, None, None, None, None)
            else:
                entities.append((at[k][0], at[k][1], label, None, None, None, None))
                open_label = label
        line = {"\t": f"{word}\t{tag}", " ": f"{word} {tag}", "conll": f"{word} NN B-NP {tag}"}[columns]
        lines.append(line)
        numbers.append(len(lines))
    given_text = draw(st.booleans())
    if given_text:
        expected: Any = expected_panel(text, entities)
    else:
        rebuilt, pos, spans = "", 0, []
        for k, word in enumerate(words):
            if k:
                rebuilt += "\n" if k in breaks else " "
            rebuilt += word
        # the same entities, over the rebuilt text
        starts, pos = [], 0
        for k, word in enumerate(words):
            if k:
                pos += 1
            starts.append(pos)
            pos += len(word)
        index = {a: k for k, (a, _) in enumerate(at)}
        index_end = {b: k for k, (_, b) in enumerate(at)}
        expected = expected_panel(rebuilt, [(starts[index[a]], starts[index_end[b]] + len(words[index_end[b]]), *rest) for a, b, *rest in entities])
    if draw(st.integers(0, 2)) == 0:
        k = draw(st.integers(0, len(lines)))
        bad, why = draw(st.sampled_from([
            ("Love", ()), ("\tO", ()), ("Ada\t", ()), ("Ada\tB-PER Q", ()), ("a b c d e", ()),
            ("X-PER", ("'X-PER'",)), ("I-", ("'I-'",)), ("B", ("'B'",)), ("o", ("'o'",)), ("E-PER", ("'E-PER'",)), ("S-PER", ("'S-PER'",)),
        ]))
        if why:  # a bad tag, in a line of the file's columns
            bad = {"\t": f"Ada\t{bad}", " ": f"Ada {bad}", "conll": f"Ada NN B-NP {bad}"}[columns]
        lines.insert(k, bad)
        expected = refused(f"line {k + 1}", *why)
    elif given_text and words and draw(st.integers(0, 3)) == 0:
        how = draw(st.sampled_from(["other", "short", "long"]))
        if how == "other":
            k = draw(st.integers(0, len(words) - 1))
            text = text[: at[k][0]] + "Zz" + text[at[k][1]:]
            expected = refused(f"line {numbers[k]}", "not the next word")
        elif how == "short":
            text = text[: at[-1][0]]
            expected = refused(f"line {numbers[-1]}", "not the next word")
        else:
            text += "more"
            expected = refused("the text goes on", f"line {numbers[-1]}")
    iob = "".join(line + draw(st.sampled_from(["\n", "\r\n"])) for line in lines)
    return iob, (text if given_text else None), expected


@example(("a\tO", 5, refused("text must be")))
@example((b"a\tO", None, refused("iob must be")))
@example((None, None, refused("iob must be")))
@example(("a\tO", b"a", refused("text must be")))
@FORMS
@given(iob_cases())
def test_iob_is_read_exactly_or_refused_naming_the_line(case):
    iob, text, expected = case
    check(lambda i: from_iob(i, text=text), iob, expected)


# --------------------------------------------------------------------------- round trips

_IOB_TOKEN = re.compile(r"\w+|[^\w\s]")


def iob_refusal(p: PanelData) -> tuple[str, ...] | None:
    """What to_iob must refuse, by the README's rules, and the places it names: an entity that
    covers no word, starts or ends in white space, has a label with white space, overlaps one
    before it, or runs across a sentence end; None when IOB holds the document."""
    previous = None  # (index, end) of the entity that reaches furthest so far
    for i, e in enumerate(p.entities):
        piece = p.text[e.start : e.end]
        if not piece.strip() or piece != piece.strip() or any(c.isspace() for c in e.label):
            return (f"entities[{i}]",)
        if previous is not None and e.start < previous[1]:
            return (f"entities[{previous[0]}]", f"entities[{i}]", "overlap")
        if previous is None or e.end > previous[1]:
            previous = (i, e.end)
    cuts = {x for e in p.entities for x in (e.start, e.end)}
    tokens = []
    for m in _IOB_TOKEN.finditer(p.text):
        points = [m.start(), *sorted(c for c in cuts if m.start() < c < m.end()), m.end()]
        tokens += list(zip(points, points[1:]))
    ends = sorted((s.end, i) for i, s in enumerate(p.sentences))
    for k, e in enumerate(p.entities):
        inside = [a for a, b in tokens if e.start <= a and b <= e.end]
        for before, after in zip(inside, inside[1:]):
            crossed = [i for end, i in ends if before < end <= after]
            if crossed:
                return (f"entities[{k}]", f"sentences[{crossed[0]}]", "runs across")
    return None


def jsonl_keeps(p):
    """What the README says comes back from JSONL: text, entity offsets, labels and scores, the
    document sentiment (scores {label: score} when it had none)."""
    text, entities, sentiment, _, _ = p
    if sentiment is not None and not sentiment[2]:
        sentiment = (sentiment[0], sentiment[1], ((sentiment[0], sentiment[1]),))
    return (text, tuple(e[:4] + (None, None, None) for e in entities), sentiment, (), ())


def displacy_keeps(p, style):
    """Offsets, labels, kb_id and kb_url; an entity listed twice kept once (README)."""
    text, entities, _, _, _ = p
    kept = once([(a, b, label, None, None, kb_id, kb_url) for a, b, label, _, _, kb_id, kb_url in entities])
    return expected_panel(text, kept)


TIE = Sentiment(label="NEG", score=0.5, scores={"POS": 0.5, "NEG": 0.5, "NEU": 0.0})


@example(PanelData(text="a", sentiment=Sentiment(label="POS", score=0.9)))  # no scores: cats {label: score}
@example(PanelData(text="a", sentiment=TIE))  # a tie: sentiment_label keeps the label
@example(PanelData(text="Ada met Bob. Then", entities=[{"start": 8, "end": 17, "label": "X"}],
                   sentences=[{"start": 0, "end": 12}, {"start": 13, "end": 17}]))  # IOB would cut it: refused
@example(PanelData(text="Ada met Bob", entities=[{"start": 8, "end": 11, "label": "X\u00a0Y"}]))
@example(PanelData(text="Ada met Bob", entities=[{"start": 8, "end": 11, "label": "X\u2028Y"}]))
@example(PanelData(text="New York City", entities=[{"start": 0, "end": 13, "label": "GPE"}, {"start": 0, "end": 8, "label": "GPE"}]))
@example(PanelData(text="Bank of China", entities=[{"start": 0, "end": 13, "label": "ORG", "kb_id": "Q1", "kb_url": "https://x.org/Q1"},
                                                    {"start": 8, "end": 13, "label": "GPE"}, {"start": 8, "end": 13, "label": "GPE", "kb_id": "Q148"}]))
@FORMS
@given(valid_values.map(lambda c: postprocess(c[0])))
def test_every_format_round_trips_exactly_or_as_the_readme_says(p):
    full = shape(p)
    # JSON keeps everything, down to the order of every list and of scores
    text = to_json(p)
    back = from_json(text)
    assert shape(back) == full and to_json(back) == text
    assert shape(from_json(to_json(p, indent=None).encode("utf-32"))) == full
    # the wire: what Gradio sends to the browser, and back
    assert shape(preprocess_wire(wire(p))) == full
    # JSONL: text, entities without sentiment or links, the document sentiment
    (doc,) = from_jsonl(to_jsonl(p))
    assert shape(doc) == jsonl_keeps(full)
    assert [shape(d) for d in from_jsonl(to_jsonl([p, p]))] == [jsonl_keeps(full)] * 2
    # displaCy: offsets, labels and links, both styles
    for style in ("ent", "span"):
        assert shape(from_displacy(to_displacy(p, style=style))) == displacy_keeps(full, style)
    # IOB: refused naming the entity, or entity offsets and labels exactly
    refusal = iob_refusal(p)
    bare = expected_panel(p.text, [e[:3] + (None, None, None, None) for e in full[1]])
    check(to_iob, p, refused(*refusal) if refusal else bare, to=lambda iob: shape(from_iob(iob, text=p.text)))
    if refusal is None:
        rebuilt = from_iob(to_iob(p))  # without the text: tokens joined by single spaces
        assert [rebuilt.entity_text(e).split() for e in rebuilt.entities] == [
            _IOB_TOKEN.findall(p.text[e.start : e.end]) for e in p.entities
        ]


# ------------------------------------------------------------------- readers given anything

SPECIAL_NUMBERS = [HUGE, -HUGE, HUGER, NAN, INF, -0.0, 1.5, 2]


def special_number(k: int):  # a function, not the list itself: hypothesis writes strategies out, and 10**5000 cannot be
    return SPECIAL_NUMBERS[k]


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.integers(0, len(SPECIAL_NUMBERS) - 1).map(special_number)
    | st.text(st.characters(), max_size=5) | st.sampled_from(["text", "PER", "\ud800", "B-PER", "O", "POSITIVE", " ", "\u2028"])
    | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3)
    | st.tuples(inner, inner)
    | st.dictionaries(
        st.sampled_from(["text", "entities", "sentiment", "sentences", "attributions", "start", "end", "label", "score", "scores",
                         "entity", "entity_group", "index", "word", "weight", "kb_id", "kb_url", "spans", "ents", "tokens",
                         "start_token", "end_token", "cats", "sentiment_label", "x"]) | st.integers(0, 2),
        inner, max_size=5),
    max_leaves=14,
)


def jsonable(value) -> str | None:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return None


@example({"text": "a", "entities": [[[[]]]]})
@example({"text": "a", "sentiment": {"label": "P", "score": 0.5, 5: 1, "x": 2}})
@example({"text": "a", 5: 1, "x": 2})
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JUNK | st.fixed_dictionaries({"text": st.text(max_size=4)}, optional={"entities": JUNK, "sentiment": JUNK, "sentences": JUNK, "attributions": JUNK}))
def test_any_value_is_shown_or_refused_by_name(value):
    """Anything at all: a named ValueError/TypeError, or a PanelData that is sent as it is."""
    for read in (postprocess, preprocess_dict, to_panel_data, preprocess_wire if isinstance(value, dict) else postprocess):
        out = any_named(read, value)
        if out is not None:
            sendable(out)
            assert all(0 <= e.start <= e.end <= len(out.text) for e in out.entities)
    for read in (sentiment_from_text_classification, sentiment_from_output, from_displacy, lambda v: entities_from_token_classification(v, "abc"),
                 lambda v: entities_from_output(v, "abc")):
        any_named(read, value)
    text = jsonable(value)
    for reader in (from_json, from_jsonl, from_iob):
        any_named(reader, value)
        if text is not None:
            any_named(reader, text)
            any_named(reader, text + "\n" + text)
    any_named(from_iob, "a\tO", text=value)


@example("1" * 5000)
@example('{"text": "a", "entities": [{"start": 0, "end": ' + "1" * 5000 + ', "label": "X"}]}')
@example(b"\xff\xfe\x00")
@example("[" * 100_000)
@example('{"text": ' + "{" * 100_000)
@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40) | st.binary(max_size=20) | JUNK.map(lambda v: jsonable(v) or "null"))
def test_any_text_is_read_or_refused_by_name(text):
    for reader in (from_json, from_jsonl, from_iob, lambda t: from_jsonl(t, extra="ignore")):
        out = any_named(reader, text)
        for doc in (out if isinstance(out, list) else [out] if out is not None else []):
            sendable(doc) if not any(0xD800 <= ord(c) <= 0xDFFF for c in doc.text) else None


WRITERS = {"to_json": to_json, "to_jsonl": to_jsonl, "to_iob": to_iob, "to_displacy": to_displacy,
           "to_displacy(style=)": lambda v: to_displacy(PanelData(text="a"), style=v)}
NOT_PANELS = [5, None, "text", b"x", {"text": "a"}, [5], [PanelData(text="a"), "b"], HUGER, 1.5]


@pytest.mark.parametrize("call", list(WRITERS.values()), ids=list(WRITERS))
@pytest.mark.parametrize("value", NOT_PANELS, ids=[f"{type(v).__name__}{i}" for i, v in enumerate(NOT_PANELS)])
def test_the_writers_name_what_is_no_panel_data(call, value):
    try:
        call(value)
    except Exception as err:  # noqa: BLE001
        assert_named(err)
    else:
        raise AssertionError(f"{value!r:.80} was written")


# ------------------------------------------------------------ the adapters, called directly


@example(({"label": "P", "score": 0.5, "scores": 5}, refused("x[3].y.scores")))
@example(([{"label": "P", "score": 0.5}, {"label": "P", "score": 0.5}], refused("x[3].y")))
@example(([[{"label": "P", "score": 0.25}, {"label": "N", "score": 0.75}]], ("N", 0.75, (("P", 0.25), ("N", 0.75)))))
@example(([[[[{"label": "P", "score": 0.5}]]]], ("P", 0.5, (("P", 0.5),))))
@FORMS
@given(sentiment_cases() | bad_sentiments("x[3].y").map(lambda c: (c[0], refused(*c[1]))))
def test_text_classification_output_is_read_exactly_or_refused_naming_where(case):
    raw, expected = case
    check(lambda v: sentiment_from_text_classification(v, "x[3].y"), raw, expected, to=sent_shape)
    check(lambda v: sentiment_from_output(v, "aspect_sentiment"), raw,
          refused("`aspect_sentiment`") if isinstance(expected, Refused) else expected, to=sent_shape)


def deep(depth: int):
    value: Any = [{"label": "P", "score": 0.5}]
    for _ in range(depth):
        value = [value]
    return value


def test_a_batched_call_nested_however_deep_is_read_or_named():
    assert sent_shape(sentiment_from_text_classification(deep(100_000))) == ("P", 0.5, (("P", 0.5),))
    check(postprocess, {"text": "a", "entities": deep(100_000)}, refused("entities[0]"))
    check(postprocess, deep(100_000), refused("value[0]"))
    check(from_displacy, {"text": "a", "ents": deep(100_000)}, refused("ents[0]"))


@example((None, ["PER", "LOC"]))
@settings(max_examples=80, deadline=None)
@given(st.one_of(
    st.dictionaries(st.integers(0, 9), st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "E-LOC", "S-地名", "MISC", " ", "o", "I-", "B-"]), max_size=6),
    st.dictionaries(st.integers(0, 9).map(str), st.sampled_from(["O", "B-PER", "I-LOC"]), max_size=4),
    st.dictionaries(st.sampled_from(["a", "1.5", " 2", "", "0x1"]) | st.floats(0, 3) | st.none(), st.sampled_from(["B-PER"]), min_size=1, max_size=3),
).map(lambda d: (d, None)))
def test_a_model_s_labels_are_read_in_index_order_or_the_keys_named(case):
    id2label, _ = case
    model = SimpleNamespace(config=SimpleNamespace(id2label=id2label))
    if id2label is None:
        model = SimpleNamespace(config=SimpleNamespace(id2label={0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC"}))
    mapping = model.config.id2label
    try:
        order = sorted(mapping.items(), key=lambda kv: int(kv[0]))
    except (TypeError, ValueError):
        for read in (class_labels, labels_of):
            check(read, model, refused("id2label"), to=lambda x: x)
        return
    tags = [str(t) for _, t in order]
    assert class_labels(model) == tags
    kinds = []
    for tag in tags:
        tag = tag.strip()
        if not tag or tag.upper() == "O":
            continue
        kind = tag[2:] if len(tag) > 2 and tag[1] in "-_" and tag[0].upper() in "BIESLU" else tag
        if kind.strip() and kind.strip() not in kinds:
            kinds.append(kind.strip())
    assert labels_of(model) == (kinds or None)
