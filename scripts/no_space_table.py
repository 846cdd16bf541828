"""Write frontend/shared/no_space_table.ts: the code-point ranges of the scripts written without
spaces between words (CJK, kana, Thai, Lao, Khmer, Myanmar, Yi...), taken from the analysis's
``words._NO_SPACE_RANGES``, so that the browser's word snapping and Python's words agree on which
characters are each a word of their own. Also writes tests/cases/written_without_spaces.json:
the first, middle and last code point of every range, the code points just outside each one and
letters of scripts written with spaces, each with the answer expected, which pytest runs against
``written_without_spaces`` and vitest against the browser's.

    python scripts/no_space_table.py          # write both
    python scripts/no_space_table.py --check  # exit 1 when either is not what words.py gives
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from gradio_sentimentpanel.analysis.words import _NO_SPACE_RANGES

TABLE = ROOT / "frontend" / "shared" / "no_space_table.ts"
CASES = ROOT / "tests" / "cases" / "written_without_spaces.json"

# letters (and a digit) of scripts written with spaces between words, near the ranges or not
SPACED = (
    "a",  # Latin
    "Z",
    "\u00e9",  # é
    "\u00df",  # ß
    "7",
    "\u03bb",  # Greek λ
    "\u0436",  # Cyrillic ж
    "\u0561",  # Armenian ա
    "\u05d0",  # Hebrew א
    "\u0639",  # Arabic ع
    "\u0915",  # Devanagari क
    "\u0b95",  # Tamil க
    "\u0d15",  # Malayalam ക, just below Thai
    "\u0f40",  # Tibetan ཀ, just above Lao
    "\u10d0",  # Georgian ა, just above Myanmar
    "\u1100",  # Hangul choseong ᄀ
    "\u1200",  # Ethiopic ሀ
    "\u13a0",  # Cherokee Ꭰ
    "\ud55c",  # Hangul syllable 한
    "\U0001d400",  # mathematical bold A
    "\U00010400",  # Deseret 𐐀
)


def _check_ranges(ranges: tuple[tuple[int, int], ...]) -> None:
    """The browser's lookup needs what Python's bisect does: sorted, disjoint, valid ranges."""
    previous = -1
    for lo, hi in ranges:
        if not (0 <= lo <= hi <= 0x10FFFF) or lo <= previous:
            raise ValueError(f"words._NO_SPACE_RANGES: range (0x{lo:X}, 0x{hi:X}) is not sorted, disjoint and within Unicode")
        previous = hi


def _inside(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _NO_SPACE_RANGES)


def render() -> str:
    _check_ranges(_NO_SPACE_RANGES)
    rows = "\n".join(f"\t0x{lo:04x}, 0x{hi:04x}," for lo, hi in _NO_SPACE_RANGES)
    return (
        "// Written by scripts/no_space_table.py from the analysis's words._NO_SPACE_RANGES\n"
        "// (backend/gradio_sentimentpanel/analysis/words.py); run it again rather than editing this file.\n\n"
        "/**\n * The scripts written without spaces between words, as code-point ranges, two\n"
        " * numbers a range: [first, last, first, last, ...], sorted and disjoint.\n */\n"
        f"export const RANGES: readonly number[] = [\n{rows}\n];\n\n"
        "/**\n * Whether `ch` (its first code point) belongs to a script written without\n"
        " * spaces between words (CJK, kana, Thai, Lao, Khmer, Myanmar, Yi...), as\n"
        " * Python's `written_without_spaces`.\n */\n"
        "export function written_without_spaces(ch: string): boolean {\n"
        "\tconst code = ch.codePointAt(0);\n"
        "\tif (code === undefined) return false;\n"
        "\tlet lo = 0;\n"
        "\tlet hi = RANGES.length / 2;\n"
        "\t// the first range whose last code point is at least code\n"
        "\twhile (lo < hi) {\n"
        "\t\tconst mid = (lo + hi) >> 1;\n"
        "\t\tif (RANGES[2 * mid + 1] < code) lo = mid + 1;\n"
        "\t\telse hi = mid;\n"
        "\t}\n"
        "\treturn lo < RANGES.length / 2 && RANGES[2 * lo] <= code;\n"
        "}\n"
    )


def cases() -> str:
    """The JSON of the cases, one ``{"case", "char", "expected"}`` a line."""
    wanted: dict[int, str] = {}
    for lo, hi in _NO_SPACE_RANGES:
        wanted.setdefault(lo, f"first of 0x{lo:X}-0x{hi:X}")
        wanted.setdefault((lo + hi) // 2, f"middle of 0x{lo:X}-0x{hi:X}")
        wanted.setdefault(hi, f"last of 0x{lo:X}-0x{hi:X}")
        for code, where in ((lo - 1, "before"), (hi + 1, "after")):
            # a neighbour that starts the next range is covered as that range's first
            if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF and not _inside(code):
                wanted.setdefault(code, f"just {where} 0x{lo:X}-0x{hi:X}")
    for ch in SPACED:
        wanted.setdefault(ord(ch), f"{unicodedata.name(ch)}, a script written with spaces")
    out = [
        {"case": f"U+{code:04X} {why}", "char": chr(code), "expected": _inside(code)}
        for code, why in sorted(wanted.items())
    ]
    head = {
        "about": "Which characters belong to a script written without spaces between words (each a word of its own); "
        "written by scripts/no_space_table.py from words._NO_SPACE_RANGES",
    }
    lines = [f"  {json.dumps(key)}: {json.dumps(value)}," for key, value in head.items()]
    rows = ",\n".join(f"    {json.dumps(case)}" for case in out)
    return "{\n" + "\n".join(lines) + '\n  "cases": [\n' + rows + "\n  ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    return write_or_check({TABLE: render(), CASES: cases()}, sys.argv[1:] if argv is None else argv, "words._NO_SPACE_RANGES", "scripts/no_space_table.py")


if __name__ == "__main__":
    sys.exit(main())
