"""Named reads of the catalog. Views and templates use these, not ad-hoc filters."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    Subquery,
)

if TYPE_CHECKING:
    from catalog.models import AIModel, Price, Provider, Score

# The columns that identify one priced component of one offer; a new
# effective date for the same key supersedes the older row.
PRICE_KEY = ("model", "host", "component", "unit", "condition")

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=10)


class ProviderQuerySet(models.QuerySet["Provider"]):
    def by_slug(self, slug: str) -> Provider | None:
        """The provider with this slug, or with this slug in its history."""
        return self.filter(Q(slug=slug) | Q(old_slugs__slug=slug)).distinct().first()


class AIModelQuerySet(models.QuerySet["AIModel"]):
    def published(self) -> AIModelQuerySet:
        """Models the public site shows."""
        return self.filter(is_published=True)

    def active(self) -> AIModelQuerySet:
        """Models that are not deprecated."""
        return self.filter(status=self.model.Status.ACTIVE)

    def in_category(self, category: str) -> AIModelQuerySet:
        """Models of one category (text generation, image generation, ...)."""
        return self.filter(category=category)

    def search(self, text: str) -> AIModelQuerySet:
        """Models whose name, slug, family or creator contains every word of `text`."""
        query = self
        for word in text.split()[:8]:
            query = query.filter(
                Q(name__icontains=word)
                | Q(slug__icontains=word)
                | Q(family__icontains=word)
                | Q(creator__name__icontains=word)
            )
        return query

    def with_arena_score(self) -> AIModelQuerySet:
        """Annotate `arena_score`: the newest score on the benchmark designated as the
        quality metric of the model's category."""
        from catalog.models import Score

        scores = (
            Score.objects.current()
            .filter(
                model=OuterRef("pk"),
                benchmark__category=OuterRef("category"),
                benchmark__designation="quality",
            )
            .order_by("benchmark__slug")
            .values("value")[:1]
        )
        return self.annotate(arena_score=Subquery(scores, output_field=MONEY))

    def rated(self) -> AIModelQuerySet:
        """Models with an arena score on their category's benchmark, `arena_score` annotated."""
        # django-stubs cannot see annotations, so it does not know arena_score.
        return self.with_arena_score().exclude(arena_score=None)  # type: ignore[misc]

    def by_slug(self, slug: str) -> AIModel | None:
        """The model with this slug, or with this slug in its history."""
        return self.resolve([slug]).get(slug)

    def closest(self, text: str, limit: int = 4) -> list[tuple[str, str]]:
        """(slug, name) of the models whose slug or name is closest to `text` ("did you mean")."""
        names = dict(self.values_list("slug", "name"))
        slug_by_name = {name.lower(): slug for slug, name in names.items()}
        candidates = [*names, *slug_by_name]
        found: list[str] = []
        for match in difflib.get_close_matches(text.lower(), candidates, n=limit * 2, cutoff=0.5):
            slug = match if match in names else slug_by_name[match]
            if slug not in found:
                found.append(slug)
        return [(slug, names[slug]) for slug in found[:limit]]

    def resolve(self, slugs: Iterable[str]) -> dict[str, AIModel]:
        """Each slug mapped to its model, following old slugs; unknown slugs are left out.

        One query when every slug is current, one more for each old slug.
        """
        wanted = set(slugs)
        found = {model.slug: model for model in self.filter(slug__in=wanted).order_by()}
        for slug in sorted(wanted - found.keys()):
            renamed = self.filter(old_slugs__slug=slug).first()
            if renamed is not None:
                found[slug] = renamed
        return found


class PriceQuerySet(models.QuerySet["Price"]):
    def in_effect(self, on: date) -> PriceQuerySet:
        """Rows whose effective date has arrived by `on` (current and history)."""
        return self.filter(effective_from__lte=on)

    def current(self, on: date) -> PriceQuerySet:
        """The price in effect on `on` for each component of each offer.

        A row is current when it is in effect on `on`, its source has not
        stopped listing it by `on`, and no newer row for the same model, host,
        component, unit and condition is also in effect.
        """
        newer = self.model._default_manager.filter(
            effective_from__lte=on,
            effective_from__gt=OuterRef("effective_from"),
            **{field: OuterRef(field) for field in PRICE_KEY},
        )
        ended = Q(ends_on__isnull=False) & Q(ends_on__lte=on)
        return self.in_effect(on).exclude(ended).filter(~Exists(newer))

    def current_rows(self, on: date) -> list[Price]:
        """The rows current(on) returns, picked in Python from the rows in effect.

        For a queryset already narrowed to a few models (a comparison reads
        two) this is cheaper than building the correlated subquery.
        """
        newest: dict[tuple[object, ...], Price] = {}
        for price in self.in_effect(on).order_by():
            key = (price.model_id, price.host_id, price.component, price.unit, price.condition)
            held = newest.get(key)
            if held is None or price.effective_from > held.effective_from:
                newest[key] = price
        return [p for p in newest.values() if p.ends_on is None or p.ends_on > on]

    def upcoming(self, on: date) -> PriceQuerySet:
        """Rows announced for a date after `on`."""
        return self.filter(effective_from__gt=on)

    def history(self) -> PriceQuerySet:
        """Every row, grouped by offer and component, newest first within each."""
        return self.order_by("host__name", "component", "unit", "condition", "-effective_from")

    def standard(self) -> PriceQuerySet:
        """Standard rates only: no batch, cache or long-context condition."""
        return self.filter(condition="")


class ScoreQuerySet(models.QuerySet["Score"]):
    def current(self) -> ScoreQuerySet:
        """Each model's newest score on each benchmark."""
        newer = self.model._default_manager.filter(
            model=OuterRef("model"),
            benchmark=OuterRef("benchmark"),
            measured_on__gt=OuterRef("measured_on"),
        )
        return self.filter(~Exists(newer))

    def current_rows(self) -> list[Score]:
        """The rows current() returns, picked in Python (see PriceQuerySet.current_rows)."""
        newest: dict[tuple[int, int], Score] = {}
        for score in self.order_by():
            key = (score.model_id, score.benchmark_id)
            held = newest.get(key)
            # Of two datasets' scores of one date, an independent measurement comes first.
            if held is None or _precedence(score) > _precedence(held):
                newest[key] = score
        return list(newest.values())


def _precedence(score: Score) -> tuple[Any, ...]:
    return (score.measured_on, score.measured_by == "independent", score.dataset, -score.pk)
