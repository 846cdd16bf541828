"""PanelData -> files people feed to other tools, and back where that loses nothing.

==============  ===========================================================  ==========================
function        format                                                       round trip
==============  ===========================================================  ==========================
``to_json``     the PanelData itself                                         ``from_json``: everything
``to_jsonl``    one line per document: ``{"text", "spans": [{"start",        ``from_jsonl``: text, entity
                "end", "label", "score"?}], "cats"?}`` (spaCy / Prodigy)     offsets, labels, scores and
                                                                             the document distribution
``to_iob``      CoNLL-style ``token<TAB>tag`` lines, IOB2 tags, a blank      ``from_iob(..., text=...)``:
                line between sentences                                       entity offsets and labels
``to_displacy`` spaCy displaCy's manual ``{"text", "ents", "title"}`` dict    ``from_displacy``: offsets
                                                                             and labels
==============  ===========================================================  ==========================

``entity_summary`` (one row per distinct entity, for a table or a DataFrame) is a summary, not
a format: there is no way back from it.

Offsets are Python string indices everywhere, as in PanelData and in spaCy.  What a format
cannot hold (IOB: overlapping entities, entities that start or end in white space or inside a
token; JSONL/IOB/displaCy: entity sentiment and sentences) is refused with a ``ValueError`` or
left out by design, never silently bent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from pydantic import ValidationError

from .aggregate import Mean
from .data import Entity, PanelData, format_validation_error

__all__ = [
    "entity_summary",
    "from_displacy",
    "from_iob",
    "from_json",
    "from_jsonl",
    "to_displacy",
    "to_iob",
    "to_json",
    "to_jsonl",
]


def _docs(data: PanelData | Iterable[PanelData]) -> list[PanelData]:
    if isinstance(data, PanelData):
        return [data]
    docs = list(data)
    for i, doc in enumerate(docs):
        if not isinstance(doc, PanelData):
            raise ValueError(f"document {i}: expected a PanelData, got {type(doc).__name__}")
    return docs


def _check(data: PanelData) -> PanelData:
    if not isinstance(data, PanelData):
        raise ValueError(f"expected a PanelData, got {type(data).__name__}")
    return data


# ------------------------------------------------------------------------------------ JSON


def to_json(data: PanelData, indent: int | None = 2) -> str:
    """The whole PanelData as JSON (UTF-8 text, non-ASCII kept as is)."""
    return json.dumps(_check(data).model_dump(), ensure_ascii=False, indent=indent)


def from_json(text: str) -> PanelData:
    """Read what ``to_json`` wrote (or any PanelData JSON, e.g. the panel's download)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON: {err}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"PanelData JSON must be an object with 'text', got {type(raw).__name__}")
    try:
        return PanelData(**raw)
    except ValidationError as err:
        raise ValueError(format_validation_error(err, "PanelData JSON")) from None


# ----------------------------------------------------------------------------------- JSONL


def to_jsonl(data: PanelData | Iterable[PanelData]) -> str:
    """One JSON record per document, spaCy/Prodigy style:
    ``{"text": ..., "spans": [{"start", "end", "label", "score"}], "cats": {...}}``.
    ``score`` is left out for entities without one; ``cats`` (the document's sentiment
    distribution) only when the document has a sentiment."""
    lines = []
    for doc in _docs(data):
        spans = []
        for e in doc.entities:
            span: dict = {"start": e.start, "end": e.end, "label": e.label}
            if e.score is not None:
                span["score"] = e.score
            spans.append(span)
        record: dict = {"text": doc.text, "spans": spans}
        if doc.sentiment is not None:
            record["cats"] = dict(doc.sentiment.scores) or {doc.sentiment.label: doc.sentiment.score}
        lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def from_jsonl(text: str) -> list[PanelData]:
    """Read JSONL records with ``text`` and ``spans`` (and optionally ``cats``), as written by
    ``to_jsonl`` or by spaCy/Prodigy tools. Blank lines are skipped; any other bad line raises a
    ValueError naming its line number."""
    docs = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"line {number}: not valid JSON: {err}") from None
        if not isinstance(record, dict) or "text" not in record:
            raise ValueError(f"line {number}: expected an object with 'text' and 'spans'")
        spans = record.get("spans", [])
        if not isinstance(spans, list):
            raise ValueError(f"line {number}: 'spans' must be a list, got {type(spans).__name__}")
        entities = []
        for i, span in enumerate(spans):
            if not isinstance(span, dict) or not {"start", "end", "label"} <= set(span):
                raise ValueError(f"line {number}: spans[{i}] needs 'start', 'end' and 'label', got {span!r}")
            entities.append(
                {"start": span["start"], "end": span["end"], "label": span["label"], "score": span.get("score")}
            )
        sentiment = None
        cats = record.get("cats")
        if cats:
            if not isinstance(cats, dict):
                raise ValueError(f"line {number}: 'cats' must be an object of label -> score")
            top = max(cats, key=lambda k: cats[k])
            sentiment = {"label": top, "score": cats[top], "scores": cats}
        try:
            docs.append(PanelData(text=record["text"], entities=entities, sentiment=sentiment))
        except ValidationError as err:
            raise ValueError(format_validation_error(err, f"record on line {number}")) from None
    return docs


