"""A real inference server on 127.0.0.1 for the tests and benchmarks of remote models.

It serves transformers pipelines (the tiny models the tests build) behind the JSON contract
``huggingface_hub.InferenceClient`` speaks to an endpoint URL: ``POST /<name>`` with
``{"inputs": ..., "parameters": {...}}``; text classification answers a list holding the list of
``{"label", "score"}`` of the input, token classification a list of entity dicts. Errors are
``{"error": ...}`` with their status, as the Hugging Face servers send them.

Latency and faults are injected per route:

- ``latency``: seconds added to every answer (a number, or a function of the request number).
- :meth:`InferenceServer.inject` queues faults for the next requests of a route (or the next
  ones whose input contains ``match``): ``"503"`` (a model loading), ``"429"`` (with
  ``Retry-After``), ``"500"``, ``"slow"`` (the answer comes after ``slow`` seconds),
  ``"drop"`` (the connection closes in the middle of the answer).

Every request is recorded (route, inputs, parameters, headers, status), and the requests in
flight are counted, overall and per route. The server listens on loopback only, every sleep
is bounded, and it shuts itself down after ``lifetime`` seconds if nobody stops it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("503", "429", "500", "slow", "drop")


@dataclass
class Record:
    route: str
    inputs: Any
    parameters: dict[str, Any]
    headers: dict[str, str]
    status: int | str = 0  # the HTTP status answered, or "drop"
    at: float = field(default_factory=time.monotonic)  # when it arrived


@dataclass
class _Fault:
    kind: str
    match: str | None
    times: int | None  # None: every matching request from now on


@dataclass
class _Counts:
    now: int = 0
    peak: int = 0
    per_route: dict[str, int] = field(default_factory=dict)
    peak_per_route: dict[str, int] = field(default_factory=dict)


def _number(value: Any) -> Any:
    """numpy scalars and the like -> plain JSON numbers."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _plain(output: Any) -> Any:
    if isinstance(output, dict):
        return {k: _plain(v) for k, v in output.items()}
    if isinstance(output, (list, tuple)):
        return [_plain(v) for v in output]
    return _number(output)


