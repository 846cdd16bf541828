"""gradio_sentimentpanel.SentimentPanel: the Gradio component."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from gradio.components.base import Component
from gradio.events import EventListener, Events
from gradio.i18n import I18nData

from . import mcp
from .adapters import to_panel_data
from .data import PanelData
from .gcpause import paused_gc
from .limits import DEFAULT_MAX_CHARS, DEFAULT_MAX_SPANS, InvalidValue, Received, SizeLimits, checked_limit, model_for

if TYPE_CHECKING:
    from gradio.components import Button, Timer


def _event(base: EventListener, doc: str) -> EventListener:
    """One of Gradio's events, described for this component (the docs show ``doc``)."""
    return EventListener(base.event_name, callback=base.callback, doc=doc)


_EVENTS = [
    _event(
        Events.change,
        "Triggered when the value of the {{ component }} changes: a function returned a new value, "
        "or a person edited the entities. Use `.input()` for edits only.",
    ),
    _event(
        Events.select,
        "Triggered when a person clicks (or presses Enter on) an entity. The listener gets a "
        "`gr.SelectData` whose `.value` is the entity as a dict (`start`, `end`, `label`, `score`, "
        "`sentiment`) and `.index` its position in `PanelData.entities`.",
    ),
    _event(
        Events.input,
        "Triggered when a person adds, relabels or deletes an entity (interactive mode). The edited "
        "`PanelData` is passed to the listener.",
    ),
    _event(
        Events.clear,
        "Triggered when a person presses the clear button of an interactive {{ component }}, which "
        "empties it (the listener gets None).",
    ),
]


def _checked_buttons(buttons: Sequence[Any] | None) -> list[Any]:
    """``buttons`` as the panel takes them: "copy" and gr.Button instances, the buttons taken out
    of the layout (they are drawn in the panel's corner), as Gradio does for its own components."""
    import gradio
    import gradio.utils
    from gradio.components import Button

    if buttons is None:
        return []
    if isinstance(buttons, (str, Button)) or not isinstance(buttons, Sequence):
        raise ValueError(f'buttons: expected a list of "copy" and gr.Button instances, got {buttons!r}')
    for i, button in enumerate(buttons):
        if isinstance(button, Button):
            # Gradio 6.2 added buttons in a component's corner; before it a click on one reaches nothing
            if not hasattr(gradio.utils, "set_default_buttons"):
                raise ValueError(
                    f"buttons[{i}]: a gr.Button in the panel's corner needs Gradio 6.2 or newer "
                    f'(this is Gradio {gradio.__version__}); "copy" works on every Gradio'
                )
        elif button != "copy":
            raise ValueError(f'buttons[{i}]: expected "copy" or a gr.Button, got {button!r}')
    return list(gradio.utils.set_default_buttons(list(buttons), None)) if hasattr(gradio.utils, "set_default_buttons") else list(buttons)


