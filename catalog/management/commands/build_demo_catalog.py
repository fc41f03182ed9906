"""`manage.py build_demo_catalog DATA_FOLDER`: regenerate catalog/data/catalog.json.

Imports the public data of DATA_FOLDER (laid out as refresh_catalog expects)
into a scratch SQLite database, lays editorial.json over it and exports the
shipped catalog. The database this project uses is not touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog import editorial, shipped


class Command(BaseCommand):
    help = (
        "Regenerate the shipped catalog from a data folder "
        "(models.dev/, litellm/, arena/, aider/, llm-stats/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--lmarena-date", help="The date of arena/lmarena-arena-catalog.")
        parser.add_argument("--lmarena-csv-date", help="The date of the arena CSV folder.")
        parser.add_argument("--litellm-date", help="The date of LiteLLM's price file.")
        parser.add_argument("--models-dev-ref", default="", help="The models.dev commit.")
        parser.add_argument("--editorial", type=Path, default=editorial.EDITORIAL_PATH)
        parser.add_argument("--output", type=Path, default=shipped.SHIPPED_PATH)
        parser.add_argument(
            "--previous",
            type=Path,
            default=shipped.SHIPPED_PATH,
            help="The catalog this one replaces: its slugs keep resolving as redirects.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["folder"].is_dir():
            raise CommandError(f"{options['folder']}: not a folder")
        refresh = ["refresh_catalog", str(options["folder"].resolve())]
        for option in ("lmarena_date", "lmarena_csv_date", "litellm_date", "models_dev_ref"):
            if options[option]:
                refresh += [f"--{option.replace('_', '-')}", options[option]]
        with tempfile.TemporaryDirectory() as scratch:
            environment = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(scratch) / 'build.sqlite3'}",
                "REDIS_URL": "",
            }
            self.step(environment, "migrate", "--noinput", "-v0")
            self.step(environment, *refresh)
            self.step(
                environment,
                "export_catalog",
                "--editorial",
                str(options["editorial"].resolve()),
                "--output",
                str(options["output"].resolve()),
                "--previous",
                str(options["previous"].resolve()),
            )

    def step(self, environment: dict[str, str], *arguments: str) -> None:
        self.stdout.write(f"manage.py {arguments[0]} ...")
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            reason = (result.stderr.strip().splitlines() or ["it failed"])[-1]
            raise CommandError(f"manage.py {arguments[0]} failed: {reason}")
        lines = result.stdout.strip().splitlines()
        for line in lines[-8:]:
            self.stdout.write(f"  {line}")
