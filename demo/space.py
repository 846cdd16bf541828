
import gradio as gr
from app import demo as app
import os

_docs = {'SentimentPanel': {'description': "Shows a text with its named entities highlighted and its sentiment at three levels: the\ndocument (top label and full distribution), each sentence (a tint) and each entity (in its\ntooltip). Takes the output of Hugging Face `transformers` pipelines (token-classification of\nany `aggregation_strategy`, text-classification), huggingface_hub's InferenceClient, a spaCy\n`Doc`, a plain dict, a `PanelData`, or what `gr.HighlightedText` takes (a list of\n`(token, label)` pairs; its parameters too), so it can replace it. Overlapping and nested\nentities are shown without repeating text. In the browser, people can filter by label and\nconfidence, inspect each entity, and (when interactive) add, relabel and delete entities;\nthe corrected value comes back to Python as a `PanelData`.", 'members': {'__init__': {'value': {'type': 'PanelData | dict | str | list[tuple[str, str | float | None]] | Callable | None', 'default': 'value = None', 'description': 'The text and its annotations to show at first: a `PanelData`, a dict with `text` and any of `entities`, `sentiment`, `sentences`, `reference` (raw `transformers` pipeline output is fine), a spaCy `Doc`, a list of `(token, label)` pairs as `gr.HighlightedText` takes, or a plain string. If a function is given, it is called each time the app loads to set the initial value.'}, 'color_map': {'type': 'dict[str, str] | None', 'default': 'value = None', 'description': 'Colours for entity labels, e.g. `{"PER": "#e11d48", "LOC": "teal"}`. Labels not in the map get a colour from a palette that stays readable in light and dark themes.'}, 'labels': {'type': 'list[str] | None', 'default': 'value = None', 'description': 'The labels offered when a person adds or relabels an entity in interactive mode. If None, the labels present in the value are offered, and a new one can be typed.'}, 'show_legend': {'type': 'bool', 'default': 'value = True', 'description': 'If True, shows a legend of the entity labels with a count for each; clicking a label hides or shows its entities.'}, 'show_sentiment': {'type': 'bool', 'default': 'value = True', 'description': 'If True, shows the document sentiment: the top label and the full distribution as bars with percentages.'}, 'show_sentences': {'type': 'bool', 'default': 'value = True', 'description': 'If True, tints each sentence by its sentiment.'}, 'show_scores': {'type': 'bool', 'default': 'value = True', 'description': 'If True, shows entity confidence scores in the tooltips and the confidence threshold slider.'}, 'min_score': {'type': 'float', 'default': 'value = 0.0', 'description': 'The initial confidence threshold between 0 and 1: entities whose score is below it are hidden until the person lowers it with the slider in the browser. Entities without a score are always shown.'}, 'show_summary': {'type': 'bool', 'default': 'value = False', 'description': 'If True, shows a table of the distinct entities (same label and text) above the text: how often each is mentioned and the mean sentiment of its mentions, sortable by mentions and by polarity. Choosing a row scrolls to its first mention, and the next and previous buttons step through the others.'}, 'show_attributions': {'type': 'bool', 'default': 'value = False', 'description': 'If True, the words that drive each sentence\'s sentiment (the value\'s `attributions`, e.g. from `Analyzer(explain=True)`) are tinted from the start: towards the sentence\'s label in one colour, against it in another, stronger for a larger weight. A "Why?" toggle in the panel shows and hides them either way whenever the value has attributions.'}, 'show_inline_category': {'type': 'bool', 'default': 'value = True', 'description': 'If True, each entity is followed by a badge with its label (and its score when `show_scores` is True). If False, the badges are left out: entities are told apart by their colour, and their label is in the tooltip, the legend and the screen-reader text.'}, 'combine_adjacent': {'type': 'bool', 'default': 'value = False', 'description': 'If True, neighbours with the same label are joined, as in `gr.HighlightedText`. In a list of `(token, label)` pairs, empty tokens are left out and each run of consecutive tokens with the same label (None included) becomes one token, with `adjacent_separator` between them. In the other forms, entities with the same label where one ends exactly where the next starts become one entity (the mean of their scores when they all have one) and `adjacent_separator` is put into the text between them; sentences and other spans move with the text.'}, 'adjacent_separator': {'type': 'str', 'default': 'value = ""', 'description': 'The text put between the tokens or entities that `combine_adjacent` joins; it becomes part of the shown text. The default, "", inserts nothing.'}, 'show_whitespaces': {'type': 'bool', 'default': 'value = True', 'description': 'If False, the white space at the start and end of each entity is left out of it before it is shown (as gr.HighlightedText strips its tokens); an entity of only white space is kept as it is. The text itself is always shown whole, white space included.'}, 'rtl': {'type': 'bool', 'default': 'value = False', 'description': "If True, the text is laid out right to left, and the legend is aligned to the right, whatever the text's own direction. If False, the direction is detected from the text, so Arabic or Hebrew still reads right to left."}, 'buttons': {'type': "Sequence[Literal['copy'] | Button] | None", 'default': 'value = None', 'description': 'Buttons for the panel\'s top right corner, beside its download button: "copy" copies the document\'s text to the clipboard, and each `gr.Button` is drawn there with its label and icon and runs its own `.click()` listeners (give them the panel as an input to get its value). Custom buttons need Gradio 6.2 or newer; "copy" works on every Gradio.'}, 'max_chars': {'type': 'int | None', 'default': 'value = 10000000', 'description': 'The longest text the panel takes from the browser or an API client, in characters (code points); a longer one is refused at once with an error naming this limit, before anything else in the value is looked at. None for no limit. The default, 10,000,000, is twice a 5 MB paste analysed whole. Values from Python (`postprocess`) are not limited.'}, 'max_spans': {'type': 'int | None', 'default': 'value = 500000', 'description': "The most entities, sentences and attributions together (a `reference`'s entities and sentences included) that the panel takes from the browser or an API client; a value with more is refused at once with an error naming this limit and the counts, before any of them is validated (so it takes no time, and no memory in the session's state). None for no limit. The default, 500,000, is 5x the 100,000 entities the panel is benchmarked to draw. Values from Python (`postprocess`) are not limited."}, 'label': {'type': 'str | I18nData | None', 'default': 'value = None', 'description': 'The label for this component, shown above it and used as the header in a table of examples. If None and used in a `gr.Interface`, the label will be the name of the parameter this component is assigned to.'}, 'every': {'type': 'Timer | float | None', 'default': 'value = None', 'description': 'Continuously calls `value` to recalculate it if `value` is a function (has no effect otherwise). Can provide a Timer whose tick resets `value`, or a float that provides the regular interval for the reset Timer.'}, 'inputs': {'type': 'Component | Sequence[Component] | set[Component] | None', 'default': 'value = None', 'description': 'Components that are used as inputs to calculate `value` if `value` is a function (has no effect otherwise). `value` is recalculated any time the inputs change.'}, 'show_label': {'type': 'bool | None', 'default': 'value = None', 'description': 'If True, shows the label.'}, 'container': {'type': 'bool', 'default': 'value = True', 'description': 'If True, places the component in a container, with some extra padding around the border.'}, 'scale': {'type': 'int | None', 'default': 'value = None', 'description': 'Relative size compared to adjacent Components. For example if Components A and B are in a Row, and A has scale=2, and B has scale=1, A will be twice as wide as B. Should be an integer. scale applies in Rows, and to top-level Components in Blocks where fill_height=True.'}, 'min_width': {'type': 'int', 'default': 'value = 160', 'description': 'Minimum pixel width; the component wraps if there is not enough screen space to satisfy it. If a certain scale value results in this Component being narrower than min_width, the min_width parameter is respected first.'}, 'interactive': {'type': 'bool | None', 'default': 'value = None', 'description': 'If True, people can add, relabel and delete entities in the browser, and the edited value is passed to the event listeners. If None, the component is interactive when it is used as an input.'}, 'visible': {'type': "bool | Literal['hidden']", 'default': 'value = True', 'description': 'If False, the component is hidden. If "hidden", it is visually hidden and takes no space in the layout but is still in the DOM.'}, 'elem_id': {'type': 'str | None', 'default': 'value = None', 'description': 'An optional string assigned as the id of this component in the HTML DOM. Can be used for targeting CSS styles.'}, 'elem_classes': {'type': 'list[str] | str | None', 'default': 'value = None', 'description': 'An optional list of strings assigned as the classes of this component in the HTML DOM. Can be used for targeting CSS styles.'}, 'render': {'type': 'bool', 'default': 'value = True', 'description': 'If False, the component is not rendered in the Blocks context. Use it to assign event listeners now and render the component later.'}, 'key': {'type': 'int | str | tuple[int | str, ...] | None', 'default': 'value = None', 'description': 'In a gr.render, Components with the same key across re-renders are treated as the same component, not a new component. Properties set in `preserved_by_key` are not reset across a re-render.'}, 'preserved_by_key': {'type': 'list[str] | str | None', 'default': 'value = "value"', 'description': "A list of parameters from this component's constructor. Inside a gr.render() function, if a component is re-rendered with the same key, these (and only these) parameters will be preserved in the UI (if they have been changed by the user or an event listener) instead of re-rendered based on the values provided during constructor."}}, 'postprocess': {'value': {'type': 'PanelData| dict| str| list[tuple[str,str| float| None]]| typing.Any| None', 'description': 'A `PanelData`; a dict with `text` and any of `entities` (raw token-classification output of any aggregation strategy, InferenceClient elements, or `{"start", "end", "label", "score"}` dicts), `sentiment` (raw text-classification output: one dict, a `top_k=None` list, or a nested list), `sentences`, `attributions` (`{"start", "end", "weight"}` dicts) and `reference` (another analysis of the same text to draw the differences from: a dict with any of `name`, `entities` in any of the forms above, `sentences`, `sentiment`, or a `PanelData`, spaCy `Doc` or `(token, label)` list of the same text); a spaCy `Doc`; a plain string; a list of `(token, label)` pairs as `gr.HighlightedText` takes (tuples or 2-item lists; the text is the tokens put together, a `str` label makes an entity over its token, white space included as gr.HighlightedText highlights it, and a number between -1 and 1 an attribution over the token\'s word); or None to clear the panel.'}}, 'preprocess': {'return': {'type': 'PanelData| None', 'description': 'Passes the value as a `PanelData` (`text`, `entities`, `sentiment`, `sentences`, `attributions`, and the `reference` it was given with; offsets are Python string indices), or None when the panel is empty.'}, 'value': None}}, 'events': {'change': {'type': None, 'default': None, 'description': 'Triggered when the value of the SentimentPanel changes: a function returned a new value, or a person edited the entities. Use `.input()` for edits only.'}, 'select': {'type': None, 'default': None, 'description': 'Triggered when a person clicks (or presses Enter on) an entity. The listener gets a `gr.SelectData` whose `.value` is the entity as a dict (`start`, `end`, `label`, `score`, `sentiment`) and `.index` its position in `PanelData.entities`.'}, 'input': {'type': None, 'default': None, 'description': 'Triggered when a person adds, relabels or deletes an entity (interactive mode). The edited `PanelData` is passed to the listener.'}, 'clear': {'type': None, 'default': None, 'description': 'Triggered when a person presses the clear button of an interactive SentimentPanel, which empties it (the listener gets None).'}}}, '__meta__': {'additional_interfaces': {'PanelData': {'source': 'class PanelData(_Checked):\n    \n\n    text: Annotated[str, Field(strict=True)]\n    entities: list[Entity] = Field(default_factory=list)\n    sentiment: Sentiment | None = None\n    sentences: list[Sentence] = Field(default_factory=list)\n    attributions: list[Attribution] = Field(default_factory=list)\n    reference: Reference | None = None\n\n    what_it_is: ClassVar[str | None] = "SentimentPanel value"\n\n    @field_validator("text")\n    @classmethod\n    def _encodable(cls, text: str) -> str:\n        problem = unencodable(text)\n        if problem:\n            raise ValueError(problem)\n        return text\n\n    @model_validator(mode="after")\n    def _inside_text(self) -> PanelData:\n        n = len(self.text)\n        for field, spans in (\n            ("entities", self.entities),\n            ("sentences", self.sentences),\n            ("attributions", self.attributions),\n        ):\n            _past_the_end(field, spans, n)\n        if self.reference is not None:\n            _past_the_end("reference.entities", self.reference.entities, n)\n            _past_the_end("reference.sentences", self.reference.sentences, n)\n        for i, word in enumerate(self.attributions):\n            covered = self.text[word.start : word.end]\n            if covered != covered.strip():\n                raise ValueError(\n                    f"attributions[{i}] covers {covered!r}, which starts or ends with white space; "\n                    "an attribution covers a word"\n                )\n        self.entities.sort(key=entity_order)\n        self.sentences.sort(key=lambda s: (s.start, s.end))\n        self.attributions.sort(key=lambda a: (a.start, a.end))\n        if self.reference is not None:\n            self.reference.entities.sort(key=entity_order)\n            self.reference.sentences.sort(key=lambda s: (s.start, s.end))\n        return self\n\n    def entity_text(self, entity: Entity | int) -> str:\n        \n        if isinstance(entity, int):\n            entity = self.entities[entity]\n        return self.text[entity.start : entity.end]\n', 'refs': ['Entity', 'Sentiment', 'Sentence', 'Attribution', 'Reference']}, 'Entity': {'source': 'class Entity(_Checked):\n    \n\n    start: Offset\n    end: Offset\n    label: Label\n    score: Probability | None = None\n    sentiment: Sentiment | None = None\n    kb_id: Annotated[str, Field(strict=True, min_length=1)] | None = None\n    kb_url: Annotated[str, Field(strict=True, min_length=1)] | None = None\n\n    @model_validator(mode="after")\n    def _ordered(self) -> Entity:\n        if self.start > self.end:\n            raise ValueError(f"start ({_short_repr(self.start)}) is after end ({_short_repr(self.end)})")\n        return self\n', 'refs': ['Sentiment']}, 'Sentiment': {'source': 'class Sentiment(_Checked):\n    \n\n    label: Label\n    score: Probability\n    scores: dict[Label, Probability] = Field(default_factory=dict)\n\n    @model_validator(mode="after")\n    def _top_of_scores(self) -> Sentiment:\n        if not self.scores:\n            return self\n        own = self.scores.get(self.label)\n        if own is None:\n            raise ValueError(f"label {self.label!r} is not among the labels of scores {_labels(self.scores)}")\n        if own != self.score:\n            raise ValueError(f"score ({self.score!r}) differs from scores[{self.label!r}] ({own!r})")\n        best = max(self.scores, key=self.scores.__getitem__)\n        if self.scores[best] > own:\n            raise ValueError(\n                f"label {self.label!r} ({own!r}) is not the top of scores: {best!r} has {self.scores[best]!r}"\n            )\n        return self\n'}, 'Sentence': {'source': 'class Sentence(_Checked):\n    \n\n    start: Offset\n    end: Offset\n    sentiment: Sentiment | None = None\n\n    @model_validator(mode="after")\n    def _ordered(self) -> Sentence:\n        if self.start > self.end:\n            raise ValueError(f"start ({_short_repr(self.start)}) is after end ({_short_repr(self.end)})")\n        return self\n', 'refs': ['Sentiment']}, 'Attribution': {'source': 'class Attribution(_Checked):\n    \n\n    start: Offset\n    end: Offset\n    weight: Weight\n\n    @model_validator(mode="after")\n    def _ordered(self) -> Attribution:\n        if self.start >= self.end:\n            raise ValueError(\n                f"start ({_short_repr(self.start)}) must be before end ({_short_repr(self.end)}): an attribution covers a word"\n            )\n        return self\n'}, 'Reference': {'source': 'class Reference(_Checked):\n    \n\n    name: Label = "reference"\n    entities: list[Entity] = Field(default_factory=list)\n    sentences: list[Sentence] = Field(default_factory=list)\n    sentiment: Sentiment | None = None\n', 'refs': ['Entity', 'Sentence', 'Sentiment']}}, 'user_fn_refs': {'SentimentPanel': ['PanelData']}}}

