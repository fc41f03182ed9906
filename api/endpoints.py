"""The read-only JSON API, `/api/v1/`: the catalog, the leaderboards, the comparisons,
the workload ranking and the change log.

Built on django-ninja: the answers are declared as pydantic schemas
(schemas.py), from which the OpenAPI 3 schema at `/api/v1/openapi.json` and the
docs page are written, so what a client is promised and what it gets are one
declaration. Each endpoint reads what its page reads, through the same
selectors and formatters, and is served through the pages' never-stale cache
(web.caching.cached_page): an ETag and Last-Modified on every answer, 304 to a
conditional request, gzip when asked for, and no entry older than the catalog.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, Q
from django.http import HttpRequest, QueryDict
from ninja import NinjaAPI, Query, Swagger
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from api import cursor, present, schemas
from api.errors import ApiError, error_response
from catalog.changelog import KINDS, Scope, recent_changes
from catalog.models import AIModel, Benchmark, Price, Provider
from comparisons.cost import IMAGE_SIZES, default_workload, fields_for
from comparisons.metrics import METRICS_BY_KEY, format_score, shown
from comparisons.narrative import narrate, pair_workload, sources
from comparisons.pairs import split_pair
from comparisons.ranking import rank_models
from comparisons.selectors import category_facts, facts_by_slug, facts_for, headline_prices
from comparisons.verdict import SHOWN_BENCHMARKS, compare_models
from pages.filters import SORT_CHOICES, AIModelFilter
from pages.forms import MAX_IMAGES, MAX_TOKENS, read_workload_fields
from pages.leaderboards import leaderboard, model_scores
from pages.views.catalog import hosted_models, price_limits, spec_rows, within_limits
from pages.views.changes import MAX_PAGES
from pages.views.changes import PAGE_SIZE as CHANGES_PAGE_SIZE
from pages.views.cost import PAGE_SIZE as RANKING_PAGE_SIZE
from pages.views.cost import quality_board, read_criteria
from web.caching import cached_page
from web.http import moved
from web.links import page_path
from web.versioning import names_for

api = NinjaAPI(
    title="Versus API",
    version="1",
    description=(
        "The Versus catalog and its comparisons as JSON: models with their specs, prices "
        "per host and scores, each value with its source and dates; head-to-head "
        "comparisons with the verdict the pages show; the workload ranking; the change "
        "log. Read-only and open: no key, CORS open for GET, a rate limit per client "
        "address (429 with Retry-After). Money is a decimal string with its currency, "
        "never a float."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
)

# Every operation may answer these besides its 200 (a 304 to a conditional request).
ERRORS: dict[int, Any] = {304: None, 400: schemas.Error, 404: schemas.Error, 429: schemas.Error}
Sort = Literal[tuple(key for key, _ in SORT_CHOICES)]  # type: ignore[valid-type]
Capability = Literal["tool_calling", "structured_output", "vision_input", "reasoning"]
CategoryName = Literal[tuple(AIModel.Category.values)]  # type: ignore[valid-type]
Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
ImageSize = Literal[IMAGE_SIZES]  # type: ignore[valid-type]
# A decimal amount as the directory's price filters take it (or nothing, for no limit).
PRICE_PATTERN = r"^([0-9]{1,6}(\.[0-9]{1,6})?)?$"
MODELS_PAGE = 24
MODELS_PAGE_MAX = 100


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> Any:
    return error_response(error.status, error.detail, error.errors)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, error: NinjaValidationError) -> Any:
    problems = [
        (_field_name(item.get("loc", ())), str(item.get("msg", "Invalid value.")))
        for item in error.errors
    ]
    return error_response(400, "The request's parameters are not valid.", problems)


def _field_name(location: Any) -> str:
    """The query parameter a validation error is about: "capabilities.0", not
    "query.filters.capabilities.0"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in ("query", "path"):
        parts = parts[1:]
    if parts and parts[0] in GROUPED_PARAMETERS:
        parts = parts[1:]
    return ".".join(parts)


# The names of the endpoints' parameter groups (Query[...] arguments), not parameters.
GROUPED_PARAMETERS = ("filters", "query")


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, error: Exception) -> Any:
    """Left to Django, with debug on as off: a database outage is the 503 every page
    gives, anything else the 500, each rewritten as JSON (api.middleware); never a
    traceback in the answer."""
    raise error


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> Any:
    return error_response(error.status_code, str(error))


