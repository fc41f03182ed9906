"""The pictures, as SVG geometry computed on the server (templates draw it). Pure.

- a price-history step chart per host and component (model pages);
- price against quality for a category, on a log price axis, with the frontier
  of the best quality for the money (the directory; the pair of a comparison
  highlighted among its peers);
- scores with their 95% intervals as error bars, so an overlap shows as a tie
  (comparison pages).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH = 320
HEIGHT = 132
PAD_LEFT = 48  # room for the price axis's labels
PAD_RIGHT = 8
PAD_TOP = 12
PAD_BOTTOM = 34  # room for two rows of step dates


@dataclass(frozen=True)
class Step:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    """A labelled mark on an axis; `row` staggers labels that would touch."""

    at: float
    label: str
    row: int = 0


@dataclass(frozen=True)
class StepChart:
    """A price that holds from each dated row until the next: one step per row."""

    width: int
    height: int
    path: str
    steps: tuple[Step, ...]
    start_label: str
    end_label: str
    description: str
    price_ticks: tuple[Tick, ...] = ()
    date_ticks: tuple[Tick, ...] = ()
    left: int = PAD_LEFT
    right: int = WIDTH - PAD_RIGHT
    bottom: float = HEIGHT - PAD_BOTTOM


def step_chart(
    rows: Sequence[tuple[date, Decimal]],
    *,
    until: date,
    describe: Callable[[Decimal], str],
    date_text: Callable[[date], str],
) -> StepChart | None:
    """Steps for (effective date, amount) rows, drawn from the first date to `until` (the
    data's own last date, never the day the page is drawn): the price axis labelled
    from zero to the highest price, and the date of every step under it."""
    if not rows:
        return None
    rows = sorted(rows)
    start = rows[0][0]
    end = max(until, rows[-1][0])
    span = max((end - start).days, 1)
    top = max(amount for _, amount in rows) or Decimal(1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(day: date) -> float:
        return round(PAD_LEFT + plot_w * (day - start).days / span, 1)

    def y_of(amount: Decimal) -> float:
        return round(PAD_TOP + plot_h * float(1 - amount / (top * Decimal("1.1"))), 1)

    steps = tuple(
        Step(x=x_of(day), y=y_of(amount), label=f"From {date_text(day)}: {describe(amount)}")
        for day, amount in rows
    )
    path = f"M{steps[0].x},{steps[0].y}"
    for step in steps[1:]:
        path += f" H{step.x} V{step.y}"
    path += f" H{x_of(end)}"
    description = "; ".join(step.label for step in steps)
    price_ticks = tuple(
        Tick(at=y_of(amount), label=describe_short(amount))
        for amount in sorted({Decimal(0), top / 2, top})
    )
    return StepChart(
        width=WIDTH,
        height=HEIGHT,
        path=path,
        steps=steps,
        start_label=date_text(start),
        end_label=date_text(end),
        description=description,
        price_ticks=price_ticks,
        date_ticks=_staggered(
            [(step.x, date_text(day)) for step, (day, _) in zip(steps, rows, strict=True)]
        ),
    )


def describe_short(amount: Decimal) -> str:
    """An axis label: "$2.5", "$0.15", "$0"."""
    text = f"{amount:.4f}".rstrip("0").rstrip(".")
    return f"${text}"


def _staggered(marks: Sequence[tuple[float, str]], gap: float = 56) -> tuple[Tick, ...]:
    """Ticks for labels of about `gap` units' width: a label that would touch the one
    before it on its row goes to the other row."""
    ends = [-math.inf, -math.inf]
    ticks = []
    for at, label in marks:
        row = 0 if at - ends[0] >= gap else 1 if at - ends[1] >= gap else 0
        ends[row] = at
        ticks.append(Tick(at=at, label=label, row=row))
    return tuple(ticks)


# -- price against quality -----------------------------------------------------------------

SCATTER_WIDTH = 360
SCATTER_HEIGHT = 240
SCATTER_LEFT = 44
SCATTER_RIGHT = 12
SCATTER_TOP = 12
SCATTER_BOTTOM = 40


@dataclass(frozen=True)
class Entry:
    """One model of the category with both a headline price and a quality score."""

    name: str
    slug: str
    price: Decimal
    price_text: str
    score: Decimal


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    entry: Entry
    highlighted: bool
    on_frontier: bool


@dataclass(frozen=True)
class Label:
    """A highlighted model's name beside its point: `anchor` is SVG's text-anchor."""

    x: float
    y: float
    anchor: str
    text: str


@dataclass(frozen=True)
class ScatterChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[Point, ...]  # the highlighted ones last, so they are drawn on top
    frontier: str  # an SVG path through the frontier, cheapest first
    price_ticks: tuple[Tick, ...]
    score_ticks: tuple[Tick, ...]
    description: str
    price_label: str
    quality_label: str
    labels: tuple[Label, ...] = ()  # the names of the highlighted points, clear of each other


def frontier(entries: Sequence[Entry]) -> list[Entry]:
    """The models no cheaper (or equally priced) model beats on quality: the best quality
    for the money at each price, cheapest first."""
    best: Decimal | None = None
    kept = []
    for entry in sorted(entries, key=lambda e: (e.price, -e.score, e.name)):
        if best is None or entry.score > best:
            kept.append(entry)
            best = entry.score
    return kept


def price_quality_chart(
    entries: Sequence[Entry],
    *,
    highlight: frozenset[str] = frozenset(),
    quality: str,
    price_label: str,
) -> ScatterChart | None:
    """Price (log scale) across, quality up; None with fewer than two priced and scored
    models, where there is nothing to place a model among."""
    entries = [entry for entry in entries if entry.price > 0]
    if len(entries) < 2:
        return None
    low = min(float(entry.price) for entry in entries)
    high = max(float(entry.price) for entry in entries)
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    if first == last:
        last += 1
    worst = min(entry.score for entry in entries)
    best = max(entry.score for entry in entries)
    floor_, ceiling = _score_range(worst, best)
    plot_w = SCATTER_WIDTH - SCATTER_LEFT - SCATTER_RIGHT
    plot_h = SCATTER_HEIGHT - SCATTER_TOP - SCATTER_BOTTOM

    def x_of(price: float) -> float:
        return round(SCATTER_LEFT + plot_w * (math.log10(price) - first) / (last - first), 1)

    def y_of(score: float) -> float:
        return round(SCATTER_TOP + plot_h * (1 - (score - floor_) / (ceiling - floor_)), 1)

    on_frontier = {entry.slug for entry in frontier(entries)}
    points = sorted(
        (
            Point(
                x=x_of(float(entry.price)),
                y=y_of(float(entry.score)),
                entry=entry,
                highlighted=entry.slug in highlight,
                on_frontier=entry.slug in on_frontier,
            )
            for entry in entries
        ),
        key=lambda point: (point.highlighted, point.x),
    )
    line = [point for point in sorted(points, key=lambda p: p.x) if point.on_frontier]
    path = "M" + " L".join(f"{point.x},{point.y}" for point in line)
    price_ticks = tuple(
        Tick(at=x_of(10.0**power), label=describe_short(Decimal(10) ** power))
        for power in range(first, last + 1)
    )
    step = _score_step(ceiling - floor_)
    score_ticks = tuple(
        Tick(at=y_of(value), label=f"{value:g}")
        for value in _range(math.ceil(floor_ / step) * step, ceiling, step)
    )
    shown = [point.entry for point in points if point.highlighted]
    lead = "; ".join(f"{e.name}: {e.price_text}, {quality} {e.score:g}" for e in shown)
    best_value = ", ".join(entry.name for entry in frontier(entries))
    description = (
        f"{len(entries)} models by price and {quality}."
        + (f" {lead}." if lead else "")
        + f" Best {quality} for the money, cheapest first: {best_value}."
    )
    return ScatterChart(
        width=SCATTER_WIDTH,
        height=SCATTER_HEIGHT,
        left=SCATTER_LEFT,
        right=SCATTER_WIDTH - SCATTER_RIGHT,
        top=SCATTER_TOP,
        bottom=SCATTER_HEIGHT - SCATTER_BOTTOM,
        points=tuple(points),
        frontier=path,
        price_ticks=price_ticks,
        score_ticks=score_ticks,
        description=description,
        price_label=price_label,
        quality_label=quality[:1].upper() + quality[1:],
        labels=_labels(
            [point for point in points if point.highlighted],
            left=SCATTER_LEFT,
            right=SCATTER_WIDTH - SCATTER_RIGHT,
            top=SCATTER_TOP,
        ),
    )


LABEL_HEIGHT = 10  # the labels' font size, in the picture's units
LABEL_CHAR = 6.0  # an upper bound on the width of one character at that size


def _labels(points: Sequence[Point], *, left: int, right: int, top: int) -> tuple[Label, ...]:
    """A name beside each point: right of it unless it would run past the plot, above it
    unless that leaves the plot or touches a label already placed, below otherwise."""
    placed: list[tuple[float, float, float, float]] = []  # left, top, right, bottom
    labels = []
    for point in points:
        text = point.entry.name
        width = LABEL_CHAR * len(text)
        start = point.x + 8 <= right - width
        x0 = point.x + 8 if start else max(left, point.x - 8 - width)
        x = point.x + 8 if start else point.x - 8
        above = point.y - 7
        below = point.y + 7 + LABEL_HEIGHT
        box = (x0, above - LABEL_HEIGHT, x0 + width, above)
        if box[1] < top or any(_touch(box, other) for other in placed):
            box = (x0, below - LABEL_HEIGHT, x0 + width, below)
        placed.append(box)
        labels.append(Label(x=x, y=round(box[3], 1), anchor="start" if start else "end", text=text))
    return tuple(labels)


def _touch(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _score_range(worst: Decimal, best: Decimal) -> tuple[float, float]:
    spread = max(float(best - worst), 1.0)
    return float(worst) - spread * 0.05, float(best) + spread * 0.05


def _score_step(spread: float) -> float:
    """A round step giving three to six score labels."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        if spread / step <= 6:
            return float(step)
    return 1000.0


def _range(start: float, stop: float, step: float) -> list[float]:
    values = []
    value = start
    while value <= stop + 1e-9:
        values.append(value)
        value += step
    return values


# -- scores with their intervals ----------------------------------------------------------------

INTERVAL_WIDTH = 360
INTERVAL_LEFT = 12
INTERVAL_RIGHT = 12
INTERVAL_ROW = 34
INTERVAL_AXIS = 28


@dataclass(frozen=True)
class Bar:
    name: str
    y: float
    at: float
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class IntervalChart:
    width: int
    height: int
    left: int
    right: int
    axis: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    overlap: bool
    description: str


def interval_chart(
    rows: Sequence[tuple[str, Decimal, Decimal | None, Decimal | None]], *, benchmark: str
) -> IntervalChart | None:
    """Each (name, score, low, high) as a dot with its 95% interval as whiskers on one
    axis; None unless every row has an interval (a bare number has nothing to show)."""
    if len(rows) < 2 or any(low is None or high is None for _, _, low, high in rows):
        return None
    lows = [float(low) for _, _, low, _ in rows if low is not None]
    highs = [float(high) for _, _, _, high in rows if high is not None]
    floor_, ceiling = min(lows), max(highs)
    margin = max(ceiling - floor_, 1.0) * 0.15
    floor_, ceiling = floor_ - margin, ceiling + margin
    plot_w = INTERVAL_WIDTH - INTERVAL_LEFT - INTERVAL_RIGHT

    def x_of(value: float) -> float:
        return round(INTERVAL_LEFT + plot_w * (value - floor_) / (ceiling - floor_), 1)

    bars = tuple(
        Bar(
            name=name,
            y=INTERVAL_ROW * index + INTERVAL_ROW / 2 + 8,
            at=x_of(float(value)),
            low=x_of(float(low)),  # type: ignore[arg-type]
            high=x_of(float(high)),  # type: ignore[arg-type]
            label=f"{name}: {value:g} (95% interval {low:g} to {high:g})",
        )
        for index, (name, value, low, high) in enumerate(rows)
    )
    overlap = max(float(low) for _, _, low, _ in rows if low is not None) <= min(
        float(high) for _, _, _, high in rows if high is not None
    )
    axis = INTERVAL_ROW * len(rows) + 8
    step = _score_step(ceiling - floor_)
    ticks = tuple(
        Tick(at=x_of(value), label=f"{value:g}")
        for value in _range(math.ceil(floor_ / step) * step, ceiling, step)
    )
    verdict = (
        "the intervals overlap, so the two are level" if overlap else "the intervals do not overlap"
    )
    return IntervalChart(
        width=INTERVAL_WIDTH,
        height=int(axis + INTERVAL_AXIS),
        left=INTERVAL_LEFT,
        right=INTERVAL_WIDTH - INTERVAL_RIGHT,
        axis=axis,
        bars=bars,
        ticks=ticks,
        overlap=overlap,
        description=f"{benchmark}: " + "; ".join(bar.label for bar in bars) + f"; {verdict}.",
    )
