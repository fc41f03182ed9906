"""The comparison page: `/compare/<a>-vs-<b>/`, one canonical URL per pair."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from catalog.models import AIModel
from catalog.validators import COMPARISON_SEPARATOR, SLUG_PATTERN
from comparisons.cost import Workload, monthly_cost
from comparisons.forms import WorkloadForm
from comparisons.narrative import default_workload, faq, key_differences, sources, when_to_use
from comparisons.selectors import facts_for
from comparisons.verdict import Comparison, Row, compare_models

TEMPLATE = "comparisons/comparison.html"
# The elements an htmx request may target, each a partial of the same name.
PARTIALS = {"comparison", "cost-calculator"}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def split_pair(pair: str) -> tuple[str, str] | None:
    """("a", "b") from "a-vs-b"; None when the text is not two valid slugs."""
    parts = pair.split(COMPARISON_SEPARATOR)
    if len(parts) != 2 or not all(SLUG_PATTERN.match(part) for part in parts):
        return None
    return parts[0], parts[1]


def comparison_url(a_slug: str, b_slug: str) -> str:
    """The canonical URL of a pair: slugs in sorted order."""
    first, second = sorted([a_slug, b_slug])
    return reverse("comparisons:comparison", kwargs={"pair": f"{first}-vs-{second}"})


def not_found(request: HttpRequest, unknown: list[str]) -> HttpResponse:
    """A 404 page that suggests the published models closest to what was asked."""
    names = dict(AIModel.objects.published().values_list("slug", "name"))
    suggestions = []
    for slug in unknown:
        for match in difflib.get_close_matches(slug, list(names), n=4, cutoff=0.5):
            if match not in suggestions:
                suggestions.append(match)
    context = {
        "unknown": unknown,
        "suggestions": [
            {"name": names[slug], "url": reverse("catalog:model_detail", kwargs={"slug": slug})}
            for slug in suggestions
        ],
    }
    return render(request, "404.html", context, status=404)


def read_workload(query: QueryDict, comparison: Comparison) -> tuple[WorkloadForm, Workload | None]:
    """The calculator's form and workload: the visitor's numbers, or a sensible default."""
    if not any(name in query for name in WorkloadForm.base_fields):
        workload = default_workload(comparison)
        initial = {
            "input_tokens": workload.input_tokens,
            "output_tokens": workload.output_tokens,
            "images": workload.images,
        }
        return WorkloadForm(initial=initial), workload
    form = WorkloadForm(query)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, Workload(
        input_tokens=data["input_tokens"] or 0,
        output_tokens=data["output_tokens"] or 0,
        images=data["images"] or 0,
    )


@dataclass(frozen=True)
class TableRow:
    row: Row
    a_source: int | None
    b_source: int | None


def table(comparison: Comparison, cells: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    return [
        {
            "label": group.label,
            "rows": [
                TableRow(
                    row=row,
                    a_source=cells.get((row.metric.key, "a")),
                    b_source=cells.get((row.metric.key, "b")),
                )
                for row in group.rows
            ],
        }
        for group in comparison.groups
    ]


@require_GET
@vary_on_headers("HX-Request")
def comparison(request: HtmxHttpRequest, pair: str) -> HttpResponse:
    slugs = split_pair(pair)
    if slugs is None:
        return not_found(request, [])
    resolved = AIModel.objects.published().select_related("creator", "successor").resolve(slugs)
    unknown = [slug for slug in slugs if slug not in resolved]
    if unknown:
        return not_found(request, unknown)
    first, second = resolved[slugs[0]], resolved[slugs[1]]
    if first.pk == second.pk:
        return HttpResponsePermanentRedirect(first.get_absolute_url())
    canonical = comparison_url(first.slug, second.slug)
    if request.path != canonical:
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)

    a, b = sorted([first, second], key=lambda model: model.slug)
    today = date.today()
    facts = facts_for([a, b], today)
    result = compare_models(a=facts[a.pk], b=facts[b.pk], on=today)
    form, workload = read_workload(request.GET, result)
    source_list, cells = sources(result)
    context = {
        "c": result,
        "models": {"a": a, "b": b},
        "sides": [result.a, result.b],
        "deprecated": [model for model in (a, b) if model.is_deprecated],
        "table": table(result, cells),
        "key_differences": key_differences(result),
        "when_a": when_to_use(result, "a"),
        "when_b": when_to_use(result, "b"),
        "faq": faq(result),
        "sources": source_list,
        "form": form,
        "workload": workload,
        "costs": [monthly_cost(result.a, workload), monthly_cost(result.b, workload)]
        if workload
        else [],
        "canonical_url": canonical,
    }
    template = TEMPLATE
    if request.htmx and not request.htmx.history_restore_request:
        target = request.htmx.target if request.htmx.target in PARTIALS else "comparison"
        template = f"{TEMPLATE}#{target}"
    return render(request, template, context)