def cached(params: tuple[str, ...], depends: Any = None) -> Any:
    """The pages' cache for an endpoint, keyed by these query parameters only."""
    if depends is None:
        return decorate_view(cached_page(params=params))
    return decorate_view(cached_page(params=params, depends=depends))


def _form_errors(form: Any) -> list[tuple[str, str]]:
    return [(name, str(message)) for name, messages in form.errors.items() for message in messages]


# -- models ---------------------------------------------------------------------------------


class ModelFilters(schemas.Schema):
    q: str | None = Field(None, max_length=100, description="Name or creator.")
    category: CategoryName | None = None  # type: ignore[valid-type]
    creator: list[str] = Field([], description="Creator slugs; any of them.")
    open_weights: Literal["yes", "no"] | None = None
    capabilities: list[Capability] = Field([], description="Every one of them.")
    min_context: int | None = Field(None, ge=0, le=10**12)
    max_price: str = Field(
        "",
        pattern=PRICE_PATTERN,
        description="Blended $ per 1M tokens, e.g. 2.5.",
        examples=["2.5"],
    )
    max_image_price: str = Field(
        "", pattern=PRICE_PATTERN, description="$ per image, e.g. 0.04.", examples=["0.04"]
    )
    sort: Sort = "name"  # type: ignore[valid-type]
    cursor: str | None = Field(None, max_length=400, description="next_cursor of a page.")
    limit: int = Field(MODELS_PAGE, ge=1, le=MODELS_PAGE_MAX)


MODEL_PARAMS = tuple(ModelFilters.model_fields)


def _none_last_desc(value: Any, zero: Any = 0) -> tuple[bool, Any]:
    """Descending with the missing last; `zero` stands in for a missing value, of the
    same type as the others so that every key of one list has the same shape."""
    return (value is None, -value if value is not None else zero)


def _model_key(sort: str, row: dict[str, Any], price: tuple[Any, str] | None) -> cursor.Key:
    """Where a model sits in the list: the directory's orderings, ended by the slug."""
    tail = (row["name"].casefold(), row["name"], row["slug"])
    if sort == "context":
        return (*_none_last_desc(row["context_window"]), *tail)
    if sort == "newest":
        released = row["release_date"]
        return (*_none_last_desc(released.toordinal() if released else None), *tail)
    if sort == "score":
        score = row["arena_score"]
        score = Decimal(str(score)) if score is not None else None
        return (row["category"], *_none_last_desc(score, Decimal(0)), *tail)
    if sort == "price" and price is not None:
        value = price[0]
        raw = value.raw if value.known else Decimal(0)
        return (row["category"], not value.known, value.unit, raw, *tail)
    return tail


