"""The home page, the pickers' target and the comparison page `/compare/<a>-vs-<b>/`."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template import engines
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget
from markupsafe import Markup

from catalog.models import AIModel
from comparisons.cost import Workload, fields_for
from comparisons.facts import ModelFacts
from comparisons.models import FeaturedComparison
from comparisons.narrative import faq_jsonld, narrate, pair_workload, sources
from comparisons.pairs import (
    benchmarks_url,
    comparison_url,
    hosts_url,
    pair_feed_url,
    peers_url,
    split_pair,
)
from comparisons.selectors import facts_by_slug
from comparisons.verdict import SHOWN_BENCHMARKS, Comparison, compare_models
from pages import sitemaps
from pages.forms import (
    PickerForm,
    WorkloadForm,
    form_context,
    initial_context,
    read_workload_fields,
)
from pages.pictures import DRAWN, arena_intervals
from pages.views.catalog import model_not_found
from pages.views.cost import ranking_url
from web.caching import (
    HTMX_HEADERS,
    CacheUnavailable,
    cached_page,
    model_versions,
    set_last_modified,
    versioned_get,
    versioned_set,
)
from web.http import HtmxHttpRequest, moved, template_for
from web.links import absolute_url, page_path
from web.seo import page_meta
from web.versioning import names_for

TEMPLATE = "comparisons/comparison.html"
# The elements an htmx request may target, each a partial of the same name.
PARTIALS = {"page", "cost-calculator"}


def read_workload(
    query: QueryDict, comparison: Comparison
) -> tuple[dict[str, Any], Workload | None]:
    """The calculator's fields and workload: the visitor's numbers, or the pair's default.

    Only the fields that apply to the pair's categories are shown and read: a
    parameter for another category's field is ignored.
    """
    shown = fields_for({comparison.a.category, comparison.b.category})
    return read_workload_fields(query, shown, pair_workload(comparison))


def side(facts: ModelFacts) -> dict[str, Any]:
    """What the page links to for one model, from its facts alone (no query)."""
    return {
        "name": facts.name,
        "slug": facts.slug,
        "creator": facts.creator,
        "url": page_path("catalog:model_detail", slug=facts.slug),
        "creator_url": page_path("catalog:provider_detail", slug=facts.creator_slug),
        "description": facts.description,
        "deprecated": facts.deprecated,
        "successor_name": facts.successor_name,
        "successor_url": page_path("catalog:model_detail", slug=facts.successor_slug)
        if facts.successor_slug
        else "",
    }


def price_tables(facts: ModelFacts) -> Markup:
    """A model's price tables, as every comparison page with it shows them: rendered
    once per version of the model and day, like its facts, whatever pair asks."""
    key = f"price-tables:{facts.slug}"
    version: str | None = None
    try:
        version = model_versions([facts.slug])
        kept = versioned_get("facts", version, key)
    except CacheUnavailable:
        kept = None
    if isinstance(kept, str):
        return Markup(kept)
    macros = engines["jinja2"].env.get_template("comparisons/blocks.html").module  # type: ignore[attr-defined]
    tables = str(macros.price_tables(facts))
    if version is not None:
        versioned_set("facts", version, key, tables)
    return Markup(tables)


def comparison_context(request: HttpRequest, a: ModelFacts, b: ModelFacts) -> dict[str, Any]:
    """Everything the comparison template shows, for a pair already in canonical order."""
    result = compare_models(a=a, b=b, on=date.today(), benchmarks=SHOWN_BENCHMARKS)
    form, workload = read_workload(request.GET, result)
    story = narrate(result, workload)
    source_list, cells = sources(result)
    canonical = comparison_url(a.slug, b.slug)
    return {
        "meta": page_meta(
            request,
            title=f"{a.name} vs {b.name}: {story.title} | Versus",
            description=story.meta_description,
            crumbs=[(f"{a.name} vs {b.name}", canonical)],
            canonical=canonical,
            jsonld=[faq_jsonld(list(story.faq))],
            og_type="article",
            feed=(f"{a.name} vs {b.name}: changes on Versus", pair_feed_url(a.slug, b.slug)),
        ),
        "c": result,
        "story": story,
        "sides": [side(a), side(b)],
        "price_tables": [price_tables(a), price_tables(b)],
        "cells": cells,
        "sources": source_list,
        "form": form,
        "canonical_url": canonical,
        "benchmarks_url": benchmarks_url(a.slug, b.slug),
        "hosts_url": hosts_url(a.slug, b.slug),
        "feed_url": pair_feed_url(a.slug, b.slug),
        "rankings": [
            (AIModel.Category(category).label, ranking_url(category, workload))
            for category in dict.fromkeys((a.category, b.category))
        ]
        if workload is not None
        else [],
        "picker": initial_context(PickerForm, {"a": a.name, "b": b.name}),
        "intervals": arena_intervals(a, b),
        # Only the address: what the peers show changes without this page.
        "peers_url": peers_url(a.slug, b.slug)
        if a.category == b.category and a.category in DRAWN
        else "",
    }


def pair_versions(request: HttpRequest, pair: str) -> list[str]:
    """A comparison shows its two models and what every page shows, nothing else."""
    return names_for(split_pair(pair) or [])


def pair_facts(
    request: HttpRequest, pair: str, address: Callable[[str, str], str]
) -> HttpResponse | tuple[ModelFacts, ModelFacts]:
    """The two models of a pair's page, in canonical order; or the answer when there is
    none: 404 for an unknown model, the model's page for a model paired with itself,
    a redirect (query kept) to `address(a, b)` for another order or an old slug."""
    slugs = split_pair(pair)
    if slugs is None:
        return model_not_found(request, [])
    resolved = facts_by_slug(slugs, date.today())
    unknown = [slug for slug in slugs if slug not in resolved]
    if unknown:
        return model_not_found(request, unknown)
    first, second = resolved[slugs[0]], resolved[slugs[1]]
    if first.slug == second.slug:
        return moved(reverse("catalog:model_detail", kwargs={"slug": first.slug}))
    canonical = address(first.slug, second.slug)
    if request.path != canonical:
        query = request.GET.urlencode()
        return moved(f"{canonical}?{query}" if query else canonical)
    a, b = sorted([first, second], key=lambda facts: facts.slug)
    return a, b


@require_safe
@cached_page(depends=pair_versions, params=WorkloadForm.base_fields)
def comparison(request: HtmxHttpRequest, pair: str) -> HttpResponse:
    found = pair_facts(request, pair, comparison_url)
    if isinstance(found, HttpResponse):
        return found
    a, b = found
    context = comparison_context(request, a, b)
    response = render(request, template_for(request, TEMPLATE, PARTIALS, "page"), context)
    set_last_modified(response, context["c"].last_updated)
    return response


@require_safe
@vary_on_headers(*HTMX_HEADERS)
def picker(request: HtmxHttpRequest) -> HttpResponse:
    """The pickers' target: a redirect to the canonical comparison, or the form again.

    Without JavaScript the visitor gets a 302; with htmx the comparison is
    swapped in place and its canonical URL pushed. The directory's "compare
    selected" checkboxes arrive here as two `compare` values.
    """
    data = request.GET.copy()
    chosen = [value for value in request.GET.getlist("compare") if value.strip()]
    if chosen and "a" not in data and "b" not in data:
        data["a"], data["b"] = [*chosen, "", ""][:2]
        if len(chosen) > 2:
            data["b"] = ""
    form = PickerForm(data if data else None)
    if form.is_valid():
        a, b = sorted([form.cleaned_data["a"], form.cleaned_data["b"]], key=lambda m: m.slug)
        canonical = comparison_url(a.slug, b.slug)
        if not (request.htmx and not request.htmx.history_restore_request):
            return HttpResponseRedirect(canonical)
        facts = facts_by_slug([a.slug, b.slug], date.today())
        context = comparison_context(request, facts[a.slug], facts[b.slug])
        response = render(request, f"{TEMPLATE}#page", context)
        response["HX-Push-Url"] = canonical
        return response
    if request.htmx and not request.htmx.history_restore_request:
        if not (data.get("a", "").strip() and data.get("b", "").strip()):
            # A half-finished pick: keep the page as it is until both sides are chosen.
            return HttpResponse(status=204)
        response = render(request, "comparisons/picker.html#picker", {"picker": form_context(form)})
        return reswap(retarget(response, "[data-picker]"), "outerHTML")
    if len(chosen) > 2:
        form.add_error(None, "Tick exactly two models to compare; you ticked more.")
    meta = page_meta(
        request,
        title="Choose two models to compare | Versus",
        description="Pick two AI models to see them side by side.",
        crumbs=[("Choose two models", reverse("comparisons:picker"))],
        noindex=True,
    )
    context = {"picker": form_context(form), "meta": meta}
    return render(request, "comparisons/picker.html", context)


def popular_pairs(category: str, size: int = 4) -> list[dict[str, Any]]:
    """Head-to-heads of the highest-rated active models of one category."""
    top = list(
        AIModel.objects.published()
        .active()
        .in_category(category)
        .rated()
        .order_by("-arena_score", "name")[:size]
    )
    pairs = [(top[i], top[j]) for i in range(len(top)) for j in range(i + 1, len(top))]
    return [{"a": a, "b": b, "url": comparison_url(a.slug, b.slug)} for a, b in pairs[:3]]


@require_safe
@cached_page
def home(request: HtmxHttpRequest) -> HttpResponse:
    featured = (
        FeaturedComparison.objects.filter(model_a__is_published=True, model_b__is_published=True)
        .select_related("model_a__creator", "model_b__creator")
        .order_by("position", "id")[:8]
    )
    newest = (
        AIModel.objects.published()
        .filter(release_date__isnull=False)
        .select_related("creator")
        .order_by("-release_date", "name")[:8]
    )
    context = {
        "meta": page_meta(
            request,
            title="Versus: honest side-by-side comparisons of AI models",
            description=(
                "Compare AI models side by side: prices in their own units with official "
                "sources, specs with dates, arena scores with intervals, and verdicts that "
                "never count a missing value as a win."
            ),
            crumbs=[],
            jsonld=[
                {
                    "@context": "https://schema.org",
                    "@type": "WebSite",
                    "name": "Versus",
                    "url": absolute_url(reverse("comparisons:home")),
                }
            ],
        ),
        "picker": form_context(PickerForm()),
        "featured": [
            {"pair": item, "url": comparison_url(item.model_a.slug, item.model_b.slug)}
            for item in featured
        ],
        "popular": [
            (label, popular_pairs(category))
            for category, label in (
                (AIModel.Category.TEXT, "Text models"),
                (AIModel.Category.IMAGE, "Image models"),
            )
        ],
        "newest": newest,
    }
    return render(request, "comparisons/home.html", context)


def _site(request: HttpRequest) -> str:
    return settings.SITE_URL


@require_safe
@cached_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /suggest/",
        f"Sitemap: {_site(request)}{reverse('comparisons:sitemap_index')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cached_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    body = sitemaps.index_entries(_site(request), sitemaps.section_pages())
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


READERS = {
    "models": sitemaps.model_rows,
    "providers": sitemaps.provider_rows,
    "benchmarks": sitemaps.benchmark_rows,
}


@require_safe
@cached_page
def sitemap_section(request: HttpRequest, section: str, page: int) -> HttpResponseBase:
    """One sitemap page of up to 50,000 URLs, streamed so memory stays flat."""
    if not 1 <= page <= sitemaps.MAX_PAGES:
        raise Http404("No such sitemap page.")
    if section == "comparisons":
        plan = sitemaps.comparison_plan()
        if page > max(1, plan.pages()):
            raise Http404("No such sitemap page.")
        rows = sitemaps.comparison_rows(plan, page)
    elif section in READERS:
        rows = READERS[section](page)
        first = next(rows, None)
        if first is None and page > 1:
            raise Http404("No such sitemap page.")
        rows = itertools.chain([first] if first else [], rows)
    else:
        raise Http404("No such sitemap section.")
    return StreamingHttpResponse(
        sitemaps.url_entries(_site(request), rows), content_type="application/xml; charset=utf-8"
    )
