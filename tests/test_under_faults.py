"""Never stale under faults, floods and races: one test (or more) per way it once failed.

Redis and PostgreSQL are reached through a loopback proxy that can refuse or
stall connections (tests/faults.py); production processes are started where
only a process shows the fault (timeouts, gunicorn workers).
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from catalog.models import AIModel, CacheVersion, Price, Provider, Score
from tests.caches import (
    COMPARISON,
    REDIS,
    add_price_in_admin,
    add_price_in_shell,
    wait_until_following,
)
from tests.factories import AIModelFactory
from tests.faults import FaultProxy
from tests.production import production_env
from web import caching, versioning

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
# Races between two connections: SQLite serialises writers instead (the transaction that
# writes first holds the lock from its start; see test_sqlite_writers_queue_for_the_lock).
ON_POSTGRESQL = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="a race between two connections; SQLite serialises writers",
)
OLD = "$2.50 per 1M input tokens"
NEW = "$1.75 per 1M input tokens"


def head(page: str) -> str:
    """The comparison's summary and table, before the full price breakdown."""
    return page.split("Price breakdown")[0]


def redis_versions(prefix: str) -> dict[str, int]:
    raw = redis.Redis.from_url(REDIS, decode_responses=True).hgetall(f"{prefix}:versions")
    return {str(key): int(value) for key, value in raw.items()}


def database_catalog_version() -> int:
    return versioning.database_versions([versioning.CATALOG])[versioning.CATALOG]


# -- 1. a bump that Redis missed ------------------------------------------------------------


class TestABumpRedisMissed:
    def test_a_price_saved_while_redis_is_down_is_served_once_it_is_back(
        self, client, demo_catalog, editor, redis_proxy, django_capture_on_commit_callbacks
    ):
        assert OLD in head(client.get(COMPARISON).content.decode())
        wait_until_following()
        assert OLD in head(client.get(COMPARISON).content.decode())  # now from the cache

        redis_proxy.set("refuse")
        with django_capture_on_commit_callbacks(execute=True):
            add_price_in_admin(client, editor, AIModel.objects.get(slug="gpt-4o"), "1.75")
        during = client.get(COMPARISON).content.decode()
        assert NEW in head(during)
        assert OLD not in head(during)

        # Redis returns still holding the old versions and the old page under them.
        redis_proxy.set("pass")
        assert redis_versions(redis_proxy.prefix)["catalog"] < database_catalog_version()
        deadline = time.monotonic() + 15
        while redis_versions(redis_proxy.prefix)["catalog"] < database_catalog_version():
            assert time.monotonic() < deadline, "Redis was never brought up to the database"
            page = client.get(COMPARISON).content.decode()
            assert NEW in head(page)
            assert OLD not in head(page)
            time.sleep(0.05)
        for _ in range(3):
            page = client.get(COMPARISON).content.decode()
            assert NEW in head(page)
            assert OLD not in head(page)

    def test_a_worker_started_after_the_outage_serves_the_new_price(
        self, client, demo_catalog, editor, redis_proxy, django_capture_on_commit_callbacks
    ):
        assert OLD in head(client.get(COMPARISON).content.decode())
        redis_proxy.set("refuse")
        with django_capture_on_commit_callbacks(execute=True):
            add_price_in_admin(client, editor, AIModel.objects.get(slug="gpt-4o"), "1.75")
        redis_proxy.set("pass")
        caching.reset_process_state()  # a fresh worker: it knows only what Redis says
        page = client.get(COMPARISON).content.decode()
        assert NEW in head(page)
        assert OLD not in head(page)

    def test_a_bump_redis_refused_to_store_still_reaches_every_worker(
        self, client, demo_catalog, shared_redis, monkeypatch, django_capture_on_commit_callbacks
    ):
        """A full Redis with `noeviction` refuses writes: the bump is in the database, and a
        worker confirms Redis against it before serving anything from the cache."""
        assert OLD in head(client.get(COMPARISON).content.decode())
        full = redis.exceptions.OutOfMemoryError("command not allowed when used memory > maxmemory")

        def refuse(*args, **kwargs):
            raise full

        monkeypatch.setattr(versioning.SharedVersions, "raise_to", refuse)
        gpt = AIModel.objects.get(slug="gpt-4o")
        add_price_in_shell(django_capture_on_commit_callbacks, gpt, "1.75")
        for _ in range(2):
            caching.reset_process_state()  # another worker, which heard of no bump
            page = client.get(COMPARISON).content.decode()
            assert NEW in head(page)
            assert OLD not in head(page)
        monkeypatch.undo()
        caching.reset_process_state()
        page = client.get(COMPARISON).content.decode()
        assert NEW in head(page)
        assert redis_versions(shared_redis)["catalog"] == database_catalog_version()

    def test_a_bump_redis_missed_is_copied_with_the_next_one(
        self, demo_catalog, shared_redis, monkeypatch, django_capture_on_commit_callbacks
    ):
        """Redis never holds a catalog version while lacking an earlier bump."""
        client = redis.Redis.from_url(REDIS)
        caching.versions(["catalog"])  # confirmed: Redis has the database's versions
        real = versioning.SharedVersions.raise_to
        monkeypatch.setattr(
            versioning.SharedVersions,
            "raise_to",
            lambda *a, **k: (_ for _ in ()).throw(redis.exceptions.ConnectionError("down")),
        )
        with django_capture_on_commit_callbacks(execute=True):
            AIModel.objects.get(slug="gpt-4o").save()
        monkeypatch.setattr(versioning.SharedVersions, "raise_to", real)
        caching._Health.down = False
        with django_capture_on_commit_callbacks(execute=True):
            AIModel.objects.get(slug="o3").save()
        held = redis_versions(shared_redis)
        truth = dict(CacheVersion.objects.values_list("name", "version"))
        assert held["model:gpt-4o"] == truth["model:gpt-4o"]
        assert held["model:o3"] == truth["model:o3"] == truth["catalog"] == held["catalog"]
        client.close()

    def test_a_cache_ahead_of_the_database_is_not_trusted_until_invalidated(
        self, client, demo_catalog, shared_redis
    ):
        """After a restore the database's versions go back; Redis's may name pages of data
        that is gone, so nothing is served from it until invalidate_pages moves past it."""
        from django.core.management import call_command

        client.get(COMPARISON)
        ahead = database_catalog_version() + 50
        redis.Redis.from_url(REDIS).hset(f"{shared_redis}:versions", "catalog", ahead)
        caching.reset_process_state()
        with pytest.raises(caching.CacheUnavailable):
            caching.versions(["catalog"])
        assert client.get(COMPARISON).status_code == 200  # rendered, not from the cache
        call_command("invalidate_pages", stdout=open("/dev/null", "w"))  # noqa: SIM115
        caching.reset_process_state()
        assert caching.versions(["catalog"])[0] > ahead


