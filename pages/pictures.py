"""What the pictures of a page draw, read once per catalog version and day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template import engines

from catalog.models import AIModel
from comparisons.facts import ModelFacts
from comparisons.metrics import METRICS_BY_KEY
from comparisons.selectors import headline_prices
from pages.charts import (
    Entry,
    IntervalChart,
    ScatterChart,
    interval_chart,
    price_quality_chart,
)
from web.caching import CacheUnavailable, catalog_version, versioned_get, versioned_set

CENTS = Decimal("0.01")

# Categories whose models have both a headline price and an arena score to draw, with
# the axis label of that headline price.
DRAWN: dict[str, str] = {
    AIModel.Category.TEXT: "Blended price per 1M tokens",
    AIModel.Category.IMAGE: "Price per image",
}


def quality_entries(category: str, today: date) -> list[Entry]:
    """Every published, active model of `category` (snapshots left out) with both its
    headline price, as its comparison pages show it, and an arena score."""
    key = f"quality:{category}:{today.isoformat()}"
    version: str | None = None
    try:
        version = catalog_version()
        cached = versioned_get("facts", version, key)
    except CacheUnavailable:
        cached = None
    if isinstance(cached, list):
        return cached
    models = list(
        AIModel.objects.published()
        .active()
        .filter(snapshot_of__isnull=True)
        .in_category(category)
        .rated()
        .only("pk", "name", "slug", "category", "creator_id")
    )
    prices = headline_prices(models, today)
    entries = []
    for model in models:
        value, text = prices[model.pk]
        if value.known and isinstance(value.raw, Decimal):
            score = Decimal(model.arena_score).quantize(CENTS)  # type: ignore[attr-defined]
            entries.append(Entry(model.name, model.slug, value.raw, text, score))
    entries.sort(key=lambda entry: (entry.price, entry.name))
    if version is not None:
        versioned_set("facts", version, key, entries)
    return entries


@dataclass(frozen=True)
class Picture:
    """A category's price-against-quality picture: its geometry, and the markup every
    page of the category draws the same (axes, peers, frontier; the table of points)."""

    chart: ScatterChart
    layer: str
    table: str


def category_picture(category: str, today: date) -> Picture | None:
    """Drawn once per catalog version and day."""
    if category not in DRAWN:
        return None
    key = f"picture:{category}:{today.isoformat()}"
    version: str | None = None
    try:
        version = catalog_version()
        cached = versioned_get("facts", version, key)
    except CacheUnavailable:
        cached = None
    if isinstance(cached, Picture):
        return cached
    chart = price_quality_chart(
        quality_entries(category, today), quality="arena score", price_label=DRAWN[category]
    )
    if chart is None:
        return None
    macros = engines["jinja2"].env.get_template("components.html").module  # type: ignore[attr-defined]
    picture = Picture(
        chart=chart,
        layer=str(macros.price_quality_layer(chart)),
        table=str(macros.price_quality_table(chart)),
    )
    if version is not None:
        versioned_set("facts", version, key, picture)
    return picture


def arena_intervals(a: ModelFacts, b: ModelFacts) -> IntervalChart | None:
    """The two arena scores with their intervals, when both have one on the same board."""
    metric = METRICS_BY_KEY["arena"]
    first, second = metric.value_for(a), metric.value_for(b)
    if not (first.known and second.known) or first.unit != second.unit:
        return None
    if first.interval is None or second.interval is None:
        return None
    rows = [
        (facts.name, value.raw, *value.interval)
        for facts, value in ((a, first), (b, second))
        if value.interval is not None and isinstance(value.raw, Decimal)
    ]
    return interval_chart(rows, benchmark=first.unit_label or "Arena score")