@api.get(
    "/models",
    response={200: schemas.ModelPage, **ERRORS},
    url_name="models",
    summary="Models, filtered as in the directory",
    tags=["catalog"],
)
@cached(MODEL_PARAMS)
def models(request: HttpRequest, filters: Query[ModelFilters]) -> Any:
    """Published models matching every filter given, a page at a time: follow
    `next_cursor` (or `next`) for the rest."""
    data = QueryDict(mutable=True)
    for name in ("q", "category", "open_weights", "min_context", "max_price", "max_image_price"):
        value = getattr(filters, name)
        if value is not None and value != "":
            data[name] = str(value)
    data.setlist("creator", filters.creator)
    data.setlist("capabilities", filters.capabilities)
    data["sort"] = filters.sort
    base = AIModel.objects.published().with_arena_score()
    filterset = AIModelFilter(data, queryset=base)
    if not filterset.form.is_valid():
        if set(filterset.form.errors) == {"creator"}:
            detail = "No creator of a published model has the slug given."
            raise ApiError(404, detail, _form_errors(filterset.form))
        raise ApiError(400, "The filters are not valid.", _form_errors(filterset.form))
    today = date.today()
    rows = list(
        filterset.qs.values(
            "pk",
            "slug",
            "name",
            "category",
            "creator_id",
            "context_window",
            "release_date",
            "arena_score",
        )
    )
    prices: dict[int, Any] = {}
    wanted = price_limits(filterset.form.cleaned_data)
    if filters.sort == "price" or wanted:
        candidates = [
            AIModel(
                id=row["pk"],
                name=row["name"],
                slug=row["slug"],
                category=row["category"],
                creator_id=row["creator_id"],
            )
            for row in rows
        ]
        prices = headline_prices(candidates, today)
        rows = [row for row in rows if within_limits(prices[row["pk"]][0], wanted)]
    keyed = sorted(
        ((_model_key(filters.sort, row, prices.get(row["pk"])), row) for row in rows),
        key=lambda item: item[0],
    )
    if filters.cursor and keyed:
        try:
            after = cursor.decode(filters.cursor, filters.sort, keyed[0][0])
            keyed = [(key, row) for key, row in keyed if key > after]
        except cursor.BadCursor as error:
            raise ApiError(400, str(error), [("cursor", str(error))]) from error
    page, more = keyed[: filters.limit], len(keyed) > filters.limit
    found = (
        AIModel.objects.published()
        .select_related("creator")
        .in_bulk([row["pk"] for _, row in page])
    )
    shown = [found[row["pk"]] for _, row in page if row["pk"] in found]
    page_prices = {pk: prices[pk] for pk in found if pk in prices} or headline_prices(shown, today)
    next_cursor = cursor.encode(filters.sort, page[-1][0]) if more and page else None
    next_url = None
    if next_cursor:
        # The filters as read, never another parameter: the answer is cached for all.
        query = QueryDict(mutable=True)
        for name, value in filters.model_dump(exclude_defaults=True).items():
            if isinstance(value, list):
                query.setlist(name, [str(item) for item in value])
            elif name != "cursor":
                query[name] = str(value)
        query["cursor"] = next_cursor
        next_url = f"{request.path}?{query.urlencode()}"
    return {
        "results": [_summary(model, page_prices[model.pk]) for model in shown],
        "count": len(rows),
        "next_cursor": next_cursor,
        "next": next_url,
    }


def _summary(model: AIModel, price: tuple[Any, str]) -> dict[str, Any]:
    value, text = price
    return {
        **present.ref_of_model(model),
        "category_label": model.get_category_display(),
        "release_date": model.release_date,
        "open_weights": model.open_weights,
        "context_window": model.context_window,
        "headline_price": present.fact(value, text),
    }


def _published_model(slug: str) -> AIModel:
    model = AIModel.objects.published().select_related("creator", "successor__creator")
    found = model.by_slug(slug)
    if found is None:
        raise ApiError(404, f"No published model has the slug {slug!r}.")
    return found


@api.get(
    "/models/{slug}",
    response={200: schemas.ModelDetail, **ERRORS},
    url_name="model",
    summary="One model: specs, prices per host, price history and scores",
    tags=["catalog"],
)
@cached(())
def model(request: HttpRequest, slug: str) -> Any:
    """A model as its page shows it. An old slug answers with the model it became."""
    found = _published_model(slug)
    today = date.today()
    facts = facts_for([found], today)[found.pk]
    history = list(Price.objects.filter(model=found).select_related("host").history())
    current = {
        (p.host_slug, p.component, p.unit, p.condition, p.effective_from)
        for offer in facts.offers
        for p in offer.prices
    }

    def status(row: Price) -> str:
        key = (row.host.slug, row.component, row.unit, row.condition, row.effective_from)
        if key in current:
            return "current"
        return "upcoming" if row.effective_from > today else "history"

    shown_scores, folded, places = model_scores(found)
    every_score = [*shown_scores, *(score for _, group in folded for score in group)]
    specs = [
        {"key": row["key"], "label": row["label"], "fact": present.fact(row["value"], row["text"])}
        for row in spec_rows(facts)
    ]
    price_value, price_text = shown(METRICS_BY_KEY["price"], facts)
    successor = found.successor if found.successor and found.successor.is_published else None
    return {
        **present.ref_of_model(found),
        "category_label": found.get_category_display(),
        "description": found.description,
        "modalities": {
            "input": list(found.input_modalities or []),
            "output": list(found.output_modalities or []),
            "source_url": found.source_url,
            "checked_on": found.checked_on,
        },
        "successor": present.ref_of_model(successor) if successor else None,
        "data_date": facts.data_date,
        "specs": specs,
        "headline_price": present.fact(price_value, price_text),
        "offers": [present.offer(offer) for offer in facts.offers],
        "price_history": [present.historic_price(row, status(row)) for row in history],
        "scores": [_score(score, places) for score in every_score],
    }


