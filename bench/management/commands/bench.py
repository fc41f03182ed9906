"""`manage.py bench` (`make bench`): measure the production stack and write docs/PERFORMANCE.md."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.run import DATASETS, Bench, Options


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Start gunicorn on loopback with PostgreSQL and Redis, then with SQLite and the "
        "in-process cache, drive each page with wrk, and write the figures to "
        "docs/PERFORMANCE.md. Every process and database it starts, it stops and drops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--configurations",
            default="postgresql,sqlite",
            help="Comma-separated: postgresql (with Redis), sqlite (with the in-process cache).",
        )
        parser.add_argument(
            "--datasets",
            default=",".join(dataset.slug for dataset in DATASETS),
            help="Comma-separated: shipped (the shipped catalog), small (50 models), "
            "large (3,000), sitemap (1,000 text).",
        )
        parser.add_argument(
            "--seconds", type=int, default=6, help="wrk time per URL (whole seconds, at least 2)."
        )
        parser.add_argument("--connections", type=int, default=4, help="wrk connections.")
        parser.add_argument(
            "--postgres-url",
            default="postgres://postgres@127.0.0.1:5432",
            help="A PostgreSQL server the benchmark may create and drop a database on.",
        )
        parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
        parser.add_argument(
            "--soak-seconds",
            type=int,
            default=60,
            help="Length of the load and soak test on PostgreSQL with 3,000 models (0 skips it).",
        )
        parser.add_argument("--soak-connections", type=int, default=64)
        parser.add_argument(
            "--no-write", action="store_true", help="Print the figures; leave the docs alone."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = [name.strip() for name in options["configurations"].split(",") if name.strip()]
        datasets = [name.strip() for name in options["datasets"].split(",") if name.strip()]
        unknown = set(chosen) - {"postgresql", "sqlite"}
        unknown |= set(datasets) - {dataset.slug for dataset in DATASETS}
        if unknown or not chosen or not datasets:
            raise CommandError(f"Unknown or missing choice: {', '.join(sorted(unknown)) or '-'}")
        if options["seconds"] < 2 or options["connections"] < 1:
            raise CommandError("--seconds must be at least 2 and --connections at least 1.")
        if options["soak_seconds"] < 0 or options["soak_connections"] < 1:
            raise CommandError("--soak-seconds cannot be negative; --soak-connections >= 1.")
        output = None if options["no_write"] else Path(settings.BASE_DIR) / "docs/PERFORMANCE.md"
        bench = Bench(
            Options(
                configurations=chosen,
                datasets=datasets,
                seconds=options["seconds"],
                connections=options["connections"],
                postgres_url=options["postgres_url"],
                redis_url=options["redis_url"],
                output=output,
                command=" ".join(["python", *sys.argv]),
                soak_seconds=options["soak_seconds"],
                soak_connections=options["soak_connections"],
            ),
            say=lambda line: self.stdout.write(line),
        )
        signal.signal(signal.SIGTERM, _stop)
        checks = bench.run()
        self.stdout.write("")
        for check in checks:
            status = self.style.SUCCESS("met") if check.passed else self.style.ERROR("MISSED")
            self.stdout.write(f"{status}: {check.target} ({check.detail})")
        if output is not None:
            self.stdout.write(f"Figures written to {output.relative_to(settings.BASE_DIR)}.")
        missed = [check for check in checks if not check.passed]
        if missed:
            raise CommandError(f"{len(missed)} of {len(checks)} targets missed.")
