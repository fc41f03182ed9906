"""`manage.py seed_synthetic_catalog SIZE`: add a synthetic catalog for load tests."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bench.synthetic import seed


class Command(BaseCommand):
    help = "Create SIZE published synthetic models (prices and arena scores included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("size", type=int)
        parser.add_argument("--text-only", action="store_true", help="Only text models.")

    def handle(self, *args: Any, **options: Any) -> None:
        models = seed(options["size"], text_only=options["text_only"])
        self.stdout.write(f"{len(models):,} synthetic models created.")
