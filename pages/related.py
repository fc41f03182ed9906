"""A model page's "compare with" links: the nearest models of its category in price,
then in arena score, picked in memory from an index kept per catalog version."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from catalog.models import AIModel
from comparisons.facts import ModelFacts
from comparisons.metrics import METRICS_BY_KEY
from comparisons.pairs import comparison_url
from comparisons.selectors import headline_prices
from web.caching import CacheUnavailable, catalog_version, versioned_get, versioned_set

Index = dict[str, list[tuple[Decimal, str, int]]]


def category_index(category: str, today: date) -> Index:
    """For each measure, (value, name, pk) of every published, active model in `category`
    (snapshots left out) where it is known: "price" is the headline price its
    comparison pages show, "arena" the arena score on the category's benchmark.

    Prices come from the one headline-price function (two queries for the
    category), so a category is measured once per catalog version and day and
    kept with the per-model facts; every model page of the category then finds
    its nearest neighbours in memory.
    """
    key = f"index:{category}"
    version: str | None = None
    try:
        version = catalog_version()
        cached = versioned_get("facts", version, key)
    except CacheUnavailable:
        cached = None
    if isinstance(cached, dict):
        return cached
    models = list(
        AIModel.objects.published()
        .active()
        .filter(snapshot_of__isnull=True)  # deprecated models and snapshots are not suggested
        .in_category(category)
        .with_arena_score()
        .only("pk", "name", "slug", "category", "creator_id")
    )
    prices = headline_prices(models, today)
    index: Index = {"price": [], "arena": []}
    for model in models:
        value, _ = prices[model.pk]
        if value.known and isinstance(value.raw, Decimal):
            index["price"].append((value.raw, model.name, model.pk))
        score = getattr(model, "arena_score", None)
        if score is not None:
            index["arena"].append((Decimal(score), model.name, model.pk))
    if version is not None:
        versioned_set("facts", version, key, index)
    return index


def nearest(
    index: list[tuple[Decimal, str, int]], target: Decimal, leave_out: set[int], count: int
) -> list[int]:
    """The pks of the `count` entries closest to `target` (ties by name), less `leave_out`."""
    ranked = sorted(
        (abs(value - target), name, pk) for value, name, pk in index if pk not in leave_out
    )
    return [pk for _, _, pk in ranked[:count]]


def related_comparisons(model: AIModel, facts: ModelFacts, today: date) -> list[dict[str, Any]]:
    """The most relevant comparisons: same category, nearest in price, then in arena score."""
    same = (
        AIModel.objects.published()
        .active()
        .filter(snapshot_of__isnull=True)
        .in_category(model.category)
        .exclude(pk=model.pk)
        .select_related("creator")
    )
    chosen: list[int] = []
    for measure in ("price", "arena"):
        value = METRICS_BY_KEY[measure].value_for(facts)
        if value.known and isinstance(value.raw, Decimal):
            index = category_index(model.category, today)[measure]
            chosen += nearest(index, value.raw, {model.pk, *chosen}, 3)
    found = same.in_bulk(chosen) if chosen else {}
    picked = [found[pk] for pk in chosen if pk in found]
    if len(picked) < 3:
        picked.extend(same.exclude(pk__in=[m.pk for m in picked]).order_by("-release_date")[:3])
    return [{"other": other, "url": comparison_url(model.slug, other.slug)} for other in picked[:6]]