class InferenceServer:
    """Pipelines served at ``http://127.0.0.1:<port>/<name>``; see the module docstring."""

    def __init__(
        self,
        models: dict[str, Any],
        *,
        latency: float | Callable[[int], float] = 0.0,
        slow: float = 2.0,
        retry_after: float = 0.2,
        lifetime: float = 600.0,
    ) -> None:
        self.models = dict(models)
        self.latency = latency
        self.slow = slow
        self.retry_after = retry_after
        self.lifetime = lifetime
        self.records: list[Record] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._counts = _Counts()
        self._lock = threading.Lock()
        self._model_lock = threading.Lock()  # pipelines (their tokenizers) are not thread-safe
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # ---- control ------------------------------------------------------------------------------

    def url(self, name: str) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/{name}"

    def inject(self, route: str, kind: str, *, times: int | None = 1, match: str | None = None) -> None:
        """The next ``times`` requests of ``route`` (whose input contains ``match``) get ``kind``."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        with self._lock:
            self._faults.setdefault(route, []).append(_Fault(kind, match, times))

    def clear(self) -> None:
        """No faults, no records, counters back to zero."""
        with self._lock:
            self._faults.clear()
            self.records.clear()
            self._counts = _Counts()

    @property
    def peak_in_flight(self) -> int:
        return self._counts.peak

    def peak_of(self, route: str) -> int:
        return self._counts.peak_per_route.get(route, 0)

    def of(self, route: str) -> list[Record]:
        return [r for r in self.records if r.route == route]

    def start(self) -> InferenceServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                try:
                    server._handle(self)
                except OSError:  # the client went away (it timed out): nothing to answer
                    self.close_connection = True

        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        serve = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        serve.start()
        timer = threading.Timer(self.lifetime, self.stop)
        timer.daemon = True
        timer.start()
        self._threads = [serve]
        self._timer = timer
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        stopping = getattr(self, "_stopping", None)
        if stopping is not None:
            stopping.set()  # wakes the handlers that sleep (latency, slow answers)
        if server is not None:
            server.shutdown()
            server.server_close()
            # no handler may be inside a model call when the interpreter exits (a daemon thread
            # killed inside torch aborts the process): wait for the one in hand, then keep the
            # models locked for good
            self._model_lock.acquire(timeout=30)
        timer = getattr(self, "_timer", None)
        if timer is not None:
            timer.cancel()

    def __enter__(self) -> InferenceServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ---- serving ------------------------------------------------------------------------------

    def _take_fault(self, route: str, inputs: Any) -> str | None:
        text = json.dumps(inputs, ensure_ascii=False)
        with self._lock:
            for fault in self._faults.get(route, []):
                if fault.match is not None and fault.match not in text:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults[route].remove(fault)
                return fault.kind
        return None

    def _enter(self, route: str) -> tuple[int, _Counts]:
        with self._lock:
            c = self._counts
            c.now += 1
            c.peak = max(c.peak, c.now)
            c.per_route[route] = c.per_route.get(route, 0) + 1
            c.peak_per_route[route] = max(c.peak_per_route.get(route, 0), c.per_route[route])
            return len(self.records), c

    def _leave(self, route: str, counts: _Counts) -> None:
        """Counted out of the counters it was counted into (a request still running when the
        counters were reset by :meth:`clear` does not disturb the new ones)."""
        with self._lock:
            counts.now -= 1
            counts.per_route[route] -= 1

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        route = h.path.strip("/").split("?")[0]
        length = int(h.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(h.rfile.read(length) or b"{}")
        except ValueError:
            self._send(h, 400, {"error": "the body is not JSON"})
            return
        inputs = payload.get("inputs")
        parameters = payload.get("parameters") or {}
        record = Record(route, inputs, dict(parameters), {k.lower(): v for k, v in h.headers.items()})
        number, counts = self._enter(route)
        try:
            with self._lock:
                self.records.append(record)
            if route not in self.models:
                record.status = 404
                self._send(h, 404, {"error": f"no model at /{route}"})
                return
            fault = self._take_fault(route, inputs)
            latency = self.latency(number) if callable(self.latency) else self.latency
            self._stopping.wait(min(max(latency, 0.0), 30.0))
            if fault == "503":
                record.status = 503
                self._send(h, 503, {"error": "Model is currently loading", "estimated_time": 0.1})
                return
            if fault == "429":
                record.status = 429
                self._send(h, 429, {"error": "Rate limit reached"}, {"Retry-After": f"{self.retry_after:g}"})
                return
            if fault == "500":
                record.status = 500
                self._send(h, 500, {"error": "the model failed on this input"})
                return
            if fault == "slow":
                self._stopping.wait(min(self.slow, 30.0))
            try:
                answer = self._answer(route, inputs, parameters)
            except Exception as err:  # noqa: BLE001 - a model error is the server's 400, as on the hub
                record.status = 400
                self._send(h, 400, {"error": f"{type(err).__name__}: {err}"})
                return
            if fault == "drop":
                record.status = "drop"
                self._drop(h, answer)
                return
            record.status = 200
            self._send(h, 200, answer)
        finally:
            self._leave(route, counts)

    def _answer(self, route: str, inputs: Any, parameters: dict[str, Any]) -> Any:
        pipe = self.models[route]
        with self._model_lock:
            if pipe.task in ("token-classification", "ner"):
                out = pipe(inputs, **{k: v for k, v in parameters.items() if v is not None})
                return _plain(out)
            kwargs = {k: v for k, v in parameters.items() if k in ("top_k", "function_to_apply")}
            out = _plain(pipe(inputs, **kwargs))
        if isinstance(out, dict):
            out = [out]
        if out and isinstance(out[0], dict):
            out = [out]  # one input: the list of the lists of labels
        return out

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.end_headers()
        h.wfile.write(data)
        h.wfile.flush()

    @staticmethod
    def _drop(h: BaseHTTPRequestHandler, body: Any) -> None:
        """Promise the whole answer, send half of it, close the connection."""
        data = json.dumps(body).encode()
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[: max(1, len(data) // 2)])
        h.wfile.flush()
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
