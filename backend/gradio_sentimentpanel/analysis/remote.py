"""Calling models on inference servers: many requests at once, retried when the fault passes.

A :class:`Pool` runs the requests of one batch at most ``concurrency`` at a time on its worker
threads and hands the answers back in input order. Each request goes through
:func:`with_retries`: an answer of 408, 429, 502, 503 or 504 (a busy server, a model still
loading), a timed-out request and a dropped connection are tried again after an exponential
backoff with full jitter (or the server's ``Retry-After``), as long as the next attempt can
start before the request's deadline. Any other fault, or one that outlasts the deadline, ends
the request with a :class:`RemoteError` naming the endpoint, the HTTP status, the input and the
attempts made. An answer is never duplicated: each input has one slot, filled once.

Clients of ``huggingface_hub`` (sync or async, ``requests`` or ``httpx`` underneath) are read by
duck typing, so nothing here imports them.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["RETRY_STATUSES", "Abandoned", "Pool", "RemoteError", "RetryPolicy", "classify", "with_retries"]

T = TypeVar("T")

# statuses that say "not now" rather than "not this": worth another attempt
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})

# exception class names (anywhere in the class's MRO) of a connection that failed or dropped,
# from httpx, requests, urllib3 and aiohttp
_CONNECTION_ERRORS = frozenset(
    {
        "ConnectError",
        "ReadError",
        "WriteError",
        "RemoteProtocolError",
        "LocalProtocolError",
        "NetworkError",
        "ProtocolError",
        "ConnectionError",
        "ChunkedEncodingError",
        "IncompleteRead",
        "ClientConnectionError",
        "ServerDisconnectedError",
        "ClientPayloadError",
    }
)
_TIMEOUT_ERRORS = frozenset({"TimeoutException", "Timeout", "ReadTimeout", "ConnectTimeout", "PoolTimeout"})


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying one request.

    ``deadline``: seconds from a request's first attempt after which no new attempt starts.
    ``base``: the first backoff in seconds, doubled after each failed attempt, at most ``cap``;
    the wait is drawn uniformly between 0 and that (full jitter), so clients that failed together
    do not come back together. ``attempts``: at most this many attempts, whatever the deadline.
    """

    deadline: float = 120.0
    base: float = 0.25
    cap: float = 8.0
    attempts: int = 12

    def backoff(self, failed: int, rng: random.Random) -> float:
        """The wait after ``failed`` failed attempts (1, 2, ...)."""
        return rng.uniform(0.0, min(self.cap, self.base * 2 ** (failed - 1)))


class RemoteError(RuntimeError):
    """A request to an inference server failed for good.

    Attributes: ``endpoint`` (URL or model id), ``status`` (the last HTTP status, None when no
    answer came), ``where`` (which input, e.g. "sentences[17]"), ``attempts``.
    """

    def __init__(self, message: str, *, endpoint: str, status: int | None, where: str, attempts: int):
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status
        self.where = where
        self.attempts = attempts


class Abandoned(Exception):
    """A request given up because another one of its batch failed for good."""


@dataclass
class _Fault:
    retry: bool
    status: int | None
    what: str  # e.g. "answered HTTP 503 (Model is loading)", "timed out", "dropped the connection"
    wait: float | None = None  # the server's Retry-After, seconds


def _names(err: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(err).__mro__}


def _status(err: BaseException) -> tuple[int | None, Any]:
    for source in (err, getattr(err, "__cause__", None)):
        response = getattr(source, "response", None)
        status = getattr(response, "status_code", None) if response is not None else None
        if status is None:
            status = getattr(source, "status", None)  # aiohttp
        if isinstance(status, int):
            return status, response
    return None, None


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None  # an HTTP date: fall back to our own backoff


def _body(response: Any) -> str:
    try:
        text = response.text
    except Exception:  # noqa: BLE001 - a streamed body already closed: the status says enough
        return ""
    text = " ".join(str(text).split())
    return text[:200] + ("..." if len(text) > 200 else "")


