"""Which of a model's benchmark scores a row shows, and how it is written. Pure: no Django.

A model can have several scores on one benchmark: one per condition it ran in
("thinking, 32K budget"), per dataset, per snapshot, measured by an independent
party or reported by its maker. One is picked, the same way every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from comparisons import materiality
from comparisons.facts import UNKNOWN, ModelFacts, ScoreFact, State, Value

CODING = "coding"
LAB = "lab"
PERCENT_SCALE = Decimal(100)
# What a row says for the model with no score on a benchmark the other has.
NOT_MEASURED = Value(state=State.UNKNOWN, note="no score recorded")


def pick_score(scores: Iterable[ScoreFact]) -> ScoreFact | None:
    """Independent before self-reported, then the default condition, then the newest,
    then the highest; the condition and dataset names settle what is left."""
    ranked = sorted(
        scores,
        key=lambda s: (
            s.measured_by == LAB,
            s.condition != "",
            -s.measured_on.toordinal(),
            -s.value,
            s.condition,
            s.dataset,
        ),
    )
    return ranked[0] if ranked else None


def score_value(score: ScoreFact) -> Value:
    """A score as a row's value: its interval, or the 3-point margin on a 0-100 scale."""
    interval = None
    if score.ci_lower is not None and score.ci_upper is not None:
        interval = (score.ci_lower, score.ci_upper)
    percent = score.scale_max == PERCENT_SCALE
    return Value(
        state=State.KNOWN,
        raw=score.value,
        unit=score.benchmark_slug,
        unit_label=score.benchmark,
        source_url=score.source_url,
        checked_on=score.checked_on,
        interval=interval,
        votes=score.votes,
        measured_on=score.measured_on,
        margin=materiality.SCORE_MARGIN if percent else None,
        percent=percent,
        self_reported=score.measured_by == LAB,
        note=score.condition,
    )


def read_coding_score(facts: ModelFacts) -> Value:
    """The score on the designated independent coding benchmark."""
    score = pick_score(s for s in facts.scores if s.designation == CODING)
    return score_value(score) if score else UNKNOWN


def read_benchmark(slug: str, facts: ModelFacts) -> Value:
    """The picked score on one other benchmark, or why there is none."""
    score = pick_score(s for s in facts.scores if s.benchmark_slug == slug and not s.designation)
    return score_value(score) if score else NOT_MEASURED


def other_benchmarks(*models: ModelFacts) -> list[ScoreFact]:
    """One score per benchmark that is not designated, for the benchmarks any of the
    models has: shared ones first; then other families before the variants of a
    designated board (the arena's prompt categories), whose board the table shows
    already; then by family and name."""
    holders: dict[str, int] = {}
    named: dict[str, tuple[tuple[str, str, str], ScoreFact]] = {}
    designated: set[str] = set()
    for facts in models:
        own, families = _benchmarks_of(facts)
        designated |= families
        for slug, (key, score) in own.items():
            holders[slug] = holders.get(slug, 0) + 1
            # The same name whichever model's score is read first.
            if slug not in named or key < named[slug][0]:
                named[slug] = (key, score)
    ordered = sorted(
        (
            holders[slug] < len(models),
            bool(score.family) and score.family in designated,
            key,
            score,
        )
        for slug, (key, score) in named.items()
    )
    return [entry[-1] for entry in ordered]


def _benchmarks_of(
    facts: ModelFacts,
) -> tuple[dict[str, tuple[tuple[str, str, str], ScoreFact]], frozenset[str]]:
    """A model's other benchmarks, each with the score its name is read from, and the
    families of its designated boards: worked out once per model, as its facts are."""
    found = facts.memo.get("benchmarks")
    if found is None:
        named: dict[str, tuple[tuple[str, str, str], ScoreFact]] = {}
        for score in facts.scores:
            if score.designation:
                continue
            key = _name_key(score)
            slug = score.benchmark_slug
            if slug not in named or key < named[slug][0]:
                named[slug] = (key, score)
        families = frozenset(s.family for s in facts.scores if s.designation)
        found = facts.memo["benchmarks"] = (named, families)
    return found  # type: ignore[return-value]


def _name_key(score: ScoreFact) -> tuple[str, str, str]:
    return score.family.lower(), score.benchmark.lower(), score.benchmark_slug


def format_score(value: Value) -> str:
    """'74.5% on SWE-bench (thinking; self-reported; 4 Aug 2025)', '1285 on LMArena Text
    (95% interval 1282–1288; 1,000 votes; 4 Aug 2025)'."""
    assert isinstance(value.raw, Decimal)
    number = f"{value.raw.normalize():f}{'%' if value.percent else ''}"
    text = f"{number} on {value.unit_label}"
    details = [value.note] if value.note else []
    if value.self_reported:
        details.append("self-reported")
    if value.interval:
        low, high = value.interval
        details.append(f"95% interval {low.normalize():f}–{high.normalize():f}")
    if value.votes:
        details.append(f"{value.votes:,} votes")
    if value.measured_on:
        details.append(f"{value.measured_on.day} {value.measured_on:%b %Y}")
    return f"{text} ({'; '.join(details)})" if details else text
