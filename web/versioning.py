"""Catalog versions: the database holds them, Redis mirrors them, every process follows.

The database (`CacheVersion`) is the source of truth: a bump changes it in the
same database as the rows that changed. Redis keeps a copy in one hash, so
processes can read versions without a query; each process mirrors the hash in
memory through a subscription, so a cached page costs no round trip at all.

Redis may miss a bump (it was down, or a network fault), and a Redis that
restarts forgets everything. So a process trusts Redis only after confirming
it against the database: after it (re)connects, and every few seconds after,
a request compares the catalog's version in both and copies whatever Redis
lacks. Until then it serves no page from the cache. Versions only grow, in the
database and in Redis alike; a Redis ahead of the database (after a restore)
is not trusted until `invalidate_pages` moves the database past it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import redis

logger = logging.getLogger("versus.cache")

CATALOG = "catalog"
SHARED = "shared"
RECHECK_SECONDS = 1.0  # how often a mirror re-reads the catalog's version from Redis
CONFIRM_SECONDS = 3.0  # how often a process confirms Redis against the database
RETRY_SECONDS = 1.0  # after a failure, requests skip Redis this long (the watcher retries)
# Raise each field of the hash to the given value, never lower it.
RAISE = """
for i = 1, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1
"""


def model_name(slug: str) -> str:
    return f"model:{slug}"


def database_versions(names: Sequence[str]) -> dict[str, int]:
    """The versions of `names` in the database; a name never bumped is at 0."""
    from catalog.models import CacheVersion

    found = dict(CacheVersion.objects.filter(name__in=names).values_list("name", "version"))
    return {name: found.get(name, 0) for name in names}


def database_changed_since(version: int) -> dict[str, int]:
    """Every name the database bumped after `version`."""
    from catalog.models import CacheVersion

    rows = CacheVersion.objects.filter(version__gt=version).values_list("name", "version")
    return dict(rows)


class Unconfirmed(Exception):
    """Redis cannot be reached, or could not be made to agree with the database."""


class SharedVersions:
    """One Redis hash of versions, its announcements, and this process's mirror of it."""

    def __init__(self, url: str, prefix: str, timeout: float = 0.5) -> None:
        self.url = url
        self.hash = f"{prefix}:versions"
        self.channel = f"{prefix}:versions:changes"
        self.timeout = timeout
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        self.mirror: dict[str, int] = {}
        self.following = False  # subscribed: the mirror hears every announcement
        self.confirmed_at = 0.0  # when Redis last agreed with the database (0: not since)
        self.retry_at = 0.0  # after a failure, requests do not try Redis before this
        self._lock = threading.Lock()
        self._confirming = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._stopped = threading.Event()
        self._reported = False

    # -- writing ------------------------------------------------------------------------

    def raise_to(self, values: Mapping[str, int], client: Any = None) -> None:
        """Raise these versions in Redis and announce them; raises a redis error."""
        if not values:
            return
        client = client or self.client
        arguments = [item for name, version in values.items() for item in (name, version)]
        client.eval(RAISE, 1, self.hash, *arguments)
        client.publish(self.channel, json.dumps(dict(values)))
        self.remember(values)

    def highest(self) -> int:
        """The catalog's version in Redis (every other version is at most this)."""
        return int(self.client.hget(self.hash, CATALOG) or 0)

    def remember(self, values: Mapping[str, int]) -> None:
        """Raise this process's mirror (never lower it)."""
        with self._lock:
            for name, version in values.items():
                if int(version) > self.mirror.get(name, 0):
                    self.mirror[name] = int(version)

    # -- confirming against the database ---------------------------------------------------

    def confirm(self) -> None:
        """Make Redis agree with the database: copy every version it lacks or lost.

        Runs in a request's thread (which has a database connection), at most once
        per CONFIRM_SECONDS, and before any page is served from the cache after
        this process (re)connects to Redis.
        """
        known = self.highest()
        truth = database_versions([CATALOG])[CATALOG]
        if known > truth:
            # Redis has versions the database never had: the database was restored,
            # and Redis's versions may name pages of data that is gone.
            raise Unconfirmed(
                f"the cache's catalog version ({known}) is ahead of the database's "
                f"({truth}); run `manage.py invalidate_pages`"
            )
        if truth > known:
            self.raise_to(database_changed_since(known))
        self.remember({CATALOG: truth})
        self.confirmed_at = time.monotonic()

    def announce(self, values: Mapping[str, int]) -> None:
        """Raise the versions of one bump in Redis, and any earlier bump Redis missed.

        Bumps number the catalog's versions one by one, so Redis holding a version
        below this bump's previous one means a bump never reached it: everything
        changed since is copied from the database with this one. Redis's catalog
        version thus never passes a version it lacks, which is what `confirm` relies on.
        """
        version = int(values[CATALOG])
        known = self.highest()
        if known < version - 1:
            values = {**database_changed_since(known), **values}
        self.raise_to(values)

    # -- reading -----------------------------------------------------------------------

    def read(self, names: Sequence[str]) -> tuple[int, ...]:
        """The current versions of `names`; raises Unconfirmed when that cannot be known."""
        self._start()
        now = time.monotonic()
        if now < self.retry_at:
            raise Unconfirmed("the cache failed a moment ago")
        try:
            if now - self.confirmed_at > CONFIRM_SECONDS:
                with self._confirming:  # one thread confirms; the others wait for it
                    if time.monotonic() - self.confirmed_at > CONFIRM_SECONDS:
                        self.confirm()
            with self._lock:
                if self.following:
                    return tuple(self.mirror.get(name, 0) for name in names)
            catalog, *found = self.client.hmget(self.hash, [CATALOG, *names])
            if catalog is None:  # the hash is gone (Redis restarted, or evicted it)
                raise Unconfirmed("the cache lost its versions")
        except (redis.exceptions.RedisError, Unconfirmed) as error:
            self.confirmed_at = 0.0
            self.retry_at = time.monotonic() + RETRY_SECONDS
            raise Unconfirmed(str(error)) from error
        with self._lock:  # a bump of this process not yet in Redis still counts
            pairs = zip(names, found, strict=True)
            return tuple(max(int(value or 0), self.mirror.get(name, 0)) for name, value in pairs)

    # -- following: the background subscriber ---------------------------------------------

    def _start(self) -> None:
        if self._stopped.is_set() or (self._watcher is not None and self._watcher.is_alive()):
            return
        with self._lock:
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(
                    target=self._watch, name=f"versus-versions-{self.hash}", daemon=True
                )
                self._watcher.start()

    def stop(self) -> None:
        """Stop following (the subscriber ends within RECHECK_SECONDS)."""
        self._stopped.set()
        with self._lock:
            self.following = False

    def _watch(self) -> None:
        while not self._stopped.is_set():
            try:
                self._follow()
            except Exception as error:  # a lost connection
                with self._lock:
                    self.following = False
                if not self._reported and not self._stopped.is_set():
                    logger.warning("Catalog versions not followed: %s", error)
                    self._reported = True
                self._stopped.wait(0.5)

    def _follow(self) -> None:
        """Subscribe, then load the hash (no announcement can fall between the two), then
        apply every announcement; re-read the catalog's version every RECHECK_SECONDS in
        case an announcement went missing. Never touches the database."""
        client = redis.Redis.from_url(
            self.url, socket_connect_timeout=self.timeout, socket_timeout=self.timeout
        )
        pubsub = client.pubsub()
        try:
            self._subscribed(client, pubsub)
        finally:
            with self._lock:
                self.following = False
            pubsub.close()
            client.close()

    def _subscribed(self, client: Any, pubsub: Any) -> None:
        pubsub.subscribe(self.channel)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=1.0)
            if message and message["type"] == "subscribe":
                break
        else:
            raise redis.exceptions.ConnectionError("no subscription confirmation")
        self._load(client)
        # Redis may have lost or missed versions while this process was away from it:
        # confirm against the database before the next page is served from the cache.
        self.confirmed_at = 0.0
        with self._lock:
            self.following = True
        self._reported = False
        checked = time.monotonic()
        while not self._stopped.is_set():
            message = pubsub.get_message(timeout=RECHECK_SECONDS)
            if message and message["type"] == "message":
                self.remember({k: int(v) for k, v in json.loads(message["data"]).items()})
            if time.monotonic() - checked >= RECHECK_SECONDS:
                if int(client.hget(self.hash, CATALOG) or 0) > self.mirror.get(CATALOG, 0):
                    self._load(client)
                checked = time.monotonic()

    def _load(self, client: Any) -> None:
        values = client.hgetall(self.hash)
        self.remember({key.decode(): int(value) for key, value in values.items()})


_shared: dict[tuple[str, str], SharedVersions] = {}
_shared_lock = threading.Lock()


def forget_shared_versions() -> None:
    """Stop every SharedVersions of this process and forget them (tests, or after a fork)."""
    with _shared_lock:
        for shared in _shared.values():
            shared.stop()
        _shared.clear()


def shared_versions(url: str, prefix: str, timeout: float = 0.5) -> SharedVersions:
    """The process-wide SharedVersions for a Redis URL and key prefix (made after any fork)."""
    with _shared_lock:
        if (url, prefix) not in _shared:
            _shared[(url, prefix)] = SharedVersions(url, prefix, timeout)
        return _shared[(url, prefix)]


def names_for(slugs: Iterable[str]) -> list[str]:
    """The version names a page showing these models depends on."""
    return [SHARED, *(model_name(slug) for slug in slugs)]
