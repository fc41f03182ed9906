"""Template tags that print money and counts the way the rest of Versus does."""

from django import template

from catalog.models import Price
from catalog.units import describe_price, format_compact, format_count

register = template.Library()


@register.simple_tag
def price_text(price: Price) -> str:
    """'$2.50 per 1M input tokens': a price always with its own unit."""
    return describe_price(price.amount, price.component, price.unit)


register.filter("count", format_count)
register.filter("compact", format_compact)
