"""The work of one batch of sentences: what each model adds to the texts under analysis.

:class:`Passes` holds an Analyzer's back ends. For a batch (``parts``: runs of consecutive
sentences of one or more texts) it runs, in order, the sentiment pass (sentence sentiment, the
document's share of it, and the explanations), the entity pass (NER, then the aspect terms),
the aspect pass (the aspect model's sentiment for each new entity) and adds the entities to
their texts. Every pass makes one model call for the whole batch. The texts grow by appending
only, so the result after each batch costs only what the batch added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..data import Attribution, Entity, PanelData, Sentence, entity_order
from .aggregate import EntitySentiments, Mean
from .aspects import ASPECT_LABEL, AspectMatcher
from .backends import Backend
from .windows import Window, holding_window

__all__ = ["Passes", "State"]


@dataclass
class State:
    """One text under analysis. Everything grows by appending, so building a result after each
    batch costs only what the batch added (plus list copies), never a pass over the history."""

    text: str
    spans: list[tuple[int, int]]
    entities: EntitySentiments
    document: Mean
    sentences: list[Sentence] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    name: str = ""  # how errors name this text among several ("texts[2] ")

    def where(self, window: Window) -> str:
        """An input of this text, as error messages name it."""
        return f"{self.name}sentences[{window.sentence}] (characters {window.start}-{window.end})"


# the sentences lo:hi of one text, the unit a batch is made of
Part = tuple[State, int, int]


class Passes:
    """The back ends of an Analyzer (any may be None) and the passes they make over a batch."""

    def __init__(
        self,
        sentiment: Backend | None,
        ner: Backend | None,
        aspect: Backend | None,
        aspects: AspectMatcher | None,
        explainer: Any,
    ) -> None:
        self._sentiment = sentiment
        self._ner = ner
        self._aspect = aspect
        self._aspects = aspects
        self._explainer = explainer

    def run(self, parts: list[Part]) -> None:
        """Analyse the sentences of ``parts`` and add what was found to their texts."""
        self._sentiment_pass(parts)
        found = self._entity_pass(parts)
        self._aspect_terms(parts, found)
        self._aspect_pass(parts, found)
        self._add_entities(parts, found)

    @staticmethod
    def _windows(backend: Backend, parts: list[Part]) -> list[tuple[State, Window]]:
        return [
            (st, w) for st, lo, hi in parts for w in backend.windows(st.text, st.spans[lo:hi], first_index=lo)
        ]

    def _sentiment_pass(self, parts: list[Part]) -> None:
        """Sentence sentiment for the sentences of ``parts`` (one model call for them all), and
        their share of the document sentiment."""
        means: dict[tuple[int, int], Mean] = {}
        jobs: list[tuple[State, Window]] = []
        if self._sentiment is not None:
            jobs = self._windows(self._sentiment, parts)
            found = self._sentiment.read(
                [st.text[w.start : w.end] for st, w in jobs], [st.where(w) for st, w in jobs]
            )
            for (st, window), sentiment in zip(jobs, found, strict=True):
                mean = means.setdefault((id(st), window.sentence), Mean(st.document.order))
                mean.add(sentiment, max(window.own_end - window.own_start, 1))
        for st, lo, hi in parts:
            for k in range(lo, hi):
                mean = means.get((id(st), k))
                sentiment = mean.result() if mean else None
                s, e = st.spans[k]
                st.sentences.append(Sentence(start=s, end=e, sentiment=sentiment))
                st.document.add(sentiment, float(e - s))
        if self._explainer is not None and self._sentiment is not None:
            self._explain_pass(jobs)

    def _explain_pass(self, jobs: list[tuple[State, Window]]) -> None:
        """The attributions of the sentences just analysed: each window explained for its
        sentence's top label, the words a window owns kept, scaled per sentence."""
        todo = [(st, w) for st, w in jobs if st.sentences[w.sentence].sentiment is not None]
        found = self._explainer.explain(
            [st.text[w.start : w.end] for st, w in todo],
            [st.sentences[w.sentence].sentiment.label for st, w in todo],
        )
        per_sentence: dict[tuple[int, int], tuple[State, list[tuple[int, int, float]]]] = {}
        for (st, window), weights in zip(todo, found, strict=True):
            _, kept = per_sentence.setdefault((id(st), window.sentence), (st, []))
            for start, end, weight in weights:
                start, end = start + window.start, end + window.start
                if window.own_start <= start < window.own_end:
                    kept.append((start, end, weight))
        for st, kept in per_sentence.values():
            strongest = max((abs(w) for _, _, w in kept), default=0.0)
            scale = 1.0 / strongest if strongest > 0 else 0.0
            last_end = -1
            for start, end, weight in sorted(kept):
                if start < last_end:
                    continue  # the rest of a word a window edge cut; its owner holds the whole word
                last_end = end
                st.attributions.append(
                    Attribution(start=start, end=end, weight=max(-1.0, min(1.0, weight * scale)))
                )

    def _entity_pass(self, parts: list[Part]) -> dict[int, list[tuple[int, Entity]]]:
        """Entities of the sentences of ``parts`` (one model call for them all), with document
        offsets, each reported once (by the window that owns its start): for each text (by
        ``id``), a list of (sentence number, entity)."""
        per_text: dict[int, list[tuple[int, Entity]]] = {}
        if self._ner is None:
            return per_text
        jobs = self._windows(self._ner, parts)
        found = self._ner.read([st.text[w.start : w.end] for st, w in jobs], [st.where(w) for st, w in jobs])
        for (st, window), entities in zip(jobs, found, strict=True):
            for entity in entities:
                start, end = entity.start + window.start, entity.end + window.start
                if not (window.own_start <= start < window.own_end):
                    continue  # found again in the overlap of the neighbouring window
                moved = entity.model_copy(update={"start": start, "end": end})
                per_text.setdefault(id(st), []).append((window.sentence, moved))
        return per_text

    def _aspect_terms(self, parts: list[Part], found: dict[int, list[tuple[int, Entity]]]) -> None:
        """The occurrences of the aspect terms in the sentences of ``parts``, as ``ASPECT`` entities."""
        if self._aspects is None:
            return
        for st, lo, hi in parts:
            for k in range(lo, hi):
                s, e = st.spans[k]
                for start, end in self._aspects.find(st.text, s, e):
                    found.setdefault(id(st), []).append((k, Entity(start=start, end=end, label=ASPECT_LABEL)))

    def _aspect_pass(self, parts: list[Part], found: dict[int, list[tuple[int, Entity]]]) -> None:
        """Each entity of ``parts`` without a sentiment of its own gets the aspect model's
        sentiment for (its sentence, or the window of it that holds the entity; its text), all
        pairs in one model call."""
        if self._aspect is None:
            return
        backend = self._aspect
        todo = [
            (st, n, k, entity)
            for st, _, _ in parts
            for n, (k, entity) in enumerate(found.get(id(st), []))
            if entity.sentiment is None
        ]
        if not todo:
            return
        targets = [" ".join(st.text[e.start : e.end].split()) for st, _, _, e in todo]
        reserve = backend.reserve(targets)
        windows: dict[tuple[int, int], list[Window]] = {}
        for st, _, k, _ in todo:
            if (id(st), k) not in windows:
                windows[(id(st), k)] = backend.windows(st.text, [st.spans[k]], first_index=k, reserve=reserve)
        pairs, where = [], []
        for (st, _, k, entity), target in zip(todo, targets, strict=True):
            window = holding_window(windows[(id(st), k)], entity.start, entity.end)
            pairs.append((st.text[window.start : window.end], target))
            where.append(f"{st.where(window)}, target {target[:40]!r}")
        sentiments = backend.read(pairs, where)
        for (st, n, k, entity), sentiment in zip(todo, sentiments, strict=True):
            found[id(st)][n] = (k, entity.model_copy(update={"sentiment": sentiment}))

    def _add_entities(self, parts: list[Part], found: dict[int, list[tuple[int, Entity]]]) -> None:
        """Add the entities found in ``parts`` to their texts, in document order."""
        for st, _, _ in parts:
            # sentences are consecutive and own disjoint regions: sorting the new entities and
            # appending them keeps the whole list in document order
            for k, entity in sorted(found.pop(id(st), []), key=lambda ke: entity_order(ke[1])):
                sentiment = st.sentences[k].sentiment if self._sentiment is not None else None
                st.entities.add(entity, k, sentiment)

    @staticmethod
    def build(state: State) -> PanelData:
        """The PanelData of what has been analysed so far."""
        return PanelData(
            text=state.text,
            entities=state.entities.entities(),
            sentiment=state.document.result(),
            sentences=list(state.sentences),
            attributions=list(state.attributions),
        )

