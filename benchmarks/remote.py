"""Remote models: the Analyzer over an inference server, concurrent vs one request at a time.

Starts the tests' loopback inference server (tests/inference_server.py) with tiny random
sentiment and NER pipelines behind the InferenceClient JSON contract and ``--latency`` seconds added to
every answer (a round trip to a server elsewhere), and analyses a news-like document of about
``--sentences`` sentences with ``InferenceClient`` models:

- a callable wrapping ``InferenceClient`` (what an app had to write before): one sentence at a
  time, in sequence;
- ``Analyzer(sentiment=client, ner=client, concurrency=1)``: sequential, the baseline;
- the same with ``concurrency`` 8 and 16.

It prints requests, seconds, sentences per second, the throughput against the sequential run
(same run, same server) and the most requests the server saw in flight, and checks that every
run gives the same PanelData as the local pipelines (scores to 6 decimals).

    .venv/bin/python benchmarks/remote.py [--sentences 500] [--latency 0.05] [--batch-size 16]

Target: concurrency 8 at least 5x the sequential throughput.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from _common import build_models, document, table

from inference_server import InferenceServer  # tests/, put on the path by _common


def rounded(value, digits: int = 6):
    """PanelData as plain data with its scores rounded: a callable's own normalisation may differ
    from the pipeline's in the last bits of a float."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, digits) for v in value]
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--skip-callable", action="store_true", help="leave out the callable baseline")
    args = ap.parse_args()

    os.environ.pop("HF_HUB_OFFLINE", None)  # the server is on loopback; _common sets it for model loading
    import huggingface_hub.constants as constants
    from huggingface_hub import InferenceClient
    from transformers import pipeline

    from gradio_sentimentpanel import Analyzer
    from gradio_sentimentpanel.analysis.sentences import split_sentences

    constants.HF_HUB_OFFLINE = False
    text = document(args.sentences * 120)
    spans = split_sentences(text)[: args.sentences]
    text = text[: spans[-1][1]]
    n = len(split_sentences(text))

    with tempfile.TemporaryDirectory() as tmp:
        sentiment_dir, ner_dir = build_models(Path(tmp), "tiny")
        sentiment = pipeline("text-classification", model=str(sentiment_dir), device="cpu")
        ner = pipeline("token-classification", model=str(ner_dir), aggregation_strategy="first", device="cpu")
        expected = rounded(Analyzer(sentiment, ner, batch_size=args.batch_size)(text).model_dump())
        print(f"document: {len(text):,} characters, {n} sentences; {args.latency * 1000:.0f} ms added to every answer")
        rows = []
        with InferenceServer({"sentiment": sentiment, "ner": ner}, latency=args.latency, lifetime=3600) as server:

            def client(route: str) -> InferenceClient:
                return InferenceClient(model=server.url(route), timeout=30)

            runs: list[tuple[str, Analyzer]] = []
            if not args.skip_callable:
                s, e = client("sentiment"), client("ner")
                runs.append(
                    (
                        "callable around InferenceClient",
                        Analyzer(
                            lambda t: s.text_classification(t, top_k=1000),
                            lambda t: e.token_classification(t, aggregation_strategy="first"),
                            batch_size=args.batch_size,
                        ),
                    )
                )
            for concurrency in (1, 8, 16):
                runs.append(
                    (
                        f"Analyzer, concurrency={concurrency}",
                        Analyzer(client("sentiment"), client("ner"), batch_size=args.batch_size, concurrency=concurrency),
                    )
                )
            results = {}
            for name, analyzer in runs:
                server.clear()
                t0 = time.perf_counter()
                result = analyzer(text)
                seconds = time.perf_counter() - t0
                if rounded(result.model_dump()) != expected:
                    raise SystemExit(f"{name}: the result differs from the local models'")
                results[name] = (len(server.records), seconds, server.peak_in_flight)
        base = results["Analyzer, concurrency=1"][1]
        for name, (requests, seconds, peak) in results.items():
            rows.append([name, requests, f"{seconds:.1f}", f"{n / seconds:.1f}", f"{base / seconds:.2f}x", peak])
    print(table(["run", "requests", "s", "sentences/s", "vs sequential", "peak in flight"], rows))


if __name__ == "__main__":
    main()
