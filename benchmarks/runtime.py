"""Runtimes: the Analyzer's models on torch fp32, ONNX Runtime fp32 and ONNX Runtime int8.

Builds BERT-base-size sentiment and NER models and a DeBERTa-v3-base-size pair (aspect) model,
random weights, in a temporary folder, and for each runtime, each in a fresh subprocess:

- start: ``Analyzer.from_pretrained`` and the aspect pipeline until the models are ready
  (torch, transformers and onnxruntime already imported); for ONNX the first start (export into
  an empty cache) and the second (from the cache);
- sentences/s of the Analyzer end to end (sentiment + NER) over a ~50,000-character report;
- aspect mentions/s: the pair model's own time for the mentions of the first
  ``--aspect-chars`` characters (NER entities, each judged in its sentence);
- peak resident memory of the process (``ru_maxrss``) and what loading the three models added
  to it (resident memory after loading them minus before);
- agreement with torch fp32: sentence labels, entity (start, end, label) F1, aspect labels of
  the mentions both found, the largest difference of a probability; and the same on the
  hand-weighted test models (tests/tiny_models.py), whose answers are decided by given words.

    .venv/bin/python benchmarks/runtime.py [--chars 50000] [--aspect-chars 10000] [--size base|tiny]

Targets: ONNX int8 >= 4x torch fp32 sentences/s, aspect pass >= 3x; hand-weighted models: the
same labels and entities; random base-size models: >= 98 % sentence labels, entity F1 >= 0.9;
a start from the cache <= 2x a torch start; int8 models' memory <= half of fp32's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, document, table

HAND_TEXT = " ".join(
    [
        "Angela Merkel met Ada Lovelace in Paris and loved it.",
        "The food in London was terrible and the staff were rude.",
        "Apple opened a new office in Tokyo.",
        "Acme was at the Olympics, a great and happy week.",
        "Google hated Berlin.",
        "The service was bad and rude, but Zurich was great, said Dr Smith.",
        "They met in the city on Monday.",
        "We loved the wonderful staff in Zurich.",
        "The awful report about Google was bad.",
    ]
    * 4
)
RUNS = [("torch fp32", "torch", None), ("ONNX fp32", "onnx", None), ("ONNX int8", "onnx", "int8")]


# ------------------------------------------------------------------------------ the worker


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def worker(spec: dict) -> dict:
    import resource

    import torch  # noqa: F401  (imports are not part of a start: only loading the models is)
    import transformers  # noqa: F401
    from gradio_sentimentpanel import Analyzer, load_pipeline

    if spec["runtime"] == "onnx":
        import onnxruntime  # noqa: F401
    options = {"runtime": spec["runtime"]}
    if spec["runtime"] == "onnx":
        options.update(quantize=spec["quantize"], cache_dir=spec["cache"])
    out: dict = {}
    before = rss_mb()
    t0 = time.perf_counter()
    analyzer = Analyzer.from_pretrained(spec["sst"], spec["ner"], batch_size=spec["batch_size"], **options)
    aspect = load_pipeline("aspect", spec["pair"], **options)
    out["start"] = time.perf_counter() - t0
    out["models_mb"] = rss_mb() - before
    if spec["mode"] == "start":
        return out

    text = Path(spec["text"]).read_text(encoding="utf-8")
    analyzer(text[:2000])  # warm-up: first-call set-up is not throughput
    t0 = time.perf_counter()
    result = analyzer(text)
    seconds = time.perf_counter() - t0
    out["sentences"] = len(result.sentences)
    out["sentences_per_s"] = len(result.sentences) / seconds
    out["sentence_labels"] = [s.sentiment.label for s in result.sentences]
    out["sentence_scores"] = [s.sentiment.scores for s in result.sentences]
    out["entities"] = [(e.start, e.end, e.label) for e in result.entities]

    spent = [0.0]
    call = type(aspect).__call__

    class Timed(type(aspect)):
        def __call__(self, *args, **kwargs):
            t = time.perf_counter()
            try:
                return call(self, *args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t

    aspect.__class__ = Timed
    pairs = Analyzer(ner=analyzer.ner, aspect_sentiment=aspect, batch_size=spec["batch_size"])
    pairs(text[:1000])
    spent[0] = 0.0
    judged = pairs(text[: spec["aspect_chars"]])
    out["mentions"] = len(judged.entities)
    out["mentions_per_s"] = len(judged.entities) / spent[0]
    out["aspects"] = {f"{e.start}:{e.end}": e.sentiment.scores for e in judged.entities}
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    hand = Analyzer.from_pretrained(spec["hand_sst"], spec["hand_ner"], spec["hand_pair"], batch_size=8, **options)
    done = hand(HAND_TEXT)
    out["hand"] = {
        "sentence_labels": [s.sentiment.label for s in done.sentences],
        "entities": [(e.start, e.end, e.label) for e in done.entities],
        "entity_labels": [e.sentiment.label for e in done.entities],
    }
    return out


def run_worker(spec: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the {spec['runtime']} {spec.get('quantize')} worker failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- agreement


def f1(a: list, b: list) -> float:
    a, b = {tuple(x) for x in a}, {tuple(x) for x in b}
    if not a and not b:
        return 1.0
    same = len(a & b)
    return 2 * same / (len(a) + len(b))


def same_share(a: list, b: list) -> float:
    if len(a) != len(b):
        return float("nan")
    return sum(x == y for x, y in zip(a, b)) / max(1, len(a))


def largest_difference(run: dict, base: dict) -> float:
    worst = 0.0
    for x, y in zip(run["sentence_scores"], base["sentence_scores"]):
        worst = max(worst, *(abs(x[k] - y[k]) for k in x))
    for key in run["aspects"].keys() & base["aspects"].keys():
        x, y = run["aspects"][key], base["aspects"][key]
        worst = max(worst, *(abs(x[k] - y[k]) for k in x))
    return worst


def top(scores: dict) -> str:
    return max(scores, key=scores.get)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=50_000)
    ap.add_argument("--aspect-chars", type=int, default=10_000)
    ap.add_argument("--size", choices=["base", "tiny"], default="base")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return

    from tiny_models import (
        NER_LABELS,
        build_ner,
        build_pair_sentiment,
        build_sentiment,
        build_tiny_bert,
        build_tiny_deberta_pair,
    )

    base = args.size == "base"
    sizes = {"hidden_size": 768, "layers": 12, "heads": 12, "intermediate_size": 3072, "max_positions": 512}
    bert = {**sizes, "vocab_size": 30522}
    deberta = {**sizes, "vocab_size": 128100}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        spec = {
            "sst": str(build_tiny_bert(folder / "sst", "text-classification", ["NEGATIVE", "POSITIVE"], **(bert if base else {}))),
            "ner": str(build_tiny_bert(folder / "ner", "token-classification", NER_LABELS, **(bert if base else {}))),
            "pair": str(build_tiny_deberta_pair(folder / "pair", **(deberta if base else {}))),
            "hand_sst": str(build_sentiment(folder / "hand-sst", ["NEGATIVE", "POSITIVE"])),
            "hand_ner": str(build_ner(folder / "hand-ner")),
            "hand_pair": str(build_pair_sentiment(folder / "hand-pair")),
            "batch_size": args.batch_size,
            "aspect_chars": args.aspect_chars,
        }
        text = document(args.chars)
        (folder / "text.txt").write_text(text, encoding="utf-8")
        spec["text"] = str(folder / "text.txt")
        print(
            f"built {args.size} models in {time.perf_counter() - t0:.0f} s; document: {len(text):,} characters; "
            f"aspect pass over the first {args.aspect_chars:,}; {os.cpu_count()} CPUs, "
            f"{len(os.sched_getaffinity(0))} usable; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        results = {}
        for name, runtime, quantize in RUNS:
            one = {**spec, "runtime": runtime, "quantize": quantize, "cache": str(folder / "cache")}
            first = None
            if runtime == "onnx":
                first = run_worker({**one, "mode": "start"})["start"]
            results[name] = {**run_worker({**one, "mode": "run"}), "first_start": first}
            r = results[name]
            print(f"{name}: {r['sentences_per_s']:.1f} sentences/s, {r['mentions_per_s']:.1f} mentions/s", flush=True)
        load = os.getloadavg()[0]

    torch_run = results["torch fp32"]
    rows = []
    for name, r in results.items():
        aspects = sorted(r["aspects"].keys() & torch_run["aspects"].keys())
        rows.append(
            [
                name,
                f"{r['sentences_per_s']:.1f}",
                f"{r['sentences_per_s'] / torch_run['sentences_per_s']:.2f}x",
                f"{r['mentions_per_s']:.1f}",
                f"{r['mentions_per_s'] / torch_run['mentions_per_s']:.2f}x",
                "-" if r["first_start"] is None else f"{r['first_start']:.1f}",
                f"{r['start']:.1f} ({r['start'] / torch_run['start']:.2f}x)",
                f"{r['peak_mb']:.0f}",
                f"{r['models_mb']:.0f} ({r['models_mb'] / torch_run['models_mb']:.2f}x)",
                f"{100 * same_share(r['sentence_labels'], torch_run['sentence_labels']):.1f} %",
                f"{f1(r['entities'], torch_run['entities']):.3f}",
                f"{100 * same_share([top(r['aspects'][k]) for k in aspects], [top(torch_run['aspects'][k]) for k in aspects]):.1f} %",
                f"{largest_difference(r, torch_run):.4f}",
            ]
        )
    print()
    print(
        table(
            [
                "runtime",
                "sentences/s",
                "vs torch",
                "mentions/s",
                "vs torch",
                "first start s",
                "start s (vs torch)",
                "peak RSS MB",
                "models MB (vs torch)",
                "same sentence labels",
                "entity F1",
                "same aspect labels",
                "max prob diff",
            ],
            rows,
        )
    )
    hand_rows = []
    hand_torch = torch_run["hand"]
    for name, r in results.items():
        h = r["hand"]
        hand_rows.append(
            [
                name,
                f"{100 * same_share(h['sentence_labels'], hand_torch['sentence_labels']):.0f} %",
                f"{f1(h['entities'], hand_torch['entities']):.3f}",
                f"{100 * same_share(h['entity_labels'], hand_torch['entity_labels']):.0f} %",
            ]
        )
    print("\nhand-weighted test models (labels decided by given words), against torch fp32:")
    print(table(["runtime", "same sentence labels", "entity F1", "same entity sentiment"], hand_rows))
    sentences = torch_run["sentences"]
    print(
        f"\n{sentences} sentences; {torch_run['mentions']} aspect mentions; batch_size {args.batch_size}; "
        f"load average at the end {load:.2f}"
    )
    int8, fp32 = results["ONNX int8"], results["ONNX fp32"]
    checks = [
        ("int8 sentences/s >= 4x torch", int8["sentences_per_s"] >= 4 * torch_run["sentences_per_s"]),
        ("int8 aspect mentions/s >= 3x torch", int8["mentions_per_s"] >= 3 * torch_run["mentions_per_s"]),
        ("int8 sentence labels >= 98 %", same_share(int8["sentence_labels"], torch_run["sentence_labels"]) >= 0.98),
        ("int8 entity F1 >= 0.9", f1(int8["entities"], torch_run["entities"]) >= 0.9),
        ("hand-weighted: same labels and entities", all(
            r["hand"] == hand_torch for r in results.values()
        )),
        ("start from the cache <= 2x torch", max(int8["start"], fp32["start"]) <= 2 * torch_run["start"]),
        ("int8 models' memory <= half of torch fp32", int8["models_mb"] <= 0.5 * torch_run["models_mb"]),
    ]
    print("targets: " + "; ".join(f"{what} {'met' if ok else 'NOT met'}" for what, ok in checks))


if __name__ == "__main__":
    main()
