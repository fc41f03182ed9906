"""The environment of a production process, for tests that start one."""

import os


def production_env(**extra: str) -> dict[str, str]:
    """Debug off, a real-looking secret, and none of this shell's Django settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="production-test-q8Zr3Lp0Wm5Tn7Vb2Xc9Kd4Hf6Gj1Sa-" * 2,
        DJANGO_ALLOWED_HOSTS="testserver,versus.example",
        SITE_URL="https://versus.example",
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env
