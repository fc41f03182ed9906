"""The page cache listens to the catalog: every change it announces bumps the versions of
what shows it, so no page or fact cached before the change is served again."""

from typing import Any

from catalog import changes
from web.caching import bump_catalog_version


def catalog_changed(sender: Any, *, models: list[str], shared: bool, **kwargs: Any) -> None:
    bump_catalog_version(models, shared=shared)


def connect() -> None:
    changes.changed.connect(catalog_changed, dispatch_uid="page-cache-follows-catalog")
