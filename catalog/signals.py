"""Signals only invalidate: any change to a catalog row bumps the catalog version."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from catalog.caching import bump_catalog_version


def catalog_changed(sender: Any, **kwargs: Any) -> None:
    bump_catalog_version()


def connect(*models: Any) -> None:
    for model in models:
        post_save.connect(catalog_changed, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
        post_delete.connect(
            catalog_changed, sender=model, dispatch_uid=f"bump-{model.__name__}-delete"
        )
