"""Bulk writes that never overwrite what someone saved after the import read it.

The writer reads every row once, decides, and writes in bulk at the end; an
editor may save in between. So the writer keeps a copy of each row as it read
it, and every bulk update goes through `ReadCopies.update`: the rows are
locked (SELECT ... FOR UPDATE, held until the import commits) and compared
with those copies. A field keeps the import's value only if the row still
holds what the import read; otherwise the row's current value stays and the
difference is reported, so an editor can see what the import would have
written. A row whose origin changed (an editor took it over) is left alone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

from django.db import models

Conflict = Callable[[Any, str, Any, Any], None]  # (row, field, theirs, ours)
Row = TypeVar("Row", bound=models.Model)


def _attname(row: models.Model, field: str) -> str:
    return cast("models.Field[Any, Any]", row._meta.get_field(field)).attname


def _value(row: models.Model, field: str) -> Any:
    return getattr(row, _attname(row, field))


def _merge_json(ours: Any, read: Any, theirs: Any) -> Any:
    """A three-way merge of two dictionaries by key: a key the import changed and nobody
    else did takes the import's value; every other key keeps the row's current one."""
    ours, read, theirs = ours or {}, read or {}, theirs or {}
    merged = dict(theirs)
    for key in set(ours) | set(read):
        if ours.get(key) != read.get(key) and theirs.get(key) == read.get(key):
            if key in ours:
                merged[key] = ours[key]
            else:
                merged.pop(key, None)
    return merged


class ReadCopies:
    """Copies of rows as an import read them, and the bulk updates that honour them."""

    def __init__(self) -> None:
        self.copies: dict[tuple[type[models.Model], Any], models.Model] = {}

    def keep(self, rows: Iterable[models.Model]) -> None:
        """Remember these rows as read (call before changing them)."""
        for row in rows:
            self.copies.setdefault((type(row), row.pk), copy.copy(row))

    def update(
        self,
        rows: Iterable[Row],
        fields: Sequence[str],
        *,
        merged: Sequence[str] = (),
        whole_row: Sequence[str] = (),
        on_conflict: Conflict | None = None,
        batch_size: int = 500,
    ) -> list[Row]:
        """bulk_update(rows, fields), except what changed since the rows were read.

        `merged` names JSON fields merged key by key (provenance); `whole_row` the
        fields whose change since the read leaves the row untouched (origin).
        Returns the rows written.
        """
        rows = list(rows)
        if not rows:
            return []
        model = type(rows[0])
        # Only these rows are locked: no ordering joins that would lock their models too.
        locked = model._default_manager.select_for_update(no_key=True, of=("self",)).order_by()
        fresh = locked.in_bulk([row.pk for row in rows])
        written = []
        for row in rows:
            now = fresh.get(row.pk)
            if now is None:
                continue  # deleted since: nothing to update
            read = self.copies.get((model, row.pk))
            if read is None:
                written.append(row)
                continue
            if any(_value(now, name) != _value(read, name) for name in whole_row):
                continue
            for name in fields:
                theirs, before, ours = _value(now, name), _value(read, name), _value(row, name)
                if name in merged:
                    setattr(row, name, _merge_json(ours, before, theirs))
                elif theirs != before:
                    if ours not in (before, theirs) and on_conflict is not None:
                        on_conflict(row, name, theirs, ours)
                    setattr(row, _attname(row, name), theirs)
            written.append(row)
        model._default_manager.bulk_update(written, list(fields), batch_size=batch_size)
        return written
