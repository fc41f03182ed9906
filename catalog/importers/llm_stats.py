"""LLMStats model files (`models/<org>/<model-id>/model.json`): benchmark scores.

Each score names its source and whether the model's maker reported it
(`is_self_reported`, so measured by the lab) or someone else measured it.
Scores are fractions of 1 and are stored as percentages; a score that is not a
fraction (an Elo rating, points out of 10, a word error rate) has a unit the
data does not say, and is left out with the reason. Names of one benchmark
spelled several ways meet on one board (importers/benchmarks.py); GPQA's split
("Diamond", "Main") is read from the free-text method, where the data keeps it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.benchmarks import benchmark_for
from catalog.importers.listings import Listing, ScoreLine
from catalog.importers.records import Batch, ImportDataError, money

DATASET = "llm-stats"
DATASET_URL = "https://llm-stats.com"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Error rates are lower-is-better and unmarked; the data says so only in free text.
ERROR_RATE = re.compile(r"\bwer\b|word error|error rate|\bbleu\b|\bmos\b", re.IGNORECASE)
NOT_A_FRACTION = "a score that is not a fraction of 1 (its unit is not given; skipped)"
SECOND_SCORE = "a second score on one benchmark, by another method (the first kept)"
ERROR_RATE_REASON = "an error rate or other unmarked lower-is-better measure (skipped)"


def board_name(name: str, method: str) -> str:
    """The benchmark a score is on: GPQA's split lives in the method's free text."""
    if re.fullmatch(r"gpqa", name.strip(), re.IGNORECASE):
        if re.search(r"diamond", method, re.IGNORECASE):
            return "GPQA Diamond"
        if re.search(r"\bmain\b", method, re.IGNORECASE):
            return "GPQA Main"
    return name


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None  # "2024-03": a month, not a date


def _load(path: Path, root: Path) -> dict[str, Any]:
    where = str(path.relative_to(root))
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise ImportDataError(where, "-", f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise ImportDataError(
            where, f"line {error.lineno}", f"not valid JSON ({error.msg})"
        ) from None
    if not isinstance(data, dict):
        raise ImportDataError(where, "-", "expected a JSON object")
    return data


def scores_of(record: dict[str, Any], file: str, batch: Batch) -> tuple[ScoreLine, ...]:
    metrics = record.get("qualitative_metrics")
    if not isinstance(metrics, list):
        raise ImportDataError(file, "qualitative_metrics", "missing required list")
    lines: list[ScoreLine] = []
    for number, metric in enumerate(metrics, start=1):
        if not isinstance(metric, dict) or not metric.get("dataset_name"):
            raise ImportDataError(file, f"score {number}", "missing required key 'dataset_name'")
        name, method = str(metric["dataset_name"]), str(metric.get("analysis_method") or "")
        where = f"{file} ({name})"
        value = metric.get("score")
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ImportDataError(file, f"score {number}", f"score is not a number ({value!r})")
        if ERROR_RATE.search(method) or ERROR_RATE.search(name):
            batch.skip(ERROR_RATE_REASON, where)
            continue
        amount = money(value, file, f"score {number}", "score")
        if amount > 1:
            batch.skip(NOT_A_FRACTION, where)
            continue
        link = str(metric.get("source_link") or "")
        board = benchmark_for(board_name(name, method))
        if any(line.benchmark.slug == board.slug for line in lines):
            batch.skip(SECOND_SCORE, where)
            continue
        lines.append(
            ScoreLine(
                board,
                (amount * HUNDRED).quantize(CENT),
                measured_by="lab" if metric.get("is_self_reported") is True else "independent",
                measured_on=_date(metric.get("date_recorded")),
                source_url=link if link.startswith("https://") else "",
            )
        )
    return tuple(lines)


def parse(
    path: Path, dataset_date: date | None, progress: Callable[[int, int], None] | None = None
) -> Batch:
    root = path if (path / "models").is_dir() else path.parent
    files = sorted((root / "models").glob("*/*/model.json"))
    if not files:
        raise ImportDataError(path.name, "-", "no models/<org>/<model-id>/model.json files here")
    batch = Batch(
        dataset=DATASET,
        dataset_date=dataset_date,
        dataset_url=DATASET_URL,
        universe="model files",
    )
    newest: list[date] = []
    for index, file in enumerate(files, start=1):
        batch.read += 1
        where = file.relative_to(root).as_posix()
        record = _load(file, root)
        org, model_id = file.parent.parent.name, file.parent.name
        scores = scores_of(record, where, batch)
        newest += [line.measured_on for line in scores if line.measured_on]
        if not scores:
            batch.skip_record("no score this import can read", where, model_id)
            continue
        batch.listings.append(
            Listing(
                source_id=where,
                raw_id=model_id,
                name=str(record.get("name") or ""),
                lab=org,
                category="text_generation",
                benchmark=True,
                source_url=DATASET_URL,
                scores=scores,
            )
        )
        if progress:
            progress(index, len(files))
    if batch.dataset_date is None and newest:
        batch.dataset_date = max(newest)
    return batch