# ------------------------------------------------------------------------------- IOB/CoNLL

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Words and single punctuation marks, further cut at every entity boundary."""
    out = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        inner = sorted(c for c in cuts if start < c < end)
        for a, b in zip([start, *inner], [*inner, end]):
            out.append((a, b))
    return out


def _check_iob_entities(data: PanelData) -> None:
    previous: tuple[int, Entity] | None = None
    for i, e in enumerate(data.entities):
        piece = data.text[e.start : e.end]
        if not piece.strip():
            raise ValueError(
                f"entities[{i}] ({e.label} at {e.start}:{e.end}) covers no word, which IOB cannot hold"
            )
        if piece != piece.strip():
            raise ValueError(
                f"entities[{i}] ({e.label}, {piece!r}) starts or ends with white space, which IOB "
                "cannot hold; trim the span first"
            )
        if any(c in e.label for c in "\t\n\r") or " " in e.label:
            raise ValueError(f"entities[{i}]: label {e.label!r} holds white space, which IOB columns cannot hold")
        if previous is not None and e.start < previous[1].end:
            j, other = previous
            raise ValueError(
                f"IOB cannot hold overlapping entities: entities[{j}] ({other.label}, "
                f"{data.text[other.start:other.end]!r}, {other.start}:{other.end}) overlaps entities[{i}] "
                f"({e.label}, {piece!r}, {e.start}:{e.end}). Export to JSONL or JSON instead."
            )
        if previous is None or e.end > previous[1].end:
            previous = (i, e)


def to_iob(data: PanelData) -> str:
    """CoNLL-style IOB2: one ``token<TAB>tag`` line per token (tags ``B-LABEL``, ``I-LABEL``,
    ``O``), a blank line after each sentence (``data.sentences``, or the whole text when there
    are none). Tokens are words and single punctuation marks, cut at entity boundaries.
    Overlapping entities, entities that start or end in white space, cover no word, or have a
    label with white space raise a ValueError naming them."""
    data = _check(data)
    _check_iob_entities(data)
    cuts = {p for e in data.entities for p in (e.start, e.end)}
    tokens = _tokens(data.text, cuts)
    sentence_ends = sorted(s.end for s in data.sentences)
    lines: list[str] = []
    k = 0  # entity cursor: entities are sorted and do not overlap
    inside: Entity | None = None
    s = 0
    for start, end in tokens:
        while s < len(sentence_ends) and start >= sentence_ends[s]:
            if lines and lines[-1] != "":
                lines.append("")
            s += 1
        while k < len(data.entities) and data.entities[k].end <= start:
            k += 1
        entity = data.entities[k] if k < len(data.entities) else None
        if entity is not None and entity.start <= start and end <= entity.end:
            tag = ("I-" if inside is entity else "B-") + entity.label
            inside = entity
        else:
            tag = "O"
            inside = None
        lines.append(f"{data.text[start:end]}\t{tag}")
    if lines and lines[-1] != "":
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def from_iob(iob: str, text: str | None = None) -> PanelData:
    """Read ``token<TAB>tag`` (or space-separated, tag in the last column) lines.

    With ``text`` (the original document), tokens are found in it in order, so entity offsets
    come back exactly: ``from_iob(to_iob(d), d.text)`` has the same entity offsets and labels as
    ``d``. Without it, the text is rebuilt by joining tokens with single spaces and sentences
    with newlines (IOB does not record white space). ``I-`` after ``O`` or after another label
    starts a new entity (lenient IOB1). ``-DOCSTART-`` lines are skipped."""
    tokens: list[tuple[str, str, int]] = []  # (token, tag, line)
    sentence_breaks: set[int] = set()
    for number, line in enumerate(iob.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            sentence_breaks.add(len(tokens))
            continue
        if line.startswith("-DOCSTART-"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) < 2 or not parts[0] or not parts[-1]:
            raise ValueError(f"line {number}: expected 'token<TAB>tag', got {line!r}")
        tag = parts[-1]
        if tag != "O" and not re.fullmatch(r"[BI]-\S+", tag):
            raise ValueError(f"line {number}: tag {tag!r} is not O, B-LABEL or I-LABEL")
        tokens.append((parts[0], tag, number))
    spans: list[tuple[int, int]] = []
    if text is None:
        pieces: list[str] = []
        pos = 0
        for i, (token, _, _) in enumerate(tokens):
            if i:
                sep = "\n" if i in sentence_breaks else " "
                pieces.append(sep)
                pos += 1
            spans.append((pos, pos + len(token)))
            pieces.append(token)
            pos += len(token)
        text = "".join(pieces)
    else:
        pos = 0
        for token, _, number in tokens:
            found = text.find(token, pos)
            if found < 0 or text[pos:found].strip():
                raise ValueError(
                    f"line {number}: token {token!r} is not the next word of the text at index {pos}"
                )
            spans.append((found, found + len(token)))
            pos = found + len(token)
    entities: list[dict] = []
    open_label: str | None = None
    for (token, tag, _), (start, end), i in zip(tokens, spans, range(len(tokens))):
        if tag == "O" or i in sentence_breaks:
            open_label = None
        if tag == "O":
            continue
        prefix, label = tag[0], tag[2:]
        if prefix == "I" and open_label == label:
            entities[-1]["end"] = end
        else:
            entities.append({"start": start, "end": end, "label": label})
            open_label = label
    try:
        return PanelData(text=text, entities=entities)
    except ValidationError as err:
        raise ValueError(format_validation_error(err, "IOB document")) from None


# --------------------------------------------------------------------------------- displaCy


def to_displacy(data: PanelData, title: str | None = None) -> dict:
    """The dict spaCy's ``displacy.render(d, style="ent", manual=True)`` takes."""
    data = _check(data)
    return {
        "text": data.text,
        "ents": [{"start": e.start, "end": e.end, "label": e.label} for e in data.entities],
        "title": title,
    }


