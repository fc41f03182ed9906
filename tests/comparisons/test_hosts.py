"""A pair's offers host by host: its own page, the fragment htmx puts in place of the
comparison page's link, and a table that follows every price change of the two."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import seed
from catalog.models import Offer, Price
from tests.caches import add_price_in_admin
from tests.factories import PriceFactory, ProviderFactory, text_model_with_prices
from web.caching import clear_local_copies

pytestmark = pytest.mark.django_db

HOSTS = "/compare/alpha-vs-beta/hosts/"
HTMX = {"HX-Request": "true", "HX-Target": "hosts"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def pair(committed):
    """Alpha and Beta from their creators; Cloud sells both, Edge only Beta, with limits
    Cloud states for Alpha and not for Beta."""
    with committed():
        alpha = text_model_with_prices(
            slug="alpha", name="Alpha", input_price="2.00", output_price="8.00"
        )
        beta = text_model_with_prices(
            slug="beta", name="Beta", input_price="0.50", output_price="2.00"
        )
        cloud = ProviderFactory(slug="cloud", name="Cloud", kind="host")
        edge = ProviderFactory(slug="edge", name="Edge", kind="host")
        for model, host, amounts in (
            (alpha, cloud, ("2.20", "8.80")),
            (beta, cloud, ("0.55", "2.20")),
            (beta, edge, ("0.40", "1.60")),
        ):
            PriceFactory(model=model, host=host, amount=Decimal(amounts[0]))
            PriceFactory(
                model=model,
                host=host,
                component=Price.Component.OUTPUT_TOKENS,
                amount=Decimal(amounts[1]),
            )
        PriceFactory(
            model=beta,
            host=edge,
            component=Price.Component.INPUT_TOKENS,
            amount=Decimal("0.20"),
            condition="batch",
        )
        Offer.objects.create(
            model=alpha,
            host=cloud,
            context_window=200_000,
            max_output_tokens=32_000,
            listed_on=date(2025, 6, 1),
        )
    return alpha, beta


def rows_of(page: str) -> list[str]:
    table = page[page.index('<table class="compact hosts-table">') : page.index("</table>")]
    rows = table.split("<tr")[2:]  # after the caption and the header row
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", f"<tr{row}")).strip() for row in rows]


class TestThePage:
    def test_every_host_of_either_model_with_each_models_rates_and_limits(self, client, pair):
        response = client.get(HOSTS)
        assert response.status_code == 200
        page = response.content.decode()
        assert '<h1>Alpha <span class="vs">vs</span> Beta: prices host by host</h1>' in page
        assert '<meta name="robots" content="noindex' in page
        assert "1 host sells both models" in page
        rows = rows_of(page)
        # Hosts that sell both first, then the creators' own offers, then the rest.
        assert rows[0].startswith("Cloud")
        assert rows[-1].startswith("Edge")
        cloud = rows[0]
        assert "$2.20 per 1M input tokens" in cloud
        assert "$8.80 per 1M output tokens" in cloud
        assert "$0.55 per 1M input tokens" in cloud
        # The limits Cloud states for Alpha, and what it does not state for Beta.
        assert "Context: 200,000 tokens" in cloud
        assert "Output: 32,000 tokens" in cloud
        assert "Context: not stated by this host" in cloud
        edge = rows[-1]
        assert "Not sold here" in edge
        assert "$0.40 per 1M input tokens" in edge
        assert "$0.20" not in edge  # a batch rate is not the standard rate...
        assert "1 more rate under conditions" in edge  # ...and is pointed to instead
        assert "checked 1 Jun 2025" in edge

    def test_the_creators_offer_is_marked(self, client, pair):
        rows = rows_of(client.get(HOSTS).content.decode())
        creators = [row for row in rows if "creator" in row]
        assert len(creators) == 2
        assert all("Not sold here" in row for row in creators)

    def test_another_order_or_an_unknown_model(self, client, pair):
        response = client.get("/compare/beta-vs-alpha/hosts/")
        assert (response.status_code, response["Location"]) == (301, HOSTS)
        assert client.get("/compare/alpha-vs-nope/hosts/").status_code == 404
        assert client.get("/compare/alpha-vs-alpha/hosts/").status_code == 301

    def test_no_price_anywhere_says_so(self, client, committed):
        with committed():
            text_model_with_prices(slug="alpha", name="Alpha")
            text_model_with_prices(slug="beta", name="Beta")
        Price.objects.all().delete()
        page = client.get(HOSTS).content.decode()
        assert "No host lists a current price for Alpha or Beta yet." in page


class TestOnTheComparisonPage:
    def test_without_javascript_a_link_opens_the_page(self, client, pair):
        page = client.get("/compare/alpha-vs-beta/").content.decode()
        link = re.search(r'<a id="hosts-link" href="([^"]+)" hx-get="([^"]+)"', page)
        assert link is not None
        assert link.groups() == (HOSTS, HOSTS)
        assert "hosts-table" not in page  # the table is one click away

    def test_htmx_gets_the_section_alone_in_place_of_the_link(self, client, pair):
        response = client.get(HOSTS, headers=HTMX)
        fragment = response.content.decode()
        assert fragment.lstrip().startswith('<section id="hosts"')
        assert "<html" not in fragment
        assert 'id="hosts-heading" tabindex="-1"' in fragment
        assert "HX-Request" in response.get("Vary", "")

    def test_a_price_change_in_the_admin_shows_at_once(self, client, pair, admin_user, committed):
        alpha, _ = pair
        assert "$1.23 per 1M input tokens" not in client.get(HOSTS).content.decode()
        with committed():
            add_price_in_admin(client, admin_user, alpha, "1.23")
        client.cookies.clear()
        assert "$1.23 per 1M input tokens" in client.get(HOSTS).content.decode()
        assert "$1.23 per 1M input tokens" in client.get(HOSTS, headers=HTMX).content.decode()


def test_the_page_costs_the_same_queries_whatever_the_catalogs_size(
    client, django_assert_max_num_queries
):
    seed(10, text_only=True)
    path = "/compare/catalog-model-1-vs-catalog-model-2/hosts/"

    def cold_queries() -> int:
        from django.core.cache import cache

        cache.clear()
        clear_local_copies()
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=HTMX)
        assert response.status_code == 200
        return len(queries)

    small = cold_queries()
    seed(40, text_only=True, prefix="more")
    assert cold_queries() == small
