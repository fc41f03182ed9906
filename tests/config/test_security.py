"""Production hardening: check --deploy, security headers, and admin login throttling."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.production import production_env

ROOT = Path(__file__).resolve().parents[2]

PAGES = [
    "/",
    "/models/",
    "/compare/claude-sonnet-4-vs-gpt-4o/",
    "/healthz/",
    "/robots.txt",
    "/sitemap.xml",
    "/models/no-such-model/",
    "/admin/login/",
]


def test_check_deploy_reports_no_issues_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


SETTINGS_PROBE = """
import django, json
django.setup()
from django.conf import settings
print(json.dumps([settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER,
    settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]))
"""


def settings_with(**env: str) -> list:
    import json

    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_https_settings_are_safe_by_default_and_come_from_the_environment():
    assert settings_with() == [True, ["HTTP_X_FORWARDED_PROTO", "https"], 31536000, True, True]
    assert settings_with(
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_BEHIND_TLS_PROXY="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="0",
    ) == [False, None, 0, False, False]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, demo_catalog, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split("; ") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert all(source.startswith("'nonce-") for source in directives["script-src"][1:])
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def log_in(client, username: str, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "editor", "wrong guess")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    locked = log_in(client, "editor", "wrong guess")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    # Locked out: even the right password is refused, and nobody is logged in.
    refused = log_in(client, "editor", "a-long-passphrase")
    assert refused.status_code == 429
    assert b"15 minutes" in refused.content
    assert "_auth_user_id" not in client.session
    # After the cool-off the editor gets in, and the count starts again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "editor", "a-long-passphrase").status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_lockout_is_for_that_account_not_every_account(client, editor, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong guess")
    assert log_in(client, "editor", "a-long-passphrase").status_code == 429
    assert log_in(client, "admin", "password").status_code == 302
