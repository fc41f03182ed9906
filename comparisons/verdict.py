"""The verdict engine: two models' facts in, an honest comparison out.

Pure: frozen dataclasses in and out, no Django, no database, no clock (the
comparison date is an argument), Decimal for money. A missing value is never
a win, values in different units are never compared, informational rows are
shown and never won, and each verdict category is decided by one metric.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cached_property

from comparisons import materiality
from comparisons.facts import ModelFacts, State, Value
from comparisons.metrics import (
    CAPABILITIES,
    CATEGORY_PLAN,
    GROUPS,
    METRICS,
    Direction,
    Kind,
    Metric,
    benchmark_metrics,
    shown,
    unit_words,
    with_article,
)
from comparisons.scores import NOT_MEASURED


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
    NO_INTERVAL = "no confidence interval"
    SELF_REPORTED = "self-reported"
    UNDECIDED = "decided only by unknown values"
    DIFFERENT_JOBS = "different jobs"


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
    def level_text(self) -> str:
        """Why a tied row is level, in the table's words ("" for a row that is not tied)."""
        if self.outcome is not Outcome.TIE:
            return ""
        if self.metric.kind is Kind.SCORE:
            if self.a.interval and self.b.interval:
                return "Level: intervals overlap"
            return f"Level: within {self.a.margin} points"
        if self.metric.kind is Kind.CAPABILITIES:
            return "Level: as many capabilities"
        return "Level: within 10%"

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


# Benchmark rows the table shows beyond the designated ones; the rest are folded away.
SHOWN_BENCHMARKS = 5


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
    benchmark_total: int = 0  # the other benchmarks either model has, rows built or not

    @cached_property
    def rows_by_key(self) -> dict[str, Row]:
        return {row.metric.key: row for row in self.rows}

    def row(self, key: str) -> Row:
        return self.rows_by_key[key]

    @cached_property
    def more_benchmarks(self) -> tuple[Row, ...]:
        """Benchmark rows past the first SHOWN_BENCHMARKS, shown in a table of their own."""
        return tuple(row for row in self.rows if row.metric.benchmark)[SHOWN_BENCHMARKS:]

    @property
    def benchmarks_left_out(self) -> int:
        """How many other benchmarks the main table leaves to the pair's benchmarks page."""
        return max(self.benchmark_total - SHOWN_BENCHMARKS, 0)

    @property
    def groups(self) -> tuple[Group, ...]:
        """The main table's rows by group, without the benchmark rows folded away."""
        groups = []
        folded = set(map(id, self.more_benchmarks))
        for key, label in GROUPS:
            rows = tuple(
                row for row in self.rows if row.metric.group == key and id(row) not in folded
            )
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
    return materiality.ratio(*numbers) if numbers else None


def _better(direction: Direction, a: Decimal, b: Decimal) -> Outcome:
    if a == b:
        return Outcome.TIE
    a_higher = a > b
    if direction is Direction.HIGHER:
        return Outcome.A if a_higher else Outcome.B
    return Outcome.B if a_higher else Outcome.A


def known_capabilities(value: Value) -> dict[str, bool]:
    assert isinstance(value.raw, tuple)
    return {key: answer == "yes" for key, answer in (item.split(":") for item in value.raw)}


def _capability_outcome(a: Value, b: Value) -> Outcome | None:
    """More supported capabilities wins, counting those known on both sides, and only
    when no answer to an unknown one could level or reverse it. None: undecided."""
    known_a, known_b = known_capabilities(a), known_capabilities(b)
    keys = [key for key, _ in CAPABILITIES]
    shared = [key for key in keys if key in known_a and key in known_b]
    if not shared:
        return None
    outcome = _better(
        Direction.HIGHER,
        Decimal(sum(known_a[key] for key in shared)),
        Decimal(sum(known_b[key] for key in shared)),
    )
    if len(shared) == len(keys):
        return outcome
    if outcome is Outcome.TIE:
        return None

    def worst_case(winner: dict[str, bool], loser: dict[str, bool]) -> bool:
        # Every unknown answer goes against the winner: still ahead?
        return sum(winner.get(key, False) for key in keys) > sum(
            loser.get(key, True) for key in keys
        )

    held = worst_case(known_a, known_b) if outcome is Outcome.A else worst_case(known_b, known_a)
    return outcome if held else None


