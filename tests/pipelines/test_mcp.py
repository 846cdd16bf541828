"""``launch(mcp_server=True)``: what an MCP client (an agent) sees of a SentimentPanel output.

Gradio's MCP server stringifies every output with ``str()``; a panel comes back as JSON text
instead, the tool's description says what its fields are, and other outputs are left as Gradio
gives them. A real server on 127.0.0.1, the ``mcp`` client over streamable HTTP (and SSE).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime
import json
import warnings
from collections.abc import AsyncIterator, Callable
from typing import Any

import gradio as gr
import pytest

from gradio_sentimentpanel import PanelData, SentimentPanel
from gradio_sentimentpanel.export import to_jsonl

TIMEOUT = 60  # seconds for one whole conversation with the server
FIELDS = ("text", "entities", "start", "end", "label", "score", "sentiment", "sentences", "attributions")


@contextlib.asynccontextmanager
async def session(base_url: str, transport: str = "http") -> AsyncIterator[Any]:
    """An initialised MCP client session with the app at ``base_url``."""
    from mcp import ClientSession

    endpoint = base_url.rstrip("/") + "/gradio_api/mcp/"
    async with contextlib.AsyncExitStack() as stack:
        if transport == "sse":
            from mcp.client.sse import sse_client

            read, write = await stack.enter_async_context(sse_client(endpoint + "sse", timeout=10, sse_read_timeout=TIMEOUT))
        else:
            import httpx
            from mcp.client import streamable_http

            if hasattr(streamable_http, "streamable_http_client"):
                http = await stack.enter_async_context(httpx.AsyncClient(timeout=httpx.Timeout(10, read=TIMEOUT)))
                connection = streamable_http.streamable_http_client(endpoint, http_client=http)
            else:  # older mcp 1.x releases have only this name
                connection = streamable_http.streamablehttp_client(endpoint, timeout=10, sse_read_timeout=TIMEOUT)
            read, write, _ = await stack.enter_async_context(connection)
        client = await stack.enter_async_context(
            ClientSession(read, write, read_timeout_seconds=datetime.timedelta(seconds=TIMEOUT))
        )
        await client.initialize()
        yield client


def talk(base_url: str, conversation: Callable[[Any], Any], transport: str = "http") -> Any:
    """Run ``await conversation(session)`` against the server, bounded by TIMEOUT."""

    async def run() -> Any:
        async with session(base_url, transport) as client:
            return await conversation(client)

    # on a thread of its own: the browser tests' driver may hold this thread's event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(run(), TIMEOUT)).result(timeout=TIMEOUT + 10)


@contextlib.contextmanager
def mcp_serving(blocks: gr.Blocks):
    blocks.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True, show_error=True, mcp_server=True)
    try:
        yield blocks.local_url
    finally:
        blocks.close()


# ----------------------------------------------------------------------- installing the adapter


def test_creating_panels_wraps_gradios_mcp_server_once():
    import gradio.mcp

    from gradio_sentimentpanel import mcp as adapter

    SentimentPanel()
    wrapped = {name: gradio.mcp.GradioMCPServer.__dict__[name] for name in ("pop_returned_state", "get_fn_description", "get_input_schema")}
    assert all(getattr(getattr(m, "__func__", m), "_sentimentpanel_json", False) for m in wrapped.values())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(adapter, "_installed", False)  # as if this module were imported anew
        SentimentPanel()
        SentimentPanel()
    assert {name: gradio.mcp.GradioMCPServer.__dict__[name] for name in wrapped} == wrapped


def test_an_mcp_server_unlike_the_known_one_is_left_alone_with_a_warning(monkeypatch):
    import gradio.mcp

    from gradio_sentimentpanel import mcp as adapter

    class Changed:
        def pop_returned_state(self, components, data):  # no longer a staticmethod
            return data

        def get_fn_description(self, block_fn, tool_name):
            return "", {}

        def get_input_schema(self, tool_name, parameters=None):
            return {}, []

    before = dict(Changed.__dict__)
    monkeypatch.setattr(gradio.mcp, "GradioMCPServer", Changed)
    monkeypatch.setattr(adapter, "_installed", False)
    with pytest.warns(RuntimeWarning, match="MCP tools get SentimentPanel values as Gradio formats them"):
        SentimentPanel()
    assert dict(Changed.__dict__) == before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        SentimentPanel()
    assert not [w for w in caught if "MCP" in str(w.message)]  # said once, not for every panel


# ----------------------------------------------------------------------- a small Blocks app

TEXT = "Zoë met 李雷 in Zürich 😀 on a \"rainy\" day."
VALUE = {
    "text": TEXT,
    "entities": [
        {"start": 0, "end": 3, "label": "PER", "score": 0.97},
        {"start": 8, "end": 10, "label": "PER", "score": 0.81},
        {"start": 14, "end": 20, "label": "LOC", "score": 0.99},
    ],
    "sentiment": [{"label": "POSITIVE", "score": 0.8}, {"label": "NEGATIVE", "score": 0.2}],
    "sentences": [{"start": 0, "end": len(TEXT)}],
    "attributions": [{"start": 21, "end": 22, "weight": 1.0}],
}
NOTE = "3 entities; 'quoted' & {braced}"
META = {"entities": 3, "model": None}
EXPECTED = SentimentPanel().postprocess(VALUE).model_dump()


def returning(name: str, doc: str, *values: Any) -> Callable[[str], Any]:
    """An event handler named ``name`` (MCP names a tool after its function) returning ``values``."""

    def handler(text: str):
        return values if len(values) > 1 else values[0]

    handler.__name__ = handler.__qualname__ = name
    handler.__doc__ = doc
    return handler


ANALYSE_DOC = """Analyse a text.

    Args:
        text: any text
    Returns:
        the panel
        a note
        a dict
    """


def echo(text: str):
    """Echo a text.

    Args:
        text: any text
    Returns:
        the same text
    """
    return text


@pytest.fixture(scope="module")
def small_app():
    """Each tool twice, queued and not (``_now``): Gradio's MCP server takes another path for each.
    ``note`` and ``meta`` are the panel tool's other outputs alone, as Gradio gives them."""
    with gr.Blocks() as blocks:
        text = gr.Textbox()
        panel = SentimentPanel()
        note = gr.Textbox()
        meta = gr.JSON()
        for suffix, queue in (("", True), ("_now", False)):
            analyse = returning("analyse" + suffix, ANALYSE_DOC, VALUE, NOTE, META)
            gr.Button().click(analyse, text, [panel, note, meta], api_name="analyse" + suffix, queue=queue)
            gr.Button().click(returning("note" + suffix, "A note.", NOTE), text, note, queue=queue)
            gr.Button().click(returning("meta" + suffix, "A dict.", META), text, meta, queue=queue)
        gr.Button().click(returning("panel_only", "Only the panel.", VALUE), text, panel)
        gr.Button().click(returning("empty_panel", "An empty panel.", None), text, panel)
        gr.Button().click(echo, text, note)
    with mcp_serving(blocks) as url:
        yield url


