"""`manage.py invalidate_pages`: make every cached page and fact stale at once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from web.caching import CacheUnavailable, invalidate_everything


class Command(BaseCommand):
    help = (
        "Bump the catalog version, so no page or fact cached before now is served again. "
        "Changes made through Django do this by themselves; run it after changing the "
        "database any other way, such as a restore with pg_restore (until then, workers "
        "that find the cache ahead of the database serve every page uncached)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            before, after = invalidate_everything()
        except CacheUnavailable as error:
            raise CommandError(
                f"The database's versions moved, but {error}. Run this again once Redis "
                "answers; until then workers serve pages without the cache."
            ) from None
        self.stdout.write(f"Catalog version {before} -> {after}: pages will be rendered afresh.")
