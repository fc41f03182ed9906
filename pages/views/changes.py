"""What changed: `/changes/`, and Atom feeds of the whole catalog, one model and one pair.

The page lists catalog.changelog's entries newest first, filtered by creator and
kind, each linking to its model's page; htmx swaps the list (`changes`) after
a change of filters, and without JavaScript the form loads the page. The feeds
carry the same entries, in the same words and units, through Django's
syndication framework.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

from django import forms
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from catalog.changelog import KINDS, Change, Scope, recent_changes
from catalog.models import AIModel, Provider
from comparisons.pairs import comparison_url, split_pair
from web.caching import cached_page
from web.http import HtmxHttpRequest, template_for
from web.links import absolute_url
from web.seo import page_meta
from web.versioning import names_for

PAGE_SIZE = 50
MAX_PAGES = 20  # older changes are on each model's page
FEED_SIZE = 50
TEMPLATE = "catalog/changes.html"


class ChangesForm(forms.Form):
    creator = forms.ChoiceField(label="Creator", required=False)
    kind = forms.ChoiceField(
        label="Kind of change", choices=[("", "Every kind"), *KINDS.items()], required=False
    )
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        creators = (
            Provider.objects.filter(models__is_published=True)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        creator = cast(forms.ChoiceField, self.fields["creator"])
        creator.choices = [("", "Every creator"), *creators]


def model_url(slug: str) -> str:
    return reverse("catalog:model_detail", kwargs={"slug": slug})


@require_safe
@cached_page(params=("creator", "kind", "page"))
def changes(request: HtmxHttpRequest) -> HttpResponse:
    data = QueryDict(mutable=True)
    for name in ("creator", "kind", "page"):
        if request.GET.get(name):
            data[name] = request.GET[name]
    form = ChangesForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    page = cleaned.get("page") or 1
    scope = Scope(
        kinds=frozenset([cleaned["kind"]]) if cleaned.get("kind") else frozenset(),
        creator=cleaned.get("creator") or "",
    )
    found = recent_changes(scope, date.today(), page * PAGE_SIZE + 1)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    query = data.copy()
    query.pop("page", None)
    path = reverse("catalog:changes")
    context = {
        "meta": page_meta(
            request,
            title="What changed in the catalog | Versus",
            description=(
                "New models, price changes, retired offers and new scores, newest first, "
                "each dated by its data and linked to its model."
            ),
            crumbs=[("Changes", path)],
            canonical=path,
            noindex=bool(data),
            feed=("Versus: every change", reverse("catalog:changes_feed")),
        ),
        "form": form,
        "changes": shown,
        "page": page,
        "has_next": len(found) > page * PAGE_SIZE and page < MAX_PAGES,
        "query": query,
        "filtered": bool(query),
        "action": path,
        "model_url": model_url,
    }
    return render(request, template_for(request, TEMPLATE, {"changes"}, "changes"), context)


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class ChangesFeed(Feed):
    """Every change of the catalog (Atom)."""

    feed_type = Atom1Feed
    title = "Versus: every change"
    subtitle = "New models, price changes, retired offers and new scores, newest first."

    def link(self) -> str:
        return reverse("catalog:changes")

    def items(self) -> list[Change]:
        return recent_changes(Scope(), date.today(), FEED_SIZE)

    def item_title(self, item: Change) -> str:
        return item.title

    def item_description(self, item: Change) -> str:
        return f"{item.kind_label}, {item.day:%-d %B %Y}: {item.detail}"

    def item_link(self, item: Change) -> str:
        return model_url(item.model_slug)

    def item_guid(self, item: Change) -> str:
        return absolute_url(f"{reverse('catalog:changes')}#{item.key}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: Change) -> datetime:
        return _moment(item.day)

    def item_updateddate(self, item: Change) -> datetime:
        return _moment(item.day)

    def item_categories(self, item: Change) -> list[str]:
        return [item.kind_label]


class ModelFeed(ChangesFeed):
    """One model's changes."""

    def get_object(self, request: HttpRequest, slug: str) -> AIModel:
        model = AIModel.objects.published().select_related("creator").by_slug(slug)
        if model is None:
            raise Http404("No such model")
        return model

    def title(self, model: AIModel) -> str:  # type: ignore[override]
        return f"{model.name}: changes on Versus"

    def subtitle(self, model: AIModel) -> str:  # type: ignore[override]
        return f"New prices, retired offers and new scores of {model.name}."

    def link(self, model: AIModel) -> str:  # type: ignore[override]
        return model_url(model.slug)

    def items(self, model: AIModel) -> list[Change]:  # type: ignore[override]
        return recent_changes(Scope(models=[model.pk]), date.today(), FEED_SIZE)


class PairFeed(ChangesFeed):
    """Both models of a pair: "tell me when either price changes"."""

    def get_object(self, request: HttpRequest, pair: str) -> tuple[AIModel, AIModel]:
        slugs = split_pair(pair)
        if slugs is None:
            raise Http404("No such pair")
        found = AIModel.objects.published().resolve(slugs)
        if len({model.pk for model in found.values()}) != 2 or len(found) != 2:
            raise Http404("No such pair")
        a, b = sorted(found.values(), key=lambda model: model.slug)
        return a, b

    def title(self, pair: tuple[AIModel, AIModel]) -> str:  # type: ignore[override]
        return f"{pair[0].name} vs {pair[1].name}: changes on Versus"

    def subtitle(self, pair: tuple[AIModel, AIModel]) -> str:  # type: ignore[override]
        return f"New prices, retired offers and new scores of {pair[0].name} or {pair[1].name}."

    def link(self, pair: tuple[AIModel, AIModel]) -> str:  # type: ignore[override]
        return comparison_url(pair[0].slug, pair[1].slug)

    def items(self, pair: tuple[AIModel, AIModel]) -> list[Change]:  # type: ignore[override]
        return recent_changes(Scope(models=[model.pk for model in pair]), date.today(), FEED_SIZE)


def model_versions(request: HttpRequest, slug: str) -> list[str]:
    return names_for([slug])


def pair_versions(request: HttpRequest, pair: str) -> list[str]:
    return names_for(split_pair(pair) or [])


changes_feed = require_safe(cached_page(ChangesFeed()))
model_feed = require_safe(cached_page(depends=model_versions)(ModelFeed()))
pair_feed = require_safe(cached_page(depends=pair_versions)(PairFeed()))
