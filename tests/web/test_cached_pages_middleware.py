"""Cached pages answered before sessions, CSRF and authentication run, and only those."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError
from django.test import RequestFactory

from tests.caches import COMPARISON, page_text
from web import caching

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions_seen(monkeypatch):
    """Counts the requests that reached the session middleware."""
    seen = []
    original = SessionMiddleware.process_request

    def counted(self, request):
        seen.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counted)
    return seen


def test_a_hit_is_served_before_the_session_middleware(client, demo_catalog, sessions_seen):
    first = client.get(COMPARISON)
    again = client.get(COMPARISON)
    assert first.status_code == again.status_code == 200
    assert sessions_seen == [COMPARISON]  # the miss went down the stack, the hit did not
    assert page_text(again) == page_text(first)


def test_a_hit_carries_every_header_the_whole_stack_gives(client, demo_catalog):
    first = client.get(COMPARISON)
    again = client.get(COMPARISON)
    assert set(again.headers) == set(first.headers)
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "X-Frame-Options"):
        assert again[name] == first[name]
    assert again["X-Frame-Options"] == "DENY"
    assert "nonce-" in again["Content-Security-Policy"]
    assert again.has_header("Permissions-Policy")


def test_a_hit_costs_one_query_for_the_versions(
    client, demo_catalog, django_assert_num_queries, settings
):
    settings.CATALOG_VERSION_IN_CACHE = False
    client.get(COMPARISON)
    with django_assert_num_queries(1):
        assert client.get(COMPARISON).status_code == 200


def test_a_miss_reads_the_versions_once(client, demo_catalog, django_assert_max_num_queries):
    client.get(COMPARISON)
    caching.clear_local_copies()
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(20) as counted:
        assert client.get(COMPARISON).status_code == 200
    version_reads = [q for q in counted.captured_queries if "cacheversion" in q["sql"].lower()]
    assert len(version_reads) == 1


def test_a_visitor_with_a_session_goes_down_the_stack(client, demo_catalog, sessions_seen):
    client.get(COMPARISON)
    client.cookies["sessionid"] = "not-a-real-session"
    assert client.get(COMPARISON).status_code == 200
    assert sessions_seen == [COMPARISON, COMPARISON]


def test_a_fragment_and_the_page_are_kept_apart(client, demo_catalog):
    page = client.get(COMPARISON)
    fragment = client.get(COMPARISON, headers={"HX-Request": "true", "HX-Target": "comparison"})
    again = client.get(COMPARISON)
    assert b"<html" in page.content
    assert b"<html" in again.content
    assert b"<html" not in fragment.content
    assert "no-store" in fragment["Cache-Control"]


def test_pages_without_the_cache_and_unknown_paths_go_down_the_stack(
    client, demo_catalog, sessions_seen
):
    assert client.get("/healthz/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    assert sessions_seen == ["/healthz/", "/no-such-page/", "/no-such-page/"]


def test_a_failing_database_leaves_the_request_to_the_stack(client, demo_catalog, monkeypatch):
    client.get(COMPARISON)
    read = caching._read_versions
    failures = []

    def fails_once(names):
        if not failures:
            failures.append(names)
            raise DatabaseError("connection lost")
        return read(names)

    monkeypatch.setattr(caching, "_read_versions", fails_once)
    response = client.get(COMPARISON)
    assert failures  # the middleware's read failed; the view's own read answered
    assert response.status_code == 200


def test_an_encoded_htmx_target_is_keyed_as_django_htmx_reads_it():
    factory = RequestFactory()

    def key(**headers):
        return caching.page_key(factory.get(COMPARISON, headers={"HX-Request": "true", **headers}))

    encoded = key(**{"HX-Target": "a%20b", "HX-Target-URI-AutoEncoded": "true"})
    assert encoded == key(**{"HX-Target": "a b"})
    assert encoded != key(**{"HX-Target": "a%20b"})
    assert key() != caching.page_key(factory.get(COMPARISON))


def test_the_remembered_routes_are_bounded(monkeypatch):
    monkeypatch.setattr(caching.CachedPagesMiddleware, "ROUTES", 3)
    middleware = caching.CachedPagesMiddleware(lambda request: None)
    for number in range(6):
        middleware._route(f"/compare/a{number}-vs-b/")
    assert list(middleware.routes) == [f"/compare/a{n}-vs-b/" for n in (3, 4, 5)]
    spec, _args, kwargs = middleware.routes["/compare/a5-vs-b/"]
    assert kwargs == {"pair": "a5-vs-b"}
    assert spec.canonical  # the comparison's workload parameters


def test_a_models_price_tables_are_shared_by_its_pairs_and_follow_its_version(
    client, demo_catalog, django_capture_on_commit_callbacks
):
    from catalog.models import AIModel
    from tests.caches import add_price_in_shell

    gpt = AIModel.objects.get(slug="gpt-4o")
    client.get(COMPARISON)  # renders and keeps GPT-4o's price tables
    add_price_in_shell(django_capture_on_commit_callbacks, gpt, "7.77")
    other = client.get("/compare/gpt-4o-vs-gpt-4o-mini/")  # a pair not seen before
    assert other.status_code == 200
    assert b"$7.77 per 1M input tokens" in other.content
    again = client.get(COMPARISON)
    assert b"$7.77 per 1M input tokens" in again.content
