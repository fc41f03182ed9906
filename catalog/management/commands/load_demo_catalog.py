"""`manage.py load_demo_catalog`: load the curated demo catalog, idempotently."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.demo import DEMO_PATH, DemoCatalogError, load_demo_catalog


class Command(BaseCommand):
    help = (
        "Load the demo catalog: creates what is missing and leaves existing rows "
        "(and editors' changes) alone. Use --update to rewrite demo rows from the file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DEMO_PATH, help="Another demo file.")
        parser.add_argument(
            "--update", action="store_true", help="Rewrite existing demo rows from the file."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo_catalog(options["path"], update=options["update"])
        except DemoCatalogError as error:
            raise CommandError(f"Demo catalog not loaded, nothing was written: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Demo catalog loaded."))
        else:
            self.stdout.write("Demo catalog already up to date; nothing changed.")
