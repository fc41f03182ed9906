"""A page cache for anonymous visitors that never serves a stale page.

Every cached page is keyed by the catalog version, today's date (a dated
price can take effect at midnight), the URL and the htmx headers that choose
a partial. Any change to a catalog row bumps the version after its
transaction commits (see catalog/signals.py), so every worker and app server
misses the old entries at once; nothing expires on a timer.

Where the version lives depends on the cache. With Redis (shared by every
process) it is a Redis counter, so a cached page is served without touching
the database. With the in-process cache each worker has its own cache, so
the version is read from the database row `CatalogState` on each request:
one cheap query, and still never stale across workers.

Responses carry an ETag derived from the version and the key, and a
Last-Modified from the data they show; conditional requests are answered
with 304 from the cache entry, or from the ETag alone, without rendering.
When the cache is down, pages are rendered without it; the outage is logged
once.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from datetime import time as clock_time
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

logger = logging.getLogger("versus.cache")

VERSION_KEY = "catalog-version"
PAGE_TIMEOUT = 60 * 60 * 24


class CacheUnavailable(Exception):
    """The shared cache could not be reached."""


class _Health:
    """Logs the first failure of an outage and the recovery, not every request."""

    down = False

    @classmethod
    def failed(cls, error: Exception) -> None:
        if not cls.down:
            logger.warning("Page cache unavailable, serving pages without it: %s", error)
        cls.down = True

    @classmethod
    def worked(cls) -> None:
        if cls.down:
            logger.warning("Page cache reachable again.")
        cls.down = False


def _guarded(operation: Callable[..., Any], *args: Any) -> Any:
    try:
        result = operation(*args)
    except Exception as error:  # any backend error: connection refused, timeout, ...
        _Health.failed(error)
        raise CacheUnavailable(str(error)) from error
    _Health.worked()
    return result


def version_in_cache() -> bool:
    """Whether the version lives in the (shared) cache rather than the database."""
    return bool(getattr(settings, "CATALOG_VERSION_IN_CACHE", False))


def catalog_version() -> str:
    """The current catalog version, from wherever it lives."""
    return _read_state()[0]


def _read_state() -> tuple[str, datetime | None]:
    """The version, and when the catalog last changed if that came for free."""
    if version_in_cache():
        version = _guarded(cache.get, VERSION_KEY)
        if version is None:
            # A fresh or flushed cache starts from a number no earlier run used.
            _guarded(cache.add, VERSION_KEY, time.time_ns(), None)
            version = _guarded(cache.get, VERSION_KEY)
        return str(version), None
    state = _state()
    return str(state.version), state.changed_at


def catalog_changed_at() -> datetime:
    """When any catalog row last changed."""
    return _state().changed_at


def _state() -> Any:
    from catalog.models import CatalogState

    state = CatalogState.objects.filter(pk=1).first()
    if state is None:  # a database created without the migration's row
        state, _ = CatalogState.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})
    return state


def _bump_now() -> None:
    from catalog.models import CatalogState

    CatalogState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())
    if version_in_cache():
        try:
            _guarded(cache.incr, VERSION_KEY)
        except CacheUnavailable:
            logger.error("Could not invalidate cached pages: the cache is down.")
        except ValueError:  # the key is gone: the next reader starts a new version
            pass


def bump_catalog_version() -> None:
    """Invalidate every cached page once the current transaction commits.

    Many rows saved in one transaction (an import) bump the version once: a
    bump already waiting is enough when it will fire whenever this change
    commits, that is when it was registered outside any savepoint that is
    no longer open.
    """
    open_savepoints = set(connection.savepoint_ids)
    pending = any(
        entry[1] is _bump_now and set(entry[0]) <= open_savepoints
        for entry in connection.run_on_commit
    )
    if not pending:
        transaction.on_commit(_bump_now)


def _cacheable(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def page_key(request: HttpRequest, version: str) -> str:
    htmx = getattr(request, "htmx", None)
    variant = (
        f"{bool(htmx)}|{htmx.target if htmx else ''}|{htmx.history_restore_request if htmx else ''}"
    )
    raw = f"{request.get_full_path()}|{variant}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{date.today().isoformat()}:{digest}"


def midnight_today() -> datetime:
    return datetime.combine(date.today(), clock_time.min, tzinfo=UTC)


def set_last_modified(response: HttpResponseBase, moment: datetime | None) -> None:
    """Last-Modified from the data a page shows; never before today's midnight,
    since a dated price can take effect at midnight without any row changing."""
    if moment is None:
        moment = catalog_changed_at()
    response["Last-Modified"] = http_date(max(moment, midnight_today()).timestamp())


def _public_headers(response: HttpResponseBase, etag: str) -> None:
    response["ETag"] = etag
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ["HX-Request"])


def _not_modified(request: HttpRequest, etag: str, last_modified: str | None) -> Any:
    """A 304 when the request's validators match, otherwise None."""
    modified = parse_http_date_safe(last_modified) if last_modified else None
    return get_conditional_response(request, etag=etag, last_modified=modified)


def cached_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve anonymous GETs of a public page from the never-stale page cache."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            version, changed_at = _read_state()
            key = page_key(request, version)
            entry = _guarded(cache.get, key)
        except CacheUnavailable:
            return view(request, *args, **kwargs)
        etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:24])
        if entry is not None:
            unchanged = _not_modified(request, etag, entry.get("Last-Modified"))
            if unchanged is not None:
                _copy_validators(unchanged, entry)
                return unchanged
            return entry
        if request.META.get("HTTP_IF_NONE_MATCH"):
            unchanged = _not_modified(request, etag, None)
            if unchanged is not None:
                _public_headers(unchanged, etag)
                return unchanged
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.cookies:
            return response
        if response.streaming:  # too big to keep; still validated and cacheable downstream
            if not response.has_header("Last-Modified"):
                set_last_modified(response, changed_at)
            _public_headers(response, etag)
            return response
        if not response.has_header("Last-Modified"):
            set_last_modified(response, changed_at)
        _public_headers(response, etag)
        unchanged = _not_modified(request, etag, response["Last-Modified"])
        with contextlib.suppress(CacheUnavailable):
            _store(key, response)
        if unchanged is not None:
            _copy_validators(unchanged, response)
            return unchanged
        return response

    return wrapper


def _store(key: str, response: HttpResponseBase) -> None:
    _guarded(cache.set, key, response, PAGE_TIMEOUT)


def _copy_validators(target: HttpResponseBase, source: HttpResponseBase) -> None:
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if source.has_header(header):
            target[header] = source[header]
