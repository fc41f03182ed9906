"""Comparisons as a domain expert reads them: materiality, one offer per side, thinking,
capabilities, one narrative, a calculator for every unit. Pure: no database."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from comparisons.cost import Workload, default_workload, fields_for, monthly_cost
from comparisons.facts import ModelFacts, Offer, State
from comparisons.materiality import RULE, format_ratio, level_by_ratio, worth_stating
from comparisons.narrative import Narrative, narrate
from comparisons.verdict import Outcome, compare_models
from tests.comparisons.builders import arena, image_model, known, offer, price, text_model
from tests.comparisons.invariants import (
    materiality_problems,
    narrative_problems,
    problems,
    wording_problems,
)

TODAY = date(2026, 11, 23)


def compare(a: ModelFacts, b: ModelFacts):
    return compare_models(a=a, b=b, on=TODAY)


def with_offers(facts: ModelFacts, *offers: Offer) -> ModelFacts:
    return replace(facts, offers=offers, shown={}, memo={})


def hosted_only(name: str, host_offer: Offer, *, context: int) -> ModelFacts:
    """A model its creator does not sell: every price comes from a host."""
    return with_offers(
        text_model(name, input_price=None, output_price=None, context=context), host_offer
    )


class TestMateriality:
    def test_the_threshold_lives_in_one_place_and_is_stated(self):
        assert level_by_ratio(Decimal(128_000), Decimal(131_072))
        assert level_by_ratio(Decimal("3.4375"), Decimal("3.50"))
        assert not level_by_ratio(Decimal(100), Decimal(110))
        assert not level_by_ratio(Decimal(0), Decimal("0.01"))  # free against paid
        assert "within 10%" in RULE
        assert narrate(compare(text_model("Alpha"), text_model("Beta"))).rule == RULE

    def test_a_context_window_within_ten_percent_decides_nothing(self):
        a = text_model("Alpha", context=131_072)
        b = text_model("Beta", context=128_000)
        result = compare(a, b)
        story = narrate(result)
        assert result.row("context_window").outcome is Outcome.TIE
        assert not any("long inputs" in reason for reason in (*story.when_a, *story.when_b))
        assert not any("longer inputs" in point for point in story.key_differences)

    def test_ratios_are_stated_only_from_one_point_one(self):
        assert not worth_stating(Decimal("1.04"))
        assert worth_stating(Decimal("1.05"))  # rounds to 1.1
        assert format_ratio(Decimal("12.4")) == "12x"
        # A 10.5% price difference wins, and its FAQ says "by 1.1x", never "a factor of 1".
        result = compare(
            text_model("Alpha", input_price="1.00", output_price="4.00"),
            text_model("Beta", input_price="1.105", output_price="4.42"),
        )
        pricing = dict(narrate(result).faq)["How does Alpha's pricing compare with Beta's?"]
        assert pricing.endswith("Alpha is cheaper, by 1.1x.")

    def test_worked_out_money_has_sensible_figures(self):
        result = compare(
            text_model("Alpha", input_price="1.25", output_price="10.00"),
            text_model("Beta", input_price="0.075", output_price="0.30"),
        )
        assert result.row("price").a_text.startswith("$3.44 per 1M tokens")  # 3.4375
        assert result.row("price").b_text.startswith("$0.131 per 1M tokens")  # 0.13125
        # Listed prices are shown as listed.
        assert result.row("input_price").b_text.startswith("$0.075 per 1M input tokens")


class TestOneOfferPerSide:
    def test_a_hosts_smaller_limit_is_compared_and_the_creators_shown_beside_it(self):
        groq = replace(
            offer(
                price("input_tokens", "0.11", host="Groq"),
                price("output_tokens", "0.34", host="Groq"),
                by_creator=False,
                host="Groq",
            ),
            context_window=131_072,
        )
        scout = hosted_only("Scout", groq, context=10_000_000)
        result = compare(scout, text_model("Nano", context=1_047_576))
        row = result.row("context_window")
        assert row.a.raw == 131_072
        assert row.a_text == "131,072 tokens, via Groq; Maker's own limit is 10,000,000 tokens"
        assert row.outcome is Outcome.B
        assert "Scout via Groq" in narrate(result).offers_note

    def test_a_creator_selling_only_a_free_tier_is_not_the_default_offer(self):
        free = offer(
            price("input_tokens", "0", condition="free tier"),
            price("output_tokens", "0", condition="free tier"),
        )
        host = offer(
            price("input_tokens", "0.10", host="Host"),
            price("output_tokens", "0.30", host="Host"),
            by_creator=False,
            host="Host",
        )
        gemma = with_offers(text_model("Gemma"), free, host)
        result = compare(gemma, text_model("Beta"))
        assert result.row("price").a_text.endswith(", via Host")
        assert "as Maker lists no standard price for it" in narrate(result).offers_note

    def test_a_host_that_states_no_limit_is_never_credited_with_the_creators(self):
        host = offer(
            price("input_tokens", "0.11", host="Host"),
            price("output_tokens", "0.34", host="Host"),
            by_creator=False,
            host="Host",
        )
        scout = hosted_only("Scout", host, context=10_000_000)
        row = compare(scout, text_model("Nano")).row("context_window")
        assert row.a.state is State.UNKNOWN
        assert row.outcome is Outcome.NOT_COMPARABLE
        assert "Host does not state the limit it serves" in row.a_text
        assert "10,000,000 tokens" in row.a_text


def thinking_offer(*, output: str, thinking_output: str) -> Offer:
    return offer(
        price("input_tokens", "0.70"),
        price("output_tokens", output),
        price("output_tokens", thinking_output, condition="reasoning tokens"),
    )


class TestThinking:
    def test_thinking_mode_prices_decide_when_a_model_bills_thinking_at_its_own_rate(self):
        qwen = with_offers(
            text_model("Qwen", capabilities=(True, True, False, True)),
            thinking_offer(output="2.80", thinking_output="8.40"),
        )
        o4 = text_model(
            "O4", input_price="1.10", output_price="4.40", capabilities=(True, True, True, True)
        )
        result = compare(o4, qwen)
        # Without thinking Qwen is cheaper; thinking, which both do, it is not.
        assert result.row("price").outcome is Outcome.B
        price_category = next(c for c in result.verdict.categories if c.key == "price")
        assert price_category.row.metric.key == "thinking_price"
        assert price_category.outcome is Outcome.A
        story = narrate(result)
        assert "Thinking tokens are billed as output tokens" in story.thinking_note
        assert any("cheaper in thinking mode" in point for point in story.key_differences)

    def test_the_calculator_bills_a_share_of_thinking_tokens_as_output(self):
        o4 = text_model(
            "O4", input_price="1.00", output_price="4.00", capabilities=(True, True, True, True)
        )
        cost = monthly_cost(o4, Workload(output_tokens=1_000_000, reasoning_share=40))
        parts = {line.part: line.cost for line in cost.lines}
        assert parts == {
            "600,000 output tokens": Decimal("2.4"),
            "400,000 thinking tokens, billed as output": Decimal("1.6"),
        }
        plain = text_model("Plain", capabilities=(True, True, True, False))
        cost = monthly_cost(plain, Workload(output_tokens=1_000_000, reasoning_share=40))
        assert [line.part for line in cost.lines] == ["600,000 output tokens"]
        assert "does not think" in cost.notes[0]

    def test_a_pair_with_a_thinker_defaults_to_some_thinking(self):
        o4 = text_model("O4", capabilities=(True, True, True, True))
        result = compare(o4, text_model("Plain"))
        assert narrate(result).costs == ()  # no visitor workload: the FAQ names its own
        question = next(q for q, _ in narrate(result).faq if "cost for" in q)
        assert "(50% thinking)" in question


class TestCapabilitiesAndOpenCategories:
    def test_a_lead_that_rests_on_a_missing_score_is_not_a_lead(self):
        scout = text_model("Scout", input_price="0.10", output_price="0.30", score=None)
        opus = text_model(
            "Opus", input_price="15.00", output_price="75.00", score=arena("1400", "1395", "1405")
        )
        result = compare(scout, opus)
        assert result.verdict.a_wins == 1  # price; quality open: Opus's score has no rival
        assert result.verdict.leader is None
        assert (
            result.verdict.headline
            == "No overall winner between Scout and Opus on the data we have"
        )
        assert "Scout is ahead on price" in result.verdict.explanation


class TestNarrative:
    def test_the_view_gets_one_frozen_object(self):
        story = narrate(compare(text_model("Alpha", context=300_000), text_model("Beta")))
        assert isinstance(story, Narrative)
        assert story.__dataclass_params__.frozen
        assert isinstance(story.key_differences, tuple)
        assert isinstance(story.faq, tuple)

    def test_every_decisive_row_is_a_key_difference(self):
        a = text_model("Alpha", input_price="0.50", output_price="2.00", context=1_000_000)
        b = text_model("Beta", output=64_000, score=None)
        result = compare(a, b)
        decided = [c.key for c in result.verdict.categories if c.outcome in (Outcome.A, Outcome.B)]
        assert set(decided) == {"price", "context", "output"}
        assert narrative_problems(result, narrate(result)) == []
        points = narrate(result).key_differences
        assert any(point.startswith("Alpha is cheaper") for point in points)
        assert any(point.startswith("Alpha takes longer inputs") for point in points)
        assert any(point.startswith("Beta can write longer answers") for point in points)

    def test_close_on_everything_only_when_nothing_is_decided(self):
        level = narrate(compare(text_model("Alpha"), text_model("Beta")))
        assert level.key_differences == ()
        assert level.nothing_separates.startswith("Nothing we can compare separates them")
        vision = narrate(
            compare(
                text_model("Alpha", capabilities=(True, True, True, False)),
                text_model("Beta", capabilities=(True, True, False, False)),
            )
        )
        assert vision.nothing_separates == ""
        assert any("image input" in point for point in vision.key_differences)

    def test_when_to_use_gives_two_reasons_from_the_data_before_any_editorial_line(self):
        a = replace(text_model("Alpha", input_price="0.50"), best_for=("coding",))
        b = replace(text_model("Beta", context=400_000), best_for=("agents",))
        story = narrate(compare(a, b))
        for reasons in (story.when_a, story.when_b):
            editorial = next(i for i, r in enumerate(reasons) if r.startswith("Our editors"))
            assert editorial >= 2
            assert len(set(reasons)) == len(reasons)

    def test_grammar_is_generated(self):
        def speech(name: str, amount: str) -> ModelFacts:
            per_character = price("text_input", amount, unit="per_1m_characters", host="Painter")
            return replace(
                image_model(name, per_image=None),
                category="text_to_speech",
                category_label="Text to speech",
                offers=(offer(per_character, host="Painter"),),
            )

        one = compare(speech("Alpha", "15.00"), speech("Beta", "30.00"))
        assert one.verdict.headline == (
            "Alpha is ahead on price, the one category compared for text to speech models"
        )
        level = compare(image_model("Flux", per_image="0.04"), image_model("Imagen"))
        assert level.verdict.headline == (
            "Flux and Imagen are level on price per image, the only category both can be "
            "compared on"
        )
        for result in (one, level):
            assert wording_problems(narrate(result)) == []


class TestInvariantsCanFail:
    """The sweep's rules each catch the defect they are for."""

    def result_and_story(self):
        a = text_model("Alpha", input_price="0.50", output_price="2.00", context=1_000_000)
        b = text_model("Beta", score=arena("1300", "1290", "1310"))
        result = compare(a, b)
        return result, narrate(result)

    def test_a_clean_story_passes(self):
        result, story = self.result_and_story()
        assert problems(result, story) == []

    def test_each_broken_story_is_caught(self):
        result, story = self.result_and_story()
        broken = [
            replace(story, headline="Alpha leads 1 of 1 categories"),
            replace(story, key_differences=story.key_differences[1:]),
            replace(story, nothing_separates="Nothing separates them."),
            replace(story, when_a=("Our editors suggest it for coding.",)),
            replace(story, explanation="Cheaper (by 2x (blended))."),
            replace(story, key_differences=(*story.key_differences, "Alpha is 1.0x cheaper.")),
            replace(story, faq=tuple((q, "Alpha: $9.99.") for q, _ in story.faq)),
            replace(story, title="x $3.4375 y"),
        ]
        for bad in broken:
            assert problems(result, bad), bad

    def test_a_win_on_noise_is_caught(self):
        result, _ = self.result_and_story()
        context = next(c for c in result.verdict.categories if c.key == "context")
        noisy = replace(
            context,
            row=replace(context.row, a=known(131_072), b=known(128_000), outcome=Outcome.A),
        )
        verdict = replace(
            result.verdict,
            categories=tuple(noisy if c.key == "context" else c for c in result.verdict.categories),
        )
        assert materiality_problems(replace(result, verdict=verdict))


