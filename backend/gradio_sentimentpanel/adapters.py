"""Foreign formats -> PanelData.

Everything that is not already our data model is turned into plain data here, before any
rendering sees it: transformers token-classification output (every aggregation strategy),
transformers text-classification output, huggingface_hub InferenceClient elements, spaCy
``Doc`` objects (duck-typed, spaCy is not imported) and plain dicts.  Nothing is guessed and
nothing is dropped: a shape we do not understand raises ``ValueError`` saying what was wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .data import Entity, PanelData, Sentence, Sentiment, format_validation_error

__all__ = [
    "entities_from_output",
    "entities_from_token_classification",
    "is_outside",
    "is_pipeline",
    "is_spacy_doc",
    "is_spacy_language",
    "labels_of",
    "panel_from_spacy_doc",
    "sentence_offsets",
    "sentiment_from_output",
    "sentiment_from_text_classification",
    "split_tag",
    "to_panel_data",
]

_ENTITY_KEYS = {"start", "end", "label", "entity", "entity_group", "score", "sentiment", "word", "index"}
_SENTENCE_KEYS = {"start", "end", "sentiment"}
_PANEL_KEYS = {"text", "entities", "sentiment", "sentences"}
_PLAIN_ENTITY_KEYS = frozenset({"start", "end", "label", "score"})
_ENTITY_LIST = TypeAdapter(list[Entity])


def _plain_entities(items: Any) -> list[Entity] | None:
    """Our own ``{"start", "end", "label", "score"}`` dicts, validated in one pass (a large
    document's entities usually come like this); None when any item needs the full adapter,
    which also gives the detailed error messages."""
    if not isinstance(items, list) or not items:
        return None
    for item in items:
        if type(item) is not dict or not item.keys() <= _PLAIN_ENTITY_KEYS:
            return None
    try:
        return _ENTITY_LIST.validate_python(items)
    except ValidationError:
        return None


# --------------------------------------------------------------------------- small helpers


def _plain_number(value: Any) -> Any:
    """numpy scalars -> Python numbers; anything else is left for validation to judge."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", None) == ():
        return value.item()
    return value


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _is_mapping_like(obj: Any) -> bool:
    return isinstance(obj, Mapping)


def _describe(obj: Any) -> str:
    text = repr(obj)
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(obj).__name__} {text}"


def _validated(model: type, where: str, **fields: Any) -> Any:
    try:
        return model(**fields)
    except ValidationError as err:
        raise ValueError(format_validation_error(err, where)) from None


# --------------------------------------------------------------------------- sentiment


def sentiment_from_text_classification(output: Any) -> Sentiment:
    """Turn transformers text-classification output for ONE text into a Sentiment.

    Accepts a ``Sentiment``; one ``{"label", "score"}`` dict (the pipeline's default top-1
    output); a list of such dicts (``top_k=None``: the full distribution, in any order); a list
    holding one such list (a batched call on one text); huggingface_hub
    ``TextClassificationOutputElement`` objects; or our own ``{"label", "score", "scores"}``.
    The top label is the one with the highest score; labels are kept as the model names them.
    """
    if isinstance(output, Sentiment):
        return output
    if output is None:
        raise ValueError("sentiment: expected text-classification output, got None")
    if _is_mapping_like(output) or (hasattr(output, "label") and hasattr(output, "score")):
        label = _get(output, "label")
        score = _plain_number(_get(output, "score"))
        scores = _get(output, "scores") or {}
        if label is None or score is None:
            raise ValueError(
                "sentiment: a text-classification result needs 'label' and 'score' keys, "
                f"got {_describe(output)}"
            )
        if isinstance(output, Mapping):
            extra = set(output) - {"label", "score", "scores"}
            if extra:
                raise ValueError(
                    f"sentiment: unknown key(s) {sorted(extra)} in {_describe(output)}; "
                    "expected 'label', 'score' and optionally 'scores'"
                )
        if not scores:
            scores = {label: score} if isinstance(label, str) else {}
        scores = {k: _plain_number(v) for k, v in dict(scores).items()}
        return _validated(Sentiment, "sentiment", label=label, score=score, scores=scores)
    if isinstance(output, Sequence) and not isinstance(output, (str, bytes)):
        items = list(output)
        if not items:
            raise ValueError("sentiment: text-classification output is an empty list")
        if all(isinstance(i, Sequence) and not isinstance(i, (str, bytes)) and not _is_mapping_like(i) for i in items):
            if len(items) != 1:
                raise ValueError(
                    f"sentiment: got results for {len(items)} texts (a batched call); "
                    "pass the output for one text"
                )
            return sentiment_from_text_classification(items[0])
        scores: dict[str, float] = {}
        for i, item in enumerate(items):
            label = _get(item, "label")
            score = _plain_number(_get(item, "score"))
            if label is None or score is None:
                raise ValueError(
                    f"sentiment[{i}]: expected a dict with 'label' and 'score', got {_describe(item)}"
                )
            if label in scores:
                raise ValueError(f"sentiment[{i}]: label {label!r} appears twice in the distribution")
            scores[label] = score
        try:
            top = max(scores, key=lambda k: scores[k])
        except TypeError:
            bad = {k: v for k, v in scores.items() if not isinstance(v, (int, float))}
            raise ValueError(f"sentiment: scores must be numbers, got {bad}") from None
        return _validated(Sentiment, "sentiment", label=top, score=scores[top], scores=scores)
    raise ValueError(
        "sentiment: expected text-classification output (a {'label', 'score'} dict or a list "
        f"of them), got {_describe(output)}"
    )


