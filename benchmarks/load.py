"""Load and faults: the demo under many concurrent clients, and what it does with bad traffic.

Starts, in one subprocess on 127.0.0.1, the demo (demo/app.py, with tiny BERT models built on
the spot (a gazetteer NER and a word-polarity sentiment model, see tests/tiny_models.py) and
passed through its environment variables) and a small companion app that serves
the same Analyzer twice: one request at a time per worker (``/one``) and with ``batch=True``
(``/many``), plus ``/echo`` that takes a SentimentPanel value as input. Then:

1. load: ``--clients`` gradio_client clients call the demo's ``/analyze`` in a loop for
   ``--seconds``; prints requests, failures, p50/p95/max latency and requests per second;
2. batch: the same load on ``/one`` and on ``/many``, and the throughput ratio;
3. fair load: the same short texts on an idle server, then while two ``--long-mb`` megabyte
   texts are analysed (they take the long-text lane); p50/p95 of the short ones against idle,
   and what became of the long ones (target: short requests at most 3x their idle median);
4. faults, each followed by a check that the server still answers other clients:
   a client that drops its connection mid-stream; a ``--paste-mb`` megabyte paste, analysed
   in full while other clients are served (its result must hold every character); malformed
   payloads (non-JSON body, wrong argument count, wrong types, and an invalid PanelData posted
   to ``/echo``), each answered with an error that says what is wrong; a text over the demo's
   SENTIMENTPANEL_MAX_CHARS, refused with a message naming the limit.

    .venv/bin/python benchmarks/load.py                    # the full run: 32 clients, 60 s, 5 MB, two 1 MB
    .venv/bin/python benchmarks/load.py --short            # the CI form: 8 clients, 8 s, 0.2 MB, two 0.1 MB

Exits non-zero when any request failed or a fault was not handled. Only loopback is used.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from _common import ROOT, document, table
from _fair import fair_load
from tiny_models import build_ner, build_sentiment

SERVER = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, os.path.join(sys.argv[1], "demo"))
    import gradio as gr
    import app
    from gradio_sentimentpanel import PanelData, SentimentPanel
    from gradio_sentimentpanel.export import to_jsonl

    analyzer, _, _ = app.MODELS.analyzer(app.MODELS.default_sentiment, app.MODELS.default_ner)

    def one(text):
        return analyzer(text)

    def many(texts):
        return [list(analyzer.analyze_batch(texts))]

    def echo(value: PanelData) -> str:
        return to_jsonl(value)

    with gr.Blocks() as companion:
        t = gr.Textbox()
        p = SentimentPanel()
        j = gr.Textbox()
        t.submit(one, t, p, api_name="one", concurrency_limit=int(os.environ["SENTIMENTPANEL_CONCURRENCY"]))
        t.change(many, t, p, api_name="many", batch=True, max_batch_size=16, concurrency_limit=1)
        p.change(echo, p, j, api_name="echo")
    companion.queue()
    app.demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[2]), prevent_thread_lock=True, show_error=True, quiet=True)
    companion.launch(server_name="127.0.0.1", server_port=int(sys.argv[3]), show_error=True, quiet=True)
    """
)

TEXTS = [
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday. Both praised the new rail link.",
    "I love this phone, the battery lasts forever! Sadly the case from Acme is flimsy.",
    document(1200, seed=1),
    document(400, seed=2),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"{url}/config", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server at {url} did not start in {timeout} s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def hammer(url: str, api: str, args_for, clients: int, seconds: float) -> dict:
    """``clients`` threads, each with its own gradio_client, calling ``api`` until time is up."""
    from gradio_client import Client

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(k: int) -> None:
        client = Client(url, verbose=False)
        start_gate.wait()
        i = k
        while time.time() < stop_at[0]:
            args = args_for(i)
            t0 = time.perf_counter()
            try:
                out = client.predict(*args, api_name=api)
                dt = time.perf_counter() - t0
                ok = check_result(out, args[0])
                with lock:
                    (latencies.append(dt) if ok is True else failures.append(ok))
            except Exception as err:  # noqa: BLE001 - every failure is counted and reported
                with lock:
                    failures.append(f"{type(err).__name__}: {err}")
            i += clients

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    # the stop time is set before the gate opens: a worker that read it unset would stop at once
    stop_at[0] = time.time() + 3600
    start_gate.wait()
    t0 = time.time()
    stop_at[0] = t0 + seconds
    for t in threads:
        t.join(seconds + 300)
    elapsed = time.time() - t0
    return {
        "requests": len(latencies) + len(failures),
        "failures": failures,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies, default=float("nan")),
        "rps": len(latencies) / elapsed,
    }


