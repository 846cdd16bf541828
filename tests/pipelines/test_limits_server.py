"""Large values against a real Gradio server: refused quickly with the limit named, accepted
exactly within the defaults, validated off the event loop, and (with RequestSizeLimit in front)
the server keeps answering while a 20 MB body comes in."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import gradio as gr
import httpx
import pytest
from gradio_client import Client

from gradio_sentimentpanel import PanelData, SentimentPanel
from gradio_sentimentpanel.limits import Received, request_size_limit

SEEN: dict[str, object] = {}


class Recording(SentimentPanel):
    """Notes what preprocess was given and whether it ran on an event loop."""

    def preprocess(self, payload):
        SEEN["payload type"] = type(payload)
        try:
            asyncio.get_running_loop()
            SEEN["on the event loop"] = True
        except RuntimeError:
            SEEN["on the event loop"] = False
        return super().preprocess(payload)


def serve(*, guard: int | None = None):
    with gr.Blocks() as demo:
        panel = Recording(interactive=True)
        small = SentimentPanel(interactive=True, max_spans=1_000)
        out = SentimentPanel()
        panel.change(lambda v: v, panel, out, api_name="echo")
        small.change(lambda v: v, small, out, api_name="small")
    kwargs = {"app_kwargs": {"middleware": [request_size_limit(guard)]}} if guard else {}
    _, url, _ = demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1", show_error=False, **kwargs)
    return demo, url


@pytest.fixture(scope="module")
def served():
    demo, url = serve()
    yield demo, url
    demo.close()


@pytest.fixture(scope="module")
def server(served):
    return served[1]


def entities(n: int) -> dict:
    """n entities over a text, four a sentence, as the README's benchmarks draw them."""
    sentence = "Ada Lovelace met colleagues from Acme in Paris on Monday. "
    spans = [(0, 12, "PER"), (33, 37, "ORG"), (41, 46, "LOC"), (50, 56, "DATE")]
    text = sentence * (n // 4 + 1)
    out = []
    for k in range(n):
        start, end, label = spans[k % 4]
        base = k // 4 * len(sentence)
        out.append({"start": base + start, "end": base + end, "label": label, "score": round(0.5 + k % 50 / 100, 2)})
    return {"text": text, "entities": out}


def test_a_value_over_max_spans_is_refused_quickly_naming_the_parameter(server):
    started = time.perf_counter()
    with pytest.raises(Exception) as info:
        Client(server, verbose=False).predict(entities(5_000), api_name="/small")
    assert time.perf_counter() - started < 20
    assert str(info.value) == (
        "SentimentPanel value too large: 5,000 spans (5,000 entities), over the panel's limit of 1,000 entities, "
        "sentences and attributions together (set by SentimentPanel(max_spans=...))"
    )  # shown although the app runs with show_error=False: it is about the client's own value


def test_a_text_over_the_default_max_chars_is_refused_naming_it(server):
    started = time.perf_counter()
    with pytest.raises(Exception, match=r"10,000,001 characters, over the panel's limit of 10,000,000 .*max_chars"):
        Client(server, verbose=False).predict({"text": "x" * 10_000_001}, api_name="/echo")
    assert time.perf_counter() - started < 20


def test_100_000_entities_within_the_defaults_are_taken_exactly_and_validated_off_the_loop(server):
    value = entities(100_000)
    out = Client(server, verbose=False).predict(value, api_name="/echo")
    assert PanelData.model_validate(out) == PanelData.model_validate(value)
    assert out["text"] == value["text"]
    assert [(e["start"], e["end"], e["label"], e["score"]) for e in out["entities"]] == [
        (e["start"], e["end"], e["label"], e["score"]) for e in value["entities"]
    ]
    assert SEEN["payload type"] is Received  # Gradio's model_validate call handed the value on unvalidated
    if tuple(int(x) for x in gr.__version__.split(".")[:2]) >= (6, 11):  # preprocess in a worker thread
        assert SEEN["on the event loop"] is False


def test_a_bad_value_is_refused_in_the_package_words_and_not_kept_in_the_session(served):
    demo, url = served
    client = Client(url, verbose=False)
    bad = {"text": "abc", "entities": [{"start": 0, "end": 1, "label": " "}, {"start": 0, "end": 2, "label": "X", "score": 2}]}
    with pytest.raises(Exception) as info:
        client.predict(bad, api_name="/echo")
    assert str(info.value).splitlines() == [
        "Invalid SentimentPanel value, 2 problems:",
        "entities[0].label: must be a non-empty string, not only white space (got ' ')",
        "entities[1].score: Input should be less than or equal to 1 (got 2)",
    ]
    # Gradio keeps each session's last value of each component (for deep links): not this one
    session = demo.state_holder.session_data.get(client.session_hash)
    panel = next(b for b in demo.blocks.values() if isinstance(b, Recording))
    config = getattr(session, "config_values", {}).get(panel._id) if session is not None else None
    if config is None:
        pytest.skip("this Gradio keeps no per-session config values")
    assert config["props"]["value"] == {"text": ""}


def test_with_a_request_size_limit_the_server_answers_while_a_20_mb_value_comes_in():
    demo, url = serve(guard=16_000_000)
    try:
        value = entities(300_000)
        body = json.dumps({"data": [value], "fn_index": 0, "session_hash": "big"}, separators=(",", ":")).encode()
        assert len(body) > 20_000_000
        latencies: list[float] = []
        done = threading.Event()

        def poll():
            with httpx.Client(timeout=60) as client:
                while not done.is_set():
                    started = time.perf_counter()
                    assert client.get(url + "gradio_api/info").status_code == 200
                    latencies.append(time.perf_counter() - started)
                    time.sleep(0.02)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            time.sleep(0.1)
            r = httpx.post(url + "gradio_api/queue/join", content=body, headers={"content-type": "application/json"}, timeout=60)
            time.sleep(0.1)
        finally:
            done.set()
            poller.join(60)
        assert r.status_code == 413
        assert "over this server's limit of 16,000,000 bytes (set by RequestSizeLimit(max_bytes=...))" in r.json()["detail"]
        assert latencies and max(latencies) < 2.0  # about 10 ms on a 2-core machine; without the limit, seconds
        out = Client(url, verbose=False).predict(entities(10), api_name="/echo")  # and a normal value still goes through
        assert len(out["entities"]) == 10
    finally:
        demo.close()
