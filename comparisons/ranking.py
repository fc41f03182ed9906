"""Every model of a category ranked by what a month of work would cost. Pure: no Django.

Each model is priced at every host that sells it (comparisons.cost), and the
cheapest host that prices the whole workload is the one ranked. A model no host
prices completely is not ranked: it is listed apart with what it lacks, never
given a total it does not have. The criteria narrow the list the way the
directory's filters do, from the same specs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from comparisons.cost import Cost, Workload, cheapest_cost
from comparisons.facts import ModelFacts, Value
from comparisons.metrics import CAPABILITIES, read_primary_score

CAPABILITY_KEYS = tuple(key for key, _ in CAPABILITIES)


@dataclass(frozen=True, kw_only=True)
class Criteria:
    """What a visitor asks of every model in the list; None or empty asks nothing."""

    open_weights: bool | None = None
    capabilities: tuple[str, ...] = ()
    min_context: int | None = None
    min_quality: Decimal | None = None

    def asked(self) -> bool:
        return (
            self.open_weights is not None
            or bool(self.capabilities)
            or self.min_context is not None
            or self.min_quality is not None
        )


@dataclass(frozen=True, kw_only=True)
class Ranked:
    facts: ModelFacts
    cost: Cost
    quality: Value
    rank: int = 0  # 1 for the cheapest; 0 for a model that is not ranked


@dataclass(frozen=True, kw_only=True)
class Ranking:
    ranked: tuple[Ranked, ...]
    unpriced: tuple[Ranked, ...]
    considered: int  # models of the category before the criteria

    @property
    def total(self) -> int:
        return len(self.ranked) + len(self.unpriced)


def _number(value: Value) -> Decimal | None:
    """A known numeric value, or None."""
    return value.raw if value.known and isinstance(value.raw, Decimal) else None


def meets(facts: ModelFacts, quality: Value, criteria: Criteria) -> bool:
    """Whether a model meets every criterion. A spec that is not known does not meet
    one: a model whose context window is unknown is not shown as having 128K."""
    if criteria.open_weights is not None:
        weights = facts.spec("open_weights")
        if not weights.known or weights.raw is not criteria.open_weights:
            return False
    for key in criteria.capabilities:
        if facts.spec(key).raw is not True:
            return False
    if criteria.min_context is not None:
        context = _number(facts.spec("context_window"))
        if context is None or context < criteria.min_context:
            return False
    score = _number(quality)
    return criteria.min_quality is None or (score is not None and score >= criteria.min_quality)


def _order(entry: Ranked) -> tuple[Decimal, int, Decimal, str]:
    """Cheapest first; on a tie, a model with a quality score before one without, the
    higher score first, then the name."""
    score = _number(entry.quality)
    total = entry.cost.total
    return (
        total if total is not None else Decimal(0),
        score is None,
        -score if score is not None else Decimal(0),
        entry.facts.name.casefold(),
    )


def rank_models(
    models: Iterable[ModelFacts], workload: Workload, criteria: Criteria | None = None
) -> Ranking:
    """The models that meet the criteria, cheapest month first (the higher quality score,
    then the name, on a tie), and apart, in name order, those no host prices fully."""
    criteria = criteria or Criteria()
    priced: list[Ranked] = []
    unpriced: list[Ranked] = []
    considered = 0
    for facts in models:
        considered += 1
        quality = read_primary_score(facts)
        if not meets(facts, quality, criteria):
            continue
        entry = Ranked(facts=facts, cost=cheapest_cost(facts, workload), quality=quality)
        (priced if entry.cost.total is not None else unpriced).append(entry)
    priced.sort(key=_order)
    unpriced.sort(key=lambda item: item.facts.name.casefold())
    return Ranking(
        ranked=tuple(
            Ranked(facts=item.facts, cost=item.cost, quality=item.quality, rank=position)
            for position, item in enumerate(priced, start=1)
        ),
        unpriced=tuple(unpriced),
        considered=considered,
    )
