"""Faults: the database down gives a friendly 503; other failures a 500 page without internals."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from tests.production import production_env

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh process with production settings and a database nobody answers on.
PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
found = {}
for path in json.loads(__import__("sys").argv[1]):
    if path.startswith("POST "):
        login = {"username": "editor", "password": "a-long-passphrase"}
        response = client.post(path.removeprefix("POST "), login, secure=True)
    else:
        response = client.get(path, secure=True)
    body = b"".join(response) if response.streaming else response.content
    found[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": body.decode(),
    }
print(json.dumps(found))
"""

PATHS = [
    "/",
    "/models/",
    "/models/gpt-4o/",
    "/providers/openai/",
    "/compare/claude-sonnet-4-vs-gpt-4o/",
    "/compare/?a=gpt-4o&b=o3",
    "/suggest/?field=a&a=gpt",
    "/sitemap.xml",
    "/sitemaps/comparisons-1.xml",
    "POST /admin/login/",
]
INTERNALS = ["Traceback", "OperationalError", "psycopg", "sqlite", "127.0.0.1", "connection"]


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("postgres://postgres@127.0.0.1:1/versus", id="postgresql-refusing"),
        pytest.param("sqlite:////nonexistent-directory/versus.sqlite3", id="sqlite-unopenable"),
    ],
)
def test_database_down_gives_a_friendly_503_with_retry_after(database_url):
    env = production_env(DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([*PATHS, "/readyz/", "/healthz/"])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    for path in PATHS:
        assert found[path]["status"] == 503, path
        assert found[path]["retry_after"] == "30", path
        assert "Versus is briefly unavailable" in found[path]["body"], path
        for word in INTERNALS:
            assert word not in found[path]["body"], (path, word)
    assert found["/readyz/"]["status"] == 503
    assert found["/readyz/"]["retry_after"] == "30"
    assert found["/readyz/"]["body"].startswith("database: unavailable")
    assert found["/healthz/"]["status"] == 200  # the process itself is alive


def test_a_database_error_in_a_view_is_the_503_page(client, db, monkeypatch):
    from pages.views import comparisons as views

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "facts_by_slug", broken)
    response = client.get("/compare/claude-sonnet-4-vs-gpt-4o/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert b"server closed" not in response.content


def test_any_other_failure_is_the_500_page_without_internals(client, db, settings, monkeypatch):
    from pages.views import comparisons as views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "facts_by_slug", broken)
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/compare/claude-sonnet-4-vs-gpt-4o/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"secret internals" not in response.content
