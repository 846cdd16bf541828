"""Models on an inference server: the Analyzer over InferenceClient / AsyncInferenceClient.

The server (tests/inference_server.py) is real HTTP on 127.0.0.1, serving the tiny pipelines
behind the JSON contract huggingface_hub speaks; latency and faults are injected per test.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from gradio_sentimentpanel import Analyzer
from gradio_sentimentpanel.analysis.remote import RemoteError
from gradio_sentimentpanel.analysis.roles import REMOTE_TOP_K
from huggingface_hub import AsyncInferenceClient, InferenceClient
from inference_server import InferenceServer

TEXT = (
    "I love Paris. London was awful, but Berlin is great. The hotel in Rome was terrible. "
    "Madrid was fine. I hated the trip to Vienna. Zurich is wonderful and Oslo is dull."
)
LONG = " ".join(f"Day {i}: Paris was great but London was awful." for i in range(40))


@pytest.fixture(scope="module")
def pipes(sst2_dir, ner_dir, pair_dir):
    from transformers import pipeline

    return {
        "sentiment": pipeline("text-classification", model=str(sst2_dir), device="cpu"),
        "ner": pipeline("token-classification", model=str(ner_dir), aggregation_strategy="first", device="cpu"),
        "aspect": pipeline("text-classification", model=str(pair_dir), device="cpu"),
    }


@pytest.fixture(scope="module")
def server(online, pipes):
    with InferenceServer(pipes, lifetime=300.0) as srv:
        yield srv


@pytest.fixture(autouse=True)
def fresh(server):
    server.clear()
    server.latency = 0.0
    yield


def local(pipes, **kwargs) -> Analyzer:
    return Analyzer(pipes["sentiment"], pipes["ner"], aspect_sentiment=pipes["aspect"], **kwargs)


def clients(server, cls=InferenceClient, timeout: float | None = 10.0) -> dict:
    return {
        "sentiment": cls(model=server.url("sentiment"), timeout=timeout),
        "ner": cls(model=server.url("ner"), timeout=timeout),
        "aspect_sentiment": cls(model=server.url("aspect"), timeout=timeout),
    }


def sentence_inputs(server, route: str = "sentiment") -> list:
    return [r.inputs for r in server.of(route) if r.status == 200]


# ---- the same result as local models ----------------------------------------------------------


@pytest.mark.parametrize("cls", [InferenceClient, AsyncInferenceClient])
def test_the_analyzer_over_a_server_gives_what_the_local_models_give(server, pipes, cls):
    remote = Analyzer(**clients(server, cls), batch_size=4, concurrency=4, aspects=["trip"])
    expected = local(pipes, batch_size=4, aspects=["trip"])(TEXT)
    result = remote(TEXT)
    assert result == expected
    paris = next(e for e in result.entities if TEXT[e.start : e.end] == "Paris")
    london = next(e for e in result.entities if TEXT[e.start : e.end] == "London")
    assert paris.sentiment.label == "Positive" and london.sentiment.label == "Negative"
    assert len(result.sentiment.scores) == 2  # the whole distribution came back


def test_streaming_and_progress_work_as_for_local_models(server, pipes):
    remote = Analyzer(**clients(server), batch_size=3)
    calls = []
    values = list(remote.stream(TEXT, progress=lambda f, desc=None: calls.append(f)))
    assert len(values) == -(-len(values[-1].sentences) // 3) == 2
    assert [len(v.sentences) for v in values] == sorted(len(v.sentences) for v in values)
    assert values[-1] == local(pipes, batch_size=3)(TEXT)
    assert calls[0] == 0.0 and calls[-1] == 1.0 and calls == sorted(calls)


def test_from_endpoints_builds_the_clients_and_asks_for_the_whole_distribution(server, pipes):
    analyzer = Analyzer.from_endpoints(
        sentiment=server.url("sentiment"),
        ner=server.url("ner"),
        aspect_sentiment=server.url("aspect"),
        token="hf_test_token",
        batch_size=8,
    )
    assert analyzer(TEXT) == local(pipes, batch_size=8)(TEXT)
    for record in server.records:
        assert record.headers["authorization"] == "Bearer hf_test_token"
    assert {r.parameters.get("top_k") for r in server.of("sentiment")} == {REMOTE_TOP_K}
    assert {r.parameters.get("aggregation_strategy") for r in server.of("ner")} == {"first"}
    pair = server.of("aspect")[0].inputs
    assert set(pair) == {"text", "text_pair"} and pair["text_pair"] in TEXT
    assert "InferenceClient" in repr(analyzer) and server.url("ner") in repr(analyzer)


def test_an_ner_client_is_asked_with_the_aggregation_strategy_given_to_the_analyzer(server, pipes):
    models = clients(server)
    Analyzer(ner=models["ner"], aggregation_strategy="simple")(TEXT)
    Analyzer(ner=models["ner"])(TEXT)
    asked = [r.parameters.get("aggregation_strategy") for r in server.of("ner")]
    half = len(asked) // 2
    assert asked == ["simple"] * half + [None] * half and half > 0
    with pytest.raises(ValueError, match="`aggregation_strategy` is sent to an NER model on an inference server"):
        Analyzer(ner=pipes["ner"], aggregation_strategy="simple")


def test_each_sentence_is_sent_once_and_the_answers_stay_in_order(server, pipes):
    rng = random.Random(7)
    server.latency = lambda n: rng.uniform(0.0, 0.03)  # answers come back out of order
    analyzer = Analyzer(**clients(server), batch_size=16, concurrency=8)
    result = analyzer(LONG)
    assert result == local(pipes, batch_size=16)(LONG)
    sent = Counter(sentence_inputs(server, "sentiment"))
    assert sent == Counter(LONG[s.start : s.end] for s in result.sentences)
    assert max(sent.values()) == 1


# ---- concurrency -------------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 3])
def test_requests_in_flight_never_exceed_concurrency(server, concurrency):
    server.latency = 0.03
    Analyzer(**clients(server), batch_size=12, concurrency=concurrency)(LONG)
    assert server.peak_in_flight == concurrency  # reached, never passed


def test_two_texts_at_once_share_the_limit(server):
    import threading

    server.latency = 0.03
    analyzer = Analyzer(**clients(server), batch_size=8, concurrency=4)
    threads = [threading.Thread(target=analyzer, args=(LONG,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert server.peak_in_flight == 4


# ---- faults ------------------------------------------------------------------------------------


def test_a_model_loading_503_is_retried_until_it_answers(server, pipes):
    server.inject("sentiment", "503", times=2, match="Madrid")
    assert Analyzer(**clients(server), batch_size=4)(TEXT) == local(pipes, batch_size=4)(TEXT)
    madrid = [r.status for r in server.of("sentiment") if "Madrid" in r.inputs]
    assert madrid == [503, 503, 200]


def test_a_429_waits_for_retry_after(server, pipes):
    server.retry_after = 0.3
    server.inject("ner", "429", match="Rome")
    assert Analyzer(**clients(server), batch_size=4)(TEXT) == local(pipes, batch_size=4)(TEXT)
    rome = [r for r in server.of("ner") if "Rome" in r.inputs]
    assert [r.status for r in rome] == [429, 200]
    assert rome[1].at - rome[0].at >= 0.3


def test_an_answer_slower_than_the_timeout_is_abandoned_and_retried(server, pipes):
    server.slow = 2.0
    server.inject("sentiment", "slow", match="Vienna")
    t0 = time.perf_counter()
    result = Analyzer(**clients(server, timeout=0.5), batch_size=4)(TEXT)
    assert result == local(pipes, batch_size=4)(TEXT)
    assert time.perf_counter() - t0 < 2.0  # did not wait for the slow answer
    assert len([r for r in server.of("sentiment") if "Vienna" in r.inputs]) == 2


def test_a_connection_closed_mid_answer_is_retried(server, pipes):
    server.inject("aspect", "drop", times=2)
    assert Analyzer(**clients(server), batch_size=4)(TEXT) == local(pipes, batch_size=4)(TEXT)
    statuses = Counter(r.status for r in server.of("aspect"))
    assert statuses["drop"] == 2
    assert statuses[200] == len(local(pipes)(TEXT).entities)  # every mention answered once


def test_a_500_fails_at_once_naming_the_endpoint_the_status_and_the_sentence(server):
    server.inject("sentiment", "500", match="Rome")
    with pytest.raises(RemoteError) as info:
        Analyzer(**clients(server), batch_size=8)(TEXT)
    err = info.value
    message = str(err)
    assert server.url("sentiment") in message and "`sentiment`" in message
    assert "HTTP 500" in message and "the model failed on this input" in message
    assert "sentences[2]" in message and "not retried" in message
    assert (err.status, err.attempts) == (500, 1)
    assert len([r for r in server.of("sentiment") if "Rome" in r.inputs]) == 1


def test_a_server_that_stays_busy_fails_by_the_deadline(server):
    server.inject("ner", "503", times=None, match="Oslo")
    t0 = time.perf_counter()
    with pytest.raises(RemoteError) as info:
        Analyzer(**clients(server), batch_size=8, retry_deadline=1.0)(TEXT)
    assert time.perf_counter() - t0 < 5.0
    message = str(info.value)
    assert "HTTP 503" in message and "deadline" in message and "`ner`" in message
    assert "sentences[5]" in message and info.value.attempts >= 2


def test_a_server_that_is_always_too_slow_fails_with_timed_out(server):
    server.slow = 1.0
    server.inject("sentiment", "slow", times=None, match="Paris")
    with pytest.raises(RemoteError, match=r"timed out for sentences\[0\]"):
        Analyzer(sentiment=clients(server, timeout=0.3)["sentiment"], retry_deadline=1.0)(TEXT)


def test_errors_in_a_batch_of_texts_name_the_text(server):
    server.inject("sentiment", "500", match="Oslo")
    with pytest.raises(RemoteError, match=r"texts\[1\] sentences\[5\]"):
        Analyzer(**clients(server), batch_size=64).analyze_batch(["I love Paris.", TEXT])


# ---- what is refused ---------------------------------------------------------------------------


def test_a_client_without_a_model_is_refused():
    with pytest.raises(ValueError, match=r"`ner`: the InferenceClient has no model"):
        Analyzer(ner=InferenceClient())


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"concurrency": 0}, "`concurrency`"), ({"retry_deadline": -1}, "`retry_deadline`")]
)
def test_bad_remote_options_are_named(server, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Analyzer(**clients(server), **kwargs)


def test_from_endpoints_refuses_a_blank_endpoint():
    with pytest.raises(ValueError, match=r"`sentiment`: expected an endpoint URL or a model id"):
        Analyzer.from_endpoints(sentiment="  ")


def test_the_estimate_counts_one_request_per_sentence_as_the_server_sees(server):
    analyzer = Analyzer(**clients(server))
    estimate = analyzer.estimate(TEXT)
    analyzer(TEXT)
    assert estimate.model_calls == {"sentiment": len(server.of("sentiment")), "ner": len(server.of("ner"))}
    assert estimate.sentences == len(server.of("sentiment"))
