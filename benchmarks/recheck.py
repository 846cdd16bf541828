"""What checking a PanelData again on postprocess costs, against the dict path.

A PanelData can be changed after it was built (``value.entities[0].end = 99``), so
``SentimentPanel.postprocess`` validates a PanelData again instead of trusting it. This prints,
for documents of N entities (and one sentence with a sentiment distribution per four entities):
the time of ``postprocess`` given the value as plain dicts (what a handler returning raw
pipeline output or JSON pays), given a PanelData (checked again), and of building the PanelData
once more from ``model_dump()`` (a naive recheck), best of --repeat runs each.

    .venv/bin/python benchmarks/recheck.py [--sizes 1000 20000 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from gradio_sentimentpanel import PanelData, SentimentPanel  # noqa: E402

WORDS = ["Ada", "met", "Bob", "in", "Paris", "and", "they", "liked", "London", "a", "lot."]


def document(n: int) -> dict:
    """A text with ``n`` entities (one every other word) and a sentence every eight words."""
    words, entities, sentences = [], [], []
    pos, sentence_start = 0, 0
    for i in range(2 * n):
        word = WORDS[i % len(WORDS)]
        if i % 2 == 0:
            entities.append({"start": pos, "end": pos + len(word), "label": ("PER", "LOC", "ORG")[i % 3], "score": 0.9})
        words.append(word)
        pos += len(word)
        if i % 8 == 7:
            scores = {"NEGATIVE": 0.45 - (i % 4) / 10, "POSITIVE": 0.55 + (i % 4) / 10}
            sentences.append(
                {"start": sentence_start, "end": pos, "sentiment": {"label": "POSITIVE", "score": scores["POSITIVE"], "scores": scores}}
            )
            sentence_start = pos + 1
        pos += 1
    return {"text": " ".join(words), "entities": entities, "sentences": sentences}


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000, 100000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    panel = SentimentPanel()
    print("| entities | dict path ms | PanelData, checked again ms | ratio | model_dump + validate ms |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        raw = document(n)
        value = panel.postprocess(raw)
        assert isinstance(value, PanelData) and len(value.entities) == n
        dict_ms = best(lambda: panel.postprocess(raw), args.repeat)
        again_ms = best(lambda: panel.postprocess(value), args.repeat)
        dump_ms = best(lambda: PanelData.model_validate(value.model_dump()), args.repeat)
        print(f"| {n:,} | {dict_ms:.1f} | {again_ms:.1f} | {again_ms / dict_ms:.2f}x | {dump_ms:.1f} |")


if __name__ == "__main__":
    main()