# -- 2. a bounded cache ---------------------------------------------------------------------


def page_keys(prefix: str) -> list[bytes]:
    return list(redis.Redis.from_url(REDIS).scan_iter(f"{prefix}:*:page:*"))


class TestABoundedCache:
    def test_query_parameters_we_do_not_read_create_no_entries(
        self, client, demo_catalog, shared_redis
    ):
        client.get(COMPARISON)
        client.get("/models/?q=gpt")
        before = page_keys(shared_redis)
        for n in range(40):
            assert client.get(f"{COMPARISON}?utm_source=x{n}").status_code == 200
            assert client.get(f"/models/?q=gpt&utm_campaign={n}&fbclid={n}").status_code == 200
        assert page_keys(shared_redis) == before

    def test_the_workload_is_part_of_the_comparisons_key(self, client, demo_catalog, shared_redis):
        client.get(COMPARISON)
        count = len(page_keys(shared_redis))
        client.get(f"{COMPARISON}?input_tokens=1000&output_tokens=10&images=0")
        assert len(page_keys(shared_redis)) == count + 1

    def test_entries_expire(self, client, demo_catalog, shared_redis):
        client.get(COMPARISON)
        ttls = [redis.Redis.from_url(REDIS).ttl(key) for key in page_keys(shared_redis)]
        assert ttls
        assert all(0 < ttl <= django_settings.PAGE_CACHE_SECONDS for ttl in ttls)

    def test_a_page_for_one_visitors_parameters_shows_no_other_visitors_parameters(
        self, client, demo_catalog, shared_redis
    ):
        first = client.get("/models/?q=gpt&utm_source=newsletter-42").content.decode()
        again = client.get("/models/?q=gpt").content.decode()
        assert "newsletter-42" not in first
        assert "newsletter-42" not in again
        assert '<link rel="canonical" href="https://versus.example/models/?q=gpt">' in again


