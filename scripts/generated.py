"""Writing files generated from Python, or checking that they are what it writes (``--check``)."""

from __future__ import annotations

from pathlib import Path


def write_or_check(wanted: dict[Path, str], argv: list[str], source: str, script: str) -> int:
    """Write each of ``wanted`` (path: text); with ``--check`` in ``argv``, write nothing and
    return 1 when any of them is missing or differs, naming it, its ``source`` and ``script``."""
    if "--check" in argv:
        stale = [path for path, text in wanted.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is not what {source} gives: run python {script}")
        return 1 if stale else 0
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text):,} characters)")
    return 0
