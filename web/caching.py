"""Caches that never serve stale data: pages for anonymous visitors, and per-model facts.

Every entry is keyed by the versions of what it shows (catalog/versioning.py)
and today's date (a dated price can take effect at midnight). A comparison
page shows two models and what every page shows, so it is keyed by
"model:<a>", "model:<b>" and "shared": a change to GPT-4o renders afresh only
the pages that show GPT-4o. Pages that show the whole catalog (the directory,
home, model pages with their neighbours, sitemaps) are keyed by "catalog".

Any change to a catalog row bumps the versions it touches once its
transaction commits, first in the database (the truth), then in Redis. With
Redis, processes follow the versions without a query per request, and serve
no cached page while they cannot confirm Redis against the database (which
they do on (re)connecting and every few seconds, so a bump Redis missed
reaches every process within those seconds). Without
it, each worker has its own cache and reads the versions from the database on
each request: one small query, and still never stale across workers.

Only a page's canonical query parameters are part of its key: any other
parameter (utm_source and the like) is served the same entry and creates
none. Entries expire after PAGE_CACHE_SECONDS, so the cache stays bounded.
Responses carry an ETag from the versions, the key and the date, a
Last-Modified from the data they show, and answer conditional requests with
304. A fragment for htmx is never cacheable outside this server. Each entry
is kept gzipped too, compressed once when stored (web/compression.py), and
served as each request accepts, with an ETag of its own. A page the cache
holds is served by CachedPagesMiddleware before sessions, CSRF and
authentication run, since an anonymous GET of it needs none of them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from datetime import UTC, date, datetime
from datetime import time as clock_time
from functools import wraps
from typing import Any, NamedTuple
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from web.compression import (
    Gzipped,
    accepts_gzip,
    compress_pieces,
    compress_stream,
    decompress_stream,
)
from web.security import NONCE_MARK, mark_filled, nonce_filler
from web.versioning import (
    CATALOG,
    SHARED,
    SharedVersions,
    forget_shared_versions,
    model_name,
    names_for,
    shared_versions,
)

logger = logging.getLogger("versus.cache")

# Part of every key: entries stored by an older release are never read. Bump it
# whenever a cached class (ModelFacts and what it holds) or the page entry changes.
ENTRY_FORMAT = 11
# The headers that choose what a page's response holds (django-htmx's request.htmx).
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")

# The versions read in this request, so one request reads each once.
_request_versions: ContextVar[dict[str, int] | None] = ContextVar("versions", default=None)
# When each name read from the database in this request last changed.
_request_moments: ContextVar[dict[str, datetime | None] | None] = ContextVar(
    "moments", default=None
)


class CacheUnavailable(Exception):
    """The shared cache could not be reached, or its versions could not be confirmed."""


class _Health:
    """Logs the first failure of an outage and the recovery, not every request; after a
    failure, skips the cache for RETRY_SECONDS, so an outage costs each request nothing
    rather than a timeout per call."""

    RETRY_SECONDS = 1.0
    down = False
    retry_at = 0.0

    @classmethod
    def failed(cls, error: Exception) -> None:
        if not cls.down:
            logger.warning("Page cache unavailable, serving pages without it: %s", error)
        cls.down = True
        cls.retry_at = time.monotonic() + cls.RETRY_SECONDS

    @classmethod
    def worked(cls) -> None:
        if cls.down:
            logger.warning("Page cache reachable again.")
        cls.down = False

    @classmethod
    def resting(cls) -> bool:
        return cls.down and time.monotonic() < cls.retry_at


def _guarded(operation: Callable[..., Any], *args: Any) -> Any:
    if _Health.resting():
        raise CacheUnavailable("the cache failed a moment ago")
    try:
        result = operation(*args)
    except Exception as error:  # any backend error: refused, timeout, unconfirmed versions
        _Health.failed(error)
        raise CacheUnavailable(str(error)) from error
    _Health.worked()
    return result


# -- versions ---------------------------------------------------------------------------


def version_in_cache() -> bool:
    """Whether versions are followed in the (shared) cache rather than read from the database."""
    return bool(getattr(settings, "CATALOG_VERSION_IN_CACHE", False))


def _shared() -> SharedVersions:
    return shared_versions(
        settings.REDIS_URL,
        str(settings.CACHES["default"].get("KEY_PREFIX", "")),
        settings.CACHE_TIMEOUT_SECONDS,
    )


def versions(names: Sequence[str]) -> tuple[int, ...]:
    """The current versions of `names` (once per request); raises CacheUnavailable."""
    remembered = _request_versions.get()
    if remembered is not None and all(name in remembered for name in names):
        return tuple(remembered[name] for name in names)
    if version_in_cache():
        found = _guarded(_shared().read, list(names))
        values = dict(zip(names, found, strict=True))
    else:
        rows = _read_versions(names)
        values = dict.fromkeys(names, 0)
        moments = _request_moments.get()
        if moments is not None:
            moments.update(dict.fromkeys(names))
        for name, version, moment in rows:
            values[name] = version
            if moments is not None:
                moments[name] = moment
    if remembered is not None:
        remembered.update(values)
    return tuple(values[name] for name in names)


def _read_versions(names: Sequence[str]) -> list[tuple[str, int, datetime]]:
    """(name, version, changed_at) of the rows for `names`: one plain query.

    Read on every page served from the cache when versions live in the
    database; building the ORM query for it was half of such a request, so the
    statement is written once, by the ORM, for each number of names.
    """
    from django.db import connection

    from catalog.models import CacheVersion

    wanted = list(dict.fromkeys(names))
    sql = _VERSION_SQL.get(len(wanted))
    if sql is None:
        query = CacheVersion.objects.filter(name__in=wanted).values_list(
            "name", "version", "changed_at"
        )
        sql = _VERSION_SQL[len(wanted)] = query.query.sql_with_params()[0]
    field = CacheVersion._meta.get_field("changed_at")
    converters = connection.ops.get_db_converters(field.get_col(CacheVersion._meta.db_table))
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, wanted)
        for name, version, moment in cursor.fetchall():
            for converter in converters:
                moment = converter(moment, field, connection)
            rows.append((name, version, moment))
    return rows


_VERSION_SQL: dict[int, str] = {}


def catalog_version() -> str:
    """The whole catalog's version, as text for a key."""
    return str(versions([CATALOG])[0])