def _measured(score: Any) -> dict[str, Any]:
    """What a Score row and a leaderboard Standing share."""
    return {
        "condition": score.condition,
        "value": present.decimal_text(score.value),
        "ci_lower": present.decimal_text(score.ci_lower) if score.ci_lower is not None else None,
        "ci_upper": present.decimal_text(score.ci_upper) if score.ci_upper is not None else None,
        "votes": score.votes,
        "measured_on": score.measured_on,
        "measured_by": score.measured_by,
        "source_url": score.source_url,
    }


def _score(score: Any, places: dict[tuple[int, str], tuple[int, int, int]]) -> dict[str, Any]:
    place = places.get((score.benchmark_id, score.condition))
    ranked = place is not None and place[2] == score.pk
    return {
        **_measured(score),
        "benchmark": score.benchmark.name,
        "benchmark_slug": score.benchmark.slug,
        "unit": score.benchmark.unit,
        "checked_on": score.checked_on,
        "rank": place[0] if ranked and place else None,
        "board_size": place[1] if ranked and place else None,
    }


# -- providers ------------------------------------------------------------------------------


def _provider_summary(provider: Provider, made: int) -> dict[str, Any]:
    return {
        "slug": provider.slug,
        "name": provider.name,
        "kind": provider.kind,
        "website": provider.website,
        "url": page_path("catalog:provider_detail", slug=provider.slug),
        "api_url": page_path("api:provider", slug=provider.slug),
        "models_made": made,
    }


@api.get(
    "/providers",
    response={200: list[schemas.ProviderSummary]},
    url_name="providers",
    summary="Every lab and host with a published model or a current price",
    tags=["catalog"],
)
@cached(())
def providers(request: HttpRequest) -> Any:
    today = date.today()
    selling = Price.objects.current(today).filter(model__is_published=True)
    found = (
        Provider.objects.annotate(
            made=Count("models", filter=Q(models__is_published=True), distinct=True)
        )
        .filter(Q(made__gt=0) | Q(pk__in=selling.values("host_id")))
        .order_by("name")
    )
    return [_provider_summary(provider, provider.made) for provider in found]  # type: ignore[attr-defined]


@api.get(
    "/providers/{slug}",
    response={200: schemas.ProviderDetail, **ERRORS},
    url_name="provider",
    summary="One provider: the models it makes and the models of others it hosts",
    tags=["catalog"],
)
@cached(())
def provider(request: HttpRequest, slug: str) -> Any:
    found = Provider.objects.by_slug(slug)
    if found is None:
        raise ApiError(404, f"No provider has the slug {slug!r}.")
    made = list(found.models.published().select_related("creator").order_by("category", "name"))
    hosted = hosted_models(found, date.today())
    return {
        **_provider_summary(found, len(made)),
        "description": found.description,
        "made": [present.ref_of_model(model) for model in made],
        "hosted": [present.ref_of_model(model) for model in hosted],
    }


# -- benchmarks -----------------------------------------------------------------------------


def _benchmark_summary(benchmark: Benchmark) -> dict[str, Any]:
    return {
        "slug": benchmark.slug,
        "name": benchmark.name,
        "category": benchmark.category,
        "unit": benchmark.unit,
        "higher_is_better": benchmark.direction == Benchmark.Direction.HIGHER,
        "url": page_path("catalog:benchmark_detail", slug=benchmark.slug),
        "api_url": page_path("api:benchmark", slug=benchmark.slug),
    }


@api.get(
    "/benchmarks",
    response={200: list[schemas.BenchmarkSummary]},
    url_name="benchmarks",
    summary="Every benchmark with a published model's score",
    tags=["benchmarks"],
)
@cached(())
def benchmarks(request: HttpRequest) -> Any:
    found = (
        Benchmark.objects.filter(scores__model__is_published=True)
        .distinct()
        .order_by("category", "family", "variant", "name")
    )
    return [_benchmark_summary(benchmark) for benchmark in found]


