"""The workload ranking at /cost/: the whole page, the section htmx swaps, the form that
works without JavaScript, bad numbers, empty results, and a query count that does not
grow with the catalog."""

import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import seed
from catalog.models import AIModel, Price
from tests.caches import add_price_in_admin
from tests.factories import (
    ImageModelFactory,
    PriceFactory,
    ProviderFactory,
    text_model_with_prices,
)
from web.caching import clear_local_copies

pytestmark = pytest.mark.django_db

COST = "/cost/"
HTMX = {"HX-Request": "true", "HX-Target": "cost"}
ROW = re.compile(
    r'<tr>\s*<td>(\d+)</td>\s*<th scope="row"><a href="/models/([^/]+)/">.*?'
    r"<strong>([^<]+)</strong><br><span class=\"muted small\">at ([^<]+)</span>",
    re.S,
)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def models(committed):
    """Three text models: Alpha dear at its maker but cheap at Cloud, Beta in between,
    Gamma with no output price anywhere; and an image model."""
    with committed():
        alpha = text_model_with_prices(
            slug="alpha",
            name="Alpha",
            input_price="3.00",
            output_price="15.00",
            open_weights=False,
            context_window=200_000,
        )
        beta = text_model_with_prices(
            slug="beta",
            name="Beta",
            input_price="1.00",
            output_price="4.00",
            open_weights=True,
            context_window=32_000,
        )
        gamma = text_model_with_prices(slug="gamma", name="Gamma", input_price="0.10")
        Price.objects.filter(model=gamma, component=Price.Component.OUTPUT_TOKENS).delete()
        cloud = ProviderFactory(slug="cloud", name="Cloud", kind="host")
        PriceFactory(model=alpha, host=cloud, amount=Decimal("0.50"))
        PriceFactory(
            model=alpha, host=cloud, component=Price.Component.OUTPUT_TOKENS, amount=Decimal("2")
        )
        painter = ImageModelFactory(slug="painter", name="Painter")
        PriceFactory(
            model=painter,
            component=Price.Component.IMAGE_OUTPUT,
            unit=Price.Unit.PER_IMAGE,
            amount=Decimal("0.04"),
        )
    return alpha, beta, gamma


def rows(html: str) -> list[tuple[str, str, str, str]]:
    return ROW.findall(html)


def test_the_page_ranks_every_text_model_by_its_cheapest_month(client, models):
    response = client.get(COST)
    assert response.status_code == 200
    html = response.content.decode()
    # The default month: 10M input and 2M output tokens.
    # Alpha at Cloud: 10 x $0.50 + 2 x $2 = $9.00; Beta at its maker: 10 x $1 + 2 x $4 = $18.00.
    assert rows(html) == [
        ("1", "alpha", "$9.00", "Cloud"),
        ("2", "beta", "$18.00", models[1].creator.name),
    ]
    assert "10,000,000 input tokens at $0.50 per 1M input tokens" in html
    assert "2 text generation models priced for 10,000,000 input tokens" in html
    # Gamma has no output price: listed apart, with what it lacks, never ranked.
    assert "1 model without a price for all of this workload" in html
    assert "no price for the output tokens" in html
    assert "painter" not in html.lower()  # another category
    assert '<link rel="canonical" href="https://versus.example/cost/">' in html
    assert 'href="/cost/">Costs</a>' in html  # in the site's navigation


def test_the_workload_lives_in_the_url_and_changes_the_ranking(client, models):
    # Input only: Gamma, which has no output price, is priced for this month.
    html = client.get(COST, {"input_tokens": "1,000,000", "output_tokens": "0"}).content.decode()
    assert rows(html) == [
        ("1", "gamma", "$0.10", models[2].creator.name),
        ("2", "alpha", "$0.50", "Cloud"),
        ("3", "beta", "$1.00", models[1].creator.name),
    ]
    assert 'name="input_tokens" id="id_input_tokens" value="1,000,000"' in html
    assert '<meta name="robots" content="noindex' in html


def test_criteria_narrow_the_list_and_an_empty_one_says_how_to_widen_it(client, models):
    only_open = client.get(COST, {"open_weights": "yes"}).content.decode()
    assert [row[1] for row in rows(only_open)] == ["beta"]
    big = client.get(COST, {"min_context": "100000"}).content.decode()
    assert [row[1] for row in rows(big)] == ["alpha"]
    none = client.get(COST, {"min_context": "10000000"}).content.decode()
    assert rows(none) == []
    assert "No text generation model meets all of these criteria" in none
    assert "Remove every criterion</a> to see all 3 text generation models" in none
    # Removing the criteria keeps the month of work.
    kept = client.get(COST, {"input_tokens": "5", "min_context": "10000000"}).content.decode()
    assert '<a href="/cost/?input_tokens=5">Remove every criterion</a>' in kept


