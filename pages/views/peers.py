"""A comparison's two models among their peers: `/compare/<a>-vs-<b>/peers/`.

The comparison page is cached with its two models only, so a peer's price could change
without it; it holds a placeholder that htmx fills from here when it comes into view,
and a link here for visitors without JavaScript. This page changes with the whole
catalog, so it is never stale.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalog.models import AIModel
from comparisons.pairs import comparison_url, peers_url, split_pair
from pages.pictures import DRAWN, among_peers
from pages.views.catalog import model_not_found
from web.caching import cached_page
from web.http import HtmxHttpRequest, moved, template_for
from web.seo import page_meta

TEMPLATE = "comparisons/peers.html"


@require_safe
@cached_page  # keyed by the whole catalog's version: a peer's change is a change here
def comparison_peers(request: HtmxHttpRequest, pair: str) -> HttpResponse:
    slugs = split_pair(pair)
    if slugs is None:
        return model_not_found(request, [])
    resolved = AIModel.objects.published().with_arena_score().resolve(slugs)
    unknown = [slug for slug in slugs if slug not in resolved]
    if unknown:
        return model_not_found(request, unknown)
    first, second = resolved[slugs[0]], resolved[slugs[1]]
    if first.pk == second.pk or first.category != second.category:
        raise Http404("Only two models of one category are placed among their peers.")
    if first.category not in DRAWN:
        raise Http404("This category has no price-against-quality picture.")
    canonical = peers_url(first.slug, second.slug)
    if request.path != canonical:
        return moved(canonical)
    a, b = sorted([first, second], key=lambda model: model.slug)
    picture = among_peers([a, b], date.today())
    comparison = comparison_url(a.slug, b.slug)
    names = f"{a.name} and {b.name}"
    context = {
        "meta": page_meta(
            request,
            title=f"{names} among their peers: price against arena score | Versus",
            description=(
                f"{names} placed among every {picture.category_label.lower()} model with "
                "a price and an arena score, on a log price axis."
            ),
            crumbs=[(f"{a.name} vs {b.name}", comparison), ("Among their peers", canonical)],
            canonical=canonical,
            noindex=True,
        ),
        "a": a,
        "b": b,
        "picture": picture,
        "peers_url": canonical,
        "comparison_url": comparison,
        "fragment": bool(request.htmx and not request.htmx.history_restore_request),
    }
    return render(request, template_for(request, TEMPLATE, {"peers"}, "peers"), context)