# -- 3. an import racing an editor ----------------------------------------------------------


def import_context_window(tmp_path, context: int, day: date) -> str:
    from tests.catalog.test_importers import run, write_litellm

    entry = {
        "litellm_provider": "openai",
        "mode": "chat",
        "input_cost_per_token": 2e-06,
        "max_input_tokens": context,
    }
    return run(
        "litellm", write_litellm(tmp_path, {"gpt-9": entry}, f"{day}.json"), dataset_date=day
    )


def save_context_window_in_admin(client, editor, value: int) -> None:
    from tests.admin_forms import admin_post_data

    client.force_login(editor)
    model = AIModel.objects.get(slug="gpt-9")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(client.get(url))
    data["context_window"] = str(value)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


class TestAnImportRacingAnEditor:
    def interleave(self, monkeypatch, between) -> None:
        """Run `between` after the import has read every row and before it writes."""
        from catalog.importers.writer import Writer

        real = Writer.apply_prices
        done: list[bool] = []

        def apply_prices(writer, records):
            if not done:
                done.append(True)
                between()
            return real(writer, records)

        monkeypatch.setattr(Writer, "apply_prices", apply_prices)

    def test_an_editors_save_between_the_imports_read_and_write_stands(
        self, tmp_path, client, editor, monkeypatch
    ):
        from catalog.models import Discrepancy

        import_context_window(tmp_path, 100_000, date(2026, 1, 1))
        self.interleave(monkeypatch, lambda: save_context_window_in_admin(client, editor, 150_000))
        import_context_window(tmp_path, 200_000, date(2026, 2, 1))
        model = AIModel.objects.get(slug="gpt-9")
        assert model.context_window == 150_000
        assert model.provenance["context_window"]["origin"] == "editor"
        discrepancy = Discrepancy.objects.get(model=model, field="context_window")
        assert (discrepancy.current_value, discrepancy.imported_value) == ("150000", "200000")
        # The next import leaves the editor's value, and says so again.
        monkeypatch.undo()
        import_context_window(tmp_path, 200_000, date(2026, 3, 1))
        assert AIModel.objects.get(slug="gpt-9").context_window == 150_000

    def test_a_field_the_import_did_not_change_is_not_written_back_stale(
        self, tmp_path, monkeypatch
    ):
        """One bulk update writes every listed field of every row: a model whose context
        window the import left alone must not get back the value it had when read, just
        because the import changed another model's."""
        from tests.catalog.test_importers import run, write_litellm

        def entry(context: int) -> dict:
            return {
                "litellm_provider": "openai",
                "mode": "chat",
                "input_cost_per_token": 2e-06,
                "max_input_tokens": context,
            }

        first = write_litellm(tmp_path, {"gpt-9": entry(100_000), "gpt-10": entry(100_000)})
        run("litellm", first, dataset_date=date(2026, 1, 1))

        def edit():  # as any script or shell would, between the import's read and write
            AIModel.objects.filter(slug="gpt-9").update(context_window=123_000)

        self.interleave(monkeypatch, edit)
        later = {"gpt-9": entry(100_000), "gpt-10": entry(300_000)}
        run("litellm", write_litellm(tmp_path, later, "later.json"), dataset_date=date(2026, 2, 1))
        assert AIModel.objects.get(slug="gpt-9").context_window == 123_000
        assert AIModel.objects.get(slug="gpt-10").context_window == 300_000

    @ON_POSTGRESQL
    @pytest.mark.django_db(transaction=True)
    def test_on_postgresql_an_editor_in_another_connection_is_not_overwritten(
        self, tmp_path, migration_data, editor, monkeypatch
    ):
        from django.test import Client

        import_context_window(tmp_path, 100_000, date(2026, 1, 1))
        failures: list[BaseException] = []

        def edit_elsewhere():
            def work():
                try:
                    save_context_window_in_admin(Client(), editor, 150_000)
                except BaseException as error:  # reported below, in the test's thread
                    failures.append(error)
                finally:
                    connection.close()

            thread = threading.Thread(target=work)
            thread.start()
            thread.join(timeout=60)

        self.interleave(monkeypatch, edit_elsewhere)
        import_context_window(tmp_path, 200_000, date(2026, 2, 1))
        assert not failures, failures
        assert AIModel.objects.get(slug="gpt-9").context_window == 150_000


# -- 4. Host and X-Forwarded-Proto cannot poison what is cached -------------------------------


