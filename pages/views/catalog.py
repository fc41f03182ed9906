"""Public catalog pages: the model directory, model and provider pages, picker suggestions."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import AIModel, Price, Provider
from catalog.units import describe_price
from comparisons.facts import Dissent, ModelFacts, State
from comparisons.facts import Value as FactValue
from comparisons.metrics import BLENDED_UNIT, METRICS_BY_KEY, format_date, format_value
from comparisons.selectors import facts_for, headline_prices
from pages.charts import StepChart, step_chart
from pages.filters import AIModelFilter
from pages.leaderboards import model_scores
from pages.pictures import category_picture
from pages.related import related_comparisons
from web.caching import cached_page, set_last_modified
from web.http import HtmxHttpRequest, moved, template_for
from web.links import absolute_url
from web.seo import page_meta

PAGE_SIZE = 24
SUGGESTIONS = 10
MODEL_PAGE_SPECS = (
    "release_date",
    "open_weights",
    "license",
    "parameters",
    "knowledge_cutoff",
    "context_window",
    "max_output_tokens",
    "tool_calling",
    "structured_output",
    "vision_input",
    "reasoning",
)


def model_not_found(request: HttpRequest, unknown: list[str]) -> HttpResponse:
    """A 404 page that suggests the published models closest to what was asked."""
    published = AIModel.objects.published()
    suggestions: list[tuple[str, str]] = []
    for text in unknown:
        for match in published.closest(text):
            if match not in suggestions:
                suggestions.append(match)
    context = {
        "meta": page_meta(
            request,
            title="Page not found | Versus",
            description="We have no page at this address.",
            crumbs=[("Page not found", request.path)],
            noindex=True,
        ),
        "unknown": unknown,
        "suggestions": [
            {"name": name, "url": reverse("catalog:model_detail", kwargs={"slug": slug})}
            for slug, name in suggestions
        ],
    }
    return render(request, "404.html", context, status=404)


def directory_models(
    filterset: AIModelFilter, on: date
) -> tuple[Sequence[Any], dict[int, tuple[FactValue, str]] | None]:
    """What a directory query shows, in order: the filtered queryset, or, when it sorts
    or filters by price, the ids of the models it keeps and every candidate's price.

    Sorting or filtering by price reads every candidate's headline price from
    the one function the comparison pages use (selectors.headline_prices), so
    the directory's "$3.50" is the comparison's "$3.50" on every database; any
    other query pages in SQL and prices only the page shown.
    """
    queryset = filterset.qs
    filterset.form.is_valid()
    cleaned = getattr(filterset.form, "cleaned_data", {})
    wanted = price_limits(cleaned)
    if cleaned.get("sort") != "price" and not wanted:
        return queryset, None
    # Only what pricing and sorting need, in the query's own order: the page's rows
    # are read in full once paged.
    candidates = [
        AIModel(id=pk, name=name, slug=slug, category=category, creator_id=creator)
        for pk, name, slug, category, creator in queryset.values_list(
            "pk", "name", "slug", "category", "creator_id"
        )
    ]
    prices = headline_prices(candidates, on)
    kept = [
        (model, prices[model.pk][0])
        for model in candidates
        if within_limits(prices[model.pk][0], wanted)
    ]
    if cleaned.get("sort") == "price":
        kept.sort(
            key=lambda item: (
                item[0].category,
                not item[1].known,
                item[1].unit,
                item[1].raw if item[1].known else 0,
                item[0].name,
            )
        )
    return [model.pk for model, _ in kept], prices


# The directory's price limits, each on the headline price in its own unit.
PRICE_LIMIT_UNITS = {"max_price": BLENDED_UNIT, "max_image_price": "image_output:per_image"}


def price_limits(cleaned: dict[str, Any]) -> dict[str, Decimal]:
    """The price limits a visitor set, by the unit each applies to."""
    return {
        unit: cleaned[name]
        for name, unit in PRICE_LIMIT_UNITS.items()
        if cleaned.get(name) is not None
    }


def within_limits(value: FactValue, wanted: dict[str, Decimal]) -> bool:
    """Whether a headline price meets every limit set: a model has one headline unit,
    so two limits never both hold."""
    return all(
        value.known and value.unit == unit and value.raw <= limit  # type: ignore[operator]
        for unit, limit in wanted.items()
    )


def relaxations(filterset: AIModelFilter) -> list[dict[str, Any]]:
    """For an empty result: each filter whose removal would bring models back, with counts."""
    options = []
    for name, label in filterset.active_filters():
        data = filterset.data.copy()
        data.pop(name, None)
        data.pop("page", None)
        relaxed = AIModelFilter(data, queryset=filterset.queryset)
        found, priced = directory_models(relaxed, date.today())
        count = len(found) if priced is not None else relaxed.qs.count()
        if count:
            options.append({"label": label, "count": count, "query": data.urlencode()})
    return options


# The query parameters that choose what the directory shows; any other is ignored.
DIRECTORY_PARAMS = frozenset([*AIModelFilter.base_filters, "page"])


@require_safe
@cached_page(params=DIRECTORY_PARAMS)
def directory(request: HtmxHttpRequest) -> HttpResponse:
    base = AIModel.objects.published().select_related("creator").with_arena_score()
    data = QueryDict(mutable=True)
    for name in sorted(DIRECTORY_PARAMS & set(request.GET)):
        data.setlist(name, request.GET.getlist(name))
    page_number = data.pop("page", [None])[-1]
    if not data.get("sort"):
        data["sort"] = "name"
    filterset = AIModelFilter(data, queryset=base)
    today = date.today()
    shown_models, prices = directory_models(filterset, today)
    page = Paginator(shown_models, PAGE_SIZE).get_page(page_number)
    if prices is not None:
        found = base.in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        prices = headline_prices(page.object_list, today)
    for model in page.object_list:
        value, text = prices[model.pk]
        model.price_text = text if value.known else ""
    count = page.paginator.count
    filtered = bool(filterset.active_filters())
    chosen = data.get("category")
    drawn = chosen if chosen in AIModel.Category.values else AIModel.Category.TEXT
    context = {
        "meta": page_meta(
            request,
            title=("Filtered AI model directory" if filtered else "AI model directory")
            + " | Versus",
            description=(
                f"{count} AI model{'s' if count != 1 else ''} with sourced prices, context "
                "windows and arena scores. Filter by category, creator, open weights, "
                "capabilities and price, and compare any two."
            ),
            crumbs=[("Models", reverse("catalog:directory"))],
            canonical=canonical_query(request.path, data, page.number),
        ),
        "filter": filterset,
        "page": page,
        "query": shown_query(data),
        "relax": relaxations(filterset) if not page.paginator.count else [],
        "active": filterset.active_filters(),
        # The picture is of a whole category, so it is drawn where the list is one too:
        # the first page, with no filter but the category.
        "picture": category_picture(drawn, today)
        if page.number == 1 and {name for name, _ in filterset.active_filters()} <= {"category"}
        else None,
        "chart_category": AIModel.Category(drawn).label,
    }
    return render(
        request, template_for(request, "catalog/directory.html", {"results"}, "results"), context
    )


def shown_query(data: QueryDict) -> QueryDict:
    """The filters that choose what the directory shows, without the default sort."""
    query = data.copy()
    if query.get("sort") == "name":
        del query["sort"]
    return query


def canonical_query(path: str, data: QueryDict, page: int) -> str:
    """The directory's own address for what it shows: its filters and page, in order,
    without defaults and without any other parameter."""
    query = shown_query(data)
    if page > 1:
        query["page"] = str(page)
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def typed_text(request: HttpRequest, name: str) -> str:
    """What a visitor typed into a field, as a query may use it: at most 100 characters,
    trimmed, without NUL (which no model name holds and PostgreSQL refuses)."""
    return request.GET.get(name, "").replace("\x00", "")[:100].strip()


@require_safe
@cached_page(params=("field", "a", "b"))
def suggest(request: HttpRequest) -> HttpResponse:
    """Picker suggestions: a few models matching what was typed, grouped by category,
    with the other picker's category first."""
    field = "b" if request.GET.get("field") == "b" else "a"
    other_field = "a" if field == "b" else "b"
    text = typed_text(request, field)
    other = None
    other_text = typed_text(request, other_field)
    if other_text:
        matching = Q(slug=other_text.lower()) | Q(name__iexact=other_text)
        other = AIModel.objects.published().filter(matching).only("category").first()
    filterset = AIModelFilter({"q": text}, queryset=AIModel.objects.published())
    ranked = filterset.qs.select_related("creator").annotate(
        other_category=Case(
            When(category=other.category if other else "", then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        prefix=Case(
            When(Q(name__iexact=text) | Q(slug=text.lower()), then=Value(0)),
            When(Q(name__istartswith=text) | Q(slug__startswith=text.lower()), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        # Deprecated models and dated snapshots are listed, never suggested first.
        retired=Case(
            When(status=AIModel.Status.DEPRECATED, then=Value(2)),
            When(snapshot_of__isnull=False, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    models = list(
        ranked.order_by(
            "other_category", "retired", "prefix", F("release_date").desc(nulls_last=True), "name"
        )[:SUGGESTIONS]
    )
    groups: dict[str, list[AIModel]] = defaultdict(list)
    for model in models:
        groups[model.get_category_display()].append(model)
    context = {"field": field, "groups": list(groups.items()), "text": text}
    return render(request, "catalog/suggestions.html", context)


def spec_rows(facts: ModelFacts) -> list[dict[str, Any]]:
    rows = []
    for key in MODEL_PAGE_SPECS:
        metric = METRICS_BY_KEY[key]
        value = metric.value_for(facts)
        if value.state is State.NOT_APPLICABLE:
            continue
        rows.append(
            {
                "key": key,
                "value": value,
                "label": metric.label,
                "text": format_value(metric, value, facts.creator),
                "source_url": value.source_url if value.known else "",
                "checked_on": value.checked_on,
                "dissent": value.dissent,
            }
        )
    return rows


def price_charts(history: list[Price], until: date) -> list[dict[str, Any]]:
    """One step chart for each standard-rate component of each host, oldest row first."""
    series: dict[tuple[str, str, str], list[Price]] = defaultdict(list)
    for price in history:
        if not price.condition:
            series[(price.host.name, price.component, price.unit)].append(price)
    charts = []
    for (host, component, unit), prices in series.items():

        def describe(amount: Decimal, component: str = component, unit: str = unit) -> str:
            return describe_price(amount.normalize(), component, unit)

        chart: StepChart | None = step_chart(
            [(price.effective_from, price.amount) for price in prices],
            until=until,
            describe=describe,
            date_text=format_date,
        )
        label = Price.Component(component).label
        charts.append({"title": f"{label}, {host}", "chart": chart, "rows": len(prices)})
    return charts


def model_description(model: AIModel, facts: ModelFacts) -> str:
    parts = [f"{model.name} by {model.creator.name}, {model.get_category_display().lower()} model."]
    price = METRICS_BY_KEY["price"].value_for(facts)
    if price.known:
        parts.append(f"Price {format_value(METRICS_BY_KEY['price'], price, facts.creator)}.")
    context = METRICS_BY_KEY["context_window"].value_for(facts)
    if context.known:
        parts.append(
            f"Context window {format_value(METRICS_BY_KEY['context_window'], context, '')}."
        )
    parts.append("Sourced specs, price history and arena scores.")
    return " ".join(parts)


def model_jsonld(request: HttpRequest, model: AIModel, facts: ModelFacts) -> dict[str, Any]:
    """SoftwareApplication, with an offer for each current standard price that is known."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication",
        "name": model.name,
        "applicationCategory": "DeveloperApplication",
        "operatingSystem": "Web API",
        "url": absolute_url(model.get_absolute_url()),
        "description": model.description,
        "author": {"@type": "Organization", "name": model.creator.name},
    }
    if model.creator.website:
        data["author"]["url"] = model.creator.website
    if model.release_date:
        data["datePublished"] = model.release_date.isoformat()
    offers = [
        {
            "@type": "Offer",
            "price": f"{price.amount.normalize():f}",
            "priceCurrency": "USD",
            "seller": {"@type": "Organization", "name": offer.host},
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": f"{price.amount.normalize():f}",
                "priceCurrency": "USD",
                "unitText": describe_price(price.amount, price.component, price.unit).split(" ", 1)[
                    1
                ],
            },
        }
        for offer in facts.offers
        for price in offer.prices
        if not price.condition
    ]
    if offers:
        data["offers"] = offers
    return data


def _current_ids(facts: ModelFacts, history: list[Price]) -> dict[int, tuple[Dissent, ...]]:
    """The rows of `history` that are the current prices the facts were built from, with
    what other sources say of each."""
    current = {
        (price.host_slug, price.component, price.unit, price.condition, price.effective_from): (
            price.dissent
        )
        for offer in facts.offers
        for price in offer.prices
    }
    found = {}
    for price in history:
        key = (price.host.slug, price.component, price.unit, price.condition, price.effective_from)
        if key in current:
            found[price.pk] = current[key]
    return found


@require_safe
@cached_page
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    model = AIModel.objects.published().select_related("creator", "successor").by_slug(slug)
    if model is None:
        return model_not_found(request, [slug])
    if model.slug != slug:
        return moved(model.get_absolute_url())
    today = date.today()
    facts = facts_for([model], today)[model.pk]
    history = list(Price.objects.filter(model=model).select_related("host").history())
    current_ids = _current_ids(facts, history)
    rows = [
        {
            "price": price,
            "dissent": current_ids.get(price.pk, ()),
            "status": "current"
            if price.pk in current_ids
            else "upcoming"
            if price.effective_from > today
            else "history",
        }
        for price in history
    ]
    scores, more_scores, places = model_scores(model)
    context = {
        "meta": page_meta(
            request,
            title=f"{model.name} by {model.creator.name}: price, specs and arena score | Versus",
            description=model_description(model, facts),
            crumbs=[
                ("Models", reverse("catalog:directory")),
                (model.name, model.get_absolute_url()),
            ],
            jsonld=[model_jsonld(request, model, facts)],
            og_type="article",
            feed=(
                f"{model.name}: changes on Versus",
                reverse("catalog:model_feed", kwargs={"slug": model.slug}),
            ),
        ),
        "model": model,
        "facts": facts,
        "specs": spec_rows(facts),
        "history": rows,
        "charts": price_charts(history, facts.data_date or today),
        "scores": scores,
        "more_scores": more_scores,
        "ranks": places,
        "related": related_comparisons(model, facts, today),
        "today": today,
    }
    response = render(request, "catalog/model_detail.html", context)
    set_last_modified(response, facts.last_changed)
    return response


def hosted_models(provider: Provider, today: date) -> QuerySet[AIModel]:
    """Published models made by others that this provider sells today."""
    sells = Price.objects.current(today).filter(model=OuterRef("pk"), host=provider)
    return (
        AIModel.objects.published()
        .exclude(creator=provider)
        .filter(Exists(sells))
        .select_related("creator")
        .order_by("category", "name")
    )


@require_safe
@cached_page
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    provider = Provider.objects.by_slug(slug)
    if provider is None:
        raise Http404("No such provider.")
    if provider.slug != slug:
        return moved(provider.get_absolute_url())
    context = {
        "meta": page_meta(
            request,
            title=f"{provider.name}: AI models and prices | Versus",
            description=provider.description
            or f"The AI models {provider.name} makes and hosts, with sourced prices.",
            crumbs=[(provider.name, provider.get_absolute_url())],
            jsonld=[
                {
                    "@context": "https://schema.org",
                    "@type": "Organization",
                    "name": provider.name,
                    "url": provider.website or absolute_url(provider.get_absolute_url()),
                    "description": provider.description,
                }
            ],
        ),
        "provider": provider,
        "made_by_category": [
            (label, list(models))
            for label, models in itertools.groupby(
                provider.models.published().order_by("category", "name"),
                key=lambda model: model.get_category_display(),
            )
        ],
        "hosted": hosted_models(provider, date.today()),
    }
    return render(request, "catalog/provider_detail.html", context)
