"""Cursors for the model list: the sort key of the last model a page showed.

A cursor names a place in the order, not a position, so a model added or
removed before it neither repeats nor skips one on the next page. It is
opaque to clients: base64 of a small JSON document, checked when read.
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal, InvalidOperation
from typing import Any

Key = tuple[Any, ...]


class BadCursor(ValueError):
    pass


def _tagged(item: Any) -> Any:
    if isinstance(item, Decimal):
        return {"d": str(item)}
    if isinstance(item, bool | int | str):
        return item
    raise TypeError(f"cannot encode {type(item).__name__} in a cursor")


def _untagged(item: Any) -> Any:
    if isinstance(item, dict) and set(item) == {"d"} and isinstance(item["d"], str):
        try:
            number = Decimal(item["d"])
        except InvalidOperation as error:
            raise BadCursor("This cursor is not one the API gave out.") from error
        if not number.is_finite():
            raise BadCursor("This cursor is not one the API gave out.")
        return number
    if isinstance(item, bool | int | str):
        return item
    raise BadCursor("This cursor is not one the API gave out.")


def encode(sort: str, key: Key) -> str:
    document = json.dumps({"s": sort, "k": [_tagged(item) for item in key]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(document.encode()).decode().rstrip("=")


def decode(text: str, sort: str, like: Key) -> Key:
    """The key a cursor holds, for a list sorted by `sort` whose keys look like `like`."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        document = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise BadCursor("This cursor is not one the API gave out.") from error
    if not isinstance(document, dict) or not isinstance(document.get("k"), list):
        raise BadCursor("This cursor is not one the API gave out.")
    if document.get("s") != sort:
        raise BadCursor("This cursor belongs to a list in another order; ask again without it.")
    key = tuple(_untagged(item) for item in document["k"])
    if len(key) != len(like) or any(
        type(mine) is not type(theirs) for mine, theirs in zip(key, like, strict=True)
    ):
        raise BadCursor("This cursor is not one the API gave out.")
    return key
