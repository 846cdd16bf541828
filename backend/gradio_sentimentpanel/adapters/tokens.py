"""Token-classification output -> entities.

transformers' token-classification pipeline for every ``aggregation_strategy`` (per-token
B-/I-/BIOES tags merged into words and entities; groups taken as they are), huggingface_hub
``TokenClassificationOutputElement`` objects and our own entity dicts. Tags that mean
"outside" are not entities.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..data import Entity
from ._common import _describe, _get, _is_mapping_like, _keys, _plain_number, _repr
from .classification import sentiment_from_text_classification

__all__ = ["entities_from_token_classification", "is_outside", "split_tag"]

_ENTITY_KEYS = {"start", "end", "label", "entity", "entity_group", "score", "sentiment", "word", "index", "kb_id", "kb_url"}
_ENTITY_ONLY_KEYS = ("sentiment", "kb_id", "kb_url")  # belong to a whole entity, not to a tagged token
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
        # a continuation belongs to the piece it touches; one elsewhere in the text is a word of its own
        return token["start"] == prev["end"] and _consecutive(token, prev)
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


def entities_from_token_classification(output: Any, text: str | None = None, *, field: str = "entities") -> list[Entity]:
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
    Errors name the items from ``field``, the part of the value the list is (such as
    ``reference.entities``).
    """
    if output is None:
        return []
    if isinstance(output, (str, bytes)) or not isinstance(output, Iterable) or _is_mapping_like(output):
        raise ValueError(
            f"{field}: expected a list of token-classification results (dicts with 'start', "
            f"'end' and 'entity' or 'entity_group'), got {_describe(output)}"
        )
    items = list(output)
    if items and all(isinstance(i, (list, tuple)) for i in items):
        if len(items) != 1:
            raise ValueError(
                f"{field}: got results for {len(items)} texts (a batched call); pass the "
                "output for one text"
            )
        items = list(items[0])

    tokens: list[dict[str, Any]] = []
    ready: list[Entity] = []
    for i, item in enumerate(items):
        if isinstance(item, Entity):
            ready.append(_inside(item.rechecked(f"{field}[{i}]"), i, text, field))  # it may have been changed since it was built
            continue
        if not (_is_mapping_like(item) or hasattr(item, "start")):
            raise ValueError(f"{field}[{i}]: expected a dict, got {_describe(item)}")
        if isinstance(item, Mapping):
            extra = set(item) - _ENTITY_KEYS
            if extra:
                raise ValueError(
                    f"{field}[{i}]: unknown key(s) {_keys(extra)}; an entity has 'start', "
                    "'end', a label ('label', 'entity' or 'entity_group'), and optionally "
                    "'score', 'sentiment', 'word', 'index', 'kb_id', 'kb_url'"
                )
        start = _plain_number(_get(item, "start"))
        end = _plain_number(_get(item, "end"))
        if start is None or end is None:
            raise ValueError(
                f"{field}[{i}] ({_describe(item)}) has no character offsets (start/end is None). "
                "This happens when the token-classification pipeline uses a slow (Python) "
                "tokenizer; load it with a fast tokenizer, e.g. "
                "pipeline('token-classification', model=..., tokenizer=AutoTokenizer.from_pretrained(..., use_fast=True))."
            )
        group = _get(item, "entity_group")
        tag = _get(item, "entity")
        label = _get(item, "label")
        sentiment = _get(item, "sentiment")
        if sentiment is not None:
            sentiment = sentiment_from_text_classification(sentiment, f"{field}[{i}].sentiment")
        score = _plain_number(_get(item, "score"))
        if label is None and group is None and tag is None:
            raise ValueError(
                f"{field}[{i}]: no label; expected 'entity_group', 'entity' or 'label' in {_describe(item)}"
            )
        tagged = group if group is not None else tag
        if label is None and isinstance(tagged, str) and is_outside(tagged):
            continue  # an "outside" token or group: not an entity
        if label is not None or group is not None:
            entity = Entity.checked(
                {
                    "start": start,
                    "end": end,
                    "label": label if label is not None else group,
                    "score": score,
                    "sentiment": sentiment,
                    "kb_id": _get(item, "kb_id"),
                    "kb_url": _get(item, "kb_url"),
                },
                f"{field}[{i}]",
            )
            ready.append(_inside(entity, i, text, field))
            continue
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(f"{field}[{i}].entity: expected a tag like 'B-PER', got {_repr(tag)}")
        carried = [k for k in _ENTITY_ONLY_KEYS if _get(item, k) is not None]
        if carried:
            raise ValueError(
                f"{field}[{i}]: {', '.join(repr(k) for k in carried)} on a tagged token ('entity' "
                f"{tag!r}), which is merged with its neighbours into an entity; give the entity as "
                "a whole with 'label' (or 'entity_group') to keep it"
            )
        index = _plain_number(_get(item, "index"))
        if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
            raise ValueError(
                f"{field}[{i}].index: expected the token's position, an integer of 0 or more, got {_describe(index)}"
            )
        # each piece is checked on its own (offsets, score), not only the entity it joins
        _inside(Entity.checked({"start": start, "end": end, "label": tag, "score": score}, f"{field}[{i}]"), i, text, field)
        tokens.append({"start": start, "end": end, "tag": tag, "score": score, "word": _get(item, "word"),
                       "index": index, "pos": i})

    ready.extend(_merge_tokens(tokens, text, field))
    return ready


def _inside(entity: Entity, i: int, text: str | None, field: str = "entities") -> Entity:
    """``entity``, the item ``entities[i]``, when it ends inside ``text`` (or there is no text to
    check it against); named here, where its place in the output is known."""
    if text is not None and entity.end > len(text):
        raise ValueError(
            f"{field}[{i}] ends at {_repr(entity.end, 80)}, past the end of the text (length {len(text)} code points)"
        )
    return entity


def _merge_tokens(tokens: list[dict[str, Any]], text: str | None, field: str = "entities") -> list[Entity]:
    """Merge per-token tags (aggregation_strategy="none") into whole entities."""
    for t in tokens:
        if not isinstance(t["start"], int) or not isinstance(t["end"], int):
            raise ValueError(
                f"{field}[{t['pos']}]: start/end must be integers, got {t['start']!r}/{t['end']!r}"
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
            raise ValueError(f"{field}[{g['pos']}].score: expected a number, got {scores!r}")
        real = [float(s) for s in scores if not math.isnan(float(s))]
        score = sum(real) / len(real) if real else (float("nan") if scores else None)
        out.append(
            Entity.checked({"start": g["start"], "end": g["end"], "label": g["label"], "score": score}, f"{field}[{g['pos']}]")
        )
    return out
