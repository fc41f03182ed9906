"""schemathesis against the OpenAPI schema: every operation, generated requests (valid
and not), no 5xx and no answer that breaks the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Bounded so the suite stays quick: each operation gets at most this many requests.
EXAMPLES = 25

# The schema is read from the application itself, as a client reads it.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def in_process(settings):
    """The application called in the test's own transaction, as Django's test client
    calls it: no connection closed at the end of a request, no rate limit."""
    settings.API_RATE_LIMIT = 1_000_000  # schemathesis sends far more than a client may
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_its_schema(case, demo_catalog, in_process):
    # The in-process transport hands back the body as sent and does not undo gzip, which
    # the API uses for any client that accepts it (tested in test_endpoints.py).
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
    if case.query and "cursor" in case.query:
        # A cursor is opaque: one the API never gave out is rightly refused with a 400
        # (tests/api/test_endpoints.py), though the schema can only say "a string".
        case.call_and_validate(excluded_checks=[positive_data_acceptance])
    else:
        case.call_and_validate()
