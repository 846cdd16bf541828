"""Small helpers the adapters share: plain numbers, attribute-or-key access, short
descriptions of bad values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..data import _short_repr


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


def _repr(obj: Any, width: int = 120) -> str:
    return _short_repr(obj, width)


def _keys(keys: Any) -> str:
    """Unknown keys, sorted, written as a list: keys of any type (a dict may mix str and int keys)."""
    return _repr(sorted(keys, key=lambda key: (type(key).__name__, _repr(key))))


def _describe(obj: Any) -> str:
    return f"{type(obj).__name__} {_repr(obj)}"
