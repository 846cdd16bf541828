"""The fair-load scenario of benchmarks/load.py: short requests while two long pastes run.

The same short texts are sent one after another to an idle server, then again while two long
texts (each over the demo's long-text threshold) are being analysed; their latencies are
compared, and what became of the long ones is reported: finished, how many streamed updates,
every sentence there.
"""

from __future__ import annotations

import threading
import time

SHORTS = [
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
    "I love this phone, the battery lasts forever!",
    "The hotel in Rome was terrible and the staff rude.",
    "Google opened an office in Zurich; the city is thrilled.",
]


def _latencies(client, choice, count: int, keep_going=lambda: True) -> list[float]:
    out = []
    for i in range(count):
        if not keep_going():
            break
        text = SHORTS[i % len(SHORTS)]
        t0 = time.perf_counter()
        value = client.predict(text, *choice, api_name="/analyze")[0]
        out.append(time.perf_counter() - t0)
        if value.get("text") != text:
            raise AssertionError(f"wrong result for a short text: {str(value)[:200]}")
    return out


def fair_load(base: str, choice: tuple[str, str], long_text: str, shorts: int, percentile) -> tuple[list, list[str]]:
    """Rows for the table, and the problems found (empty when the target is met)."""
    from gradio_client import Client

    client = Client(base, verbose=False)
    _latencies(client, choice, 2)  # warm up
    idle = _latencies(client, choice, shorts)

    results: list[dict] = [{}, {}]

    def run_long(k: int) -> None:
        t0 = time.perf_counter()
        try:
            job = Client(base, verbose=False).submit(long_text, *choice, api_name="/analyze")
            results[k]["final"] = job.result(timeout=3600)[0]
            results[k]["updates"] = len(job.outputs())
        except Exception as err:  # noqa: BLE001 - reported below
            results[k]["error"] = f"{type(err).__name__}: {err}"
        results[k]["seconds"] = time.perf_counter() - t0

    workers = [threading.Thread(target=run_long, args=(k,)) for k in range(2)]
    for w in workers:
        w.start()
    time.sleep(1.0)  # both long texts are in
    busy = _latencies(client, choice, shorts * 4, keep_going=lambda: any(w.is_alive() for w in workers))
    for w in workers:
        w.join(3600)

    problems = []
    p50_idle, p95_idle = percentile(idle, 0.5), percentile(idle, 0.95)
    p50, p95 = percentile(busy, 0.5), percentile(busy, 0.95)
    ratio = p50 / p50_idle if busy else float("nan")  # the median: a handful of samples make a noisy p95
    ratio95 = p95 / p95_idle if busy else float("nan")
    rows = [
        ["short texts, idle server", len(idle), f"{p50_idle:.2f}", f"{p95_idle:.2f}", "1.00x / 1.00x"],
        ["short texts, two long pastes running", len(busy), f"{p50:.2f}", f"{p95:.2f}", f"{ratio:.2f}x / {ratio95:.2f}x"],
    ]
    if len(busy) < 3:
        problems.append(f"only {len(busy)} short requests ran while the long texts did: make them longer")
    if not ratio <= 3.0:
        problems.append(f"short requests took {ratio:.1f}x their idle median while long texts ran (target 3x)")
    for k, r in enumerate(results):
        final = r.get("final")
        whole = isinstance(final, dict) and final.get("text") == long_text and len(final.get("sentences", [])) > 0
        rows.append([
            f"long paste {k + 1} ({len(long_text) / 1e6:.1f} MB)",
            1,
            f"{r.get('seconds', float('nan')):.0f}",
            "-",
            f"finished, {r.get('updates', 0)} updates, {len(final.get('sentences', [])):,} sentences"
            if whole else f"FAILED: {r.get('error', str(final)[:200])}",
        ])
        if not whole:
            problems.append(f"long paste {k + 1} was not analysed in full")
    return rows, problems
