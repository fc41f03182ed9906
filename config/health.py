"""Liveness and readiness probes for load balancers and the benchmark."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("versus.health")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: no database, no cache, just the middleware every page goes through."""
    return HttpResponse("ok\n", content_type="text/plain")


def _database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Readiness: the database is unavailable")
        return False


def _cache_ready() -> bool:
    token = uuid.uuid4().hex
    try:
        cache.set("readyz", token, 10)
        return cache.get("readyz") == token
    except Exception:
        logger.exception("Readiness: the cache is unavailable")
        return False


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready when both the database and the cache answer; 503 with Retry-After otherwise."""
    checks = {"database": _database_ready(), "cache": _cache_ready()}
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in checks.items())
    response = HttpResponse(
        body, content_type="text/plain", status=200 if all(checks.values()) else 503
    )
    if response.status_code == 503:
        response["Retry-After"] = "30"
    return response
