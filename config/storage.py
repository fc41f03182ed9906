"""Static files storage for production."""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage, remembering each URL it works out.

    Every page asks `{% static %}` for the same few files, and each answer
    means a manifest lookup and URL parsing; the manifest is fixed for the
    life of the process, so the answer is too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        known = self._known_urls.get(name)
        if known is None:
            known = self._known_urls[name] = super().url(name)
        return known