def model_versions(slugs: Iterable[str]) -> str:
    """The version key of pages or facts that show these models (and what every page shows)."""
    return ".".join(str(v) for v in versions(names_for(slugs)))


def changed_at(names: Sequence[str]) -> datetime | None:
    """When any of `names` last changed (a query, unless this request read them from the
    database already), or None if none ever did."""
    from catalog.models import CacheVersion

    known = _request_moments.get()
    if known is not None and all(name in known for name in names):
        found = [moment for name in names if (moment := known[name]) is not None]
        return max(found, default=None)
    moments = CacheVersion.objects.filter(name__in=names).values_list("changed_at", flat=True)
    return max(moments, default=None)


def catalog_changed_at() -> datetime:
    """When any catalog row last changed."""
    return changed_at([CATALOG]) or timezone.now()


def _bump_now(names: set[str]) -> None:
    """Raise `names` (and the catalog) to the next version: the database, then Redis."""
    from catalog.models import CacheVersion

    now = timezone.now()
    others = sorted(names - {CATALOG})
    with transaction.atomic():
        catalog, _ = CacheVersion.objects.select_for_update().get_or_create(
            name=CATALOG, defaults={"changed_at": now}
        )
        version = catalog.version + 1
        CacheVersion.objects.filter(pk=catalog.pk).update(version=version, changed_at=now)
        existing = set(CacheVersion.objects.filter(name__in=others).values_list("name", flat=True))
        CacheVersion.objects.filter(name__in=existing).update(version=version, changed_at=now)
        CacheVersion.objects.bulk_create(
            [
                CacheVersion(name=name, version=version, changed_at=now)
                for name in others
                if name not in existing
            ],
            ignore_conflicts=True,
        )
    _announce({name: version for name in [CATALOG, *others]})