@api.get(
    "/benchmarks/{slug}",
    response={200: schemas.Leaderboard, **ERRORS},
    url_name="benchmark",
    summary="A benchmark's leaderboard",
    tags=["benchmarks"],
)
@cached(())
def benchmark(request: HttpRequest, slug: str) -> Any:
    """Each published model's newest score, per mode it ran in, best first, with
    competition ranks (equal scores share one)."""
    found = Benchmark.objects.filter(slug=slug).first()
    if found is None:
        raise ApiError(404, f"No benchmark has the slug {slug!r}.")
    return {
        **_benchmark_summary(found),
        "description": found.description,
        "standings": [
            {
                **_measured(standing),
                "rank": standing.rank,
                "model": standing.name,
                "slug": standing.slug,
                "creator": standing.creator,
                "deprecated": standing.deprecated,
            }
            for standing in leaderboard(found)
        ],
    }


# -- comparisons ----------------------------------------------------------------------------


def _pair_versions(request: HttpRequest, pair: str) -> list[str]:
    return names_for(split_pair(pair) or [])


@api.get(
    "/compare/{pair}",
    response={200: schemas.Comparison, 301: None, **ERRORS},
    url_name="compare",
    summary="Two models head to head, as their comparison page shows them",
    tags=["comparisons"],
)
@cached((), depends=_pair_versions)
def compare(request: HttpRequest, pair: str) -> Any:
    """`pair` is two slugs joined by `-vs-`, the first alphabetically first (`a`); any
    other order, or an old slug, is a 301 to that address. The rows, the verdict,
    its categories, the words and the sources are the page's, and the costs are for
    the page's default month of work."""
    slugs = split_pair(pair)
    if slugs is None:
        raise ApiError(404, "A pair is two model slugs joined by -vs-, e.g. gpt-4o-vs-o3.")
    today = date.today()
    resolved = facts_by_slug(slugs, today)
    unknown = [slug for slug in slugs if slug not in resolved]
    if unknown:
        raise ApiError(404, f"No published model has the slug {unknown[0]!r}.")
    a, b = sorted((resolved[slugs[0]], resolved[slugs[1]]), key=lambda facts: facts.slug)
    if a.slug == b.slug:
        raise ApiError(400, "A comparison needs two different models.", [("pair", "Same model")])
    canonical = page_path("api:compare", pair=f"{a.slug}-vs-{b.slug}")
    if request.path != canonical:
        # Another order or an old slug: one address per pair, as the pages have, so
        # that what is cached under a pair's models is what their changes refresh.
        return moved(canonical)
    result = compare_models(a=a, b=b, on=today, benchmarks=SHOWN_BENCHMARKS)
    workload = pair_workload(result)
    story = narrate(result, workload)
    listed, _cells = sources(result)
    return present.comparison(result, story, listed, workload.describe())


# -- the workload ranking -------------------------------------------------------------------


class CostQuery(schemas.Schema):
    category: CategoryName = AIModel.Category.TEXT  # type: ignore[valid-type]
    input_tokens: int | None = Field(None, ge=0, le=MAX_TOKENS)
    output_tokens: int | None = Field(None, ge=0, le=MAX_TOKENS)
    cached_share: int | None = Field(None, ge=0, le=100, description="% of input cached.")
    reasoning_share: int | None = Field(None, ge=0, le=100, description="% of output thinking.")
    prompt_tokens: int | None = Field(None, ge=0, le=MAX_TOKENS)
    batch: bool = False
    images: int | None = Field(None, ge=0, le=MAX_IMAGES)
    image_quality: Literal["low", "standard", "high"] | None = None
    image_size: ImageSize | None = None
    characters: int | None = Field(None, ge=0, le=MAX_TOKENS)
    audio_minutes: int | None = Field(None, ge=0, le=MAX_IMAGES)
    video_seconds: int | None = Field(None, ge=0, le=MAX_IMAGES)
    open_weights: Literal["yes", "no"] | None = None
    capabilities: list[Capability] = []
    min_context: int | None = Field(None, ge=0, le=MAX_TOKENS)
    min_quality: str = Field(
        "",
        pattern=r"^([0-9]{1,5}(\.[0-9]{1,2})?)?$",
        description="The lowest quality score, e.g. 1400.",
        examples=["1400"],
    )
    page: int = Field(1, ge=1, le=10_000)


