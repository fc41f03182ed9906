"""Template tags that print money and counts the way the rest of Versus does."""

from typing import Any

from django import template

from catalog.units import describe_price, format_compact, format_count

register = template.Library()


@register.simple_tag
def price_text(price: Any) -> str:
    """'$2.50 per 1M input tokens': a price (a Price row or a PriceFact) with its own unit."""
    return describe_price(price.amount, price.component, price.unit)


register.filter("count", format_count)
register.filter("compact", format_compact)
