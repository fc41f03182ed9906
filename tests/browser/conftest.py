"""Real-browser tests: Playwright driving Debian's Chromium against live_server."""

import os
import shutil

import pytest

from tests.snapshot import load_demo_catalog

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make (fixtures, checks) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings, transactional_db):
    """The live site with the demo catalog, served with plain static files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    load_demo_catalog()
    return live_server.url


def new_page(chromium, *, javascript=True, width=1280, height=900):
    context = chromium.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": height}
    )
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(chromium):
    page = new_page(chromium)
    yield page
    page.context.close()


@pytest.fixture
def nojs_page(chromium):
    page = new_page(chromium, javascript=False)
    yield page
    page.context.close()


@pytest.fixture
def phone(chromium):
    page = new_page(chromium, width=375, height=812)
    yield page
    page.context.close()
