"""Turn catalog rows into the verdict engine's dataclasses, in a fixed number of queries.

This is the only place that knows both the ORM and `comparisons.facts`; it
owns the select_related/prefetch choices and the comparison page's query
budget (one query for the models, one for their current prices, one for
their current scores, one for the limits their hosts serve, one for what other
sources say of their values, whatever the catalog size).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet

from catalog.models import AIModel, Discrepancy, Price, Score
from catalog.models import Offer as OfferRow
from catalog.querysets import AIModelQuerySet
from catalog.tracking import dataset_name, price_field
from catalog.units import describe_price, format_count
from comparisons.facts import (
    Dissent,
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
    QUALITY,
    format_date,
    shown,
)
from web.caching import (
    CacheUnavailable,
    catalog_version,
    model_versions,
    versioned_get,
    versioned_set,
)

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


# The specs whose disagreements are shown beside them: each one's words for a value.
DISSENTING_SPECS = {
    "release_date": lambda raw: format_date(raw),
    "context_window": lambda raw: f"{format_count(int(raw))} tokens",
    "max_output_tokens": lambda raw: f"{format_count(int(raw))} tokens",
}
Disagreements = Mapping[str, Sequence[Discrepancy]]  # a model's open ones, by field


def disagreements_for(ids: Sequence[int]) -> dict[int, dict[str, list[Discrepancy]]]:
    """The open disagreements about these models' specs and prices, by model id and field:
    one query."""
    found: dict[int, dict[str, list[Discrepancy]]] = defaultdict(lambda: defaultdict(list))
    rows = Discrepancy.objects.filter(model_id__in=ids, resolved=False).exclude(
        field__startswith="score on "
    )
    for row in rows.order_by("dataset"):
        found[row.model_id][row.field].append(row)
    return found


def _other_value(field: str, text: str) -> Any:
    """A disagreement's value read back as the field's type; None when it cannot be."""
    try:
        if field == "release_date":
            return date.fromisoformat(text)
        if field in DISSENTING_SPECS:
            return int(Decimal(text))
        return Decimal(text)
    except (ValueError, ArithmeticError):
        return None


def _dissent(
    rows: Sequence[Discrepancy],
    field: str,
    shown_raw: Any,
    words: Any,
    shown_source: tuple[str, date | None],
) -> tuple[Dissent, ...]:
    """What other sources say of a value shown, where it differs from what is shown."""
    found = []
    for row in rows:
        other = _other_value(field, row.imported_value)
        if other is None or other == shown_raw:
            continue
        found.append(
            Dissent(
                text=words(other),
                source=dataset_name(row.dataset),
                dated=row.dataset_date,
                shown_text=words(shown_raw),
                shown_source=dataset_name(shown_source[0]),
                shown_dated=shown_source[1],
            )
        )
    return tuple(found)


def _spec_source(model: AIModel, field: str) -> tuple[str, date | None]:
    """The dataset a spec's value came from and that dataset's date; ("", None) for an
    editor's."""
    owner = (model.provenance or {}).get(field) or {}
    if owner.get("origin") != "import":
        return "", None
    dated = owner.get("dataset_date")
    return owner.get("dataset", ""), date.fromisoformat(dated) if dated else None


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


def _price_fact(price: Price, disagreements: Disagreements | None = None) -> PriceFact:
    host = price.host
    field = price_field(price.component, price.unit, price.condition, host.slug)
    rows = (disagreements or {}).get(field, ())
    dissent = _dissent(
        rows,
        field,
        price.amount,
        lambda amount: describe_price(amount.normalize(), price.component, price.unit),
        (price.dataset if price.origin == Price.Origin.IMPORT else "", price.dataset_date),
    )
    return PriceFact(
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
        dissent=dissent,
    )


