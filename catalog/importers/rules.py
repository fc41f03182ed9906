"""Read the identity rules and the known models from the database, for the resolver."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

from catalog.identity import CreatorPattern, ModelAlias, ProviderAlias
from catalog.importers.listings import Alias, KnownModel, Rules
from catalog.importers.records import ProviderRecord
from catalog.models import AIModel, AIModelSlug, Price

PriceSignature = tuple[Decimal | None, Decimal | None, Decimal | None]
SIGNATURE = {
    ("input_tokens", "per_1m_tokens"): 0,
    ("output_tokens", "per_1m_tokens"): 1,
    ("image_output", "per_image"): 2,
}


def _signatures(on: date) -> dict[int, dict[str, PriceSignature]]:
    """Each model's standard input, output and per-image price at each host."""
    found: dict[int, dict[str, list[Decimal | None]]] = defaultdict(dict)
    rows = (
        Price.objects.current(on)
        .standard()
        .values_list("model_id", "host__slug", "component", "unit", "amount")
    )
    for model_id, host, component, unit, amount in rows:
        slot = SIGNATURE.get((component, unit))
        if slot is not None:
            found[model_id].setdefault(host, [None, None, None])[slot] = amount
    return {
        model_id: {host: (v[0], v[1], v[2]) for host, v in hosts.items()}
        for model_id, hosts in found.items()
    }


def load_rules(on: date) -> Rules:
    """Everything the resolver needs from the database, in a handful of queries."""
    aliases: dict[str, Alias] = {}
    remembered: list[tuple[str, str, str]] = []
    for alias in ModelAlias.objects.select_related("model").order_by("pk"):
        slug = alias.model.slug if alias.model else None
        if alias.origin == ModelAlias.Origin.IMPORT and slug is not None:
            remembered.append((alias.key, slug, alias.condition))
        else:
            aliases[alias.key] = Alias(model_slug=slug, condition=alias.condition)
    patterns = [
        (
            re.compile(row.pattern),
            ProviderRecord(slug=row.creator_slug, name=row.creator_name, kind="lab"),
        )
        for row in CreatorPattern.objects.order_by("position", "pattern")
    ]
    labs: dict[str, ProviderRecord] = {}
    hosts: dict[str, ProviderRecord] = {}
    for row in ProviderAlias.objects.all():
        record = ProviderRecord(slug=row.provider_slug, name=row.provider_name, kind=row.kind)
        (labs if row.role == ProviderAlias.Role.CREATOR else hosts)[row.name.lower()] = record
    signatures = _signatures(on)
    old_slugs: dict[int, list[str]] = defaultdict(list)
    for model_id, slug in AIModelSlug.objects.values_list("model_id", "slug"):
        old_slugs[model_id].append(slug)
    models = [
        KnownModel(
            slug=model.slug,
            creator_slug=model.creator.slug,
            name=model.name,
            category=model.category,
            context_window=model.context_window,
            max_output_tokens=model.max_output_tokens,
            prices=signatures.get(model.pk, {}),
            other_keys=tuple(old_slugs.get(model.pk, ())),
        )
        for model in AIModel.objects.select_related("creator").order_by("pk")
    ]
    taken = {model.slug for model in models} | {s for v in old_slugs.values() for s in v}
    return Rules(
        aliases=aliases,
        creator_patterns=patterns,
        labs=labs,
        hosts=hosts,
        models=models,
        taken_slugs=frozenset(taken),
        remembered=remembered,
    )
