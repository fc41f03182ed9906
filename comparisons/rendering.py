"""The comparison page's repeated blocks, written straight to HTML.

The page is rendered for every visit the page cache cannot answer, and the
template engine spends a few microseconds on every variable and loop
iteration it prints: on the head-to-head table, the price tables, the
sources and the FAQ that was more than half of the page's time. Those
blocks have small, fixed markup, so they are joined here from strings, every
value passing through the standard library's `html.escape` (the escaping
Django applies), and marked safe once. The template still decides where
each block goes (see templatetags/comparison_html.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from html import escape
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from catalog.models import Price
from catalog.units import describe_price
from comparisons.cost import Cost, format_money
from comparisons.facts import ModelFacts
from comparisons.metrics import Kind, format_date
from comparisons.narrative import Source
from comparisons.verdict import Comparison, Outcome, Row

_MARK = '<span class="mark" aria-hidden="true">✓ </span>'


def long_date(day: date) -> str:
    """'23 November 2026'."""
    return f"{day.day} {day:%B %Y}"


def moment(value: datetime) -> SafeString:
    """A <time> element: machine-readable, and '23 November 2026, 14:05 UTC' to read."""
    local = timezone.localtime(value)
    return mark_safe(
        f'<time datetime="{local.isoformat()}">{long_date(local)}, '
        f"{local:%H:%M} {escape(local.tzname() or '')}</time>"
    )


def component_label(component: str) -> str:
    """'cached_input' -> 'Cached input tokens'."""
    try:
        return str(Price.Component(component).label)
    except ValueError:
        return component.replace("_", " ").capitalize()


# -- the head-to-head table ------------------------------------------------------------


def _cell(text: str, win: bool, source: int | None) -> str:
    cite = (
        f' <a class="cite" href="#source-{source}" aria-label="Source {source}">[{source}]</a>'
        if source
        else ""
    )
    if win:
        return f'<td class="win">{_MARK}{escape(text)}{cite}</td>'
    return f"<td>{escape(text)}{cite}</td>"


def _result(comparison: Comparison, row: Row) -> str:
    if row.outcome in (Outcome.A, Outcome.B):
        winner = comparison.a.name if row.outcome is Outcome.A else comparison.b.name
        return (
            f"<strong>{escape(winner)} better</strong> "
            f'<span class="muted">({escape(row.metric.direction.value)})</span>'
        )
    if row.outcome is Outcome.TIE:
        if row.metric.kind is Kind.SCORE:
            return "Level: intervals overlap"
        if row.metric.kind is Kind.CAPABILITIES:
            return "Level: as many capabilities"
        return "Level: within 10%"
    if row.outcome is Outcome.INFO:
        return '<span class="muted">Shown, not scored</span>'
    return escape(row.reason_text)


def _row(comparison: Comparison, row: Row, cells: dict[tuple[str, str], int]) -> str:
    decides = ""
    if row.decides:
        what = "this category" if row.decides == row.metric.label else row.decides.lower()
        decides = f' <span class="tag">decides {escape(what)}</span>'

    return (
        f'<tr><th scope="row">{escape(row.metric.label)}{decides}</th>'
        f"{_cell(row.a_text, row.outcome is Outcome.A, cells.get((row.metric.key, 'a')))}"
        f"{_cell(row.b_text, row.outcome is Outcome.B, cells.get((row.metric.key, 'b')))}"
        f'<td class="result">{_result(comparison, row)}</td></tr>\n'
    )


def table_body(comparison: Comparison, cells: dict[tuple[str, str], int]) -> SafeString:
    """One <tbody> per group: a heading row, then a row per metric with its result."""
    return mark_safe(
        "\n".join(
            f'<tbody><tr class="group-row"><th scope="colgroup" colspan="4">'
            f"{escape(group.label)}</th></tr>\n"
            + "".join(_row(comparison, row, cells) for row in group.rows)
            + "</tbody>"
            for group in comparison.groups
        )
    )


# -- the other sections --------------------------------------------------------------


def price_tables(models: Sequence[ModelFacts]) -> SafeString:
    """Each model's current prices: a small table per host."""
    parts = []
    for facts in models:
        parts.append(f"<div>\n<h3>{escape(facts.name)}</h3>\n")
        for offer in facts.offers:
            own = " (the creator's own offer)" if offer.by_creator else ""
            parts.append(
                '<div class="table-scroll"><table class="compact">'
                f"<caption>{escape(offer.host)}{own}</caption>"
                '<thead><tr><th scope="col">What</th><th scope="col">Price</th>'
                '<th scope="col">Applies to</th></tr></thead>\n<tbody>\n'
            )
            for price in offer.prices:
                text = describe_price(price.amount, price.component, price.unit)
                parts.append(
                    f"<tr><td>{escape(component_label(price.component))}</td>"
                    f"<td>{escape(text)}</td>"
                    f"<td>{escape(price.condition or 'standard rate')}</td></tr>\n"
                )
            parts.append("</tbody></table></div>\n")
        if not facts.offers:
            parts.append(f"<p>No current price is recorded for {escape(facts.name)}.</p>\n")
        parts.append("</div>\n")
    return mark_safe("".join(parts))