def _group_offers(
    creator_id: int,
    by_host: Mapping[int, Sequence[PriceFact]],
    limits: Mapping[int, OfferRow] | None = None,
) -> tuple[Offer, ...]:
    """A model's offers from its current prices grouped by host id: the creator's first,
    then hosts by name; each with the limits that host serves, when known."""
    offers = []
    for host_id, host_prices in by_host.items():
        listed = (limits or {}).get(host_id)
        offers.append(
            Offer(
                host=host_prices[0].host,
                host_slug=host_prices[0].host_slug,
                by_creator=host_id == creator_id,
                context_window=listed.context_window if listed else None,
                max_output_tokens=listed.max_output_tokens if listed else None,
                source_url=listed.source_url if listed else "",
                checked_on=listed.listed_on if listed else None,
                prices=tuple(sorted(host_prices, key=lambda p: (p.component, p.condition))),
            )
        )
    offers.sort(key=lambda offer: (not offer.by_creator, offer.host))
    return tuple(offers)


def _offers(
    model: AIModel,
    prices: Iterable[Price],
    limits: Mapping[int, OfferRow] | None = None,
    disagreements: Disagreements | None = None,
) -> tuple[Offer, ...]:
    by_host: dict[int, list[PriceFact]] = defaultdict(list)
    for price in prices:
        by_host[price.host_id].append(_price_fact(price, disagreements))
    return _group_offers(model.creator_id, by_host, limits)


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
    disagreements: Disagreements | None = None,
) -> ModelFacts:
    """A model with its current prices and scores, as the verdict engine reads it.

    `limits` are the model's offers by host id: the limits each host serves;
    `disagreements` its open discrepancies by field, shown beside the values.
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
    return _assemble(
        model,
        offers=_offers(model, prices, limits, disagreements),
        scores=tuple(_score_fact(score) for score in scores),
        last_changed=max(moments),
        data_date=max(dates) if dates else None,
        successor=successor,
        disagreements=disagreements,
    )


def _assemble(
    model: AIModel,
    *,
    offers: tuple[Offer, ...],
    scores: tuple[ScoreFact, ...],
    last_changed: datetime | None,
    data_date: date | None,
    successor: AIModel | None = None,
    disagreements: Disagreements | None = None,
) -> ModelFacts:
    specs = {field: spec_value(model, field) for field in SPEC_FIELDS}
    for field, words in DISSENTING_SPECS.items():
        rows = (disagreements or {}).get(field)
        value = specs[field]
        if rows and value.known:
            shown_raw = int(value.raw) if isinstance(value.raw, Decimal) else value.raw
            found = _dissent(rows, field, shown_raw, words, _spec_source(model, field))
            specs[field] = replace(value, dissent=found)
    return ModelFacts(
        name=model.name,
        slug=model.slug,
        creator=model.creator.name,
        creator_slug=model.creator.slug,
        category=model.category,
        category_label=model.get_category_display(),
        specs=specs,
        offers=offers,
        scores=scores,
        description=model.description,
        best_for=tuple(model.best_for or ()),
        deprecated=model.is_deprecated,
        successor_name=successor.name if successor else "",
        successor_slug=successor.slug if successor else "",
        last_changed=last_changed,
        data_date=data_date,
    )


def facts_for(models: Sequence[AIModel], on: date) -> dict[int, ModelFacts]:
    """ModelFacts for each model, with prices current on `on` and what other sources say
    of them: four queries in all."""
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
    disagreements = disagreements_for(ids)
    return {
        model.pk: model_facts(
            model, prices[model.pk], scores[model.pk], limits[model.pk], disagreements[model.pk]
        )
        for model in models
    }


def facts_by_slug(slugs: Sequence[str], on: date) -> dict[str, ModelFacts]:
    """ModelFacts of the published models with these slugs (or old slugs), keyed by the
    slug asked for; unknown slugs are left out.

    Facts are kept per model in the never-stale cache, keyed by that model's
    version, so a comparison of two models already seen today, in any pair,
    costs no query. A miss costs five.
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
    by_model = current_price_facts(
        Price.objects.filter(
            model_id__in=[model.pk for model in chosen],
            component__in=sorted(HEADLINE_COMPONENTS),
            condition__in=sorted(HEADLINE_CONDITIONS),
        ),
        on,
    )
    metric = METRICS_BY_KEY["price"]
    found = {}
    for model in chosen:
        offers = _group_offers(model.creator_id, by_model[model.pk])
        facts = ModelFacts(
            name=model.name,
            slug=model.slug,
            creator="",
            creator_slug="",
            category=model.category,
            category_label="",
            offers=offers,
        )
        found[model.pk] = shown(metric, facts)
    return found


