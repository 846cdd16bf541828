"""Agreement between two analyses of one text: how well a candidate (a model, a second
annotator) matches a reference (a gold standard, the first annotator), at the entity, sentence
and document level.

Every figure is defined here once, for Python; ``tests/cases/compare.json`` holds the same
definitions as cases for the browser's figures to be checked against.

- Entities are counted as a multiset: an entity given twice (same start, end and label) is two
  entities, and matches at most two on the other side.
- Precision, recall and F1 with nothing to divide by follow scikit-learn's
  ``zero_division=1.0``: precision is 1.0 when the candidate has no entities (it claimed nothing
  wrong), recall 1.0 when the reference has none (there was nothing to find), and F1, which is
  ``2 * matches / (reference count + candidate count)``, 1.0 when both have none. So a reference
  without entities against a candidate with some gives precision 0.0, recall 1.0, F1 0.0.
- A share (``label_agreement``, ``sentiment_agreement``, ``sentences.agreement``) with nothing
  to compare is None, as is a figure that needs a sentiment a side does not have.
- Two spans overlap when they share a character, or have the same offsets (so two empty spans
  at one offset overlap, and an exact match is always an overlap match).
- A sentiment's top label is its ``label`` (the label the panel shows; with ``scores``, one of
  the highest).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from operator import attrgetter, gt, itemgetter
from types import MappingProxyType
from typing import Any

from .data import (
    Entity,
    PanelData,
    Reference,
    Sentence,
    Sentiment,
    _short_repr,
    first_difference,
)
from .gcpause import paused_gc
from .rules import distribution, entity_order

__all__ = [
    "Agreement",
    "DocumentAgreement",
    "EntityAgreement",
    "LabelScores",
    "Scores",
    "SentenceAgreement",
    "compare",
]


def _figure(x: float | None) -> str:
    return "None" if x is None else f"{x:.3f}"


class _Figures:
    """A repr of every field, its figures to three decimals."""

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={_figure(v) if isinstance(v, float) else repr(v)}"
            for f in fields(self)  # type: ignore[arg-type]
            for v in (getattr(self, f.name),)
        )
        return f"{type(self).__name__}({shown})"


def _plain(value: Any) -> Any:
    """A part of an Agreement as JSON-ready data."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


@dataclass(frozen=True, repr=False)
class Scores(_Figures):
    """Precision, recall and F1 of the candidate's entities against the reference's, and the
    number of ``matches`` they count (candidate entities matched one to one with reference
    entities)."""

    precision: float
    recall: float
    f1: float
    matches: int


@dataclass(frozen=True, repr=False)
class LabelScores(_Figures):
    """Precision, recall and F1 of one label's exact matches, its ``support`` (how many
    entities of that label the reference has) and its ``matches``."""

    precision: float
    recall: float
    f1: float
    support: int
    matches: int


@dataclass(frozen=True)
class EntityAgreement:
    """How the candidate's entities agree with the reference's.

    ``precision``, ``recall``, ``f1``: exact matches (same start, end and label), matched one
    to one; precision is matches / candidate entities, recall matches / reference entities.
    ``by_label[label]``: the same for each label on either side (sorted), with its ``support``.
    ``overlap``: the same where a match is the same label and overlapping spans, entities
    matched one to one so that the number of matches is the largest possible.
    ``label_agreement``: of the spans with the same offsets on both sides (paired one to one),
    the share with the same label; None when no offsets are on both sides.
    ``sentiment_agreement``: of the exact matches that have a sentiment on both sides, the share
    with the same top label; None when there are none.
    ``reference_count``, ``candidate_count``, ``matches``: the counts the figures come from."""

    precision: float
    recall: float
    f1: float
    by_label: Mapping[str, LabelScores]
    overlap: Scores
    label_agreement: float | None
    sentiment_agreement: float | None
    reference_count: int
    candidate_count: int
    matches: int

    def __repr__(self) -> str:
        labels = ", ".join(f"{k!r}: f1 {_figure(v.f1)} of {v.support}" for k, v in self.by_label.items())
        return (
            f"EntityAgreement(precision={_figure(self.precision)}, recall={_figure(self.recall)}, "
            f"f1={_figure(self.f1)}, overlap f1={_figure(self.overlap.f1)}, "
            f"label_agreement={_figure(self.label_agreement)}, "
            f"sentiment_agreement={_figure(self.sentiment_agreement)}, "
            f"{self.matches} of {self.reference_count} reference / {self.candidate_count} candidate, "
            f"by_label={{{labels}}})"
        )


