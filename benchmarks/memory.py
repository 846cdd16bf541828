"""Peak memory of analysing large texts: does it stay bounded by the result?

For texts of 0.25, 0.5 and 1 MB (news-like, ~12,000 sentences per MB) it runs the Analyzer
in a fresh subprocess per size and prints a table: the Python heap peak during the call
(tracemalloc), the memory the finished PanelData holds, their ratio, and the growth of the
process's peak RSS over its baseline after loading the models. A bounded Analyzer keeps the
peak a small constant multiple of the result at every size: it does not hold per-batch copies.

    .venv/bin/python benchmarks/memory.py [--models callable|tiny] [--sizes 0.25,0.5,1]

``callable`` models (a regex NER and a word-count sentiment) isolate the Analyzer's own
memory; ``tiny`` runs real transformers pipelines on 2-layer BERTs built on the spot.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import build_models, document, table

POSITIVE = {"delighted", "thanked", "extraordinary", "recovered", "beating", "grew"}
NEGATIVE = {"disaster", "warned", "hurt", "fell", "cut", "mistakes", "critics"}
NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def regex_ner(text: str) -> list[dict]:
    return [{"start": m.start(), "end": m.end(), "entity_group": "NAME", "score": 0.9} for m in NAME.finditer(text)]


def word_sentiment(text: str) -> list[dict]:
    words = set(re.findall(r"[a-z]+", text.lower()))
    pos, neg = len(words & POSITIVE) + 1, len(words & NEGATIVE) + 1
    return [{"label": "POSITIVE", "score": pos / (pos + neg)}, {"label": "NEGATIVE", "score": neg / (pos + neg)}]


def child(megabytes: float, models: str) -> dict:
    import gc
    import resource
    import tracemalloc

    from gradio_sentimentpanel import Analyzer

    if models == "tiny":
        from transformers import pipeline

        sst_dir, ner_dir = build_models(Path(tempfile.mkdtemp()), "tiny")
        analyzer = Analyzer(
            sentiment=pipeline("text-classification", model=str(sst_dir)),
            ner=pipeline("token-classification", model=str(ner_dir), aggregation_strategy="first"),
        )
    else:
        analyzer = Analyzer(sentiment=word_sentiment, ner=regex_ner)
    text = document(int(megabytes * 1_000_000))
    analyzer(text[:2000])  # warm-up: lazy imports and caches are not the Analyzer's growth
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result = analyzer(text)
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "chars": len(text),
        "sentences": len(result.sentences),
        "entities": len(result.entities),
        "peak_mb": (peak - base) / 1e6,
        "held_mb": (held - base) / 1e6,
        "rss_growth_mb": (rss_after - rss_before) / 1e3,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", choices=["callable", "tiny"], default="callable")
    ap.add_argument("--sizes", default="0.25,0.5,1")
    ap.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.models)))
        return
    rows = []
    for mb in (float(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--models", args.models, "--child", str(mb)],
            capture_output=True, text=True, check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append([
            f"{mb:g} MB", f"{r['chars']:,}", f"{r['sentences']:,}", f"{r['entities']:,}",
            f"{r['held_mb']:.1f}", f"{r['peak_mb']:.1f}", f"{r['peak_mb'] / max(r['held_mb'], 1e-9):.2f}x",
            f"{r['rss_growth_mb']:.1f}",
        ])
    print(f"models: {args.models}")
    print(table(
        ["text", "characters", "sentences", "entities", "result MB", "peak MB (heap)", "peak / result", "peak RSS growth MB"],
        rows,
    ))


if __name__ == "__main__":
    main()
