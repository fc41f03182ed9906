"""A pair's offers host by host: `/compare/<a>-vs-<b>/hosts/`.

For a visitor who must buy where their cloud is: every host that sells either
model, with each model's standard rates and the limits that host serves. The
comparison page links here, and htmx puts the table in place of the link (the
block `hosts`); without JavaScript the link opens this page. It shows the two
models only, so it is cached like their comparison page.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from comparisons.hosts import host_matrix
from comparisons.pairs import comparison_url, hosts_url
from pages.views.comparisons import pair_facts, pair_versions
from web.caching import cached_page, set_last_modified
from web.http import HtmxHttpRequest, template_for
from web.seo import page_meta

TEMPLATE = "comparisons/hosts.html"


@require_safe
@cached_page(depends=pair_versions)
def comparison_hosts(request: HtmxHttpRequest, pair: str) -> HttpResponse:
    found = pair_facts(request, pair, hosts_url)
    if isinstance(found, HttpResponse):
        return found
    a, b = found
    canonical = hosts_url(a.slug, b.slug)
    comparison = comparison_url(a.slug, b.slug)
    rows = host_matrix(a, b)
    changes = [moment for moment in (a.last_changed, b.last_changed) if moment is not None]
    context = {
        "meta": page_meta(
            request,
            title=f"{a.name} vs {b.name}: prices host by host | Versus",
            description=(
                f"Where {a.name} and {b.name} are sold, host by host: each model's standard "
                "rates and the context and output limits each host serves."
            ),
            crumbs=[(f"{a.name} vs {b.name}", comparison), ("Host by host", canonical)],
            canonical=canonical,
            noindex=True,
        ),
        "a": a,
        "b": b,
        "rows": rows,
        "both": sum(1 for row in rows if row.sells_both),
        "comparison_url": comparison,
        "fragment": bool(request.htmx and not request.htmx.history_restore_request),
    }
    response = render(request, template_for(request, TEMPLATE, {"hosts"}, "hosts"), context)
    set_last_modified(response, max(changes) if changes else None)
    return response
