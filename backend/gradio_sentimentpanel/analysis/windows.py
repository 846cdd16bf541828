"""Cutting sentences into model-sized windows.

A sentence that fits a model goes through it whole. A longer one is cut into overlapping
windows of whole words (of whole tokens where one word is longer than a window), so nothing is
truncated. Each window *owns* a part of its sentence: the owned parts partition the sentence
(an overlap is split at its middle), so an entity seen by two windows is reported once, by the
window that owns its start, and a window's sentiment counts for the characters it owns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Window", "char_windows", "holding_window", "model_window", "token_windows", "word_offsets"]

_WORD = re.compile(r"\S+")


@dataclass
class Window:
    """One model input: ``text[start:end]``, a part of sentence number ``sentence``.

    ``own_start:own_end`` is the part of the sentence this window answers for.
    """

    sentence: int
    start: int
    end: int
    own_start: int
    own_end: int


def model_window(pipe: Any) -> int:
    """Tokens a transformers pipeline's model takes in one input, special tokens excluded: the
    tokenizer's ``model_max_length`` or the model's position embeddings, whichever is smaller."""
    tok = pipe.tokenizer
    config = getattr(pipe.model, "config", None)
    limit = getattr(tok, "model_max_length", None)
    positions = getattr(config, "max_position_embeddings", None)
    if not isinstance(limit, int) or limit <= 0 or limit > 1_000_000:
        limit = None
    if isinstance(positions, int) and positions > 0:
        # RoBERTa-style models reserve two positions beyond the tokenizer's limit
        limit = positions - 2 if limit is None else min(limit, positions)
    if limit is None:
        limit = 512
    special = tok.num_special_tokens_to_add(pair=False) if hasattr(tok, "num_special_tokens_to_add") else 2
    if limit - special < 4:
        raise ValueError(f"the {pipe.task!r} model's window ({limit} tokens) is too short to use")
    return limit - special


def word_offsets(piece: str, tokenize: Callable[[str], Sequence[Any]]) -> list[tuple[int, int]]:
    """Pseudo token offsets for tokenizers that give none (slow tokenizers): each word's offsets
    repeated once per token of the word."""
    offsets: list[tuple[int, int]] = []
    for m in _WORD.finditer(piece):
        offsets.extend([(m.start(), m.end())] * max(1, len(tokenize(m.group()))))
    return offsets


def token_windows(
    piece: str,
    offsets: list[tuple[int, int]],
    limit: int,
    overlap: int,
    count: Callable[[list[str]], list[int]],
) -> list[tuple[int, int, int, int]]:
    """Overlapping windows over the tokens of one over-long sentence ``piece``.

    ``offsets`` are the tokens' character offsets in ``piece``; ``count`` tokenises a list of
    strings and returns their token counts. Windows hold at most ``limit`` tokens, start and end
    on word boundaries where a word is shorter than a window, and overlap by about ``overlap``
    tokens. Returns ``(start, end, own_start, own_end)`` character offsets into ``piece``.

    Re-tokenised on its own, a window's text almost always has the tokens it had in the
    sentence; all windows are planned from the sentence's tokens and measured in one batched
    call, and only from a window that does not fit on are they planned one by one, each
    measured until it fits.
    """
    overlap = max(0, min(overlap, limit // 2))
    planned = _plan(piece, offsets, limit, overlap, 0)
    texts = [piece[offsets[i][0] : offsets[j - 1][1]] for i, j in planned]
    counts = count(texts)
    spans: list[tuple[int, int]] = []
    for (i, j), n in zip(planned, counts, strict=True):
        if n > limit:
            spans.extend(_measured(piece, offsets, limit, overlap, i, count))
            break
        spans.append((offsets[i][0], offsets[j - 1][1]))
    return _own(spans, len(piece))


def _plan(piece: str, offsets: list[tuple[int, int]], limit: int, overlap: int, i: int) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of the windows from token ``i`` on, by the sentence's own tokens."""
    n = len(offsets)
    out = []
    while True:
        j = _window_end(piece, offsets, limit, i)
        out.append((i, j))
        if j >= n:
            return out
        i = _next_start(piece, offsets, overlap, i, j)


