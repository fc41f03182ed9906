"""A benchmark's leaderboard of published models, and a model's ranks on its benchmarks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

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
        if held is None or score.measured_on > held.measured_on:
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
            )
        )
    return standings


def model_scores(
    model: AIModel,
) -> tuple[list[Score], dict[tuple[int, str], tuple[int, int, date]]]:
    """A model's own scores, and for each (benchmark pk, condition) of them its (rank, rows
    on the board, the ranked score's date), read together in one query."""
    boards = Score.objects.filter(model=model).values("benchmark")
    rows = list(
        Score.objects.filter(benchmark__in=boards)
        .filter(Q(model__is_published=True) | Q(model=model))
        .select_related("benchmark", "model__creator")
    )
    own = sorted(
        (score for score in rows if score.model_id == model.pk),
        key=lambda s: (s.benchmark.name, s.condition, -s.measured_on.toordinal()),
    )
    by_board: dict[int, list[Score]] = defaultdict(list)
    for score in rows:
        by_board[score.benchmark_id].append(score)
    found = {}
    for scores in by_board.values():
        board = standings_of(scores[0].benchmark, scores)
        for standing in board:
            if standing.slug == model.slug:
                found[(scores[0].benchmark_id, standing.condition)] = (
                    standing.rank,
                    len(board),
                    standing.measured_on,
                )
    return own, found
