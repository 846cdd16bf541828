"""SentimentPanel values in and out of MCP tools as JSON.

With ``launch(mcp_server=True)`` Gradio's MCP server (``gradio.mcp.GradioMCPServer``) turns each
output of a tool into text with ``str(output)``. A panel's value is a dict, so an agent would get
a Python repr (single quotes, ``None``) that no JSON parser reads. Gradio has no hook through
which a component chooses how its value is shown to MCP clients, so this module wraps three
methods of ``GradioMCPServer``:

- ``pop_returned_state(components, data)``, which every tool call passes its output components
  and their values through right before they are stringified: each SentimentPanel value becomes
  its wire form (``PanelData.model_dump()``) as JSON text, Unicode kept. Other outputs are left as
  they are. When the queue hands several outputs over as one list, the list is spread into one
  value an output, as Gradio's other call paths give them, so that the panel's JSON stands alone.
- ``get_fn_description(block_fn, tool_name)``, which builds a tool's description: a tool with a
  SentimentPanel output says what the fields of that JSON are.
- ``get_input_schema(tool_name, parameters)``: a SentimentPanel input's JSON schema keeps its
  ``$defs`` (Entity, Sentiment...) inside the parameter while its ``$ref``s point at the root of
  the tool's schema, so the MCP server refuses every call; the ``$defs`` move to the root.

``install(SentimentPanel)`` runs when the first SentimentPanel is created (the class is handed
over, so this module needs no import of the component). It does nothing a second time,
nothing when ``gradio.mcp`` cannot be imported, and only warns when these methods are not the
ones it knows (then tools get what Gradio gives).
"""

from __future__ import annotations

import functools
import inspect
import json
import warnings
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["OUTPUT_DESCRIPTION", "install"]

OUTPUT_DESCRIPTION = (
    "The SentimentPanel output is returned as JSON text (null when empty): an object with "
    '"text" (the analysed text); '
    '"entities" (list of {"start", "end": Unicode code-point offsets into text, end exclusive, so '
    'text[start:end] is the mention (Python string indices, not UTF-16 or bytes); "label": the '
    'entity type; "score": confidence 0-1 or null; "sentiment": the sentiment of that mention or '
    "null}, sorted by start, may overlap); "
    '"sentiment" (the document sentiment: {"label", "score": probability 0-1 of that label, '
    '"scores": {label: probability}}, or null); '
    '"sentences" (list of {"start", "end", "sentiment"}); '
    '"attributions" (list of {"start", "end", "weight"}: a word and its signed contribution, -1 to 1, '
    "to its sentence's top label)."
)

_MARK = "_sentimentpanel_json"
_installed = False
_panel_class: type | None = None  # SentimentPanel, handed over by install()


def _is_panel(component: Any) -> bool:
    return _panel_class is not None and isinstance(component, _panel_class)


def _as_json(value: Any) -> Any:
    """A panel's output value as JSON text. A ``gr.update`` without a value is left as it is."""
    if isinstance(value, dict) and value.get("__type__") == "update":
        if "value" not in value:
            return value
        value = value["value"]
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    return json.dumps(value, ensure_ascii=False)


def _panel_outputs_as_json(original: Callable) -> Callable:
    @functools.wraps(original)
    def pop_returned_state(components: Sequence[Any], data: Any) -> Any:
        data = original(components, data)
        from gradio.components import State

        shown = [c for c in components if not isinstance(c, State)]
        if not any(_is_panel(c) for c in shown) or not isinstance(data, list):
            return data
        if len(shown) > 1 and len(data) == 1 and isinstance(data[0], (list, tuple)) and len(data[0]) == len(shown):
            data = list(data[0])
        return [_as_json(value) if i < len(shown) and _is_panel(shown[i]) else value for i, value in enumerate(data)]

    setattr(pop_returned_state, _MARK, True)
    return pop_returned_state


