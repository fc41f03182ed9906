"""`manage.py import_catalog SOURCE PATH_OR_URL [--dry-run]`: load one public catalog."""

from __future__ import annotations

import tempfile
import time
from argparse import ArgumentTypeError
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.importers.fetch import fetch, is_url
from catalog.importers.records import ImportDataError
from catalog.importers.run import PARSERS, Source, import_all
from catalog.importers.writer import Summary
from catalog.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Import a public catalog: models-dev (the TOML tree), litellm (the price JSON), "
        "lmarena (a leaderboard file or folder), aider (its leaderboard YAML) or llm-stats "
        "(its folder of model files). A URL is fetched only when given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=sorted(PARSERS))
        parser.add_argument("location", help="A file or folder, or an http(s) URL to fetch.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report; write nothing."
        )
        parser.add_argument(
            "--dataset-date",
            type=parse_date,
            help="The dataset's own date (YYYY-MM-DD); required for lmarena files.",
        )
        parser.add_argument(
            "--ref", default="", help="models.dev only: the commit its files are cited at."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            with tempfile.TemporaryDirectory() as workdir:
                location = options["location"]
                path = fetch(location, Path(workdir)) if is_url(location) else Path(location)
                source = Source(
                    options["source"], path, options["dataset_date"], options["ref"], location
                )
                (summary,) = import_all([source], dry_run=options["dry_run"], progress=progress_bar)
        except ImportDataError as error:
            raise CommandError(f"Nothing imported: {error}") from None
        report(self, summary, options["dry_run"], time.monotonic() - started)


def report(command: BaseCommand, summary: Summary, dry_run: bool, seconds: float) -> None:
    for line in summary.lines():
        command.stdout.write(line)
    if summary.unmapped and not dry_run:
        command.stdout.write("Every record not mapped is listed in the admin, under Import runs.")
    if dry_run:
        command.stdout.write("Dry run: nothing was written.")
    elif summary.changed:
        command.stdout.write(command.style.SUCCESS(f"Imported in {seconds:.1f} s."))
    else:
        command.stdout.write(
            f"Nothing changed: the catalog already matches this data ({seconds:.1f} s)."
        )


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None
