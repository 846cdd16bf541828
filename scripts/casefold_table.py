"""Write frontend/shared/casefold_table.ts: Python's ``str.casefold`` for every code point, so that
the browser folds case as Python does (String.prototype.toLowerCase is a lower-casing, not a
case folding: it keeps "ß", "ﬁ" and "ς", and its Unicode version is the browser's). Also writes
tests/cases/casefold.json, every folding as a case, which vitest checks the browser's table
against code point by code point.

    python scripts/casefold_table.py          # write both
    python scripts/casefold_table.py --check  # exit 1 when either is not what this Python writes
"""

from __future__ import annotations

import functools
import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "frontend" / "shared" / "casefold_table.ts"
CASES = ROOT / "tests" / "cases" / "casefold.json"


@functools.lru_cache(maxsize=1)
def foldings() -> dict[int, str]:
    """Every code point that ``str.casefold`` changes, and what it becomes."""
    out = {}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = chr(code).casefold()
        if folded != chr(code):
            out[code] = folded
    return out


def runs(single: dict[int, int]) -> list[tuple[int, int, int, int]]:
    """``single`` (code point -> code point) as runs ``(first, count, step, delta)``: the code
    points first, first + step, ... (count of them) each fold to itself plus delta."""
    out: list[tuple[int, int, int, int]] = []
    taken: set[int] = set()
    for first in sorted(single):
        if first in taken:
            continue
        delta = single[first] - first
        count, step = 1, 1
        for try_step in (1, 2):
            n = 1
            while single.get(first + n * try_step, -1) - (first + n * try_step) == delta and first + n * try_step not in taken:
                n += 1
            if n > count:
                count, step = n, try_step
        out.append((first, count, step, delta))
        taken.update(first + k * step for k in range(count))
    return out


def _escaped(text: str) -> str:
    return "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\' else f"\\u{{{ord(ch):x}}}" for ch in text)


def render() -> str:
    folds = foldings()
    single = {c: ord(f) for c, f in folds.items() if len(f) == 1}
    longer = {c: f for c, f in folds.items() if len(f) > 1}
    flat = ", ".join(f"0x{a:x}, {n}, {s}, {d}" for a, n, s, d in runs(single))
    pairs = ", ".join(f'0x{c:x}: "{_escaped(f)}"' for c, f in sorted(longer.items()))
    version = unicodedata.unidata_version
    return (
        f"// Written by scripts/casefold_table.py from Python {sys.version_info[0]}.{sys.version_info[1]}'s str.casefold\n"
        f"// (Unicode {version}); run it again rather than editing this file.\n\n"
        f'/** The Unicode version of the table. */\nexport const UNICODE_VERSION = "{version}";\n\n'
        "/**\n * Foldings to one character, four numbers a run: [first, count, step, delta]: the\n"
        " * code points first, first + step, ... (count of them) fold to themselves plus delta.\n */\n"
        f"export const RUNS: readonly number[] = [{flat}];\n\n"
        "/** Foldings to more than one character (\"\\u00df\" -> \"ss\"). */\n"
        f"export const EXPANSIONS: Readonly<Record<number, string>> = {{{pairs}}};\n"
    )


def cases() -> str:
    """The JSON of every folding, one ``[code point, folded]`` a line."""
    head = {
        "about": "Python's str.casefold of every code point it changes; every other code point folds to itself",
        "unicode": unicodedata.unidata_version,
    }
    lines = [f"  {json.dumps(key)}: {json.dumps(value)}," for key, value in head.items()]
    folds = ",\n".join(f"    [{code}, {json.dumps(folded)}]" for code, folded in sorted(foldings().items()))
    return "{\n" + "\n".join(lines) + '\n  "folds": [\n' + folds + "\n  ]\n}\n"


def main() -> int:
    return write_or_check({TABLE: render(), CASES: cases()}, sys.argv[1:], "this Python's str.casefold", "scripts/casefold_table.py")


if __name__ == "__main__":
    sys.exit(main())
