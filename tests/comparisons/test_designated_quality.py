"""The verdict's quality row reads only the board designated for the category (no database)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from comparisons.facts import ScoreFact, State
from comparisons.metrics import read_primary_score
from comparisons.verdict import compare_models
from tests.comparisons.builders import arena, text_model

TODAY = date(2026, 7, 24)


def other_board(slug: str, value: str, **fields) -> ScoreFact:
    """A score on a board nobody designated: a category sub-board, a coding benchmark."""
    return replace(
        arena(value, None, None),
        benchmark=slug,
        benchmark_slug=slug,
        **{"designation": "", **fields},
    )


def test_a_model_with_many_boards_is_judged_on_the_designated_one():
    facts = replace(
        text_model("Alpha"),
        scores=(
            other_board("aider-polyglot", "88", designation="coding", scale_max=Decimal(100)),
            other_board("lmarena-text-coding", "1500"),
            arena("1400", "1395", "1405"),
        ),
    )
    value = read_primary_score(facts)
    assert (value.raw, value.unit) == (Decimal("1400"), "lmarena-text")


def test_scores_only_on_other_boards_leave_quality_unknown():
    facts = replace(
        text_model("Alpha"),
        scores=(other_board("lmarena-text-coding", "1500"), other_board("mmlu", "80")),
    )
    assert read_primary_score(facts).state is State.UNKNOWN


def test_new_boards_never_change_the_verdict():
    a = text_model("Alpha", score=arena("1400", "1395", "1405"))
    b = text_model("Beta", score=arena("1300", "1295", "1305"))
    before = compare_models(a=a, b=b, on=TODAY)
    # Beta leads every other board by far, and is self-reported on one of them.
    extra = (
        other_board("lmarena-text-coding", "1600"),
        other_board("swe-bench-verified", "90", measured_by="lab", dataset="llm-stats"),
    )
    after = compare_models(a=a, b=replace(b, scores=(*b.scores, *extra)), on=TODAY)
    assert after.verdict.headline == before.verdict.headline
    assert after.row("arena").outcome == before.row("arena").outcome