@pytest.mark.parametrize(
    ("suffix", "progress", "transport"),
    [
        ("", False, "http"),  # queued, the final result only
        ("", True, "http"),  # queued, with progress notifications
        ("_now", False, "http"),  # queue=False
        ("", False, "sse"),
    ],
)
def test_a_panel_output_is_json_and_the_other_outputs_are_as_gradio_gives_them(small_app, suffix, progress, transport):
    async def conversation(client):
        calls = [
            client.call_tool(name + suffix, {"text": "anything"}, progress_callback=on_progress if progress else None)
            for name in ("analyse", "note", "meta")
        ]
        return [await call for call in calls]

    async def on_progress(*_: Any) -> None:
        pass

    result, note_alone, meta_alone = talk(small_app, conversation, transport)
    assert not result.isError, result
    assert [c.type for c in result.content] == ["text", "text", "text"]
    panel, note, meta = (c.text for c in result.content)
    assert json.loads(panel) == EXPECTED
    value = PanelData.model_validate_json(panel)
    assert [value.entity_text(e) for e in value.entities] == ["Zoë", "李雷", "Zürich"]
    assert "Zürich 😀" in panel  # Unicode as it is, not \u escapes
    # the other outputs: what Gradio gives for each of them alone
    assert [c.text for c in note_alone.content] == [note] == [NOTE]
    assert [c.text for c in meta_alone.content] == [meta]
    assert not meta.startswith("{\"")  # Gradio's str() of a gr.JSON value, not turned into JSON