def _describe_panel_outputs(original: Callable) -> Callable:
    @functools.wraps(original)
    def get_fn_description(self: Any, block_fn: Any, tool_name: str) -> tuple[str, dict[str, str]]:
        description, parameters = original(self, block_fn, tool_name)
        panels = any(_is_panel(c) for c in getattr(block_fn, "outputs", ()))
        if panels and getattr(block_fn, "api_description", None) is not False:
            description = description.rstrip()
            if description and not description.endswith("."):
                description += "."
            description = f"{description} {OUTPUT_DESCRIPTION}".lstrip()
        return description, parameters

    setattr(get_fn_description, _MARK, True)
    return get_fn_description


def _defs_at_the_root(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each parameter's own ``$defs`` moved to its root, where ``#/$defs/...``
    points (a parameter whose definitions clash with those already there is left alone)."""
    defs = dict(schema.get("$defs", {}))
    properties = {}
    for name, prop in schema.get("properties", {}).items():
        nested = prop.get("$defs") if isinstance(prop, dict) else None
        if isinstance(nested, dict) and all(defs.get(key, value) == value for key, value in nested.items()):
            defs.update(nested)
            prop = {key: value for key, value in prop.items() if key != "$defs"}
        properties[name] = prop
    return {**schema, "properties": properties, "$defs": defs} if defs else schema


def _panel_inputs_resolvable(original: Callable) -> Callable:
    @functools.wraps(original)
    def get_input_schema(self: Any, tool_name: str, parameters: dict[str, str] | None = None) -> Any:
        schema, filedata_positions = original(self, tool_name, parameters)
        endpoint = getattr(self, "tool_to_endpoint", {}).get(tool_name)
        block_fn = self.get_block_fn_from_endpoint_name(endpoint) if endpoint else None
        if block_fn is not None and any(_is_panel(c) for c in block_fn.inputs):
            schema = _defs_at_the_root(schema)
        return schema, filedata_positions

    setattr(get_input_schema, _MARK, True)
    return get_input_schema


def _parameters(fn: Any) -> list[str] | None:
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None


def install(panel_class: type) -> None:
    """Make Gradio's MCP server return the outputs of ``panel_class`` (SentimentPanel) as JSON,
    describe them, and take its inputs (idempotent)."""
    global _installed, _panel_class
    _panel_class = panel_class
    if _installed:
        return
    _installed = True
    try:
        from gradio.mcp import GradioMCPServer
    except Exception:  # noqa: BLE001 - no MCP support in this Gradio: nothing to adapt
        return
    pop = GradioMCPServer.__dict__.get("pop_returned_state")
    describe = GradioMCPServer.__dict__.get("get_fn_description")
    schema = GradioMCPServer.__dict__.get("get_input_schema")
    if isinstance(pop, staticmethod) and getattr(pop.__func__, _MARK, False):
        return  # already wrapped (this module imported twice)
    if not (
        isinstance(pop, staticmethod)
        and _parameters(pop.__func__) == ["components", "data"]
        and inspect.isfunction(describe)
        and _parameters(describe) == ["self", "block_fn", "tool_name"]
        and inspect.isfunction(schema)
        and _parameters(schema) == ["self", "tool_name", "parameters"]
        and all(hasattr(GradioMCPServer, name) for name in ("get_block_fn_from_endpoint_name", "postprocess_output_data"))
    ):
        import gradio

        warnings.warn(
            f"gradio_sentimentpanel: the MCP server of Gradio {gradio.__version__} is not the one this "
            "package knows (GradioMCPServer.pop_returned_state, get_fn_description or get_input_schema "
            "changed), so MCP tools get SentimentPanel values as Gradio formats them: outputs as a "
            "Python repr, not as JSON.",
            RuntimeWarning,
            stacklevel=2,
        )
        return
    GradioMCPServer.pop_returned_state = staticmethod(_panel_outputs_as_json(pop.__func__))
    GradioMCPServer.get_fn_description = _describe_panel_outputs(describe)
    GradioMCPServer.get_input_schema = _panel_inputs_resolvable(schema)