class TestAbsoluteUrls:
    PATHS = [
        "/sitemap.xml",
        "/robots.txt",
        "/models/gpt-4o/",
        COMPARISON,
        "/",
        "/providers/openai/",
    ]

    def test_no_request_header_reaches_a_cached_page(self, client, demo_catalog, settings):
        settings.ALLOWED_HOSTS = ["localhost", "versus.example"]
        for path in self.PATHS:
            poisoned = client.get(path, HTTP_HOST="localhost:31337", HTTP_X_FORWARDED_PROTO="http")
            assert b"31337" not in poisoned.content
        for path in self.PATHS:
            page = client.get(path, HTTP_HOST="versus.example").content.decode()
            assert "31337" not in page
            origins = set(re.findall(r"https?://(?:localhost|versus\.example)[^/\"<\s]*", page))
            assert origins <= {"https://versus.example"}, (path, origins)

    def test_canonical_og_url_and_json_ld_use_the_site_url(self, client, demo_catalog, settings):
        settings.SITE_URL = "https://compare.example"
        page = client.get("/models/gpt-4o/", HTTP_HOST="localhost:31337").content.decode()
        assert '<link rel="canonical" href="https://compare.example/models/gpt-4o/">' in page
        assert 'content="https://compare.example/models/gpt-4o/"' in page
        blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
        urls = re.findall(r'"(?:url|item)":\s*"([^"]+)"', " ".join(blocks))
        assert "https://compare.example/models/gpt-4o/" in urls
        assert not [url for url in urls if "localhost" in url or "31337" in url], urls

    def test_production_refuses_to_start_without_a_site_url(self):
        env = production_env()
        env.pop("SITE_URL")
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode != 0
        assert "SITE_URL is required" in result.stderr
        assert "Traceback" not in result.stderr


# -- 5. validators change when the date changes what a page shows -----------------------------


class Tomorrow(date):
    @classmethod
    def today(cls):
        return date.fromordinal(date.today().toordinal() + 1)


class TestValidators:
    def test_yesterdays_etag_gets_todays_page(self, client, demo_catalog, monkeypatch):
        today = client.get(COMPARISON)
        monkeypatch.setattr(caching, "date", Tomorrow)
        tomorrow = client.get(COMPARISON, headers={"If-None-Match": today["ETag"]})
        assert tomorrow.status_code == 200
        assert tomorrow["ETag"] != today["ETag"]

    def test_if_modified_since_sees_an_upcoming_price(
        self, client, demo_catalog, django_capture_on_commit_callbacks
    ):
        a_day_ago = timezone.now() - timedelta(days=1)
        CacheVersion.objects.update(changed_at=a_day_ago)
        for table in (AIModel, Price, Provider, Score):  # every row the page shows
            table.objects.update(updated_at=a_day_ago)
        first = client.get("/models/gpt-4o/")
        gpt = AIModel.objects.get(slug="gpt-4o")
        add_price_in_shell(
            django_capture_on_commit_callbacks, gpt, "1.10", date.today() + timedelta(days=7)
        )
        again = client.get("/models/gpt-4o/", headers={"If-Modified-Since": first["Last-Modified"]})
        assert again.status_code == 200
        assert "$1.10" in again.content.decode()


# -- 6. an htmx fragment is never kept in place of the page -----------------------------------


class TestFragments:
    def test_a_fragment_is_private_and_unstored_and_the_page_varies_on_every_htmx_header(
        self, client, demo_catalog
    ):
        fragment = client.get(
            "/models/?q=gpt", headers={"HX-Request": "true", "HX-Target": "results"}
        )
        assert fragment.status_code == 200
        assert "<html" not in fragment.content.decode()
        control = fragment["Cache-Control"]
        assert "private" in control
        assert "no-store" in control
        assert "public" not in control
        assert not fragment.has_header("ETag")
        page = client.get("/models/?q=gpt")
        restored = client.get(
            "/models/?q=gpt",
            headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
        )
        for response in (page, restored):
            assert "<html" in response.content.decode()
            vary = {part.strip().lower() for part in response["Vary"].split(",")}
            assert {"hx-request", "hx-target", "hx-history-restore-request"} <= vary
            assert "public" in response["Cache-Control"]

    def test_the_calculator_fragment_and_the_page_are_different_entries(self, client, demo_catalog):
        url = f"{COMPARISON}?input_tokens=1000&output_tokens=100&images=0"
        fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "cost-calculator"})
        page = client.get(url)
        assert "<html" not in fragment.content.decode()
        assert "<html" in page.content.decode()


