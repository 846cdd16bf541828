"""Words as a reader sees them: the spans explanations are given on.

:func:`words` cuts a text into runs of letters and digits (with inner apostrophes and hyphens),
single punctuation marks and symbols, and single characters of scripts written without spaces,
keeping emoji sequences, flags and combining marks whole. Offsets are code points.
"""

from __future__ import annotations

import bisect
import unicodedata
from functools import lru_cache

__all__ = ["words", "written_without_spaces"]

Span = tuple[int, int]

_SPACE, _SKIP, _MARK, _ZWJ, _FORMAT, _INNER, _WORD, _ALONE, _FLAG, _SYMBOL = range(10)
# apostrophes and hyphens that stay inside a word when letters/digits are on both sides
_INNER_CHARS = frozenset("'\u2019-\u2010\u2011")
# letters of scripts written without spaces between words: each is a word of its own
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1950, 0x19FF),  # Tai Le, New Tai Lue, Khmer symbols
    (0x1A20, 0x1AAF),  # Tai Tham
    (0x1B00, 0x1B7F),  # Balinese
    (0x2E80, 0x2FFF),  # CJK radicals, Kangxi, ideographic description
    (0x3000, 0x312F),  # CJK symbols (々 〆 〇), Hiragana, Katakana, Bopomofo
    # (not 0x3130-0x318F, Hangul compatibility jamo: Korean is written with spaces)
    (0x3190, 0x31FF),  # Kanbun, Bopomofo extended, CJK strokes, Katakana extension
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA000, 0xA4CF),  # Yi
    (0xA980, 0xA9FF),  # Javanese, Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth Katakana
    (0x1B000, 0x1B16F),  # Kana supplement and extended
    (0x20000, 0x323AF),  # CJK extensions B-H, compatibility supplement
)
_NO_SPACE_STARTS = [lo for lo, _ in _NO_SPACE_RANGES]


def written_without_spaces(ch: str) -> bool:
    """Whether ``ch`` belongs to a script written without spaces between words (CJK, kana,
    Thai, Lao, Khmer, Myanmar...): the one list of them, for words and for aspect terms alike."""
    code = ord(ch)
    k = bisect.bisect_right(_NO_SPACE_STARTS, code) - 1
    return k >= 0 and code <= _NO_SPACE_RANGES[k][1]


@lru_cache(maxsize=8192)
def _kind(ch: str) -> int:
    """What a character does in a word (see :func:`words`)."""
    if ch.isspace():
        return _SPACE
    code = ord(ch)
    if code == 0x200D:
        return _ZWJ
    cat = unicodedata.category(ch)
    # combining marks, variation selectors, keycaps, skin tones and emoji tag characters
    if cat[0] == "M" or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return _MARK
    if ch in _INNER_CHARS:
        return _INNER
    if cat == "Cc":
        return _SKIP
    if cat == "Cf":
        return _FORMAT
    if cat[0] in "LN":
        return _ALONE if written_without_spaces(ch) else _WORD
    if 0x1F1E6 <= code <= 0x1F1FF:
        return _FLAG  # regional indicators: two make a flag
    return _SYMBOL


def words(text: str) -> list[tuple[int, int]]:
    """Word spans (code-point offsets, no surrounding white space) of text: runs of letters/digits
    (with inner apostrophes/hyphens), each punctuation mark or symbol on its own, and each
    character of scripts written without spaces (CJK, Thai...) on its own. Emoji/ZWJ sequences
    and combining marks stay with their base character.

    Control characters are no words; other invisible format characters (zero-width space, soft
    hyphen, ZWNJ) are kept inside a run of letters and dropped elsewhere. Two regional
    indicators make one flag.
    """
    spans: list[Span] = []
    start = -1  # start of the open word; -1: none open
    run = False  # the open word is a run of letters/digits (more may join it)
    flag = False  # the open word is one regional indicator (a second one joins it)
    glue = False  # the previous character was a ZWJ: the next one joins the open word
    n = len(text)

    def close(at: int) -> None:
        nonlocal start, run, flag, glue
        if start >= 0:
            spans.append((start, at))
        start, run, flag, glue = -1, False, False, False

    def joins_run(i: int) -> bool:
        return run and i + 1 < n and _kind(text[i + 1]) == _WORD

    for i, ch in enumerate(text):
        kind = _kind(ch)
        if kind in (_SPACE, _SKIP):
            close(i)
        elif start >= 0 and (glue or kind == _MARK):
            glue = False
        elif kind == _ZWJ:
            glue = start >= 0
        elif kind == _FORMAT:
            if not joins_run(i):
                close(i)
        elif (kind == _WORD and run) or (kind == _INNER and joins_run(i)):
            pass  # the run of letters goes on
        elif kind == _FLAG and flag:
            flag = False
        else:
            close(i)
            start, run, flag = i, kind == _WORD, kind == _FLAG
    close(n)
    return spans
