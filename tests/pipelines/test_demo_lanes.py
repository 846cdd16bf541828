"""The demo under a long paste: long texts have their own lane, short ones keep a free slot,
and a text over the limit is refused with a message naming it. Through gradio_client."""

from __future__ import annotations

import time

import pytest
from demo_loader import import_demo, import_models, serving

from gradio_sentimentpanel import PanelData

LONG = " ".join(f"Report {k}: Apple met Google in Zurich and it was great." for k in range(1500))  # ~85,000 characters
SHORT = "Angela Merkel loved Paris."


@pytest.fixture(scope="module")
def lanes_app(ner_dir, sst2_dir):
    return import_demo(
        "sentimentpanel_demo_lanes",
        SENTIMENTPANEL_SENTIMENT_MODEL=str(sst2_dir),
        SENTIMENTPANEL_NER_MODEL=str(ner_dir),
        SENTIMENTPANEL_ASPECT_MODEL="none",
        SENTIMENTPANEL_CONCURRENCY="1",
        SENTIMENTPANEL_LONG_CONCURRENCY="1",
        SENTIMENTPANEL_LONG_CHARS="10000",
        SENTIMENTPANEL_MAX_CHARS="100000",
    )


@pytest.fixture(scope="module")
def lanes_client(lanes_app):
    with serving(lanes_app) as client:
        yield client


def test_short_texts_are_served_while_two_long_ones_take_their_turns(lanes_client, ner_dir, sst2_dir):
    args = (str(sst2_dir), str(ner_dir), "none", "", False)
    long_jobs = [lanes_client.submit(LONG, *args, api_name="/analyze") for _ in range(2)]
    time.sleep(1.0)  # both long texts are in: one analysing, one waiting for the long lane
    started = time.monotonic()
    panel_value, _, _ = lanes_client.predict(SHORT, *args, api_name="/analyze")
    short_took = time.monotonic() - started
    assert PanelData.model_validate(panel_value).text == SHORT
    assert all(not job.done() for job in long_jobs), "the long texts should still be running"
    finals = [PanelData.model_validate(job.result(timeout=600)[0]) for job in long_jobs]
    long_took = time.monotonic() - started
    # the short text did not wait for the long lane
    assert short_took < long_took / 3, (short_took, long_took)
    for final in finals:  # nothing lost: every sentence of the long text analysed
        assert final.text == LONG and len(final.sentences) == 1500


def test_a_text_over_the_limit_is_refused_naming_the_limit(lanes_client, ner_dir, sst2_dir):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as caught:
        lanes_client.predict("x" * 100_001, str(sst2_dir), str(ner_dir), "none", "", False, api_name="/analyze")
    message = str(caught.value)
    assert "100,001 characters" in message and "at most 100,000" in message and "SENTIMENTPANEL_MAX_CHARS" in message


def test_lanes_read_the_environment_and_refuse_bad_numbers():
    import_models()  # puts the demo's folder on the path
    import lanes as lanes_module

    chosen = lanes_module.Lanes.from_env({"SENTIMENTPANEL_LONG_CHARS": "5_000", "SENTIMENTPANEL_MAX_CHARS": "9000"})
    assert (chosen.long_chars, chosen.max_chars, chosen.short_limit, chosen.long_limit) == (5000, 9000, 2, 1)
    assert chosen.lane("x" * 5000) == "short" and chosen.lane("x" * 5001) == "long"
    with pytest.raises(ValueError, match="SENTIMENTPANEL_LONG_CONCURRENCY='0': expected a number of at least 1"):
        lanes_module.Lanes.from_env({"SENTIMENTPANEL_LONG_CONCURRENCY": "0"})
    with pytest.raises(ValueError, match="expected a whole number"):
        lanes_module.Lanes.from_env({"SENTIMENTPANEL_MAX_CHARS": "lots"})
