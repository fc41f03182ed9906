"""`manage.py refresh_catalog [FOLDER]`: import every public source, all or nothing.

For cron: give a data folder laid out as `models.dev/`, `litellm/*.json` and
`arena/<board folder>/`, or `--fetch` to download each source from its URL
(the only time anything is fetched). Exits non-zero with a one-line reason
when a source fails, and then nothing was written.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.importers.fetch import fetch
from catalog.importers.records import ImportDataError
from catalog.importers.run import Source, find_sources, import_all
from catalog.importers.writer import Summary
from catalog.management.commands.import_catalog import parse_date
from catalog.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Import every public source from a data folder (models.dev/, litellm/, arena/, "
        "aider/, llm-stats/) or, with --fetch, from the URLs in "
        "settings.CATALOG_SOURCE_URLS; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", type=Path, help="A data folder.")
        parser.add_argument(
            "--fetch", action="store_true", help="Download each source from its URL instead."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and report only.")
        parser.add_argument(
            "--lmarena-date", type=parse_date, help="The date of arena/lmarena-arena-catalog."
        )
        parser.add_argument(
            "--lmarena-csv-date",
            type=parse_date,
            help="The date of arena/fboulnois-llm-leaderboard-csv.",
        )
        parser.add_argument(
            "--litellm-date", type=parse_date, help="The date of LiteLLM's price file."
        )
        parser.add_argument("--models-dev-ref", default="", help="The models.dev commit.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if bool(options["folder"]) == bool(options["fetch"]):
            raise CommandError("Give a data folder, or --fetch to download every source.")
        try:
            with tempfile.TemporaryDirectory() as workdir:
                if options["fetch"]:
                    sources = self.fetched(Path(workdir), options["lmarena_date"])
                else:
                    sources = find_sources(
                        options["folder"],
                        lmarena_date=options["lmarena_date"],
                        lmarena_csv_date=options["lmarena_csv_date"],
                        litellm_date=options["litellm_date"],
                        models_dev_ref=options["models_dev_ref"],
                    )
                summaries = import_all(sources, dry_run=options["dry_run"], progress=progress_bar)
        except ImportDataError as error:
            raise CommandError(f"Nothing imported: {error}") from None
        self.report(summaries, options["dry_run"], time.monotonic() - started)

    def fetched(self, workdir: Path, lmarena_date: date | None) -> list[Source]:
        urls: dict[str, str] = getattr(settings, "CATALOG_SOURCE_URLS", {})
        sources = []
        for name in ("models-dev", "litellm", "lmarena"):
            if name not in urls:
                continue
            folder = workdir / name
            folder.mkdir()
            # A fetched file that carries no date is dated by the day it was fetched.
            dataset_date = None if name == "models-dev" else date.today()
            if name == "lmarena" and lmarena_date:
                dataset_date = lmarena_date
            sources.append(Source(name, fetch(urls[name], folder), dataset_date))
        return sources

    def report(self, summaries: list[Summary], dry_run: bool, seconds: float) -> None:
        for summary in summaries:
            for line in summary.lines():
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"{'source':<12} {'records':>8} {'mapped':>8} {'share':>7}  counted")
        for summary in summaries:
            self.stdout.write(
                f"{summary.dataset:<12} {summary.counted:>8,} {summary.mapped:>8,} "
                f"{summary.share:>7.1%}  {summary.universe}"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write("Every record not mapped is listed in the admin, under Import runs.")
            self.stdout.write(self.style.SUCCESS(f"Catalog refreshed in {seconds:.1f} s."))
