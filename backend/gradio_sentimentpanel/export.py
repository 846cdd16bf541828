"""PanelData -> files people feed to other tools, and back where that loses nothing.

==============  ===========================================================  ==========================
function        format                                                       round trip
==============  ===========================================================  ==========================
``to_json``     the PanelData itself                                         ``from_json``: everything
``to_jsonl``    one line per document: ``{"text", "spans": [{"start",        ``from_jsonl``: text, entity
                "end", "label", "score"?}], "cats"?}`` (spaCy / Prodigy)     offsets, labels, scores and
                                                                             the document sentiment
``to_iob``      CoNLL-style ``token<TAB>tag`` lines, IOB2 tags, a blank      ``from_iob(..., text=...)``:
                line between sentences                                       entity offsets and labels
``to_displacy`` spaCy displaCy's manual ``{"text", "ents", "title"}`` dict    ``from_displacy``: offsets,
                (``style="span"``: ``{"text", "spans", "tokens", "title"}``)  labels, kb_id and kb_url
==============  ===========================================================  ==========================

``entity_summary`` (one row per distinct entity, for a table or a DataFrame) is a summary, not
a format: there is no way back from it.

Offsets are Python string indices everywhere, as in PanelData and in spaCy.  What a format
cannot hold (IOB: overlapping entities, entities that start or end in white space or run
across a sentence end, labels with white space; JSONL/IOB/displaCy: entity sentiment,
sentences and a value's ``reference``) is refused with a ``ValueError`` or left out by design,
never silently bent. JSON keeps the reference, as everything else; to keep a reference in the
other formats, export it as a document of its own (``PanelData(text=value.text,
entities=value.reference.entities, ...)``).
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections.abc import Iterable

from .adapters.spacy import entities_once
from .data import Entity, PanelData, Sentiment, _short_repr
from .mean import Mean
from .rules import collapse_space, distribution, entity_key

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
    if isinstance(data, (str, bytes, dict)) or not isinstance(data, Iterable):
        raise ValueError(f"expected a PanelData or a list of them, got {type(data).__name__}")
    docs = list(data)
    for i, doc in enumerate(docs):
        if not isinstance(doc, PanelData):
            raise ValueError(f"document {i}: expected a PanelData, got {type(doc).__name__}")
    return docs


def _check(data: PanelData) -> PanelData:
    if not isinstance(data, PanelData):
        raise ValueError(f"expected a PanelData, got {type(data).__name__}")
    return data


_BOM = "\ufeff"


def _kind(value: object) -> str:
    """What a parsed JSON value is, in JSON's words (never its repr: it may be huge or deep)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r:.40}"
    if isinstance(value, str):
        return f"the string {value!r:.60}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _loads(text: str | bytes, where: str) -> object:
    """``json.loads`` with its errors in the package's words, ``where`` ("line 3: ") first."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(f"{where}not valid JSON: it is nested too deeply to read") from None
    except json.JSONDecodeError as err:
        at = f"line {err.lineno} column {err.colno}" if where == "" else f"column {err.colno}"
        raise ValueError(f"{where}not valid JSON: {err.msg} at {at}") from None
    except UnicodeDecodeError as err:
        raise ValueError(
            f"{where}not valid JSON: the bytes are not {err.encoding} ({err.reason} at byte {err.start})"
        ) from None
    except ValueError as err:  # an integer of more digits than Python converts, the only other one
        if "int_max_str_digits" in str(err):
            raise ValueError(
                f"{where}not valid JSON: it holds a number of more than {sys.get_int_max_str_digits():,} "
                "digits, more than Python reads"
            ) from None
        raise ValueError(f"{where}not valid JSON: {err}") from None


# ------------------------------------------------------------------------------------ JSON


def to_json(data: PanelData, indent: int | None = 2) -> str:
    """The whole PanelData as JSON (UTF-8 text, non-ASCII kept as is)."""
    return json.dumps(_check(data).model_dump(), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> PanelData:
    """Read what ``to_json`` wrote (or any PanelData JSON, e.g. the panel's download): a str, or
    bytes in the encodings ``json.loads`` reads (UTF-8, -16, -32). A leading byte order mark is
    skipped. Bad JSON, a value that is not a PanelData object, and unknown or bad fields raise a
    ValueError naming them; anything but text raises a TypeError."""
    if isinstance(text, str):
        text = text.removeprefix(_BOM)
    elif not isinstance(text, (bytes, bytearray)):
        raise TypeError(f"from_json: text must be a str (or bytes) of JSON, got {type(text).__name__}")
    raw = _loads(text, "")
    if not isinstance(raw, dict):
        raise ValueError(f"PanelData JSON must be an object with 'text', got {_kind(raw)}")
    try:
        return PanelData.checked(raw, what="PanelData JSON")
    except RecursionError:
        raise ValueError("PanelData JSON is nested too deeply to read") from None


# ----------------------------------------------------------------------------------- JSONL


def to_jsonl(data: PanelData | Iterable[PanelData]) -> str:
    """One JSON record per document, spaCy/Prodigy style:
    ``{"text": ..., "spans": [{"start", "end", "label", "score"}], "cats": {...}}``.
    ``score`` is left out for entities without one; ``cats`` (the document's sentiment
    distribution, or ``{label: score}`` for a sentiment without one) only when the document
    has a sentiment, and ``"sentiment_label"`` only when ``cats`` alone would name another label
    (a tie for the top score, the sentiment's label not the first of the tied labels). Entity
    sentiment, knowledge-base links, sentences, attributions and the ``reference`` are not
    written."""
    lines = []
    for i, doc in enumerate(_docs(data)):
        spans = []
        for e in doc.entities:
            span: dict = {"start": e.start, "end": e.end, "label": e.label}
            if e.score is not None:
                span["score"] = e.score
            spans.append(span)
        record: dict = {"text": doc.text, "spans": spans}
        if doc.sentiment is not None:
            record.update(_cats(doc.sentiment, f"document {i}"))
        line = json.dumps(record, ensure_ascii=False)
        # JSON leaves these raw, and str.splitlines() would cut a record at them
        for raw, escaped in (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
            line = line.replace(raw, escaped)
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def _cats(sentiment: Sentiment, where: str) -> dict:
    """``{"cats": ...}`` and, when the first top label of cats is not the sentiment's label,
    ``{"sentiment_label": label}``."""
    cats = distribution(sentiment)
    if cats.get(sentiment.label) != sentiment.score or max(cats.values()) > sentiment.score:
        raise ValueError(
            f"{where}: the sentiment's label {sentiment.label!r} ({sentiment.score!r}) is not a top "
            "label of its scores, which JSONL's cats cannot carry"
        )
    out: dict = {"cats": cats}
    if _top(cats) != sentiment.label:
        out["sentiment_label"] = sentiment.label
    return out


def _top(cats: dict) -> str:
    """The first of the labels with the highest score (spaCy's reading of ``cats``)."""
    return max(cats, key=cats.__getitem__)


_RECORD_KEYS = ("text", "spans", "cats", "sentiment_label")
_SPAN_KEYS = ("start", "end", "label", "score")


def from_jsonl(text: str | bytes, *, extra: str = "forbid") -> list[PanelData]:
    """Read JSONL records with ``text`` and ``spans`` (and optionally ``cats`` and
    ``sentiment_label``), as written by ``to_jsonl`` or by spaCy/Prodigy tools; bytes are read as
    UTF-8. A leading byte order mark, blank lines and CRLF line ends are fine; any other bad
    line raises a ValueError naming its line number (1-based) and the bad key.

    The document sentiment is ``cats``: its label is ``sentiment_label`` when given, else the
    first of the labels with the highest score; ``scores`` is ``cats`` as it stands.

    ``extra="forbid"`` (the default) refuses a key this reader does not know (Prodigy's
    ``_input_hash``, ``tokens``, a span's ``token_start``...), naming it; ``extra="ignore"``
    leaves such keys out."""
    if extra not in ("forbid", "ignore"):
        raise ValueError(f"from_jsonl: extra must be 'forbid' or 'ignore', got {extra!r}")
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            number = text.count(b"\n", 0, err.start) + 1
            raise ValueError(f"line {number}: not UTF-8 ({err.reason} at byte {err.start})") from None
    elif not isinstance(text, str):
        raise TypeError(
            f"from_jsonl: text must be a str (or UTF-8 bytes) of JSON lines, got {type(text).__name__}"
        )
    docs = []
    for number, line in enumerate(text.removeprefix(_BOM).split("\n"), start=1):
        if not line.strip():
            continue
        docs.append(_record(_loads(line, f"line {number}: "), number, extra == "forbid"))
    return docs


def _unknown(keys: Iterable, known: tuple[str, ...], where: str) -> None:
    unknown = [k for k in keys if k not in known]
    if unknown:
        names = ", ".join(repr(k) for k in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        raise ValueError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {names} (known: {', '.join(known)}); "
            "from_jsonl(..., extra='ignore') leaves unknown keys out"
        )


def _record(record: object, number: int, forbid: bool) -> PanelData:
    """One JSONL record (line ``number``) -> PanelData."""
    where = f"line {number}"
    if not isinstance(record, dict):
        raise ValueError(f"{where}: expected an object with 'text' and 'spans', got {_kind(record)}")
    if forbid:
        _unknown(record, _RECORD_KEYS, where)
    if "text" not in record:
        raise ValueError(f"{where}: the record has no 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise ValueError(f"{where}: 'text' must be a string, got {_kind(text)}")
    spans = record.get("spans", [])
    if not isinstance(spans, list):
        raise ValueError(f"{where}: 'spans' must be a list, got {_kind(spans)}")
    what = f"record on {where}"
    entities = []
    for i, span in enumerate(spans):
        if not isinstance(span, dict) or not {"start", "end", "label"} <= set(span):
            missing = "" if not isinstance(span, dict) else f" (it has {sorted(span)!r:.80})"
            raise ValueError(
                f"{where}: spans[{i}] needs 'start', 'end' and 'label', got {_kind(span)}{missing}"
            )
        if forbid:
            _unknown(span, _SPAN_KEYS, f"{where}: spans[{i}]")
        entity = Entity.checked({k: span[k] for k in _SPAN_KEYS if k in span}, f"spans[{i}]", what=what)
        if entity.end > len(text):
            raise ValueError(
                f"Invalid {what}: spans[{i}] ends at {entity.end}, past the end of the text "
                f"(length {len(text)} code points)"
            )
        entities.append(entity)
    return PanelData.checked(
        {"text": text, "entities": entities, "sentiment": _sentiment(record, where)}, what=what
    )


def _sentiment(record: dict, where: str) -> Sentiment | None:
    """The document sentiment of a record: its ``cats`` and ``sentiment_label``."""
    cats = record.get("cats")
    label = record.get("sentiment_label")
    if cats is not None and not isinstance(cats, dict):
        raise ValueError(f"{where}: 'cats' must be an object of label -> score, got {_kind(cats)}")
    if not cats:
        if label is not None:
            raise ValueError(f"{where}: 'sentiment_label' needs 'cats', whose labels it names one of")
        return None
    for name, score in cats.items():
        if not name.strip():
            raise ValueError(f"{where}: cats[{name!r}]: a label must not be empty or only white space")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
            raise ValueError(
                f"{where}: cats[{name!r}] must be a probability from 0 to 1, got {_kind(score)}"
            )
    if label is None:
        label = _top(cats)
    elif not isinstance(label, str) or label not in cats:
        raise ValueError(f"{where}: 'sentiment_label' {_kind(label)} is not a label of 'cats'")
    elif cats[label] < max(cats.values()):
        raise ValueError(
            f"{where}: 'sentiment_label' {label!r} ({cats[label]!r}) is not a top label of 'cats' "
            f"({_top(cats)!r} has {max(cats.values())!r})"
        )
    scores = {"label": label, "score": cats[label], "scores": cats}
    return Sentiment.checked(scores, "cats", what=f"record on {where}")


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
        if any(c.isspace() for c in e.label):
            raise ValueError(
                f"entities[{i}] ({piece!r}, {e.start}:{e.end}): label {e.label!r} holds white space, "
                "which IOB columns and lines cannot hold"
            )
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
    Overlapping entities, entities that start or end in white space, cover no word, have a
    label with white space (any character ``str.isspace`` calls one: a tab, a no-break space,
    U+2028...) or run across the end of a sentence (the blank line would cut them in two) raise
    a ValueError naming them. A ``reference`` is not written."""
    data = _check(data)
    _check_iob_entities(data)
    cuts = {p for e in data.entities for p in (e.start, e.end)}
    tokens = _tokens(data.text, cuts)
    sentence_ends = sorted((s.end, i) for i, s in enumerate(data.sentences))
    lines: list[str] = []
    k = 0  # entity cursor: entities are sorted and do not overlap
    inside: Entity | None = None
    s = 0
    for start, end in tokens:
        broken_at = None  # the sentence whose end a blank line is written for, before this token
        while s < len(sentence_ends) and start >= sentence_ends[s][0]:
            if lines and lines[-1] != "":
                lines.append("")
                broken_at = sentence_ends[s][1]
            s += 1
        while k < len(data.entities) and data.entities[k].end <= start:
            k += 1
        entity = data.entities[k] if k < len(data.entities) else None
        if entity is not None and entity.start <= start and end <= entity.end:
            if broken_at is not None and inside is entity:
                sentence = data.sentences[broken_at]
                raise ValueError(
                    f"entities[{k}] ({entity.label}, {data.text[entity.start:entity.end]!r}, "
                    f"{entity.start}:{entity.end}) runs across the end of sentences[{broken_at}] "
                    f"({sentence.start}:{sentence.end}); IOB's blank line between sentences would cut it "
                    "in two. Export to JSONL or JSON instead, or mend the sentences."
                )
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
    """Read ``token<TAB>tag`` (or space-separated) lines; a blank line ends a sentence.

    Every token line has the same columns: the token first, the tag (``O``, ``B-LABEL``,
    ``I-LABEL``) last; columns between them (CoNLL-2003's part-of-speech and chunk tags) are
    not read. ``B-`` starts an entity; ``I-`` continues the entity of the token before it when
    that has the same label, and otherwise (after ``O``, a blank line or another label) starts
    one, as IOB1 does, so IOB1 and IOB2 files read the same. ``-DOCSTART-`` lines are skipped
    and end a sentence. The result has no sentences, sentiment or scores.

    With ``text`` (the original document), tokens are found in it in order, only white space
    between them, and nothing but white space may follow the last, so entity offsets come back
    exactly: ``from_iob(to_iob(d), d.text)`` has the same entity offsets and labels as ``d``.
    Without it, the text is rebuilt by joining tokens with single spaces and sentences with
    newlines (IOB does not record white space). A bad line or a token the text does not have
    next raises a ValueError naming the line (1-based); ``iob`` or ``text`` not a str, a
    TypeError."""
    if not isinstance(iob, str):
        hint = "; decode the bytes first" if isinstance(iob, (bytes, bytearray)) else ""
        raise TypeError(f"from_iob: iob must be a str of IOB lines, got {type(iob).__name__}{hint}")
    if text is not None and not isinstance(text, str):
        raise TypeError(
            f"from_iob: text must be the document's text (a str) or None, got {type(text).__name__}"
        )
    tokens: list[tuple[str, str, int]] = []  # (token, tag, line)
    sentence_breaks: set[int] = set()
    columns: tuple[int, int] | None = None  # (how many, on which line first)
    for number, line in enumerate(iob.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("-DOCSTART-"):
            sentence_breaks.add(len(tokens))
            continue
        parts = [part.strip() for part in line.split("\t")] if "\t" in line else line.split()
        if len(parts) < 2 or not parts[0] or not parts[-1]:
            raise ValueError(f"line {number}: expected 'token<TAB>tag', got {line!r:.80}")
        if columns is None:
            columns = (len(parts), number)
        elif len(parts) != columns[0]:
            raise ValueError(
                f"line {number}: {len(parts)} columns, but line {columns[1]} has {columns[0]}; every "
                f"token line needs the same columns, the token first and the tag last (got {line!r:.80})"
            )
        tag = parts[-1]
        if tag != "O" and not re.fullmatch(r"[BI]-\S+", tag):
            raise ValueError(f"line {number}: tag {tag!r:.80} is not O, B-LABEL or I-LABEL")
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
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if not text.startswith(token, pos):
                there = "where it ends"
                if pos < len(text):
                    there = f"which has {text[pos:pos + len(token)]!r:.80} there"
                raise ValueError(
                    f"line {number}: token {token!r:.80} is not the next word of the text at index {pos}, "
                    f"{there}"
                )
            spans.append((pos, pos + len(token)))
            pos += len(token)
        rest = text[pos:]
        if rest.strip():
            at = pos + len(rest) - len(rest.lstrip())
            after = f"after the last token (line {tokens[-1][2]})" if tokens else "but the IOB has no tokens"
            raise ValueError(
                f"the text goes on at index {at} ({text[at:at + 20]!r}) {after}: the IOB is not all of "
                "the text"
            )
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
    return PanelData.checked({"text": text, "entities": entities}, what="IOB document")


# --------------------------------------------------------------------------------- displaCy


def to_displacy(data: PanelData, title: str | None = None, style: str = "ent") -> dict:
    """The dict spaCy's ``displacy.render(d, style=style, manual=True)`` takes.

    ``style="ent"``: ``{"text", "ents": [{"start", "end", "label"}], "title"}``, character
    offsets (displaCy's entity view does not draw overlapping entities well: use the span
    style for them). ``style="span"``: ``{"text", "spans": [{"start", "end", "start_token",
    "end_token", "label"}], "tokens", "title"}``, the span view, which draws overlapping and
    nested entities; ``tokens`` are the text split on white space and cut at every entity
    boundary, ``start_token``/``end_token`` the tokens an entity covers (end exclusive), and
    ``start``/``end`` its exact character offsets, as ``displacy.parse_spans`` writes them.
    In both styles an entity linked to a knowledge base has its ``kb_id`` and ``kb_url``. A
    ``reference`` is not written."""
    data = _check(data)
    if style not in ("ent", "span"):
        raise ValueError(f"style: expected 'ent' or 'span' (displaCy's entity and span views), got {_short_repr(style)}")
    if style == "ent":
        ents = [_with_link({"start": e.start, "end": e.end, "label": e.label}, e) for e in data.entities]
        return {"text": data.text, "ents": ents, "title": title}
    tokens = _displacy_tokens(data.text, {p for e in data.entities for p in (e.start, e.end)})
    starts = [a for a, _ in tokens]
    ends = [b for _, b in tokens]
    spans = []
    for e in data.entities:
        first, last = _tokens_within(starts, ends, e.start, e.end)
        span = {"start": e.start, "end": e.end, "start_token": first, "end_token": last, "label": e.label}
        spans.append(_with_link(span, e))
    return {"text": data.text, "spans": spans, "tokens": [data.text[a:b] for a, b in tokens], "title": title}


def from_displacy(record: dict) -> PanelData:
    """Read a displaCy manual dict: the entity style ``{"text", "ents": [{"start", "end",
    "label"}]}``, the span style ``{"text", "spans": [{"start_token", "end_token", "label"}],
    "tokens"}`` (character offsets ``start``/``end`` are taken when a span has them, as
    ``displacy.parse_spans`` writes; tokens must follow each other through the text, white
    space between them), or a dict with both, whose entities are all read: an entity listed
    twice with the same start, end and label (in ``ents`` and in ``spans``, say) is kept once,
    with its ``kb_id``/``kb_url`` when one of the two has them. ``kb_id`` and ``kb_url`` are kept;
    displaCy's placeholders for none, ``""`` and ``"#"``, are read as none. A record without
    ``ents`` or ``spans``, or a bad item, raises ``ValueError`` naming it (``spans[2].start``)."""
    if not isinstance(record, dict) or "text" not in record:
        raise ValueError("expected a displaCy dict with 'text' and 'ents' or 'spans'")
    text = record["text"]
    if not isinstance(text, str):
        raise ValueError(f"text: expected a string, got {type(text).__name__} {_short_repr(text)}")
    if "ents" not in record and "spans" not in record:
        raise ValueError(
            "a displaCy dict needs 'ents' (style=\"ent\") or 'spans' and 'tokens' (style=\"span\"), "
            f"got the keys {sorted(k if isinstance(k, str) else _short_repr(k) for k in record)}"
        )
    entities: list[dict] = []
    tokens = _TokenOffsets(record, text)
    for key in ("ents", "spans"):
        if key not in record:
            continue
        items = record[key]
        if not isinstance(items, (list, tuple)):
            raise ValueError(f"{key}: expected a list, got {type(items).__name__} {_short_repr(items)}")
        for i, item in enumerate(items):
            entities.append(_displacy_entity(item, f"{key}[{i}]", text, tokens if key == "spans" else None))
    return PanelData(text=text, entities=entities_once(entities))


def _with_link(item: dict, entity: Entity) -> dict:
    if entity.kb_id is not None:
        item["kb_id"] = entity.kb_id
    if entity.kb_url is not None:
        item["kb_url"] = entity.kb_url
    return item


_NON_SPACE = re.compile(r"\S+")


def _displacy_tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Runs of non-white-space, further cut at every entity boundary."""
    out = []
    for m in _NON_SPACE.finditer(text):
        start, end = m.span()
        inner = sorted(c for c in cuts if start < c < end)
        out.extend(zip([start, *inner], [*inner, end]))
    return out


def _tokens_within(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int]:
    """The tokens inside ``[start, end)``: the first that starts at or after ``start``, and one
    past the last that ends at or before ``end`` (equal when none is inside)."""
    first = bisect.bisect_left(starts, start)
    return first, max(first, bisect.bisect_right(ends, end))


class _TokenOffsets:
    """A span-style record's ``tokens`` found in its text, in order, when a span needs them."""

    def __init__(self, record: dict, text: str) -> None:
        self._record, self._text = record, text
        self._found: tuple[list[int], list[int]] | None = None

    def __call__(self, where: str) -> tuple[list[int], list[int]]:
        if self._found is None:
            if "tokens" not in self._record:
                raise ValueError(f"{where}: start_token and end_token need the record's 'tokens'")
            tokens = self._record["tokens"]
            if not isinstance(tokens, (list, tuple)):
                raise ValueError(f"tokens: expected a list of strings, got {type(tokens).__name__} {_short_repr(tokens)}")
            starts, ends, pos = [], [], 0
            for i, token in enumerate(tokens):
                if not isinstance(token, str):
                    raise ValueError(f"tokens[{i}]: expected a string, got {type(token).__name__} {_short_repr(token)}")
                found = self._text.find(token, pos)
                if found < 0 or self._text[pos:found].strip():
                    raise ValueError(f"tokens[{i}]: {token!r} is not the next word of the text at index {pos}")
                starts.append(found)
                pos = found + len(token)
                ends.append(pos)
            self._found = (starts, ends)
        return self._found


def _both(item: dict, where: str, first: str, second: str) -> None:
    for name, other in ((first, second), (second, first)):
        if name not in item:
            raise ValueError(f"{where}.{name}: missing (the item has {other!r}, which needs it)")


def _whole(item: dict, where: str, name: str) -> int:
    value = item[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}.{name}: expected a whole number >= 0, got {type(value).__name__} {_short_repr(value)}")
    return value


def _displacy_entity(item: object, where: str, text: str, tokens: _TokenOffsets | None) -> dict:
    """One displaCy ent (``tokens`` None) or span -> an entity dict with character offsets."""
    if tokens is None:
        needs = ("start", "end", "label")
        if not isinstance(item, dict) or not set(needs) <= set(item):
            missing = [k for k in needs if not isinstance(item, dict) or k not in item]
            raise ValueError(
                f"{where}: every displaCy ent needs 'start', 'end' and 'label', missing {missing} in {_short_repr(item)}"
            )
    elif not isinstance(item, dict) or "label" not in item or not (
        {"start", "end"} <= set(item) or {"start_token", "end_token"} <= set(item)
    ):
        raise ValueError(
            f"{where}: a displaCy span needs 'label' and 'start_token'/'end_token' (or 'start'/'end'), got {_short_repr(item)}"
        )
    label = item["label"]
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{where}.label: must be a non-empty string, not only white space (got {_short_repr(label)})")
    chars: tuple[int, int] | None = None
    if "start" in item or "end" in item:
        _both(item, where, "start", "end")
        chars = (_whole(item, where, "start"), _whole(item, where, "end"))
        if chars[0] > chars[1]:
            raise ValueError(f"{where}: start ({_short_repr(chars[0])}) is after end ({_short_repr(chars[1])})")
        if chars[1] > len(text):
            raise ValueError(f"{where}.end: {_short_repr(chars[1])} is past the end of the text (length {len(text)} code points)")
    if tokens is not None and ("start_token" in item or "end_token" in item):
        _both(item, where, "start_token", "end_token")
        first, last = _whole(item, where, "start_token"), _whole(item, where, "end_token")
        starts, ends = tokens(where)
        if first > last:
            raise ValueError(f"{where}: start_token ({_short_repr(first)}) is after end_token ({_short_repr(last)})")
        if last > len(starts):
            raise ValueError(f"{where}.end_token: {_short_repr(last)} is past the last token (there are {len(starts)})")
        if chars is None:
            at = starts[first] if first < len(starts) else len(text)
            chars = (at, ends[last - 1]) if last > first else (at, at)
        elif _tokens_within(starts, ends, *chars) != (first, last):
            raise ValueError(
                f"{where}: start_token/end_token ({first}, {last}) are not the tokens of start/end "
                f"({chars[0]}, {chars[1]}), which are {_tokens_within(starts, ends, *chars)}"
            )
    if chars is None:  # an ent always has start/end, a span start/end or start_token/end_token
        raise ValueError(f"{where}: no offsets")
    entity = {"start": chars[0], "end": chars[1], "label": label}
    for name, none in (("kb_id", ("",)), ("kb_url", ("", "#"))):
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{where}.{name}: expected a string, got {type(value).__name__} {_short_repr(value)}")
        entity[name] = None if value is None or value in none else value
    return entity


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
        text = collapse_space(data.text[entity.start : entity.end])
        key = entity_key(entity.label, text)
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
