"""The verdict engine, tested on dataclasses alone: no database."""

import subprocess
import sys
from datetime import date
from decimal import Decimal

from comparisons.cost import Workload, monthly_cost
from comparisons.facts import State, Value
from comparisons.metrics import METRICS_BY_KEY, Direction, default_offer
from comparisons.narrative import key_differences, narrate, sources, when_to_use
from comparisons.verdict import Outcome, Reason, compare_models, compare_values
from tests.comparisons.builders import (
    arena,
    image_model,
    known,
    offer,
    price,
    text_model,
)

TODAY = date(2026, 11, 23)


def compare(a, b):
    return compare_models(a=a, b=b, on=TODAY)


def test_engine_modules_import_nothing_from_django():
    code = (
        "import sys; import comparisons.verdict, comparisons.narrative, comparisons.cost; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django'); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


class TestDifferentJobs:
    def test_an_image_model_and_a_text_model_are_not_directly_comparable(self):
        flux = image_model("Flux", per_image="0.04")
        gpt = text_model("GPT", input_price="2.50", output_price="10.00")
        result = compare(flux, gpt)
        verdict = result.verdict
        assert not verdict.same_job
        assert verdict.leader is None
        assert verdict.a_wins == verdict.b_wins == 0
        assert "not directly comparable" in verdict.headline
        assert "leads" not in verdict.headline
        assert "Choose by the job" in verdict.explanation

    def test_prices_in_different_units_are_never_compared(self):
        result = compare(image_model("Flux"), text_model("GPT", input_price="2.50"))
        row = result.row("price")
        assert row.outcome is Outcome.NOT_COMPARABLE
        assert row.reason is Reason.DIFFERENT_UNITS
        assert row.a_text == "$0.04 per image"
        assert row.b_text.startswith("$")
        assert "per 1M tokens" in row.b_text
        assert "per image" in row.reason_text
        assert "per 1M tokens" in row.reason_text

    def test_scores_on_different_benchmarks_are_never_compared(self):
        flux = image_model(
            "Flux", score=arena("999", "996", "1002", "lmarena-text-to-image", "image_generation")
        )
        gpt = text_model("GPT", score=arena("1285", "1282", "1288"))
        row = compare(flux, gpt).row("arena")
        assert row.reason is Reason.DIFFERENT_BENCHMARKS
        assert "LMArena Text-to-Image against LMArena Text" in row.reason_text


class TestCountedVerdict:
    def test_the_count_matches_the_winning_categories(self):
        a = text_model(
            "Alpha",
            input_price="3.00",
            output_price="15.00",
            context=200_000,
            output=64_000,
            score=arena("1338", "1333", "1343"),
        )
        b = text_model(
            "Beta",
            input_price="2.50",
            output_price="10.00",
            context=128_000,
            output=16_384,
            score=arena("1285", "1282", "1288"),
        )
        verdict = compare(a, b).verdict
        assert verdict.leader is Outcome.A
        wins = [c.key for c in verdict.categories if c.outcome is Outcome.A]
        assert wins == ["quality", "context", "output"]
        assert [c.key for c in verdict.categories if c.outcome is Outcome.B] == ["price"]
        assert verdict.headline == "Alpha leads three of the five categories we can compare"

    def test_a_category_with_a_missing_side_is_not_counted(self):
        a = text_model("Alpha", score=arena("1400", "1395", "1405"), context=None)
        b = text_model("Beta", score=None)
        verdict = compare(a, b).verdict
        quality = next(c for c in verdict.categories if c.key == "quality")
        assert quality.outcome is Outcome.NOT_COMPARABLE
        assert quality.row.reason is Reason.MISSING
        assert "Beta's is unknown" in quality.row.reason_text
        assert "quality" in verdict.explanation
        context = next(c for c in verdict.categories if c.key == "context")
        assert context.outcome is Outcome.NOT_COMPARABLE

    def test_not_disclosed_is_named_as_such_and_never_wins(self):
        hidden = Value(state=State.NOT_DISCLOSED)
        a = text_model("Alpha", context=None, context_window=hidden)
        b = text_model("Beta", context=1_000_000)
        row = compare(a, b).row("context_window")
        assert row.outcome is Outcome.NOT_COMPARABLE
        assert row.a_text == "Not disclosed by Maker"
        assert "does not disclose" in row.reason_text

    def test_all_missing_data_says_so(self):
        a = text_model(
            "Alpha",
            input_price=None,
            output_price=None,
            context=None,
            output=None,
            capabilities=(None, None, None, None),
        )
        b = text_model(
            "Beta",
            input_price=None,
            output_price=None,
            context=None,
            output=None,
            capabilities=(None, None, None, None),
        )
        verdict = compare(a, b).verdict
        assert verdict.comparable == 0
        assert verdict.leader is None
        assert verdict.headline == "Not enough data to compare Alpha and Beta"

    def test_a_level_result_names_no_leader(self):
        a = text_model("Alpha", input_price="1.00", output_price="4.00", context=100_000)
        b = text_model("Beta", input_price="2.00", output_price="8.00", context=200_000)
        verdict = compare(a, b).verdict
        assert verdict.leader is None
        assert verdict.a_wins == verdict.b_wins == 1
        assert verdict.headline == "Alpha and Beta are evenly matched: each leads one category"

    def test_identical_models_tie_everywhere(self):
        verdict = compare(text_model("Alpha"), text_model("Beta")).verdict
        assert verdict.leader is None
        assert verdict.ties == verdict.comparable
        assert verdict.headline == "Alpha and Beta are level on all four categories we can compare"


class TestRowOutcomes:
    def test_informational_rows_are_never_won(self):
        for key in ("parameters", "release_date", "license", "open_weights"):
            metric = METRICS_BY_KEY[key]
            assert metric.direction is Direction.INFO
        result = compare(
            text_model("Alpha", parameters=known(405_000_000_000)),
            text_model("Beta", parameters=known(7_000_000_000)),
        )
        assert result.row("parameters").outcome is Outcome.INFO

    def test_overlapping_arena_intervals_are_a_tie(self):
        metric = METRICS_BY_KEY["arena"]
        a = known(Decimal("1300"), unit="lmarena-text", interval=(Decimal(1290), Decimal(1310)))
        b = known(Decimal("1305"), unit="lmarena-text", interval=(Decimal(1300), Decimal(1310)))
        assert compare_values(metric, a, b) == (Outcome.TIE, None)

    def test_separate_arena_intervals_are_a_win(self):
        metric = METRICS_BY_KEY["arena"]
        a = known(Decimal("1300"), unit="lmarena-text", interval=(Decimal(1295), Decimal(1305)))
        b = known(Decimal("1320"), unit="lmarena-text", interval=(Decimal(1310), Decimal(1330)))
        assert compare_values(metric, a, b) == (Outcome.B, None)

    def test_differences_under_ten_percent_are_level(self):
        metric = METRICS_BY_KEY["context_window"]
        # 131,072 against 128,000 is 2.4%: level, as is 9.9%; 10% and more is a win.
        for low, high, outcome in (
            (128_000, 131_072, Outcome.TIE),
            (100_000, 109_900, Outcome.TIE),
            (100_000, 110_000, Outcome.B),
        ):
            assert compare_values(metric, known(low, unit="t"), known(high, unit="t"))[0] is outcome
        price = METRICS_BY_KEY["price"]
        # $3.4375 against $3.50: level.
        a = known(Decimal("3.4375"), unit="blended:per_1m_tokens")
        b = known(Decimal("3.50"), unit="blended:per_1m_tokens")
        assert compare_values(price, a, b) == (Outcome.TIE, None)

    def test_scores_without_intervals_are_not_compared(self):
        metric = METRICS_BY_KEY["arena"]
        a = known(Decimal("1400"), unit="lmarena-text")
        b = known(Decimal("1300"), unit="lmarena-text", interval=(Decimal(1295), Decimal(1305)))
        assert compare_values(metric, a, b) == (Outcome.NOT_COMPARABLE, Reason.NO_INTERVAL)

    def test_lower_price_wins(self):
        result = compare(
            text_model("Alpha", input_price="1.00"), text_model("Beta", input_price="3.00")
        )
        assert result.row("price").outcome is Outcome.A
        assert result.row("input_price").outcome is Outcome.A

    def test_capabilities_are_won_only_when_unknowns_cannot_change_it(self):
        # Known on both: tool calling (yes/yes) and image input (yes/no): Alpha ahead,
        # but if Alpha lacked the two it is unknown for, Beta would have more.
        a = text_model("Alpha", capabilities=(True, None, True, None))
        b = text_model("Beta", capabilities=(True, True, False, True))
        row = compare(a, b).row("capabilities")
        assert row.outcome is Outcome.NOT_COMPARABLE
        assert row.reason is Reason.UNDECIDED
        assert "structured output and reasoning mode for Alpha" in row.reason_text
        # Here no answer to Alpha's unknown structured output could reverse it.
        a = text_model("Alpha", capabilities=(True, None, True, True))
        b = text_model("Beta", capabilities=(True, False, False, False))
        assert compare(a, b).row("capabilities").outcome is Outcome.A


class TestPrices:
    def test_text_price_is_blended_three_to_one(self):
        result = compare(
            text_model("Alpha", input_price="2.50", output_price="10.00"), text_model("Beta")
        )
        assert result.row("price").a.raw == Decimal("4.375")
        # A worked-out amount is shown to the cent from a dollar up.
        assert result.row("price").a_text == "$4.38 per 1M tokens (blended 3:1 input:output)"

    def test_the_creators_offer_is_the_default(self):
        facts = text_model("Alpha", input_price="5.00")
        cheaper_host = offer(
            price("input_tokens", "1.00", host="Host"),
            price("output_tokens", "1.00", host="Host"),
            by_creator=False,
            host="Host",
        )
        facts = facts.__class__(**{**facts.__dict__, "offers": (*facts.offers, cheaper_host)})
        assert default_offer(facts).host == "Maker"

    def test_without_a_creator_offer_the_cheapest_host_is_used_and_named(self):
        facts = text_model("Llama", input_price=None, output_price=None)
        expensive = offer(
            price("input_tokens", "5.32", host="Bedrock"),
            price("output_tokens", "16.00", host="Bedrock"),
            by_creator=False,
            host="Bedrock",
        )
        cheap = offer(
            price("input_tokens", "3.50", host="Together"),
            price("output_tokens", "3.50", host="Together"),
            by_creator=False,
            host="Together",
        )
        facts = facts.__class__(**{**facts.__dict__, "offers": (expensive, cheap)})
        result = compare(facts, text_model("Beta"))
        assert (
            result.row("price").a_text
            == "$3.50 per 1M tokens (blended 3:1 input:output), via Together"
        )


class TestCost:
    def test_cost_of_a_token_workload(self):
        gpt = text_model("GPT", input_price="2.50", output_price="10.00")
        cost = monthly_cost(gpt, Workload(input_tokens=10_000_000, output_tokens=2_000_000))
        assert cost.total == Decimal("45.00")
        assert cost.complete
        assert cost.summary() == "$45.00 a month via Maker"

    def test_a_model_says_which_part_it_cannot_price(self):
        flux = image_model("Flux")
        cost = monthly_cost(flux, Workload(input_tokens=1_000, images=1_000))
        # Part of the workload has no price: no total, and the part is named.
        assert cost.total is None
        assert sum(line.cost for line in cost.lines) == Decimal("40.00")
        assert cost.unpriced == ("input tokens",)
        assert cost.summary() == "no total, as it has no price for the input tokens"

    def test_nothing_priceable(self):
        cost = monthly_cost(image_model("Flux"), Workload(output_tokens=5))
        assert cost.lines == ()
        assert cost.summary() == "no total, as it has no price for the output tokens"

    def test_an_empty_workload_costs_nothing(self):
        cost = monthly_cost(text_model("GPT"), Workload())
        assert cost.total == 0
        assert cost.complete


class TestNarrative:
    def test_key_differences_use_the_tables_words(self):
        a = text_model(
            "Alpha", context=200_000, output=64_000, capabilities=(True, True, True, True)
        )
        b = text_model(
            "Beta", context=128_000, output=16_384, capabilities=(True, True, True, False)
        )
        result = compare(a, b)
        points = key_differences(result)
        assert "Alpha can write longer answers: 64,000 tokens against 16,384, 3.9x more." in points
        assert "Alpha takes longer inputs: 200,000 tokens against 128,000, 1.6x more." in points
        assert (
            "Alpha has more of the capabilities known for both: reasoning mode, which Beta lacks."
            in points
        )

    def test_small_differences_are_not_key(self):
        # Blended $1.75 against $1.90: under 10%, level, and not a key difference.
        result = compare(
            text_model("Alpha", input_price="1.00"), text_model("Beta", input_price="1.20")
        )
        assert result.row("price").outcome is Outcome.TIE
        assert not any("cheaper" in point for point in key_differences(result))

    def test_when_to_use_follows_the_verdict(self):
        cheap = text_model("Cheap", input_price="0.10", output_price="0.40")
        dear = text_model("Dear", input_price="3.00", output_price="15.00", context=1_000_000)
        result = compare(cheap, dear)
        assert any("Cost matters most" in reason for reason in when_to_use(result, Outcome.A))
        assert not any("Cost matters most" in reason for reason in when_to_use(result, Outcome.B))
        assert any("long inputs" in reason for reason in when_to_use(result, Outcome.B))

    def test_a_deprecated_model_points_to_its_successor_only_when_it_has_one(self):
        from dataclasses import replace

        old = replace(text_model("Old"), deprecated=True)
        new = text_model("New")
        notes = [r for r in when_to_use(compare(old, new), Outcome.A) if "deprecated" in r]
        assert notes == ["Note: Old is deprecated, so plan a move to another model."]
        succeeded = replace(old, successor_name="Old 2", successor_slug="old-2")
        notes = [r for r in when_to_use(compare(succeeded, new), Outcome.A) if "deprecated" in r]
        assert notes == ["Note: Old is deprecated, so plan a move to Old 2."]

    def test_faq_repeats_the_verdict_and_the_prices_with_their_units(self):
        result = compare(
            image_model("Flux"), text_model("GPT", input_price="2.50", output_price="10.00")
        )
        answers = dict(narrate(result).faq)
        assert answers["Which is better, Flux or GPT?"].startswith(result.verdict.headline)
        pricing = answers["How does Flux's pricing compare with GPT's?"]
        assert "$0.04 per image" in pricing
        assert "Not comparable: different units" in pricing
        assert "cheaper" not in pricing

    def test_every_cited_cell_points_at_a_listed_source(self):
        result = compare(
            text_model("Alpha", score=arena("1300", "1295", "1305")), text_model("Beta")
        )
        listed, cells = sources(result)
        numbers = {source.number for source in listed}
        assert set(cells.values()) == numbers
        assert all(source.url.startswith("https://") for source in listed)
