"""Catalog and comparison results as the API's plain values (see schemas.py).

Every value is read from the same functions the pages read, and worded by the
same formatters, so a number here is the number on the page.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from catalog.models import AIModel
from catalog.models import Price as PriceRow
from catalog.units import describe_price, format_listed_usd
from comparisons.cost import Cost, CostLine, format_money
from comparisons.facts import Dissent, ModelFacts, Offer, PriceFact, Value
from comparisons.narrative import Narrative, Source
from comparisons.ranking import Ranked
from comparisons.verdict import Comparison, Outcome, Row, Verdict
from web.links import page_path

CURRENCY = "USD"


def decimal_text(amount: Decimal) -> str:
    """A Decimal as a plain decimal string: 3, 0.075, 1250000 (never an exponent)."""
    return f"{amount.normalize():f}"


def money(amount: Decimal, text: str) -> dict[str, str]:
    return {"amount": decimal_text(amount), "currency": CURRENCY, "text": text}


def raw_value(raw: object) -> bool | str | list[str] | None:
    if raw is None or isinstance(raw, bool | str):
        return raw
    if isinstance(raw, Decimal):
        return decimal_text(raw)
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, tuple):
        return [str(item) for item in raw]
    return str(raw)


def dissent(items: tuple[Dissent, ...]) -> list[dict[str, Any]]:
    return [
        {
            "text": item.text,
            "source": item.source,
            "dated": item.dated,
            "shown_text": item.shown_text,
            "shown_source": item.shown_source,
            "shown_dated": item.shown_dated,
        }
        for item in items
    ]


def fact(value: Value, text: str) -> dict[str, Any]:
    known = value.known
    return {
        "state": value.state.value,
        "value": raw_value(value.raw) if known else None,
        "text": text,
        "unit": value.unit,
        "source_url": value.source_url if known else "",
        "checked_on": value.checked_on if known else None,
        "estimated": value.estimated,
        "derived": value.derived,
        "self_reported": value.self_reported,
        "interval": [decimal_text(end) for end in value.interval] if value.interval else None,
        "votes": value.votes,
        "measured_on": value.measured_on,
        "note": value.note,
        "dissent": dissent(value.dissent),
    }


def provider_ref(slug: str, name: str) -> dict[str, str]:
    return {"slug": slug, "name": name}


def model_ref(
    slug: str, name: str, category: str, creator_slug: str, creator: str, *, deprecated: bool
) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": name,
        "category": category,
        "status": "deprecated" if deprecated else "active",
        "creator": provider_ref(creator_slug, creator),
        "url": page_path("catalog:model_detail", slug=slug),
        "api_url": page_path("api:model", slug=slug),
    }


def ref_of_model(model: AIModel) -> dict[str, Any]:
    return model_ref(
        model.slug,
        model.name,
        model.category,
        model.creator.slug,
        model.creator.name,
        deprecated=model.status == AIModel.Status.DEPRECATED,
    )


def ref_of_facts(facts: ModelFacts) -> dict[str, Any]:
    return model_ref(
        facts.slug,
        facts.name,
        facts.category,
        facts.creator_slug,
        facts.creator,
        deprecated=facts.deprecated,
    )


def _priced(amount: Decimal, component: str, unit: str, condition: str) -> dict[str, Any]:
    return {
        "component": component,
        "unit": unit,
        "price": money(amount, format_listed_usd(amount)),
        "text": describe_price(amount, component, unit),
        "condition": condition,
    }


def price(item: PriceFact) -> dict[str, Any]:
    return {
        **_priced(item.amount, item.component, item.unit, item.condition),
        "component_label": PriceRow.Component(item.component).label,
        "effective_from": item.effective_from,
        "effective_from_known": item.starts_known,
        "source_url": item.source_url,
        "checked_on": item.checked_on,
        "dissent": dissent(item.dissent),
    }


def offer(item: Offer) -> dict[str, Any]:
    return {
        "host": item.host,
        "host_slug": item.host_slug,
        "by_creator": item.by_creator,
        "context_window": item.context_window,
        "max_output_tokens": item.max_output_tokens,
        "prices": [price(row) for row in item.prices],
    }


def historic_price(row: PriceRow, status: str) -> dict[str, Any]:
    return {
        "host": row.host.name,
        "host_slug": row.host.slug,
        **_priced(row.amount, row.component, row.unit, row.condition),
        "effective_from": row.effective_from,
        "ends_on": row.ends_on,
        "status": status,
        "source_url": row.source_url,
        "checked_on": row.checked_on,
    }


def _side(outcome: Outcome) -> str:
    return outcome.value


RATIO_PLACES = Decimal("0.0001")


def result_text(item: Row, names: dict[Outcome, str]) -> str:
    """The table's result column: who is better, why it is level, or why not compared."""
    if item.outcome in names:
        return f"{names[item.outcome]} better ({item.metric.direction.value})"
    if item.outcome is Outcome.TIE:
        return item.level_text
    if item.outcome is Outcome.INFO:
        return "Shown, not scored"
    return item.reason_text


