"""How large a value a SentimentPanel takes from the browser or an API client, and where the
value is validated.

Gradio handles a value sent to an event in ``Blocks.preprocess_data``: on the server's event
loop it walks the value for files, calls ``data_model.model_validate`` on it, serialises what that
returns with ``model_dump`` and keeps the result in the session's state; then it calls the
component's ``preprocess`` (in a worker thread since Gradio 6.11, gradio-app/gradio#13168; on the
event loop before). Validating a value of 200,000 entities takes seconds, and on the event
loop nothing else is served meanwhile: not ``/gradio_api/info``, not a short request.

So each SentimentPanel gives Gradio a ``data_model`` of its own (:func:`model_for`, the same
schema as :class:`~gradio_sentimentpanel.data.PanelData`) whose ``model_validate``, when Gradio
calls it, only checks the value's size (``max_chars``, ``max_spans``: a few ``len()`` calls) and
its top-level keys, and hands the value on unvalidated, as a :class:`Received`;
``SentimentPanel.preprocess`` then validates it fully, with the garbage collector paused, and
empties the ``Received`` if it refuses the value (Gradio keeps that dict in the session's state,
one per session until the session is dropped, so a refused value would otherwise stay).
Everything else that calls ``PanelData.model_validate`` gets the full validation, as before.

What Gradio does before any of this (FastAPI parses the request body, Gradio walks the parsed
value) also runs on the event loop and also grows with the size of the value: only a limit on the
request's bytes, before it is parsed, bounds that. :class:`RequestSizeLimit` is one, for an app
to install (``demo.launch(app_kwargs={"middleware": [request_size_limit(16_000_000)]})``).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from gradio.exceptions import Error

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_REQUEST_BYTES",
    "DEFAULT_MAX_SPANS",
    "InvalidValue",
    "Received",
    "RequestSizeLimit",
    "SizeLimits",
    "checked_limit",
    "model_for",
    "request_size_limit",
]

DEFAULT_MAX_CHARS = 10_000_000  # a 5 MB paste, analysed whole, is half of it
DEFAULT_MAX_SPANS = 500_000  # entities + sentences + attributions; a 5 MB paste holds about 190,000
DEFAULT_MAX_REQUEST_BYTES = 16_000_000  # RequestSizeLimit: a panel of 100,000 entities is about 10 MB

PANEL_KEYS = frozenset({"text", "entities", "sentiment", "sentences", "attributions", "reference"})
SPAN_FIELDS = ("entities", "sentences", "attributions")
REFERENCE_SPAN_FIELDS = ("entities", "sentences")


class Received(dict):
    """A value as Gradio received it, handed on unvalidated (the dict Gradio also keeps in the
    session's state; ``SentimentPanel.preprocess`` empties it if the value is refused, so that
    a refused value is not kept)."""

    def forget(self) -> None:
        self.clear()
        self["text"] = ""


class InvalidValue(Error):
    """A value from the browser or an API client that the panel refuses. A ``gr.Error`` (and so a
    ``ValueError``): Gradio passes its message to the client as it is, whatever ``show_error``
    says, since it describes the client's own value."""

    def __init__(self, message: str):
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def checked_limit(name: str, value: Any) -> int | None:
    """``value`` as a limit: a positive int, or None for no limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}: expected a positive int or None (no limit), got {value!r}")
    return value


@dataclass(frozen=True)
class SizeLimits:
    """The largest value a panel takes from the browser or an API client: ``max_chars``
    characters of text and ``max_spans`` entities, sentences and attributions together (None:
    no limit)."""

    max_chars: int | None = DEFAULT_MAX_CHARS
    max_spans: int | None = DEFAULT_MAX_SPANS

    def check(self, value: Any) -> None:
        """Raise :class:`InvalidValue` naming the limit and the parameter that sets it if
        ``value`` (a dict as it came over the wire, or a ``PanelData``) is larger. Only
        ``len()`` of the text and of the span lists (a reference's entities and sentences
        count too): nothing is walked."""
        if isinstance(value, dict):
            get = value.get
        else:
            def get(key: str) -> Any:
                return getattr(value, key, None)
        text = get("text")
        if self.max_chars is not None and isinstance(text, str) and len(text) > self.max_chars:
            raise InvalidValue(
                f"SentimentPanel value too large: its text has {len(text):,} characters, over the "
                f"panel's limit of {self.max_chars:,} (set by SentimentPanel(max_chars=...))"
            )
        if self.max_spans is None:
            return
        counts = {}
        for field in SPAN_FIELDS:
            items = get(field)
            if isinstance(items, (list, dict)):
                counts[field] = len(items)
        reference = get("reference")
        for field in REFERENCE_SPAN_FIELDS:
            items = reference.get(field) if isinstance(reference, dict) else getattr(reference, field, None)
            if isinstance(items, (list, dict)):
                counts[f"reference {field}"] = len(items)
        total = sum(counts.values())
        if total > self.max_spans:
            parts = ", ".join(f"{n:,} {field}" for field, n in counts.items() if n)
            raise InvalidValue(
                f"SentimentPanel value too large: {total:,} spans ({parts}), over the panel's "
                f"limit of {self.max_spans:,} entities, sentences and attributions together "
                f"(set by SentimentPanel(max_spans=...))"
            )


def _from_gradio(kwargs: dict[str, Any]) -> bool:
    """Gradio's own call: ``Blocks.preprocess_data`` passes ``context={"validate_meta": True}``
    (6.0 to 6.31). Another caller, or a Gradio that stops passing it, gets the full validation."""
    context = kwargs.get("context")
    return isinstance(context, dict) and bool(context.get("validate_meta"))


def screened(limits: SizeLimits, value: dict[str, Any]) -> Received:
    """What Gradio's call of ``model_validate`` does on the event loop: the size check and the
    top-level keys (so that nothing too large or unknown is kept in the session's state), then
    ``value`` as a :class:`Received` (a copy of its top level), for ``SentimentPanel.preprocess``
    to validate."""
    from .data import PanelData

    limits.check(value)
    unknown = value.keys() - PANEL_KEYS
    if unknown:
        try:  # pydantic's wording; only the unknown keys, so nothing large is walked
            PanelData.model_validate({"text": "", **{key: value[key] for key in unknown}})
        except ValueError as err:
            raise InvalidValue(str(err)) from None
    return Received(value)


@functools.lru_cache(maxsize=None)
def model_for(limits: SizeLimits) -> type:
    """The ``data_model`` a panel with these limits gives Gradio: ``PanelData`` (the same schema,
    fields and validators), whose ``model_validate`` screens a value Gradio hands it (see
    :func:`screened`) and validates anything else as ``PanelData`` does, into a ``PanelData``."""
    from . import data

    base = data.PanelData

    class PanelData(base):
        __module__ = base.__module__
        __qualname__ = base.__qualname__
        __doc__ = base.__doc__

        @classmethod
        def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(obj, dict) and _from_gradio(kwargs):
                return screened(limits, obj)
            return base.model_validate(obj, *args, **kwargs)

        @classmethod
        def from_json(cls, x: Any) -> Any:
            return base.from_json(x)

    return PanelData


class RequestSizeLimit:
    """ASGI middleware: a JSON request body larger than ``max_bytes`` is answered with status
    413 and a message naming the limit, before anything parses it. Everything else (file
    uploads, which Gradio's ``max_file_size`` limits, and every GET) passes untouched.

    Install it with ``demo.launch(app_kwargs={"middleware": [request_size_limit(n)]})``, or
    ``app.add_middleware(RequestSizeLimit, max_bytes=n)`` on a FastAPI app that mounts the demo.
    """

    def __init__(self, app: Any, max_bytes: int = DEFAULT_MAX_REQUEST_BYTES):
        self.app = app
        self.max_bytes = checked_limit("max_bytes", max_bytes)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.max_bytes is None or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        if b"json" not in headers.get(b"content-type", b"").lower():
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size > self.max_bytes:
                await self._drain(receive)
                await self._refuse(send, size)
                return
            await self.app(scope, receive, send)
            return
        # no length given (chunked): read the body up to the limit, then hand it on
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                chunks.clear()
                if more:
                    await self._drain(receive)
                await self._refuse(send, None)
                return
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _drain(receive: Any) -> None:
        """Read the rest of the body without keeping it, so the client sees the answer instead
        of a connection closed while it is still sending."""
        while True:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return

    async def _refuse(self, send: Any, size: int | None) -> None:
        has = f"{size:,} bytes" if size is not None else f"more than {self.max_bytes:,} bytes"
        detail = (
            f"Request too large: its JSON body has {has}, over this server's limit of "
            f"{self.max_bytes:,} bytes (set by RequestSizeLimit(max_bytes=...))"
        )
        body = json.dumps({"detail": detail, "error": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


def request_size_limit(max_bytes: int = DEFAULT_MAX_REQUEST_BYTES) -> Any:
    """A :class:`RequestSizeLimit` for ``launch(app_kwargs={"middleware": [...]})``."""
    from starlette.middleware import Middleware

    return Middleware(RequestSizeLimit, max_bytes=max_bytes)
