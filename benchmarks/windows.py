"""Windows for over-long sentences: three ways to cut them, timed on the same sentences.

- *planned, batched* (what the Analyzer does): windows planned from the sentence's own tokens
  and measured in one batched tokenizer call; one by one only from a window that does not fit.
- *measured one by one*: each window re-tokenised (and shrunk) before the next is planned.
- *tokenizer overflow*: the fast tokenizer's own ``return_overflowing_tokens`` with a stride.
  Its windows end wherever the token budget does (inside words too), so the Analyzer does not
  use it; it is here as the floor of what the tokenizer can do itself.

    .venv/bin/python benchmarks/windows.py [--sentences 200] [--words 1500] [--repeat 3]

Prints the time per sentence for each (the first two include the one batched tokenisation of
all sentences that finds the over-long ones and their token offsets) and the windows each makes.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from _common import PEOPLE, PLACES, table

from gradio_sentimentpanel.analysis.windows import _measured, _own, model_window, token_windows

WORDS = "the of and to in a is that for it as was with be by on not he this are or his from".split()


def sentence(words: int, rng: random.Random) -> str:
    pool = WORDS + [w for name in PEOPLE + PLACES for w in name.split()] + ["Zürich", "naïve", "co-operate", "3.14"]
    return " ".join(rng.choice(pool) for _ in range(words)) + "."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--words", type=int, default=1500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from tiny_models import NER_LABELS, build_tiny_bert
    from transformers import pipeline

    rng = random.Random(0)
    pieces = [sentence(args.words, rng) for _ in range(args.sentences)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_tiny_bert(Path(tmp) / "ner", "token-classification", NER_LABELS, max_positions=512)
        pipe = pipeline("token-classification", model=str(folder))
        tok = pipe.tokenizer
        limit = model_window(pipe)
        overlap = limit // 4

        def count(texts: list[str]) -> list[int]:
            return [len(ids) for ids in tok(texts, add_special_tokens=False, verbose=False)["input_ids"]]

        def token_offsets() -> list[list[tuple[int, int]]]:
            # the Analyzer tokenises every sentence once, in one batched call, to find the long ones
            enc = tok(pieces, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
            return [[tuple(o) for o in mapping] for mapping in enc["offset_mapping"]]

        offsets = token_offsets()

        def planned() -> int:
            return sum(len(token_windows(p, o, limit, overlap, count)) for p, o in zip(pieces, token_offsets()))

        def one_by_one() -> int:
            return sum(
                len(_own(_measured(p, o, limit, overlap, 0, count), len(p))) for p, o in zip(pieces, token_offsets())
            )

        def overflow() -> int:
            enc = tok(
                pieces, add_special_tokens=False, truncation=True, max_length=limit, stride=overlap,
                return_overflowing_tokens=True, return_offsets_mapping=True, verbose=False,
            )
            return len(enc["input_ids"])

        rows = []
        same = [token_windows(p, o, limit, overlap, count) for p, o in zip(pieces, offsets)] == [
            _own(_measured(p, o, limit, overlap, 0, count), len(p)) for p, o in zip(pieces, offsets)
        ]
        timings = {}
        for name, fn in (("planned, batched", planned), ("measured one by one", one_by_one), ("tokenizer overflow", overflow)):
            best = float("inf")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                windows = fn()
                best = min(best, time.perf_counter() - t0)
            timings[name] = best
            rows.append([name, f"{best / len(pieces) * 1000:.2f}", windows])
        base = timings["measured one by one"]
        for row in rows:
            row.append(f"{base / timings[row[0]]:.2f}x")
    print(f"{args.sentences} sentences of {args.words} words; window {limit} tokens, overlap {overlap}")
    print(table(["method", "ms / sentence", "windows", "speed vs one by one"], rows))
    print(f"planned, batched gives the same windows as one by one: {same}")


if __name__ == "__main__":
    main()