def source_items(listed: Iterable[Source]) -> SafeString:
    """The numbered sources the table's [n] marks point to."""
    items = []
    for source in listed:
        checked = (
            f"checked {format_date(source.checked_on)}" if source.checked_on else "date unknown"
        )
        url = escape(source.url)
        record = f", record <code>{escape(source.record)}</code>" if source.record else ""
        items.append(
            f'<li id="source-{source.number}"><a href="{url}" rel="noopener">{url}</a>{record}, '
            f'{checked}. <span class="muted">Used for {escape("; ".join(source.used_for))}.'
            "</span></li>\n"
        )
    return mark_safe("".join(items) or "<li>No sourced values yet.</li>\n")


def faq_items(questions: Sequence[tuple[str, str]]) -> SafeString:
    """Questions and answers as <dt>/<dd> pairs; the last, the cost question, has ids so
    the calculator can replace it in place."""
    parts = [
        f"<dt>{escape(question)}</dt>\n<dd>{escape(answer)}</dd>\n"
        for question, answer in questions[:-1]
    ]
    if questions:
        parts.append(cost_faq(questions[-1]))
    return mark_safe("".join(parts))


def cost_faq(item: tuple[str, str], *, swap: bool = False) -> str:
    """The FAQ's cost question; with `swap`, marked for htmx to put in place of the old."""
    oob = ' hx-swap-oob="true"' if swap else ""
    question, answer = item
    return (
        f'<dt id="faq-cost-question"{oob}>{escape(question)}</dt>\n'
        f'<dd id="faq-cost-answer"{oob}>{escape(answer)}</dd>\n'
    )


def faq_cost_swap(item: tuple[str, str]) -> SafeString:
    return mark_safe(cost_faq(item, swap=True))


def list_items(points: Iterable[str]) -> SafeString:
    return mark_safe("".join(f"<li>{escape(point)}</li>" for point in points))


def cost_results(costs: Sequence[Cost]) -> SafeString:
    """Each model's monthly cost for the workload, line by line, and what it cannot price."""
    parts = []
    for cost in costs:
        model = escape(cost.model)
        parts.append(f'<div class="cost">\n<h3>{model}</h3>\n')
        host = f" via {escape(cost.host)}" if cost.host else ""
        if cost.total is not None:
            parts.append(
                f'<p class="cost-total">{escape(cost.total_text)} '
                f'<span class="muted">a month{host}</span></p>\n'
            )
        elif cost.lines:
            parts.append('<p class="cost-total">No total</p>\n')
        if cost.lines:
            lines = "".join(
                f"<li>{escape(line.part)} at {escape(line.price_text)}"
                + (f' <span class="muted">— {escape(line.note)}</span>' if line.note else "")
                + (f": {escape(format_money(line.cost))}" if cost.total is not None else "")
                + "</li>"
                for line in cost.lines
            )
            parts.append(f"<ul>{lines}</ul>\n")
        if cost.unpriced:
            parts.append(
                f'<p class="note">{model} has no price for the '
                f"{escape(' or '.join(cost.unpriced))} in this workload{host}, so no total is "
                "given.</p>\n"
            )
        for note in cost.notes:
            parts.append(f'<p class="muted small">{escape(note)}</p>\n')
        parts.append("</div>\n")
    return mark_safe("".join(parts))


def about_models(sides: Sequence[Mapping[str, Any]]) -> SafeString:
    """A short card for each model: its page, its description, its creator's page."""
    return mark_safe(
        "".join(
            f'<div>\n<h3><a href="{escape(side["url"])}">{escape(side["name"])}</a></h3>\n'
            f"<p>{escape(side['description'] or 'No description yet.')}</p>\n"
            f'<p><a href="{escape(side["creator_url"])}">More from {escape(side["creator"])}</a>'
            "</p>\n</div>\n"
            for side in sides
        )
    )


def deprecation_notes(sides: Sequence[Mapping[str, Any]]) -> SafeString:
    """A banner for each deprecated model, naming its successor when there is one."""
    parts = []
    for side in sides:
        if not side["deprecated"]:
            continue
        successor = (
            f' Its successor is <a href="{escape(side["successor_url"])}">'
            f"{escape(side['successor_name'])}</a>."
            if side["successor_url"]
            else ""
        )
        parts.append(
            f'<p class="banner" role="note"><strong>{escape(side["name"])} is deprecated.</strong>'
            f"{successor}</p>\n"
        )
    return mark_safe("".join(parts))
