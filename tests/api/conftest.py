import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def shipped_catalog(django_db_setup, django_db_blocker):
    """The curated demo catalog, loaded once for a module inside a transaction that is
    rolled back after it; each test still runs in its own savepoint (request `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_catalog", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_catalog(shipped_catalog, db):
    """The demo catalog, shared by this module's tests (see shipped_catalog)."""
