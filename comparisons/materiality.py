"""When a difference counts. Pure: the verdict, the narrative and the page all read it here.

A category is won only by a difference that matters: prices and limits by
ratio, scores by their 95% confidence intervals, or, for a score without one
on a 0-100 scale, by more than a few points. Ratios are stated in
words only when they round to at least 1.1x, so no sentence says "a factor
of 1".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Prices and limits within 10% of each other are level.
LEVEL_RATIO = Decimal("1.10")
# A ratio is worth a sentence when it rounds to at least this.
STATED_RATIO = Decimal("1.1")

# Scores out of 100 without intervals within this many points of each other are level.
SCORE_MARGIN = Decimal(3)

RULE = (
    "Prices and limits within 10% of each other count as level; arena scores count as "
    "level when their 95% intervals overlap; a benchmark score without intervals counts "
    "as level within 3 points on a 0–100 scale and is not compared on any other scale. "
    "Scores a model's maker reports itself are shown, never compared."
)


def ratio(a: Decimal, b: Decimal) -> Decimal | None:
    """The larger over the smaller, or None when the smaller is zero or negative."""
    low, high = sorted((a, b))
    if low <= 0:
        return None
    return high / low


def level_by_ratio(a: Decimal, b: Decimal) -> bool:
    """True when two prices or limits are too close for either to win."""
    if a == b:
        return True
    low, high = sorted((a, b))
    if low <= 0:
        return False  # free against paid, or none against some: always material
    return high < low * LEVEL_RATIO


def level_by_margin(a: Decimal, b: Decimal, margin: Decimal) -> bool:
    """True when two scores without intervals are within `margin` points of each other."""
    return abs(a - b) <= margin


def intervals_overlap(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def rounded_ratio(value: Decimal) -> Decimal:
    """A ratio as it is written: to one decimal under 10x, whole from 10x."""
    places = Decimal(1) if value >= 10 else Decimal("0.1")
    return value.quantize(places, rounding=ROUND_HALF_UP)


def worth_stating(value: Decimal | None) -> bool:
    return value is not None and rounded_ratio(value) >= STATED_RATIO


def format_ratio(value: Decimal) -> str:
    """'2.3x', '12x'."""
    return f"{rounded_ratio(value).normalize():f}x"
