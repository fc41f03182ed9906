"""The catalog version in Redis, known to every process without a round trip per request.

A bump increments the version in Redis and publishes it. Each process keeps
its copy current with a background subscriber: the copy is updated the
moment the message arrives, and the process that bumps updates its own copy
at once. While the subscriber is not connected (at start-up, after a network
error) reads go to Redis directly, so a page is never served for a version
the process has not confirmed. As a safety net against a lost message the
subscriber also re-reads the version once a second.
"""

from __future__ import annotations

import logging
import threading
import time

import redis

logger = logging.getLogger("versus.cache")

RECHECK_SECONDS = 1.0


def _text(value: bytes | str | int | None) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


class SharedVersion:
    """One Redis key holding the version, and a channel announcing each new one."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key
        self.channel = f"{key}:changes"
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._version: int | None = None
        self._connected = False
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._reported = False

    def _remember(self, value: bytes | str | int | None) -> None:
        text = _text(value)
        if text is None:
            return
        with self._lock:
            # Versions only grow: an announcement that arrives late never winds back.
            self._version = max(self._version or 0, int(text))

    def _direct(self, client: redis.Redis) -> str:
        value = _text(client.get(self.key))
        if value is None:
            # A fresh or flushed Redis starts from a number no earlier run used.
            client.set(self.key, time.time_ns(), nx=True)
            value = _text(client.get(self.key))
        assert value is not None
        return value

    def read(self) -> str:
        """The current version; raises a redis error when Redis cannot be reached."""
        self._start()
        with self._lock:
            if self._connected and self._version is not None:
                return str(self._version)
        value = self._direct(self.client)
        self._remember(value)
        return value

    def bump(self) -> None:
        self.client.set(self.key, time.time_ns(), nx=True)
        value = self.client.incr(self.key)
        self._remember(value)
        self.client.publish(self.channel, value)

    def _start(self) -> None:
        if self._watcher is not None and self._watcher.is_alive():
            return
        with self._lock:
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(
                    target=self._watch, name=f"versus-version-{self.key}", daemon=True
                )
                self._watcher.start()

    def _watch(self) -> None:
        while True:
            try:
                self._listen()
            except Exception as error:  # lost connection: read directly until back
                with self._lock:
                    self._connected = False
                if not self._reported:
                    logger.warning("Catalog version subscriber disconnected: %s", error)
                    self._reported = True
                time.sleep(0.5)

    def _listen(self) -> None:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=5)
        pubsub = client.pubsub()
        pubsub.subscribe(self.channel)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=1.0)
            if message and message["type"] == "subscribe":
                break
        else:
            raise redis.exceptions.ConnectionError("no subscription confirmation")
        # Subscribed first, then read: no bump can fall between the two.
        self._remember(self._direct(client))
        with self._lock:
            self._connected = True
        self._reported = False
        checked = time.monotonic()
        while True:
            message = pubsub.get_message(timeout=RECHECK_SECONDS)
            if message and message["type"] == "message":
                self._remember(message["data"])
            if time.monotonic() - checked >= RECHECK_SECONDS:
                self._remember(self._direct(client))
                checked = time.monotonic()


_versions: dict[tuple[str, str], SharedVersion] = {}
_versions_lock = threading.Lock()


def shared_version(url: str, key: str) -> SharedVersion:
    """The process-wide SharedVersion for a Redis URL and key (made after any fork)."""
    with _versions_lock:
        if (url, key) not in _versions:
            _versions[(url, key)] = SharedVersion(url, key)
        return _versions[(url, key)]
