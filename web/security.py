"""Headers every response carries beyond Django's own, and the CSP nonce in cached pages.

Pages are cached whole, so a nonce cannot be written into them when they are
rendered: it must differ on every response. Templates write a placeholder
(`nonce_attribute()`), and this middleware swaps in the response's own nonce
on the way out; the page cache fills in the pages it serves itself, in the
identity or the gzip body (it keeps both cut at the placeholder). No visitor
or editor text can forge the placeholder: it includes a double quote, which
HTML escaping and our JSON-LD escaping both rewrite.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

NONCE_PLACEHOLDER = "csp-nonce-placeholder"
NONCE_MARK = f'nonce="{NONCE_PLACEHOLDER}"'.encode()


def nonce_attribute() -> str:
    """The `nonce="..."` attribute for an inline script; filled in per response."""
    return NONCE_MARK.decode()


def nonce_filler(request: HttpRequest) -> bytes:
    """What replaces the placeholder in this response: its own nonce attribute."""
    return f'nonce="{request.csp_nonce}"'.encode()  # type: ignore[attr-defined]


def mark_filled(response: HttpResponseBase) -> None:
    """Tell the middleware this response's nonces are in already (or it has none)."""
    response.nonce_filled = True  # type: ignore[attr-defined]


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; the nonce placeholder replaced by the real one.

    Listed after django-csp's middleware, so the nonce is drawn before that
    middleware writes the Content-Security-Policy header (which names it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        if response.streaming or getattr(response, "nonce_filled", False):
            return response
        content = getattr(response, "content", b"")
        if NONCE_MARK in content:
            response.content = content.replace(NONCE_MARK, nonce_filler(request))  # type: ignore[attr-defined]
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
        return response


def client_address(request: HttpRequest) -> str | None:
    """The visitor's own address, for login throttling.

    Behind TRUSTED_PROXY_COUNT proxies that each append the address they were
    reached from to X-Forwarded-For, that address is the count-th from the right;
    anything further left was written by the client and proves nothing. With no
    proxy (the count 0) it is the connection's own address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