COST_PARAMS = tuple(CostQuery.model_fields)


@api.get(
    "/cost",
    response={200: schemas.Ranking, **ERRORS},
    url_name="cost",
    summary="Every model of a category ranked by what a month of work would cost",
    tags=["comparisons"],
)
@cached(COST_PARAMS)
def cost(request: HttpRequest, query: Query[CostQuery]) -> Any:
    """A month of work in (the fields that apply to the category; any left out takes
    the ranking page's default), each model's cheapest complete total out, with how
    it was reached. A model no host fully prices is listed apart, never ranked."""
    data = QueryDict(mutable=True)
    for name, value in query.model_dump(exclude={"page"}).items():
        if name == "capabilities":
            data.setlist(name, value)
        elif name == "batch":
            if value:
                data[name] = "on"
        elif value is not None and value != "":
            data[name] = str(value)
    criteria_form, category, criteria = read_criteria(data)
    if not criteria_form.is_valid():
        raise ApiError(400, "The criteria are not valid.", _form_errors(criteria_form))
    fields, workload = read_workload_fields(
        data, fields_for({category}), default_workload({category})
    )
    if workload is None:
        problems = [(f["name"], str(e)) for f in fields["fields"] for e in f["errors"]]
        raise ApiError(400, "The workload is not valid.", problems)
    models = category_facts(category, date.today())
    board = quality_board(models, category)
    empty = workload.empty
    ranking = rank_models(models, workload, criteria) if not empty else None
    ranked = ranking.ranked if ranking else ()
    pages = max(1, math.ceil(len(ranked) / RANKING_PAGE_SIZE))
    if query.page > pages:
        raise ApiError(404, f"This ranking has {pages} page{'s' if pages != 1 else ''}.")
    start = (query.page - 1) * RANKING_PAGE_SIZE

    def entry(item: Any) -> dict[str, Any]:
        quality = format_score(item.quality) if item.quality.known else "No score"
        return present.ranked(item, quality)

    return {
        "category": category,
        "workload": workload.describe(),
        "quality_board": board,
        "considered": ranking.considered if ranking else len(models),
        "priced": len(ranked),
        "total": ranking.total if ranking else 0,
        "page": query.page,
        "pages": pages,
        "ranked": [entry(item) for item in ranked[start : start + RANKING_PAGE_SIZE]],
        "unpriced": [entry(item) for item in ranking.unpriced] if ranking else [],
    }


# -- the change log -------------------------------------------------------------------------


class ChangesQuery(schemas.Schema):
    creator: str | None = Field(None, max_length=80, description="A creator's slug.")
    kind: Kind | None = None  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=MAX_PAGES)


@api.get(
    "/changes",
    response={200: schemas.Changes, **ERRORS},
    url_name="changes",
    summary="What changed in the catalog, newest first",
    tags=["catalog"],
)
@cached(tuple(ChangesQuery.model_fields))
def changes(request: HttpRequest, query: Query[ChangesQuery]) -> Any:
    """New models, price changes, retired offers and new scores, each dated by its data
    (never by when it was loaded), 50 to a page."""
    published = Provider.objects.filter(models__is_published=True, slug=query.creator or "")
    if query.creator and not published.exists():
        raise ApiError(404, f"No creator of a published model has the slug {query.creator!r}.")
    scope = Scope(
        kinds=frozenset([query.kind]) if query.kind else frozenset(),
        creator=query.creator or "",
    )
    size = CHANGES_PAGE_SIZE
    found = recent_changes(scope, date.today(), query.page * size + 1)
    shown = found[(query.page - 1) * size : query.page * size]
    return {
        "page": query.page,
        "has_next": len(found) > query.page * size and query.page < MAX_PAGES,
        "results": [
            {
                "day": change.day,
                "kind": change.kind,
                "kind_label": change.kind_label,
                "model": change.model_name,
                "model_slug": change.model_slug,
                "creator": change.creator,
                "title": change.title,
                "detail": change.detail,
                "source_url": change.source_url,
                "key": change.key,
            }
            for change in shown
        ],
    }
