"""Benchmark pages: `/benchmarks/`, and `/benchmarks/<slug>/` with its leaderboard."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import Benchmark
from pages.leaderboards import leaderboard
from web.caching import cached_page
from web.links import absolute_url
from web.seo import page_meta


@require_safe
@cached_page
def benchmark_list(request: HttpRequest) -> HttpResponse:
    benchmarks = Benchmark.objects.annotate(
        models=Count("scores__model", filter=Q(scores__model__is_published=True), distinct=True)
    ).order_by("category", "family", "variant", "name")
    context = {
        "meta": page_meta(
            request,
            title="AI benchmarks and leaderboards | Versus",
            description="Every benchmark Versus records, each with the leaderboard of its "
            "published models, their scores, intervals, dates and sources.",
            crumbs=[("Benchmarks", reverse("catalog:benchmark_list"))],
        ),
        "benchmarks": [benchmark for benchmark in benchmarks if benchmark.models],
    }
    return render(request, "benchmarks/list.html", context)


@require_safe
@cached_page
def benchmark_detail(request: HttpRequest, slug: str) -> HttpResponse:
    benchmark = Benchmark.objects.filter(slug=slug).first()
    if benchmark is None:
        raise Http404("No such benchmark.")
    standings = leaderboard(benchmark)
    path = reverse("catalog:benchmark_detail", kwargs={"slug": benchmark.slug})
    newest = max((standing.measured_on for standing in standings), default=None)
    context = {
        "meta": page_meta(
            request,
            title=f"{benchmark.name} leaderboard | Versus",
            description=benchmark.description
            or f"{len(standings)} published AI models ranked on {benchmark.name}, with "
            "each score's interval, date and source.",
            crumbs=[
                ("Benchmarks", reverse("catalog:benchmark_list")),
                (benchmark.name, path),
            ],
            jsonld=[
                {
                    "@context": "https://schema.org",
                    "@type": "Dataset",
                    "name": f"{benchmark.name} leaderboard",
                    "url": absolute_url(path),
                    **({"dateModified": newest.isoformat()} if newest else {}),
                }
            ],
        ),
        "benchmark": benchmark,
        "standings": standings,
        "intervals": any(standing.ci_lower is not None for standing in standings),
        "votes": any(standing.votes is not None for standing in standings),
    }
    return render(request, "benchmarks/detail.html", context)
