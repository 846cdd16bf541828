"""Analyzer throughput: batched Analyzer vs one pipeline call per sentence.

Builds two BERT-base-size models (random weights, honest compute cost) in a temporary folder,
analyses a ~50,000-character report with both, and prints a table: sentences per second of
the Analyzer (batched) and of the naive loop, their ratio, and the Analyzer's own overhead
(all the time not spent inside the pipeline calls) as a share of its total.

    .venv/bin/python benchmarks/analyzer_throughput.py [--chars 50000] [--size base|tiny] [--batch-size 16]

Targets: batched >= 2x the naive loop; overhead < 5 %.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import build_models, document, table


class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0


def timed(pipe, timer: Timer):
    """Make ``pipe`` count the time spent inside its own __call__ (the model work)."""
    base = type(pipe)

    def __call__(self, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return base.__call__(self, *args, **kwargs)
        finally:
            timer.seconds += time.perf_counter() - t0
            timer.calls += 1

    pipe.__class__ = type(f"Timed{base.__name__}", (base,), {"__call__": __call__})
    return pipe


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=50_000)
    ap.add_argument("--size", choices=["base", "tiny"], default="base")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()

    import torch
    from transformers import pipeline

    from gradio_sentimentpanel import Analyzer
    from gradio_sentimentpanel.analysis.sentences import split_sentences

    torch.set_num_threads(max(1, torch.get_num_threads()))
    text = document(args.chars)
    sentences = [text[s:e] for s, e in split_sentences(text)]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        sst_dir, ner_dir = build_models(Path(tmp), args.size)
        print(f"built {args.size} models in {time.perf_counter() - t0:.1f} s; "
              f"document: {len(text):,} characters, {len(sentences)} sentences")
        sst = pipeline("text-classification", model=str(sst_dir), device="cpu")
        ner = pipeline("token-classification", model=str(ner_dir), device="cpu", aggregation_strategy="first")

        # warm-up, so neither side pays for first-call initialisation
        sst(sentences[:4], top_k=None, batch_size=4)
        ner(sentences[:4], batch_size=4)

        # naive: one call per sentence per model
        t0 = time.perf_counter()
        for s in sentences:
            sst(s, top_k=None)
            ner(s)
        naive = time.perf_counter() - t0

        # Analyzer, batched, with the pipeline calls timed
        inside = Timer()
        analyzer = Analyzer(sentiment=timed(sst, inside), ner=timed(ner, inside), batch_size=args.batch_size)
        t0 = time.perf_counter()
        result = analyzer(text)
        batched = time.perf_counter() - t0

    assert len(result.sentences) == len(sentences), "the Analyzer must see the same sentences"
    overhead = batched - inside.seconds
    n = len(sentences)
    print()
    print(table(
        ["method", "seconds", "sentences/s", "vs naive", "pipeline calls", "own overhead"],
        [
            ["naive loop (1 call/sentence)", f"{naive:.2f}", f"{n / naive:.1f}", "1.00x", 2 * n, "-"],
            [f"Analyzer (batch_size={args.batch_size})", f"{batched:.2f}", f"{n / batched:.1f}",
             f"{naive / batched:.2f}x", inside.calls, f"{overhead:.2f} s ({100 * overhead / batched:.1f} %)"],
        ],
    ))
    print(f"\nentities: {len(result.entities)}; targets: batched >= 2x naive "
          f"({'met' if naive / batched >= 2 else 'NOT met'}), overhead < 5 % "
          f"({'met' if overhead / batched < 0.05 else 'NOT met'})")


if __name__ == "__main__":
    main()