@dataclass(frozen=True, repr=False)
class SentenceAgreement(_Figures):
    """How the sentences' sentiment agrees.

    ``matched``: sentences with the same offsets on both sides (paired one to one);
    ``compared``: those of them with a sentiment on both sides; ``agreement``: the share of
    ``compared`` with the same top label (None when ``compared`` is 0); ``kappa``: Cohen's kappa
    of those labels, the two sides as two raters: (agreement - chance) / (1 - chance), chance
    being the sum over labels of the product of each side's share of it. None when ``compared``
    is 0, or when chance agreement is 1 (both sides give every sentence one and the same label:
    kappa is undefined, scikit-learn's ``cohen_kappa_score`` gives NaN)."""

    agreement: float | None
    kappa: float | None
    matched: int
    compared: int


@dataclass(frozen=True, repr=False)
class DocumentAgreement(_Figures):
    """How the document sentiment agrees: ``agree``, whether the two top labels are the same,
    and ``max_difference``, the largest absolute difference between the two distributions over
    the labels of either (a label missing from one counts 0 there; a sentiment without scores
    is its label with its score); both None when a side has no document sentiment. The two top
    labels are ``reference_label`` and ``candidate_label``."""

    agree: bool | None
    max_difference: float | None
    reference_label: str | None
    candidate_label: str | None


@dataclass(frozen=True)
class Agreement:
    """How a candidate analysis agrees with a reference analysis of the same text (see
    :func:`compare`): ``entities`` (:class:`EntityAgreement`), ``sentences``
    (:class:`SentenceAgreement`), ``document`` (:class:`DocumentAgreement`), and the
    reference's ``name`` when it has one. ``to_dict()`` gives it all as JSON-ready data."""

    entities: EntityAgreement
    sentences: SentenceAgreement
    document: DocumentAgreement
    reference_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The whole as plain data for ``json.dumps`` (dicts, lists, str, int, float, bool and
        None; every float is finite)."""
        return _plain(self)

    def __repr__(self) -> str:
        e, s, d = self.entities, self.sentences, self.document
        return (
            f"Agreement(reference_name={self.reference_name!r},\n"
            f"  entities: precision {_figure(e.precision)}, recall {_figure(e.recall)}, f1 {_figure(e.f1)} "
            f"({e.matches} exact matches of {e.reference_count} reference / {e.candidate_count} candidate); "
            f"overlap f1 {_figure(e.overlap.f1)}; label agreement {_figure(e.label_agreement)}; "
            f"sentiment agreement {_figure(e.sentiment_agreement)}\n"
            f"  sentences: agreement {_figure(s.agreement)}, kappa {_figure(s.kappa)} "
            f"({s.compared} compared of {s.matched} matched)\n"
            f"  document: agree {d.agree}, max difference {_figure(d.max_difference)})"
        )


# ------------------------------------------------------------------------------ the figures


def _scores(matches: int, n_reference: int, n_candidate: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``matches`` (scikit-learn's ``zero_division=1.0``)."""
    precision = matches / n_candidate if n_candidate else 1.0
    recall = matches / n_reference if n_reference else 1.0
    total = n_reference + n_candidate
    f1 = 2 * matches / total if total else 1.0
    return precision, recall, f1


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _top_label(sentiment: Sentiment) -> str:
    """A sentiment's top label: its ``label`` (with ``scores``, one of the highest)."""
    return sentiment.label