def from_displacy(record: dict) -> PanelData:
    """Read a displaCy manual ``{"text", "ents": [{"start", "end", "label"}]}`` dict."""
    if not isinstance(record, dict) or "text" not in record:
        raise ValueError("expected a displaCy dict with 'text' and 'ents'")
    try:
        return PanelData(
            text=record["text"],
            entities=[{"start": e["start"], "end": e["end"], "label": e["label"]} for e in record.get("ents", [])],
        )
    except (KeyError, TypeError) as err:
        raise ValueError(f"every displaCy ent needs 'start', 'end' and 'label' ({err})") from None
    except ValidationError as err:
        raise ValueError(format_validation_error(err, "displaCy dict")) from None



# --------------------------------------------------------------------------- entity summary


def entity_summary(data: PanelData) -> list[dict]:
    """One row per distinct entity of ``data``: the same label and the same text, up to case and
    white space ("Apple" and "apple" are one ORG), in order of first mention.

    Each row is a plain dict, ready for ``csv.DictWriter`` (leave out or join ``scores`` and
    ``mentions_at``) or ``pandas.DataFrame(rows)``:

    - ``label``; ``text``: the first mention's text, white space collapsed;
    - ``mentions``: how many times it is mentioned;
    - ``sentiment``, ``score``: the top label of the mean sentiment of its mentions and that
      label's mean probability (``None`` when no mention has a sentiment);
    - ``scores``: that mean distribution, label -> probability (mentions without a sentiment
      do not count towards it);
    - ``mentions_at``: the ``(start, end)`` offsets of every mention, in document order.
    """
    data = _check(data)
    rows: dict[tuple[str, str], dict] = {}
    means: dict[tuple[str, str], Mean] = {}
    order = list(data.sentiment.scores) if data.sentiment is not None else []
    for entity in data.entities:
        text = " ".join(data.text[entity.start : entity.end].split())
        key = (entity.label, text.casefold())
        row = rows.get(key)
        if row is None:
            row = rows[key] = {"label": entity.label, "text": text, "mentions": 0, "mentions_at": []}
            means[key] = Mean(order)
        row["mentions"] += 1
        row["mentions_at"].append((entity.start, entity.end))
        means[key].add(entity.sentiment, 1.0)
    out = []
    for key, row in rows.items():
        mean = means[key].result()
        out.append(
            {
                "label": row["label"],
                "text": row["text"],
                "mentions": row["mentions"],
                "sentiment": mean.label if mean else None,
                "score": mean.score if mean else None,
                "scores": dict(mean.scores) if mean else {},
                "mentions_at": row["mentions_at"],
            }
        )
    return out
