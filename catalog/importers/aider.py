"""Aider's coding leaderboards (`polyglot_leaderboard.yml`, `edit_leaderboard.yml`).

Each entry is one run of aider's benchmark; the score is `pass_rate_2`, the
percentage of exercises solved after one retry, which is what aider ranks by.
Aider ran every model itself, so every score is measured independently. The
model is named by the entry's label ("claude-sonnet-4-20250514 (32k
thinking)"), read through the identity layer; the reasoning setting, from the
entry's keys or the label's brackets, becomes the score's condition. A run of
two models (architect and editor) is no one model's score and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from catalog.importers.benchmarks import AIDER_CODE_EDITING, AIDER_POLYGLOT, AIDER_URL
from catalog.importers.listings import Listing, ScoreLine
from catalog.importers.records import Batch, ImportDataError, money

DATASET = "aider"
FILES = ("polyglot_leaderboard.yml", "edit_leaderboard.yml")
NOTE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")  # "name (note)"
EFFORTS = {"minimal", "low", "medium", "high", "xhigh"}
CENT = Decimal("0.01")
PAIR = "a run of two models (architect and editor), not one model's score"


def _budget(tokens: int) -> int:
    """Thousands of thinking tokens as aider's labels say them: 24576 is "24k"."""
    return tokens // 1024 if tokens % 1024 == 0 else round(tokens / 1000)


def mode_suffix(note: str, entry: dict[str, Any]) -> str:
    """The mode words the identity layer reads off a benchmark name ("-thinking-32k")."""
    effort = entry.get("reasoning_effort")
    tokens = entry.get("thinking_tokens")
    if isinstance(effort, str) and effort.lower() in EFFORTS:
        return f"-{effort.lower()}"
    if isinstance(tokens, int) and not isinstance(tokens, bool):
        return f"-thinking-{_budget(tokens)}k" if tokens > 0 else "-no-thinking"
    words = note.lower()
    budget = re.search(r"(\d+)k\s+think", words)
    if budget:
        return f"-thinking-{budget.group(1)}k"
    if re.search(r"\bno[ -]?think", words):
        return "-no-thinking"
    if words in EFFORTS:
        return f"-{words}"
    if words == "reasoner":
        return "-thinking"
    if words == "chat":
        return "-no-thinking"
    return ""


def model_name(label: str, entry: dict[str, Any]) -> str:
    """The id to resolve, with its mode: "o3-mini (high)" is "o3-mini-high",
    "DeepSeek V3 (0324)" is "DeepSeek V3-0324", "gemini-exp-1206 (whole)" is "gemini-exp-1206"."""
    label = label.split(",")[0].strip()
    match = NOTE.match(label)
    if match is None:
        return label + mode_suffix("", entry)
    base, note = match.group(1), match.group(2).strip()
    if re.fullmatch(r"\d{4}|\d{2}-\d{2}|\d{4}-\d{2}-\d{2}", note):
        return f"{base}-{note}" + mode_suffix("", entry)
    return base + mode_suffix(note, entry)


def _load(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ImportDataError(path.name, "-", f"not UTF-8 text ({error.reason})") from None
    except yaml.YAMLError as error:
        raise ImportDataError(path.name, "-", f"not valid YAML ({error})") from None
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ImportDataError(path.name, "-", "expected a list of leaderboard entries")
    return data


def parse(
    path: Path, dataset_date: date | None, progress: Callable[[int, int], None] | None = None
) -> Batch:
    files = [path] if path.is_file() else [path / name for name in FILES if (path / name).exists()]
    if not files:
        raise ImportDataError(path.name, "-", f"none of {', '.join(FILES)} here")
    batch = Batch(
        dataset=DATASET,
        dataset_date=dataset_date,
        dataset_url=AIDER_URL,
        universe="leaderboard runs",
    )
    newest: list[date] = []
    for index, file in enumerate(files, start=1):
        for number, entry in enumerate(_load(file), start=1):
            batch.read += 1
            label = str(entry.get("model") or "").strip()
            where = f"entry {number} ({label or 'no model'})"
            if not label:
                raise ImportDataError(file.name, where, "missing required key 'model'")
            dirname = str(entry.get("dirname") or number)
            source_id = f"{file.name}: {dirname}"
            if "pass_rate_2" not in entry:
                raise ImportDataError(file.name, where, "missing required key 'pass_rate_2'")
            value = money(entry["pass_rate_2"], file.name, where, "pass_rate_2")
            if value > 100:
                raise ImportDataError(file.name, where, f"pass_rate_2 is over 100 ({value})")
            run_on = entry.get("date") if isinstance(entry.get("date"), date) else None
            if run_on is not None:
                newest.append(run_on)
            if " + " in label or entry.get("editor_model"):
                batch.skip_record(PAIR, source_id, label)
                continue
            polyglot = file.name.startswith("polyglot") or "polyglot" in dirname
            board = AIDER_POLYGLOT if polyglot else AIDER_CODE_EDITING
            batch.listings.append(
                Listing(
                    source_id=source_id,
                    raw_id=model_name(label, entry),
                    category="text_generation",
                    benchmark=True,
                    source_url=AIDER_URL,
                    scores=(ScoreLine(board, value.quantize(CENT), measured_on=run_on),),
                )
            )
        if progress:
            progress(index, len(files))
    if batch.dataset_date is None and newest:
        batch.dataset_date = max(newest)
    return batch
