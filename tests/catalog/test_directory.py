from datetime import date
from decimal import Decimal

import pytest

from catalog.models import AIModel, Price
from tests.factories import (
    AIModelFactory,
    BenchmarkFactory,
    ImageModelFactory,
    PriceFactory,
    ProviderFactory,
    ScoreFactory,
    text_model_with_prices,
)

pytestmark = pytest.mark.django_db
URL = "/models/"


def names(response) -> list[str]:
    return [model.name for model in response.context["page"].object_list]


@pytest.fixture
def catalog():
    """A small catalog where each filter has one clear answer."""
    openai = ProviderFactory(slug="openai", name="OpenAI")
    meta = ProviderFactory(slug="meta", name="Meta")
    bfl = ProviderFactory(slug="bfl", name="Black Forest Labs")
    arena = BenchmarkFactory()
    models = {
        "big": text_model_with_prices(
            name="Big Closed",
            slug="big-closed",
            creator=openai,
            input_price="2.50",
            output_price="10.00",
            context_window=128_000,
            open_weights=False,
            release_date=date(2024, 5, 13),
            reasoning=True,
        ),
        "open": text_model_with_prices(
            name="Open Small",
            slug="open-small",
            creator=meta,
            input_price="0.20",
            output_price="0.60",
            context_window=1_000_000,
            open_weights=True,
            release_date=date(2025, 4, 5),
            tool_calling=False,
        ),
        "open_dear": text_model_with_prices(
            name="Open Large",
            slug="open-large",
            creator=meta,
            input_price="3.00",
            output_price="3.00",
            context_window=131_072,
            open_weights=True,
            release_date=date(2024, 7, 23),
        ),
        "image": ImageModelFactory(
            name="Painter", slug="painter", creator=bfl, release_date=date(2024, 10, 2)
        ),
    }
    PriceFactory(
        model=models["image"], component="image_output", unit="per_image", amount=Decimal("0.04")
    )
    ScoreFactory(model=models["big"], benchmark=arena, value=1285, ci_lower=1282, ci_upper=1288)
    ScoreFactory(model=models["open"], benchmark=arena, value=1292, ci_lower=1288, ci_upper=1296)
    AIModelFactory(name="Hidden Draft", slug="hidden-draft", is_published=False)
    return models


class TestFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({}, ["Big Closed", "Open Large", "Open Small", "Painter"]),
            ({"q": "open"}, ["Big Closed", "Open Large", "Open Small"]),  # OpenAI matches too
            ({"q": "meta small"}, ["Open Small"]),
            ({"category": "image_generation"}, ["Painter"]),
            ({"creator": ["openai", "bfl"]}, ["Big Closed", "Painter"]),
            ({"open_weights": "yes"}, ["Open Large", "Open Small"]),
            ({"open_weights": "no"}, ["Big Closed", "Painter"]),
            ({"capabilities": ["reasoning"]}, ["Big Closed"]),
            ({"capabilities": ["tool_calling", "structured_output"]}, ["Big Closed", "Open Large"]),
            ({"min_context": "200000"}, ["Open Small"]),
            ({"max_price": "1"}, ["Open Small"]),
            ({"max_image_price": "0.05"}, ["Painter"]),
        ],
    )
    def test_each_filter_alone(self, client, catalog, params, expected):
        assert names(client.get(URL, params)) == expected

    def test_open_weights_text_models_under_a_dollar(self, client, catalog):
        params = {"category": "text_generation", "open_weights": "yes", "max_price": "1"}
        assert names(client.get(URL, params)) == ["Open Small"]

    def test_combined_filters_narrow_together(self, client, catalog):
        params = {"creator": "meta", "min_context": "131072", "max_price": "5"}
        assert names(client.get(URL, params)) == ["Open Large", "Open Small"]

    def test_unpublished_models_never_appear(self, client, catalog):
        assert "Hidden Draft" not in names(client.get(URL, {"q": "hidden"}))

    @pytest.mark.parametrize(
        "params",
        [
            {"min_context": "lots"},
            {"max_price": "-1"},
            {"max_price": "nan"},
            {"max_price": "1e400"},
            {"category": "sorcery"},
            {"creator": "nobody"},
            {"sort": "bogus"},
            {"page": "abc"},
            {"page": "-3"},
            {"page": "99999"},
            {"q": "x" * 5000},
            {"capabilities": "flying"},
        ],
    )
    def test_malformed_values_are_ignored_not_a_500(self, client, catalog, params):
        response = client.get(URL, params)
        assert response.status_code == 200


