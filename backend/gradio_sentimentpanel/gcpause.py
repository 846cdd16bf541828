"""Validating a large value without the cyclic garbage collector in the way.

Building a PanelData of 100,000 entities allocates some 300,000 objects, none of them in a
reference cycle; the collector still runs every few hundred allocations, and its full passes
walk every object in the process (a loaded transformers model is millions of them), so it takes
more time than the validation itself. ``paused_gc()`` switches it off for such a block and back
on after. Threads share one collector: a count of the blocks in progress keeps it off until the
last one ends, and it is switched back on only if it was on before the first began.

It is used around the validation in ``SentimentPanel.preprocess`` and ``postprocess``, and
around ``compare`` (the figures of two analyses of tens of thousands of entities); nothing else
runs inside it. It still pays: ``benchmarks/gcpause.py`` measures
both calls with the collector paused and left on, in one run; in two runs, at 20,000 entities
the median call took 14-69% less time paused, at 100,000 entities 38-51% less (about 1.5 s
instead of 3 s), with or without a transformers model loaded; at 1,000 entities the difference
is lost in the noise (a few milliseconds either way).
What it costs: while a block runs, garbage in reference cycles made by any thread of the process
waits for the collector until the block ends (reference counting still frees everything else).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (reference counting still frees
    everything that is not in a cycle)."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
