"""The catalog shipped in the repository (catalog/data/catalog.json): written and read back.

`build_demo_catalog` imports the public data into a scratch database, lays the
hand-kept editorial layer over it and exports the result here; `make run`
loads it. Every fact keeps its dataset, record and dates, so a later import
on top of the shipped catalog recognises what it wrote. The file is rows, not
the public files: one JSON line a row, so a rebuild's diff reads as changes.

Loading creates what is missing and leaves every existing row alone (bulk
inserts that skip conflicts), so it is quick and safe to repeat.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction

from catalog.changes import announce
from catalog.identity import ModelAlias
from catalog.models import (
    AIModel,
    AIModelSlug,
    Benchmark,
    Discrepancy,
    Offer,
    Price,
    Provider,
    Score,
)

FORMAT = 2
SHIPPED_PATH = Path(__file__).resolve().parent / "data" / "catalog.json"
# Row bookkeeping of the database it was exported from: a loaded row gets its own.
SKIP = {"id", "created_at", "updated_at", "detected_on"}
# The foreign keys each table refers to rows of other tables by, and by which field.
REFERENCES = {
    "creator": ("providers", "slug"),
    "host": ("providers", "slug"),
    "model": ("models", "slug"),
    "benchmark": ("benchmarks", "slug"),
    "successor": ("models", "slug"),
    "snapshot_of": ("models", "slug"),
}
# In the order rows can be created in; each table's unique constraints tell a row that
# exists already (and is left alone) from one to create.
TABLES: tuple[tuple[str, type[models.Model]], ...] = (
    ("providers", Provider),
    ("benchmarks", Benchmark),
    ("models", AIModel),
    ("old_slugs", AIModelSlug),
    ("offers", Offer),
    ("prices", Price),
    ("scores", Score),
    ("discrepancies", Discrepancy),
    ("aliases", ModelAlias),
)
LATER = ("successor", "snapshot_of")  # model-to-model links, set once every model exists


class ShippedCatalogError(Exception):
    """The shipped file is missing or malformed; the message names the row."""


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in SKIP]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def export(path: Path, *, selection: Mapping[str, Iterable[Any]], about: str) -> int:
    """Write the selected rows of each table; foreign keys as the slugs they point at."""
    lines = ["{", f'  "format": {FORMAT},', f'  "about": {json.dumps(about)},']
    written = 0
    for name, model in TABLES:
        fields = _fields(model)
        columns = [f.name for f in fields]
        rows = []
        for row in selection.get(name, ()):
            values = []
            for field in fields:
                if field.name in REFERENCES:
                    related = getattr(row, field.name)
                    values.append(getattr(related, REFERENCES[field.name][1]) if related else None)
                else:
                    values.append(_plain(getattr(row, field.attname)))
            rows.append(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
        written += len(rows)
        lines.append(f'  "{name}": {{"columns": {json.dumps(columns)}, "rows": [')
        lines.append(",\n".join(f"    {row}" for row in rows))
        lines.append("  ]},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ShippedCatalogError(f"{path.name}: cannot read it ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ShippedCatalogError(f"{path.name}: not a shipped catalog of format {FORMAT}")
    return data


def load(path: Path = SHIPPED_PATH) -> dict[str, int]:
    """Create every row of the file that is missing; existing rows stay as they are."""
    data = read(path)
    created: dict[str, int] = {}
    with transaction.atomic():
        ids: dict[str, dict[str, int]] = {}
        for name, model in TABLES:
            table = data.get(name) or {"columns": [], "rows": []}
            columns = table["columns"]
            fields = {f.name: f for f in _fields(model)}
            unknown = sorted(set(columns) - set(fields))
            if unknown:
                raise ShippedCatalogError(f"{path.name}: {name}: unknown columns {unknown}")
            objects = []
            links: list[tuple[str, dict[str, str]]] = []
            for number, values in enumerate(table["rows"], start=1):
                row = dict(zip(columns, values, strict=True))
                try:
                    kwargs = _kwargs(row, fields, ids, name)
                except (KeyError, ValueError, ValidationError) as error:
                    where = f"{path.name}: {name} row {number}"
                    raise ShippedCatalogError(f"{where}: {error}") from None
                later = {key: row.pop(key) for key in LATER if row.get(key)}
                for key in LATER:
                    kwargs.pop(f"{key}_id", None)
                objects.append(model(**kwargs))
                if later:
                    links.append((row.get("slug", ""), later))
            before = model._default_manager.count()
            existing = set(AIModel.objects.values_list("slug", flat=True)) if links else set()
            try:
                model._default_manager.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
            except (IntegrityError, DataError) as error:
                raise ShippedCatalogError(f"{path.name}: {name}: {error}") from None
            created[name] = model._default_manager.count() - before
            if name in ("providers", "benchmarks", "models"):
                ids[name] = dict(model._default_manager.values_list("slug", "pk"))
            new_links = [(slug, values) for slug, values in links if slug not in existing]
            if new_links:
                _link(new_links, ids["models"])
        announce(shared=True)
    return created


def _kwargs(
    row: dict[str, Any],
    fields: dict[str, models.Field[Any, Any]],
    ids: dict[str, dict[str, int]],
    table: str,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, value in row.items():
        field = fields[name]
        if name in REFERENCES:
            target, _ = REFERENCES[name]
            if value is None:
                kwargs[field.attname] = None
            elif name in LATER:
                continue
            else:
                if value not in ids.get(target, {}):
                    raise KeyError(f"{name} {value!r} is not in {target}")
                kwargs[field.attname] = ids[target][value]
        else:
            converted = field.to_python(value) if value is not None else None
            if converted is not None:
                try:
                    field.run_validators(converted)
                except ValidationError as error:
                    raise ValueError(f"{name}: {'; '.join(error.messages)}") from None
            kwargs[field.attname] = converted
    return kwargs


def _link(links: list[tuple[str, dict[str, str]]], models_by_slug: dict[str, int]) -> None:
    """Successors and snapshot bases of the models this load created."""
    for slug, values in links:
        updates = {
            f"{key}_id": models_by_slug[target]
            for key, target in values.items()
            if target in models_by_slug
        }
        if updates:
            AIModel.objects.filter(slug=slug).update(**updates)