def _paired(reference: Iterable[tuple[Any, Any]], candidate: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The items of both sides, given as ``(key, item)``, with the same key paired one to one in
    the order they come (the i-th of a key in the reference with the i-th of it in the
    candidate)."""
    by_key: dict[Any, list[Any]] = defaultdict(list)
    for k, item in reference:
        by_key[k].append(item)
    pairs = []
    taken: Counter[Any] = Counter()
    for k, item in candidate:
        same = by_key.get(k)
        if same:
            i = taken[k]
            if i < len(same):
                pairs.append((same[i], item))
                taken[k] = i + 1
    return pairs


def _max_matching(adjacency: list[list[int]], n_right: int) -> int:
    """The size of a maximum matching of a bipartite graph (Hopcroft and Karp's algorithm):
    ``adjacency[u]`` lists the right vertices (0 .. n_right - 1) joined to left vertex u."""
    n_left = len(adjacency)
    left_match = [-1] * n_left
    right_match = [-1] * n_right
    size = 0
    for u, vs in enumerate(adjacency):  # a greedy start: most vertices are matched here
        for v in vs:
            if right_match[v] == -1:
                left_match[u], right_match[v] = v, u
                size += 1
                break
    while True:
        # layers from the free left vertices, along unmatched then matched edges
        dist = [-1] * n_left
        queue = [u for u in range(n_left) if left_match[u] == -1]
        for u in queue:
            dist[u] = 0
        found = False
        head = 0
        while head < len(queue):
            u = queue[head]
            head += 1
            for v in adjacency[u]:
                w = right_match[v]
                if w == -1:
                    found = True
                elif dist[w] == -1:
                    dist[w] = dist[u] + 1
                    queue.append(w)
        if not found:
            return size
        # vertex-disjoint augmenting paths along the layers, by depth-first search
        cursor = [0] * n_left
        for free in range(n_left):
            if left_match[free] != -1:
                continue
            stack = [free]
            while stack:
                u = stack[-1]
                if cursor[u] < len(adjacency[u]):
                    v = adjacency[u][cursor[u]]
                    cursor[u] += 1
                    w = right_match[v]
                    if w == -1:  # an augmenting path: every vertex on the stack takes its edge
                        for x in stack:
                            y = adjacency[x][cursor[x] - 1]
                            left_match[x], right_match[y] = y, x
                        size += 1
                        break
                    if dist[w] == dist[u] + 1:
                        stack.append(w)
                else:
                    dist[u] = -1  # no path on from here in this phase
                    stack.pop()


def _overlap_matches(reference: list[tuple[int, int, str]], candidate: list[tuple[int, int, str]]) -> int:
    """The largest number of one-to-one pairs of a reference entity and a candidate entity of
    the same label that overlap (share a character, or have the same offsets); entities are
    ``(start, end, label)``."""
    # an empty span overlaps only empty spans at the same offset
    empty_reference = Counter(k for k in reference if k[0] == k[1])
    matches = 0
    if empty_reference:
        empty_candidate = Counter(k for k in candidate if k[0] == k[1])
        matches = sum(min(n, empty_candidate[k]) for k, n in empty_reference.items() if k in empty_candidate)
    spans = [(label, s, e, 0) for s, e, label in reference if s < e]
    spans += [(label, s, e, 1) for s, e, label in candidate if s < e]
    spans.sort()
    # runs of spans of one label that overlap one another, directly or through others: no pair
    # of spans in two runs overlaps, so each run is matched on its own; a run is connected, so
    # when one side has a single span in it, that span overlaps one of the other side's
    first = 0
    counts = [0, 0]
    current = None
    reach = 0
    for i, (label, start, end, side) in enumerate(spans):
        if start >= reach or label != current:
            if counts[0] and counts[1]:
                matches += 1 if 1 in counts else _cluster_matches(spans[first:i], counts)
            first = i
            counts = [0, 0]
            current = label
            reach = end
        elif end > reach:
            reach = end
        counts[side] += 1
    if counts[0] and counts[1]:
        matches += 1 if 1 in counts else _cluster_matches(spans[first:], counts)
    return matches


def _cluster_matches(cluster: list[tuple[str, int, int, int]], sides: list[int]) -> int:
    """Maximum overlap matching in a run of overlapping non-empty spans ``(label, start, end,
    side)`` sorted by start, each side holding at least two."""
    # edges by a sweep: a span starting at p overlaps each span of the other side that started
    # at or before p and ends after p
    index = [0, 0]
    open_spans: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    adjacency: list[list[int]] = []
    for _, start, end, side in cluster:
        i = index[side]
        index[side] += 1
        if side == 0:
            adjacency.append([])
        other = open_spans[1 - side]
        while other and other[0][0] <= start:
            heapq.heappop(other)
        for _, j in other:
            if side == 0:
                adjacency[i].append(j)
            else:
                adjacency[j].append(i)
        heapq.heappush(open_spans[side], (end, i))
    return _max_matching(adjacency, sides[1])


_Key = tuple[int, int, str]
_start = itemgetter(0)
_end = itemgetter(1)
_label = itemgetter(2)
_offsets = itemgetter(0, 1)
_sentiment_of = attrgetter("sentiment")


def _entity_agreement(
    reference: list[Entity], candidate: list[Entity], ref: list[_Key], cand: list[_Key]
) -> EntityAgreement:
    """The entity figures; ``ref`` and ``cand`` are the entities' ``(start, end, label)``."""
    ref_keys = Counter(ref)
    cand_keys = Counter(cand)
    matched_keys = {k: min(n, cand_keys[k]) for k, n in ref_keys.items() if k in cand_keys}
    matches = sum(matched_keys.values())

    ref_labels = Counter(map(_label, ref))
    cand_labels = Counter(map(_label, cand))
    label_matches: Counter[str] = Counter()
    for k, n in matched_keys.items():
        label_matches[k[2]] += n
    by_label = {}
    for label in sorted(ref_labels.keys() | cand_labels.keys()):
        p, r, f = _scores(label_matches[label], ref_labels[label], cand_labels[label])
        by_label[label] = LabelScores(p, r, f, ref_labels[label], label_matches[label])

    overlap = _overlap_matches(ref, cand) if matches < min(len(ref), len(cand)) else matches

    ref_offsets = Counter(map(_offsets, ref))
    cand_offsets = Counter(map(_offsets, cand))
    same_offsets = sum(min(n, cand_offsets[o]) for o, n in ref_offsets.items() if o in cand_offsets)

    # the exact matches' sentiments, duplicates paired in the order they come
    compared = same = 0
    if len(ref_keys) == len(ref) and len(cand_keys) == len(cand):  # no duplicates: one pair a key
        ref_sentiments = dict(zip(ref, map(_sentiment_of, reference)))
        cand_sentiments = dict(zip(cand, map(_sentiment_of, candidate)))
        pairs = [(ref_sentiments[k], cand_sentiments[k]) for k in matched_keys]
    else:
        ref_lists: dict[_Key, list[Sentiment | None]] = defaultdict(list)
        cand_lists: dict[_Key, list[Sentiment | None]] = defaultdict(list)
        for k, e in zip(ref, reference):
            if k in matched_keys:
                ref_lists[k].append(e.sentiment)
        for k, e in zip(cand, candidate):
            if k in matched_keys:
                cand_lists[k].append(e.sentiment)
        pairs = [pair for k, firsts in ref_lists.items() for pair in zip(firsts, cand_lists[k])]
    for a, b in pairs:
        if a is not None and b is not None:
            compared += 1
            same += _top_label(a) == _top_label(b)

    precision, recall, f1 = _scores(matches, len(reference), len(candidate))
    return EntityAgreement(
        precision=precision,
        recall=recall,
        f1=f1,
        by_label=MappingProxyType(by_label),
        overlap=Scores(*_scores(overlap, len(reference), len(candidate)), overlap),
        label_agreement=_share(matches, same_offsets),
        sentiment_agreement=_share(same, compared),
        reference_count=len(reference),
        candidate_count=len(candidate),
        matches=matches,
    )


def _kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of the label pairs (reference, candidate); None when it is undefined."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(count * second[label] for label, count in first.items()) / (n * n)
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


def _sentence_agreement(
    reference: list[Sentence], candidate: list[Sentence], ref: list[tuple[int, int]], cand: list[tuple[int, int]]
) -> SentenceAgreement:
    """The sentence figures; ``ref`` and ``cand`` are the sentences' ``(start, end)``."""
    pairs = _paired(zip(ref, reference), zip(cand, candidate))
    labels = [
        (_top_label(a.sentiment), _top_label(b.sentiment))
        for a, b in pairs
        if a.sentiment is not None and b.sentiment is not None
    ]
    same = sum(a == b for a, b in labels)
    return SentenceAgreement(
        agreement=_share(same, len(labels)), kappa=_kappa(labels), matched=len(pairs), compared=len(labels)
    )


def _document_agreement(reference: Sentiment | None, candidate: Sentiment | None) -> DocumentAgreement:
    if reference is None or candidate is None:
        return DocumentAgreement(
            None,
            None,
            None if reference is None else _top_label(reference),
            None if candidate is None else _top_label(candidate),
        )
    first, second = distribution(reference), distribution(candidate)
    difference = max(abs(first.get(label, 0.0) - second.get(label, 0.0)) for label in first.keys() | second.keys())
    return DocumentAgreement(
        _top_label(reference) == _top_label(candidate), difference, _top_label(reference), _top_label(candidate)
    )


# ------------------------------------------------------------------------------- the inputs


@dataclass(frozen=True)
class _Analysis:
    text: str | None  # None for a Reference, which takes the other side's text
    name: str | None
    entities: list[Entity]
    sentences: list[Sentence]
    sentiment: Sentiment | None
    checked: bool  # whether its spans are known to lie in its text (validated as they were built)

    def keys(self) -> list[_Key]:
        return [(e.start, e.end, e.label) for e in self.entities]

    def offsets(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences]


def _analysis(value: Any, role: str) -> _Analysis:
    """One side of a comparison as plain lists, through the panel's own reading of values."""
    from .adapters.values import to_panel_data

    if isinstance(value, Reference):  # its spans are checked once the text is known
        return _Analysis(
            None,
            value.name,
            sorted(value.entities, key=entity_order),
            sorted(value.sentences, key=lambda s: (s.start, s.end)),
            value.sentiment,
            False,
        )
    if value is None:
        raise ValueError(f"{role}: expected an analysis (a PanelData, or any value SentimentPanel shows), got None")
    if isinstance(value, PanelData):
        # validated when it was built: only what the figures read is checked again, in one
        # pass (validating all of it again would cost several times the comparison itself)
        return _Analysis(value.text, None, value.entities, value.sentences, value.sentiment, False)
    try:
        data = to_panel_data(value)
    except ValueError as err:
        raise ValueError(f"{role}: {err}") from None
    return _Analysis(data.text, None, data.entities, data.sentences, data.sentiment, True)


def _check_spans(text: str, keys: list[_Key], offsets: list[tuple[int, int]], role: str, whose: str) -> None:
    """Raise ``ValueError`` naming the first span (given as ``(start, end, label)`` for
    entities, ``(start, end)`` for sentences) that a change since its value was built has put
    outside ``text`` or made end before start, or the first entity whose label is not a
    non-empty string. The checks run over whole lists (the loop that finds the culprit only
    when one fails)."""
    n = len(text)
    for field, spans in (("entities", keys), ("sentences", offsets)):
        if not spans:
            continue
        starts = list(map(_start, spans))
        ends = list(map(_end, spans))
        if (
            set(map(type, starts)) == {int} == set(map(type, ends))
            and min(starts) >= 0
            and max(ends) <= n
            and not any(map(gt, starts, ends))
        ):
            continue
        for i, (start, end) in enumerate(zip(starts, ends)):
            if not (type(start) is int and type(end) is int and 0 <= start <= end <= n):
                raise ValueError(
                    f"{role}: {field}[{i}] has start {_short_repr(start)} and end {_short_repr(end)}, "
                    f"which are not offsets start <= end into {whose} text (length {n} code points)"
                )
    labels = list(map(_label, keys))
    if labels and not (set(map(type, labels)) == {str} and all(map(str.strip, labels))):
        for i, label in enumerate(labels):
            if type(label) is not str or not label.strip():
                raise ValueError(f"{role}: entities[{i}].label must be a non-empty string, got {_short_repr(label)}")


def _reference_of(value: Any) -> tuple[Any, Any]:
    """``compare(value)``: the value's reference and the value."""
    from .adapters.values import to_panel_data

    data = value if isinstance(value, PanelData) else to_panel_data(value)
    if data.reference is None:
        raise ValueError(
            "compare(value) with one argument needs a value with a 'reference'; "
            "otherwise give both: compare(reference, candidate)"
        )
    return data.reference, data.model_copy(update={"reference": None})


def compare(reference: Any, candidate: Any = None) -> Agreement:
    """How ``candidate`` agrees with ``reference``, two analyses of the same text.

    Each is a ``PanelData`` or anything ``SentimentPanel.postprocess`` takes (a dict with
    ``text`` and raw pipeline output, gr.HighlightedText's ``(token, label)`` pairs, a spaCy
    ``Doc``...), read as the panel reads it (a ``PanelData`` is taken as it is, validated when it
    was built: only its spans and labels are checked again); a ``Reference`` (a value's
    ``reference``) takes the text of the other side. ``compare(value)`` compares a value that carries a ``reference``
    with it (the reference as reference). A value's own ``reference`` is not part of it here.

    Returns an :class:`Agreement`:

    - ``entities.precision``, ``.recall``, ``.f1``: exact matches (same start, end and label),
      candidate against reference, entities counted as a multiset; 1.0 with no entities on
      either side; with none in the candidate precision is 1.0, with none in the reference
      recall is 1.0 (F1 is then 0.0 unless both are empty), as scikit-learn's
      ``zero_division=1.0``;
    - ``entities.by_label[label]``: ``precision``, ``recall``, ``f1`` and ``support`` (the
      reference's count) of each label on either side;
    - ``entities.overlap``: the same three where a match is the same label and overlapping spans
      (sharing a character, or the same offsets), matched one to one, as many as possible;
    - ``entities.label_agreement``: of spans with the same offsets on both sides, the share with
      the same label; ``entities.sentiment_agreement``: of exact matches with a sentiment on
      both sides, the share with the same top label (None when there is nothing to compare);
    - ``sentences.agreement``: of sentences with the same offsets on both sides and a sentiment
      on each, the share with the same top label; ``sentences.kappa``: Cohen's kappa over those
      labels (None when there are none, or when both sides give all of them one same label);
    - ``document.agree``: whether the top labels agree; ``document.max_difference``: the
      largest absolute difference between the two distributions (None when a side has no
      document sentiment).

    Raises ``ValueError`` when the two are not of the same text, saying where the texts first
    differ, and when either is not a value the panel shows.
    """
    with paused_gc():  # hundreds of thousands of small objects, no cycles: see gcpause.py
        return _compare(reference, candidate)


def _compare(reference: Any, candidate: Any) -> Agreement:
    if candidate is None:
        reference, candidate = _reference_of(reference)
    ref = _analysis(reference, "reference")
    cand = _analysis(candidate, "candidate")
    if ref.text is None and cand.text is None:
        raise ValueError("compare: two Reference objects have no text to check them against; give the candidate as a PanelData")
    text = cand.text if ref.text is None else ref.text
    if ref.text is not None and cand.text is not None:
        differ = first_difference(ref.text, cand.text, "the reference", "the candidate")
        if differ:
            raise ValueError(f"compare: the two analyses are not of the same text: {differ}")
    keys, offsets = [ref.keys(), cand.keys()], [ref.offsets(), cand.offsets()]
    for i, (side, name, other) in enumerate(((ref, "reference", "the candidate's"), (cand, "candidate", "the reference's"))):
        if not side.checked:  # a Reference takes the other side's text
            _check_spans(text, keys[i], offsets[i], name, "its" if side.text is not None else other)
    return Agreement(
        entities=_entity_agreement(ref.entities, cand.entities, *keys),
        sentences=_sentence_agreement(ref.sentences, cand.sentences, *offsets),
        document=_document_agreement(ref.sentiment, cand.sentiment),
        reference_name=ref.name,
    )
