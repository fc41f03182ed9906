"""The workload ranking: `/cost/`, every model of a category by what a month would cost.

A visitor describes a month of work (the comparison page's calculator fields
for the category) and what every model must have; each published model of the
category is priced at every host that sells it and ranked by its cheapest
complete total. Everything lives in the query string, so a ranking can be
shared; htmx swaps the section `cost` in place, and without JavaScript the form
loads the same page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import AIModel
from comparisons.cost import Workload, default_workload, fields_for
from comparisons.facts import ModelFacts
from comparisons.metrics import QUALITY
from comparisons.ranking import Criteria, rank_models
from comparisons.selectors import category_facts
from pages.forms import RankingForm, WorkloadForm, form_context, read_workload_fields
from web.caching import cached_page
from web.http import HtmxHttpRequest, template_for
from web.links import page_path
from web.seo import page_meta

PAGE_SIZE = 50
TEMPLATE = "cost/ranking.html"
COST_PARAMS = frozenset([*WorkloadForm.base_fields, *RankingForm.base_fields, "page"])


# The criteria each category's models can be asked for: capabilities are text models'
# specs, and a context window is a limit of models that read tokens.
CRITERIA_FOR: dict[str, tuple[str, ...]] = {
    AIModel.Category.TEXT: ("open_weights", "capabilities", "min_context", "min_quality"),
    AIModel.Category.EMBEDDING: ("open_weights", "min_context", "min_quality"),
}
OTHER_CRITERIA = ("open_weights", "min_quality")


def read_criteria(query: QueryDict) -> tuple[RankingForm, str, Criteria]:
    """The criteria form, the category asked for (text generation unless a valid one is
    named) and what every model must meet; an invalid criterion is shown as an error
    and asks nothing, and one that does not apply to the category is not read."""
    asked = query.get("category", "")
    category = asked if asked in AIModel.Category.values else AIModel.Category.TEXT
    applies = CRITERIA_FOR.get(category, OTHER_CRITERIA)
    data = QueryDict(mutable=True)
    for name in ("category", *applies):
        if name in query:
            data.setlist(name, query.getlist(name))
    form = RankingForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    weights = cleaned.get("open_weights")
    criteria = Criteria(
        open_weights={"yes": True, "no": False}.get(weights or ""),
        capabilities=tuple(cleaned.get("capabilities") or ()),
        min_context=cleaned.get("min_context"),
        min_quality=cleaned.get("min_quality"),
    )
    return form, category, criteria


def quality_board(models: list[ModelFacts], category: str) -> str:
    """The name of the board that is this category's quality score, from the scores
    themselves ("" when no model has one)."""
    names = sorted(
        (score.benchmark_slug, score.benchmark)
        for facts in models
        for score in facts.scores
        if score.designation == QUALITY and score.benchmark_category == category
    )
    return names[0][1] if names else ""


def shared_query(query: QueryDict, page: int | None = None) -> str:
    """The ranking's own parameters, in order, for links to other pages of it."""
    kept = QueryDict(mutable=True)
    for name in sorted(COST_PARAMS & set(query)):
        if name != "page":
            kept.setlist(name, query.getlist(name))
    if page is not None and page > 1:
        kept["page"] = str(page)
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else ""


def _without(query: QueryDict, names: Iterable[str], category: str) -> QueryDict:
    """The query less these parameters, keeping the category when it is not the default."""
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    if category != AIModel.Category.TEXT:
        kept["category"] = category
    return kept


def ranking_url(category: str, workload: Workload) -> str:
    """The ranking of a category's models for this workload: its address, which names
    the category (unless text generation) and every field of the workload it reads."""
    query: list[tuple[str, str]] = []
    if category != AIModel.Category.TEXT:
        query.append(("category", category))
    for name in fields_for({category}):
        value = getattr(workload, name)
        if name == "batch":
            if value:
                query.append((name, "on"))
        else:
            query.append((name, str(value)))
    path = page_path("comparisons:cost")
    return f"{path}?{urlencode(query)}" if query else path


@require_safe
@cached_page(params=COST_PARAMS)
def cost_ranking(request: HtmxHttpRequest) -> HttpResponse:
    today = date.today()
    criteria_form, category, criteria = read_criteria(request.GET)
    shown = fields_for({category})
    workload_form, workload = read_workload_fields(request.GET, shown, default_workload({category}))
    models = category_facts(category, today)
    label = AIModel.Category(category).label
    board = quality_board(models, category)
    # No month of work (every number zero) ranks nothing: each model would cost $0.00.
    empty = workload is not None and workload.empty
    ranking = rank_models(models, workload, criteria) if workload and not empty else None
    page = Paginator(ranking.ranked if ranking else (), PAGE_SIZE).get_page(request.GET.get("page"))
    path = reverse("comparisons:cost")
    canonical = path if category == AIModel.Category.TEXT else f"{path}?category={category}"
    context: dict[str, Any] = {
        "meta": page_meta(
            request,
            title=f"{label} models ranked by monthly cost | Versus",
            description=(
                f"Every {label.lower()} model ranked by what your month of work would cost, "
                "priced at the host that makes it cheapest, with its quality score and "
                "how each total was reached."
            ),
            crumbs=[("Cost ranking", path)],
            canonical=canonical,
            # One address per category is indexed; a visitor's own numbers are not.
            noindex=bool((COST_PARAMS - {"category"}) & set(request.GET)),
        ),
        "criteria": {field["name"]: field for field in form_context(criteria_form)["fields"]},
        "applies": CRITERIA_FOR.get(category, OTHER_CRITERIA),
        "workload_form": workload_form,
        "workload": workload,
        "category": category,
        "category_label": label,
        "board": board,
        "ranking": ranking,
        "page": page,
        "asked": criteria.asked(),
        "empty": empty,
        # The same month of work with no criterion.
        "without_criteria": shared_query(_without(request.GET, RankingForm.base_fields, category)),
        "action": path,
        "page_query": {
            number: shared_query(request.GET, number)
            for number in (page.number - 1, page.number + 1)
        },
    }
    return render(request, template_for(request, TEMPLATE, {"cost"}, "cost"), context)
