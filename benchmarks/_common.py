"""Shared pieces of the benchmark scripts: a realistic synthetic document, model builders and
a table printer."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # tiny_models: BERT builders used by the tests too
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from tiny_models import NER_LABELS, build_tiny_bert  # noqa: E402

PEOPLE = ["Angela Merkel", "Dr. Jane Smith", "Marie Curie", "Ada Lovelace", "Kofi Annan", "Li Wei"]
PLACES = ["Paris", "Berlin", "the U.S.", "Tokyo", "São Paulo", "Nairobi", "Zurich"]
ORGS = ["Acme Corp.", "the United Nations", "Google", "Siemens AG", "the World Bank"]
TEMPLATES = [
    "{p} said on Tuesday that exports from {l} grew by {n}.{m} percent, beating forecasts.",
    "Analysts at {o} warned that the slowdown in {l} could hurt jobs across the region.",
    "The meeting between {p} and officials from {o} ended without an agreement.",
    "In {l}, residents were delighted with the new metro line, which opened ahead of schedule.",
    "Critics called the plan a disaster, and {p} admitted that mistakes had been made.",
    "Shares of {o} fell {n}.{m}% after the company cut its outlook for the year.",
    "Tourism in {l} has recovered, according to a report published by {o} last week.",
    "{p} thanked the volunteers, calling their work in {l} an extraordinary achievement.",
]


def document(chars: int, seed: int = 0) -> str:
    """A news-like report of about ``chars`` characters, in paragraphs of a few sentences."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(
            rng.choice(TEMPLATES).format(
                p=rng.choice(PEOPLE), l=rng.choice(PLACES), o=rng.choice(ORGS),
                n=rng.randint(1, 40), m=rng.randint(0, 9),
            )
            for _ in range(rng.randint(2, 5))
        )
        out.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(out)[:chars].rstrip()


def build_models(folder: Path, size: str) -> tuple[Path, Path]:
    """(sentiment, ner) model folders; size "tiny" (2 layers, 32 wide) or "base" (BERT-base)."""
    kw = {}
    if size == "base":
        kw = dict(hidden_size=768, layers=12, heads=12, intermediate_size=3072, max_positions=512)
    sentiment = build_tiny_bert(folder / f"sst-{size}", "text-classification", ["NEGATIVE", "POSITIVE"], **kw)
    ner = build_tiny_bert(folder / f"ner-{size}", "token-classification", NER_LABELS, **kw)
    return sentiment, ner


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), sep, *(line(r) for r in cells[1:])])
