"""The model directory's filters. Invalid values are shown as form errors and ignored."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet

from catalog.models import AIModel, Provider

# Typed fields refresh the results as the visitor types (see the form's hx-trigger).
LIVE = "live"

CAPABILITY_CHOICES = [
    ("tool_calling", "Tool calling"),
    ("structured_output", "Structured output"),
    ("vision_input", "Image input"),
    ("reasoning", "Reasoning mode"),
]

SORT_CHOICES = [
    ("name", "Name (A–Z)"),
    ("price", "Price (lowest first)"),
    ("context", "Context window (largest)"),
    ("newest", "Release date (newest)"),
    ("score", "Arena score (highest)"),
]

# Prices are only compared within a category (per 1M tokens vs per image), so
# price and score sorts group by category first. The price sort and the price
# filters are applied in Python by the directory, from the headline price its
# comparison pages show (see pages.views.catalog.directory_models); here they only
# order by category and name.
PRICE_FILTERS = ("max_price", "max_image_price")
ORDERINGS = {
    "name": [F("name").asc()],
    "price": [F("category").asc(), F("name").asc()],
    "context": [F("context_window").desc(nulls_last=True), F("name").asc()],
    "newest": [F("release_date").desc(nulls_last=True), F("name").asc()],
    "score": [F("category").asc(), F("arena_score").desc(nulls_last=True), F("name").asc()],
}


class AIModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name or creator", "class": LIVE}
        ),
    )
    category = django_filters.ChoiceFilter(
        choices=AIModel.Category.choices, empty_label="Any category", label="Category"
    )
    creator = django_filters.ModelMultipleChoiceFilter(
        field_name="creator__slug",
        to_field_name="slug",
        queryset=Provider.objects.filter(models__is_published=True).distinct().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="Creator",
    )
    open_weights = django_filters.ChoiceFilter(
        choices=[("yes", "Open weights only"), ("no", "Closed weights only")],
        empty_label="Open or closed",
        method="filter_open_weights",
        label="Weights",
    )
    capabilities = django_filters.MultipleChoiceFilter(
        choices=CAPABILITY_CHOICES,
        method="filter_capabilities",
        widget=forms.CheckboxSelectMultiple,
        label="Capabilities",
    )
    min_context = django_filters.NumberFilter(
        field_name="context_window",
        lookup_expr="gte",
        label="Minimum context window (tokens)",
        widget=forms.NumberInput(attrs={"class": LIVE}),
        min_value=0,
        max_digits=12,
        decimal_places=0,
    )
    max_price = django_filters.NumberFilter(
        method="by_headline_price",
        label="Maximum blended price ($ per 1M tokens)",
        widget=forms.NumberInput(attrs={"class": LIVE}),
        min_value=0,
        max_digits=12,
        decimal_places=6,
    )
    max_image_price = django_filters.NumberFilter(
        method="by_headline_price",
        label="Maximum price per image ($)",
        widget=forms.NumberInput(attrs={"class": LIVE}),
        min_value=0,
        max_digits=12,
        decimal_places=6,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, empty_label=None, method="sort_by", label="Sort by"
    )

    class Meta:
        model = AIModel
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.search(value) if value.strip() else queryset  # type: ignore[attr-defined]

    def filter_open_weights(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(open_weights=value == "yes")

    def filter_capabilities(
        self, queryset: QuerySet[Any], name: str, value: list[str]
    ) -> QuerySet[Any]:
        return queryset.filter(Q(**{capability: True for capability in value}))

    def by_headline_price(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # Applied after the query, to the headline price (pages.views.catalog.directory_models).
        return queryset

    def sort_by(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS["name"]))

    def active_filters(self) -> list[tuple[str, str]]:
        """(parameter, label) of each valid filter the visitor set."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return [
            (name, str(field.label))
            for name, field in self.filters.items()
            if name != "sort"
            and name in cleaned
            and any(value.strip() for value in self.data.getlist(name))
        ]
