import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from tests.caches import redis_proxy, shared_redis  # noqa: F401  (fixtures)
from tests.snapshot import load_demo_catalog
from web.caching import clear_local_copies


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Absolute URLs come from the configured origin, whatever Host a request names."""
    settings.SITE_URL = "https://versus.example"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty page caches: the database rolls back between tests, so
    catalog versions repeat, which a real database never does."""
    cache.clear()
    clear_local_copies()
    yield
    cache.clear()
    clear_local_copies()


@pytest.fixture
def demo_catalog(db):
    """The curated demo catalog, loaded as `make run` loads it (tests/snapshot.py)."""
    load_demo_catalog()


@pytest.fixture
def editor(db) -> User:
    """A staff member of the Editors group, as editors are set up in production."""
    user = User.objects.create_user("editor", "editor@versus.example", "a-long-passphrase")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def large_catalog(db):
    """300 published models with prices and scores, for query budgets."""
    from tests.factories import build_catalog

    return build_catalog(300)


# The data migrations that create rows (groups and their permissions, identity rules).
DATA_MIGRATIONS = [
    ("catalog.migrations.0002_editors_group", "create_editors"),
    ("catalog.migrations.0005_editors_review_discrepancies", "grant"),
    ("catalog.migrations.0007_seed_identity_rules", "seed"),
    ("catalog.migrations.0007_seed_identity_rules", "grant"),
    ("catalog.migrations.0009_editors_work_through_import_runs", "grant"),
    ("comparisons.migrations.0002_editors_feature_comparisons", "grant"),
]


@pytest.fixture
def migration_data(transactional_db):
    """The rows the data migrations create, made again where missing: a test that commits
    (transactional) may run after another that emptied every table."""
    import importlib

    from django.apps import apps

    if Group.objects.filter(name="Editors").exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