# -- 7. redirects from old slugs are not kept for ever -----------------------------------------


def test_an_old_slugs_redirect_is_kept_only_briefly(client, demo_catalog, editor):
    from catalog.models import AIModelSlug

    model = AIModel.objects.get(slug="gpt-4o")
    AIModelSlug.objects.create(slug="gpt-4-omni", model=model)
    for path in ("/models/gpt-4-omni/", "/compare/claude-sonnet-4-vs-gpt-4-omni/"):
        response = client.get(path)
        assert response.status_code == 301
        control = response["Cache-Control"]
        assert f"max-age={django_settings.MOVED_MAX_AGE}" in control
        assert django_settings.MOVED_MAX_AGE <= 300
        assert "immutable" not in control


# -- 9. an unpublished successor stays unpublished ---------------------------------------------


def test_an_unpublished_successor_is_never_named(client, demo_catalog):
    gpt = AIModel.objects.get(slug="gpt-4o")
    secret = AIModelFactory(
        name="GPT-Secret", slug="gpt-secret", creator=gpt.creator, is_published=False
    )
    AIModel.objects.filter(pk=gpt.pk).update(
        status=AIModel.Status.DEPRECATED, successor=secret, deprecated_on=date(2026, 1, 1)
    )
    caching.clear_local_copies()
    for path in ("/models/gpt-4o/", COMPARISON):
        page = client.get(path).content.decode()
        assert "GPT-Secret" not in page
        assert "gpt-secret" not in page
    AIModel.objects.filter(pk=secret.pk).update(is_published=True)
    caching.invalidate_everything()
    assert "GPT-Secret" in client.get("/models/gpt-4o/").content.decode()


# -- 10. a lockout is for one address, the visitor's own ---------------------------------------


