"""compare(): how long the agreement of two analyses of one text takes, against showing one.

A news-like text with N entities on each side: the candidate's entities are a reference's with
label changes, shifted boundaries (overlap matches, not exact ones), nested entities, entities
left out and added, a sentiment on each entity and sentence (a share of them changed). Each
size is timed as ``compare(reference, candidate)`` of two ``PanelData`` values,
``compare(value)`` of one value carrying the reference (what the panel's figures are made
from), and, as the baseline, ``SentimentPanel().postprocess(candidate)`` of the same candidate
(what showing it costs), all in this run; the best of ``--repeat`` runs each, wall-clock time,
and for ``compare(reference, candidate)`` also the process's CPU time (closer to the
wall-clock time of an idle machine when other work shares the cores; the load average is
printed).

    .venv/bin/python benchmarks/compare.py                # 1,000 / 20,000 / 100,000 entities
    .venv/bin/python benchmarks/compare.py --sizes 20000 --repeat 9
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from gradio_sentimentpanel import PanelData, SentimentPanel, compare  # noqa: E402

LABELS = ["PER", "LOC", "ORG", "MISC"]
SENTIMENTS = ["POSITIVE", "NEGATIVE", "NEUTRAL"]
WORDS = "the exports from grew by percent beating forecasts analysts warned that slowdown could hurt jobs".split()


def _sentiment(rng: random.Random) -> dict:
    label = rng.choice(SENTIMENTS)
    score = round(rng.uniform(0.34, 1.0), 3)
    rest = (1.0 - score) / 2
    return {"label": label, "score": score, "scores": {s: score if s == label else rest for s in SENTIMENTS}}


def analyses(n: int, seed: int = 0) -> tuple[PanelData, PanelData, PanelData]:
    """(reference, candidate, candidate carrying the reference): ``n`` entities each side."""
    rng = random.Random(seed)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    while len(spans) < n:  # a word every few is an entity
        word = rng.choice(WORDS).capitalize() if rng.random() < 0.3 else rng.choice(WORDS)
        if word[0].isupper():
            spans.append((pos, pos + len(word)))
        words.append(word)
        pos += len(word) + 1
        if rng.random() < 0.08:
            words[-1] += "."
            pos += 1
    text = " ".join(words)
    sentences = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "." or i == len(text) - 1:
            sentences.append((start, i + 1))
            start = i + 2
    reference, candidate = [], []
    for start, end in spans:
        label = rng.choice(LABELS)
        sentiment = _sentiment(rng)
        reference.append({"start": start, "end": end, "label": label, "sentiment": sentiment})
        r = rng.random()
        if r < 0.70:  # the same, sometimes with another sentiment
            candidate.append({"start": start, "end": end, "label": label, "sentiment": sentiment if rng.random() < 0.8 else _sentiment(rng)})
        elif r < 0.80:  # another label
            candidate.append({"start": start, "end": end, "label": rng.choice([x for x in LABELS if x != label]), "sentiment": sentiment})
        elif r < 0.88:  # a shifted boundary: overlaps, not exact
            candidate.append({"start": start, "end": min(len(text), end + rng.randint(1, 6)), "label": label})
        elif r < 0.94:  # nested: the word and a longer span around it
            candidate.append({"start": start, "end": end, "label": label})
            candidate.append({"start": max(0, start - 4), "end": min(len(text), end + 4), "label": label})
        # else left out of the candidate
    while len(candidate) < n:  # added: spans the reference does not have
        start = rng.randrange(len(text) - 8)
        candidate.append({"start": start, "end": start + rng.randint(1, 8), "label": rng.choice(LABELS)})
    candidate = candidate[:n]
    ref_sentences = [{"start": s, "end": e, "sentiment": _sentiment(rng)} for s, e in sentences]
    cand_sentences = [
        {**s, "sentiment": s["sentiment"] if rng.random() < 0.8 else _sentiment(rng)} for s in ref_sentences
    ]
    ref = PanelData.model_validate({"text": text, "entities": reference, "sentences": ref_sentences})
    cand = PanelData.model_validate({"text": text, "entities": candidate, "sentences": cand_sentences})
    both = PanelData.model_validate(
        {"text": text, "entities": candidate, "sentences": cand_sentences,
         "reference": {"name": "gold", "entities": reference, "sentences": ref_sentences}}
    )
    return ref, cand, both


def best(fn, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(str(c).rjust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    panel = SentimentPanel()
    rows = []
    for n in args.sizes:
        ref, cand, both = analyses(n)
        two = best(lambda: compare(ref, cand), args.repeat)
        two_cpu = best(lambda: compare(ref, cand), args.repeat, time.process_time)
        one = best(lambda: compare(both), args.repeat)
        shown = best(lambda: panel.postprocess(cand), args.repeat)
        figures = compare(ref, cand)
        rows.append([
            f"{n:,}", f"{len(ref.sentences):,}", f"{two * 1000:.1f}", f"{two_cpu * 1000:.1f}", f"{one * 1000:.1f}", f"{shown * 1000:.1f}",
            f"{two / shown:.2f}", f"{figures.entities.f1:.3f}", f"{figures.entities.overlap.f1:.3f}",
            f"{figures.sentences.kappa:.3f}",
        ])
    print(table(
        ["entities a side", "sentences", "compare(ref, cand) ms", "its CPU ms", "compare(value) ms", "postprocess ms",
         "compare / postprocess", "F1", "overlap F1", "sentence kappa"],
        rows,
    ))
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"\nbest of {args.repeat} runs each (CPU: the process's CPU time); Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores{load}")


if __name__ == "__main__":
    main()