class TestCalculator:
    def test_every_category_gets_a_workload_that_fits(self):
        assert default_workload({"embedding"}) == Workload(input_tokens=10_000_000)
        assert fields_for({"embedding"}) == ("input_tokens", "batch")
        assert default_workload({"text_to_speech"}).characters == 1_000_000
        assert default_workload({"speech_to_text"}).audio_minutes == 1_000
        assert "images" in fields_for({"image_generation", "text_generation"})

    def test_speech_is_priced_by_characters_and_audio_by_the_second(self):
        tts = replace(
            image_model("Voice", per_image=None),
            category="text_to_speech",
            offers=(
                offer(
                    price("text_input", "15.00", unit="per_1m_characters", host="Painter"),
                    host="Painter",
                ),
            ),
        )
        cost = monthly_cost(tts, Workload(characters=2_000_000))
        assert cost.total == Decimal("30.00")
        stt = replace(
            image_model("Ears", per_image=None),
            category="speech_to_text",
            offers=(
                offer(
                    price("audio_input", "0.0001", unit="per_second", host="Painter"),
                    host="Painter",
                ),
            ),
        )
        cost = monthly_cost(stt, Workload(audio_minutes=1_000))
        assert cost.total == Decimal("6.0000")

    def test_images_are_priced_by_quality_and_size(self):
        listed = offer(
            price(
                "image_output",
                "0.011",
                unit="per_image",
                condition="low, 1024×1024",
                host="Painter",
            ),
            price(
                "image_output",
                "0.042",
                unit="per_image",
                condition="medium, 1024×1024",
                host="Painter",
            ),
            price(
                "image_output",
                "0.25",
                unit="per_image",
                condition="high, 1536×1024",
                host="Painter",
            ),
            host="Painter",
        )
        gpt_image = replace(image_model("GPT Image", per_image=None), offers=(listed,))
        assert monthly_cost(gpt_image, Workload(images=100)).total == Decimal("4.200")
        wide = Workload(images=100, image_quality="high", image_size="1536×1024")
        assert monthly_cost(gpt_image, wide).total == Decimal("25.00")
        # The verdict compares the reference image instead of calling it unpriced.
        value = compare(gpt_image, image_model("Flux")).row("price").a
        assert value.raw == Decimal("0.042")

    def test_a_per_megapixel_price_is_priced_for_the_size(self):
        flux = replace(
            image_model("Flux", per_image=None),
            offers=(
                offer(
                    price("image_output", "0.04", unit="per_megapixel", host="Painter"),
                    host="Painter",
                ),
            ),
        )
        cost = monthly_cost(flux, Workload(images=1_000, image_size="1024×1024"))
        assert cost.total == Decimal("0.04") * Decimal("1.048576") * 1_000

    def test_cached_share_batch_and_the_long_prompt_tier(self):
        rates = offer(
            price("input_tokens", "2.00"),
            price("output_tokens", "8.00"),
            price("cached_input", "0.50"),
            price("input_tokens", "1.00", condition="batch"),
            price("output_tokens", "4.00", condition="batch"),
            price("input_tokens", "4.00", condition="prompt > 200K tokens"),
            price("output_tokens", "16.00", condition="prompt > 200K tokens"),
        )
        model = with_offers(text_model("Gem"), rates)
        cached = monthly_cost(model, Workload(input_tokens=1_000_000, cached_share=50))
        assert cached.total == Decimal("1.00") + Decimal("0.25")
        batch = monthly_cost(
            model, Workload(input_tokens=1_000_000, output_tokens=1_000_000, batch=True)
        )
        assert batch.total == Decimal("5.00")
        long = monthly_cost(model, Workload(input_tokens=1_000_000, prompt_tokens=300_000))
        assert long.total == Decimal("4.00")
        assert "prompt > 200K tokens" in long.notes[0]
        # No batch rate for a component: the standard rate, and the line says so.
        cached_batch = monthly_cost(
            model, Workload(input_tokens=1_000_000, cached_share=50, batch=True)
        )
        assert any("no batch rate" in line.note for line in cached_batch.lines)

    def test_the_faq_follows_the_visitors_workload(self):
        result = compare(text_model("Alpha"), text_model("Beta"))
        story = narrate(result, Workload(input_tokens=5_000, output_tokens=7_000))
        question, answer = next((q, a) for q, a in story.faq if "cost for" in q)
        assert "5,000 input tokens and 7,000 output tokens" in question
        assert story.costs[0].total_text in answer
