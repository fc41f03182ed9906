"""Load the curated demo catalog (catalog/data/demo_catalog.json) idempotently.

By default only what is missing is created, so a second run changes nothing
and an editor's later changes survive; `update=True` rewrites demo rows from
the file. Everything happens in one transaction: a bad entry writes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from catalog.models import AIModel, Benchmark, Price, Provider, Score

DEMO_PATH = Path(__file__).resolve().parent / "data" / "demo_catalog.json"

MODEL_FIELDS = (
    "name",
    "family",
    "category",
    "input_modalities",
    "output_modalities",
    "release_date",
    "context_window",
    "max_output_tokens",
    "parameters",
    "parameters_estimated",
    "parameters_source",
    "open_weights",
    "license",
    "knowledge_cutoff",
    "tool_calling",
    "structured_output",
    "vision_input",
    "reasoning",
    "undisclosed",
    "description",
    "best_for",
    "status",
    "source_url",
)


class DemoCatalogError(Exception):
    """The demo file is malformed; the message names the entry."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def lines(self) -> list[str]:
        kinds = ["providers", "benchmarks", "models", "prices", "scores"]
        return [
            f"{kind:>10}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        ]


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise DemoCatalogError(f"{where}: {value!r} is not a YYYY-MM-DD date") from error


def _decimal(value: Any, where: str) -> Decimal:
    if not isinstance(value, str):
        raise DemoCatalogError(f'{where}: write amounts as strings such as "2.50", got {value!r}')
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise DemoCatalogError(f"{where}: {value!r} is not a number") from error


def _require(entry: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [key for key in keys if key not in entry]
    if missing:
        raise DemoCatalogError(f"{where}: missing {', '.join(missing)}")


class _Loader:
    def __init__(self, data: dict[str, Any], *, update: bool) -> None:
        self.data = data
        self.update = update
        self.report = LoadReport()
        self.checked_on = _date(data.get("checked_on"), "checked_on")
        self.providers: dict[str, Provider] = {}
        self.benchmarks: dict[str, Benchmark] = {}
        self.models: dict[str, AIModel] = {}

    def upsert(
        self,
        kind: str,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        where: str,
    ) -> Any:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self.report.created[kind] += 1
        elif self.update and any(getattr(obj, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            self.report.updated[kind] += 1
        else:
            self.report.unchanged[kind] += 1
            return obj
        try:
            obj.full_clean()
        except ValidationError as error:
            raise DemoCatalogError(f"{where}: {'; '.join(error.messages)}") from error
        obj.save()
        return obj

    def run(self) -> LoadReport:
        for entry in self.data.get("providers", []):
            where = f"provider {entry.get('slug', '?')}"
            _require(entry, ("slug", "name", "kind"), where)
            values = {key: entry.get(key, "") for key in ("name", "kind", "website", "pricing_url")}
            values["description"] = entry.get("description", "")
            self.providers[entry["slug"]] = self.upsert(
                "providers", Provider, {"slug": entry["slug"]}, values, where
            )
        for entry in self.data.get("benchmarks", []):
            where = f"benchmark {entry.get('slug', '?')}"
            _require(entry, ("slug", "name", "category", "unit"), where)
            values = {
                key: entry.get(key, "")
                for key in ("name", "category", "direction", "unit", "url", "description")
            }
            self.benchmarks[entry["slug"]] = self.upsert(
                "benchmarks", Benchmark, {"slug": entry["slug"]}, values, where
            )
        entries = self.data.get("models", [])
        for entry in entries:
            self.load_model(entry)
        for entry in entries:
            self.link_successor(entry)
        for entry in entries:
            model = self.models[entry["slug"]]
            for index, price in enumerate(entry.get("prices", [])):
                self.load_price(model, entry, price, f"model {entry['slug']} price #{index + 1}")
            for index, score in enumerate(entry.get("scores", [])):
                self.load_score(model, score, f"model {entry['slug']} score #{index + 1}")
        return self.report

    def provider(self, slug: str, where: str) -> Provider:
        if slug not in self.providers:
            raise DemoCatalogError(f"{where}: unknown provider {slug!r}")
        return self.providers[slug]

    def load_model(self, entry: dict[str, Any]) -> None:
        where = f"model {entry.get('slug', '?')}"
        _require(entry, ("slug", "name", "creator", "category"), where)
        defaults: dict[str, Any] = {
            field.name: field.get_default()
            for field in AIModel._meta.concrete_fields
            if field.name in MODEL_FIELDS
        }
        values = {**defaults, **{k: entry[k] for k in MODEL_FIELDS if k in entry}}
        if values["release_date"]:
            values["release_date"] = _date(values["release_date"], f"{where} release_date")
        values["creator"] = self.provider(entry["creator"], where)
        values["is_published"] = entry.get("is_published", True)
        values["checked_on"] = self.checked_on
        self.models[entry["slug"]] = self.upsert(
            "models", AIModel, {"slug": entry["slug"]}, values, where
        )

    def link_successor(self, entry: dict[str, Any]) -> None:
        successor_slug = entry.get("successor")
        if not successor_slug:
            return
        if successor_slug not in self.models:
            raise DemoCatalogError(f"model {entry['slug']}: unknown successor {successor_slug!r}")
        model = self.models[entry["slug"]]
        successor = self.models[successor_slug]
        if model.successor_id is None or (self.update and model.successor_id != successor.pk):
            model.successor = successor
            model.save(update_fields=["successor", "updated_at"])

    def load_price(
        self, model: AIModel, entry: dict[str, Any], price: dict[str, Any], where: str
    ) -> None:
        _require(price, ("component", "amount"), where)
        host = self.provider(price.get("host", entry["creator"]), where)
        source_url = price.get("source_url") or host.pricing_url
        if not source_url:
            raise DemoCatalogError(f"{where}: {host.slug} has no pricing page; give source_url")
        checked_on = _date(price.get("checked_on", self.data["checked_on"]), where)
        lookup = {
            "model": model,
            "host": host,
            "component": price["component"],
            "unit": price.get("unit", Price.Unit.PER_1M_TOKENS),
            "condition": price.get("condition", ""),
            "effective_from": _date(price.get("from", self.data["checked_on"]), where),
        }
        values = {
            "amount": _decimal(price["amount"], where),
            "source_url": source_url,
            "checked_on": checked_on,
        }
        self.upsert("prices", Price, lookup, values, where)

    def load_score(self, model: AIModel, score: dict[str, Any], where: str) -> None:
        _require(score, ("benchmark", "value", "measured_on"), where)
        if score["benchmark"] not in self.benchmarks:
            raise DemoCatalogError(f"{where}: unknown benchmark {score['benchmark']!r}")
        benchmark = self.benchmarks[score["benchmark"]]
        ci = score.get("ci") or [None, None]
        measured_on = _date(score["measured_on"], where)
        values = {
            "value": _decimal(score["value"], where),
            "ci_lower": _decimal(ci[0], where) if ci[0] is not None else None,
            "ci_upper": _decimal(ci[1], where) if ci[1] is not None else None,
            "votes": score.get("votes"),
            "source_url": score.get("source_url") or benchmark.url,
            "checked_on": measured_on,
        }
        lookup = {"model": model, "benchmark": benchmark, "measured_on": measured_on}
        self.upsert("scores", Score, lookup, values, where)


def load_demo_catalog(path: Path = DEMO_PATH, *, update: bool = False) -> LoadReport:
    """Create what is missing from the demo file (or, with update, rewrite it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DemoCatalogError(f"{path.name}: cannot read the demo catalog ({error})") from error
    if not isinstance(data, dict):
        raise DemoCatalogError(f"{path.name}: expected a JSON object at the top level")
    with transaction.atomic():
        return _Loader(data, update=update).run()