# --------------------------------------------------------------------------- entities


_TAG_PREFIXES = frozenset("BIESLU")


def split_tag(tag: str) -> tuple[str, str]:
    """Split an IOB/IOB2/BIOES/BILOU tag into ``(prefix, type)``.

    ``"B-PER"`` -> ``("B", "PER")``, ``"I_LOC"`` -> ``("I", "LOC")``, ``"PER"`` -> ``("", "PER")``,
    ``"O"`` -> ``("", "O")``. The prefix is one of B, I, E, S, L, U (either case) followed by ``-``
    or ``_``; anything else is a bare type.
    """
    if len(tag) > 2 and tag[1] in "-_" and tag[0].upper() in _TAG_PREFIXES:
        return tag[0].upper(), tag[2:]
    return "", tag


def is_outside(tag: str) -> bool:
    """Whether a token-classification tag means "outside any entity": ``O`` (either case). Such
    tokens come back when a pipeline is called with ``ignore_labels=[]``; they are not entities."""
    return tag.strip().upper() == "O"


def _is_subword(token: Mapping[str, Any], prev: Mapping[str, Any] | None, text: str | None) -> bool:
    """A piece of the previous token's word: a WordPiece continuation ('##ing'), or a piece that
    touches the previous one where letters or digits meet ('Zür' + 'ich'). Punctuation glued
    to a word ('Paris' + ',') is a word of its own."""
    if prev is None:
        return False
    word = token.get("word")
    if isinstance(word, str) and word.startswith("##"):
        return True
    # SentencePiece / byte-level BPE: a new word starts with a marker
    if isinstance(word, str) and word[:1] in ("\u2581", "\u0120"):
        return False
    if token["start"] != prev["end"] or not _consecutive(token, prev):
        return False
    if text is not None and 0 < token["start"] < len(text):
        before, after = text[token["start"] - 1], text[token["start"]]
    else:
        prev_word, this_word = str(prev.get("word") or ""), str(word or "").removeprefix("##")
        before, after = prev_word[-1:], this_word[:1]
    return before.isalnum() and after.isalnum()


def _consecutive(token: Mapping[str, Any], prev: Mapping[str, Any]) -> bool:
    """Tokens next to each other in the model's token sequence (no token between them)."""
    if token.get("index") is not None and prev.get("index") is not None:
        return int(token["index"]) == int(prev["index"]) + 1
    return True


def _gap_is_space(text: str | None, prev_end: int, start: int) -> bool:
    if start < prev_end:
        return False
    if text is None:
        return start - prev_end <= 1
    return text[prev_end:start].strip() == ""