class SentimentPanel(Component):
    """
    Shows a text with its named entities highlighted and its sentiment at three levels: the
    document (top label and full distribution), each sentence (a tint) and each entity (in its
    tooltip). Takes the output of Hugging Face `transformers` pipelines (token-classification of
    any `aggregation_strategy`, text-classification), huggingface_hub's InferenceClient, a spaCy
    `Doc`, a plain dict, a `PanelData`, or what `gr.HighlightedText` takes (a list of
    `(token, label)` pairs; its parameters too), so it can replace it. Overlapping and nested
    entities are shown without repeating text. In the browser, people can filter by label and
    confidence, inspect each entity, and (when interactive) add, relabel and delete entities;
    the corrected value comes back to Python as a `PanelData`.
    """

    data_model = PanelData
    EVENTS = _EVENTS

    def __init__(
        self,
        value: PanelData | dict | str | list[tuple[str, str | float | None]] | Callable | None = None,
        *,
        color_map: dict[str, str] | None = None,
        labels: list[str] | None = None,
        show_legend: bool = True,
        show_sentiment: bool = True,
        show_sentences: bool = True,
        show_scores: bool = True,
        min_score: float = 0.0,
        show_summary: bool = False,
        show_attributions: bool = False,
        show_inline_category: bool = True,
        combine_adjacent: bool = False,
        adjacent_separator: str = "",
        show_whitespaces: bool = True,
        rtl: bool = False,
        buttons: Sequence[Literal["copy"] | Button] | None = None,
        max_chars: int | None = DEFAULT_MAX_CHARS,
        max_spans: int | None = DEFAULT_MAX_SPANS,
        label: str | I18nData | None = None,
        every: Timer | float | None = None,
        inputs: Component | Sequence[Component] | set[Component] | None = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: int | str | tuple[int | str, ...] | None = None,
        preserved_by_key: list[str] | str | None = "value",
    ):
        """
        Parameters:
            value: The text and its annotations to show at first: a `PanelData`, a dict with `text` and any of `entities`, `sentiment`, `sentences`, `reference` (raw `transformers` pipeline output is fine), a spaCy `Doc`, a list of `(token, label)` pairs as `gr.HighlightedText` takes, or a plain string. If a function is given, it is called each time the app loads to set the initial value.
            color_map: Colours for entity labels, e.g. `{"PER": "#e11d48", "LOC": "teal"}`. Labels not in the map get a colour from a palette that stays readable in light and dark themes.
            labels: The labels offered when a person adds or relabels an entity in interactive mode. If None, the labels present in the value are offered, and a new one can be typed.
            show_legend: If True, shows a legend of the entity labels with a count for each; clicking a label hides or shows its entities.
            show_sentiment: If True, shows the document sentiment: the top label and the full distribution as bars with percentages.
            show_sentences: If True, tints each sentence by its sentiment.
            show_scores: If True, shows entity confidence scores in the tooltips and the confidence threshold slider.
            min_score: The initial confidence threshold between 0 and 1: entities whose score is below it are hidden until the person lowers it with the slider in the browser. Entities without a score are always shown.
            show_summary: If True, shows a table of the distinct entities (same label and text) above the text: how often each is mentioned and the mean sentiment of its mentions, sortable by mentions and by polarity. Choosing a row scrolls to its first mention, and the next and previous buttons step through the others.
            show_attributions: If True, the words that drive each sentence's sentiment (the value's `attributions`, e.g. from `Analyzer(explain=True)`) are tinted from the start: towards the sentence's label in one colour, against it in another, stronger for a larger weight. A "Why?" toggle in the panel shows and hides them either way whenever the value has attributions.
            show_inline_category: If True, each entity is followed by a badge with its label (and its score when `show_scores` is True). If False, the badges are left out: entities are told apart by their colour, and their label is in the tooltip, the legend and the screen-reader text.
            combine_adjacent: If True, neighbours with the same label are joined, as in `gr.HighlightedText`. In a list of `(token, label)` pairs, empty tokens are left out and each run of consecutive tokens with the same label (None included) becomes one token, with `adjacent_separator` between them. In the other forms, entities with the same label where one ends exactly where the next starts become one entity (the mean of their scores when they all have one) and `adjacent_separator` is put into the text between them; sentences and other spans move with the text.
            adjacent_separator: The text put between the tokens or entities that `combine_adjacent` joins; it becomes part of the shown text. The default, "", inserts nothing.
            show_whitespaces: If False, the white space at the start and end of each entity is left out of it before it is shown (as gr.HighlightedText strips its tokens); an entity of only white space is kept as it is. The text itself is always shown whole, white space included.
            rtl: If True, the text is laid out right to left, and the legend is aligned to the right, whatever the text's own direction. If False, the direction is detected from the text, so Arabic or Hebrew still reads right to left.
            buttons: Buttons for the panel's top right corner, beside its download button: "copy" copies the document's text to the clipboard, and each `gr.Button` is drawn there with its label and icon and runs its own `.click()` listeners (give them the panel as an input to get its value). Custom buttons need Gradio 6.2 or newer; "copy" works on every Gradio.
            max_chars: The longest text the panel takes from the browser or an API client, in characters (code points); a longer one is refused at once with an error naming this limit, before anything else in the value is looked at. None for no limit. The default, 10,000,000, is twice a 5 MB paste analysed whole. Values from Python (`postprocess`) are not limited.
            max_spans: The most entities, sentences and attributions together (a `reference`'s entities and sentences included) that the panel takes from the browser or an API client; a value with more is refused at once with an error naming this limit and the counts, before any of them is validated (so it takes no time, and no memory in the session's state). None for no limit. The default, 500,000, is 5x the 100,000 entities the panel is benchmarked to draw. Values from Python (`postprocess`) are not limited.
            label: The label for this component, shown above it and used as the header in a table of examples. If None and used in a `gr.Interface`, the label will be the name of the parameter this component is assigned to.
            every: Continuously calls `value` to recalculate it if `value` is a function (has no effect otherwise). Can provide a Timer whose tick resets `value`, or a float that provides the regular interval for the reset Timer.
            inputs: Components that are used as inputs to calculate `value` if `value` is a function (has no effect otherwise). `value` is recalculated any time the inputs change.
            show_label: If True, shows the label.
            container: If True, places the component in a container, with some extra padding around the border.
            scale: Relative size compared to adjacent Components. For example if Components A and B are in a Row, and A has scale=2, and B has scale=1, A will be twice as wide as B. Should be an integer. scale applies in Rows, and to top-level Components in Blocks where fill_height=True.
            min_width: Minimum pixel width; the component wraps if there is not enough screen space to satisfy it. If a certain scale value results in this Component being narrower than min_width, the min_width parameter is respected first.
            interactive: If True, people can add, relabel and delete entities in the browser, and the edited value is passed to the event listeners. If None, the component is interactive when it is used as an input.
            visible: If False, the component is hidden. If "hidden", it is visually hidden and takes no space in the layout but is still in the DOM.
            elem_id: An optional string assigned as the id of this component in the HTML DOM. Can be used for targeting CSS styles.
            elem_classes: An optional list of strings assigned as the classes of this component in the HTML DOM. Can be used for targeting CSS styles.
            render: If False, the component is not rendered in the Blocks context. Use it to assign event listeners now and render the component later.
            key: In a gr.render, Components with the same key across re-renders are treated as the same component, not a new component. Properties set in `preserved_by_key` are not reset across a re-render.
            preserved_by_key: A list of parameters from this component's constructor. Inside a gr.render() function, if a component is re-rendered with the same key, these (and only these) parameters will be preserved in the UI (if they have been changed by the user or an event listener) instead of re-rendered based on the values provided during constructor.
        """
        if color_map is not None:
            if not isinstance(color_map, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in color_map.items()
            ):
                raise ValueError(f"color_map: expected a dict of label -> colour strings, got {color_map!r}")
        if labels is not None:
            if isinstance(labels, str) or not all(isinstance(x, str) and x.strip() for x in labels):
                raise ValueError(f"labels: expected a list of non-empty label strings, got {labels!r}")
            labels = list(labels)
        if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score: expected a number between 0 and 1, got {min_score!r}")
        self.color_map = color_map
        self.labels = labels
        self.show_legend = show_legend
        self.show_sentiment = show_sentiment
        self.show_sentences = show_sentences
        self.show_scores = show_scores
        self.min_score = float(min_score)
        self.show_summary = show_summary
        self.show_attributions = show_attributions
        for name, flag in (
            ("show_inline_category", show_inline_category),
            ("combine_adjacent", combine_adjacent),
            ("show_whitespaces", show_whitespaces),
            ("rtl", rtl),
        ):
            if not isinstance(flag, bool):
                raise ValueError(f"{name}: expected True or False, got {flag!r}")
        if not isinstance(adjacent_separator, str):
            raise ValueError(f"adjacent_separator: expected a str, got {adjacent_separator!r}")
        self.show_inline_category = show_inline_category
        self.combine_adjacent = combine_adjacent
        self.adjacent_separator = adjacent_separator
        self.show_whitespaces = show_whitespaces
        self.rtl = rtl
        self.buttons = _checked_buttons(buttons)
        self.max_chars = checked_limit("max_chars", max_chars)
        self.max_spans = checked_limit("max_spans", max_spans)
        self._size_limits = SizeLimits(self.max_chars, self.max_spans)
        super().__init__(
            label=label,
            every=every,
            inputs=inputs,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
            preserved_by_key=preserved_by_key,
            value=value,
        )
        mcp.install(SentimentPanel)  # MCP tools return the panel's output as JSON (see mcp.py)
        # what Gradio validates a value from the browser with, on its event loop: the size check
        # only, the full validation is in preprocess, in a worker thread (see limits.py)
        self.data_model = model_for(self._size_limits)
        self._value_description = (
            "a PanelData (text, entities with code-point offsets, sentiment, sentences); "
            "also accepts a dict of raw transformers pipeline output, a spaCy Doc, a str, or a list "
            "of (token, label) pairs as gr.HighlightedText takes"
        )

    def preprocess(self, payload: PanelData | None) -> PanelData | None:
        """
        Parameters:
            payload: The value from the browser, including the person's edits in interactive mode.
        Returns:
            Passes the value as a `PanelData` (`text`, `entities`, `sentiment`, `sentences`, `attributions`, and the `reference` it was given with; offsets are Python string indices), or None when the panel is empty.
        """
        if payload is None:
            return None
        self._size_limits.check(payload)
        if isinstance(payload, PanelData):
            return payload
        with paused_gc():
            if isinstance(payload, Received):  # as it came over the wire, unchecked (see limits.py)
                try:
                    return PanelData.model_validate(payload)
                except ValueError as err:
                    payload.forget()  # Gradio keeps this dict in the session's state
                    raise InvalidValue(str(err)) from None
            return to_panel_data(payload)

    def postprocess(
        self, value: PanelData | dict | str | list[tuple[str, str | float | None]] | Any | None
    ) -> PanelData | None:
        """
        Parameters:
            value: A `PanelData`; a dict with `text` and any of `entities` (raw token-classification output of any aggregation strategy, InferenceClient elements, or `{"start", "end", "label", "score"}` dicts), `sentiment` (raw text-classification output: one dict, a `top_k=None` list, or a nested list), `sentences`, `attributions` (`{"start", "end", "weight"}` dicts) and `reference` (another analysis of the same text to draw the differences from: a dict with any of `name`, `entities` in any of the forms above, `sentences`, `sentiment`, or a `PanelData`, spaCy `Doc` or `(token, label)` list of the same text); a spaCy `Doc`; a plain string; a list of `(token, label)` pairs as `gr.HighlightedText` takes (tuples or 2-item lists; the text is the tokens put together, a `str` label makes an entity over its token, white space included as gr.HighlightedText highlights it, and a number between -1 and 1 an attribution over the token's word); or None to clear the panel.
        Returns:
            The validated `PanelData` sent to the browser.
        """
        if value is None:
            return None
        with paused_gc():  # tens of thousands of small objects, no cycles: see gcpause.py
            return to_panel_data(
                value,
                combine_adjacent=self.combine_adjacent,
                adjacent_separator=self.adjacent_separator,
                strip_whitespace=not self.show_whitespaces,
            )

    def process_example(self, value: Any) -> PanelData | None:
        return self.postprocess(value)

    def example_payload(self) -> Any:
        return {
            "text": "Ada Lovelace loved Paris.",
            "entities": [
                {"start": 0, "end": 12, "label": "PER", "score": 0.99},
                {"start": 19, "end": 24, "label": "LOC", "score": 0.97},
            ],
            "sentiment": {"label": "POSITIVE", "score": 0.98, "scores": {"POSITIVE": 0.98, "NEGATIVE": 0.02}},
            "sentences": [{"start": 0, "end": 25}],
        }

    def example_value(self) -> Any:
        return {
            "text": "Ada Lovelace loved Paris, but the rain in London wore her down.",
            "entities": [
                {"entity_group": "PER", "score": 0.998, "word": "Ada Lovelace", "start": 0, "end": 12},
                {"entity_group": "LOC", "score": 0.995, "word": "Paris", "start": 19, "end": 24},
                {"entity_group": "LOC", "score": 0.991, "word": "London", "start": 42, "end": 48},
            ],
            "sentiment": [
                {"label": "NEGATIVE", "score": 0.71},
                {"label": "POSITIVE", "score": 0.29},
            ],
        }
