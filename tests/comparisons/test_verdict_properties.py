"""Properties of the verdict engine over generated models (hypothesis)."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from comparisons.cost import Workload, monthly_cost
from comparisons.facts import ModelFacts, State, Value
from comparisons.metrics import Direction
from comparisons.verdict import OPEN_REASONS, SHOWN_BENCHMARKS, Outcome, compare_models
from tests.comparisons.builders import arena, bench, known, offer, price
from tests.comparisons.invariants import materiality_problems

TODAY = date(2026, 11, 23)
amounts = st.decimals(min_value=0, max_value=200, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def spec(draw, raw):
    state = draw(st.sampled_from(["known", "known", "unknown", "not disclosed"]))
    if state == "known":
        return known(draw(raw))
    return Value(state=State.UNKNOWN if state == "unknown" else State.NOT_DISCLOSED)


BOARDS = ("MMLU-Pro", "GPQA Diamond", "HLE", "Aider Polyglot", "MATH", "IFEval", "MMMU", "SimpleQA")


@st.composite
def benchmark_score(draw):
    """A coding or other benchmark score: percentage or open scale, lab or independent,
    with or without an interval, under a condition or not."""
    value = draw(st.integers(0, 100))
    half = draw(st.one_of(st.none(), st.integers(0, 5)))
    designated = draw(st.sampled_from(["", "", "", "coding"]))
    return bench(
        str(value),
        "SWE-bench Verified" if designated else draw(st.sampled_from(BOARDS)),
        designation=designated,
        family=draw(st.sampled_from(["", "reasoning", "knowledge"])),
        scale_max=draw(st.sampled_from(["100", "100", None])),
        measured_by=draw(st.sampled_from(["independent", "lab"])),
        condition=draw(st.sampled_from(["", "", "thinking, 32K budget"])),
        measured_on=draw(st.dates(date(2025, 1, 1), date(2025, 12, 31))),
        interval=None if half is None else (str(value - half), str(value + half)),
    )


@st.composite
def model_facts(draw, name: str) -> ModelFacts:
    category = draw(st.sampled_from(["text_generation", "image_generation"]))
    specs = {
        "context_window": draw(spec(st.integers(1_000, 2_000_000))),
        "max_output_tokens": draw(spec(st.integers(256, 200_000))),
        "parameters": draw(spec(st.integers(10**8, 10**12))),
        "release_date": draw(spec(st.dates(date(2022, 1, 1), date(2026, 1, 1)))),
        "open_weights": draw(spec(st.booleans())),
        "license": draw(spec(st.sampled_from(["MIT", "Proprietary", "Apache 2.0"]))),
    }
    for key in ("tool_calling", "structured_output", "vision_input", "reasoning"):
        specs[key] = draw(spec(st.booleans()))
    offers = []
    for host, by_creator in (("Maker", True), ("Host", False)):
        if not draw(st.booleans()):
            continue
        prices = []
        if draw(st.booleans()):
            prices.append(price("input_tokens", str(draw(amounts)), host=host))
        if draw(st.booleans()):
            prices.append(price("output_tokens", str(draw(amounts)), host=host))
        image_unit = draw(st.sampled_from([None, "per_image", "per_megapixel", "per_1m_tokens"]))
        if image_unit:
            prices.append(price("image_output", str(draw(amounts)), unit=image_unit, host=host))
        offers.append(offer(*prices, by_creator=by_creator, host=host))
    scores = []
    for benchmark, bench_category in (
        ("lmarena-text", "text_generation"),
        ("lmarena-text-to-image", "image_generation"),
    ):
        if draw(st.booleans()):
            value = draw(st.integers(800, 1500))
            half = draw(st.one_of(st.none(), st.integers(0, 15)))
            low, high = (None, None) if half is None else (str(value - half), str(value + half))
            scores.append(arena(str(value), low, high, benchmark, bench_category))
    scores += draw(st.lists(benchmark_score(), max_size=10))
    return ModelFacts(
        name=name,
        slug=name.lower(),
        creator="Maker",
        creator_slug="maker",
        category=category,
        category_label=category.replace("_", " ").capitalize(),
        specs=specs,
        offers=tuple(offers),
        scores=tuple(scores),
    )


pairs = st.tuples(model_facts("Alpha"), model_facts("Beta"))


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_swapping_a_and_b_mirrors_every_outcome_and_the_verdict(pair):
    a, b = pair
    forward = compare_models(a=a, b=b, on=TODAY)
    backward = compare_models(a=b, b=a, on=TODAY)
    assert [row.metric.key for row in forward.rows] == [row.metric.key for row in backward.rows]
    for row, mirror in zip(forward.rows, backward.rows, strict=True):
        assert row.outcome.mirrored() is mirror.outcome, row.metric.key
        assert row.reason is mirror.reason
    v, w = forward.verdict, backward.verdict
    assert (v.a_wins, v.b_wins, v.ties, v.comparable) == (w.b_wins, w.a_wins, w.ties, w.comparable)
    assert v.same_job == w.same_job
    assert (v.leader.mirrored() if v.leader else None) is w.leader


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_a_missing_side_is_never_a_win(pair):
    result = compare_models(a=pair[0], b=pair[1], on=TODAY)
    for row in result.rows:
        if not (row.a.known and row.b.known):
            assert row.outcome not in {Outcome.A, Outcome.B}, row.metric.key
    for category in result.verdict.categories:
        if not (category.row.a.known and category.row.b.known):
            assert not category.comparable


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_values_in_different_units_are_never_compared(pair):
    result = compare_models(a=pair[0], b=pair[1], on=TODAY)
    for row in result.rows:
        if row.a.known and row.b.known and row.a.unit != row.b.unit:
            assert row.outcome is Outcome.NOT_COMPARABLE, row.metric.key


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_informational_rows_are_never_won(pair):
    result = compare_models(a=pair[0], b=pair[1], on=TODAY)
    for row in result.rows:
        if row.metric.direction is Direction.INFO:
            assert row.outcome is Outcome.INFO


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_the_verdicts_count_equals_the_tables_wins(pair):
    result = compare_models(a=pair[0], b=pair[1], on=TODAY)
    verdict = result.verdict
    deciding = [row for row in result.rows if row.decides]
    if not verdict.same_job:
        assert deciding == []
        assert "leads" not in verdict.headline
        return
    assert verdict.a_wins == sum(row.outcome is Outcome.A for row in deciding)
    assert verdict.b_wins == sum(row.outcome is Outcome.B for row in deciding)
    assert verdict.comparable == sum(
        row.outcome in {Outcome.A, Outcome.B, Outcome.TIE} for row in deciding
    )
    open_categories = sum(
        c.row.reason in OPEN_REASONS for c in verdict.categories if not c.comparable
    )
    if verdict.leader is Outcome.A:
        # A lead is declared only when the open categories could not undo it.
        assert verdict.a_wins - verdict.b_wins > open_categories
        assert verdict.headline.startswith("Alpha ")
    if verdict.leader is None:
        assert abs(verdict.a_wins - verdict.b_wins) <= open_categories or (
            verdict.a_wins == verdict.b_wins
        )
    assert " 1 of 1 " not in f" {verdict.headline} "
    assert "all 1 " not in verdict.headline


@settings(max_examples=200, deadline=None)
@given(model_facts("Alpha"), st.integers(0, 10**9), st.integers(0, 10**9), st.integers(0, 10**6))
def test_cost_prices_every_part_or_names_it(facts, tokens_in, tokens_out, images):
    workload = Workload(input_tokens=tokens_in, output_tokens=tokens_out, images=images)
    cost = monthly_cost(facts, workload)
    if cost.unpriced:
        assert cost.total is None  # no total stands beside a part it could not price
    else:
        assert cost.total == sum((line.cost for line in cost.lines), Decimal(0))
        assert cost.total >= 0
    asked = {
        label
        for label, quantity in (
            ("input tokens", tokens_in),
            ("output tokens", tokens_out),
            ("images", images),
        )
        if quantity
    }
    kinds = {
        "input tokens": "input tokens",
        "cached input tokens": "input tokens",
        "output tokens": "output tokens",
        "thinking tokens, billed as output": "output tokens",
        "images": "images",
        "image": "images",
    }
    priced = {kinds[line.part.split(" ", 1)[1]] for line in cost.lines}
    assert priced | set(cost.unpriced) == asked
    assert not priced & set(cost.unpriced)


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_benchmark_rows_never_decide_and_win_only_by_a_difference_that_matters(pair):
    result = compare_models(a=pair[0], b=pair[1], on=TODAY)
    assert materiality_problems(result) == []
    for category in result.verdict.categories:
        assert not category.row.metric.benchmark
        if category.row.a.self_reported or category.row.b.self_reported:
            assert not category.comparable
    benchmarks = [row for row in result.rows if row.metric.benchmark]
    in_table = [row for group in result.groups for row in group.rows if row.metric.benchmark]
    assert in_table == benchmarks[:SHOWN_BENCHMARKS]
    assert list(result.more_benchmarks) == benchmarks[SHOWN_BENCHMARKS:]
    shared = [row.a.known and row.b.known for row in benchmarks]
    assert shared == sorted(shared, reverse=True)  # shared benchmarks come first