def entities_from_token_classification(output: Any, text: str | None = None) -> list[Entity]:
    """Turn token-classification output for ONE text into entities.

    Handles transformers' ``pipeline("token-classification")`` output for every
    ``aggregation_strategy``: with "none" each token comes with its tag (``entity`` key, B-/I-
    prefixed or bare) and is merged here: sub-word pieces join their word, and words continue an
    entity while the tag is I- (or bare) of the same type and no token lies between them.  With
    "simple", "first", "average" and "max" the groups (``entity_group`` key) are taken as they are.
    Also accepts huggingface_hub ``TokenClassificationOutputElement`` objects and our own
    ``{"start", "end", "label", "score"}`` dicts.  Offsets must be present: a pipeline with a slow
    tokenizer gives ``start=None`` and is refused with a clear error rather than guessed.
    The score of a merged entity is the mean of its tokens' scores, as transformers does.
    """
    if output is None:
        return []
    if isinstance(output, (str, bytes)) or not isinstance(output, Iterable) or _is_mapping_like(output):
        raise ValueError(
            "entities: expected a list of token-classification results (dicts with 'start', "
            f"'end' and 'entity' or 'entity_group'), got {_describe(output)}"
        )
    items = list(output)
    if items and all(isinstance(i, (list, tuple)) for i in items):
        if len(items) != 1:
            raise ValueError(
                f"entities: got results for {len(items)} texts (a batched call); pass the "
                "output for one text"
            )
        items = list(items[0])

    tokens: list[dict[str, Any]] = []
    ready: list[Entity] = []
    for i, item in enumerate(items):
        if isinstance(item, Entity):
            ready.append(item)
            continue
        if not (_is_mapping_like(item) or hasattr(item, "start")):
            raise ValueError(f"entities[{i}]: expected a dict, got {_describe(item)}")
        if isinstance(item, Mapping):
            extra = set(item) - _ENTITY_KEYS
            if extra:
                raise ValueError(
                    f"entities[{i}]: unknown key(s) {sorted(extra)}; an entity has 'start', "
                    "'end', a label ('label', 'entity' or 'entity_group'), and optionally "
                    "'score', 'sentiment', 'word', 'index'"
                )
        start = _plain_number(_get(item, "start"))
        end = _plain_number(_get(item, "end"))
        if start is None or end is None:
            raise ValueError(
                f"entities[{i}] ({_describe(item)}) has no character offsets (start/end is None). "
                "This happens when the token-classification pipeline uses a slow (Python) "
                "tokenizer; load it with a fast tokenizer, e.g. "
                "pipeline('token-classification', model=..., tokenizer=AutoTokenizer.from_pretrained(..., use_fast=True))."
            )
        group = _get(item, "entity_group")
        tag = _get(item, "entity")
        label = _get(item, "label")
        sentiment = _get(item, "sentiment")
        if sentiment is not None:
            sentiment = sentiment_from_text_classification(sentiment)
        score = _plain_number(_get(item, "score"))
        if label is None and group is None and tag is None:
            raise ValueError(
                f"entities[{i}]: no label; expected 'entity_group', 'entity' or 'label' in {_describe(item)}"
            )
        if label is None and is_outside(str(group if group is not None else tag)):
            continue  # an "outside" token or group: not an entity
        if label is not None or group is not None:
            ready.append(
                _validated(
                    Entity,
                    f"entities[{i}]",
                    start=start,
                    end=end,
                    label=label if label is not None else group,
                    score=score,
                    sentiment=sentiment,
                )
            )
            continue
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(f"entities[{i}].entity: expected a tag like 'B-PER', got {tag!r}")
        tokens.append(
            {"start": start, "end": end, "tag": tag, "score": score, "word": _get(item, "word"),
             "index": _plain_number(_get(item, "index")), "pos": i}
        )

    ready.extend(_merge_tokens(tokens, text))
    return ready


def _merge_tokens(tokens: list[dict[str, Any]], text: str | None) -> list[Entity]:
    """Merge per-token tags (aggregation_strategy="none") into whole entities."""
    for t in tokens:
        if not isinstance(t["start"], int) or not isinstance(t["end"], int):
            raise ValueError(
                f"entities[{t['pos']}]: start/end must be integers, got {t['start']!r}/{t['end']!r}"
            )
    tokens = sorted(tokens, key=lambda t: (t["index"] if t["index"] is not None else -1, t["start"]))
    groups: list[dict[str, Any]] = []
    prev: dict[str, Any] | None = None
    for tok in tokens:
        prefix, kind = split_tag(tok["tag"])
        cur = groups[-1] if groups else None
        join = False
        if cur is not None and prev is not None:
            if _is_subword(tok, prev, text):
                join = True  # a piece of the same word always stays with its word
            elif (
                kind == cur["label"]
                and prefix in ("I", "E", "")
                and cur["open"]
                and _consecutive(tok, prev)
                and _gap_is_space(text, prev["end"], tok["start"])
            ):
                join = True
        if join:
            cur["end"] = max(cur["end"], tok["end"])
            cur["scores"].append(tok["score"])
            cur["open"] = prefix not in ("E", "S", "L", "U")
        else:
            groups.append(
                {"start": tok["start"], "end": tok["end"], "label": kind, "scores": [tok["score"]],
                 "open": prefix not in ("E", "S", "L", "U"), "pos": tok["pos"]}
            )
        prev = tok
    out = []
    for g in groups:
        scores = [s for s in g["scores"] if s is not None]
        if any(not isinstance(s, (int, float)) or isinstance(s, bool) for s in scores):
            raise ValueError(f"entities[{g['pos']}].score: expected a number, got {scores!r}")
        real = [float(s) for s in scores if not math.isnan(float(s))]
        score = sum(real) / len(real) if real else (float("nan") if scores else None)
        out.append(
            _validated(Entity, f"entities[{g['pos']}]", start=g["start"], end=g["end"], label=g["label"], score=score)
        )
    return out


