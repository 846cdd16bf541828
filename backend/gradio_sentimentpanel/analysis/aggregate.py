"""Sentiment arithmetic: combining label distributions into one.

A sentence cut into windows gets the mean of its windows' distributions weighted by the
characters each window owns; the document gets the mean of its sentences' weighted by their
length; an entity gets the mean of the sentences that mention it. All of these are running
means (:class:`Mean`), so a growing result costs only what was added.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..data import Entity, Sentiment
from ..mean import Mean
from ..rules import distribution, entity_key

__all__ = ["EntitySentiments", "Mean"]


class EntitySentiments:
    """The sentiment of each entity mention, as the mean of the sentences that mention it.

    With ``scope="document"``, every mention of the same entity (same label, same text up to
    case and white space) shares the mean over all the sentences that mention it, each sentence
    counted once; with ``scope="sentence"``, a mention takes its own sentence's sentiment. A
    sentiment an entity already has (given by the NER model) is kept. Entities are added in
    document order; :meth:`entities` gives them with their sentiment brought up to date.
    """

    def __init__(self, text: str, order: Sequence[str], scope: str) -> None:
        self.text = text
        self.order = order
        self.scope = scope
        self.raw: list[Entity] = []  # as found
        self.shown: list[Entity] = []  # with their sentiment, as last given out
        self.means: dict[tuple[str, str], Mean] = {}
        self.last_sentence: dict[tuple[str, str], int] = {}
        self.members: dict[tuple[str, str], list[int]] = {}
        self.dirty: set[tuple[str, str]] = set()

    def key(self, entity: Entity) -> tuple[str, str]:
        return entity_key(entity.label, self.text[entity.start : entity.end])

    def add(self, entity: Entity, sentence: int, sentiment: Sentiment | None) -> None:
        """Add a mention found in sentence number ``sentence`` whose sentiment is ``sentiment``
        (None when there is no sentiment model)."""
        index = len(self.raw)
        self.raw.append(entity)
        if entity.sentiment is not None or sentiment is None:
            self.shown.append(entity)
            return
        if self.scope == "sentence":
            self.shown.append(entity.model_copy(update={"sentiment": sentiment}))
            return
        key = self.key(entity)
        self.shown.append(entity)  # its sentiment is filled in by entities()
        self.members.setdefault(key, []).append(index)
        if self.last_sentence.get(key) != sentence:  # each mentioning sentence counts once
            self.last_sentence[key] = sentence
            self.means.setdefault(key, Mean(self.order)).add(sentiment, 1.0)
            self.dirty.add(key)

    def entities(self) -> list[Entity]:
        """All mentions so far, in document order, with their sentiment."""
        for key in self.dirty:
            sentiment = self.means[key].result()
            for index in self.members[key]:
                self.shown[index] = self.raw[index].model_copy(update={"sentiment": sentiment})
        self.dirty.clear()
        return list(self.shown)
