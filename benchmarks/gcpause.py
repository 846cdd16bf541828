"""Whether pausing the cyclic garbage collector pays in ``SentimentPanel.postprocess`` and
``preprocess``.

Building a PanelData of N entities allocates a few objects per entity, none of them in a
reference cycle; the collector runs every few hundred allocations and, now and then, a full pass
over every object in the process. This prints, for values of N entities (a sentence per four
entities), the median and worst time of ``postprocess`` (the value as dicts) and ``preprocess``
(the value as it comes from the browser) with the collector paused for the call and left on,
the two interleaved in one run, first in a process holding what a Gradio app holds, then after
torch and transformers are imported and a small pipeline is loaded (many more objects for a
full pass to walk).

    .venv/bin/python benchmarks/gcpause.py [--sizes 20000 100000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import build_tiny_bert
from gradio_sentimentpanel import PanelData, SentimentPanel, gcpause
from gradio_sentimentpanel import sentimentpanel as component
from gradio_sentimentpanel.limits import Received
from recheck import document


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(panel: SentimentPanel, n: int, repeat: int) -> dict[tuple[str, str], list[float]]:
    raw = document(n)
    wire = panel.postprocess(raw).model_dump()
    assert len(wire["entities"]) == n
    calls = {
        "postprocess": lambda: panel.postprocess(raw),
        "preprocess": lambda: panel.preprocess(Received(wire)),
    }
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeat):
        for name, call in calls.items():
            for mode in ("paused", "on"):
                if mode == "paused":
                    t = timed(call)
                else:
                    with mock.patch.object(component, "paused_gc", contextlib.nullcontext):
                        assert gc.isenabled()
                        t = timed(call)
                times.setdefault((name, mode), []).append(t)
    return times


def table(heap: str, panel: SentimentPanel, sizes: list[int], repeat: int) -> None:
    print(f"\n{heap}: {len(gc.get_objects()):,} objects tracked by the collector\n")
    print("| entities | call | paused: median ms | paused: worst ms | on: median ms | on: worst ms | median saved |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        times = measure(panel, n, repeat)
        for name in ("postprocess", "preprocess"):
            paused, on = times[(name, "paused")], times[(name, "on")]
            mp, mo = statistics.median(paused), statistics.median(on)
            print(
                f"| {n:,} | {name} | {mp:.1f} | {max(paused):.1f} | {mo:.1f} | {max(on):.1f} | "
                f"{(mo - mp) / mo:+.0%} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    assert gcpause.paused_gc is component.paused_gc
    panel = SentimentPanel()
    assert isinstance(panel.postprocess("x"), PanelData)
    table("A Gradio app", panel, args.sizes, args.repeat)
    from transformers import pipeline

    with tempfile.TemporaryDirectory() as folder:
        model = build_tiny_bert(Path(folder) / "ner", "token-classification", ["O", "B-PER", "I-PER"])
        pipe = pipeline("token-classification", model=str(model), device="cpu")
        assert pipe("Ada") is not None
        table("The same with torch, transformers and a pipeline loaded", panel, args.sizes, args.repeat)


if __name__ == "__main__":
    main()
