"""Large values sent to a SentimentPanel: does the server keep answering, and what memory stays?

Two parts, each against real Gradio servers started here on 127.0.0.1 (a child process each,
stopped at the end; each also stops itself after ``--ttl`` seconds):

1. latency: a small app (a panel as the input of an event) gets one ``--mb`` megabyte value of
   each kind while ``/gradio_api/info`` is polled every 50 ms and a tiny request goes through
   another event of the same app, one after the other. The table gives the info latency (median
   and max) idle and during the big request, the tiny requests' worst time, the big request's
   time and its outcome. Kinds: ``valid`` (a text with entities, half of them with a sentiment:
   accepted), ``blank`` (entities with blank labels, as a malformed client sends them: refused
   after validation), ``text`` (a text of ``--mb`` million characters: over the default
   ``max_chars``). Modes, in the same run: ``before`` (the panel as it was: the whole validation
   by Gradio's ``model_validate`` call, on the event loop, and no size limit), ``after`` (the
   panel's defaults: size check on the loop, validation in ``preprocess``, in a worker thread)
   and ``guard`` (``after`` plus ``limits.RequestSizeLimit`` at ``--guard-mb`` in front of Gradio).
2. memory: demo/app.py (``SENTIMENTPANEL_OFFLINE=1``) in the modes above (its panels with the
   component's default limits; ``guard`` at ``--guard-mb``) and ``demo``, as the demo ships
   (its panels take no text longer than it analyses, and its ``LAUNCH`` puts a RequestSizeLimit
   in front), gets ``--requests`` values of ``--mb`` MB
   through its ``/export_jsonl`` API (the editable panel as input), each from a new session as
   from a new visitor; resident memory idle (after one small request), after them and at its
   peak.

    .venv/bin/python benchmarks/large_payloads.py                 # 20 MB, 20 requests
    .venv/bin/python benchmarks/large_payloads.py --quick         # 5 MB, 3 requests
    .venv/bin/python benchmarks/large_payloads.py --skip-memory --kinds valid text
    .venv/bin/python benchmarks/large_payloads.py --skip-latency --memory after:valid demo:valid
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")

MODES = ("before", "after", "guard", "demo")  # "demo": the memory part only
KINDS = ("valid", "blank", "text")
MEMORY_SCENARIOS = ("before:text", "after:text", "before:blank", "after:blank", "after:valid", "guard:valid", "demo:valid")

# ------------------------------------------------------------------------------- the servers


def _stop_after(seconds: float) -> None:
    def stop() -> None:
        time.sleep(seconds)
        os._exit(3)

    threading.Thread(target=stop, daemon=True).start()


def _as_before(panel) -> None:
    """The panel as it was before its size limits: Gradio's ``model_validate`` call validates
    the whole value (on the event loop) and returns the model, which Gradio then serialises for
    the session's state; ``preprocess`` passes the model on."""
    from gradio_sentimentpanel import PanelData
    from gradio_sentimentpanel.limits import SizeLimits

    panel.data_model = PanelData
    panel.max_chars = panel.max_spans = None
    panel._size_limits = SizeLimits(None, None)


def _launch(demo, port: int, mode: str, guard_bytes: int, app_kwargs: dict | None = None) -> None:
    from gradio_sentimentpanel.limits import request_size_limit

    if app_kwargs is None:
        app_kwargs = {"middleware": [request_size_limit(guard_bytes)]} if mode == "guard" else {}
    demo.launch(server_name="127.0.0.1", server_port=port, quiet=True, show_error=True, app_kwargs=app_kwargs)


def serve_panel(port: int, mode: str, guard_bytes: int) -> None:
    import gradio as gr

    from gradio_sentimentpanel import SentimentPanel

    with gr.Blocks() as demo:
        panel = SentimentPanel(interactive=True)
        summary = gr.Textbox()
        tiny = gr.Textbox()
        echoed = gr.Textbox()
        panel.change(lambda v: f"{len(v.text):,} characters, {len(v.entities):,} entities", panel, summary, api_name="count")
        tiny.submit(lambda s: s, tiny, echoed, api_name="echo")
    if mode == "before":
        _as_before(panel)
    _launch(demo, port, mode, guard_bytes)