def _announce(values: dict[str, int]) -> None:
    """Tell Redis (and so every process) of versions the database already has."""
    if not version_in_cache():
        return
    shared = _shared()
    shared.remember(values)  # this process never serves an older version, Redis or not
    try:
        shared.announce(values)  # tried even while page reads rest: a bump is rare
    except Exception as error:
        _Health.failed(error)
        # The database has it: every process confirms Redis against it before serving.
        logger.error("Could not announce a catalog change: the cache is down.")


def invalidate_everything() -> tuple[int, int]:
    """Move every name to a version never used before, even by a cache that is ahead of
    the database (as after a restore), so no page or fact cached before is served again.
    Returns the catalog's versions before and after; raises CacheUnavailable if Redis
    could not be read or told (the database has moved: run it again once Redis is back).
    """
    import redis

    from catalog.models import CacheVersion

    shared = _shared() if version_in_cache() else None
    try:
        ahead = shared.highest() if shared is not None else 0
    except redis.exceptions.RedisError as error:
        raise CacheUnavailable(f"could not read the cache's versions: {error}") from error
    now = timezone.now()
    with transaction.atomic():
        catalog, _ = CacheVersion.objects.select_for_update().get_or_create(
            name=CATALOG, defaults={"changed_at": now}
        )
        before = catalog.version
        # Every version anywhere is at most the catalog's, so this is above them all.
        version = max(before, ahead) + 1
        CacheVersion.objects.update(version=version, changed_at=now)
        CacheVersion.objects.get_or_create(
            name=SHARED, defaults={"version": version, "changed_at": now}
        )
        names = list(CacheVersion.objects.values_list("name", flat=True))
    clear_local_copies()
    if shared is not None:
        values = dict.fromkeys(names, version)
        shared.remember(values)
        try:
            shared.announce(values)
        except redis.exceptions.RedisError as error:
            raise CacheUnavailable(f"could not tell the cache: {error}") from error
        _Health.worked()
    return before, version


_pending: dict[int, set[str]] = {}
_pending_lock = threading.Lock()


def bump_catalog_version(models: Iterable[str] = (), *, shared: bool = False) -> None:
    """Invalidate what shows these models (by slug) once the current transaction commits;
    with `shared`, every comparison page too. The whole catalog's version always moves.

    Many rows saved in one transaction bump once: names gather until the commit.
    """
    names = {model_name(slug) for slug in models} | ({SHARED} if shared else set())
    key = id(transaction.get_connection())
    with _pending_lock:
        waiting = _pending.get(key)
        if waiting is not None and _still_pending():
            waiting |= names
            return
        _pending[key] = gathered = set(names)

    def fire() -> None:
        with _pending_lock:
            if _pending.get(key) is gathered:
                del _pending[key]
        _bump_now(gathered)

    fire.versus_bump = True  # type: ignore[attr-defined]
    transaction.on_commit(fire)


def _still_pending() -> bool:
    """Whether a bump registered on this connection will fire on the current commit."""
    current = transaction.get_connection()
    open_savepoints = set(current.savepoint_ids)
    return any(
        getattr(entry[1], "versus_bump", False) and set(entry[0]) <= open_savepoints
        for entry in current.run_on_commit
    )


# -- versioned entries: this process's copy, then the shared cache ------------------------


class _Near:
    """This process's own copies of recent entries: a hit costs no round trip and no
    unpickling. Keys hold the versions, so an entry of an old version is never read;
    bounded by entry count, least recently used out first."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, Any] = OrderedDict()

    def get(self, key: str) -> Any:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: str, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > getattr(settings, self.setting):
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_near = {"page": _Near("PAGE_CACHE_LOCAL_ENTRIES"), "facts": _Near("FACTS_CACHE_LOCAL_ENTRIES")}


def clear_local_copies() -> None:
    """Forget this process's copies (the shared cache is cleared with cache.clear())."""
    for near in _near.values():
        near.clear()


def reset_process_state() -> None:
    """Forget this process's copies, its versions subscribers and its cache health, as a
    freshly started worker would (tests use it to play a second worker)."""
    clear_local_copies()
    forget_shared_versions()
    _Health.down = False
    _Health.retry_at = 0.0


def versioned_key(kind: str, version: str, key: str, day: str | None = None) -> str:
    return f"{kind}:{ENTRY_FORMAT}:{version}:{day or date.today().isoformat()}:{key}"


