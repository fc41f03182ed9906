"""The API's errors: JSON with the status, its name and what was wrong."""

from __future__ import annotations

import json
from collections.abc import Sequence
from http import HTTPStatus

from django.http import HttpResponse


class ApiError(Exception):
    def __init__(self, status: int, detail: str, errors: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)


def error_body(status: int, detail: str, errors: Sequence[tuple[str, str]] = ()) -> bytes:
    try:
        name = HTTPStatus(status).phrase
    except ValueError:
        name = "Error"
    document = {
        "status": status,
        "error": name,
        "detail": detail,
        "errors": [{"field": field, "message": message} for field, message in errors],
    }
    return json.dumps(document).encode()


def error_response(
    status: int, detail: str, errors: Sequence[tuple[str, str]] = ()
) -> HttpResponse:
    return HttpResponse(
        error_body(status, detail, errors), status=status, content_type="application/json"
    )