def serve_demo(port: int, mode: str, guard_bytes: int) -> None:
    os.environ["SENTIMENTPANEL_OFFLINE"] = "1"
    from gradio_sentimentpanel import SentimentPanel
    from gradio_sentimentpanel.limits import SizeLimits, model_for

    shipped = runpy.run_path(str(ROOT / "demo" / "app.py"), run_name="large_payloads_demo")
    demo = shipped["demo"]
    for block in demo.blocks.values():
        if not isinstance(block, SentimentPanel):
            continue
        if mode == "before":
            _as_before(block)
        elif mode != "demo":  # the component's default limits, not the demo's own
            block._size_limits = SizeLimits()
            block.max_chars, block.max_spans = block._size_limits.max_chars, block._size_limits.max_spans
            block.data_model = model_for(block._size_limits)
    _launch(demo, port, mode, guard_bytes, shipped["LAUNCH"]["app_kwargs"] if mode == "demo" else None)


class Server:
    """A server child process (this file with ``--serve``), stopped on exit."""

    def __init__(self, app: str, mode: str, guard_bytes: int, ttl: float):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, __file__, "--serve", app, "--mode", mode, "--port", str(self.port),
               "--guard-bytes", str(guard_bytes), "--ttl", str(ttl)]
        self.log = open(os.devnull, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=self.log, cwd=ROOT)

    def __enter__(self) -> Server:
        import httpx

        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.base + "/gradio_api/info", timeout=5).status_code == 200:
                    config = httpx.get(self.base + "/config", timeout=30).json()
                    self.fn = {d["api_name"]: d["id"] for d in config["dependencies"] if d.get("api_name")}
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise SystemExit("the server did not start in 180 s")

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        self.log.close()

    def memory(self) -> tuple[float, float]:
        """(resident, peak resident) in MB, from /proc."""
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------- the clients


def call(base: str, fn_index: int, body: bytes, timeout: float = 600) -> tuple[str, str, float]:
    """One event through Gradio's queue, as the browser and gradio_client send it: (outcome,
    message, seconds). ``body`` is the JSON of the join request, built once."""
    import httpx

    started = time.perf_counter()
    with httpx.Client(timeout=timeout) as client:
        joined = client.post(base + "/gradio_api/queue/join", content=body, headers={"content-type": "application/json"})
        if joined.status_code != 200:
            detail = joined.json().get("detail", joined.text) if "json" in joined.headers.get("content-type", "") else joined.text
            return f"refused ({joined.status_code})", str(detail), time.perf_counter() - started
        session = _session_of(body)
        with client.stream("GET", base + "/gradio_api/queue/data", params={"session_hash": session}) as events:
            for line in events.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    seconds = time.perf_counter() - started
                    if message.get("success"):
                        return "accepted", str(message["output"]["data"][0]), seconds
                    return "refused", str(message["output"].get("error")), seconds
    return "no answer", "", time.perf_counter() - started


def _session_of(body: bytes) -> str:
    tail = body[-120:].decode("ascii", "replace")
    return tail.split('"session_hash":"', 1)[1].split('"', 1)[0]


def join_body(fn_index: int, value, session: str | None = None) -> bytes:
    """The join request's JSON, compact as a browser's JSON.stringify writes it; the session last."""
    data = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    session = session or uuid.uuid4().hex
    return f'{{"data":[{data}],"event_data":null,"fn_index":{fn_index},"trigger_id":null,"session_hash":"{session}"}}'.encode()


def with_session(body: bytes) -> bytes:
    """``body`` for a new session (a new visitor)."""
    old = _session_of(body)
    return body[: len(body) - 2 - len(old)] + uuid.uuid4().hex.encode() + b'"}'


# ------------------------------------------------------------------------------- the values

FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Radia", "Ken"]
CITY = ["Paris", "London", "Berlin", "Tokyo", "Nairobi", "Lima", "Oslo", "Cairo", "Seoul", "Quito"]
ORG = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent"]
DAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SENTIMENT = {"label": "POSITIVE", "score": 0.8, "scores": {"POSITIVE": 0.8, "NEGATIVE": 0.2}}


