"""When the database cannot be reached: a friendly 503 with Retry-After and no internals."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("versus.faults")

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _page(template: str) -> str:
    """An error page rendered without the request, so nothing on it can touch the database
    (no session, no user), and linking the stylesheet's plain name, which is served even
    if the hashed-name manifest is what failed."""
    return render_to_string(template, {"stylesheet": f"{settings.STATIC_URL}css/site.css"})


def service_unavailable() -> HttpResponse:
    """The 503 page, which asks clients to come back in RETRY_AFTER_SECONDS."""
    response = HttpResponse(_page("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage inside a view into the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable serving %s: %s", request.path, exception)
            return service_unavailable()
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page for a database outage anywhere (middleware included),
    the 500 page otherwise."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return service_unavailable()
    return HttpResponseServerError(_page("500.html"))
