"""`manage.py import_catalog SOURCE PATH_OR_URL [--dry-run]`: load a public catalog."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from catalog.importers import litellm, lmarena, models_dev
from catalog.importers.fetch import fetch, is_url
from catalog.importers.records import ImportDataError
from catalog.importers.writer import Summary, Writer

PARSERS = {"models-dev": models_dev.parse, "litellm": litellm.parse, "lmarena": lmarena.parse}


class DryRun(Exception):
    """Raised to roll back everything a dry run wrote."""


class Command(BaseCommand):
    help = (
        "Import a public catalog: models-dev (the TOML tree), litellm (the price JSON) or "
        "lmarena (a leaderboard file or folder). Imported models start unpublished. A URL is "
        "fetched only when given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=sorted(PARSERS))
        parser.add_argument("location", help="A file or folder, or an http(s) URL to fetch.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report; write nothing."
        )
        parser.add_argument(
            "--dataset-date",
            type=_date,
            help="The dataset's own date (YYYY-MM-DD); required for lmarena files.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            with tempfile.TemporaryDirectory() as workdir:
                location = options["location"]
                path = fetch(location, Path(workdir)) if is_url(location) else Path(location)
                if not path.exists():
                    raise ImportDataError(location, "-", "no such file or folder")
                parse = PARSERS[options["source"]]
                batch = parse(path, options["dataset_date"], self._progress)
                summary = self._write(batch, dry_run=options["dry_run"])
        except ImportDataError as error:
            raise CommandError(f"Nothing imported: {error}") from None
        self._report(summary, options["dry_run"], time.monotonic() - started)

    def _write(self, batch: Any, *, dry_run: bool) -> Summary:
        summary: Summary | None = None
        try:
            with transaction.atomic():
                summary = Writer(batch, today=date.today()).run()
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        assert summary is not None
        return summary

    def _progress(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or not total:
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r  reading [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def _report(self, summary: Summary, dry_run: bool, seconds: float) -> None:
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif summary.changed:
            self.stdout.write(self.style.SUCCESS(f"Imported in {seconds:.1f} s."))
        else:
            self.stdout.write(
                f"Nothing changed: the catalog already matches this data ({seconds:.1f} s)."
            )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None