abs_path = os.path.join(os.path.dirname(__file__), "css.css")

with gr.Blocks(
    css=abs_path,
    theme=gr.themes.Default(
        font_mono=[
            gr.themes.GoogleFont("Inconsolata"),
            "monospace",
        ],
    ),
) as demo:
    gr.Markdown(
"""
# `gradio_sentimentpanel`

<div style="display: flex; gap: 7px;">
<img alt="Static Badge" src="https://img.shields.io/badge/version%20-%200.1.0%20-%20orange"> <a href="https://github.com/gradio-sentimentpanel/gradio_sentimentpanel/issues" target="_blank"><img alt="Static Badge" src="https://img.shields.io/badge/Issues-white?logo=github&logoColor=black"></a> 
</div>

Entity-highlighting sentiment panel for Gradio: shows named entities and document, sentence and entity sentiment from transformers, spaCy or any callable, and lets users correct them.
""", elem_classes=["md-custom"], header_links=True)
    app.render()
    gr.Markdown(
"""
## Installation

```bash
pip install gradio_sentimentpanel
```

## Usage

```python
\"\"\"SentimentPanel demo: named entities and sentiment of any text, from transformers pipelines.

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
\"\"\"

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
    \"\"\"Find the named entities (people, places, organisations...) in a text and its sentiment: of the whole text, of each sentence and of each entity mention. Behind the Analyze button (where the result streams into the panel), the /analyze API and the analyze MCP tool.

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
    \"\"\"
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
    \"\"\"The value for the JSON view: all of it, or for a big document a labelled preview (a
    browser's JSON tree of tens of thousands of entities would freeze the page; the panel and
    the API still carry the whole value).\"\"\"
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
    \"\"\"The finished analysis into the editable panel, offering the labels of the entity model
    that made it.\"\"\"
    return gr.update(value=value, labels=labels_of(MODELS.load("ner", ner_choice).model))


def write_export(jsonl: str) -> Path:
    \"\"\"``jsonl`` in a file named corrections.jsonl (the same content reuses the same file).\"\"\"
    folder = EXPORT_DIR / hashlib.sha256(jsonl.encode("utf-8")).hexdigest()[:20]
    path = folder / "corrections.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".corrections-{threading.get_ident()}.tmp"
        partial.write_text(jsonl, encoding="utf-8")
        os.replace(partial, path)  # a reader never sees half a file
    return path


def export_jsonl(value: PanelData | None) -> tuple[str, str]:
    \"\"\"An analysis, corrected or not, as spaCy/Prodigy-style JSONL: one line {"text", "spans": [{"start", "end", "label", "score"?}], "cats"?} with Python string (code-point) offsets, as gradio_sentimentpanel.export.to_jsonl writes it. The "Export corrections" button, the /export_jsonl API and the export_jsonl MCP tool.

    Args:
        value: A PanelData, e.g. the JSON that the analyze tool returns.
    Returns:
        the JSONL text
        a corrections.jsonl file holding it
    \"\"\"
    if value is None:
        raise gr.Error("Nothing to export yet: analyse a text in the Analyze tab first.")
    jsonl = to_jsonl(value)
    return jsonl, str(write_export(jsonl))


def export_corrections(value: PanelData | None):
    \"\"\"After every edit and every new analysis: the JSONL view and the download button follow
    the panel; an empty panel empties the view and disables the button.\"\"\"
    if value is None:
        return "", gr.DownloadButton(value=None, interactive=False)
    jsonl, path = export_jsonl(value)
    return jsonl, gr.DownloadButton(value=path, interactive=True)


# ------------------------------------------------------------------------------------ layout

INSTRUCTIONS = \"\"\"
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
\"\"\"

CORRECT_INSTRUCTIONS = \"\"\"
The latest analysis from the **Analyze** tab appears here, ready to correct. Select text to add an
entity (the selection snaps to whole words) and pick its label from the list or with its number
key; click or Tab to an entity to relabel it or delete it (Delete key); Ctrl+Z and Ctrl+Shift+Z
undo and redo. The text itself never changes, and an entity you edited loses the model's score.

Every edit updates the JSONL below: one line per document, `{"text", "spans": [{"start", "end",
"label", "score"?}], "cats"?}` as spaCy and Prodigy read it, with Python string offsets.
\"\"\"

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

```
""", elem_classes=["md-custom"], header_links=True)


    gr.Markdown("""
## `SentimentPanel`

### Initialization
""", elem_classes=["md-custom"], header_links=True)

    gr.ParamViewer(value=_docs["SentimentPanel"]["members"]["__init__"], linkify=['PanelData', 'Entity', 'Sentiment', 'Sentence', 'Attribution', 'Reference'])


    gr.Markdown("### Events")
    gr.ParamViewer(value=_docs["SentimentPanel"]["events"], linkify=['Event'])




    gr.Markdown("""

### User function

The impact on the users predict function varies depending on whether the component is used as an input or output for an event (or both).

- When used as an Input, the component only impacts the input signature of the user function.
- When used as an output, the component only impacts the return signature of the user function.

The code snippet below is accurate in cases where the component is used as both an input and an output.

- **As input:** Is passed, passes the value as a `PanelData` (`text`, `entities`, `sentiment`, `sentences`, `attributions`, and the `reference` it was given with; offsets are Python string indices), or None when the panel is empty.
- **As output:** Should return, a `PanelData`; a dict with `text` and any of `entities` (raw token-classification output of any aggregation strategy, InferenceClient elements, or `{"start", "end", "label", "score"}` dicts), `sentiment` (raw text-classification output: one dict, a `top_k=None` list, or a nested list), `sentences`, `attributions` (`{"start", "end", "weight"}` dicts) and `reference` (another analysis of the same text to draw the differences from: a dict with any of `name`, `entities` in any of the forms above, `sentences`, `sentiment`, or a `PanelData`, spaCy `Doc` or `(token, label)` list of the same text); a spaCy `Doc`; a plain string; a list of `(token, label)` pairs as `gr.HighlightedText` takes (tuples or 2-item lists; the text is the tokens put together, a `str` label makes an entity over its token, white space included as gr.HighlightedText highlights it, and a number between -1 and 1 an attribution over the token's word); or None to clear the panel.

 ```python
def predict(
    value: PanelData| None
) -> PanelData| dict| str| list[tuple[str,str| float| None]]| typing.Any| None:
    return value
```
""", elem_classes=["md-custom", "SentimentPanel-user-fn"], header_links=True)




    code_PanelData = gr.Markdown("""
## `PanelData`
```python
class PanelData(_Checked):
    

    text: Annotated[str, Field(strict=True)]
    entities: list[Entity] = Field(default_factory=list)
    sentiment: Sentiment | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    reference: Reference | None = None

    what_it_is: ClassVar[str | None] = "SentimentPanel value"

    @field_validator("text")
    @classmethod
    def _encodable(cls, text: str) -> str:
        problem = unencodable(text)
        if problem:
            raise ValueError(problem)
        return text

    @model_validator(mode="after")
    def _inside_text(self) -> PanelData:
        n = len(self.text)
        for field, spans in (
            ("entities", self.entities),
            ("sentences", self.sentences),
            ("attributions", self.attributions),
        ):
            _past_the_end(field, spans, n)
        if self.reference is not None:
            _past_the_end("reference.entities", self.reference.entities, n)
            _past_the_end("reference.sentences", self.reference.sentences, n)
        for i, word in enumerate(self.attributions):
            covered = self.text[word.start : word.end]
            if covered != covered.strip():
                raise ValueError(
                    f"attributions[{i}] covers {covered!r}, which starts or ends with white space; "
                    "an attribution covers a word"
                )
        self.entities.sort(key=entity_order)
        self.sentences.sort(key=lambda s: (s.start, s.end))
        self.attributions.sort(key=lambda a: (a.start, a.end))
        if self.reference is not None:
            self.reference.entities.sort(key=entity_order)
            self.reference.sentences.sort(key=lambda s: (s.start, s.end))
        return self

    def entity_text(self, entity: Entity | int) -> str:
        
        if isinstance(entity, int):
            entity = self.entities[entity]
        return self.text[entity.start : entity.end]

```""", elem_classes=["md-custom", "PanelData"], header_links=True)

    code_Entity = gr.Markdown("""
## `Entity`
```python
class Entity(_Checked):
    

    start: Offset
    end: Offset
    label: Label
    score: Probability | None = None
    sentiment: Sentiment | None = None
    kb_id: Annotated[str, Field(strict=True, min_length=1)] | None = None
    kb_url: Annotated[str, Field(strict=True, min_length=1)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Entity:
        if self.start > self.end:
            raise ValueError(f"start ({_short_repr(self.start)}) is after end ({_short_repr(self.end)})")
        return self

```""", elem_classes=["md-custom", "Entity"], header_links=True)

    code_Sentiment = gr.Markdown("""
## `Sentiment`
```python
class Sentiment(_Checked):
    

    label: Label
    score: Probability
    scores: dict[Label, Probability] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _top_of_scores(self) -> Sentiment:
        if not self.scores:
            return self
        own = self.scores.get(self.label)
        if own is None:
            raise ValueError(f"label {self.label!r} is not among the labels of scores {_labels(self.scores)}")
        if own != self.score:
            raise ValueError(f"score ({self.score!r}) differs from scores[{self.label!r}] ({own!r})")
        best = max(self.scores, key=self.scores.__getitem__)
        if self.scores[best] > own:
            raise ValueError(
                f"label {self.label!r} ({own!r}) is not the top of scores: {best!r} has {self.scores[best]!r}"
            )
        return self

```""", elem_classes=["md-custom", "Sentiment"], header_links=True)

    code_Sentence = gr.Markdown("""
## `Sentence`
```python
class Sentence(_Checked):
    

    start: Offset
    end: Offset
    sentiment: Sentiment | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Sentence:
        if self.start > self.end:
            raise ValueError(f"start ({_short_repr(self.start)}) is after end ({_short_repr(self.end)})")
        return self

```""", elem_classes=["md-custom", "Sentence"], header_links=True)

    code_Attribution = gr.Markdown("""
## `Attribution`
```python
class Attribution(_Checked):
    

    start: Offset
    end: Offset
    weight: Weight

    @model_validator(mode="after")
    def _ordered(self) -> Attribution:
        if self.start >= self.end:
            raise ValueError(
                f"start ({_short_repr(self.start)}) must be before end ({_short_repr(self.end)}): an attribution covers a word"
            )
        return self

```""", elem_classes=["md-custom", "Attribution"], header_links=True)

    code_Reference = gr.Markdown("""
## `Reference`
```python
class Reference(_Checked):
    

    name: Label = "reference"
    entities: list[Entity] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    sentiment: Sentiment | None = None

```""", elem_classes=["md-custom", "Reference"], header_links=True)

    demo.load(None, js=r"""function() {
    const refs = {
            PanelData: ['Entity', 'Sentiment', 'Sentence', 'Attribution', 'Reference'], 
            Entity: ['Sentiment'], 
            Sentiment: [], 
            Sentence: ['Sentiment'], 
            Attribution: [], 
            Reference: ['Entity', 'Sentence', 'Sentiment'], };
    const user_fn_refs = {
          SentimentPanel: ['PanelData'], };
    requestAnimationFrame(() => {

        Object.entries(user_fn_refs).forEach(([key, refs]) => {
            if (refs.length > 0) {
                const el = document.querySelector(`.${key}-user-fn`);
                if (!el) return;
                refs.forEach(ref => {
                    el.innerHTML = el.innerHTML.replace(
                        new RegExp("\\b"+ref+"\\b", "g"),
                        `<a href="#h-${ref.toLowerCase()}">${ref}</a>`
                    );
                })
            }
        })

        Object.entries(refs).forEach(([key, refs]) => {
            if (refs.length > 0) {
                const el = document.querySelector(`.${key}`);
                if (!el) return;
                refs.forEach(ref => {
                    el.innerHTML = el.innerHTML.replace(
                        new RegExp("\\b"+ref+"\\b", "g"),
                        `<a href="#h-${ref.toLowerCase()}">${ref}</a>`
                    );
                })
            }
        })
    })
}

""")

demo.launch()