def versioned_get(kind: str, version: str, key: str, day: str | None = None) -> Any:
    """The entry stored for this version and day (today unless given), or None. Raises
    CacheUnavailable."""
    full = versioned_key(kind, version, key, day)
    value = _near[kind].get(full)
    if value is None:
        value = _guarded(cache.get, full)
        if value is not None and _kept_near(value):
            _near[kind].put(full, value)
    return value


def versioned_set(kind: str, version: str, key: str, value: Any, day: str | None = None) -> None:
    full = versioned_key(kind, version, key, day)
    if _kept_near(value):
        _near[kind].put(full, value)
    with contextlib.suppress(CacheUnavailable):
        _guarded(cache.set, full, value, settings.PAGE_CACHE_SECONDS)


def _kept_near(value: Any) -> bool:
    """Whether this process keeps its own copy: not of a streamed page (a sitemap section,
    hundreds of kilobytes even compressed), which crawlers ask for now and then."""
    return not isinstance(value, Entry) or value.pieces is not None


# -- pages --------------------------------------------------------------------------------


class Entry(NamedTuple):
    """A page as kept: the headers of each of its representations (each its own ETag),
    its identity body cut at each nonce placeholder (None for a streamed body, kept
    compressed only), and its gzip form (None when too small to gain from it)."""

    status: int
    headers: dict[str, str]
    gzip_headers: dict[str, str] | None
    pieces: tuple[bytes, ...] | None
    gzipped: Gzipped | None
    last_modified: int | None  # the Last-Modified header, parsed once


Depends = Callable[..., Sequence[str]]
# The request headers that make a request conditional (django.utils.cache answers them).
_CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _htmx_headers(request: HttpRequest) -> tuple[bool, str, bool]:
    """(htmx request, its target, history restore) read from the headers as django-htmx
    reads them, so a page served before its middleware has run is keyed the same."""
    meta = request.META
    if meta.get("HTTP_HX_REQUEST") != "true":
        return False, "", False
    target = meta.get("HTTP_HX_TARGET") or ""
    if target and meta.get("HTTP_HX_TARGET_URI_AUTOENCODED") == "true":
        target = unquote(target)
    return True, target, meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true"


def fragment_request(request: HttpRequest) -> bool:
    htmx, _target, restoring = _htmx_headers(request)
    return htmx and not restoring


def page_key(request: HttpRequest, params: Iterable[str] | None = None) -> str:
    """The page's identity: its path, its canonical query parameters and the htmx headers
    that choose its response. With `params` None, every parameter counts."""
    query = request.GET
    kept = [
        (name, value)
        for name in sorted(query)
        if params is None or name in params
        for value in query.getlist(name)
    ]
    htmx, target, restoring = _htmx_headers(request)
    variant = f"{htmx}|{target if htmx else ''}|{restoring if htmx else ''}"
    raw = f"{request.path}?{urlencode(kept)}|{variant}"
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def midnight_today() -> datetime:
    return datetime.combine(date.today(), clock_time.min, tzinfo=UTC)


def set_last_modified(response: HttpResponseBase, moment: datetime | None) -> None:
    """Last-Modified from the data a page shows; never before today's midnight,
    since a dated price can take effect at midnight without any row changing."""
    if moment is None:
        moment = catalog_changed_at()
    response["Last-Modified"] = http_date(max(moment, midnight_today()).timestamp())


def _later_last_modified(response: HttpResponseBase, moment: datetime | None) -> None:
    """Last-Modified no earlier than `moment`, when what the page depends on last changed."""
    current = parse_http_date_safe(response.get("Last-Modified", ""))
    moments = [moment] if moment is not None else []
    if current is not None:
        moments.append(datetime.fromtimestamp(current, UTC))
    set_last_modified(response, max(moments) if moments else None)


def mark_variants(request: HttpRequest, response: HttpResponseBase) -> None:
    """Say which headers choose the response; a fragment for htmx is never kept by a
    browser or a CDN, where it could be shown in place of the page."""
    patch_vary_headers(response, HTMX_HEADERS)
    if fragment_request(request):
        patch_cache_control(response, private=True, no_store=True)
        for header in ("ETag", "Last-Modified"):
            if response.has_header(header):
                del response[header]


