"""Data safety: every migration reverses, and a dumpdata backup restores the catalog exactly."""

import os
import re
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command

from web.caching import clear_local_copies

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ["comparisons", "catalog"]  # dependents first when unapplying


def manage(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(arguments)}:\n{result.stderr}"
    return result.stdout


@pytest.fixture
def scratch_database_url(tmp_path):
    """An empty database of the suite's own kind, dropped afterwards."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    import psycopg

    params = settings.DATABASES["default"]
    name = f"versus_scratch_{uuid.uuid4().hex[:10]}"
    admin_url = (
        f"postgresql://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    )
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url}/{name}"
    finally:
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_migration_reverses_with_data_in_place(scratch_database_url):
    env = {**os.environ, "DATABASE_URL": scratch_database_url, "DJANGO_DEBUG": "1"}
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_catalog")
    for app in OUR_APPS:
        manage(env, "migrate", app, "zero", "--noinput")
    plan = manage(env, "showmigrations", *OUR_APPS)
    assert "[X]" not in plan
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_catalog")
    assert "[ ]" not in manage(env, "showmigrations", *OUR_APPS)


# The README's backup command, less the output file.
DUMP_ARGUMENTS = [
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=axes",
]


# Dependents first: prices and scores protect their models.
WIPE_ORDER = [
    "comparisons.FeaturedComparison",
    "catalog.Score",
    "catalog.Price",
    "catalog.Offer",
    "catalog.UnmappedRecord",
    "catalog.ImportRun",
    "catalog.ModelAlias",
    "catalog.CreatorPattern",
    "catalog.ProviderAlias",
    "catalog.Discrepancy",
    "catalog.AIModelSlug",
    "catalog.ProviderSlug",
    "catalog.AIModel",
    "catalog.Benchmark",
    "catalog.Provider",
    "catalog.CacheVersion",
    "auth.Group",
]


def comparable(response) -> bytes:
    """The page without its per-response nonce and below-the-second timestamps."""
    page = re.sub(rb'nonce="[^"]+"', b"", response.content)
    return re.sub(rb"(T\d\d:\d\d:\d\d)\.\d+", rb"\1", page)


def to_milliseconds(value):
    """JSON backups keep times to the millisecond, as DjangoJSONEncoder writes them."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def snapshot() -> dict[str, list]:
    """Every row of the catalog, the featured comparisons and the groups, as plain data."""
    models = [
        *apps.get_app_config("catalog").get_models(),
        *apps.get_app_config("comparisons").get_models(),
        apps.get_model("auth", "Group"),
    ]
    rows = {
        model._meta.label: serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in models
    }
    for listed in rows.values():
        for row in listed:
            row["fields"] = {name: to_milliseconds(v) for name, v in row["fields"].items()}
    for group in rows["auth.Group"]:
        group.pop("pk")  # groups are restored by name (natural keys), not by number
    return rows


@pytest.mark.django_db
def test_the_demo_catalog_round_trips_through_dumpdata_and_loaddata(demo_catalog, client, tmp_path):
    backup = tmp_path / "backup.json"
    page = client.get("/compare/claude-sonnet-4-vs-gpt-4o/")
    before = snapshot()
    assert len(before["catalog.Price"]) > 50

    call_command("dumpdata", *DUMP_ARGUMENTS, output=str(backup), verbosity=0)
    for label in WIPE_ORDER:
        apps.get_model(label)._default_manager.all().delete()
    assert not any(snapshot().values())
    call_command("loaddata", str(backup), verbosity=0)

    assert snapshot() == before
    cache.clear()  # a restore commits, which bumps the catalog version; tests never commit
    clear_local_copies()
    restored = client.get("/compare/claude-sonnet-4-vs-gpt-4o/")
    assert restored.status_code == 200
    assert restored.context is not None  # rendered from the restored rows, not the cache
    assert comparable(restored) == comparable(page)
