"""The demo catalog loaded once per run, then copied back in for each test that asks.

Loading the shipped catalog validates and inserts some 28,000 rows (seconds each
time); a couple of hundred tests start from it. The first load in a run goes
through `load_demo_catalog` itself, into the tables as the migrations leave them,
and the rows it wrote are kept; a later test that starts from the same tables gets
the same rows back, one bulk copy per table, and the same announcement of a
changed catalog, so the cache versions move as a load moves them.
`tests/catalog/test_shipped.py` checks the copy against a real load.
"""

from __future__ import annotations

import io
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from catalog.changes import announce

APPS = ("catalog", "comparisons")
# Bumped by the load's announcement with the time of each test's own load, never copied.
SKIP = {"catalog_cacheversion"}

# Table -> (columns, rows) the first load wrote, and each table's row count before it;
# empty until then.
_kept: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
_before: dict[str, int] = {}
# Copies made so far; every VACUUM_EVERY-th one first vacuums the tables (see _vacuum).
_copies = 0
VACUUM_EVERY = 5


def catalog_models() -> list[type[models.Model]]:
    """Every table the catalog's apps own (many-to-many tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APPS
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in SKIP
    ]


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in catalog_models():
            table = model._meta.db_table
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _read(table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY's text form gives back exactly what it takes, JSON and decimals included.
            with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            return [], [(data,)] if data else []
        cursor.execute(f"SELECT * FROM {quoted}")
        columns = [column[0] for column in cursor.description]
        return columns, cursor.fetchall()


def _write(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                copy.write(rows[0][0])
            return
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        marks = ", ".join("%s" for _ in columns)
        cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", rows)


def capture(tables: list[str] | None = None) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every row now in these catalog tables (all of them by default), table by table."""
    kept = {}
    for model in catalog_models():
        table = model._meta.db_table
        if tables is not None and table not in tables:
            continue
        columns, rows = _read(table)
        if rows:
            kept[table] = (columns, rows)
    return kept


def restore(kept: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> None:
    """Write captured rows back into empty tables, keys and all, and move the key
    sequences past them, then announce the change as a load does."""
    with transaction.atomic():
        for table, (columns, rows) in kept.items():
            _write(table, columns, rows)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), catalog_models()):
                cursor.execute(statement)
        announce(shared=True)


def _vacuum(tables: list[str]) -> None:
    """Clear out the rows earlier tests wrote and rolled back. Each copy leaves some
    28,000 dead rows behind when its test ends; where autovacuum is off (as on a CI
    database) a run would pile up millions of them, and every query that scans a table
    would read through them all. VACUUM cannot run inside the test's transaction, so
    it runs on a connection of its own; rows of aborted transactions are always
    removable, whatever the test's connection holds open."""
    if connection.vendor != "postgresql" or not tables:
        return
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            # TRUNCATE false: giving back empty pages would wait on the test's own locks.
            names = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"VACUUM (TRUNCATE false) {names}")
    finally:
        raw.close()


def load_demo_catalog() -> None:
    """The shipped catalog in the test database, as `manage.py load_demo_catalog` leaves it."""
    global _copies
    before = _counts()
    if _kept and before == _before:
        _copies += 1
        if _copies % VACUUM_EVERY == 0:
            _vacuum(list(_kept))
        restore(_kept)
        return
    call_command("load_demo_catalog", stdout=io.StringIO())
    if _kept:  # a test made rows of its own first, which a real load merges with
        return
    written = [table for table, count in _counts().items() if count != before[table]]
    # Tables the migrations seed (aliases, patterns) are left alone by a load; a load
    # into a table that already had rows could not be copied back alone, so is not kept.
    if all(before[table] == 0 for table in written):
        _before.update(before)
        _kept.update(capture(written))
