"""Aspect pass throughput: the Analyzer's batched pairs vs one pipeline call per mention.

Builds a BERT-base-size text-pair classifier (random weights, 3 labels, honest compute cost) in
a temporary folder, finds the entities of a news-like report with a cheap gazetteer (so the
aspect model is all the model work there is), and prints a table: mentions per second of the
Analyzer (every mention of a batch of sentences paired with its sentence, in one call, sorted by
length) and of the naive loop (one ``pipe({"text": sentence, "text_pair": mention})`` call per
mention), their ratio, and the Analyzer's own overhead (the time not spent inside the pipeline
calls) as a share of its total.

    .venv/bin/python benchmarks/aspects.py [--chars 8000] [--size base|tiny] [--batch-size 16]

Targets: batched >= 2x the naive loop; overhead < 5 %.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from _common import ORGS, PEOPLE, PLACES, document, table
from analyzer_throughput import Timer, timed
from tiny_models import build_tiny_bert

NAMES = re.compile("|".join(re.escape(n) for n in sorted(PEOPLE + PLACES + ORGS, key=len, reverse=True)))


def gazetteer(text: str) -> list[dict]:
    return [{"start": m.start(), "end": m.end(), "entity_group": "ENT", "score": 1.0} for m in NAMES.finditer(text)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=8_000)
    ap.add_argument("--size", choices=["base", "tiny"], default="base")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()

    from transformers import pipeline

    from gradio_sentimentpanel import Analyzer
    from gradio_sentimentpanel.analysis.sentences import split_sentences

    text = document(args.chars)
    spans = split_sentences(text)
    pairs = [
        (text[s:e], text[s + m.start() : s + m.end()]) for s, e in spans for m in NAMES.finditer(text[s:e])
    ]
    kw = {}
    if args.size == "base":
        kw = dict(hidden_size=768, layers=12, heads=12, intermediate_size=3072, max_positions=512)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = build_tiny_bert(Path(tmp) / "pair", "text-classification", ["Negative", "Neutral", "Positive"], **kw)
        print(f"built a {args.size} pair model in {time.perf_counter() - t0:.1f} s; document: {len(text):,} "
              f"characters, {len(spans)} sentences, {len(pairs)} mentions")
        pipe = pipeline("text-classification", model=str(folder), device="cpu")
        pipe([{"text": s, "text_pair": t} for s, t in pairs[:4]], top_k=None, batch_size=4)  # warm-up

        t0 = time.perf_counter()
        for sentence, target in pairs:
            pipe({"text": sentence, "text_pair": target}, top_k=None)
        naive = time.perf_counter() - t0

        inside = Timer()
        analyzer = Analyzer(ner=gazetteer, aspect_sentiment=timed(pipe, inside), batch_size=args.batch_size)
        t0 = time.perf_counter()
        result = analyzer(text)
        batched = time.perf_counter() - t0

    assert len(result.entities) == len(pairs), "the Analyzer must judge the same mentions"
    assert all(e.sentiment is not None for e in result.entities)
    overhead = batched - inside.seconds
    n = len(pairs)
    print()
    print(table(
        ["method", "seconds", "mentions/s", "vs naive", "pipeline calls", "own overhead"],
        [
            ["naive loop (1 call/mention)", f"{naive:.2f}", f"{n / naive:.1f}", "1.00x", n, "-"],
            [f"Analyzer (batch_size={args.batch_size})", f"{batched:.2f}", f"{n / batched:.1f}",
             f"{naive / batched:.2f}x", inside.calls, f"{overhead:.2f} s ({100 * overhead / batched:.1f} %)"],
        ],
    ))
    print(f"\ntargets: batched >= 2x naive ({'met' if naive / batched >= 2 else 'NOT met'}), "
          f"overhead < 5 % ({'met' if overhead / batched < 0.05 else 'NOT met'})")


if __name__ == "__main__":
    main()
