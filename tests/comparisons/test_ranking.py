"""The workload ranking's rules, on facts built by hand: which host prices a model, what
is ranked and in what order, and what the criteria keep."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from comparisons.cost import Workload, cheapest_cost, monthly_cost
from comparisons.facts import State, Value
from comparisons.ranking import Criteria, rank_models
from tests.comparisons.builders import arena, known, offer, price, text_model

MONTH = Workload(input_tokens=10_000_000, output_tokens=2_000_000)


def with_host(facts, host, input_amount, output_amount, *extra):
    """The model also sold by `host` at these rates."""
    prices = [price("input_tokens", input_amount, host=host)]
    if output_amount is not None:
        prices.append(price("output_tokens", output_amount, host=host))
    sold = offer(*prices, *extra, by_creator=False, host=host)
    return replace(facts, offers=(*facts.offers, sold), memo={}, shown={})


def names(ranking):
    return [entry.facts.name for entry in ranking.ranked]


def test_a_model_is_priced_at_the_host_that_makes_the_month_cheapest():
    # At its maker: 10M x $2 + 2M x $8 = $36. At Cloud: 10M x $1 + 2M x $4 = $18.
    model = with_host(text_model("Alpha", input_price="2", output_price="8"), "Cloud", "1", "4")
    cost = cheapest_cost(model, MONTH)
    assert (cost.host, cost.total) == ("Cloud", Decimal(18))
    assert monthly_cost(model, MONTH).host == "Maker"  # the default offer is still the maker's


def test_a_host_that_cannot_price_the_whole_month_is_not_the_cheapest():
    # Edge lists only an input rate: cheaper on paper, but it gives no total.
    model = with_host(text_model("Alpha", input_price="2", output_price="8"), "Edge", "0.1", None)
    cost = cheapest_cost(model, MONTH)
    assert (cost.host, cost.total) == ("Maker", Decimal(36))


def test_models_are_ranked_cheapest_first_and_unpriced_ones_set_apart():
    cheap = text_model("Cheap", input_price="0.10", output_price="0.40")
    dear = text_model("Dear", input_price="3", output_price="15")
    # Sold by its host at a lower rate than the cheap model's maker asks.
    hosted = with_host(
        text_model("Hosted", input_price="5", output_price="20"), "Cloud", "0.05", "0.2"
    )
    no_output = text_model("Half priced", output_price=None)
    ranking = rank_models([dear, no_output, cheap, hosted], MONTH)
    assert names(ranking) == ["Hosted", "Cheap", "Dear"]
    assert [entry.rank for entry in ranking.ranked] == [1, 2, 3]
    assert [entry.facts.name for entry in ranking.unpriced] == ["Half priced"]
    assert ranking.unpriced[0].cost.unpriced == ("output tokens",)
    assert ranking.unpriced[0].rank == 0
    assert ranking.considered == 4


def test_a_tie_goes_to_the_higher_quality_score_then_the_name():
    plain = text_model("Able")
    better = text_model("Zeta", score=arena("1400", "1395", "1405"))
    also = text_model("Beta")
    assert names(rank_models([plain, also, better], MONTH)) == ["Zeta", "Able", "Beta"]


def test_each_ranked_line_says_how_it_was_priced():
    month = Workload(input_tokens=1_000_000, output_tokens=1_000_000, batch=True)
    model = text_model("Alpha", input_price="2", output_price="8")
    batched = replace(
        model,
        offers=(
            offer(
                *model.offers[0].prices,
                price("input_tokens", "1", condition="batch"),
                price("output_tokens", "4", condition="batch"),
            ),
        ),
        memo={},
    )
    [entry] = rank_models([batched], month).ranked
    assert [(line.part, line.price_text) for line in entry.cost.lines] == [
        ("1,000,000 input tokens", "$1.00 per 1M input tokens (batch)"),
        ("1,000,000 output tokens", "$4.00 per 1M output tokens (batch)"),
    ]
    [plain] = rank_models([model], month).ranked
    assert {line.note for line in plain.cost.lines} == {
        "no batch rate listed, so the standard rate"
    }


def test_criteria_keep_only_what_is_known_to_meet_them():
    open_big = text_model(
        "Open big", context=1_000_000, open_weights=known(True), score=arena("1300", None, None)
    )
    closed = text_model("Closed", context=200_000, score=arena("1450", None, None))
    unknown = text_model(
        "Unknown specs",
        context=None,
        open_weights=Value(state=State.UNKNOWN),
        capabilities=(None, None, None, None),
    )
    models = [open_big, closed, unknown]
    assert names(rank_models(models, MONTH, Criteria(open_weights=True))) == ["Open big"]
    assert names(rank_models(models, MONTH, Criteria(open_weights=False))) == ["Closed"]
    assert names(rank_models(models, MONTH, Criteria(min_context=500_000))) == ["Open big"]
    assert names(rank_models(models, MONTH, Criteria(min_quality=Decimal(1400)))) == ["Closed"]
    assert names(rank_models(models, MONTH, Criteria(capabilities=("tool_calling",)))) == [
        "Closed",
        "Open big",
    ]
    assert names(rank_models(models, MONTH, Criteria(capabilities=("reasoning",)))) == []
    # With no criteria, a model of unknown specs is ranked like any other.
    assert "Unknown specs" in names(rank_models(models, MONTH))
    assert not Criteria().asked()
    assert Criteria(min_context=1).asked()


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)


@given(
    st.lists(
        st.tuples(amounts, amounts, st.lists(st.tuples(amounts, amounts), max_size=3)),
        min_size=1,
        max_size=6,
    ),
    st.integers(0, 10**9),
    st.integers(0, 10**9),
)
def test_every_ranked_total_is_its_cheapest_host_and_the_order_never_goes_down(
    models, input_tokens, output_tokens
):
    month = Workload(input_tokens=input_tokens, output_tokens=output_tokens)
    built = []
    for n, (maker_in, maker_out, hosts) in enumerate(models):
        facts = text_model(f"Model {n}", input_price=str(maker_in), output_price=str(maker_out))
        for h, (host_in, host_out) in enumerate(hosts):
            facts = with_host(facts, f"Host {h}", str(host_in), str(host_out))
        built.append(facts)
    ranking = rank_models(built, month)
    assert len(ranking.ranked) == len(built)
    totals = [entry.cost.total for entry in ranking.ranked]
    assert totals == sorted(totals)
    for entry in ranking.ranked:
        every_host = [monthly_cost(entry.facts, month, o).total for o in entry.facts.offers]
        assert entry.cost.total == min(every_host)
        assert entry.cost.total == sum(line.cost for line in entry.cost.lines)
