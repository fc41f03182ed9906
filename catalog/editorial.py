"""The hand-kept editorial layer (catalog/data/editorial.json) laid over imported data.

Editors' words, not datasets' facts: provider profiles, model descriptions and
"best for" tags, official documentation links, licences and parameter counts
with their sources, a slug an editor chose, successors, and which hosts the
shipped catalog carries. Every value it sets is marked as an editor's, so no
later import overwrites it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.merging import merge_models
from catalog.models import AIModel, AIModelSlug, Benchmark, Provider

EDITORIAL_PATH = Path(__file__).resolve().parent / "data" / "editorial.json"
PROVIDER_FIELDS = ("name", "kind", "website", "pricing_url", "description")
BENCHMARK_FIELDS = ("name", "description", "url")
MODEL_FIELDS = (
    "name",
    "description",
    "best_for",
    "source_url",
    "license",
    "parameters",
    "parameters_estimated",
    "parameters_source",
    "open_weights",
    "undisclosed",
    "release_date",
    "is_published",
    "status",
)
EDITED = {"origin": "editor", "by": "editorial layer"}


class EditorialError(Exception):
    """The editorial file is malformed; the message names the entry."""


@dataclass
class EditorialReport:
    applied: int = 0
    missing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        rows = [f"{self.applied} editorial entries applied"]
        if self.missing:
            rows.append(f"{len(self.missing)} entries match nothing: {', '.join(self.missing)}")
        return rows


def read(path: Path = EDITORIAL_PATH) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EditorialError(f"{path.name}: cannot read it ({error})") from None
    if not isinstance(data, dict):
        raise EditorialError(f"{path.name}: expected an object at the top level")
    return data


def _save(obj: Any, where: str) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise EditorialError(f"{where}: {'; '.join(error.messages)}") from None
    obj.save()


@transaction.atomic
def apply(data: dict[str, Any]) -> EditorialReport:
    """Lay the editorial layer over the catalog in the database."""
    report = EditorialReport()
    for slug, values in (data.get("providers") or {}).items():
        provider = Provider.objects.filter(slug=slug).first()
        if provider is None:
            provider = Provider(slug=slug, name=values.get("name", slug))
        for name in PROVIDER_FIELDS:
            if name in values:
                setattr(provider, name, values[name])
        _save(provider, f"provider {slug}")
        report.applied += 1
    for slug, values in (data.get("benchmarks") or {}).items():
        benchmark = Benchmark.objects.filter(slug=slug).first()
        if benchmark is None:
            report.missing.append(f"benchmark {slug}")
            continue
        for name in BENCHMARK_FIELDS:
            if name in values:
                setattr(benchmark, name, values[name])
        _save(benchmark, f"benchmark {slug}")
        report.applied += 1
    for duplicate, keeper in (data.get("merges") or {}).items():
        source = AIModel.objects.filter(slug=duplicate).first()
        target = AIModel.objects.filter(slug=keeper).first()
        if source is None or target is None:
            report.missing.append(f"merge {duplicate} into {keeper}")
            continue
        merge_models([source], target)
        report.applied += 1
    entries = data.get("models") or {}
    renamed: dict[str, str] = {}
    for slug, values in entries.items():
        model = AIModel.objects.filter(slug=slug).first()
        if model is None:
            report.missing.append(slug)
            continue
        provenance = dict(model.provenance or {})
        for name in MODEL_FIELDS:
            if name in values:
                value = values[name]
                if name == "release_date" and value:
                    value = date.fromisoformat(value)
                setattr(model, name, value)
                provenance[name] = EDITED
        if "name" in values:
            model.name_needs_review = False
        model.provenance = provenance
        new_slug = values.get("slug")
        if new_slug and new_slug != slug:
            AIModelSlug.objects.filter(slug=new_slug).delete()
            model.slug = new_slug
            renamed[slug] = new_slug
        _save(model, f"model {slug}")
        old_slugs = [slug] if new_slug and new_slug != slug else []
        for old in [*old_slugs, *values.get("old_slugs", [])]:
            if not AIModel.objects.filter(slug=old).exists():
                AIModelSlug.objects.get_or_create(slug=old, defaults={"model": model})
        report.applied += 1
    for slug, values in entries.items():
        successor = values.get("successor")
        if not successor:
            continue
        model = AIModel.objects.filter(slug=renamed.get(slug, slug)).first()
        target = AIModel.objects.filter(slug=successor).first()
        if model is None or target is None:
            report.missing.append(f"successor of {slug}")
            continue
        model.successor = target
        model.save(update_fields=["successor", "updated_at"])
    return report