def test_a_tool_with_only_a_panel_returns_one_json_text(small_app):
    async def conversation(client):
        return [await client.call_tool(name, {"text": "x"}) for name in ("panel_only", "empty_panel")]

    full, empty = talk(small_app, conversation)
    assert [json.loads(c.text) for c in full.content] == [EXPECTED]
    assert [c.text for c in empty.content] == ["null"]


def test_the_description_of_a_panel_tool_explains_the_json_and_others_stay_as_they_are(small_app):
    async def conversation(client):
        return (await client.list_tools()).tools, await client.call_tool("echo", {"text": "Zoë 'x'"})

    tools, result = talk(small_app, conversation)
    tools = {tool.name: tool for tool in tools}
    for name in ("analyse", "analyse_now", "panel_only"):
        description = tools[name].description
        assert "JSON" in description and "code-point" in description, description
        for field in FIELDS:
            assert f'"{field}"' in description, (field, description)
    assert tools["analyse"].description.startswith("Analyse a text. Returns: the panel, a note, a dict. ")
    assert tools["echo"].description == "Echo a text. Returns: the same text"
    assert tools["note"].description == "A note."
    assert [c.text for c in result.content] == ["Zoë 'x'"]


# ----------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo_url(app):
    with mcp_serving(app.demo) as url:
        yield url


ARTICLE = "Angela Merkel loved Paris. London was terrible."


def test_the_demo_offers_its_analysis_as_a_described_tool(demo_url):
    tools = talk(demo_url, lambda c: c.list_tools()).tools
    by_name = {tool.name: tool for tool in tools}
    # the event handlers that only serve the page (threshold, correction tab, JSONL view) are no tools
    assert set(by_name) == {"analyze", "export_jsonl"}
    analyze = by_name["analyze"]
    schema = analyze.inputSchema
    assert list(schema["properties"]) == ["text", "sentiment_choice", "ner_choice", "aspect_choice", "aspects", "explain"]
    assert schema["required"] == ["text"]
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{name} has no description"
    assert schema["properties"]["explain"]["type"] == "boolean"
    assert "comma" in schema["properties"]["aspects"]["description"]
    for field in FIELDS:
        assert f'"{field}"' in analyze.description, field
    assert "code-point" in analyze.description
    assert "named entities" in analyze.description


def test_the_demo_tool_called_with_just_a_text_returns_the_analysis_as_json(demo_url):
    from gradio_client import Client

    async def conversation(client):
        analysed = await client.call_tool("analyze", {"text": ARTICLE})
        exported = await client.call_tool("export_jsonl", {"value": json.loads(analysed.content[0].text)})
        return analysed, exported

    analysed, exported = talk(demo_url, conversation)
    assert not analysed.isError, analysed
    panel = PanelData.model_validate_json(analysed.content[0].text)
    assert [(panel.entity_text(e), e.label) for e in panel.entities] == [
        ("Angela Merkel", "PER"),
        ("Paris", "LOC"),
        ("London", "LOC"),
    ]
    assert [s.sentiment.label for s in panel.sentences] == ["POSITIVE", "NEGATIVE"]
    # the same analysis, value for value, as the /analyze API gives with the same defaults
    api_panel, _, api_notice = Client(demo_url, verbose=False).predict(ARTICLE, api_name="/analyze")
    assert json.loads(analysed.content[0].text) == api_panel
    assert analysed.content[2].text == api_notice  # the Markdown notice, as Gradio gives it
    # the analysis JSON goes straight into the export tool
    assert not exported.isError, exported
    assert to_jsonl(panel).rstrip("\n") in exported.content[0].text