class TestSorting:
    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("name", ["Big Closed", "Open Large", "Open Small", "Painter"]),
            ("price", ["Painter", "Open Small", "Open Large", "Big Closed"]),
            ("context", ["Open Small", "Open Large", "Big Closed", "Painter"]),
            ("newest", ["Open Small", "Painter", "Open Large", "Big Closed"]),
            ("score", ["Painter", "Open Small", "Big Closed", "Open Large"]),
        ],
    )
    def test_each_sort(self, client, catalog, sort, expected):
        assert names(client.get(URL, {"sort": sort})) == expected

    def test_prices_are_shown_with_their_own_units(self, client, catalog):
        page = client.get(URL, {"sort": "price"}).content.decode()
        assert "$0.04 per image" in page
        assert "$0.30 per 1M tokens (blended 3:1 input:output)" in page


class TestPagination:
    @pytest.fixture
    def many(self):
        return [AIModelFactory(name=f"Model {n:02d}", slug=f"model-{n:02d}") for n in range(30)]

    def test_first_page_counts_and_links_forward(self, client, many):
        response = client.get(URL)
        page = response.content.decode()
        assert len(names(response)) == 24
        assert "30 models, showing 1–24" in page
        assert 'href="?page=2"' in page
        assert 'rel="prev"' not in page

    def test_last_page_holds_the_rest(self, client, many):
        response = client.get(URL, {"page": 2})
        assert names(response) == [f"Model {n:02d}" for n in range(24, 30)]
        assert 'rel="next"' not in response.content.decode()

    def test_page_links_keep_the_filters(self, client, many):
        page = client.get(URL, {"q": "model", "page": 1}).content.decode()
        assert 'href="?q=model&amp;page=2"' in page

    def test_out_of_range_pages_show_the_last_page(self, client, many):
        assert names(client.get(URL, {"page": 50}))[0] == "Model 24"


class TestEmptyState:
    def test_it_names_the_filters_to_relax_with_counts(self, client, catalog):
        response = client.get(URL, {"open_weights": "yes", "category": "image_generation"})
        page = response.content.decode()
        assert "No published model matches all of these filters." in page
        assert "Remove “Weights”" in page
        assert "Remove “Category”" in page
        assert "(1 model)" in page
        assert "(2 models)" in page


class TestHtmx:
    def test_full_page(self, client, catalog):
        response = client.get(URL)
        assert "<html" in response.content.decode()
        assert "HX-Request" in response["Vary"]

    def test_fragment_for_htmx(self, client, catalog):
        response = client.get(
            URL, {"q": "open"}, headers={"HX-Request": "true", "HX-Target": "results"}
        )
        page = response.content.decode()
        assert page.lstrip().startswith('<section id="results"')
        assert "<html" not in page
        assert "Open Small" in page
        assert "HX-Request" in response["Vary"]

    def test_history_restore_gets_the_full_page(self, client, catalog):
        headers = {
            "HX-Request": "true",
            "HX-Target": "results",
            "HX-History-Restore-Request": "true",
        }
        assert "<html" in client.get(URL, headers=headers).content.decode()

    def test_filters_and_pages_are_plain_links_and_forms(self, client, catalog):
        page = client.get(URL).content.decode()
        assert '<form class="filters" method="get" action="/models/"' in page
        assert 'hx-push-url="true"' in page


def test_directory_query_budget_does_not_grow_with_the_catalog(
    client, large_catalog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"sort": "price", "max_price": "3"})
    assert response.status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(URL, {"page": 5, "sort": "score"}).status_code == 200


def test_compare_checkboxes_submit_to_the_picker(client, catalog):
    page = client.get(URL).content.decode()
    assert 'action="/compare/"' in page
    assert 'name="compare" value="big-closed"' in page


def test_directory_prices_agree_with_the_comparison_engine(client, catalog):
    from comparisons.metrics import METRICS_BY_KEY
    from comparisons.selectors import facts_for, headline_prices

    model = AIModel.objects.get(slug="big-closed")
    facts = facts_for([model], date.today())[model.pk]
    listed = headline_prices([model], date.today())[model.pk][0]
    assert METRICS_BY_KEY["price"].value_for(facts).raw == listed.raw
    host = ProviderFactory(slug="cheap-host", kind="host")
    hosted = AIModelFactory(slug="hosted-only")
    for amount, provider in (("1.00", host), ("4.00", ProviderFactory(slug="dear-host"))):
        PriceFactory(
            model=hosted,
            host=provider,
            component=Price.Component.INPUT_TOKENS,
            amount=Decimal(amount),
        )
        PriceFactory(
            model=hosted,
            host=provider,
            component=Price.Component.OUTPUT_TOKENS,
            amount=Decimal(amount),
        )
    listed = headline_prices([hosted], date.today())[hosted.pk][0]
    facts = facts_for([hosted], date.today())[hosted.pk]
    assert METRICS_BY_KEY["price"].value_for(facts).raw == listed.raw == 1
