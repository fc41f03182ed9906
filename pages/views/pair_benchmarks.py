"""Every benchmark score of a pair side by side: `/compare/<a>-vs-<b>/benchmarks/`.

The comparison page's table shows the designated boards and a handful of other
benchmarks; the rest, often dozens, are one link away here, with the same rows,
results and citations. It shows the two models only, so it is cached like their
comparison page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from comparisons import materiality
from comparisons.narrative import sources
from comparisons.pairs import benchmarks_url, comparison_url
from comparisons.verdict import compare_models
from pages.views.comparisons import pair_facts, pair_versions
from web.caching import cached_page, set_last_modified
from web.http import HtmxHttpRequest
from web.seo import page_meta

TEMPLATE = "comparisons/benchmarks.html"


@require_safe
@cached_page(depends=pair_versions)
def comparison_benchmarks(request: HtmxHttpRequest, pair: str) -> HttpResponse:
    found = pair_facts(request, pair, benchmarks_url)
    if isinstance(found, HttpResponse):
        return found
    a, b = found
    canonical = benchmarks_url(a.slug, b.slug)
    compared = compare_models(a=a, b=b, on=date.today())
    rows = tuple(
        row
        for row in compared.rows
        if row.metric.group == "quality" and (row.a.known or row.b.known)
    )
    result = replace(compared, rows=rows)  # numbered sources: this page's rows only
    listed, cells = sources(result)
    comparison = comparison_url(a.slug, b.slug)
    names = f"{a.name} and {b.name}"
    context = {
        "meta": page_meta(
            request,
            title=f"{a.name} vs {b.name}: every benchmark score | Versus",
            description=(
                f"{names} on every benchmark either has a score on, side by side, "
                "with who measured each score and its source."
            ),
            crumbs=[(f"{a.name} vs {b.name}", comparison), ("Benchmarks", canonical)],
            canonical=canonical,
            noindex=True,
        ),
        "c": result,
        "rows": rows,
        "shared": sum(1 for row in rows if row.a.known and row.b.known),
        "cells": cells,
        "sources": listed,
        "rule": materiality.RULE,
        "comparison_url": comparison,
    }
    response = render(request, TEMPLATE, context)
    set_last_modified(response, result.last_updated)
    return response
