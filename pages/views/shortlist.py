"""A shortlist: `/compare/shortlist/?m=a&m=b&m=c`, two to four models side by side.

The comparison table's rows with a column per model, by the pair page's rules;
each pair links to its own page. Not indexed: the pair pages are. The
directory's checkboxes open it (as `compare` values, redirected to the canonical
address: each model once, by its current slug, in slug order).
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from comparisons.pairs import comparison_url
from comparisons.selectors import facts_by_slug
from comparisons.shortlist import MAX_MODELS, MIN_MODELS, shortlist
from pages.views.catalog import model_not_found
from web.caching import cached_page, set_last_modified
from web.http import moved
from web.seo import page_meta
from web.versioning import names_for

TEMPLATE = "comparisons/shortlist.html"


def asked_slugs(query: QueryDict) -> list[str]:
    """The slugs a query names, each once, in the order given (`m`, else `compare`)."""
    given = query.getlist("m") or query.getlist("compare")
    return list(dict.fromkeys(slug.strip().lower()[:120] for slug in given if slug.strip()))


def shortlist_versions(request: HttpRequest) -> list[str]:
    return names_for(asked_slugs(request.GET)[: MAX_MODELS + 1])


def shortlist_url(slugs: list[str]) -> str:
    query = QueryDict(mutable=True)
    query.setlist("m", slugs)
    return f"{reverse('comparisons:shortlist')}?{query.urlencode()}"


def choose_more(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The page that says how to make a shortlist, with what was wrong."""
    context = {
        "meta": page_meta(
            request,
            title="Shortlist | Versus",
            description="Two to four models side by side.",
            crumbs=[("Shortlist", reverse("comparisons:shortlist"))],
            noindex=True,
        ),
        "message": message,
        "models": [],
    }
    return render(request, TEMPLATE, context, status=status)


@require_safe
@cached_page(depends=shortlist_versions, params=("m", "compare"))
def shortlist_page(request: HttpRequest) -> HttpResponse:
    asked = asked_slugs(request.GET)
    if len(asked) > MAX_MODELS:
        return choose_more(
            request,
            f"A shortlist holds up to four models; you chose {len(asked)}. "
            "Untick some and try again.",
            400,
        )
    resolved = facts_by_slug(asked, date.today())
    unknown = [slug for slug in asked if slug not in resolved]
    if unknown:
        return model_not_found(request, unknown)
    models = sorted(
        {facts.slug: facts for facts in resolved.values()}.values(), key=lambda f: f.slug
    )
    if len(models) < MIN_MODELS:
        return choose_more(
            request,
            "Choose two to four models to see them side by side: tick them in the directory.",
            200 if not asked else 400,
        )
    canonical = shortlist_url([facts.slug for facts in models])
    if request.get_full_path() != canonical:
        return moved(canonical)
    names = [facts.name for facts in models]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    context: dict[str, Any] = {
        "meta": page_meta(
            request,
            title=f"{listed} side by side | Versus",
            description=f"{listed} compared row by row: prices, quality scores, limits "
            "and capabilities, each with its source.",
            crumbs=[("Shortlist", canonical)],
            canonical=canonical,
            noindex=True,
        ),
        "models": models,
        "listed": listed,
        "groups": shortlist(models),
        "pairs": [
            (a.name, b.name, comparison_url(a.slug, b.slug)) for a, b in combinations(models, 2)
        ],
        "message": "",
    }
    response = render(request, TEMPLATE, context)
    changes = [facts.last_changed for facts in models if facts.last_changed is not None]
    set_last_modified(response, max(changes) if changes else None)
    return response
