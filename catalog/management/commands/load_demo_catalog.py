"""`manage.py load_demo_catalog`: load the shipped catalog (catalog/data/catalog.json)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.shipped import SHIPPED_PATH, ShippedCatalogError, load


class Command(BaseCommand):
    help = (
        "Load the shipped catalog: creates every row that is missing and leaves existing rows "
        "(and editors' changes) alone. Offline and safe to repeat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=SHIPPED_PATH, help="Another catalog file.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = load(options["path"])
        except ShippedCatalogError as error:
            raise CommandError(f"Catalog not loaded, nothing was written: {error}") from None
        if any(created.values()):
            shown = ", ".join(f"{count:,} {name}" for name, count in created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Catalog loaded: {shown} created."))
        else:
            self.stdout.write("Catalog already loaded; nothing changed.")
