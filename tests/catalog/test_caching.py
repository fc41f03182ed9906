"""The page cache: validators, 304s, and never a stale page in any worker."""

import logging
import re
from datetime import date, timedelta

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from catalog.models import AIModel
from tests.caches import (
    COMPARISON,
    REDIS,
    add_price_in_admin,
    add_price_in_shell,
    page_text,
    use_cache,
    wait_until_following,
)
from web import caching, versioning

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/models/", "/models/gpt-4o/", "/providers/openai/", COMPARISON, "/robots.txt"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_validators_and_cdn_friendly_cache_control(client, demo_catalog, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response.has_header("Last-Modified")
    control = response["Cache-Control"]
    assert "public" in control
    assert "max-age=30" in control
    assert "stale-while-revalidate=30" in control


def test_if_none_match_answers_304_without_a_body(client, demo_catalog):
    first = client.get(COMPARISON)
    again = client.get(COMPARISON, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_if_modified_since_answers_304(client, demo_catalog):
    first = client.get("/models/gpt-4o/")
    again = client.get("/models/gpt-4o/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_an_old_validator_gets_the_full_page(client, demo_catalog):
    client.get("/models/gpt-4o/")
    response = client.get(
        "/models/gpt-4o/",
        headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT", "If-None-Match": '"x"'},
    )
    assert response.status_code == 200
    assert b"GPT-4o" in response.content


def test_last_modified_follows_the_data_the_page_shows(client, demo_catalog):
    from django.utils.http import parse_http_date

    response = client.get(COMPARISON)
    shown = response.context["c"].last_updated
    assert parse_http_date(response["Last-Modified"]) >= int(shown.timestamp())


def test_an_etag_match_is_answered_without_rendering_even_when_not_cached(
    client, demo_catalog, django_assert_max_num_queries
):
    etag = client.get(COMPARISON)["ETag"]
    cache.clear()
    with django_assert_max_num_queries(1):  # the catalog version, nothing else
        response = client.get(COMPARISON, headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_a_cached_page_is_served_without_queries(
    client, demo_catalog, shared_redis, django_assert_num_queries
):
    first = client.get(COMPARISON)
    wait_until_following()
    client.get(COMPARISON)  # confirms Redis against the database once it follows
    with django_assert_num_queries(0):
        again = client.get(COMPARISON)
        unchanged = client.get(COMPARISON, headers={"If-None-Match": first["ETag"]})
    assert page_text(again) == page_text(first)
    assert unchanged.status_code == 304


class TestNeverStale:
    """Two workers with their own in-process caches, then two clients of one Redis."""

    def test_a_price_saved_in_the_admin_shows_at_once_in_another_worker(
        self, client, demo_catalog, editor, settings, django_capture_on_commit_callbacks
    ):
        use_cache(settings, "worker-a")
        assert "$2.50 per 1M input tokens" in client.get(COMPARISON).content.decode()
        use_cache(settings, "worker-b")
        with django_capture_on_commit_callbacks(execute=True):
            add_price_in_admin(client, editor, AIModel.objects.get(slug="gpt-4o"), "1.75")
        client.cookies.clear()
        use_cache(settings, "worker-a")
        page = client.get(COMPARISON).content.decode()
        assert "$1.75 per 1M input tokens" in page
        assert "$2.50 per 1M input tokens" not in page.split("Price breakdown")[0]

    def test_a_price_added_in_the_shell_shows_at_once(
        self, client, demo_catalog, settings, django_capture_on_commit_callbacks
    ):
        use_cache(settings, "worker-a")
        assert "$2.50 per 1M input tokens" in client.get("/models/gpt-4o/").content.decode()
        gpt = AIModel.objects.get(slug="gpt-4o")
        add_price_in_shell(django_capture_on_commit_callbacks, gpt, "1.60")
        use_cache(settings, "worker-b")
        assert "$1.60 per 1M input tokens" in client.get("/models/gpt-4o/").content.decode()
        use_cache(settings, "worker-a")
        assert "$1.60 per 1M input tokens" in client.get("/models/gpt-4o/").content.decode()

    def test_with_redis_every_client_sees_the_new_version(
        self, client, demo_catalog, shared_redis, django_capture_on_commit_callbacks
    ):
        other_worker = redis.Redis.from_url(REDIS)
        versions = f"{shared_redis}:versions"
        client.get(COMPARISON)
        # Confirmed against the database on the first read: Redis has the catalog's version.
        catalog = int(other_worker.hget(versions, "catalog"))
        assert catalog == versioning.database_versions(["catalog"])["catalog"]
        with django_capture_on_commit_callbacks(execute=True):
            AIModel.objects.filter(slug="gpt-4o").first().save()
        assert int(other_worker.hget(versions, "model:gpt-4o")) > catalog
        assert int(other_worker.hget(versions, "catalog")) > catalog
        assert client.get(COMPARISON).status_code == 200

    def test_one_transaction_bumps_the_version_once(
        self, demo_catalog, django_capture_on_commit_callbacks
    ):
        from django.db import transaction

        with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
            for model in AIModel.objects.all()[:10]:
                model.save()
        assert len(callbacks) == 1

    def test_the_date_is_part_of_the_key(self, rf, monkeypatch):
        key = caching.page_key(rf.get("/models/"))
        today = caching.versioned_key("page", "7", key)

        class Tomorrow(date):
            @classmethod
            def today(cls):
                return date.today() + timedelta(days=1)

        monkeypatch.setattr(caching, "date", Tomorrow)
        assert caching.versioned_key("page", "7", key) != today


def test_redis_down_still_serves_pages_and_logs_once(client, demo_catalog, settings, caplog):
    use_cache(settings, "down", redis_url="redis://127.0.0.1:1/0")
    caching._Health.down = False
    with caplog.at_level(logging.WARNING, logger="versus.cache"):
        for url in PUBLIC:
            assert client.get(url).status_code == 200
    warnings = [record for record in caplog.records if "unavailable" in record.getMessage()]
    assert len(warnings) == 1
    caching._Health.down = False


def test_admin_pages_are_private(client, editor):
    client.force_login(editor)
    control = client.get(reverse("admin:catalog_aimodel_changelist"))["Cache-Control"]
    assert "private" in control
    assert "no-store" in control


def test_visitors_with_a_session_bypass_the_cache(
    client, demo_catalog, django_assert_max_num_queries
):
    client.get("/models/gpt-4o/")
    client.cookies["sessionid"] = "someone"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/models/gpt-4o/")
    assert len(queries) > 2  # rendered, not served from the cache


def test_a_cached_page_gets_a_fresh_nonce_that_its_policy_names(client, demo_catalog):
    nonces = []
    for _ in range(2):
        response = client.get(COMPARISON)
        [nonce] = set(
            re.findall(rb'<script type="application/ld\+json" nonce="([^"]+)"', response.content)
        )
        assert f"'nonce-{nonce.decode()}'" in response["Content-Security-Policy"]
        assert int(response["Content-Length"]) == len(response.content)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert b"csp-nonce-placeholder" not in response.content


def test_htmx_fragments_and_full_pages_are_cached_apart(client, demo_catalog):
    full = client.get(COMPARISON)
    fragment = client.get(COMPARISON, headers={"HX-Request": "true", "HX-Target": "page"})
    assert b"<html" in full.content
    assert b"<html" not in fragment.content
    assert page_text(client.get(COMPARISON)) == page_text(full)


def test_an_import_changes_the_page_at_once(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    import io
    import json

    from django.core.management import call_command

    from tests.factories import AIModelFactory, ProviderFactory

    openai = ProviderFactory(slug="openai", name="OpenAI")
    AIModelFactory(slug="gpt-9", name="GPT-9", creator=openai)
    use_cache(settings, "worker-a")
    assert "$2.00 per 1M input tokens" not in client.get("/models/gpt-9/").content.decode()
    prices = tmp_path / "prices.json"
    prices.write_text(
        json.dumps(
            {"gpt-9": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-06}}
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_catalog", "litellm", str(prices), stdout=io.StringIO())
    use_cache(settings, "worker-b")
    assert "$2.00 per 1M input tokens" in client.get("/models/gpt-9/").content.decode()
    use_cache(settings, "worker-a")
    assert "$2.00 per 1M input tokens" in client.get("/models/gpt-9/").content.decode()


def test_invalidate_pages_makes_every_cached_page_stale(
    client, demo_catalog, django_capture_on_commit_callbacks
):
    """After a restore that bypasses Django (pg_restore), one command empties the page cache."""
    import io

    from django.core.management import call_command

    client.get(COMPARISON)
    gpt = AIModel.objects.get(slug="gpt-4o")
    AIModel.objects.filter(pk=gpt.pk).update(name="GPT-4o (restored)")  # no signal, no bump
    assert "GPT-4o (restored)" not in client.get(COMPARISON).content.decode()
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invalidate_pages", stdout=output)
    assert "pages will be rendered afresh" in output.getvalue()
    assert "GPT-4o (restored)" in client.get(COMPARISON).content.decode()


def test_a_change_to_one_model_re_renders_only_the_pages_that_show_it(
    client, demo_catalog, django_capture_on_commit_callbacks
):
    others = (
        AIModel.objects.published()
        .filter(category=AIModel.Category.TEXT)
        .exclude(slug__in=["gpt-4o", "claude-sonnet-4"])
        .order_by("slug")
    )
    third = others.first().slug
    a, b = sorted(["claude-sonnet-4", third])
    unrelated = f"/compare/{a}-vs-{b}/"
    before = {path: client.get(path)["ETag"] for path in (COMPARISON, unrelated, "/models/")}
    with django_capture_on_commit_callbacks(execute=True):
        AIModel.objects.get(slug="gpt-4o").save()
    after = {path: client.get(path)["ETag"] for path in before}
    assert after[COMPARISON] != before[COMPARISON]  # shows GPT-4o
    assert after["/models/"] != before["/models/"]  # shows the whole catalog
    assert after[unrelated] == before[unrelated]  # still the cached entry
