"""`manage.py invalidate_pages`: make every cached page and fact stale at once."""

from typing import Any

from django.core.management.base import BaseCommand

from catalog.caching import bump_catalog_version, catalog_version


class Command(BaseCommand):
    help = (
        "Bump the catalog version, so no page or fact cached before now is served again. "
        "Changes made through Django do this by themselves; run it after changing the "
        "database any other way, such as a restore with pg_restore."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        before = catalog_version()
        bump_catalog_version()  # outside a transaction: at once
        after = catalog_version()
        self.stdout.write(f"Catalog version {before} -> {after}: pages will be rendered afresh.")