# --------------------------------------------------------------------------- spaCy


def panel_from_spacy_doc(doc: Any) -> PanelData:
    """A spaCy ``Doc`` (duck-typed) -> PanelData.

    ``doc.ents`` become entities (``start_char``/``end_char``/``label_``), ``doc.cats`` becomes
    the document sentiment when present (the top category, with the full distribution), and
    ``doc.sents`` the sentences when the doc has sentence boundaries.
    """
    text = doc.text
    entities = []
    for i, ent in enumerate(doc.ents):
        try:
            start, end, label = ent.start_char, ent.end_char, ent.label_
        except AttributeError:
            raise ValueError(
                f"spaCy doc.ents[{i}]: expected a Span with start_char, end_char and label_, got {_describe(ent)}"
            ) from None
        entities.append({"start": start, "end": end, "label": label})
    cats = getattr(doc, "cats", None) or {}
    sentiment = None
    if cats:
        sentiment = sentiment_from_text_classification(
            [{"label": k, "score": v} for k, v in cats.items()]
        )
    sentences = []
    if _has_sentences(doc):
        sentences = [{"start": s.start_char, "end": s.end_char} for s in doc.sents]
    try:
        return PanelData(text=text, entities=entities, sentiment=sentiment, sentences=sentences)
    except ValidationError as err:
        raise ValueError(format_validation_error(err, "spaCy Doc")) from None


def _has_sentences(doc: Any) -> bool:
    has_annotation = getattr(doc, "has_annotation", None)
    if callable(has_annotation):
        try:
            if not (has_annotation("SENT_START") or has_annotation("DEP")):
                return False
        except Exception:  # noqa: BLE001 - an older Doc API; fall back to trying .sents
            pass
    try:
        iter(doc.sents)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


# --------------------------------------------------------------------------- anything


def _sentences_from(value: Any) -> list[Sentence]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"sentences: expected a list of {{'start', 'end'}} dicts, got {_describe(value)}")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, Sentence):
            out.append(item)
            continue
        if not isinstance(item, Mapping):
            raise ValueError(f"sentences[{i}]: expected a dict with 'start' and 'end', got {_describe(item)}")
        extra = set(item) - _SENTENCE_KEYS
        if extra:
            raise ValueError(
                f"sentences[{i}]: unknown key(s) {sorted(extra)}; a sentence has 'start', 'end' "
                "and optionally 'sentiment'"
            )
        if "start" not in item or "end" not in item:
            raise ValueError(f"sentences[{i}]: needs 'start' and 'end', got {_describe(item)}")
        sentiment = item.get("sentiment")
        out.append(
            _validated(
                Sentence,
                f"sentences[{i}]",
                start=_plain_number(item["start"]),
                end=_plain_number(item["end"]),
                sentiment=None if sentiment is None else sentiment_from_text_classification(sentiment),
            )
        )
    return out


def to_panel_data(value: Any) -> PanelData:
    """Anything SentimentPanel shows -> PanelData.

    Accepts a PanelData; a ``str`` (plain text, nothing highlighted); a spaCy ``Doc``; or a dict
    with ``text`` and any of ``entities`` (raw token-classification output of any aggregation
    strategy, InferenceClient elements, or our own entity dicts), ``sentiment`` (raw
    text-classification output) and ``sentences``.
    """
    if isinstance(value, PanelData):
        return value
    if isinstance(value, str):
        return PanelData(text=value)
    if isinstance(value, Mapping):
        extra = set(value) - _PANEL_KEYS
        if extra:
            raise ValueError(
                f"unknown key(s) {sorted(extra)} in the SentimentPanel value; expected 'text' and "
                "any of 'entities', 'sentiment', 'sentences'"
            )
        if "text" not in value:
            raise ValueError("the SentimentPanel value dict needs a 'text' key")
        text = value["text"]
        if not isinstance(text, str):
            raise ValueError(f"text: expected a str, got {_describe(text)}")
        entities = _plain_entities(value.get("entities"))
        if entities is None:
            entities = entities_from_token_classification(value.get("entities"), text)
        raw_sentiment = value.get("sentiment")
        sentiment = None if raw_sentiment is None else sentiment_from_text_classification(raw_sentiment)
        sentences = _sentences_from(value.get("sentences"))
        try:
            return PanelData(text=text, entities=entities, sentiment=sentiment, sentences=sentences)
        except ValidationError as err:
            raise ValueError(format_validation_error(err)) from None
    if is_spacy_doc(value):
        return panel_from_spacy_doc(value)
    raise ValueError(
        "SentimentPanel cannot show "
        f"{_describe(value)}; give it a str, a dict with 'text' and 'entities'/'sentiment'/"
        "'sentences', a PanelData, or a spaCy Doc"
    )