def compare_values(
    metric: Metric, a: Value, b: Value, *, same_job: bool = True
) -> tuple[Outcome, Reason | None]:
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
    if not same_job:
        return Outcome.NOT_COMPARABLE, Reason.DIFFERENT_JOBS
    if metric.kind is Kind.CAPABILITIES:
        outcome = _capability_outcome(a, b)
        if outcome is None:
            return Outcome.NOT_COMPARABLE, Reason.UNDECIDED
        return outcome, None
    numbers = _numbers(a, b)
    if numbers is None:
        if isinstance(a.raw, bool) and isinstance(b.raw, bool):
            return _better(metric.direction, Decimal(a.raw), Decimal(b.raw)), None
        return Outcome.NOT_COMPARABLE, Reason.DIFFERENT_UNITS
    value_a, value_b = numbers
    if metric.kind is Kind.SCORE:
        if a.self_reported or b.self_reported:
            return Outcome.NOT_COMPARABLE, Reason.SELF_REPORTED
        if a.interval and b.interval:
            if materiality.intervals_overlap(a.interval, b.interval):
                return Outcome.TIE, None
        elif a.margin is not None and b.margin is not None:
            if materiality.level_by_margin(value_a, value_b, max(a.margin, b.margin)):
                return Outcome.TIE, None
        else:
            return Outcome.NOT_COMPARABLE, Reason.NO_INTERVAL
        return _better(metric.direction, value_a, value_b), None
    if materiality.level_by_ratio(value_a, value_b):
        return Outcome.TIE, None
    return _better(metric.direction, value_a, value_b), None


