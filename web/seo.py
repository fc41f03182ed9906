"""What search engines read: titles, descriptions, canonical links and JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest

from web.links import absolute_url, page_path

DESCRIPTION_LIMIT = 160
SITE_NAME = "Versus"


def fit(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Text shortened at a word boundary to fit `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def breadcrumb_jsonld(request: HttpRequest, crumbs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def page_meta(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    crumbs: Sequence[tuple[str, str]],
    canonical: str | None = None,
    jsonld: Sequence[dict[str, Any]] = (),
    og_type: str = "website",
    noindex: bool = False,
    feed: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Everything base.html puts in <head> and the breadcrumb trail, for one page; with
    `feed`, the (title, path) of the Atom feed that follows what the page shows."""
    home = ("Home", page_path("comparisons:home"))
    trail = [home, *[crumb for crumb in crumbs if crumb != home]]
    return {
        "title": title,
        "description": fit(description),
        "canonical": absolute_url(canonical or request.path),
        "crumbs": trail,
        "jsonld": [breadcrumb_jsonld(request, trail), *jsonld],
        "og_type": og_type,
        "noindex": noindex,
        "site_name": SITE_NAME,
        "feed": {"title": feed[0], "url": absolute_url(feed[1])} if feed else None,
    }


DEFAULT_DESCRIPTION = (
    "Side-by-side comparisons of AI models with sourced prices, specs and benchmark scores."
)


def script_safe_json(data: Any) -> str:
    """JSON with <, > and & escaped, so editor text can never close a script element.

    (str.replace rather than str.translate: it is several times faster on the
    kilobytes of an FAQ, and this runs on every uncached page.)
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
