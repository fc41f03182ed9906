"""Up to four models side by side, row by row, by the pair page's rules. Pure: no Django.

Each row is a metric of the comparison table with every model's value written as
the pair page writes it. A row names a winner only where every model has a value
it can be compared on and one model beats each of the others by the pair page's
own rule (verdict.compare_values: the same units, materiality and intervals);
otherwise it says why there is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from comparisons.facts import ModelFacts, State, Value
from comparisons.metrics import GROUPS, METRICS, Direction, Metric, shown
from comparisons.verdict import THINKING_BASIS, Outcome, Reason, compare_values

MAX_MODELS = 4
MIN_MODELS = 2
# Why two values of a row cannot be ranked, in the words of the row's result.
NOT_COMPARABLE_WORDS = {
    Reason.DIFFERENT_UNITS: "the values are in different units",
    Reason.DIFFERENT_BENCHMARKS: "the scores are on different benchmarks",
    Reason.NO_INTERVAL: "a score has no margin of error to judge a difference by",
    Reason.SELF_REPORTED: "a score is reported by the model's own maker",
    Reason.UNDECIDED: "it would turn on values that are not known",
    Reason.DIFFERENT_JOBS: "the models do different jobs",
}


@dataclass(frozen=True, kw_only=True)
class Cell:
    value: Value
    text: str
    best: bool = False


@dataclass(frozen=True, kw_only=True)
class ShortlistRow:
    metric: Metric
    cells: tuple[Cell, ...]
    winner: str = ""  # the winning model's name, or ""
    result: str = ""  # why there is no winner ("" for a row shown, not scored)


@dataclass(frozen=True, kw_only=True)
class ShortlistGroup:
    key: str
    label: str
    rows: tuple[ShortlistRow, ...]


def _shown_at_all(metric: Metric, values: Sequence[Value]) -> bool:
    """The rows the pair page would show for some pair of these models."""
    if all(value.state is State.NOT_APPLICABLE for value in values):
        return False
    if metric.key == "thinking_price":
        return any(THINKING_BASIS in value.note for value in values)
    if metric.key == "coding":
        return any(value.known for value in values)
    return True


def _row(
    metric: Metric, models: Sequence[ModelFacts], found: list[tuple[Value, str]]
) -> ShortlistRow:
    values = [value for value, _ in found]
    cells = [Cell(value=value, text=text) for value, text in found]
    if metric.direction is Direction.INFO:
        return ShortlistRow(metric=metric, cells=tuple(cells))
    if not all(value.known for value in values):
        return ShortlistRow(
            metric=metric, cells=tuple(cells), result="No winner: not every model has a value"
        )
    same_job = len({facts.category for facts in models}) == 1
    outcomes = {
        (i, j): compare_values(metric, a, b, same_job=same_job)
        for i, a in enumerate(values)
        for j, b in enumerate(values)
        if i != j
    }
    for index in range(len(values)):
        if all(
            outcomes[index, other][0] is Outcome.A for other in range(len(values)) if other != index
        ):
            cells[index] = Cell(value=values[index], text=cells[index].text, best=True)
            name = models[index].name
            return ShortlistRow(metric=metric, cells=tuple(cells), winner=name)
    reasons = sorted(
        (NOT_COMPARABLE_WORDS.get(reason, reason.value) if reason else "")
        for outcome, reason in outcomes.values()
        if outcome is Outcome.NOT_COMPARABLE
    )
    if reasons:
        return ShortlistRow(metric=metric, cells=tuple(cells), result=f"No winner: {reasons[0]}")
    return ShortlistRow(
        metric=metric,
        cells=tuple(cells),
        result="No winner: no model is ahead of every other by a margin that matters",
    )


def shortlist(models: Sequence[ModelFacts]) -> tuple[ShortlistGroup, ...]:
    """The comparison table's rows for these models, grouped as the pair page groups
    them; a group with no row is left out."""
    rows = []
    for metric in METRICS:
        found = [shown(metric, facts) for facts in models]
        if _shown_at_all(metric, [value for value, _ in found]):
            rows.append(_row(metric, models, found))
    groups = []
    for key, label in GROUPS:
        mine = tuple(row for row in rows if row.metric.group == key)
        if mine:
            groups.append(ShortlistGroup(key=key, label=label, rows=mine))
    return tuple(groups)
