"""Settings come from the environment and refuse to start when production values are missing."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
    "'engine': db['ENGINE'], 'max_age': db['CONN_MAX_AGE'], "
    "'health': db['CONN_HEALTH_CHECKS'], 'cache': settings.CACHES['default']['BACKEND'], "
    "'storage': settings.STORAGES['staticfiles']['BACKEND'], 'site': settings.SITE_URL, "
    "'db_options': db.get('OPTIONS', {}), "
    "'cache_options': settings.CACHES['default'].get('OPTIONS', {})}))"
)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    clean.pop("DATABASE_URL", None)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys; sys.argv = ['manage.py', *{list(args)!r}]; import runpy; "
    code += "runpy.run_path('manage.py', run_name='__main__')"
    return run_python(code, **env)


def test_debug_off_without_a_secret_key_refuses_to_start_with_a_clear_message():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="versus.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_a_malformed_debug_value_is_named():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_a_malformed_number_is_named():
    result = run_manage("check", DJANGO_DEBUG="1", LOGIN_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT must be a whole number; got 'five'." in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_come_from_the_environment():
    result = run_python(
        PROBE,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="versus.example, www.versus.example",
        DATABASE_URL="postgres://versus@db.internal:5432/versus",
        REDIS_URL="redis://cache.internal:6379/0",
        SITE_URL="https://versus.example/",
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    # A stalled database or Redis gives a quick 503, never a worker stuck until killed.
    assert settings.pop("db_options") == {
        "connect_timeout": 2,
        "options": "-c statement_timeout=30000",
    }
    assert settings.pop("cache_options") == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    assert settings.pop("site") == "https://versus.example"
    assert settings == {
        "debug": False,
        "hosts": ["versus.example", "www.versus.example"],
        "engine": "django.db.backends.postgresql",
        "max_age": 600,
        "health": True,
        "cache": "django.core.cache.backends.redis.RedisCache",
        "storage": "config.storage.StaticStorage",
    }


def test_a_site_url_must_be_an_origin():
    result = run_manage(
        "check",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="versus.example",
        SITE_URL="versus.example/models",
    )
    assert result.returncode != 0
    assert "SITE_URL must be an origin" in result.stderr


def test_local_defaults_use_sqlite_and_the_in_process_cache():
    result = run_python(PROBE, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["debug"] is True
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    # SQLite writers wait for the lock, taken when their transaction begins.
    assert settings["db_options"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}
