"""Two models' offers side by side, host by host: what each costs where one must buy it.

Pure: built from two `ModelFacts`, no Django. A visitor tied to one cloud reads
one row: whether that host sells each model, its standard rates, and the limits
it serves. Nothing here is a winner: two models' prices at one host are facts
to read, and the comparison page says which model is better for what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comparisons.facts import ModelFacts, Offer, PriceFact


@dataclass(frozen=True)
class HostCell:
    """One model at one host: its standard-rate prices and the limits the host states."""

    prices: tuple[PriceFact, ...]  # standard rate only; conditions are on the model's page
    other_rates: int  # prices under a condition (batch, long prompts, a region, ...)
    context_window: int | None
    max_output_tokens: int | None
    by_creator: bool
    source_url: str  # where the host's prices were read
    checked_on: date | None


@dataclass(frozen=True)
class HostRow:
    host: str
    host_slug: str
    a: HostCell | None  # None: this host does not sell the model
    b: HostCell | None

    @property
    def sells_both(self) -> bool:
        return self.a is not None and self.b is not None


# The rates a reader looks for first; every other standard rate follows in its own order.
FIRST = ("input_tokens", "output_tokens", "image_output")


def _first(price: PriceFact) -> int:
    return FIRST.index(price.component) if price.component in FIRST else len(FIRST)


def _cell(offer: Offer) -> HostCell:
    standard = tuple(sorted((p for p in offer.prices if not p.condition), key=_first))
    read = standard[0] if standard else (offer.prices[0] if offer.prices else None)
    return HostCell(
        prices=standard,
        other_rates=len(offer.prices) - len(standard),
        context_window=offer.context_window,
        max_output_tokens=offer.max_output_tokens,
        by_creator=offer.by_creator,
        source_url=read.source_url if read else offer.source_url,
        checked_on=read.checked_on if read else offer.checked_on,
    )


def host_matrix(a: ModelFacts, b: ModelFacts) -> tuple[HostRow, ...]:
    """A row per host that sells either model: hosts that sell both first, then the
    creators' own offers, then the rest, each by name."""
    hosts: dict[str, str] = {}
    cells: dict[str, dict[str, HostCell]] = {}
    for side, facts in (("a", a), ("b", b)):
        for offer in facts.offers:
            hosts.setdefault(offer.host_slug, offer.host)
            cells.setdefault(offer.host_slug, {})[side] = _cell(offer)
    rows = [
        HostRow(
            host=name,
            host_slug=slug,
            a=cells[slug].get("a"),
            b=cells[slug].get("b"),
        )
        for slug, name in hosts.items()
    ]

    def order(row: HostRow) -> tuple[bool, bool, str]:
        own = any(cell is not None and cell.by_creator for cell in (row.a, row.b))
        return (not row.sells_both, not own, row.host.lower())

    return tuple(sorted(rows, key=order))
