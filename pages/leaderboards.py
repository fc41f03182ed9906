"""A benchmark's leaderboard of published models, and a model's ranks on its benchmarks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from catalog.models import AIModel, Benchmark, Score
from web.caching import CacheUnavailable, catalog_version, versioned_get, versioned_set


@dataclass(frozen=True)
class Standing:
    """One model, in one mode, on one benchmark: its newest score and its rank."""

    rank: int
    name: str
    slug: str
    creator: str
    condition: str
    value: Decimal
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    votes: int | None
    measured_on: date
    source_url: str
    deprecated: bool
    measured_by: str = "independent"  # "lab": the model's maker reported it
    dataset: str = ""  # the dataset it was read from


def leaderboard(benchmark: Benchmark) -> list[Standing]:
    """Each published model's newest score on `benchmark`, per mode it ran in, best first.

    Ranks are competition ranks (equal scores share one): one more than the
    number of rows that scored strictly better. Read once per catalog version.
    """
    key = f"leaderboard:{benchmark.pk}"
    version: str | None = None
    try:
        version = catalog_version()
        cached = versioned_get("facts", version, key)
    except CacheUnavailable:
        cached = None
    if isinstance(cached, list):
        return cached
    rows = Score.objects.filter(benchmark=benchmark, model__is_published=True).select_related(
        "model__creator"
    )
    standings = standings_of(benchmark, rows)
    if version is not None:
        versioned_set("facts", version, key, standings)
    return standings


def standings_of(benchmark: Benchmark, rows: Iterable[Score]) -> list[Standing]:
    """The leaderboard of these scores of `benchmark` (their models' creators loaded)."""
    newest: dict[tuple[int, str], Score] = {}
    for score in rows:
        held = newest.get((score.model_id, score.condition))
        # Of two datasets' scores of one date, an independent measurement is shown.
        if held is None or _shown_first(score) > _shown_first(held):
            newest[(score.model_id, score.condition)] = score
    higher = benchmark.direction == Benchmark.Direction.HIGHER
    ordered = sorted(
        newest.values(),
        key=lambda s: (-s.value if higher else s.value, s.model.name, s.condition),
    )
    standings: list[Standing] = []
    for index, score in enumerate(ordered):
        tied = index and ordered[index - 1].value == score.value
        rank = standings[-1].rank if tied else index + 1
        standings.append(
            Standing(
                rank=rank,
                name=score.model.name,
                slug=score.model.slug,
                creator=score.model.creator.name,
                condition=score.condition,
                value=score.value,
                ci_lower=score.ci_lower,
                ci_upper=score.ci_upper,
                votes=score.votes,
                measured_on=score.measured_on,
                source_url=score.source_url,
                deprecated=score.model.is_deprecated,
                measured_by=score.measured_by,
                dataset=score.dataset,
            )
        )
    return standings


def _shown_first(score: Score) -> tuple[date, bool, str]:
    return (score.measured_on, score.measured_by == Score.MeasuredBy.INDEPENDENT, score.dataset)


# Scores a model page shows in its table before the rest fold away, after the
# designated benchmarks (which are always shown).
SHOWN_SCORES = 10


def arrange_scores(scores: list[Score]) -> tuple[list[Score], list[tuple[str, list[Score]]]]:
    """(the scores the table shows, the rest grouped by family): the designated boards
    first, then each family's first board (its overall one before its variants), then
    each family's second, and so on, so that no one family fills the table."""
    designated = sorted(
        (s for s in scores if s.benchmark.designation),
        key=lambda s: (s.benchmark.designation != "quality", s.benchmark.name, s.condition),
    )
    families: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        if not score.benchmark.designation:
            families[score.benchmark.family or score.benchmark.name].append(score)
    for rows in families.values():
        rows.sort(
            key=lambda s: (
                bool(s.benchmark.variant),
                s.benchmark.variant.count(","),  # "style control" before "style control, math"
                not s.benchmark.variant.startswith("style control"),
                s.benchmark.name,
                s.condition,
                -s.measured_on.toordinal(),
            )
        )
    turns = sorted(
        (
            (place, family, score)
            for family, rows in families.items()
            for place, score in enumerate(rows)
        ),
        key=lambda turn: (turn[0], turn[1]),
    )
    shown = [score for *_, score in turns[:SHOWN_SCORES]]
    folded: dict[str, list[Score]] = {}
    for _, family, score in sorted(turns[SHOWN_SCORES:], key=lambda turn: (turn[1], turn[0])):
        folded.setdefault(family, []).append(score)
    return designated + shown, list(folded.items())


def _ranked_on_its_board(model: AIModel) -> QuerySet[Score]:
    """The model's scores, each annotated with `board_size` (the rows of its board: each
    published model's newest score per mode) and `ahead` (how many of them did better)."""
    # A row the board shows instead of this one (see _shown_first): newer, or of the same
    # date and measured independently where this one is self-reported, or of a later dataset.
    same_date = Q(measured_on=OuterRef("measured_on"))
    newer = Score.objects.filter(
        Q(measured_on__gt=OuterRef("measured_on"))
        | same_date
        & Q(measured_by=Score.MeasuredBy.INDEPENDENT)
        & ~Q(measured_by=OuterRef("measured_by"))
        | same_date & Q(measured_by=OuterRef("measured_by"), dataset__gt=OuterRef("dataset")),
        model=OuterRef("model"),
        benchmark=OuterRef("benchmark"),
        condition=OuterRef("condition"),
    )
    board = Score.objects.filter(benchmark=OuterRef("benchmark")).filter(
        Q(model__is_published=True) | Q(model=model), ~Exists(newer)
    )

    def counted(rows: QuerySet[Score]) -> Coalesce:
        total = rows.order_by().values("benchmark").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(total, output_field=IntegerField()), 0)

    return (
        Score.objects.filter(model=model)
        .select_related("benchmark")
        .annotate(
            board_size=counted(board),
            ahead=Case(
                When(
                    benchmark__direction=Benchmark.Direction.LOWER,
                    then=counted(board.filter(value__lt=OuterRef("value"))),
                ),
                default=counted(board.filter(value__gt=OuterRef("value"))),
            ),
        )
    )


def model_scores(
    model: AIModel,
) -> tuple[list[Score], list[tuple[str, list[Score]]], dict[tuple[int, str], tuple[int, int, int]]]:
    """A model's own scores as its page shows them (see arrange_scores), and for each
    (benchmark pk, condition) its (rank, rows on the board, the ranked score's pk: of two
    rows of one date, the one the board shows),
    all in one query: a model may be on hundreds of boards."""
    own = list(_ranked_on_its_board(model))
    newest: dict[tuple[int, str], Score] = {}
    for score in own:
        held = newest.get((score.benchmark_id, score.condition))
        if held is None or _shown_first(score) > _shown_first(held):
            newest[(score.benchmark_id, score.condition)] = score
    found = {
        key: (score.ahead + 1, score.board_size, score.pk)  # type: ignore[attr-defined]
        for key, score in newest.items()
    }
    shown, folded = arrange_scores(own)
    return shown, folded, found
