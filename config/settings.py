"""Versus settings: the one settings module.

Every difference between environments is an environment variable. With
DJANGO_DEBUG off (production), a missing secret key refuses to start.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalized = value.strip().lower()
    if normalized in {"1", "true", "yes", "on"}:
        return True
    if normalized in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_int(name: str, *, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_float(name: str, *, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {value!r}.") from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. Set it to a long random "
            "string in production, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [],
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off "
        "(a comma-separated list such as 'versus.example,www.versus.example')."
    )

# The site's public origin. Every absolute URL we write (canonical links, og:url,
# JSON-LD, sitemaps, robots.txt, feeds) starts with it, never with the request's
# Host or X-Forwarded-Proto, which anyone can set and a cached page would keep.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000" if DEBUG else "").strip().rstrip("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is required when DJANGO_DEBUG is off: the public origin, such as "
        "'https://versus.example'."
    )
if SITE_URL and (
    not SITE_URL.startswith(("http://", "https://")) or "/" in SITE_URL.split("://", 1)[1]
):
    raise ImproperlyConfigured(
        f"SITE_URL must be an origin such as 'https://versus.example', without a path; "
        f"got {SITE_URL!r}."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "csp",
    "axes",
    "web",
    "catalog",
    "comparisons",
    "pages",
    "ninja",
    "api",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the CSP middleware: fills in the nonce before the header is written.
    "web.security.SecurityHeadersMiddleware",
    # Serves collected, compressed static files in production; with debug on,
    # runserver serves them from the apps and static/ directly.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The API's CORS headers, rate limit and JSON errors, for cached answers too.
    "api.middleware.ApiMiddleware",
    # Serves the pages the cache holds to anonymous visitors; everything below it
    # (sessions, CSRF, authentication, ...) runs for the rest.
    "web.caching.CachedPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Refuses logins while an account is locked out (django-axes).
    "axes.middleware.AxesMiddleware",
    # Answers 503 with Retry-After when the database is unreachable.
    "config.faults.DatabaseUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: counts failed logins and refuses them after AXES_FAILURE_LIMIT.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# The public pages are Jinja2 templates in templates/ (see web/templating.py); the admin,
# with the overrides in catalog/templates/admin/, keeps Django's engine.
TEMPLATES = [
    {
        "NAME": "jinja2",
        "BACKEND": "web.templating.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "pages.jinja.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=600),
        conn_health_checks=True,
    )
}
# A database that stalls gives a quick 503, never a worker stuck until it is killed.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", default=2)
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", default=30000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing: a transaction takes it when it
    # begins (so two saves never deadlock upgrading a read lock) and waits up to
    # `timeout` seconds for another writer to finish.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=env_int("SQLITE_BUSY_TIMEOUT", default=20),
        transaction_mode="IMMEDIATE",
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
# With a shared cache the catalog version lives in it (cached pages cost no
# query); with the in-process cache it is read from the database per request.
CATALOG_VERSION_IN_CACHE = bool(REDIS_URL)
# The page cache can be switched off (PAGE_CACHE=off), e.g. to measure rendering.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=True)
# Each worker also keeps its most recent pages in memory (bounded, never stale).
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", default=256)
FACTS_CACHE_LOCAL_ENTRIES = env_int("FACTS_CACHE_LOCAL_ENTRIES", default=4096)
# How long a CDN or browser may reuse a public page without asking again.
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", default=30)
PAGE_STALE_WHILE_REVALIDATE = env_int("PAGE_STALE_WHILE_REVALIDATE", default=30)
# How long a browser may reuse a redirect from an old address without asking again:
# a rename can be undone, and a kept redirect would then loop.
MOVED_MAX_AGE = env_int("MOVED_MAX_AGE", default=0)
# Cached pages and facts expire after this long, so the cache stays bounded even
# where nothing evicts; production's Redis also evicts (see README).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=60 * 60)
# How long a call to Redis may take before the page is served without it.
CACHE_TIMEOUT_SECONDS = env_float("CACHE_TIMEOUT_SECONDS", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "versus"),
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versus",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", default=2000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# HTTPS. Production runs behind a proxy that terminates TLS and says so in
# X-Forwarded-Proto; every default below is the safe one when debug is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("DJANGO_BEHIND_TLS_PROXY", default=not DEBUG)
    else None
)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): our own origin only, no inline script
# or style and no eval; the JSON-LD blocks carry the response's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}
# Powerful browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# The API's rate limit: this many requests per client address in each window of
# API_RATE_WINDOW seconds, counted in the shared cache; past it, 429 and Retry-After.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", default=300)
API_RATE_WINDOW = env_int("API_RATE_WINDOW", default=60)

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins
# for one username from one address, that pair is refused for the cool-off.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the visitor's own, read past the proxies in front (README): a
# lockout holds one username from one address, never an editor everywhere.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "web.security.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


# Where `manage.py refresh_catalog --fetch` downloads each public source from (only then).
CATALOG_SOURCE_URLS = {
    "models-dev": os.environ.get(
        "CATALOG_MODELS_DEV_URL",
        "https://github.com/anomalyco/models.dev/archive/refs/heads/dev.tar.gz",
    ),
    "litellm": os.environ.get(
        "CATALOG_LITELLM_URL",
        "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
    ),
    "lmarena": os.environ.get(
        "CATALOG_LMARENA_URL",
        "https://github.com/lmarena/arena-catalog/archive/refs/heads/main.tar.gz",
    ),
}