def _measured(
    piece: str, offsets: list[tuple[int, int]], limit: int, overlap: int, i: int, count: Callable[[list[str]], list[int]]
) -> list[tuple[int, int]]:
    """Windows from token ``i`` on, each re-measured and shrunk until it fits."""
    n = len(offsets)
    spans = []
    while True:
        j = _window_end(piece, offsets, limit, i)
        start, end = offsets[i][0], offsets[j - 1][1]
        while j - 1 > i and count([piece[start:end]])[0] > limit:
            j -= 1
            end = offsets[j - 1][1]
        spans.append((start, end))
        if j >= n:
            return spans
        i = _next_start(piece, offsets, overlap, i, j)


def _window_end(piece: str, offsets: list[tuple[int, int]], limit: int, i: int) -> int:
    """End token of the window starting at ``i``: at a word boundary unless one word fills it."""
    n = len(offsets)
    j = min(i + limit, n)
    if j < n:
        boundary = j
        while boundary - 1 > i and _continues(piece, offsets, boundary):
            boundary -= 1
        if boundary - 1 > i:
            j = boundary
    return j


def _next_start(piece: str, offsets: list[tuple[int, int]], overlap: int, i: int, j: int) -> int:
    """The next window starts ``overlap`` tokens back from ``j``, at the start of a word if possible."""
    nxt = max(j - overlap, i + 1)
    back = nxt
    while back > i + 1 and _continues(piece, offsets, back):
        back -= 1
    return nxt if _continues(piece, offsets, back) else back


def _continues(piece: str, offsets: list[tuple[int, int]], k: int) -> bool:
    """Whether token ``k`` continues the word of token ``k - 1`` (so no window may cut there)."""
    if k <= 0 or k >= len(offsets):
        return False
    prev_end, start = offsets[k - 1][1], offsets[k][0]
    if start < prev_end:
        return True  # same word (pseudo offsets) or overlapping pieces
    if start > prev_end:
        return False
    return piece[start - 1 : start].isalnum() and piece[start : start + 1].isalnum()


def char_windows(piece: str, limit: int) -> list[tuple[int, int, int, int]]:
    """Windows of at most ``limit`` characters over a sentence, ending at word ends where they
    can and overlapping by a quarter; ``(start, end, own_start, own_end)`` offsets into ``piece``."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(piece)]
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(piece)
    while True:
        end = min(start + limit, length)
        if end < length:
            cut = max((we for _, we in words if start < we <= end), default=end)
            end = cut if cut > start else end
        spans.append((start, end))
        if end >= length:
            break
        nxt = max(end - limit // 4, start + 1)
        aligned = min((ws for ws, _ in words if ws >= nxt), default=nxt)
        start = aligned if aligned < end else nxt
        while start < length and piece[start].isspace():
            start += 1
    return _own(spans, length)


def _own(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int, int, int]]:
    """Split overlapping windows into owned regions at the middle of each overlap."""
    out: list[tuple[int, int, int, int]] = []
    for k, (s, e) in enumerate(spans):
        own_s = 0 if k == 0 else out[-1][3]
        if k + 1 < len(spans):
            ns = spans[k + 1][0]
            own_e = (ns + e) // 2 if ns < e else ns
            own_e = max(own_e, own_s)
        else:
            own_e = length
        out.append((s, e, own_s, own_e))
    return out


def holding_window(windows: Sequence[Window], start: int, end: int) -> Window:
    """The window of a sentence to read the span ``start:end`` in: the one that owns its start
    and holds it whole, else one that holds it whole, else the one that owns its start."""
    if len(windows) == 1:
        return windows[0]
    owner = next((w for w in windows if w.own_start <= start < w.own_end), windows[-1])
    if owner.start <= start and end <= owner.end:
        return owner
    whole = [w for w in windows if w.start <= start and end <= w.end]
    return whole[0] if whole else owner
