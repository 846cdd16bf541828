"""Fair turns for long and short texts: one person's huge paste never takes every slot.

Texts longer than ``long_chars`` characters go to the long lane, which runs at most
``long_limit`` analyses at a time; every other text goes to the short lane (``short_limit`` at a
time). Each lane keeps its own slots, so short texts always find one free whatever the long
lane holds, and a text waiting for a slot holds no thread: the analysis waits on an asyncio
semaphore and runs in a worker thread once it has one. Texts over ``max_chars`` are refused
before anything starts, with a message naming the limit; the panels take no longer text back
from the browser, and the server refuses a request body over ``max_request_bytes`` before
reading it into memory (both keep the server answering and its memory flat under huge values).

Environment variables
---------------------
``SENTIMENTPANEL_CONCURRENCY``       short texts analysed at the same time (default 2)
``SENTIMENTPANEL_LONG_CHARS``        a text longer than this is long (default 20,000 characters)
``SENTIMENTPANEL_LONG_CONCURRENCY``  long texts analysed at the same time (default 1)
``SENTIMENTPANEL_MAX_CHARS``         the longest text the demo takes (default 200,000 characters)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

SHORT, LONG = "short", "long"


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip().replace("_", "").replace(",", "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={env[name]!r}: expected a whole number") from None
    if value < 1:
        raise ValueError(f"{name}={env[name]!r}: expected a number of at least 1")
    return value


class TooLong(ValueError):
    """A text over the demo's limit; the message names the limit and how to raise it."""


@dataclass
class Lanes:
    short_limit: int = 2
    long_limit: int = 1
    long_chars: int = 20_000
    max_chars: int = 200_000
    _slots: dict[str, asyncio.Semaphore] = field(default_factory=dict, init=False, repr=False)
    _waiting: dict[str, int] = field(default_factory=lambda: {SHORT: 0, LONG: 0}, init=False, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Lanes:
        env = os.environ if environ is None else environ
        return cls(
            short_limit=_positive(env, "SENTIMENTPANEL_CONCURRENCY", 2),
            long_limit=_positive(env, "SENTIMENTPANEL_LONG_CONCURRENCY", 1),
            long_chars=_positive(env, "SENTIMENTPANEL_LONG_CHARS", 20_000),
            max_chars=_positive(env, "SENTIMENTPANEL_MAX_CHARS", 200_000),
        )

    @property
    def max_request_bytes(self) -> int:
        """The largest JSON request body the demo's server takes: room for a panel value of a
        ``max_chars`` text with its entities and sentences (about 10 bytes a character in the
        demo's analyses; 40 allows for escaped non-ASCII text), 16 MB at least."""
        return max(16_000_000, 40 * self.max_chars)

    def lane(self, text: str) -> str:
        """The lane for ``text``; raises TooLong over ``max_chars``."""
        if len(text) > self.max_chars:
            raise TooLong(
                f"This text has {len(text):,} characters; this app analyses at most {self.max_chars:,} "
                "(SENTIMENTPANEL_MAX_CHARS). Split it, or run the demo yourself with a higher limit."
            )
        return LONG if len(text) > self.long_chars else SHORT

    def limit(self, lane: str) -> int:
        """How many texts of ``lane`` are analysed at the same time."""
        return self.long_limit if lane == LONG else self.short_limit

    def waiting(self, lane: str) -> int:
        """Texts waiting for a slot in ``lane``."""
        return self._waiting[lane]

    def _semaphore(self, lane: str) -> asyncio.Semaphore:
        # made on first use, inside the event loop that serves the app
        if lane not in self._slots:
            self._slots[lane] = asyncio.Semaphore(self.limit(lane))
        return self._slots[lane]

    def free(self, lane: str) -> bool:
        """Whether a text of ``lane`` would start at once."""
        return not self._semaphore(lane).locked()

    @contextlib.asynccontextmanager
    async def slot(self, lane: str) -> AsyncIterator[None]:
        """Hold a slot of ``lane`` for the block, waiting (without a thread) until one is free."""
        semaphore = self._semaphore(lane)
        self._waiting[lane] += 1
        try:
            await semaphore.acquire()
        finally:
            self._waiting[lane] -= 1
        try:
            yield
        finally:
            semaphore.release()