def valid_value(sentences: int) -> dict:
    parts, entities, pos = [], [], 0
    for k in range(sentences):
        for piece, label in ((FIRST[k % 10], "PER"), (" met colleagues from ", None), (ORG[k * 3 % 10], "ORG"),
                             (" in ", None), (CITY[k * 7 % 10], "LOC"), (" on ", None), (DAY[k % 7], "DATE"),
                             (". " if k % 5 != 4 else ".\n", None)):
            if label:
                entity = {"start": pos, "end": pos + len(piece), "label": label, "score": round(0.5 + k % 50 / 100, 2)}
                if len(entities) % 2:
                    entity["sentiment"] = SENTIMENT
                entities.append(entity)
            parts.append(piece)
            pos += len(piece)
    return {"text": "".join(parts), "entities": entities, "sentiment": SENTIMENT}


def blank_value(n: int) -> dict:
    return {"text": "x" * n, "entities": [{"start": i, "end": i + 1, "label": ""} for i in range(n)]}


def text_value(chars: int) -> dict:
    sentence = "Ada Lovelace loved Paris, but the rain in London wore her down. "
    return {"text": (sentence * (chars // len(sentence) + 1))[:chars],
            "entities": [{"start": 0, "end": 12, "label": "PER", "score": 0.99}]}


def value_of(kind: str, megabytes: float) -> dict:
    """A value of ``kind`` whose compact JSON is about ``megabytes`` MB."""
    target = megabytes * 1_000_000
    build = {"valid": valid_value, "blank": blank_value, "text": text_value}[kind]
    if kind == "text":
        return build(int(target))
    n = 2000
    for _ in range(3):  # the size per item grows with the offsets' digits: measure at the size
        size = len(json.dumps(build(n), separators=(",", ":"), ensure_ascii=False))
        n = int(n * target / size)
    return build(n)


def describe(value: dict) -> str:
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False)) / 1e6
    return f"{size:.1f} MB: {len(value['text']):,} characters, {len(value['entities']):,} entities"


# ------------------------------------------------------------------------------- part 1: latency


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def info_latency(base: str, samples: int = 10) -> list[float]:
    import httpx

    out = []
    with httpx.Client(timeout=120) as client:
        for _ in range(samples):
            started = time.perf_counter()
            client.get(base + "/gradio_api/info")
            out.append(time.perf_counter() - started)
            time.sleep(0.05)
    return out


