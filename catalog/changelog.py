"""What changed in the catalog, newest first, read from the rows themselves.

Every entry is dated by the data, never by when the catalog was loaded: a model
by its release date; a price by the date it took effect, when that date is known
(an editor's price, or a new amount the same dataset lists later; a price a
dataset merely lists, with no start date, is not a change one can date); a
price no longer listed by the date its dataset stopped listing it; an offer that
ended by its end date; a score by the date of its leaderboard. The same dataset's
new amount for a price it listed before is a price change; another dataset's
different amount is a disagreement between sources, not a change, and is not
listed here.

Each kind is one query, limited to what the page asks for, so the cost of a page
does not grow with the catalog.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When

from catalog.models import AIModel, Offer, Price, Score, component_label
from catalog.units import describe_price, format_listed_usd

NEW_MODEL = "model"
PRICE = "price"
ENDED = "ended"
SCORE = "score"
KINDS = {
    NEW_MODEL: "New models",
    PRICE: "Price changes",
    ENDED: "Retired offers",
    SCORE: "New scores",
}


@dataclass(frozen=True, kw_only=True)
class Change:
    day: date
    kind: str
    model_slug: str
    model_name: str
    creator: str
    title: str  # "Input tokens at OpenAI: $5.00 → $2.50 per 1M input tokens"
    detail: str  # where it comes from, and what it was before
    source_url: str = ""
    key: str = ""  # unique and stable: the row it was read from

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True, kw_only=True)
class Scope:
    """Which changes: of these models (all published ones when None), these kinds (all
    when empty), by this creator (any when "")."""

    models: Sequence[int] | None = None
    kinds: frozenset[str] = frozenset()
    creator: str = ""

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


def _source(origin: str, dataset: str, dataset_date: date | None) -> str:
    if origin == "editor":
        return "entered by an editor"
    when = f" of {dataset_date:%-d %B %Y}" if dataset_date else ""
    return f"from {dataset}{when}"


def _models(scope: Scope) -> QuerySet[AIModel]:
    models = AIModel.objects.published()
    if scope.models is not None:
        models = models.filter(pk__in=list(scope.models))
    if scope.creator:
        models = models.filter(creator__slug=scope.creator)
    return models


def _new_models(scope: Scope, on: date, limit: int) -> Iterator[Change]:
    rows = (
        _models(scope)
        .filter(release_date__isnull=False, release_date__lte=on)
        .order_by("-release_date", "name")
        .values_list("pk", "slug", "name", "creator__name", "release_date", "source_url")
    )
    for pk, slug, name, creator, released, source_url in rows[:limit]:
        if released is None:  # filtered out above; the type does not know it
            continue
        yield Change(
            day=released,
            kind=NEW_MODEL,
            model_slug=slug,
            model_name=name,
            creator=creator,
            title=f"{name} released by {creator}",
            detail="Its release date, as its creator gives it.",
            source_url=source_url,
            key=f"model:{pk}",
        )


# What a price entry reads first, in this order, before its kind's own fields.
PRICE_ROW = (
    "pk",
    "model__slug",
    "model__name",
    "model__creator__name",
    "host__name",
    "component",
    "unit",
    "condition",
    "amount",
)


def _previous(*, same_dataset: bool) -> Subquery:
    """The amount of the same price's row just before this one: of any origin, or only
    from the same dataset (a dataset's new amount is a change; another dataset's
    different amount is a disagreement)."""
    earlier = Price.objects.filter(
        model=OuterRef("model"),
        host=OuterRef("host"),
        component=OuterRef("component"),
        unit=OuterRef("unit"),
        condition=OuterRef("condition"),
        effective_from__lt=OuterRef("effective_from"),
    )
    if same_dataset:
        earlier = earlier.filter(origin=Price.Origin.IMPORT, dataset=OuterRef("dataset"))
    return Subquery(earlier.order_by("-effective_from", "-pk").values("amount")[:1])


def _price_changes(scope: Scope, on: date, limit: int) -> Iterator[Change]:
    rows = (
        Price.objects.filter(model__in=_models(scope), effective_from__lte=on)
        .annotate(
            before=Case(
                When(origin=Price.Origin.EDITOR, then=_previous(same_dataset=False)),
                default=_previous(same_dataset=True),
            )
        )
        # An editor's price, a dated one, or the same dataset's new amount.
        .filter(Q(origin=Price.Origin.EDITOR) | Q(starts_known=True) | Q(before__isnull=False))
        .filter(Q(before__isnull=True) | ~Q(before=F("amount")))
        .order_by("-effective_from", "-pk")
        .values_list(
            *PRICE_ROW,
            "before",
            "effective_from",
            "origin",
            "dataset",
            "dataset_date",
            "source_url",
        )
    )
    for row in rows[:limit]:
        (pk, slug, name, creator, host, component, unit, condition, amount, before) = row[:10]
        effective, origin, dataset, dataset_date, source_url = row[10:]
        what = component_label(component)
        applies = f" ({condition})" if condition else ""
        if before is None:
            title = f"{name}: {what}{applies} at {host}, {describe_price(amount, component, unit)}"
            detail = f"A new price, {_source(origin, dataset, dataset_date)}."
        else:
            title = (
                f"{name}: {what}{applies} at {host}, {format_listed_usd(before)} → "
                f"{describe_price(amount, component, unit)}"
            )
            detail = (
                f"Was {describe_price(before, component, unit)}; "
                f"the new price is {_source(origin, dataset, dataset_date)}."
            )
        yield Change(
            day=effective,
            kind=PRICE,
            model_slug=slug,
            model_name=name,
            creator=creator,
            title=title,
            detail=detail,
            source_url=source_url,
            key=f"price:{pk}",
        )


def _ended(scope: Scope, on: date, limit: int) -> Iterator[Change]:
    prices = (
        Price.objects.filter(model__in=_models(scope), ends_on__isnull=False, ends_on__lte=on)
        .order_by("-ends_on", "-pk")
        .values_list(
            *PRICE_ROW,
            "ends_on",
            "origin",
            "dataset",
            "dataset_date",
            "source_url",
        )
    )
    for row in prices[:limit]:
        pk, slug, name, creator, host, component, unit, condition, amount, ended = row[:10]
        origin, dataset, dataset_date, source_url = row[10:]
        applies = f" ({condition})" if condition else ""
        if ended is None:  # filtered out above
            continue
        yield Change(
            day=ended,
            kind=ENDED,
            model_slug=slug,
            model_name=name,
            creator=creator,
            title=f"{name}: {host} no longer lists "
            f"{describe_price(amount, component, unit)}{applies}",
            detail=f"No longer listed {_source(origin, dataset, dataset_date)}.",
            source_url=source_url,
            key=f"ended-price:{pk}",
        )
    offers = (
        Offer.objects.filter(model__in=_models(scope), ended_on__isnull=False, ended_on__lte=on)
        .order_by("-ended_on", "-pk")
        .values_list(
            "pk",
            "model__slug",
            "model__name",
            "model__creator__name",
            "host__name",
            "ended_on",
            "source_url",
        )
    )
    for pk, slug, name, creator, host, ended, source_url in offers[:limit]:
        if ended is None:  # filtered out above
            continue
        yield Change(
            day=ended,
            kind=ENDED,
            model_slug=slug,
            model_name=name,
            creator=creator,
            title=f"{name}: no longer offered by {host}",
            detail=f"{host} stopped listing it.",
            source_url=source_url,
            key=f"ended-offer:{pk}",
        )


def _scores(scope: Scope, on: date, limit: int) -> Iterator[Change]:
    rows = (
        Score.objects.filter(model__in=_models(scope), measured_on__lte=on)
        .order_by("-measured_on", "-pk")
        .values_list(
            "pk",
            "model__slug",
            "model__name",
            "model__creator__name",
            "benchmark__name",
            "benchmark__unit",
            "value",
            "condition",
            "measured_on",
            "measured_by",
            "source_url",
        )
    )
    for row in rows[:limit]:
        pk, slug, name, creator, board, unit, value, condition, measured, by, source_url = row
        mode = f" ({condition})" if condition else ""
        reported = "reported by its maker" if by == "lab" else "measured independently"
        yield Change(
            day=measured,
            kind=SCORE,
            model_slug=slug,
            model_name=name,
            creator=creator,
            title=f"{name}: {value.normalize():f} {unit} on {board}{mode}",
            detail=f"A score {reported}, of the leaderboard of that date.",
            source_url=source_url,
            key=f"score:{pk}",
        )


READERS = {NEW_MODEL: _new_models, PRICE: _price_changes, ENDED: _ended, SCORE: _scores}


def recent_changes(scope: Scope, on: date, limit: int) -> list[Change]:
    """The `limit` newest changes in the scope, newest first (then by kind and title)."""
    streams: list[Iterable[Change]] = [
        list(read(scope, on, limit)) for kind, read in READERS.items() if scope.wants(kind)
    ]
    merged = heapq.merge(*[sorted(stream, key=_order) for stream in streams], key=_order)
    return list(merged)[:limit]


def _order(change: Change) -> tuple[int, str, str, str]:
    return (-change.day.toordinal(), change.kind, change.title, change.key)
