"""Retries of remote requests (remote.py): which faults are retried, how long it waits, when it
gives up, and the concurrency of a Pool; with a fake clock, no server."""

from __future__ import annotations

import random
import threading
import time

import pytest
from gradio_sentimentpanel.analysis.remote import Pool, RemoteError, RetryPolicy, classify, with_retries


class Response:
    def __init__(self, status: int, text: str = "", headers: dict | None = None):
        self.status_code = status
        self.text = text
        self.headers = headers or {}


class HTTPStatusError(Exception):
    def __init__(self, status: int, text: str = "", headers: dict | None = None):
        super().__init__(f"status {status}")
        self.response = Response(status, text, headers)


class RemoteProtocolError(Exception):  # named like httpx's
    pass


class ReadTimeout(Exception):  # named like httpx's and requests'
    pass


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def failing(*errors):
    """An attempt that raises ``errors`` in turn, then answers "ok"; counts its calls."""
    calls = []

    def attempt():
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "ok"

    attempt.calls = calls
    return attempt


def run(attempt, policy=RetryPolicy(), clock=None):
    clock = clock or Clock()
    return with_retries(
        attempt, policy, endpoint="http://x/y", where="sentences[3]", rng=random.Random(1), sleep=clock.sleep, clock=clock
    )


@pytest.mark.parametrize("status", [408, 429, 502, 503, 504])
def test_busy_statuses_are_retried(status):
    attempt = failing(HTTPStatusError(status), HTTPStatusError(status))
    assert run(attempt) == "ok" and len(attempt.calls) == 3


@pytest.mark.parametrize("status", [400, 401, 404, 422, 500])
def test_other_statuses_fail_at_once_with_the_body(status):
    attempt = failing(HTTPStatusError(status, '{"error": "bad input"}'))
    with pytest.raises(RemoteError) as info:
        run(attempt)
    assert len(attempt.calls) == 1
    assert info.value.status == status and info.value.attempts == 1
    assert str(info.value).startswith(f"http://x/y answered HTTP {status}: {{\"error\": \"bad input\"}} for sentences[3]")


@pytest.mark.parametrize(
    "error", [TimeoutError("t"), ReadTimeout("t"), ConnectionResetError("r"), RemoteProtocolError("peer closed")]
)
def test_timeouts_and_dropped_connections_are_retried(error):
    assert run(failing(error)) == "ok"


def test_a_bug_is_not_a_remote_fault_and_propagates_unchanged():
    with pytest.raises(KeyError):
        run(failing(KeyError("label")))
    assert classify(ValueError("x")) is None


def test_backoff_doubles_with_full_jitter_up_to_the_cap():
    policy = RetryPolicy(base=0.5, cap=3.0, attempts=100, deadline=1e9)
    clock = Clock()
    attempt = failing(*[HTTPStatusError(503)] * 8)
    run(attempt, policy, clock)
    ceilings = [min(3.0, 0.5 * 2**k) for k in range(8)]
    assert all(0 <= s <= c for s, c in zip(clock.sleeps, ceilings, strict=True))
    assert len(set(clock.sleeps)) == 8  # jittered, not a fixed schedule
    assert max(clock.sleeps[4:]) > 1.0  # it does grow


def test_retry_after_is_honoured():
    clock = Clock()
    run(failing(HTTPStatusError(429, headers={"Retry-After": "2.5"})), clock=clock)
    assert clock.sleeps == [2.5]


def test_it_gives_up_before_the_deadline_and_says_so():
    clock = Clock()
    policy = RetryPolicy(deadline=5.0, base=1.0, cap=1.0, attempts=1000)
    with pytest.raises(RemoteError) as info:
        run(failing(*[HTTPStatusError(503, "loading")] * 1000), policy, clock)
    assert clock.now < 5.0
    assert "gave up after" in str(info.value) and "5 s deadline" in str(info.value)
    assert info.value.attempts == len(clock.sleeps) + 1


def test_it_gives_up_after_the_attempts():
    with pytest.raises(RemoteError, match="gave up after 3 attempts"):
        run(failing(*[TimeoutError()] * 5), RetryPolicy(attempts=3))


def test_a_pool_keeps_the_order_and_the_limit():
    pool = Pool(3)
    state = {"now": 0, "peak": 0}
    lock = threading.Lock()

    def request(x, i, stop):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(random.Random(i).uniform(0, 0.02))
        with lock:
            state["now"] -= 1
        return x * 10

    assert pool.map(request, list(range(20))) == [x * 10 for x in range(20)]
    assert state["peak"] == 3


def test_a_pool_raises_the_first_failure_and_stops_the_rest():
    pool = Pool(4)
    started = []

    def request(x, i, stop):
        started.append(i)
        if i == 2:
            raise RemoteError("boom", endpoint="e", status=500, where=f"input {i}", attempts=1)
        return with_retries(
            lambda: (_ for _ in ()).throw(HTTPStatusError(503)), RetryPolicy(deadline=30), endpoint="e", where="w", stop=stop
        )

    t0 = time.perf_counter()
    with pytest.raises(RemoteError, match="boom"):
        pool.map(request, list(range(40)))
    assert time.perf_counter() - t0 < 5  # the retrying requests were stopped, not waited out
    assert len(started) < 40  # the ones not started were cancelled