def _missing_words(value: Value, name: str, owner: str) -> str:
    if value == NOT_MEASURED:
        return f"no score recorded for {name}"
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
        return f"Not comparable: different units, {unit_words(a.unit)} against {unit_words(b.unit)}"
    if reason is Reason.DIFFERENT_BENCHMARKS:
        return (
            "Not comparable: different benchmarks, "
            f"{a.unit_label or a.unit} against {b.unit_label or b.unit}"
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
    if reason is Reason.DIFFERENT_JOBS:
        return "Not compared: they do different jobs"
    if reason is Reason.NO_INTERVAL:
        sides = [f.name for f, v in ((facts_a, a), (facts_b, b)) if not v.interval]
        return f"Not comparable: no 95% interval for {' or '.join(sides)}"
    if reason is Reason.SELF_REPORTED:
        sides = [f.name for f, v in ((facts_a, a), (facts_b, b)) if v.self_reported]
        whose = "its maker" if len(sides) == 1 else "their makers"
        return f"Not comparable: self-reported by {whose} for {join_words(sides)}"
    if reason is Reason.UNDECIDED:
        return f"Not comparable: {_undecided_words(a, b, facts_a, facts_b)}"
    missing = (facts_a, a) if not a.known else (facts_b, b)
    return f"Not comparable: {_missing_words(missing[1], missing[0].name, missing[0].creator)}"


def _undecided_words(a: Value, b: Value, facts_a: ModelFacts, facts_b: ModelFacts) -> str:
    """Which capabilities are unknown, for whom: they could change the result."""
    labels = dict(CAPABILITIES)
    known = {facts_a.name: known_capabilities(a), facts_b.name: known_capabilities(b)}
    gaps = []
    for name, answers in known.items():
        missing = [labels[key].lower() for key, _ in CAPABILITIES if key not in answers]
        if missing:
            gaps.append(f"{join_words(missing)} for {name}")
    if not gaps:
        return "the two support as many capabilities"
    return f"the result turns on what is unknown: {join_words(gaps)}"


def join_words(words: list[str], last: str = "and") -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def build_row(metric: Metric, a: ModelFacts, b: ModelFacts, decides: str = "") -> Row:
    value_a, a_text = shown(metric, a)
    value_b, b_text = shown(metric, b)
    outcome, reason = compare_values(metric, value_a, value_b, same_job=a.category == b.category)
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


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(count: int, noun: str, plural: str = "") -> str:
    """'one category', 'three categories', 'no categories'."""
    word = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else f"{count:,}"
    return f"{word} {noun if count == 1 else plural or noun + 's'}"


def _labels(categories: list[CategoryResult]) -> str:
    return join_words([c.label.lower() for c in categories])


# Categories whose result is open: a value is missing, or only unknown values decide it.
OPEN_REASONS = frozenset(
    {
        Reason.MISSING,
        Reason.MISSING_BOTH,
        Reason.UNDECIDED,
        Reason.NO_INTERVAL,
        Reason.SELF_REPORTED,
    }
)


def _verdict_text(
    a: ModelFacts, b: ModelFacts, categories: tuple[CategoryResult, ...]
) -> tuple[Outcome | None, str, str]:
    """The leader, the headline and the explanation, from the decided categories only.

    A leader is declared only when its lead is larger than the number of open
    categories, so no overall result rests on a value nobody knows.
    """
    wins = {side: [c for c in categories if c.outcome is side] for side in (Outcome.A, Outcome.B)}
    comparable = [c for c in categories if c.comparable]
    level = [c for c in comparable if c.outcome is Outcome.TIE]
    missing = [c for c in categories if not c.comparable]
    open_count = sum(c.row.reason in OPEN_REASONS for c in missing)
    names = {Outcome.A: a.name, Outcome.B: b.name}
    left_out = ""
    if missing:
        left_out = (
            " Not compared: "
            + "; ".join(
                f"{c.label.lower()}, as {c.row.reason_text.removeprefix('Not comparable: ')}"
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
    total = len(comparable)
    ahead = [
        f"{names[side]} is ahead on {_labels(wins[side])}."
        for side in (Outcome.A, Outcome.B)
        if wins[side]
    ]
    level_text = [f"Level on {_labels(level)}."] if level else []
    explanation = " ".join([*ahead, *level_text]) + left_out
    count_a, count_b = len(wins[Outcome.A]), len(wins[Outcome.B])
    if count_a == count_b == 0:
        if len(categories) == 1:
            headline = (
                f"{a.name} and {b.name} are level on {comparable[0].label.lower()}, the one "
                f"category compared for {a.category_label.lower()} models"
            )
        elif total == 1:
            headline = (
                f"{a.name} and {b.name} are level on {comparable[0].label.lower()}, "
                "the only category both can be compared on"
            )
        else:
            counted = (
                "both categories"
                if total == 2
                else f"all {count_words(total, 'category', 'categories')}"
            )
            headline = f"{a.name} and {b.name} are level on {counted} we can compare"
        return None, headline, explanation.strip()
    if count_a == count_b:
        headline = (
            f"{a.name} and {b.name} are evenly matched: each leads "
            f"{count_words(count_a, 'category', 'categories')}"
        )
        return None, headline, explanation.strip()
    leader = Outcome.A if count_a > count_b else Outcome.B
    lead = abs(count_a - count_b)
    if lead <= open_count:
        headline = f"No overall winner between {a.name} and {b.name} on the data we have"
        return (
            None,
            headline,
            (explanation + " The open categories could change the result.").strip(),
        )
    led = wins[leader]
    if len(categories) == 1:
        headline = (
            f"{names[leader]} is ahead on {led[0].label.lower()}, the one category compared "
            f"for {a.category_label.lower()} models"
        )
    elif total == 1:
        headline = (
            f"{names[leader]} is ahead on {led[0].label.lower()}, "
            "the only category both can be compared on"
        )
    else:
        headline = (
            f"{names[leader]} leads {NUMBER_WORDS[len(led)] if len(led) < 10 else len(led)} "
            f"of the {count_words(total, 'category', 'categories')} we can compare"
        )
    return leader, headline, explanation.strip()


def short_verdict(verdict: Verdict, names: dict[Outcome, str]) -> str:
    """The verdict in a few words, for the page title."""
    if not verdict.same_job:
        return "not directly comparable, they do different jobs"
    if verdict.comparable == 0:
        return "not enough data to compare them"
    if verdict.leader is None:
        if verdict.a_wins == verdict.b_wins == 0:
            return "level on everything we can compare"
        if verdict.a_wins == verdict.b_wins:
            return "evenly matched"
        return "no overall winner"
    wins = verdict.a_wins if verdict.leader is Outcome.A else verdict.b_wins
    if verdict.comparable == 1:
        led = next(c for c in verdict.categories if c.outcome is verdict.leader)
        return f"{names[verdict.leader]} ahead on {led.label.lower()}"
    return f"{names[verdict.leader]} leads {wins} of {verdict.comparable} categories"


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


def _own_thinking_rates(row: Row) -> bool:
    """Whether either side of the thinking-mode price row lists rates of its own (else the
    row repeats the standard price, or says only that a model does not think)."""
    return any(THINKING_BASIS in value.note for value in (row.a, row.b))


THINKING_BASIS = "thinking-mode rates"


def _either_known(row: Row | None) -> bool:
    return row is not None and (row.a.known or row.b.known)


def category_plan(
    a: ModelFacts, b: ModelFacts, rows: tuple[Row, ...]
) -> tuple[tuple[str, str, str], ...]:
    """(category, label, metric) for a same-job pair. Price is decided in thinking mode
    when both models think and either bills thinking at its own rate. Coding counts
    only when either model has a coding score: few do, and a category nobody has
    measured would leave every other pair without a winner."""
    plan = CATEGORY_PLAN[a.category]
    by_key = {row.metric.key: row for row in rows}
    if not _either_known(by_key.get("coding")):
        plan = tuple(item for item in plan if item[0] != "coding")
    thinking = by_key.get("thinking_price")
    if (
        thinking is not None
        and thinking.a.known
        and thinking.b.known
        and _own_thinking_rates(thinking)
    ):
        plan = tuple(
            (key, "Price in thinking mode", "thinking_price")
            if key == "price"
            else (key, label, metric)
            for key, label, metric in plan
        )
    return plan


def build_verdict(
    a: ModelFacts,
    b: ModelFacts,
    rows: tuple[Row, ...],
    plan: tuple[tuple[str, str, str], ...] = (),
) -> Verdict:
    """The verdict from the rows; `plan` is category_plan(a, b, rows), when known."""
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
        for key, label, metric_key in plan or category_plan(a, b, rows)
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


def compare_models(
    *, a: ModelFacts, b: ModelFacts, on: date, benchmarks: int | None = None
) -> Comparison:
    """Compare two models as of `on` (the date their prices were read for).

    With `benchmarks`, only the first that many other benchmarks get a row (the
    comparison page shows a handful and links to the rest; they decide nothing);
    `benchmark_total` counts them all either way.
    """
    built, benchmark_total = benchmark_metrics(a, b, benchmarks)
    rows = tuple(build_row(metric, a, b) for metric in (*METRICS, *built))
    plan: tuple[tuple[str, str, str], ...] = ()
    if a.category == b.category:
        plan = category_plan(a, b, rows)
        deciding = {metric: label for _, label, metric in plan}
        rows = tuple(
            replace(row, decides=deciding[row.metric.key]) if row.metric.key in deciding else row
            for row in rows
        )
    shown = tuple(
        row
        for row in rows
        if not (row.a.state is State.NOT_APPLICABLE and row.b.state is State.NOT_APPLICABLE)
        and (row.metric.key != "thinking_price" or _own_thinking_rates(row))
        and (row.metric.key != "coding" or _either_known(row))
    )
    changes = [moment for moment in (a.last_changed, b.last_changed) if moment is not None]
    dates = [day for day in (a.data_date, b.data_date) if day is not None]
    return Comparison(
        a=a,
        b=b,
        on=on,
        rows=shown,
        verdict=build_verdict(a, b, rows, plan),
        last_updated=max(changes) if changes else None,
        data_date=max(dates) if dates else None,
        benchmark_total=benchmark_total,
    )
