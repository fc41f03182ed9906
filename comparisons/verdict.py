"""The verdict engine: two models' facts in, an honest comparison out.

Pure: frozen dataclasses in and out, no Django, no database, no clock (the
comparison date is an argument), Decimal for money. A missing value is never
a win, values in different units are never compared, informational rows are
shown and never won, and each verdict category is decided by one metric.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from comparisons.facts import ModelFacts, State, Value
from comparisons.metrics import (
    CATEGORY_PLAN,
    GROUPS,
    METRICS,
    Direction,
    Kind,
    Metric,
    shown,
    unit_words,
    with_article,
)

# Two numbers within 1% of each other are a tie: list prices and limits that
# differ by rounding are not a meaningful win.
TOLERANCE = Decimal("0.01")


class Outcome(Enum):
    A = "a"
    B = "b"
    TIE = "tie"
    NOT_COMPARABLE = "not comparable"
    INFO = "informational"

    def mirrored(self) -> Outcome:
        return {Outcome.A: Outcome.B, Outcome.B: Outcome.A}.get(self, self)


class Reason(Enum):
    MISSING = "missing on one side"
    MISSING_BOTH = "missing on both sides"
    NOT_APPLICABLE = "not applicable"
    DIFFERENT_UNITS = "different units"
    DIFFERENT_BENCHMARKS = "different benchmarks"


@dataclass(frozen=True, kw_only=True)
class Row:
    metric: Metric
    a: Value
    b: Value
    a_text: str
    b_text: str
    outcome: Outcome
    reason: Reason | None
    reason_text: str
    ratio: Decimal | None
    decides: str = ""

    @property
    def winner_is_a(self) -> bool:
        return self.outcome is Outcome.A

    @property
    def winner_is_b(self) -> bool:
        return self.outcome is Outcome.B


@dataclass(frozen=True, kw_only=True)
class CategoryResult:
    key: str
    label: str
    row: Row

    @property
    def outcome(self) -> Outcome:
        return self.row.outcome

    @property
    def comparable(self) -> bool:
        return self.row.outcome in {Outcome.A, Outcome.B, Outcome.TIE}


@dataclass(frozen=True, kw_only=True)
class Verdict:
    same_job: bool
    leader: Outcome | None
    a_wins: int
    b_wins: int
    ties: int
    comparable: int
    categories: tuple[CategoryResult, ...]
    headline: str
    explanation: str

    @property
    def not_comparable(self) -> tuple[CategoryResult, ...]:
        return tuple(c for c in self.categories if not c.comparable)


@dataclass(frozen=True, kw_only=True)
class Group:
    key: str
    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, kw_only=True)
class Comparison:
    a: ModelFacts
    b: ModelFacts
    on: date
    rows: tuple[Row, ...]
    verdict: Verdict
    last_updated: datetime | None  # when a row behind the page changed (HTTP validators)
    data_date: date | None = None  # the newest date of the data the page shows

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.metric.key == key)

    @property
    def groups(self) -> tuple[Group, ...]:
        groups = []
        for key, label in GROUPS:
            rows = tuple(row for row in self.rows if row.metric.group == key)
            if rows:
                groups.append(Group(key=key, label=label, rows=rows))
        return tuple(groups)

    def name(self, side: Outcome) -> str:
        return self.a.name if side is Outcome.A else self.b.name


def _numbers(a: Value, b: Value) -> tuple[Decimal, Decimal] | None:
    if isinstance(a.raw, Decimal) and isinstance(b.raw, Decimal):
        return a.raw, b.raw
    return None


def _ratio(a: Value, b: Value) -> Decimal | None:
    numbers = _numbers(a, b)
    if numbers is None:
        return None
    low, high = sorted(numbers)
    if low <= 0:
        return None
    return high / low


def _better(direction: Direction, a: Decimal, b: Decimal) -> Outcome:
    if a == b:
        return Outcome.TIE
    a_higher = a > b
    if direction is Direction.HIGHER:
        return Outcome.A if a_higher else Outcome.B
    return Outcome.B if a_higher else Outcome.A


def _within_tolerance(a: Decimal, b: Decimal) -> bool:
    scale = max(abs(a), abs(b))
    return scale == 0 or abs(a - b) <= TOLERANCE * scale


def _capability_outcome(a: Value, b: Value) -> Outcome | None:
    """More supported capabilities wins, counting only those known on both sides."""
    assert isinstance(a.raw, tuple)
    assert isinstance(b.raw, tuple)
    known_a = dict(item.split(":") for item in a.raw)
    known_b = dict(item.split(":") for item in b.raw)
    shared = known_a.keys() & known_b.keys()
    if not shared:
        return None
    count_a = sum(known_a[key] == "yes" for key in shared)
    count_b = sum(known_b[key] == "yes" for key in shared)
    return _better(Direction.HIGHER, Decimal(count_a), Decimal(count_b))


def compare_values(metric: Metric, a: Value, b: Value) -> tuple[Outcome, Reason | None]:
    """The outcome of one row. Symmetric: swapping a and b mirrors the outcome."""
    if metric.direction is Direction.INFO:
        return Outcome.INFO, None
    if State.NOT_APPLICABLE in (a.state, b.state):
        return Outcome.NOT_COMPARABLE, Reason.NOT_APPLICABLE
    if not a.known and not b.known:
        return Outcome.NOT_COMPARABLE, Reason.MISSING_BOTH
    if not a.known or not b.known:
        return Outcome.NOT_COMPARABLE, Reason.MISSING
    if a.unit != b.unit:
        if metric.kind is Kind.SCORE:
            return Outcome.NOT_COMPARABLE, Reason.DIFFERENT_BENCHMARKS
        return Outcome.NOT_COMPARABLE, Reason.DIFFERENT_UNITS
    if metric.kind is Kind.CAPABILITIES:
        outcome = _capability_outcome(a, b)
        if outcome is None:
            return Outcome.NOT_COMPARABLE, Reason.MISSING
        return outcome, None
    numbers = _numbers(a, b)
    if numbers is None:
        if isinstance(a.raw, bool) and isinstance(b.raw, bool):
            return _better(metric.direction, Decimal(a.raw), Decimal(b.raw)), None
        return Outcome.NOT_COMPARABLE, Reason.DIFFERENT_UNITS
    value_a, value_b = numbers
    if metric.kind is Kind.SCORE and a.interval and b.interval:
        overlap = a.interval[0] <= b.interval[1] and b.interval[0] <= a.interval[1]
        if overlap:
            return Outcome.TIE, None
        return _better(metric.direction, value_a, value_b), None
    if _within_tolerance(value_a, value_b):
        return Outcome.TIE, None
    return _better(metric.direction, value_a, value_b), None


def _missing_words(value: Value, name: str, owner: str) -> str:
    if value.state is State.NOT_DISCLOSED:
        return f"{owner} does not disclose it for {name}"
    if value.state is State.NOT_APPLICABLE:
        return f"it does not apply to {name}"
    return f"{name}'s is unknown"


def explain(
    reason: Reason | None, a: Value, b: Value, facts_a: ModelFacts, facts_b: ModelFacts
) -> str:
    """Why a row cannot be compared, in words that name the side and the units."""
    if reason is None:
        return ""
    if reason is Reason.DIFFERENT_UNITS:
        return f"Not comparable: different units ({unit_words(a.unit)} vs {unit_words(b.unit)})"
    if reason is Reason.DIFFERENT_BENCHMARKS:
        return (
            "Not comparable: different benchmarks "
            f"({a.unit_label or a.unit} vs {b.unit_label or b.unit})"
        )
    if reason is Reason.NOT_APPLICABLE:
        sides = [
            facts.name
            for facts, value in ((facts_a, a), (facts_b, b))
            if value.state is State.NOT_APPLICABLE
        ]
        return f"Not comparable: does not apply to {' or '.join(sides)}"
    if reason is Reason.MISSING_BOTH:
        return "Not comparable: no value for either model"
    missing = (facts_a, a) if not a.known else (facts_b, b)
    return f"Not comparable: {_missing_words(missing[1], missing[0].name, missing[0].creator)}"


def build_row(metric: Metric, a: ModelFacts, b: ModelFacts, decides: str = "") -> Row:
    value_a, a_text = shown(metric, a)
    value_b, b_text = shown(metric, b)
    outcome, reason = compare_values(metric, value_a, value_b)
    comparable = outcome in {Outcome.A, Outcome.B, Outcome.TIE}
    return Row(
        metric=metric,
        a=value_a,
        b=value_b,
        a_text=a_text,
        b_text=b_text,
        outcome=outcome,
        reason=reason,
        reason_text=explain(reason, value_a, value_b, a, b),
        ratio=_ratio(value_a, value_b) if comparable else None,
        decides=decides,
    )


def _verdict_text(
    a: ModelFacts, b: ModelFacts, categories: tuple[CategoryResult, ...]
) -> tuple[Outcome | None, str, str]:
    wins = {side: [c for c in categories if c.outcome is side] for side in (Outcome.A, Outcome.B)}
    comparable = [c for c in categories if c.comparable]
    missing = [c for c in categories if not c.comparable]
    names = {Outcome.A: a.name, Outcome.B: b.name}
    left_out = ""
    if missing:
        left_out = (
            " Not compared: "
            + "; ".join(
                f"{c.label.lower()} ({c.row.reason_text.removeprefix('Not comparable: ')})"
                for c in missing
            )
            + "."
        )
    if not comparable:
        return (
            None,
            f"Not enough data to compare {a.name} and {b.name}",
            f"No category has a value for both models.{left_out}",
        )
    count_a, count_b = len(wins[Outcome.A]), len(wins[Outcome.B])
    total = len(comparable)
    plural = "category" if total == 1 else "categories"
    if count_a == count_b:
        if count_a == 0:
            headline = f"{a.name} and {b.name} are level in all {total} comparable {plural}"
        else:
            headline = (
                f"{a.name} and {b.name} are level: each leads {count_a} of {total} "
                f"comparable {plural}"
            )
        tied = [c.label.lower() for c in comparable if c.outcome is Outcome.TIE]
        detail = f"Level on {', '.join(tied)}." if tied else ""
        return None, headline, f"{detail}{left_out}".strip()
    leader = Outcome.A if count_a > count_b else Outcome.B
    led = wins[leader]
    other = wins[leader.mirrored()]
    headline = f"{names[leader]} leads {len(led)} of {total} comparable {plural}"
    parts = [f"{names[leader]} is ahead on {', '.join(c.label.lower() for c in led)}."]
    if other:
        parts.append(
            f"{names[leader.mirrored()]} is ahead on {', '.join(c.label.lower() for c in other)}."
        )
    level = [c.label.lower() for c in comparable if c.outcome is Outcome.TIE]
    if level:
        parts.append(f"Level on {', '.join(level)}.")
    return leader, headline, " ".join(parts) + left_out


def different_jobs_text(a: ModelFacts, b: ModelFacts) -> tuple[str, str]:
    headline = f"{a.name} and {b.name} are not directly comparable: they do different jobs"
    explanation = (
        f"{a.name} is {with_article(a.category_label.lower())} model and {b.name} is "
        f"{with_article(b.category_label.lower())} model, so no winner is declared. "
        "Choose by the job: "
        f"{a.name} for {a.category_label.lower()}, {b.name} for {b.category_label.lower()}. "
        "Their prices are in different units and are not compared."
    )
    return headline, explanation


def build_verdict(a: ModelFacts, b: ModelFacts, rows: tuple[Row, ...]) -> Verdict:
    by_key = {row.metric.key: row for row in rows}
    if a.category != b.category:
        headline, explanation = different_jobs_text(a, b)
        return Verdict(
            same_job=False,
            leader=None,
            a_wins=0,
            b_wins=0,
            ties=0,
            comparable=0,
            categories=(),
            headline=headline,
            explanation=explanation,
        )
    categories = tuple(
        CategoryResult(key=key, label=label, row=by_key[metric_key])
        for key, label, metric_key in CATEGORY_PLAN[a.category]
    )
    leader, headline, explanation = _verdict_text(a, b, categories)
    return Verdict(
        same_job=True,
        leader=leader,
        a_wins=sum(c.outcome is Outcome.A for c in categories),
        b_wins=sum(c.outcome is Outcome.B for c in categories),
        ties=sum(c.outcome is Outcome.TIE for c in categories),
        comparable=sum(c.comparable for c in categories),
        categories=categories,
        headline=headline,
        explanation=explanation,
    )


def compare_models(*, a: ModelFacts, b: ModelFacts, on: date) -> Comparison:
    """Compare two models as of `on` (the date their prices were read for)."""
    deciding: dict[str, str] = {}
    if a.category == b.category:
        deciding = {metric: label for _, label, metric in CATEGORY_PLAN[a.category]}
    rows = tuple(build_row(metric, a, b, deciding.get(metric.key, "")) for metric in METRICS)
    shown = tuple(
        row
        for row in rows
        if not (row.a.state is State.NOT_APPLICABLE and row.b.state is State.NOT_APPLICABLE)
    )
    changes = [moment for moment in (a.last_changed, b.last_changed) if moment is not None]
    dates = [day for day in (a.data_date, b.data_date) if day is not None]
    return Comparison(
        a=a,
        b=b,
        on=on,
        rows=shown,
        verdict=build_verdict(a, b, rows),
        last_updated=max(changes) if changes else None,
        data_date=max(dates) if dates else None,
    )