PRICE_FIELDS = (
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
    "starts_known",
)


def current_price_facts(prices: QuerySet[Price], on: date) -> dict[int, dict[int, list[PriceFact]]]:
    """The current rows of `prices` on `on` (as PriceQuerySet.current_rows picks them),
    read as plain values: one query, grouped by model id, then host id."""
    newest: dict[tuple[object, ...], tuple[Any, ...]] = {}
    for row in prices.in_effect(on).order_by().values_list(*PRICE_FIELDS):  # type: ignore[attr-defined]
        key = (row[0], row[1], row[4], row[5], row[6])
        held = newest.get(key)
        if held is None or row[8] > held[8]:
            newest[key] = row
    by_model: dict[int, dict[int, list[PriceFact]]] = defaultdict(lambda: defaultdict(list))
    for row in newest.values():
        model_id, host_id, host, host_slug, component, unit, condition, amount = row[:8]
        effective_from, ends_on, source_url, checked_on, source_id, starts_known = row[8:]
        if ends_on is not None and ends_on <= on:
            continue
        by_model[model_id][host_id].append(
            PriceFact(
                host=host,
                host_slug=host_slug,
                component=component,
                unit=unit,
                amount=amount,
                condition=condition,
                effective_from=effective_from,
                source_url=source_url,
                checked_on=checked_on,
                source_id=source_id,
                starts_known=starts_known,
            )
        )
    return by_model


def ranking_facts(models: AIModelQuerySet, on: date) -> list[ModelFacts]:
    """Facts enough to price a workload and show its quality score, for every model of
    `models`: their current prices, the limits each host serves and their scores on the
    board designated as their category's quality metric (no other score, no
    successor). Four queries, read as plain values where there are many rows."""
    chosen = list(models.select_related("creator").order_by())
    ids = models.order_by().values("pk")
    limits: dict[int, dict[int, OfferRow]] = defaultdict(dict)
    for row in OfferRow.objects.filter(model_id__in=ids).order_by():
        if row.ended_on is None or row.ended_on > on:
            limits[row.model_id][row.host_id] = row
    prices = current_price_facts(Price.objects.filter(model_id__in=ids), on)
    scores: dict[int, list[ScoreFact]] = defaultdict(list)
    quality = Score.objects.filter(
        model_id__in=ids,
        benchmark__designation=QUALITY,
        benchmark__category=F("model__category"),
    )
    for score in quality.select_related("benchmark").current_rows():
        scores[score.model_id].append(_score_fact(score))
    found = []
    for model in chosen:
        offers = _group_offers(model.creator_id, prices[model.pk], limits[model.pk])
        dates = [model.checked_on] if model.checked_on else []
        dates += [max(p.checked_on, p.effective_from) for o in offers for p in o.prices]
        dates += [max(s.checked_on, s.measured_on) for s in scores[model.pk]]
        found.append(
            _assemble(
                model,
                offers=offers,
                scores=tuple(scores[model.pk]),
                last_changed=model.updated_at,
                data_date=max(dates) if dates else None,
            )
        )
    return found


def category_facts(category: str, on: date) -> list[ModelFacts]:
    """ranking_facts of every published model of one category, in name order.

    Kept in the never-stale cache under the whole catalog's version: any change
    to the catalog is a new version, so a ranking never reads facts older than
    the catalog. A miss costs four queries.
    """
    key = f"category:{category}"
    version = None
    try:
        version = catalog_version()
        cached = versioned_get("facts", version, key, on.isoformat())
        if isinstance(cached, list):
            return cached
    except CacheUnavailable:
        pass
    models = AIModel.objects.published().filter(category=category)
    found = sorted(ranking_facts(models, on), key=lambda facts: facts.name.casefold())
    if version is not None:
        versioned_set("facts", version, key, found, on.isoformat())
    return found
