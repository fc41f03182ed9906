"""Pointing the page cache at another worker's memory, a Redis, or a Redis behind a fault."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
import redis
from django.urls import reverse

from catalog.models import AIModel, Price
from tests.admin_forms import admin_post_data
from tests.faults import FaultProxy
from web import caching

COMPARISON = "/compare/claude-sonnet-4-vs-gpt-4o/"
REDIS_PORT = 6379
REDIS = f"redis://127.0.0.1:{REDIS_PORT}/15"


def page_text(response) -> bytes:
    """The page without its CSP nonce, which is drawn afresh for every response."""
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', response.content)


def use_cache(settings, location: str, *, redis_url: str | None = None) -> None:
    """Point the default cache somewhere else, as another worker or a Redis would."""
    if redis_url:
        timeout = settings.CACHE_TIMEOUT_SECONDS
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": location,
                "TIMEOUT": settings.PAGE_CACHE_SECONDS,
                "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": location,
            }
        }
    settings.CATALOG_VERSION_IN_CACHE = bool(redis_url)
    settings.REDIS_URL = redis_url or ""


def require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")


@contextmanager
def redis_prefix(settings, url: str = REDIS) -> Iterator[str]:
    """A Redis cache of this test's own (a key prefix), emptied and forgotten after it."""
    require_redis()
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    use_cache(settings, prefix, redis_url=url)
    caching.reset_process_state()
    try:
        yield prefix
    finally:
        caching.reset_process_state()
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.fixture
def shared_redis(settings):
    with redis_prefix(settings) as prefix:
        yield prefix


@pytest.fixture
def redis_proxy(settings):
    """Redis reached through a FaultProxy the test can turn off, stall and turn back on."""
    require_redis()
    proxy = FaultProxy(REDIS_PORT)
    try:
        with redis_prefix(settings, proxy.url("redis", "/15")) as prefix:
            proxy.prefix = prefix
            yield proxy
    finally:
        proxy.close()


def wait_until_following(seconds: float = 5) -> None:
    """Until this process's subscriber follows Redis's versions (it starts on first use)."""
    shared = caching._shared()
    deadline = time.monotonic() + seconds
    while not shared.following:
        assert time.monotonic() < deadline, "the versions subscriber never connected"
        time.sleep(0.02)


def add_price_in_admin(client, editor, model: AIModel, amount: str, **fields: str) -> None:
    """An editor adds a price on the model's admin page (today's, unless said otherwise)."""
    client.force_login(editor)
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(client.get(url))
    data.update(
        {
            "prices-0-host": model.creator.pk,
            "prices-0-component": "input_tokens",
            "prices-0-unit": "per_1m_tokens",
            "prices-0-amount": amount,
            "prices-0-effective_from": date.today().isoformat(),
            "prices-0-source_url": "https://openai.com/api/pricing/",
            "prices-0-checked_on": date.today().isoformat(),
            **{f"prices-0-{name}": value for name, value in fields.items()},
        }
    )
    assert client.post(url, data).status_code == 302
    client.logout()


def add_price_in_shell(
    capture, model: AIModel, amount: str, effective_from: date | None = None
) -> None:
    """A standard input price created outside the admin (a shell, a script), with the
    transaction's on-commit work run, as a real commit would."""
    with capture(execute=True):
        Price.objects.create(
            model=model,
            host=model.creator,
            component="input_tokens",
            unit="per_1m_tokens",
            amount=Decimal(amount),
            effective_from=effective_from or date.today(),
            source_url="https://openai.com/api/pricing/",
        )
