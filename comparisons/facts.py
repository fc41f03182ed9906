"""What the verdict engine knows about one model: frozen dataclasses, no Django.

`selectors.py` is the only place that builds these from database rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

Raw = Decimal | bool | date | str | tuple[str, ...]


class State(Enum):
    """Unknown, not applicable and not disclosed are different, each with its own words."""

    KNOWN = "known"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not applicable"
    NOT_DISCLOSED = "not disclosed"


@dataclass(frozen=True, kw_only=True)
class Dissent:
    """Another source's value for something shown, where it differs from the value shown.

    The value shown is the one its designated source gives; this is what the other
    source says, so a reader sees both, with their sources and dates.
    """

    text: str  # the other value in the page's words: "$0.25 per 1M input tokens"
    source: str  # who says so: "LiteLLM"
    dated: date | None  # that source's own date
    shown_text: str  # the value shown, in the same words
    shown_source: str  # where the value shown comes from: "models.dev", "an editor"
    shown_dated: date | None


@dataclass(frozen=True, kw_only=True)
class Value:
    """One value of one model, with where it came from.

    `unit` is what the number counts ("tokens", "per_image", or a benchmark
    slug for scores): two values are compared only when their units match.
    """

    state: State
    raw: Raw | None = None
    unit: str = ""
    unit_label: str = ""
    source_url: str = ""
    checked_on: date | None = None
    estimated: bool = False
    interval: tuple[Decimal, Decimal] | None = None
    votes: int | None = None
    measured_on: date | None = None
    note: str = ""
    source_record: str = ""  # the dataset record behind the value, when it came from one
    derived: bool = False  # worked out from listed prices (a blend), not listed as it is
    # A score without a 95% interval: a difference within this many points is level.
    # Set only for scores on a 0-100 scale; None leaves such a score uncompared.
    margin: Decimal | None = None
    percent: bool = False  # a score out of 100, shown with a % sign
    self_reported: bool = False  # measured by the model's maker: shown, never compared
    dissent: tuple[Dissent, ...] = ()  # other sources' differing values for it

    @property
    def known(self) -> bool:
        return self.state is State.KNOWN


UNKNOWN = Value(state=State.UNKNOWN)
NOT_APPLICABLE = Value(state=State.NOT_APPLICABLE)
NOT_DISCLOSED = Value(state=State.NOT_DISCLOSED)


@dataclass(frozen=True, kw_only=True)
class PriceFact:
    """One current price row: a component of one host's offer."""

    host: str
    host_slug: str
    component: str
    unit: str
    amount: Decimal
    condition: str = ""
    effective_from: date
    source_url: str
    checked_on: date
    starts_known: bool = True  # False: effective_from is when a dataset first listed it
    source_id: str = ""  # the record it came from (a models.dev file, a LiteLLM key)
    dissent: tuple[Dissent, ...] = ()  # other sources' differing amounts for it


@dataclass(frozen=True, kw_only=True)
class Offer:
    """Everything one host charges for one model, as of the comparison date."""

    host: str
    host_slug: str
    by_creator: bool
    prices: tuple[PriceFact, ...]
    # The limits this host serves, when its source states them.
    context_window: int | None = None
    max_output_tokens: int | None = None
    source_url: str = ""
    checked_on: date | None = None

    def standard(self, component: str, unit: str | None = None) -> PriceFact | None:
        """The standard-rate (no condition) price of a component, in `unit` if given."""
        return self.priced(component, unit, "")

    def priced(self, component: str, unit: str | None, condition: str) -> PriceFact | None:
        """The price of a component under exactly this condition ("" is the standard rate)."""
        for price in self.prices:
            if price.component != component or price.condition != condition:
                continue
            if unit is None or price.unit == unit:
                return price
        return None

    def conditioned(self, component: str, unit: str) -> tuple[PriceFact, ...]:
        """Every price of a component in one unit, under any condition."""
        return tuple(p for p in self.prices if p.component == component and p.unit == unit)


@dataclass(frozen=True, kw_only=True)
class ScoreFact:
    """A model's score on one benchmark, under one condition."""

    benchmark: str
    benchmark_slug: str
    benchmark_category: str
    higher_is_better: bool
    value: Decimal
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    votes: int | None
    measured_on: date
    source_url: str
    checked_on: date
    family: str = ""
    variant: str = ""
    measured_by: str = "independent"  # or "lab": reported by the model's maker
    dataset: str = ""
    scale_max: Decimal | None = None  # 100 for a percentage; None when open-ended (Elo)
    # "quality" for the one benchmark of its category the verdict reads, "coding" for
    # the designated independent coding benchmark, "" for every other board.
    designation: str = ""
    condition: str = ""  # the mode the model ran in ("thinking, 32K budget"); "" by default


@dataclass(frozen=True, kw_only=True)
class ModelFacts:
    """A model as the verdict engine sees it: specs, current offers and scores."""

    name: str
    slug: str
    creator: str
    creator_slug: str
    category: str
    category_label: str
    specs: Mapping[str, Value] = field(default_factory=dict)
    offers: tuple[Offer, ...] = ()
    scores: tuple[ScoreFact, ...] = ()
    description: str = ""
    best_for: tuple[str, ...] = ()
    deprecated: bool = False
    successor_name: str = ""
    successor_slug: str = ""
    last_changed: datetime | None = None  # when a row changed here (HTTP validators)
    # The newest date of the data shown: a value's checked date, a price's effective
    # date, a score's date. What "as of" and "last updated" say; never the day of a load.
    data_date: date | None = None
    # Each metric's value and its words, filled in on first use (metrics.shown):
    # facts are kept per model across requests, and every pair a model is in
    # shows the same values.
    shown: dict[str, tuple[Value, str]] = field(default_factory=dict, compare=False, repr=False)
    # Other things worked out once per model (its default offer), the same way.
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def spec(self, key: str) -> Value:
        return self.specs.get(key, UNKNOWN)
