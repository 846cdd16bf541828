"""Sentence splitting: a text -> the ``(start, end)`` code-point offsets of its sentences.

The default is a set of rules for languages written with spaces and ``.!?`` (and CJK full
stops): :func:`split_sentences`. :func:`sentence_splitter` makes any other splitter fit the
Analyzer: a callable returning ``(start, end)`` spans (pysbd, a regex, a model) or a spaCy
``Language`` with a sentencizer, senter or parser. Whatever splits, the result obeys the same
rules: sorted, non-overlapping spans trimmed of white space that together cover every
non-white-space character of the text, so nothing goes unanalysed.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from typing import Any

from .. import adapters

__all__ = ["Splitter", "sentence_splitter", "split_sentences"]

Splitter = Callable[[str], list[tuple[int, int]]]

# Abbreviations that never end a sentence: "Dr. Smith", "e.g. apples", "No. 5", "vs. them".
_NEVER_FINAL = frozenset(
    """
    mr mrs ms mx dr prof rev hon fr sr sen rep gov gen col capt cpt lt sgt maj cmdr adm pres
    st mt ft messrs mme mlle
    e.g i.e cf viz vs v al
    no nos fig figs eq eqs vol vols ch chap sec pp p para art op ed eds approx ca cca
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Abbreviations that may end a sentence: they split only when a capital letter follows.
_MAYBE_FINAL = frozenset(
    """
    etc inc ltd co corp llc plc bros jr dept univ assn est a.m p.m
    """.split()
)
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)\\]}\u300d\u300f\uff09"
# A run of terminal punctuation, then closing quotes/brackets, then whitespace (or, after
# CJK full stops, anything).
_BOUNDARY = re.compile(
    rf"(?P<term>[.!?\u2026\u203c\u2047\u2048\u2049]+)(?P<close>[{_CLOSERS}]*)(?=\s)"
    rf"|(?P<cjk>[\u3002\uff01\uff1f\uff61]+)(?P<cjk_close>[{_CLOSERS}]*)"
)
_DOTTED = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # U.S, e.g, U.S.A, a.m (trailing dot removed)
_OPENERS = "\"'\u201c\u2018\u00ab\u2039([{\u300c\u300e\uff08"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their ``(start, end)`` code-point offsets.

    Rules: a line break always ends a sentence; ``!`` and ``?`` end one when whitespace follows
    (when a closing quote follows them, only if the next word is not lower case); ``.`` and
    ``…`` end one when whitespace and then a character that is not a lower-case letter follow,
    except after known abbreviations ("Dr.", "e.g.", "No."), dotted acronyms ("U.S.", "U.S.A."),
    and single-letter initials ("J. R. R. Tolkien"); "etc.", "Inc.", "a.m." and friends end a
    sentence only before a capital letter. Decimals ("3.14") and dotted names ("example.com")
    never split because no whitespace follows the dot. CJK full stops split without whitespace.

    Every span is trimmed of surrounding whitespace; spans are sorted, do not overlap, and
    together cover every non-whitespace character of ``text``. Whitespace-only text gives ``[]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects a str, got {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        line_start, line_text = line.start(), line.group()
        cut = 0
        for m in _BOUNDARY.finditer(line_text):
            end = m.end()
            if m.group("term") is not None and not _ends_sentence(line_text, m):
                continue
            _append_trimmed(spans, text, line_start + cut, line_start + end)
            cut = end
        _append_trimmed(spans, text, line_start + cut, line_start + len(line_text))
    return spans


def _ends_sentence(line: str, m: re.Match[str]) -> bool:
    term, close = m.group("term"), m.group("close")
    rest = line[m.end() :].lstrip()
    nxt = rest[:1]
    next_lower = nxt.islower()
    if "!" in term or "?" in term or "\u203c" in term or "\u2047" in term or "\u2048" in term:
        return not (close and next_lower)
    if term != ".":  # an ellipsis, "..", "…"
        return not next_lower
    if next_lower:
        return False
    word = line[: m.start("term")].rsplit(None, 1)
    if not word:
        return True
    token = word[-1].lstrip(_OPENERS)
    if not token:
        return True
    folded = token.casefold()
    if folded in _NEVER_FINAL:
        return False
    if folded in _MAYBE_FINAL:
        return nxt.isupper()
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. Smith"
    if _DOTTED.match(token):
        if token.upper() == token:
            return False  # "U.S. President"
        return nxt.isupper()
    return True


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# ------------------------------------------------------------------------------ other splitters

_SPACY_SENTENCE_PIPES = ("sentencizer", "senter", "parser")
_SPACY_SENTENCE_NEEDS = frozenset({"tok2vec", "transformer", *_SPACY_SENTENCE_PIPES})


def sentence_splitter(splitter: Any = None) -> Splitter:
    """The sentence splitter for ``Analyzer(sentences=...)``.

    - ``None``: the default rules, :func:`split_sentences`.
    - a spaCy ``Language`` with a ``sentencizer``, ``senter`` or ``parser`` component, e.g.
      ``spacy.blank("de")`` after ``nlp.add_pipe("sentencizer")``. Only the components that set
      sentence boundaries run; line breaks always split, as with the default rules.
    - a callable ``fn(text) -> iterable of (start, end)`` code-point offsets, e.g. pysbd's
      ``Segmenter(language="de", char_span=True)`` as
      ``lambda text: [(s.start, s.end) for s in segmenter.segment(text)]``.

    The spans a splitter returns are checked (integers inside the text, no overlaps: a bad span
    raises ``ValueError`` naming it), trimmed of white space and sorted; text they leave out that
    is not white space becomes sentences of its own, so every word is analysed.
    """
    if splitter is None:
        return split_sentences
    if adapters.is_spacy_language(splitter):
        return _spacy_splitter(splitter)
    if callable(splitter):
        return _checked_splitter(splitter)
    raise TypeError(
        "`sentences` must be None (the default rules), a spaCy Language with a sentencizer, "
        f"senter or parser, or a callable returning (start, end) spans; got {type(splitter).__name__}"
    )


def _checked_splitter(fn: Callable[[str], Iterable[Any]]) -> Splitter:
    def split(text: str) -> list[tuple[int, int]]:
        if not isinstance(text, str):
            raise TypeError(f"sentence splitting expects a str, got {type(text).__name__}")
        return _complete(text, _spans_from(fn(text), len(text)))

    split.__qualname__ = getattr(fn, "__qualname__", type(fn).__name__)
    return split


def _spacy_splitter(nlp: Any) -> Splitter:
    names = list(nlp.pipe_names)
    if not any(name in names for name in _SPACY_SENTENCE_PIPES):
        raise ValueError(
            "`sentences`: the spaCy pipeline sets no sentence boundaries (it has "
            f"{names}); add one, e.g. nlp.add_pipe('sentencizer')"
        )
    disable = [name for name in names if name not in _SPACY_SENTENCE_NEEDS]
    limit = max(int(getattr(nlp, "max_length", 1_000_000) or 1_000_000), 1000)

    def split(text: str) -> list[tuple[int, int]]:
        if not isinstance(text, str):
            raise TypeError(f"sentence splitting expects a str, got {type(text).__name__}")
        blocks = [(m.start() + s, m.start() + e) for m in _LINE.finditer(text) for s, e in _blocks(m.group(), limit)]
        spans: list[tuple[int, int]] = []
        docs = nlp.pipe((text[s:e] for s, e in blocks), disable=disable)
        for (offset, _), doc in zip(blocks, docs, strict=True):
            for s, e in adapters.sentence_offsets(doc):
                _append_trimmed(spans, text, offset + s, offset + e)
        return _complete(text, spans)

    split.__qualname__ = f"spacy({(getattr(nlp, 'meta', None) or {}).get('lang', '?')})"
    return split


def _blocks(line: str, limit: int) -> list[tuple[int, int]]:
    """A line cut at white space into pieces of at most ``limit`` characters (spaCy's max_length)."""
    out, start = [], 0
    while len(line) - start > limit:
        cut = line.rfind(" ", start + 1, start + limit)
        cut = cut if cut > start else start + limit
        out.append((start, cut))
        start = cut
    out.append((start, len(line)))
    return out


def _spans_from(raw: Iterable[Any], n: int) -> list[tuple[int, int]]:
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Iterable):
        raise ValueError(f"`sentences` must return (start, end) pairs, got {type(raw).__name__}")
    spans = []
    for i, item in enumerate(raw):
        try:
            start, end = (operator.index(x) for x in item)
        except (TypeError, ValueError):
            raise ValueError(f"`sentences`[{i}]: expected a (start, end) pair of ints, got {item!r}") from None
        if not 0 <= start <= end <= n:
            raise ValueError(f"`sentences`[{i}]: ({start}, {end}) is not a span inside the text (length {n})")
        spans.append((start, end))
    spans.sort()
    for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
        if s1 < e0:
            raise ValueError(f"`sentences`: spans ({s0}, {e0}) and ({s1}, {e1}) overlap")
    return spans


def _complete(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trim ``spans`` (sorted, disjoint) and add the text between them as sentences of its own,
    cut at line breaks as the default rules do."""
    out: list[tuple[int, int]] = []
    cursor = 0
    for start, end in [*spans, (len(text), len(text))]:
        for m in _LINE.finditer(text, cursor, start):
            _append_trimmed(out, text, m.start(), m.end())
        _append_trimmed(out, text, start, end)
        cursor = max(cursor, end)
    return out
