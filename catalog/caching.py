"""Caches that never serve stale data: pages for anonymous visitors, and per-model facts.

Every entry is keyed by the catalog version and today's date (a dated price
can take effect at midnight). Any change to a catalog row bumps the version
after its transaction commits (see catalog/signals.py), so every worker and
app server misses the old entries at once; nothing expires on a timer.

Where the version lives depends on the cache. With Redis (shared by every
process) it is a Redis counter that each process follows by subscription
(catalog/versioning.py), so a cached page is served with no database query
and no round trip. With the in-process cache each worker has its own cache,
so the version is read from the database row `CatalogState` on each request:
one small query, and still never stale across workers.

Entries live in the shared cache and, for speed, in a bounded copy in each
process. Responses carry an ETag derived from the version and the key, and a
Last-Modified from the data they show; conditional requests are answered
with 304 from the cache entry, or from the ETag alone, without rendering.
When the cache is down, pages are rendered without it; the outage is logged
once.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from datetime import time as clock_time
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from catalog.versioning import SharedVersion, shared_version

logger = logging.getLogger("versus.cache")

VERSION_KEY = "catalog-version"
# Part of every key: entries stored by an older release are never read. Bump it
# whenever a cached class (ModelFacts and what it holds) or the page entry changes.
ENTRY_FORMAT = 5
TIMEOUT = 60 * 60 * 24

# The version read at the start of a request, so one request reads it once.
_request_version: ContextVar[str | None] = ContextVar("catalog_version", default=None)


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


# -- the catalog version ------------------------------------------------------------


def version_in_cache() -> bool:
    """Whether the version lives in the (shared) cache rather than the database."""
    return bool(getattr(settings, "CATALOG_VERSION_IN_CACHE", False))


def _shared() -> SharedVersion:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return shared_version(settings.REDIS_URL, f"{prefix}:{VERSION_KEY}")


def catalog_version() -> str:
    """The current catalog version, from wherever it lives (once per request)."""
    remembered = _request_version.get()
    if remembered is not None:
        return remembered
    if version_in_cache():
        return str(_guarded(_shared().read))
    with connection.cursor() as cursor:  # the hottest query there is: no ORM on the way
        cursor.execute("SELECT version FROM catalog_catalogstate WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else str(_state().version)


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
            _guarded(_shared().bump)
        except CacheUnavailable:
            logger.error("Could not invalidate cached pages: the cache is down.")


def bump_catalog_version() -> None:
    """Invalidate every cached page and fact once the current transaction commits.

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


# -- versioned entries: this process's copy, then the shared cache -----------------------


class _Near:
    """This process's own copies of recent entries, for the current version only.

    A hit costs no round trip and no unpickling; the shared cache stays the
    copy every process can use. Bounded by entry count, cleared on a new version.
    """

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, Any] = OrderedDict()
        self.version: str | None = None

    def _at(self, version: str) -> None:
        if self.version != version:
            self.entries.clear()
            self.version = version

    def get(self, version: str, key: str) -> Any:
        with self.lock:
            self._at(version)
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, version: str, key: str, value: Any) -> None:
        with self.lock:
            self._at(version)
            self.entries[key] = value
            while len(self.entries) > getattr(settings, self.setting):
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.version = None


_near = {"page": _Near("PAGE_CACHE_LOCAL_ENTRIES"), "facts": _Near("FACTS_CACHE_LOCAL_ENTRIES")}


def clear_local_copies() -> None:
    """Forget this process's copies (the shared cache is cleared with cache.clear())."""
    for near in _near.values():
        near.clear()


def versioned_key(kind: str, version: str, key: str) -> str:
    return f"{kind}:{ENTRY_FORMAT}:{version}:{date.today().isoformat()}:{key}"


def versioned_get(kind: str, version: str, key: str) -> Any:
    """The entry stored for this version and day, or None. Raises CacheUnavailable."""
    full = versioned_key(kind, version, key)
    value = _near[kind].get(version, full)
    if value is None:
        value = _guarded(cache.get, full)
        if value is not None:
            _near[kind].put(version, full, value)
    return value


def versioned_set(kind: str, version: str, key: str, value: Any) -> None:
    full = versioned_key(kind, version, key)
    _near[kind].put(version, full, value)
    with contextlib.suppress(CacheUnavailable):
        _guarded(cache.set, full, value, TIMEOUT)


# -- pages ---------------------------------------------------------------------------

Entry = tuple[int, tuple[tuple[str, str], ...], bytes]


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def page_key(request: HttpRequest) -> str:
    htmx = getattr(request, "htmx", None)
    variant = (
        f"{bool(htmx)}|{htmx.target if htmx else ''}|{htmx.history_restore_request if htmx else ''}"
    )
    raw = f"{request.get_full_path()}|{variant}"
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


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


def _as_entry(response: HttpResponseBase) -> Entry:
    return response.status_code, tuple(response.items()), response.content  # type: ignore[attr-defined]


def _as_response(entry: Entry) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _copy_validators(target: HttpResponseBase, source: HttpResponseBase) -> None:
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if source.has_header(header):
            target[header] = source[header]


def cached_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve anonymous GETs of a public page from the never-stale page cache."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            version = catalog_version()
            key = page_key(request)
            entry = versioned_get("page", version, key)
        except CacheUnavailable:
            return view(request, *args, **kwargs)
        etag = quote_etag(hashlib.sha256(f"{version}:{key}".encode()).hexdigest()[:24])
        if isinstance(entry, tuple) and len(entry) == 3:
            cached = _as_response(entry)
            unchanged = _not_modified(request, etag, cached.get("Last-Modified"))
            if unchanged is not None:
                _copy_validators(unchanged, cached)
                return unchanged
            return cached
        if request.META.get("HTTP_IF_NONE_MATCH"):
            unchanged = _not_modified(request, etag, None)
            if unchanged is not None:
                _public_headers(unchanged, etag)
                return unchanged
        token = _request_version.set(version)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _request_version.reset(token)
        if response.status_code != 200 or response.cookies:
            return response
        if not response.has_header("Last-Modified"):
            set_last_modified(response, None)
        _public_headers(response, etag)
        if response.streaming:  # too big to keep; still validated and cacheable downstream
            return response
        versioned_set("page", version, key, _as_entry(response))
        unchanged = _not_modified(request, etag, response["Last-Modified"])
        if unchanged is not None:
            _copy_validators(unchanged, response)
            return unchanged
        return response

    return wrapper
