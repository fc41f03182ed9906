"""Money, units and counts, written the way Versus prints them.

Pure functions with no Django imports, shared by the admin, the templates and
the verdict engine, so a price reads the same everywhere: always with its own
unit ("$0.04 per image", "$2.50 per 1M input tokens"), never glued to another.
"""

from decimal import ROUND_HALF_UP, Decimal

# What a billed unit of each component is called after "per 1M ... tokens".
_TOKEN_WORDS = {
    "input_tokens": "input",
    "output_tokens": "output",
    "cached_input": "cached input",
    "cache_write": "cache-write",
    "image_input": "image input",
    "image_output": "image output",
    "audio_input": "audio input",
    "audio_output": "audio output",
    "text_input": "input",
}

_SECONDS_WORDS = {
    "audio_input": "per second of audio input",
    "audio_output": "per second of audio output",
}

UNIT_WORDS = {
    "per_1m_tokens": "per 1M tokens",
    "per_image": "per image",
    "per_megapixel": "per megapixel",
    "per_second": "per second",
    "per_1m_characters": "per 1M characters",
    "per_request": "per request",
}


def format_usd(amount: Decimal) -> str:
    """Dollars with at least two decimals and no rounding: $2.50, $0.04, $0.0001."""
    exponent = amount.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"${amount:,.{min(places, 10)}f}"


def format_usd_rounded(amount: Decimal, *, significant: int = 3) -> str:
    """A derived amount to a sensible precision: cents from a dollar up, otherwise
    `significant` figures ($3.44, $0.0375, $0.00025)."""
    if amount >= 1 or amount == 0:
        return format_usd(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    figures = Decimal(1).scaleb(amount.adjusted() - significant + 1)
    return format_usd(amount.quantize(figures, rounding=ROUND_HALF_UP))


def format_listed_usd(amount: Decimal) -> str:
    """A listed price as its source gives it, but never with more than four significant
    figures (a per-megapixel rate worked out by a dataset: $0.1593, not $0.159263611)."""
    digits = amount.normalize().as_tuple().digits
    if amount > 0 and len(digits) > 4:
        return format_usd_rounded(amount, significant=4)
    return format_usd(amount)


def unit_phrase(component: str, unit: str) -> str:
    """The words after a price: "per 1M input tokens", "per image", ..."""
    if unit == "per_1m_tokens":
        word = _TOKEN_WORDS.get(component)
        return f"per 1M {word} tokens" if word else "per 1M tokens"
    if unit == "per_image":
        return "per input image" if component == "image_input" else "per image"
    if unit == "per_megapixel":
        return "per input megapixel" if component == "image_input" else "per megapixel"
    if unit == "per_second":
        return _SECONDS_WORDS.get(component, "per second")
    return UNIT_WORDS.get(unit, unit.replace("_", " "))


def describe_price(amount: Decimal, component: str, unit: str) -> str:
    """A price with its own unit: "$2.50 per 1M input tokens"."""
    return f"{format_listed_usd(amount)} {unit_phrase(component, unit)}"


def format_count(value: int) -> str:
    """An exact count with thousands separators: 128,000."""
    return f"{value:,}"


def format_compact(value: int) -> str:
    """A short count for prose, exact or not shortened: 128K, 2M, 1,047,576."""
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{value // 1_000_000:,}M"
    if value >= 1_000 and value % 1_000 == 0:
        return f"{value // 1_000:,}K"
    return f"{value:,}"


def format_parameters(value: int) -> str:
    """A parameter count in billions: 405B, 12B, 1.5B."""
    billions = Decimal(value) / Decimal(1_000_000_000)
    if billions >= 1:
        text = f"{billions.normalize():f}"
        return f"{text}B"
    millions = Decimal(value) / Decimal(1_000_000)
    return f"{millions.normalize():f}M"
