"""Structured data for search engines, safe to embed in HTML."""

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def jsonld(context: Any, data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> block; <, > and & are escaped inside the JSON
    so editor text can never close the script element."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    nonce = context.get("request") and getattr(context["request"], "csp_nonce", None)
    if nonce:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(payload)
        )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