def classify(err: BaseException) -> _Fault | None:
    """What a client's exception says about the server: a fault to retry, one not to, or None
    when it is not a fault of the request at all (a bug, a bad answer) and must propagate."""
    status, response = _status(err)
    if status is not None:
        body = _body(response) if response is not None else ""
        what = f"answered HTTP {status}" + (f": {body}" if body else "")
        return _Fault(status in RETRY_STATUSES, status, what, _retry_after(response) if response is not None else None)
    names = _names(err)
    if "OfflineModeIsEnabled" in names:  # HF_HUB_OFFLINE is set: no attempt will ever be made
        return _Fault(False, None, f"cannot be reached: {err}")
    if isinstance(err, TimeoutError) or names & _TIMEOUT_ERRORS:
        return _Fault(True, None, "timed out")
    if isinstance(err, ConnectionError) or names & _CONNECTION_ERRORS:
        return _Fault(True, None, f"dropped the connection ({type(err).__name__}: {err})")
    return None


def with_retries(
    attempt: Callable[[], T],
    policy: RetryPolicy,
    *,
    endpoint: str,
    where: str,
    rng: random.Random | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    stop: threading.Event | None = None,
) -> T:
    """``attempt()`` until it answers, retrying the faults worth retrying (see the module).
    When ``stop`` is set (another request of the batch failed for good), no new attempt starts
    and the wait for one ends at once: :class:`Abandoned` is raised."""
    rng = rng or random.Random()
    started = clock()
    tries = 0
    while True:
        if stop is not None and stop.is_set():
            raise Abandoned(where)
        tries += 1
        try:
            return attempt()
        except Exception as err:
            fault = classify(err)
            if fault is None:
                raise
            elapsed = clock() - started
            wait = fault.wait if fault.wait is not None else policy.backoff(tries, rng)
            if fault.retry and tries < policy.attempts and elapsed + wait < policy.deadline:
                if stop is not None:
                    stop.wait(wait)
                else:
                    sleep(wait)
                continue
            tried = f"{tries} attempt{'s' if tries != 1 else ''} in {elapsed:.1f} s"
            if fault.retry and tries >= policy.attempts:
                why = f"gave up after {tried}"
            elif fault.retry:
                why = f"gave up after {tried}: the next attempt would pass the {policy.deadline:g} s deadline"
            else:
                why = f"not retried, {tried}"
            raise RemoteError(
                f"{endpoint} {fault.what} for {where} ({why})",
                endpoint=endpoint,
                status=fault.status,
                where=where,
                attempts=tries,
            ) from err


class Pool:
    """At most ``concurrency`` requests in flight, shared by every remote model of an Analyzer
    and every text it analyses at once. Requests run on worker threads; coroutines (async
    clients) run on one event loop thread of the pool's own, each awaited by a worker."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"Pool(concurrency={self.concurrency})"

    def _workers(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.concurrency, thread_name_prefix="sentimentpanel-remote")
            return self._executor

    def await_(self, coroutine: Any) -> Any:
        """Run ``coroutine`` on the pool's event loop and wait for it (from a worker thread)."""
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="sentimentpanel-remote-loop", daemon=True).start()
                self._loop = loop
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result()

    def map(self, request: Callable[[Any, int, threading.Event], T], inputs: Sequence[Any]) -> list[T]:
        """``request(x, i, stop)`` for every input, concurrently; the answers in input order.

        When a request fails for good, ``stop`` is set (the others start no new attempt), the
        requests not started are cancelled, the running ones are waited for (one attempt at
        most) and the failure of the first failed input is raised."""
        stop = threading.Event()
        if not inputs:
            return []
        if self.concurrency == 1 or len(inputs) == 1:
            return [request(x, i, stop) for i, x in enumerate(inputs)]
        workers = self._workers()
        futures: list[Future[T]] = [workers.submit(request, x, i, stop) for i, x in enumerate(inputs)]
        try:
            wait(futures, return_when=FIRST_EXCEPTION)
        finally:
            if not all(f.done() and f.exception() is None for f in futures):
                stop.set()
                for future in futures:
                    future.cancel()
                wait(futures)  # nothing of this batch is left running
        for future in futures:
            err = None if future.cancelled() else future.exception()
            if err is not None and not isinstance(err, Abandoned):
                raise err
        return [future.result() for future in futures]