# --------------------------------------------------------------------------- models


def is_pipeline(obj: Any) -> bool:
    """A transformers ``Pipeline`` (duck-typed: a callable with a ``task`` name and a ``model``)."""
    return isinstance(getattr(obj, "task", None), str) and hasattr(obj, "model") and callable(obj)


def is_spacy_language(obj: Any) -> bool:
    """A spaCy ``Language`` (duck-typed: callable, with ``pipe`` and ``pipe_names``)."""
    return hasattr(obj, "pipe") and hasattr(obj, "pipe_names") and callable(obj)


def is_spacy_doc(obj: Any) -> bool:
    """A spaCy ``Doc`` (duck-typed: ``text`` and ``ents``; not a dict or a str)."""
    return hasattr(obj, "text") and hasattr(obj, "ents") and not isinstance(obj, (Mapping, str))


def labels_of(model: Any) -> list[str] | None:
    """The entity labels a NER model can give, without IOB/BIOES prefixes and without the
    "outside" tag, in the model's own order.

    Reads a transformers pipeline's ``model.config.id2label`` or the labels of a spaCy
    ``Language``'s ``ner`` (or ``entity_ruler``) component. Returns None when the model does not
    say (a plain callable, or a model without label names); an editable panel then offers the
    labels present in its value.
    """
    if model is None:
        return None
    id2label = getattr(getattr(getattr(model, "model", None), "config", None), "id2label", None)
    if isinstance(id2label, Mapping) and id2label:
        labels: list[str] = []
        for _, tag in sorted(id2label.items(), key=lambda item: int(item[0])):
            tag = str(tag).strip()
            if not tag or is_outside(tag):
                continue
            kind = split_tag(tag)[1].strip()
            if kind and kind not in labels:
                labels.append(kind)
        return labels or None
    if is_spacy_language(model):
        labels = []
        for name in ("ner", "entity_ruler", "span_ruler"):
            if name in model.pipe_names:
                for label in model.get_pipe(name).labels:
                    if label not in labels:
                        labels.append(label)
        return labels or None
    return None


def sentiment_from_output(output: Any, role: str = "sentiment") -> Sentiment:
    """One sentiment model's output for one text -> Sentiment: text-classification output in
    any shape, a spaCy ``Doc`` (its ``cats``), a PanelData (its sentiment) or a Sentiment."""
    if isinstance(output, Sentiment):
        return output
    if is_spacy_doc(output) and hasattr(output, "cats"):
        sentiment = panel_from_spacy_doc(output).sentiment
        if sentiment is None:
            raise ValueError(f"`{role}`: the spaCy Doc has no cats to read sentiment from")
        return sentiment
    if isinstance(output, PanelData):
        if output.sentiment is None:
            raise ValueError(f"`{role}` returned a PanelData without sentiment")
        return output.sentiment
    return sentiment_from_text_classification(output)


def entities_from_output(output: Any, text: str, role: str = "ner") -> list[Entity]:
    """One NER model's output for ``text`` -> entities with offsets into ``text``:
    token-classification output of any aggregation strategy, a spaCy ``Doc``, a PanelData or a
    list of Entity. An entity reaching past the end of ``text`` is refused."""
    if is_spacy_doc(output):
        entities = list(panel_from_spacy_doc(output).entities)
    elif isinstance(output, PanelData):
        entities = list(output.entities)
    elif isinstance(output, list) and output and all(isinstance(e, Entity) for e in output):
        entities = list(output)
    else:
        entities = entities_from_token_classification(output, text=text)
    for e in entities:
        if e.end > len(text):
            raise ValueError(
                f"`{role}` returned an entity ({e.label}, {e.start}:{e.end}) ending beyond its input "
                f"of {len(text)} characters"
            )
    return entities


def sentence_offsets(doc: Any) -> list[tuple[int, int]]:
    """A spaCy ``Doc``'s sentences as ``(start_char, end_char)`` pairs."""
    return [(s.start_char, s.end_char) for s in doc.sents]
