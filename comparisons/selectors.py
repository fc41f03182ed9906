"""Turn catalog rows into the verdict engine's dataclasses, in a fixed number of queries.

This is the only place that knows both the ORM and `comparisons.facts`; it
owns the select_related/prefetch choices and the comparison page's query
budget (one query for the models, one for their current prices, one for
their current scores, one for the limits their hosts serve, whatever the catalog
size).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from catalog.models import AIModel, Price, Score
from catalog.models import Offer as OfferRow
from comparisons.facts import (
    ModelFacts,
    Offer,
    PriceFact,
    ScoreFact,
    State,
    Value,
)
from comparisons.metrics import (
    HEADLINE_COMPONENTS,
    HEADLINE_CONDITIONS,
    METRICS_BY_KEY,
    shown,
)
from web.caching import CacheUnavailable, model_versions, versioned_get, versioned_set

SPEC_FIELDS = (
    "release_date",
    "context_window",
    "max_output_tokens",
    "parameters",
    "open_weights",
    "license",
    "knowledge_cutoff",
    "tool_calling",
    "structured_output",
    "vision_input",
    "reasoning",
)


def spec_value(model: AIModel, field: str) -> Value:
    """One spec as a Value: known, unknown, or not disclosed by the creator."""
    raw = getattr(model, field)
    if raw is None or raw == "":
        if not model.is_disclosed(field):
            return Value(state=State.NOT_DISCLOSED, source_url=model.source_url)
        return Value(state=State.UNKNOWN)
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = Decimal(raw)
    source_url = model.source_url
    if field == "parameters" and model.parameters_source:
        source_url = model.parameters_source
    return Value(
        state=State.KNOWN,
        raw=raw,
        source_url=source_url,
        checked_on=model.checked_on,
        estimated=field == "parameters" and model.parameters_estimated,
    )


def _offers(
    model: AIModel, prices: Iterable[Price], limits: Mapping[int, OfferRow] | None = None
) -> tuple[Offer, ...]:
    by_host: dict[int, list[Price]] = defaultdict(list)
    for price in prices:
        by_host[price.host_id].append(price)
    offers = []
    for host_id, host_prices in by_host.items():
        host = host_prices[0].host
        listed = (limits or {}).get(host_id)
        offers.append(
            Offer(
                host=host.name,
                host_slug=host.slug,
                by_creator=host.pk == model.creator_id,
                context_window=listed.context_window if listed else None,
                max_output_tokens=listed.max_output_tokens if listed else None,
                source_url=listed.source_url if listed else "",
                checked_on=listed.listed_on if listed else None,
                prices=tuple(
                    PriceFact(
                        host=host.name,
                        host_slug=host.slug,
                        component=price.component,
                        unit=price.unit,
                        amount=price.amount,
                        condition=price.condition,
                        effective_from=price.effective_from,
                        source_url=price.source_url,
                        checked_on=price.checked_on,
                        starts_known=price.starts_known,
                        source_id=price.source_id,
                    )
                    for price in sorted(host_prices, key=lambda p: (p.component, p.condition))
                ),
            )
        )
    offers.sort(key=lambda offer: (not offer.by_creator, offer.host))
    return tuple(offers)


def _score_fact(score: Score) -> ScoreFact:
    benchmark = score.benchmark
    return ScoreFact(
        benchmark=benchmark.name,
        benchmark_slug=benchmark.slug,
        benchmark_category=benchmark.category,
        higher_is_better=benchmark.direction == benchmark.Direction.HIGHER,
        value=score.value,
        ci_lower=score.ci_lower,
        ci_upper=score.ci_upper,
        votes=score.votes,
        measured_on=score.measured_on,
        source_url=score.source_url,
        checked_on=score.checked_on,
        family=benchmark.family,
        variant=benchmark.variant,
        measured_by=score.measured_by,
        dataset=score.dataset,
        scale_max=benchmark.scale_max,
        designation=benchmark.designation,
        condition=score.condition,
    )


def model_facts(
    model: AIModel,
    prices: Iterable[Price],
    scores: Iterable[Score],
    limits: Mapping[int, OfferRow] | None = None,
) -> ModelFacts:
    """A model with its current prices and scores, as the verdict engine reads it.

    `limits` are the model's offers by host id: the limits each host serves.
    """
    prices = list(prices)
    scores = list(scores)
    moments = [model.updated_at, model.creator.updated_at]
    moments += [price.updated_at for price in prices]
    moments += [score.updated_at for score in scores]
    dates = [model.checked_on] if model.checked_on else []
    dates += [max(price.checked_on, price.effective_from) for price in prices]
    dates += [max(score.checked_on, score.measured_on) for score in scores]
    # An unpublished successor is not named: its name and page are not public yet.
    successor = model.successor if model.successor_id and model.successor else None
    if successor is not None and not successor.is_published:
        successor = None
    return ModelFacts(
        name=model.name,
        slug=model.slug,
        creator=model.creator.name,
        creator_slug=model.creator.slug,
        category=model.category,
        category_label=model.get_category_display(),
        specs={field: spec_value(model, field) for field in SPEC_FIELDS},
        offers=_offers(model, prices, limits),
        scores=tuple(_score_fact(score) for score in scores),
        description=model.description,
        best_for=tuple(model.best_for or ()),
        deprecated=model.is_deprecated,
        successor_name=successor.name if successor else "",
        successor_slug=successor.slug if successor else "",
        last_changed=max(moments),
        data_date=max(dates) if dates else None,
    )


def facts_for(models: Sequence[AIModel], on: date) -> dict[int, ModelFacts]:
    """ModelFacts for each model, with prices current on `on`: three queries in all."""
    ids = [model.pk for model in models]
    limits: dict[int, dict[int, OfferRow]] = defaultdict(dict)
    for row in OfferRow.objects.filter(model_id__in=ids).order_by():
        if row.ended_on is None or row.ended_on > on:
            limits[row.model_id][row.host_id] = row
    prices: dict[int, list[Price]] = defaultdict(list)
    for price in Price.objects.filter(model_id__in=ids).select_related("host").current_rows(on):
        prices[price.model_id].append(price)
    scores: dict[int, list[Score]] = defaultdict(list)
    for score in Score.objects.filter(model_id__in=ids).select_related("benchmark").current_rows():
        scores[score.model_id].append(score)
    return {
        model.pk: model_facts(model, prices[model.pk], scores[model.pk], limits[model.pk])
        for model in models
    }


def facts_by_slug(slugs: Sequence[str], on: date) -> dict[str, ModelFacts]:
    """ModelFacts of the published models with these slugs (or old slugs), keyed by the
    slug asked for; unknown slugs are left out.

    Facts are kept per model in the never-stale cache, keyed by that model's
    version, so a comparison of two models already seen today, in any pair,
    costs no query. A miss costs four.
    """
    found: dict[str, ModelFacts] = {}
    missing = []
    keys: dict[str, str] = {}
    for slug in slugs:
        cached = None
        try:
            keys[slug] = model_versions([slug])
            value = versioned_get("facts", keys[slug], slug)
            cached = value if isinstance(value, ModelFacts) else None
        except CacheUnavailable:
            pass
        if cached is not None:
            found[slug] = cached
        else:
            missing.append(slug)
    if missing:
        resolved = (
            AIModel.objects.published().select_related("creator", "successor").resolve(missing)
        )
        built = facts_for(list({model.pk: model for model in resolved.values()}.values()), on)
        for slug, model in resolved.items():
            found[slug] = built[model.pk]
            if slug in keys and slug == model.slug:
                versioned_set("facts", keys[slug], slug, built[model.pk])
    return found


def headline_prices(models: Iterable[AIModel], on: date) -> dict[int, tuple[Value, str]]:
    """Each model's headline price and its words, as its comparison pages show them:
    one query for the prices of all `models` that a headline can rest on, read as
    plain values.

    The directory sorts and filters by these, so the directory, the comparison
    pages and the "compare with" links all read the one function behind them
    (metrics.headline_price), in exact Decimal arithmetic on every database.
    """
    chosen = list(models)
    fields = (
        "model_id",
        "host_id",
        "host__name",
        "host__slug",
        "component",
        "unit",
        "condition",
        "amount",
        "effective_from",
        "ends_on",
        "source_url",
        "checked_on",
        "source_id",
    )
    newest: dict[tuple[object, ...], tuple[object, ...]] = {}
    rows = (
        Price.objects.filter(
            model_id__in=[model.pk for model in chosen],
            component__in=sorted(HEADLINE_COMPONENTS),
            condition__in=sorted(HEADLINE_CONDITIONS),
        )
        .in_effect(on)
        .order_by()
        .values_list(*fields)
    )
    for row in rows:
        key = (row[0], row[1], row[4], row[5], row[6])
        held = newest.get(key)
        if held is None or row[8] > held[8]:
            newest[key] = row
    by_model: dict[int, dict[int, list[PriceFact]]] = defaultdict(lambda: defaultdict(list))
    names: dict[int, tuple[str, str]] = {}
    for row in newest.values():
        (model_id, host_id, host, host_slug, component, unit, condition, amount) = row[:8]
        effective_from, ends_on, source_url, checked_on, source_id = row[8:]
        if ends_on is not None and ends_on <= on:  # type: ignore[operator]
            continue
        names[host_id] = (host, host_slug)  # type: ignore[index, assignment]
        by_model[model_id][host_id].append(  # type: ignore[index]
            PriceFact(
                host=host,  # type: ignore[arg-type]
                host_slug=host_slug,  # type: ignore[arg-type]
                component=component,  # type: ignore[arg-type]
                unit=unit,  # type: ignore[arg-type]
                amount=amount,  # type: ignore[arg-type]
                condition=condition,  # type: ignore[arg-type]
                effective_from=effective_from,  # type: ignore[arg-type]
                source_url=source_url,  # type: ignore[arg-type]
                checked_on=checked_on,  # type: ignore[arg-type]
                source_id=source_id,  # type: ignore[arg-type]
            )
        )
    metric = METRICS_BY_KEY["price"]
    found = {}
    for model in chosen:
        offers = [
            Offer(
                host=names[host_id][0],
                host_slug=names[host_id][1],
                by_creator=host_id == model.creator_id,
                prices=tuple(sorted(prices, key=lambda p: (p.component, p.condition))),
            )
            for host_id, prices in by_model[model.pk].items()
        ]
        offers.sort(key=lambda offer: (not offer.by_creator, offer.host))
        facts = ModelFacts(
            name=model.name,
            slug=model.slug,
            creator="",
            creator_slug="",
            category=model.category,
            category_label="",
            offers=tuple(offers),
        )
        found[model.pk] = shown(metric, facts)
    return found