def log_in(client, username: str, password: str, forwarded: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",  # the proxy every visitor comes through
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_someone_elses_failures_do_not_lock_an_editor_out(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        # An attacker who also forges the header: the proxy appends their real address.
        log_in(client, "editor", "a guess", "192.0.2.50, 198.51.100.7")
    assert log_in(client, "editor", "a-long-passphrase", "198.51.100.7").status_code == 429
    editor_from_home = log_in(client, "editor", "a-long-passphrase", "203.0.113.9")
    assert editor_from_home.status_code == 302
    # The forged part of the header is not what counts: the editor's address is not locked.
    client.logout()
    assert log_in(client, "editor", "a-long-passphrase", "192.0.2.50").status_code == 302


# -- 11. a dependency that accepts connections and never answers -------------------------------


@contextlib.contextmanager
def within(seconds: int):
    """Fail if the block has not finished after `seconds` (generous: the point is that it
    finishes at all, where it once hung until the worker was killed)."""

    def expired(signum, frame):
        raise AssertionError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class TestStalledDependencies:
    def test_a_stalled_redis_gives_pages_from_the_database_and_a_503_readiness(
        self, client, demo_catalog, redis_proxy
    ):
        assert client.get(COMPARISON).status_code == 200
        redis_proxy.set("stall")
        for path in (COMPARISON, "/models/", "/models/gpt-4o/"):
            with within(20):
                assert client.get(path).status_code == 200
        with within(20):
            ready = client.get("/readyz/")
        assert ready.status_code == 503
        assert "cache: unavailable" in ready.content.decode()
        redis_proxy.set("pass")

    def test_a_stalled_postgresql_gives_a_quick_503(self):
        """In a production process: the database accepts connections and never answers."""
        stalled = FaultProxy(5432)
        stalled.set("stall")
        probe = (
            "import django, json; django.setup(); from django.test import Client; "
            "c = Client(raise_request_exception=False); "
            "print(json.dumps({p: c.get(p, secure=True).status_code "
            "for p in ['/readyz/', '/models/gpt-4o/']}))"
        )
        env = production_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:{stalled.port}/versus")
        try:
            result = subprocess.run(
                [sys.executable, "-c", probe],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            stalled.close()
        assert result.returncode == 0, result.stderr[-2000:]
        assert json.loads(result.stdout.strip().splitlines()[-1]) == {
            "/readyz/": 503,
            "/models/gpt-4o/": 503,
        }


# -- 12. two editors saving the same thing at once ---------------------------------------------


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_second_of_two_identical_prices_gets_the_conflict_message(
    migration_data, editor, monkeypatch
):
    from django.core.management import call_command
    from django.test import Client

    from catalog.admin import PriceAdmin

    call_command("load_demo_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    gpt = AIModel.objects.get(slug="gpt-4o")
    fields = {
        "model": gpt.pk,
        "host": gpt.creator.pk,
        "component": "output_tokens",
        "unit": "per_1m_tokens",
        "condition": "",
        "amount": "9.00",
        "effective_from": "2027-01-01",
        "source_url": "https://openai.com/api/pricing/",
        "checked_on": date.today().isoformat(),
        "origin": "editor",
    }
    real = PriceAdmin.save_model
    raced = []

    def save_model(self, request, obj, form, change):
        if not raced:  # the other editor's identical save lands first, in its own connection
            raced.append(True)

            def other():
                Price.objects.create(
                    model=gpt,
                    host=gpt.creator,
                    component="output_tokens",
                    unit="per_1m_tokens",
                    amount=Decimal("9.00"),
                    effective_from=date(2027, 1, 1),
                    source_url="https://openai.com/api/pricing/",
                )
                connection.close()

            thread = threading.Thread(target=other)
            thread.start()
            thread.join(timeout=30)
        return real(self, request, obj, form, change)

    monkeypatch.setattr(PriceAdmin, "save_model", save_model)
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("admin:catalog_price_add"), fields, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved the same thing at the same moment" in page, re.findall(
        r"errornote.*|errorlist.*", page
    )
    assert Price.objects.filter(model=gpt, component="output_tokens", amount=9).count() == 1


SQLITE_WRITERS = """
import django, threading, time, json
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from catalog.models import Provider
call_command("migrate", verbosity=0)
Provider.objects.create(slug="lab", name="Lab", kind="lab")
barrier = threading.Barrier(2, timeout=10)
errors = []

def save(n):
    try:
        barrier.wait()
        with transaction.atomic():
            provider = Provider.objects.get(slug="lab")  # read first, as a form does
            time.sleep(0.3)
            provider.name = f"Lab {n}"
            provider.save()
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()

threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
print(json.dumps(errors))
"""


def test_sqlite_writers_queue_for_the_lock_instead_of_failing(tmp_path):
    """Two transactions that read, then write: with SQLite's default (deferred) transactions
    the second one to write fails at once with "database is locked"."""
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'versus.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_WRITERS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


# -- 8. slow clients -----------------------------------------------------------------------------


def readme_gunicorn_command() -> list[str]:
    """The gunicorn command line the README's production section gives."""
    text = (ROOT / "README.md").read_text()
    production = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    [line] = [line for line in production.splitlines() if "bin/gunicorn" in line]
    return line.strip().split()


def test_the_readme_serves_on_loopback_with_the_tested_settings():
    command = readme_gunicorn_command()
    assert "--config" in command
    assert "config/gunicorn.py" in command
    assert not any("0.0.0.0" in part for part in command)


def test_two_slow_clients_do_not_stop_a_third_being_served(tmp_path):
    """The README's gunicorn, with clients that trickle a header line every 2 s."""
    command = readme_gunicorn_command()
    command[0] = str(Path(sys.executable).parent / "gunicorn")
    port = free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'versus.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    slow: list[socket.socket] = []
    try:
        wait_for_port(port, server)
        for _ in range(2):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /healthz/ HTTP/1.1\r\nHost: versus.example\r\n")
            slow.append(sock)
        stop = threading.Event()

        def trickle():
            n = 0
            while not stop.wait(2):
                for sock in slow:
                    sock.sendall(f"X-Slow-{n}: 1\r\n".encode())
                n += 1

        dripping = threading.Thread(target=trickle, daemon=True)
        dripping.start()
        time.sleep(1)
        # Sync workers would be held for as long as the trickle lasts (here, until stopped).
        with socket.create_connection(("127.0.0.1", port), timeout=10) as fast:
            fast.sendall(
                b"GET /healthz/ HTTP/1.1\r\nHost: versus.example\r\nX-Forwarded-Proto: https\r\n"
                b"Connection: close\r\n\r\n"
            )
            fast.settimeout(10)
            answer = fast.recv(1024)
        stop.set()
        dripping.join(timeout=5)
        assert answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        for sock in slow:
            sock.close()
        server.terminate()
        server.wait(timeout=30)
        log.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn never listened")
