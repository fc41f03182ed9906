"""Monthly cost of a workload from a model's current prices. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalog.units import describe_price, format_count, format_usd
from comparisons.facts import ModelFacts
from comparisons.metrics import default_offer

MILLION = Decimal(1_000_000)


@dataclass(frozen=True, kw_only=True)
class Workload:
    """What a visitor expects to send each month."""

    input_tokens: int = 0
    output_tokens: int = 0
    images: int = 0

    def describe(self) -> str:
        parts = []
        if self.input_tokens:
            parts.append(f"{format_count(self.input_tokens)} input tokens")
        if self.output_tokens:
            parts.append(f"{format_count(self.output_tokens)} output tokens")
        if self.images:
            noun = "image" if self.images == 1 else "images"
            parts.append(f"{format_count(self.images)} {noun}")
        if not parts:
            return "nothing"
        if len(parts) == 1:
            return parts[0]
        return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True, kw_only=True)
class CostLine:
    part: str
    price_text: str
    cost: Decimal


@dataclass(frozen=True, kw_only=True)
class Cost:
    model: str
    host: str
    lines: tuple[CostLine, ...]
    unpriced: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.cost for line in self.lines), Decimal(0))

    @property
    def complete(self) -> bool:
        return not self.unpriced

    @property
    def total_text(self) -> str:
        return format_money(self.total)

    def summary(self) -> str:
        """ "$45.00 a month", or what part of the workload it cannot price."""
        if not self.lines and self.unpriced:
            return f"{self.model} cannot price {_join(self.unpriced)}"
        text = f"{self.total_text} a month"
        if self.unpriced:
            text += f" for the parts it can price; it cannot price {_join(self.unpriced)}"
        return text


def _join(parts: tuple[str, ...]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def format_money(amount: Decimal) -> str:
    """A cost rounded to the cent, or to a hundredth of a cent when under a cent."""
    places = Decimal("0.01") if amount == 0 or amount >= Decimal("0.01") else Decimal("0.0001")
    return format_usd(amount.quantize(places, rounding=ROUND_HALF_UP))


def monthly_cost(facts: ModelFacts, workload: Workload) -> Cost:
    """Each part of the workload priced at the model's default offer's standard rates."""
    offer = default_offer(facts)
    parts = (
        ("input tokens", workload.input_tokens, "input_tokens", "per_1m_tokens", MILLION),
        ("output tokens", workload.output_tokens, "output_tokens", "per_1m_tokens", MILLION),
        ("images", workload.images, "image_output", "per_image", Decimal(1)),
    )
    lines: list[CostLine] = []
    unpriced: list[str] = []
    for label, quantity, component, unit, per in parts:
        if quantity <= 0:
            continue
        price = offer.standard(component, unit) if offer else None
        if price is None:
            unpriced.append(label)
            continue
        lines.append(
            CostLine(
                part=f"{format_count(quantity)} {label}",
                price_text=describe_price(price.amount, price.component, price.unit),
                cost=price.amount * Decimal(quantity) / per,
            )
        )
    return Cost(
        model=facts.name,
        host=offer.host if offer else "",
        lines=tuple(lines),
        unpriced=tuple(unpriced),
    )
