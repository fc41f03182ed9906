"""Named reads of the catalog. Views and templates use these, not ad-hoc filters."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from catalog.models import AIModel, Price, Provider, Score  # noqa: F401 (named in strings)

# The columns that identify one priced component of one offer; a new
# effective date for the same key supersedes the older row.
PRICE_KEY = ("model", "host", "component", "unit", "condition")


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

    def by_slug(self, slug: str) -> AIModel | None:
        """The model with this slug, or with this slug in its history."""
        return self.resolve([slug]).get(slug)

    def resolve(self, slugs: Iterable[str]) -> dict[str, AIModel]:
        """Each slug mapped to its model, following old slugs; unknown slugs are left out.

        One query when every slug is current, one more for each old slug.
        """
        wanted = set(slugs)
        found = {model.slug: model for model in self.filter(slug__in=wanted)}
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

        A row is current when it is in effect on `on` and no newer row for the
        same model, host, component, unit and condition is also in effect.
        """
        newer = self.model._default_manager.filter(
            effective_from__lte=on,
            effective_from__gt=OuterRef("effective_from"),
            **{field: OuterRef(field) for field in PRICE_KEY},
        )
        return self.in_effect(on).filter(~Exists(newer))

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