def test_a_month_of_nothing_ranks_nothing(client, models):
    html = client.get(
        COST, {"input_tokens": "0", "output_tokens": "0", "prompt_tokens": "0"}
    ).content.decode()
    assert "Enter a month of work to rank the models: every number is zero." in html
    assert rows(html) == []


def test_another_category_asks_for_its_own_work(client, models):
    html = client.get(COST, {"category": "image_generation"}).content.decode()
    # 1,000 images at $0.04.
    assert [row[:3] for row in rows(html)] == [("1", "painter", "$40.00")]
    assert 'name="images"' in html
    assert 'name="input_tokens"' not in html
    # A context window and capabilities are text models' specs: not asked of images.
    assert 'name="min_context"' not in html
    assert 'name="capabilities"' not in html
    narrowed = client.get(COST, {"category": "image_generation", "min_context": "10000000"})
    assert [row[1] for row in rows(narrowed.content.decode())] == ["painter"]
    assert "1,000 standard-quality 1024×1024 images" in html


def test_bad_numbers_are_shown_as_errors_and_nothing_is_ranked(client, models):
    response = client.get(COST, {"input_tokens": "lots", "min_context": "-5", "category": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number of tokens, such as 10000000." in html
    assert 'id="id_input_tokens" value="lots" autocomplete="off" aria-invalid="true"' in html
    assert "Fix the numbers in the form to see the ranking." in html
    assert rows(html) == []
    # An unknown category is an error too, and text generation is shown meanwhile.
    assert "Select a valid choice." in html


def test_htmx_gets_the_section_alone_and_without_javascript_the_form_is_a_plain_get(client, models):
    response = client.get(COST, {"input_tokens": "1000"}, headers=HTMX)
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="cost"')
    assert "<html" not in fragment
    assert "HX-Request" in response.get("Vary", "")
    page = client.get(COST).content.decode()
    form = re.search(r'<form class="filters" method="get" action="/cost/"[^>]*>', page)
    assert form is not None
    assert 'hx-get="/cost/" hx-target="#cost"' in form.group(0)
    assert '<button type="submit">Rank the models</button>' in page


def test_other_pages_of_the_ranking_keep_the_workload(client, committed):
    with committed():
        for n in range(60):
            text_model_with_prices(slug=f"model-{n:02d}", name=f"Model {n:02d}")
    html = client.get(COST, {"input_tokens": "5000", "batch": "on"}).content.decode()
    assert "60 text generation models priced for 5,000 input tokens" in html
    assert "showing 1–50" in html
    link = re.search(r'<a href="(/cost/\?[^"]+)" rel="next">', html)
    assert link is not None
    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query["input_tokens"] == ["5000"]
    assert query["batch"] == ["on"]
    assert query["page"] == ["2"]
    second = client.get(unescape(link.group(1))).content.decode()
    assert [row[0] for row in rows(second)] == [str(n) for n in range(51, 61)]


def test_a_price_change_in_the_admin_moves_the_ranking_at_once(
    client, models, admin_user, committed
):
    beta = models[1]
    assert [row[1] for row in rows(client.get(COST).content.decode())] == ["alpha", "beta"]
    with committed():
        add_price_in_admin(client, admin_user, beta, "0.01")
    client.cookies.clear()
    html = client.get(COST).content.decode()
    # Beta: 10 x $0.01 + 2 x $4 = $8.10, now cheaper than Alpha's $9.00.
    assert [row[1:3] for row in rows(html)] == [("beta", "$8.10"), ("alpha", "$9.00")]


def test_the_comparison_calculator_links_to_the_ranking_of_its_workload(client, models):
    html = client.get(
        "/compare/alpha-vs-beta/", {"input_tokens": "777", "output_tokens": "5"}
    ).content.decode()
    link = re.search(r'<a href="([^"]+)" data-ranking>([^<]+)</a>', html)
    assert link is not None
    assert link.group(2) == "Rank every text generation model by the cost of this month"
    address = unescape(link.group(1))
    assert parse_qs(urlsplit(address).query)["input_tokens"] == ["777"]
    ranked = client.get(address).content.decode()
    assert "777 input tokens and 5 output tokens" in ranked
    # Beta, sold by its maker alone, costs the same on both pages.
    calculator = re.search(r'<h3>Beta</h3>\s*<p class="cost-total">([^<]+) <span', html)
    assert calculator is not None
    assert ("beta", calculator.group(1)) in [row[1:3] for row in rows(ranked)]


def test_the_ranking_costs_the_same_queries_whatever_the_catalogs_size(
    client, django_assert_max_num_queries
):
    seed(10, text_only=True)

    def cold_queries() -> int:
        from django.core.cache import cache

        cache.clear()
        clear_local_copies()
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            response = client.get(COST, {"min_quality": "1000"}, headers=HTMX)
        assert response.status_code == 200
        return len(queries)

    small = cold_queries()
    seed(40, text_only=True, prefix="more")
    assert AIModel.objects.published().count() == 50
    assert cold_queries() == small
