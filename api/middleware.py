"""What every API answer shares: CORS open for reading, a rate limit per client address,
and errors as JSON whatever part of the stack answered.

Listed above the page cache, so a cached answer counts against the limit and
carries the CORS headers like any other.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers

from api.errors import error_body
from web.security import client_address

logger = logging.getLogger("versus.api")

PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# The conditional headers a client may send from another origin.
ALLOWED_HEADERS = "If-None-Match, If-Modified-Since, Accept, Accept-Encoding"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
PREFLIGHT_MAX_AGE = 86_400
ERROR_DETAILS = {
    404: "No such API address. The schema at /api/v1/openapi.json lists every one.",
    405: "The API is read-only: GET, HEAD and OPTIONS only.",
    429: "Too many requests from this address; wait for Retry-After seconds.",
    500: "Something went wrong on our side. Try again in a moment.",
    503: "The catalog is unavailable for a moment; try again after Retry-After seconds.",
}


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def _as_json(response: HttpResponseBase) -> HttpResponseBase:
    """An error some other part of the stack wrote as a page, rewritten as JSON."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    status = response.status_code
    detail = ERROR_DETAILS.get(status, "The request could not be answered.")
    rewritten = HttpResponse(
        error_body(status, detail), status=status, content_type="application/json"
    )
    for header in ("Retry-After", "Cache-Control", "Vary"):
        if header in response:
            rewritten[header] = response[header]
    if status == 405:
        rewritten["Allow"] = ALLOWED_METHODS
    return rewritten


class RateLimit:
    """A fixed window per client address, counted in the shared cache (Redis in
    production, so every worker counts together). If the cache fails, requests pass:
    the limit protects the site, and refusing everyone would be the worse failure."""

    def __init__(self) -> None:
        self.limit = settings.API_RATE_LIMIT
        self.window = settings.API_RATE_WINDOW

    def check(self, request: HttpRequest) -> tuple[bool, int, int]:
        """(allowed, remaining, seconds until the window ends)."""
        now = time.time()
        window = int(now // self.window)
        left = max(1, int((window + 1) * self.window - now + 0.999))
        key = f"api-rate:{client_address(request) or 'unknown'}:{window}"
        try:
            count = 1 if cache.add(key, 1, self.window + 1) else cache.incr(key)
        except Exception:  # the cache's own errors: Redis down, a timeout
            logger.warning("API rate limit not counted: the cache is unavailable", exc_info=True)
            return True, self.limit, left
        return count <= self.limit, max(0, self.limit - count), left


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        head = request.method == "HEAD"
        if head:  # answered as the GET it stands for, without the body
            request.method = "GET"
        limit = RateLimit()
        allowed, remaining, left = limit.check(request)
        if not allowed:
            response = HttpResponse(
                error_body(429, ERROR_DETAILS[429]), status=429, content_type="application/json"
            )
            response["Retry-After"] = str(left)
        else:
            response = _as_json(self.get_response(request))
        if head and not response.streaming:
            request.method = "HEAD"
            response["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
        response["X-RateLimit-Limit"] = str(limit.limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        patch_vary_headers(response, ("Accept-Encoding",))
        return _cors(response)
