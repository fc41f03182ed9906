"""Running imports: one source, or every source of a data folder, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.db import transaction

from catalog.importers import aider, litellm, llm_stats, lmarena, models_dev
from catalog.importers.listings import Resolved
from catalog.importers.records import Batch, ImportDataError
from catalog.importers.resolver import resolve
from catalog.importers.rules import load_rules
from catalog.importers.writer import Summary, Writer

Progress = Callable[[int, int], None]
Parser = Callable[[Path, date | None, Progress | None], Batch]
PARSERS: dict[str, Parser] = {
    "models-dev": models_dev.parse,
    "litellm": litellm.parse,
    "lmarena": lmarena.parse,
    "aider": aider.parse,
    "llm-stats": llm_stats.parse,
}


class DryRun(Exception):
    """Raised to roll back everything a dry run wrote."""


@dataclass(frozen=True)
class Source:
    """One dataset to import: which parser, where, and the dataset's own date if known."""

    name: str
    path: Path
    dataset_date: date | None = None
    ref: str = ""  # the models.dev commit the files are cited at
    location: str = ""  # what the user gave (a URL is fetched into a temporary path)


def parse_source(source: Source, progress: Progress | None = None) -> Batch:
    if not source.path.exists():
        raise ImportDataError(str(source.path), "-", "no such file or folder")
    if source.name == "models-dev":
        batch = models_dev.parse(source.path, source.dataset_date, progress, ref=source.ref)
    else:
        batch = PARSERS[source.name](source.path, source.dataset_date, progress)
    batch.location = source.location or str(source.path)
    return batch


def import_all(
    sources: list[Source], *, dry_run: bool, progress: Progress | None = None
) -> list[Summary]:
    """Import every source in one transaction: a source that fails writes nothing at all.

    The sources' records are placed on models together (every creator's own list
    first, then every host's records), so the outcome does not depend on which
    source comes first, and a second run of the same data changes nothing.
    """
    batches = [parse_source(source, progress) for source in sources]
    summaries: list[Summary] = []
    try:
        with transaction.atomic():
            listings = [
                replace(listing, dataset=f"{index}")
                for index, batch in enumerate(batches)
                for listing in batch.listings
            ]
            together = resolve(listings, load_rules(date.today()))
            tags = {f"{index}": batch for index, batch in enumerate(batches)}
            for index, batch in enumerate(batches):
                mine = _part(together, f"{index}", first=index == 0, last=index == len(batches) - 1)
                writer = Writer(batch, today=date.today(), resolved=mine, batches=tags)
                summaries.append(writer.run())
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return summaries


def _part(resolved: Resolved, dataset: str, *, first: bool, last: bool) -> Resolved:
    """What one source contributes to a resolution of several: the first creates every new
    model (any source's records may price it), the last links snapshots and redirects."""
    models = [
        m
        for m in resolved.models
        if (first and not m.existing) or (m.existing and m.dataset == dataset)
    ]
    created = {m.slug for m in models if not m.existing}
    return Resolved(
        models=models,
        prices=[p for p in resolved.prices if p.dataset == dataset],
        placements=[p for p in resolved.placements if p.listing.dataset == dataset],
        skipped=[(r, listing) for r, listing in resolved.skipped if listing.dataset == dataset],
        snapshots={s: b for s, b in resolved.snapshots.items() if s in created or last},
        merged_slugs=dict(resolved.merged_slugs) if last else {},
    )


def find_sources(
    folder: Path,
    *,
    lmarena_date: date | None,
    lmarena_csv_date: date | None,
    litellm_date: date | None = None,
    models_dev_ref: str = "",
) -> list[Source]:
    """The sources in a data folder laid out as `models.dev/`, `litellm/*.json`, `arena/`,
    `aider/*.yml` and `llm-stats/models/`.

    LiteLLM's file and the arena files carry no date, so each is imported only with
    its date (models.dev, aider and LLMStats date themselves by their newest record).
    """
    if not folder.is_dir():
        raise ImportDataError(str(folder), "-", "expected a data folder")
    found: list[Source] = []
    tree = folder / "models.dev"
    if (tree / "providers").is_dir():
        found.append(Source("models-dev", tree, ref=models_dev_ref))
    prices = sorted((folder / "litellm").glob("*.json")) if (folder / "litellm").is_dir() else []
    if prices:
        if litellm_date is None:
            raise ImportDataError(
                f"litellm/{prices[0].name}",
                "-",
                "the file carries no date; give it with --litellm-date",
            )
        found.append(Source("litellm", prices[0], litellm_date))
    boards = {
        "lmarena-arena-catalog": lmarena_date,
        "fboulnois-llm-leaderboard-csv": lmarena_csv_date,
    }
    for name, dataset_date in boards.items():
        path = folder / "arena" / name
        if not path.is_dir():
            continue
        if dataset_date is None:
            option = "--lmarena-date" if name == "lmarena-arena-catalog" else "--lmarena-csv-date"
            raise ImportDataError(
                f"arena/{name}", "-", f"leaderboard files carry no date; give it with {option}"
            )
        found.append(Source("lmarena", path, dataset_date))
    if any((folder / "aider").glob("*_leaderboard.yml")):
        found.append(Source("aider", folder / "aider"))
    if (folder / "llm-stats" / "models").is_dir():
        found.append(Source("llm-stats", folder / "llm-stats"))
    if not found:
        raise ImportDataError(
            str(folder), "-", "no models.dev/, litellm/ or arena/ folder with data in it"
        )
    return found
