"""models.dev lab files' `[[benchmarks]]` tables, as scores of the lab's model.

A table gives name, score (a percentage, or a 0-100 index), metric, source and
date, and sometimes what makes two scores comparable: `dataset` (a split),
`version`, `harness`; `variant` is a reasoning effort ("high", "max"), the
score's condition, or else a harness too. models.dev does not say who ran a
test, so its source says it (see `measured_by`).
"""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from catalog.importers.benchmarks import benchmark_for
from catalog.importers.keys import MODE_WORDS
from catalog.importers.listings import ScoreLine
from catalog.importers.records import Batch, ImportDataError, money

# Who measured a lab file's [[benchmarks]] score, by its source: these publish
# leaderboards they run themselves; a model card, a paper, the maker's own site or a
# host's page quoting the maker are the maker's report.
INDEPENDENT_HOSTS = {
    "aider.chat",
    "artificialanalysis.ai",
    "labs.scale.com",
    "scale.com",
    "swebench.com",
    "tbench.ai",
    "lmarena.ai",
}
# Labs whose announcements also report rivals' models (models.dev folder names).
RIVALS = ("anthropic", "openai", "google", "deepmind")
EFFORT_WORDS = {**MODE_WORDS, "max": "maximum reasoning effort"}
PERCENT_MAX = Decimal(100)


def measured_by(source: str, lab: str) -> str:
    """Who ran it: "lab" when the maker reported the score, else "independent"."""
    host = (urlsplit(source).hostname or "").removeprefix("www.")
    if host in INDEPENDENT_HOSTS:
        return "independent"
    if any(rival in host for rival in RIVALS if rival != lab):
        return "independent"  # a rival lab ran the maker's model on its own harness
    return "lab"


def lab_benchmarks(
    record: dict[str, Any], file: str, lab: str, batch: Batch
) -> tuple[ScoreLine, ...]:
    """A lab file's [[benchmarks]]: name, score (percent or a 0-100 index), metric,
    source, date, and what makes scores comparable (dataset, version, harness)."""
    entries = record.get("benchmarks") or []
    if not isinstance(entries, list):
        raise ImportDataError(file, "benchmarks", "[[benchmarks]] is not a list of tables")
    lines: dict[tuple[str, str], ScoreLine] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"benchmarks {number}"
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise ImportDataError(file, where, "missing required key 'name'")
        value = money(entry.get("score"), file, where, "score")
        if value > PERCENT_MAX:
            batch.skip("a benchmark score over 100 (its unit is not a percentage)", file)
            continue
        variant = str(entry.get("variant") or "").strip()
        condition = EFFORT_WORDS.get(variant.lower(), "")
        name = " ".join(str(p) for p in (entry["name"], entry.get("version")) if p)
        extra: tuple[str, ...] = (str(entry.get("dataset") or ""), str(entry.get("harness") or ""))
        if variant and not condition:
            extra = (*extra, variant)
        metric = str(entry.get("metric") or "")
        board = benchmark_for(
            name, extra=extra, unit="index points" if metric == "index" else "percent"
        )
        source = str(entry.get("source") or "")
        on = None
        with contextlib.suppress(ValueError):
            on = date.fromisoformat(str(entry.get("date") or ""))
        line = ScoreLine(
            board,
            value.quantize(Decimal("0.01")),
            condition=condition,
            measured_by=measured_by(source, lab),
            measured_on=on,
            source_url=source if source.startswith("https://") else "",
        )
        held = lines.get((board.slug, condition))
        if held is None:
            lines[(board.slug, condition)] = line
        elif held.value != line.value:
            batch.skip("a second, different score on the same board (the first kept)", file)
    return tuple(lines.values())
