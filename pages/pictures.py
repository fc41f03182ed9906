"""What the pictures of a page draw, read once per catalog version and day."""

from __future__ import annotations

from collections.abc import Sequence
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


@dataclass(frozen=True)
class LeftOut:
    """One of a pair that the picture of its category cannot place, and why."""

    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PeersPicture:
    """A category's price-against-quality picture with a pair highlighted among its
    peers; `chart` is None when fewer than two models of the category can be placed."""

    category_label: str
    chart: ScatterChart | None
    marked: tuple[str, ...]  # the names of the pair drawn, in the pair's order
    left_out: tuple[LeftOut, ...]


def among_peers(models: Sequence[AIModel], today: date) -> PeersPicture:
    """The picture of the models' category (one of DRAWN) with `models` highlighted.

    The peers come from `quality_entries`, kept per catalog version, so a peer's new
    price or score shows here as soon as it is saved. `models` carry `arena_score`
    (AIModelQuerySet.with_arena_score); the prices of any that cannot be placed cost
    one more query, to say why.
    """
    category = models[0].category
    chart = price_quality_chart(
        quality_entries(category, today),
        highlight=frozenset(model.slug for model in models),
        quality="arena score",
        price_label=DRAWN[category],
    )
    drawn = {point.entry.slug for point in chart.points} if chart else set()
    missing = [model for model in models if model.slug not in drawn]
    prices = headline_prices(missing, today) if missing else {}
    reasons = {
        model.name: _reasons(model, prices[model.pk][0].raw, DRAWN[category]) for model in missing
    }
    # A model with no reason is missing only because there is no picture (chart None).
    left_out = tuple(LeftOut(name, why) for name, why in reasons.items() if why)
    label = str(AIModel.Category(category).label)
    marked = tuple(model.name for model in models if model.slug in drawn)
    return PeersPicture(category_label=label, chart=chart, marked=marked, left_out=left_out)


def _reasons(model: AIModel, price: object, price_label: str) -> tuple[str, ...]:
    """Why `model` is not among the points: the rules of `quality_entries` and of the chart."""
    reasons = []
    if model.status != AIModel.Status.ACTIVE:
        reasons.append("it is deprecated, and the picture places only active models")
    if model.snapshot_of_id is not None:
        reasons.append("it is a dated snapshot, and only the model it belongs to is placed")
    if model.arena_score is None:  # type: ignore[attr-defined]
        reasons.append("it has no arena score")
    if not isinstance(price, Decimal):
        reasons.append(f"it has no {price_label[:1].lower()}{price_label[1:]} on record")
    elif price <= 0:
        reasons.append("it is free, and a price of $0 has no place on a log price axis")
    return tuple(reasons)


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
