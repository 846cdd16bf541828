"""The garbage collector is paused only while SentimentPanel validates a value, and comes back
as it was: on if it was on, off if the app had switched it off."""

from __future__ import annotations

import gc
import threading

import pytest
from gradio_sentimentpanel import SentimentPanel
from gradio_sentimentpanel.gcpause import paused_gc

VALUE = {"text": "Ada met Bob in Paris.", "entities": [{"start": 0, "end": 3, "label": "PER"}]}


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_back_on_after_a_value_is_validated_and_after_a_refused_one():
    gc.enable()
    panel = SentimentPanel()
    panel.preprocess(panel.postprocess(VALUE).model_dump())
    assert gc.isenabled()
    with pytest.raises(ValueError, match="end"):
        panel.postprocess({"text": "Ada", "entities": [{"start": 0, "end": 9, "label": "PER"}]})
    assert gc.isenabled()


def test_a_collector_the_app_switched_off_stays_off():
    gc.disable()
    panel = SentimentPanel()
    panel.postprocess(VALUE)
    assert not gc.isenabled()


def test_the_collector_stays_off_until_the_last_of_overlapping_blocks_ends():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other():
        with paused_gc():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's block is still running
    release.set()
    thread.join(10)
    assert gc.isenabled()