def _headers(request: HttpRequest, response: HttpResponseBase, etag: str | None) -> None:
    """The headers of a page the cache serves, which may come gzipped or not."""
    mark_variants(request, response)
    patch_vary_headers(response, ("Accept-Encoding",))
    if etag is None:
        return
    response["ETag"] = etag
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
    )


def _etag(version: str, key: str, day: str) -> str:
    return quote_etag(hashlib.sha256(f"{version}:{key}:{day}".encode()).hexdigest()[:24])


def gzip_etag(etag: str) -> str:
    """The strong ETag of a page's gzip body: never the identity body's, which differs."""
    return f'{etag[:-1]}-gzip"'


def _wants_gzip(request: HttpRequest) -> bool:
    return accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))


def _as_entry(response: HttpResponseBase) -> Entry:
    headers = dict(response.items())
    modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    if response.streaming:
        pieces = None
        gzipped: Gzipped | None = Gzipped.whole(compress_stream(response.streaming_content))  # type: ignore[attr-defined]
    else:
        pieces = tuple(response.content.split(NONCE_MARK))  # type: ignore[attr-defined]
        gzipped = compress_pieces(pieces)
    gzip_headers = None
    if gzipped is not None:
        gzip_headers = {**headers, "Content-Encoding": "gzip"}
        if "ETag" in headers:
            gzip_headers["ETag"] = gzip_etag(headers["ETag"])
    return Entry(response.status_code, headers, gzip_headers, pieces, gzipped, modified)


def _respond(request: HttpRequest, entry: Entry) -> HttpResponseBase:
    """The representation of `entry` this request takes, or a 304 when it has it already."""
    gzipped, headers = None, entry.headers
    if entry.gzip_headers is not None and _wants_gzip(request):
        gzipped, headers = entry.gzipped, entry.gzip_headers
    etag = headers.get("ETag")
    if etag is not None and any(name in request.META for name in _CONDITIONS):
        unchanged = get_conditional_response(request, etag=etag, last_modified=entry.last_modified)
        if unchanged is not None:
            for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
                if name in headers:
                    unchanged[name] = headers[name]
            return unchanged
    response: HttpResponseBase
    if gzipped is None and entry.pieces is None:  # kept gzipped only; this client won't take it
        stream = decompress_stream(entry.gzipped.body(b""))  # type: ignore[union-attr]
        response = StreamingHttpResponse(stream, status=entry.status, headers=headers)
    else:
        if gzipped is not None:
            body = gzipped.body(nonce_filler(request) if gzipped.gaps else b"")
        elif len(pieces := entry.pieces or ()) > 1:
            body = nonce_filler(request).join(pieces)
        else:
            body = pieces[0]
        response = HttpResponse(body, status=entry.status, headers=headers)
        response["Content-Length"] = str(len(body))  # CommonMiddleware's, when it runs
    mark_filled(response)
    return response


def _whole_catalog(request: HttpRequest, *args: Any, **kwargs: Any) -> Sequence[str]:
    return [CATALOG]


def cached_page(
    view: Callable[..., HttpResponseBase] | None = None,
    *,
    depends: Depends = _whole_catalog,
    params: Iterable[str] | None = (),
) -> Any:
    """Serve anonymous GETs of a public page from the never-stale page cache.

    `depends(request, *args, **kwargs)` names the versions the page shows (the
    whole catalog unless said otherwise); `params` its canonical query
    parameters (none unless said otherwise; None for all).

    What the cache stores it also keeps gzipped (web/compression.py), and it
    serves whichever the request accepts. What it does not store goes out as
    the view made it: an error page, a visitor with a session, a page served
    while the cache is unavailable or switched off.
    """
    canonical = None if params is None else frozenset(params)

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _cacheable(request):
                response = view(request, *args, **kwargs)
                mark_variants(request, response)
                return response
            if _request_versions.get() is not None:  # CachedPagesMiddleware's request
                return _serve(view, request, args, kwargs, depends, canonical)
            with _versions_read_once():
                return _serve(view, request, args, kwargs, depends, canonical)

        wrapper.cached_page = _Spec(depends, canonical)  # type: ignore[attr-defined]
        return wrapper

    return decorate(view) if view is not None else decorate