def during(server: Server, body: bytes) -> dict:
    """Send ``body`` while polling /gradio_api/info and sending tiny requests."""
    import httpx

    busy = threading.Event()
    busy.set()
    info: list[float] = []
    tiny: list[float] = []

    def poll() -> None:
        with httpx.Client(timeout=300) as client:
            while busy.is_set():
                started = time.perf_counter()
                client.get(server.base + "/gradio_api/info")
                info.append(time.perf_counter() - started)
                time.sleep(0.05)

    def small() -> None:
        while busy.is_set():
            _, _, seconds = call(server.base, server.fn["echo"], join_body(server.fn["echo"], "hello"), timeout=300)
            tiny.append(seconds)
            time.sleep(0.05)

    threads = [threading.Thread(target=poll), threading.Thread(target=small)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    try:
        outcome, message, seconds = call(server.base, server.fn["count"], body)
    finally:
        time.sleep(0.2)
        busy.clear()
        for t in threads:
            t.join(600)
    return {"info": info, "tiny": tiny, "outcome": outcome, "message": message, "seconds": seconds}


def latency(args, values: dict[str, dict], worst: dict[str, list[float]]) -> list[list[str]]:
    rows = []
    for mode in args.modes:
        with Server("panel", mode, args.guard_bytes, args.ttl) as server:
            call(server.base, server.fn["echo"], join_body(server.fn["echo"], "warm up"))
            for kind in args.kinds:
                idle = info_latency(server.base)
                body = join_body(server.fn["count"], values[kind])
                r = during(server, body)
                rows.append([
                    mode, kind,
                    f"{_ms(statistics.median(idle))} / {_ms(max(idle))}",
                    f"{_ms(statistics.median(r['info']))} / {_ms(max(r['info']))}" if r["info"] else "-",
                    _ms(max(r["tiny"])) if r["tiny"] else "-",
                    f"{r['seconds']:.2f} s",
                    r["outcome"],
                    " ".join(r["message"].split())[:200],
                ])
                worst.setdefault(mode, []).append(max(r["info"], default=0.0))
                print(" | ".join(rows[-1]), flush=True)
    return rows


# ------------------------------------------------------------------------------- part 2: memory


def memory(args, values: dict[str, dict]) -> list[list[str]]:
    rows = []
    for scenario in args.memory:
        mode, kind = scenario.split(":")
        with Server("demo", mode, args.guard_bytes, args.ttl) as server:
            fn = server.fn["export_jsonl"]
            small = {"text": "Ada Lovelace loved Paris.", "entities": [{"start": 0, "end": 12, "label": "PER"}]}
            call(server.base, fn, join_body(fn, small))
            time.sleep(2)
            idle, _ = server.memory()
            body = join_body(fn, values[kind])
            outcomes: dict[str, int] = {}
            started = time.perf_counter()
            for _ in range(args.requests):
                outcome, _, _ = call(server.base, fn, with_session(body))
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            took = time.perf_counter() - started
            time.sleep(3)
            after, peak = server.memory()
            rows.append([
                mode, kind, f"{idle:,.0f} MB", f"{after:,.0f} MB", f"{after / idle:.2f}x", f"{peak:,.0f} MB",
                ", ".join(f"{n} {o}" for o, n in outcomes.items()), f"{took:.0f} s",
            ])
            print(" | ".join(rows[-1]), flush=True)
    return rows


# ------------------------------------------------------------------------------- main


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="the size of each large value's JSON")
    ap.add_argument("--requests", type=int, default=20, help="large values sent to the demo in the memory part")
    ap.add_argument("--modes", nargs="+", choices=MODES[:3], default=list(MODES[:3]))
    ap.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    ap.add_argument("--memory", nargs="*", default=list(MEMORY_SCENARIOS), metavar="MODE:KIND",
                    help=f"the memory part's scenarios (default: {' '.join(MEMORY_SCENARIOS)})")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--guard-mb", type=float, default=16.0, help="RequestSizeLimit's max_bytes in the guard mode, in MB")
    ap.add_argument("--quick", action="store_true", help="5 MB values, 3 requests in the memory part")
    ap.add_argument("--ttl", type=float, default=1800, help="each server stops itself after this many seconds")
    ap.add_argument("--serve", choices=("panel", "demo"), help=argparse.SUPPRESS)
    ap.add_argument("--mode", choices=MODES, default="after", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--guard-bytes", type=int, default=16_000_000, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve:
        _stop_after(args.ttl)
        (serve_panel if args.serve == "panel" else serve_demo)(args.port, args.mode, args.guard_bytes)
        return

    if args.quick:
        args.mb, args.requests = 5.0, 3
    args.guard_bytes = int(args.guard_mb * 1_000_000)
    if args.skip_memory:
        args.memory = []
    if args.skip_latency:
        args.modes = []
    for scenario in args.memory:
        mode, _, kind = scenario.partition(":")
        if mode not in MODES or kind not in KINDS:
            raise SystemExit(f"--memory: expected MODE:KIND with MODE in {MODES} and KIND in {KINDS}, got {scenario!r}")
    kinds = (set(args.kinds) if args.modes else set()) | {s.split(":")[1] for s in args.memory}
    values = {kind: value_of(kind, args.mb) for kind in sorted(kinds)}
    for kind, value in values.items():
        print(f"{kind}: {describe(value)}")
    print(f"guard: RequestSizeLimit(max_bytes={args.guard_bytes:,})\n", flush=True)

    if args.modes and args.kinds:
        worst: dict[str, list[float]] = {}
        rows = latency(args, values, worst)
        print()
        print(table(["mode", "value", "info idle (median / max)", "info during (median / max)", "tiny request (max)",
                     "big request", "outcome"], [r[:-1] for r in rows]))
        for r in rows:
            print(f"  {r[0]} / {r[1]}: {r[-1]}")
        print("target: /gradio_api/info within 500 ms while a large value is handled; the worst per mode: "
              + ", ".join(f"{m} {_ms(max(v))}" for m, v in worst.items()))
    if args.memory:
        rows = memory(args, values)
        print()
        print(f"demo/app.py (SENTIMENTPANEL_OFFLINE=1), {args.requests} values of {args.mb:g} MB to /export_jsonl, "
              "each from a new session:")
        print(table(["mode", "value", "idle RSS", "RSS after", "ratio", "peak RSS", "outcomes", "took"], rows))
        print("target: RSS after the requests within 2x idle")


if __name__ == "__main__":
    main()
