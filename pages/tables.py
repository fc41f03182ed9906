"""The head-to-head table's rows as the template writes them, worked out in one pass.

The table is most of an uncached comparison page: a row per metric, two cells
each. Deciding here what each cell and result says (which side won, which
source it cites, which words explain a tie) leaves the template a loop that
only writes, so a change of markup is still a change of the template alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from comparisons.facts import Dissent
from comparisons.verdict import Comparison, Outcome, Row


class Cell(NamedTuple):
    text: str
    win: bool
    source: int | None  # the number of its citation in the sources list
    dissent: tuple[Dissent, ...]


class TableRow(NamedTuple):
    label: str
    decides: str  # "" or what the row decides: "this category", or the category's name
    cells: tuple[Cell, Cell]
    winner: str  # the better model's name, "" when neither is
    direction: str  # what better means for the row ("lower is better"), with a winner
    result: str  # otherwise: why the row is level or not compared
    muted: bool  # the result is a side note (a row shown, not scored)


def table_rows(
    comparison: Comparison, rows: Iterable[Row], cells: Mapping[tuple[str, str], int]
) -> list[TableRow]:
    """Each row of `rows` as the table shows it; `cells` numbers each cited value."""
    names = {Outcome.A: comparison.a.name, Outcome.B: comparison.b.name}
    shown = []
    for row in rows:
        metric, outcome = row.metric, row.outcome
        decides = ""
        if row.decides:
            decides = "this category" if row.decides == metric.label else row.decides.lower()
        winner = names.get(outcome, "")
        if winner:
            result = ""
        elif outcome is Outcome.TIE:
            result = row.level_text
        elif outcome is Outcome.INFO:
            result = "Shown, not scored"
        else:
            result = row.reason_text
        shown.append(
            TableRow(
                label=metric.label,
                decides=decides,
                cells=(
                    Cell(
                        row.a_text,
                        outcome is Outcome.A,
                        cells.get((metric.key, "a")),
                        row.a.dissent,
                    ),
                    Cell(
                        row.b_text,
                        outcome is Outcome.B,
                        cells.get((metric.key, "b")),
                        row.b.dissent,
                    ),
                ),
                winner=winner,
                direction=metric.direction.value if winner else "",
                result=result,
                muted=outcome is Outcome.INFO,
            )
        )
    return shown