class _Spec(NamedTuple):
    """What `cached_page` was told of a view, for CachedPagesMiddleware."""

    depends: Depends
    canonical: frozenset[str] | None


@contextlib.contextmanager
def _versions_read_once() -> Iterator[None]:
    """Within it, each version (and when it changed) is read at most once."""
    memo, moments = _request_versions.set({}), _request_moments.set({})
    try:
        yield
    finally:
        _request_versions.reset(memo)
        _request_moments.reset(moments)


def _serve(
    view: Callable[..., HttpResponseBase],
    request: HttpRequest,
    args: Any,
    kwargs: Any,
    depends: Depends,
    canonical: frozenset[str] | None,
) -> HttpResponseBase:
    names = list(depends(request, *args, **kwargs))
    day = date.today().isoformat()
    try:
        version = ".".join(str(v) for v in versions(names))
        key = page_key(request, canonical)
        entry = versioned_get("page", version, key, day)
    except CacheUnavailable:
        response = view(request, *args, **kwargs)
        mark_variants(request, response)
        return response
    if isinstance(entry, Entry):
        return _respond(request, entry)
    etag = None if fragment_request(request) else _etag(version, key, day)
    if etag is not None and request.META.get("HTTP_IF_NONE_MATCH"):
        # A validator this page gave out today, at these versions, still holds.
        representation = gzip_etag(etag) if _wants_gzip(request) else etag
        unchanged = get_conditional_response(request, etag=representation)
        if unchanged is not None:
            _headers(request, unchanged, representation)
            return unchanged
    response = view(request, *args, **kwargs)
    if response.status_code != 200 or response.cookies:
        mark_variants(request, response)
        return response
    if etag is not None:
        _later_last_modified(response, changed_at(names))
    _headers(request, response, etag)
    entry = _as_entry(response)
    versioned_set("page", version, key, entry, day)
    return _respond(request, entry)


class CachedPagesMiddleware:
    """Answers a request for a page the cache holds before the middleware below it runs.

    For an anonymous GET of a cached page, sessions, CSRF, authentication,
    messages and login throttling have nothing to do, and resolving the URL
    gives the same answer every time, so this middleware, listed just below the
    security headers and the CSP, looks the page up itself (the route memoised
    per path) and serves a hit at once. A miss, a request that is not
    cacheable, or a cache or database that fails goes down the stack as
    always, where the view's `cached_page` renders and stores it. Within a GET,
    each version is read once, however many parts of the page ask for it.
    """

    ROUTES = 2048  # paths whose routes are remembered, least recently used out first

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.routes: OrderedDict[str, tuple[_Spec, tuple[Any, ...], dict[str, Any]] | None] = (
            OrderedDict()
        )
        self.lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with _versions_read_once():  # a page reads each version once, cached or not
            hit = self._from_cache(request) if _cacheable(request) else None
            return hit or self.get_response(request)

    def _from_cache(self, request: HttpRequest) -> HttpResponseBase | None:
        route = self._route(request.path_info)
        if route is None:
            return None
        spec, args, kwargs = route
        try:
            version = ".".join(str(v) for v in versions(spec.depends(request, *args, **kwargs)))
            entry = versioned_get("page", version, page_key(request, spec.canonical))
        except (CacheUnavailable, DatabaseError):
            return None  # the stack below answers, with its own handling of the failure
        return _respond(request, entry) if isinstance(entry, Entry) else None

    def _route(self, path: str) -> tuple[_Spec, tuple[Any, ...], dict[str, Any]] | None:
        with self.lock:
            if path in self.routes:
                self.routes.move_to_end(path)
                return self.routes[path]
        try:
            match = resolve(path)
        except Resolver404:
            route = None
        else:
            spec = getattr(match.func, "cached_page", None)
            route = (spec, match.args, match.kwargs) if isinstance(spec, _Spec) else None
        with self.lock:
            self.routes[path] = route
            while len(self.routes) > self.ROUTES:
                self.routes.popitem(last=False)
        return route