def check_result(out, text: str):
    """True when ``out`` is (or starts with) a PanelData-shaped dict for ``text``."""
    value = out[0] if isinstance(out, (list, tuple)) else out
    if not isinstance(value, dict) or value.get("text") != text:
        return f"wrong result: {str(out)[:200]}"
    if not isinstance(value.get("entities"), list) or not isinstance(value.get("sentences"), list):
        return f"result without entities/sentences: {str(value)[:200]}"
    return True


def post(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def sse_result(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


def call_raw(base: str, api: str, data: list) -> str:
    """Submit through the plain HTTP API and return the whole event stream."""
    status, body = post(f"{base}/gradio_api/call/{api}", json.dumps({"data": data}).encode())
    if status != 200:
        return f"HTTP {status}: {body}"
    event_id = json.loads(body)["event_id"]
    return sse_result(f"{base}/gradio_api/call/{api}/{event_id}")


def still_serving(base: str, sentiment: str, ner: str) -> bool:
    from gradio_client import Client

    out = Client(base, verbose=False).predict(TEXTS[0], sentiment, ner, api_name="/analyze")
    return check_result(out, TEXTS[0]) is True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--paste-mb", type=float, default=5.0)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--long-mb", type=float, default=1.0, help="the two long texts of the fair-load scenario")
    ap.add_argument("--shorts", type=int, default=20, help="short requests per measurement of the fair-load scenario")
    ap.add_argument("--short", action="store_true", help="the CI form: 8 clients, 8 s, a 0.2 MB paste, two 0.1 MB texts")
    args = ap.parse_args()
    if args.short:
        args.clients, args.seconds, args.paste_mb, args.long_mb, args.shorts = 8, 8.0, 0.2, 0.1, 12
    max_chars = int(max(args.paste_mb, args.long_mb) * 1_000_000) + 1000

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        # the hand-weighted tiny models: entities only where a real model would find them
        sst = build_sentiment(Path(tmp) / "sst", ["NEGATIVE", "POSITIVE"])
        ner = build_ner(Path(tmp) / "ner")
        demo_port, companion_port = free_port(), free_port()
        env = dict(os.environ)
        env.update(
            SENTIMENTPANEL_SENTIMENT_MODEL=str(sst),
            SENTIMENTPANEL_NER_MODEL=str(ner),
            SENTIMENTPANEL_CONCURRENCY=str(args.concurrency),
            SENTIMENTPANEL_MAX_CHARS=str(max_chars),
            HF_HUB_OFFLINE="1",
            GRADIO_ANALYTICS_ENABLED="False",
        )
        log = open(Path(tmp) / "server.log", "w")
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(ROOT), str(demo_port), str(companion_port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        base, companion = f"http://127.0.0.1:{demo_port}", f"http://127.0.0.1:{companion_port}"
        try:
            wait_up(base, proc)
            wait_up(companion, proc)
            choice = (str(sst), str(ner))

            # 1. load on the demo
            demo_load = hammer(base, "/analyze", lambda i: (TEXTS[i % len(TEXTS)], *choice), args.clients, args.seconds)
            # 2. batch=True against one-at-a-time, same Analyzer, same load
            one = hammer(companion, "/one", lambda i: (TEXTS[i % len(TEXTS)],), args.clients, args.seconds)
            many = hammer(companion, "/many", lambda i: (TEXTS[i % len(TEXTS)],), args.clients, args.seconds)
            rows = []
            for name, r in (("demo /analyze (streaming)", demo_load), ("companion /one", one), ("companion /many (batch=True)", many)):
                rows.append([name, r["requests"], len(r["failures"]), f"{r['p50']:.2f}", f"{r['p95']:.2f}", f"{r['max']:.2f}", f"{r['rps']:.1f}"])
                problems += [f"{name}: {f}" for f in r["failures"][:5]]
                if r["requests"] == 0:
                    problems.append(f"{name}: no request completed")
                if r["failures"]:
                    problems.append(f"{name}: {len(r['failures'])} failed requests")
            print(f"{args.clients} clients, {args.seconds:g} s each, concurrency limit {args.concurrency}, tiny models")
            print(table(["endpoint", "requests", "failed", "p50 s", "p95 s", "max s", "req/s"], rows))
            print(f"batch=True throughput vs one at a time: {many['rps'] / max(one['rps'], 1e-9):.2f}x\n")

            # 3. fair load: short requests while two long texts run
            rows, fair_problems = fair_load(base, choice, document(int(args.long_mb * 1_000_000), seed=5), args.shorts, percentile)
            print(table(["fair load", "requests", "p50 s", "p95 s", "p50 / p95 vs idle, or outcome"], rows) + "\n")
            problems += fair_problems

            # 4. faults
            faults = []
            # a client that goes away mid-stream
            long_text = document(60_000, seed=3)
            status, body = post(f"{base}/gradio_api/call/analyze", json.dumps({"data": [long_text, *choice]}).encode())
            event_id = json.loads(body)["event_id"]
            with urllib.request.urlopen(f"{base}/gradio_api/call/analyze/{event_id}", timeout=60) as r:
                r.readline()  # the first event arrives, then the client hangs up
            ok = still_serving(base, *choice)
            faults.append(["client drops mid-stream", "others still served" if ok else "NOT serving"])
            problems += [] if ok else ["server stopped serving after a client dropped mid-stream"]

            # a big paste, analysed in full while others are served
            paste = document(int(args.paste_mb * 1_000_000), seed=4)
            result: dict = {}

            def analyse_paste() -> None:
                from gradio_client import Client

                t0 = time.perf_counter()
                try:
                    job = Client(base, verbose=False).submit(paste, *choice, api_name="/analyze")
                    result["final"] = job.result(timeout=3600)
                    result["partials"] = len(job.outputs())
                except Exception as err:  # noqa: BLE001 - reported below
                    result["error"] = f"{type(err).__name__}: {err}"
                result["seconds"] = time.perf_counter() - t0

            worker = threading.Thread(target=analyse_paste)
            worker.start()
            time.sleep(1.0)
            t0 = time.perf_counter()
            ok = still_serving(base, *choice)
            served_in = time.perf_counter() - t0
            worker.join(3600)
            final = result.get("final")
            panel = final[0] if isinstance(final, (list, tuple)) else None
            complete = isinstance(panel, dict) and panel.get("text") == paste and len(panel.get("sentences", [])) > 0
            faults.append([
                f"{args.paste_mb:g} MB paste",
                f"analysed whole in {result.get('seconds', float('nan')):.0f} s ({result.get('partials', 0)} "
                f"updates); another client served in {served_in:.1f} s meanwhile"
                if complete and ok else f"FAILED: {result.get('error', str(final)[:300])}",
            ])
            if not (complete and ok):
                problems.append("the big paste was not analysed in full, or blocked other clients")

            # malformed payloads
            checks = [
                ("non-JSON body", post(f"{base}/gradio_api/call/analyze", b"{not json", "application/json")),
                ("wrong argument count", post(f"{base}/gradio_api/call/analyze", json.dumps({"data": ["only one"]}).encode())),
                ("no data key", post(f"{base}/gradio_api/call/analyze", json.dumps({"text": "x"}).encode())),
            ]
            for name, (status, body) in checks:
                answered = status >= 400 or "error" in body.lower()
                if status == 200 and "event_id" in body:  # accepted into the queue: read the verdict
                    body = sse_result(f"{base}/gradio_api/call/analyze/{json.loads(body)['event_id']}")
                    answered = "event: error" in body
                faults.append([name, f"HTTP {status}: {' '.join(body.split())[:90]}" if answered else "NOT refused"])
                if not answered:
                    problems.append(f"malformed payload ({name}) was not refused")
            status, body = post(f"{base}/gradio_api/call/analyze", json.dumps({"data": ["x" * (max_chars + 1), *choice, "none", "", False]}).encode())
            verdict = sse_result(f"{base}/gradio_api/call/analyze/{json.loads(body)['event_id']}") if status == 200 else body
            named = "event: error" in verdict and f"at most {max_chars:,}" in verdict and "SENTIMENTPANEL_MAX_CHARS" in verdict
            faults.append([f"a text over {max_chars:,} characters", "refused, naming the limit" if named else f"NOT clear: {verdict[-200:]}"])
            if not named:
                problems.append("a text over the limit was not refused with a message naming it")
            bad_panel = {"text": "abc", "entities": [{"start": 0, "end": 9, "label": "X"}], "sentiment": None, "sentences": []}
            stream = call_raw(companion, "echo", [bad_panel])
            clear = "event: error" in stream and "past the end of the text" in stream
            said = " ".join(stream[stream.find("Value error"):].split())[:100]
            faults.append(["invalid PanelData to /echo", f"event: error: {said}" if clear else f"NOT clear: {stream[-200:]}"])
            if not clear:
                problems.append("an invalid PanelData was not refused with a clear message")
            ok = still_serving(base, *choice) and proc.poll() is None
            faults.append(["after all faults", "server up, serving" if ok else "DOWN"])
            if not ok:
                problems.append("server not serving after the faults")
            print(table(["fault", "outcome"], faults))
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
            if problems:
                print("\nserver log tail:\n" + (Path(tmp) / "server.log").read_text()[-3000:])
    if problems:
        print("\nPROBLEMS:\n- " + "\n- ".join(problems))
        return 1
    print("\nall requests succeeded; every fault was handled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
