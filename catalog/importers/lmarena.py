"""LMArena leaderboards: the CSV exports and the arena-catalog JSON.

The files carry no date, so the leaderboard's date must be given
(--dataset-date). Names go through the identity layer like every other
record: "claude-opus-4-5-20251101-thinking-32k" is Claude Opus 4.5 with the
condition "thinking, 32K budget".
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.listings import Listing, ScoreLine
from catalog.importers.records import Batch, BenchmarkRecord, ImportDataError, money

DATASET = "lmarena"
DATASET_URL = "https://lmarena.ai/leaderboard"
CENTS = Decimal("0.01")
FULL = "full"  # the overall board of an arena-catalog file

BOARDS = {
    "text": BenchmarkRecord(
        "lmarena-text",
        "LMArena Text",
        "text_generation",
        "https://lmarena.ai/leaderboard/text",
        family="LMArena Text",
        designation="quality",
    ),
    "text-style-control": BenchmarkRecord(
        "lmarena-text-style-control",
        "LMArena Text (style control)",
        "text_generation",
        "https://lmarena.ai/leaderboard/text",
        family="LMArena Text",
        variant="style control",
    ),
    "vision": BenchmarkRecord(
        "lmarena-vision",
        "LMArena Vision",
        "text_generation",
        "https://lmarena.ai/leaderboard/vision",
        family="LMArena Vision",
    ),
    "vision-style-control": BenchmarkRecord(
        "lmarena-vision-style-control",
        "LMArena Vision (style control)",
        "text_generation",
        "https://lmarena.ai/leaderboard/vision",
        family="LMArena Vision",
        variant="style control",
    ),
    "image": BenchmarkRecord(
        "lmarena-text-to-image",
        "LMArena Text-to-Image",
        "image_generation",
        "https://lmarena.ai/leaderboard/text-to-image",
        family="LMArena Text-to-Image",
        designation="quality",
    ),
}
# The arena-catalog's names for its category boards, where the key alone reads badly.
CATEGORY_NAMES = {
    "hard_6": "hard prompts",
    "hard_english_6": "hard prompts, English",
    "if": "instruction following",
    "long_user": "longer query",
    "no_refusal": "excluding refusals",
    "no_short": "excluding short queries",
    "no_tie": "excluding ties",
    "multiturn": "multi-turn",
    "is_preset_generation": "preset prompts",
    "not_preset_generation": "own prompts",
    "creative_writing_vision": "creative writing",
}


def category_board(board: BenchmarkRecord, category: str) -> BenchmarkRecord:
    """The board of one category of prompts: "coding" of the text arena is
    "LMArena Text (coding)"; of its style-control board, "(style control, coding)"."""
    words = CATEGORY_NAMES.get(category)
    if words is None:
        words = category.replace("_and_", ", ").replace("_", " ")
        if words.startswith("industry "):
            words = f"industry: {words.removeprefix('industry ')}"
    variant = ", ".join(part for part in (board.variant, words) if part)
    return replace(
        board,
        slug=f"{board.slug}-{category.replace('_', '-')}"[:80],
        name=f"{board.family} ({variant})"[:100],
        variant=variant[:120],
        designation="",
    )


BOARD_NAME = re.compile(r"^(?:lmarena_|leaderboard-)(?P<board>[a-z-]+?)(?:_.*)?$")
INTERVAL = re.compile(r"^\+(?P<plus>\d+(?:\.\d+)?)/-(?P<minus>\d+(?:\.\d+)?)$")


def _board(path: Path) -> BenchmarkRecord:
    match = BOARD_NAME.match(path.stem)
    board = match.group("board").replace("_", "-") if match else ""
    if board not in BOARDS:
        raise ImportDataError(path.name, "-", "cannot tell which LMArena leaderboard this file is")
    return BOARDS[board]


def arena_id(name: str) -> str:
    """The model id in an arena name: "gemini-3-pro-image-preview-2k (nano-banana-pro)" is
    "gemini-3-pro-image-preview-2k"; "Claude Sonnet 4 (20250514)" is "Claude Sonnet 4-20250514";
    "FLUX1.1 [pro]" is "FLUX1.1 pro"."""
    text = name.replace("[", " ").replace("]", " ").strip()
    match = re.match(r"^(?P<id>.*?)\s*\((?P<note>[^()]*)\)\s*$", text)
    if match is None:
        return text
    note = match.group("note").strip()
    if re.fullmatch(r"[\d-]{4,10}", note):
        return f"{match.group('id')}-{note}"
    return match.group("id")


def parse(
    path: Path, dataset_date: date | None, progress: Callable[[int, int], None] | None = None
) -> Batch:
    if dataset_date is None:
        raise ImportDataError(
            path.name,
            "-",
            "leaderboard files carry no date; give the leaderboard's date with "
            "--dataset-date YYYY-MM-DD",
        )
    files = (
        [path]
        if path.is_file()
        else sorted([*path.rglob("lmarena_*.csv"), *path.rglob("leaderboard-*.json")])
    )
    if not files:
        raise ImportDataError(path.name, "-", "no .csv or .json leaderboard files here")
    batch = Batch(
        dataset=DATASET,
        dataset_date=dataset_date,
        dataset_url=DATASET_URL,
        universe="leaderboard rows",
    )
    for index, file in enumerate(files, start=1):
        board = _board(file)
        rows = _csv(file) if file.suffix == ".csv" else _json(file)
        lines: dict[str, list[ScoreLine]] = {}
        for category, name, value, low, high, votes in rows:
            on = board if category == "full" else category_board(board, category)
            lines.setdefault(name, []).append(ScoreLine(on, value, low, high, votes))
        for name, scores in lines.items():
            batch.read += 1
            batch.listings.append(
                Listing(
                    source_id=f"{file.name}: {name}",
                    raw_id=arena_id(name),
                    category=board.category,
                    benchmark=True,
                    source_url=board.url,
                    scores=tuple(scores),
                )
            )
        if progress:
            progress(index, len(files))
    return batch


# (the board's category, "full" for the overall board; model name; score; interval; votes)
Row = tuple[str, str, Decimal, Decimal | None, Decimal | None, int | None]


def _csv(path: Path) -> list[Row]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ImportDataError(path.name, "-", f"not UTF-8 text ({error.reason})") from None
    reader = csv.DictReader(lines)
    missing = {"model", "arena_score"} - set(reader.fieldnames or [])
    if missing:
        raise ImportDataError(path.name, "header", f"missing column {', '.join(sorted(missing))}")
    rows: list[Row] = []
    for number, row in enumerate(reader, start=2):
        entry = f"line {number} ({row.get('model') or 'no model'})"
        name = (row.get("model") or "").strip()
        if not name:
            raise ImportDataError(path.name, entry, "missing required value 'model'")
        value = money(row.get("arena_score"), path.name, entry, "arena_score")
        low = high = None
        interval = INTERVAL.match((row.get("95_pct_ci") or "").strip())
        if interval:
            low = value - Decimal(interval.group("minus"))
            high = value + Decimal(interval.group("plus"))
        votes = (row.get("votes") or "").replace(",", "").strip()
        rows.append((FULL, name, value, low, high, int(votes) if votes.isdigit() else None))
    return rows


def _json(path: Path) -> list[Row]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise ImportDataError(path.name, "-", f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ImportDataError(path.name, where, f"not valid JSON ({error.msg})") from None
    board = data.get(FULL) if isinstance(data, dict) else None
    if not isinstance(board, dict):
        raise ImportDataError(path.name, "full", "missing required key 'full' (the overall board)")
    rows: list[Row] = []
    # The overall board first: a model's own row comes before its category rows.
    categories = [FULL, *sorted(key for key in data if key != FULL)]
    for category in categories:
        entries = data[category]
        if not isinstance(entries, dict):
            raise ImportDataError(path.name, category, "a board that is not an object of models")
        for name, entry in entries.items():
            where = name if category == FULL else f"{category}: {name}"
            if not isinstance(entry, dict) or "rating" not in entry:
                raise ImportDataError(path.name, where, "missing required key 'rating'")
            value = money(entry["rating"], path.name, where, "rating").quantize(CENTS)
            low, high = (
                _bound(entry, "rating_q025", path, where),
                _bound(entry, "rating_q975", path, where),
            )
            rows.append((category, name, value, low, high, None))
    return rows


def _bound(entry: dict[str, Any], key: str, path: Path, name: str) -> Decimal | None:
    if key not in entry:
        return None
    return money(entry[key], path.name, name, key).quantize(CENTS)
