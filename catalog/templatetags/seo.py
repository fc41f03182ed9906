"""Structured data for search engines, safe to embed in HTML."""

import json
from collections.abc import Mapping
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from web.security import nonce_attribute

register = template.Library()


def script_safe_json(data: Any) -> str:
    """JSON with <, > and & escaped, so editor text can never close a script element.

    (str.replace rather than str.translate: it is several times faster on the
    kilobytes of an FAQ, and this runs on every uncached page.)
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@register.simple_tag
def jsonld(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> block for `data`, allowed by the CSP nonce."""
    return mark_safe(
        f'<script type="application/ld+json" {nonce_attribute()}>{script_safe_json(data)}</script>'
    )


DEFAULT_DESCRIPTION = (
    "Side-by-side comparisons of AI models with sourced prices, specs and benchmark scores."
)


@register.simple_tag(takes_context=True)
def head_meta(context: Any, meta: Mapping[str, Any] | None) -> SafeString:
    """The description, canonical link, robots, Open Graph and Twitter tags and JSON-LD.

    Written here rather than in base.html: it is a dozen values on every page,
    and printed one by one by the template engine they cost as much as the
    rest of the page's head and header together (see docs/PERFORMANCE.md).
    A page without `meta` (an error page) is described generically and not indexed.
    """
    if not meta:
        return mark_safe(
            f'<meta name="description" content="{escape(DEFAULT_DESCRIPTION)}">\n'
            '  <meta name="robots" content="noindex">'
        )
    title = escape(meta["title"])
    description = escape(meta["description"] or DEFAULT_DESCRIPTION)
    canonical = escape(meta["canonical"])
    lines = [
        f'<meta name="description" content="{description}">',
        f'<link rel="canonical" href="{canonical}">',
        *(['<meta name="robots" content="noindex">'] if meta.get("noindex") else []),
        f'<meta property="og:site_name" content="{escape(meta["site_name"])}">',
        f'<meta property="og:type" content="{escape(meta["og_type"])}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:url" content="{canonical}">',
        '<meta name="twitter:card" content="summary">',
        f'<meta name="twitter:title" content="{title}">',
        f'<meta name="twitter:description" content="{description}">',
        *(jsonld(data) for data in meta.get("jsonld", ())),
    ]
    return mark_safe("\n  ".join(lines))


@register.simple_tag
def breadcrumbs(meta: Mapping[str, Any] | None) -> SafeString:
    """The trail from the home page to this one, when there is more than the home page."""
    crumbs = (meta or {}).get("crumbs") or []
    if len(crumbs) < 2:
        return mark_safe("")
    items = [f'<li><a href="{escape(url)}">{escape(name)}</a></li>' for name, url in crumbs[:-1]]
    name, url = crumbs[-1]
    items.append(f'<li><a href="{escape(url)}" aria-current="page">{escape(name)}</a></li>')
    return mark_safe(
        '<nav class="breadcrumbs" aria-label="Breadcrumb">\n  <ol>\n    '
        + "\n    ".join(items)
        + "\n  </ol>\n</nav>"
    )
