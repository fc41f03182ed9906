"""Paths to public pages, reversed once and remembered.

reverse() matches the URLconf's patterns again on every call, about 15 µs
each; an uncached comparison page links to a dozen pages. The answer only
depends on the URL name, its arguments, the script prefix and the URLconf,
so it is kept per process, keyed by all four.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=16_384)
def _reverse(prefix: str, urlconf: Any, name: str, items: tuple[tuple[str, str], ...]) -> str:
    return reverse(name, urlconf=urlconf, kwargs=dict(items))


def page_path(name: str, **kwargs: str) -> str:
    """reverse(name, kwargs=kwargs), remembered."""
    return _reverse(get_script_prefix(), get_urlconf(), name, tuple(sorted(kwargs.items())))


def absolute_url(path: str) -> str:
    """The public URL of a path on this site: SITE_URL, never the request's Host."""
    from django.conf import settings

    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"