def row(item: Row, names: dict[Outcome, str]) -> dict[str, Any]:
    return {
        "key": item.metric.key,
        "label": item.metric.label,
        "group": item.metric.group,
        "a": fact(item.a, item.a_text),
        "b": fact(item.b, item.b_text),
        "outcome": _side(item.outcome),
        "direction": item.metric.direction.value,
        "result_text": result_text(item, names),
        "reason": item.reason.value if item.reason else None,
        "reason_text": item.reason_text,
        "ratio": decimal_text(item.ratio.quantize(RATIO_PLACES))
        if item.ratio is not None
        else None,
        "decides": item.decides,
    }


def verdict(item: Verdict) -> dict[str, Any]:
    return {
        "same_job": item.same_job,
        "leader": _side(item.leader) if item.leader else None,
        "a_wins": item.a_wins,
        "b_wins": item.b_wins,
        "ties": item.ties,
        "comparable": item.comparable,
        "headline": item.headline,
        "explanation": item.explanation,
        "categories": [
            {
                "key": category.key,
                "label": category.label,
                "metric": category.row.metric.key,
                "outcome": _side(category.outcome),
                "comparable": category.comparable,
            }
            for category in item.categories
        ],
    }


def cost_line(line: CostLine) -> dict[str, Any]:
    return {
        "part": line.part,
        "price_text": line.price_text,
        "cost": money(line.cost, format_money(line.cost)),
        "note": line.note,
    }


def cost(item: Cost) -> dict[str, Any]:
    total = item.total
    return {
        "model": item.model,
        "host": item.host,
        "total": money(total, format_money(total)) if total is not None else None,
        "summary": item.summary(),
        "unpriced": list(item.unpriced),
        "lines": [cost_line(line) for line in item.lines],
        "notes": list(item.notes),
    }


def source(item: Source) -> dict[str, Any]:
    return {
        "number": item.number,
        "url": item.url,
        "checked_on": item.checked_on,
        "record": item.record,
        "used_for": list(item.used_for),
    }


def comparison(
    result: Comparison, story: Narrative, listed: list[Source], workload: str
) -> dict[str, Any]:
    names = {Outcome.A: result.a.name, Outcome.B: result.b.name}
    return {
        "a": ref_of_facts(result.a),
        "b": ref_of_facts(result.b),
        "url": page_path("comparisons:comparison", pair=f"{result.a.slug}-vs-{result.b.slug}"),
        "on": result.on,
        "data_date": result.data_date,
        "title": story.title,
        "verdict": verdict(result.verdict),
        # In the page's order: each group's rows, then the benchmarks folded below.
        "rows": [
            row(item, names)
            for item in (
                *(item for group in result.groups for item in group.rows),
                *result.more_benchmarks,
            )
        ],
        "benchmarks_left_out": result.benchmarks_left_out,
        "key_differences": list(story.key_differences),
        "nothing_separates": story.nothing_separates,
        "when_a": list(story.when_a),
        "when_b": list(story.when_b),
        "faq": [{"question": q, "answer": a} for q, a in story.faq],
        "workload": workload,
        "costs": [cost(item) for item in story.costs],
        "sources": [source(item) for item in listed],
    }


def ranked(item: Ranked, quality_text: str) -> dict[str, Any]:
    return {
        "rank": item.rank,
        "model": ref_of_facts(item.facts),
        "cost": cost(item.cost),
        "quality": fact(item.quality, quality_text),
    }
