"""Small helpers the adapters share: plain numbers, attribute-or-key access, short
descriptions of bad values, and validation with the package's own error messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _plain_number(value: Any) -> Any:
    """numpy scalars -> Python numbers; anything else is left for validation to judge."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", None) == ():
        return value.item()
    return value


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _is_mapping_like(obj: Any) -> bool:
    return isinstance(obj, Mapping)


def _describe(obj: Any) -> str:
    try:
        text = repr(obj)
    except ValueError:  # an int past Python's digit limit for str(), somewhere inside obj
        text = f"<{type(obj).__name__} too large to write out>"
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(obj).__name__} {text}"


def _validated(model: type, where: str, **fields: Any) -> Any:
    """``model`` built from ``fields`` as the part ``where`` of a SentimentPanel value."""
    return model.checked(fields, where)
