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


def _fresh_files(tables: list[str]) -> None:
    """Start the copy in new, empty files for these (empty) tables, inside the test's
    transaction. When the test rolls back, PostgreSQL throws those files away whole, so
    the copy leaves no dead rows behind: where autovacuum is off (as on a CI database)
    some 28,000 of them a test would otherwise pile up into millions over a run, and
    every later query would read through them. A new file also keeps the planner's
    row estimates true to what the test holds."""
    if connection.vendor != "postgresql" or not tables:
        return
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(table) for table in tables)
        # Rows the test wrote and deleted first leave deferred key checks pending, which
        # TRUNCATE refuses to run past: settle them now, then defer again as Django does.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {names}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _analyze(tables: list[str]) -> None:
    """Give the planner the copy's statistics, as autovacuum would give a live database
    after a load; without them it guesses at the new files' rows from their size."""
    if connection.vendor != "postgresql" or not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def load_demo_catalog() -> None:
    """The shipped catalog in the test database, as `manage.py load_demo_catalog` leaves it."""
    before = _counts()
    if _kept and before == _before:
        empty = [table for table, count in _before.items() if count == 0]
        _fresh_files(empty)
        restore(_kept)
        _analyze(empty)
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
