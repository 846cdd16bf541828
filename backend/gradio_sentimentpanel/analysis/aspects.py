"""Aspect terms: finding every whole-word occurrence of a list of terms in a text.

A term matches case-insensitively (Python's Unicode case folding of ``re.IGNORECASE``) and only
as a whole word: the characters just before and after a match must not be letters, digits,
combining marks or ``_``, so "price" is found in "The price, prices..." once and "app" never in
"apple". An accent is part of a word: "café" matches "CAFÉ" (and its decomposed spelling
"cafe" + U+0301) but not "cafe", and "cafe" does not match inside "café". Scripts written
without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar...) have no word
boundaries to look for: a term that starts (ends) with such a character matches as a substring
on that side.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from ..rules import span_order
from .words import written_without_spaces

__all__ = ["ASPECT_LABEL", "AspectMatcher", "check_terms"]

ASPECT_LABEL = "ASPECT"


def _word_char(ch: str) -> bool:
    """Whether ``ch`` continues a word: a letter, digit or mark (combining accents) or ``_``."""
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def check_terms(terms: object) -> list[str]:
    """The aspect terms as a list of distinct non-blank strings (the first spelling of each,
    white space around them removed); a clear error for anything else."""
    if isinstance(terms, str):
        raise TypeError(
            f"`aspects` must be a list of terms, e.g. ['battery', 'screen'], not the str {terms!r}; "
            "split it first"
        )
    if not isinstance(terms, Iterable):
        raise TypeError(f"`aspects` must be a list of str terms, got {type(terms).__name__}")
    out: list[str] = []
    seen: set[str] = set()
    for i, term in enumerate(terms):
        if not isinstance(term, str):
            raise TypeError(f"`aspects[{i}]` must be a str, got {type(term).__name__}: {term!r}")
        cleaned = " ".join(term.split())
        if not cleaned:
            raise ValueError(f"`aspects[{i}]` is blank ({term!r}); every term needs a character that is not white space")
        key = unicodedata.normalize("NFC", cleaned).casefold()
        if key not in seen:
            seen.add(key)
            out.append(cleaned)
    return out


class AspectMatcher:
    """Finds the terms in texts; build it once, call :meth:`find` per sentence."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms = check_terms(terms)
        alternatives: list[str] = []
        for term in self.terms:
            # both spellings of accented letters; a white space in a term matches any run of it
            for form in dict.fromkeys((unicodedata.normalize("NFC", term), unicodedata.normalize("NFD", term))):
                alternatives.append(r"\s+".join(re.escape(part) for part in form.split(" ")))
        # longest first, so that of two terms starting at the same place both are tried
        alternatives.sort(key=len, reverse=True)
        self._patterns = [re.compile(alt, re.IGNORECASE) for alt in alternatives]

    def __repr__(self) -> str:
        return f"AspectMatcher({self.terms!r})"

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Every whole-word occurrence of a term in ``text[start:end]``, as ``(start, end)``
        offsets into ``text``, sorted by start, longer first; an occurrence found through two
        spellings of one term is reported once."""
        end = len(text) if end is None else end
        found: set[tuple[int, int]] = set()
        for pattern in self._patterns:
            pos = start
            while pos < end:
                m = pattern.search(text, pos, end)
                if m is None:
                    break
                s, e = m.span()
                if e > s and self._whole(text, s, e):
                    found.add((s, e))
                pos = s + 1
        return sorted(found, key=lambda se: span_order(*se))

    @staticmethod
    def _whole(text: str, s: int, e: int) -> bool:
        first, last = text[s], text[e - 1]
        if s > 0 and _word_char(text[s - 1]) and _word_char(first) and not written_without_spaces(first):
            return False
        if e < len(text) and _word_char(text[e]) and _word_char(last) and not written_without_spaces(last):
            return False
        return True
