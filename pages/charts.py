"""A small price-history step chart, drawn on the server as SVG geometry. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH = 320
HEIGHT = 120
PAD_LEFT = 8
PAD_RIGHT = 8
PAD_TOP = 12
PAD_BOTTOM = 22


@dataclass(frozen=True)
class Step:
    x: float
    y: float
    label: str


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


def step_chart(
    rows: Sequence[tuple[date, Decimal]],
    *,
    until: date,
    describe: Callable[[Decimal], str],
    date_text: Callable[[date], str],
) -> StepChart | None:
    """Steps for (effective date, amount) rows, drawn from the first date to `until`."""
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
    return StepChart(
        width=WIDTH,
        height=HEIGHT,
        path=path,
        steps=steps,
        start_label=date_text(start),
        end_label=date_text(end),
        description=description,
    )
