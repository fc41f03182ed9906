"""Liveness and readiness probes for load balancers and the benchmark."""

import logging
import threading
import time
import uuid
from collections.abc import Callable

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


# A dependency that accepts connections but never answers must not hold the probe
# (or the worker) until it is killed: each check gets this long.
READY_SECONDS = 2.0


def _in_thread(check: Callable[[], bool]) -> Callable[[float], bool | None]:
    """Start `check` in its own thread; the returned function waits for its answer until
    the deadline passed to it, then gives None (the thread ends on its own timeouts)."""
    answer: list[bool] = []

    def run() -> None:
        try:
            answer.append(check())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run, name="versus-readiness", daemon=True)
    thread.start()

    def result(deadline: float) -> bool | None:
        thread.join(max(0.0, deadline - time.monotonic()))
        return answer[0] if answer else None

    return result


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready when both the database and the cache answer within READY_SECONDS; 503 with
    Retry-After otherwise."""
    deadline = time.monotonic() + READY_SECONDS
    pending = {"database": _in_thread(_database_ready), "cache": _in_thread(_cache_ready)}
    checks = {}
    for name, result in pending.items():
        answer = result(deadline)
        if answer is None:
            logger.error("Readiness: the %s did not answer within %.0f s", name, READY_SECONDS)
        checks[name] = bool(answer)
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in checks.items())
    response = HttpResponse(
        body, content_type="text/plain", status=200 if all(checks.values()) else 503
    )
    if response.status_code == 503:
        response["Retry-After"] = "30"
    return response
