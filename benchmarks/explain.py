"""Word attributions: what each explain method costs next to the plain sentiment analysis.

Builds a BERT-base-size sentiment model (random weights, honest compute cost) in a temporary
folder, analyses ``--sentences`` sentences of typical length (the test corpus, cycled) with
``backend.read``, then explains each sentence's label with every method, and prints a
table: seconds, sentences per second and the ratio to the plain analysis.

    .venv/bin/python benchmarks/explain.py [--sentences 100] [--steps 16] [--batch-size 16] [--size base|tiny]

Target: gradient at most 3x the plain analysis. About 2 minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import table
from tiny_models import CORPUS, build_tiny_bert


def best_of(repeats: int, run) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=100)
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--size", choices=["base", "tiny"], default="base")
    args = ap.parse_args()

    import torch
    from gradio_sentimentpanel.analysis.backends import make_backend
    from gradio_sentimentpanel.analysis.explain import make_explainer
    from gradio_sentimentpanel.analysis.roles import SENTIMENT
    from gradio_sentimentpanel.analysis.words import words
    from transformers import pipeline

    sentences = [CORPUS[k % len(CORPUS)] for k in range(args.sentences)]
    kw = {}
    if args.size == "base":
        kw = {
            "hidden_size": 768,
            "layers": 12,
            "heads": 12,
            "intermediate_size": 3072,
            "max_positions": 512,
        }
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = build_tiny_bert(
            Path(tmp) / f"sst-{args.size}",
            "text-classification",
            ["NEGATIVE", "POSITIVE"],
            **kw,
        )
        pipe = pipeline("text-classification", model=str(folder), device="cpu")
        print(
            f"built the {args.size} model in {time.perf_counter() - t0:.1f} s; torch threads: {torch.get_num_threads()}"
        )
    backend = make_backend(SENTIMENT, pipe, batch_size=args.batch_size)
    tokens = [len(ids) for ids in pipe.tokenizer(sentences)["input_ids"]]
    n_words = sum(len(words(s)) for s in sentences)
    print(
        f"{len(sentences)} sentences, {n_words / len(sentences):.1f} words and "
        f"{sum(tokens) / len(tokens):.1f} tokens each on average; batch_size={args.batch_size}"
    )

    backend.read(sentences[:4])  # warm-up
    labels = [s.label for s in backend.read(sentences)]
    rows = []
    plain = best_of(3, lambda: backend.read(sentences))
    rows.append(["plain analysis (backend.read)", plain])
    for method, repeats in (
        ("gradient", 3),
        ("integrated_gradients", 1),
        ("occlusion", 1),
    ):
        explainer = make_explainer(method, backend, steps=args.steps)
        explainer.explain(sentences[:2], labels[:2])  # warm-up
        name = (
            f"{method} (steps={args.steps})"
            if method == "integrated_gradients"
            else method
        )
        rows.append(
            [name, best_of(repeats, lambda e=explainer: e.explain(sentences, labels))]
        )

    n = len(sentences)
    print()
    print(
        table(
            ["method", "seconds", "sentences/s", "vs plain"],
            [
                [name, f"{sec:.2f}", f"{n / sec:.1f}", f"{sec / plain:.2f}x"]
                for name, sec in rows
            ],
        )
    )
    ratio = rows[1][1] / plain
    print(
        f"\ntarget: gradient <= 3x the plain analysis ({ratio:.2f}x: {'met' if ratio <= 3 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
