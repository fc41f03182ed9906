"""A comparison's two models among their peers: its own page, the fragment htmx loads into
the comparison page, and a picture that follows every peer's change."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import seed
from catalog.models import AIModel, AIModelSlug
from tests.caches import add_price_in_admin, add_price_in_shell, page_text
from tests.factories import (
    AIModelFactory,
    BenchmarkFactory,
    ScoreFactory,
    text_model_with_prices,
)
from web.caching import clear_local_copies

pytestmark = pytest.mark.django_db

PAIR = "/compare/alpha-vs-beta/"
PEERS = "/compare/alpha-vs-beta/peers/"
HTMX = {"HX-Request": "true", "HX-Target": "peers"}


def rated(slug: str, score: str, **prices: str) -> AIModel:
    model = text_model_with_prices(slug=slug, name=slug.title(), **prices)
    value = Decimal(score)
    ScoreFactory(
        model=model,
        benchmark=BenchmarkFactory(),
        value=value,
        ci_lower=value - 5,
        ci_upper=value + 5,
    )
    return model


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Rows made as a real commit would make them: their versions bumped."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_pair(committed, *, without: tuple[str, ...] = ()) -> dict[str, AIModel]:
    """Alpha and Beta, compared, and two peers of their category (less `without`)."""
    prices = {
        "alpha": ("1300", "2.00", "8.00"),
        "beta": ("1250", "0.50", "2.00"),
        "gamma": ("1200", "0.10", "0.40"),
        "delta": ("1350", "10.00", "40.00"),
    }
    with committed():
        return {
            slug: rated(slug, score, input_price=first, output_price=second)
            for slug, (score, first, second) in prices.items()
            if slug not in without
        }


@pytest.fixture
def pair(committed):
    return make_pair(committed)


def text(response) -> str:
    return response.content.decode()


def figure_of(page: str) -> str:
    start = page.index('data-chart="price-quality"')
    return page[start : page.index("</figure>", start)]


class TestThePage:
    def test_the_full_page_draws_the_pair_among_every_peer(self, client, pair):
        response = client.get(PEERS)
        assert response.status_code == 200
        page = text(response)
        assert "<title>Alpha and Beta among their peers" in page
        assert '<meta name="robots" content="noindex">' in page
        assert (
            '<link rel="canonical" href="https://versus.example/compare/alpha-vs-beta/peers/">'
            in page
        )
        crumbs = page[page.index('aria-label="Breadcrumb"') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert f'href="{PAIR}"' in crumbs
        assert "<h1>Alpha and Beta among their peers</h1>" in page
        figure = figure_of(page)
        assert "with Alpha and Beta marked</figcaption>" in figure
        assert "The 4 models drawn" in figure
        assert "<details open>" in figure  # the table is the page's, not one click away

    def test_both_models_are_marked_by_shape_name_and_row(self, client, pair):
        figure = figure_of(text(client.get(PEERS)))
        assert figure.count('class="point-highlight"') == 2
        assert 'data-slug="alpha"' in figure
        assert 'data-slug="beta"' in figure
        assert ">Alpha</text>" in figure
        assert ">Beta</text>" in figure
        marked = [row for row in figure.split("<tr") if 'class="row-highlight"' in row]
        assert sorted(row.split("</a>")[0].rsplit(">", 1)[1] for row in marked) == ["Alpha", "Beta"]
        assert all('<span class="tag">compared</span>' in row for row in marked)
        label = figure[figure.index('aria-label="') :]
        assert "4 models by price and arena score. Beta: " in label
        assert "Alpha: $3.50 per 1M tokens" in label
        # The peers are drawn too, unmarked.
        assert ">Gamma</a></th>" in figure
        assert ">Delta</a></th>" in figure

    def test_an_htmx_request_gets_only_the_section_it_replaces(self, client, pair):
        response = client.get(PEERS, headers=HTMX)
        page = text(response)
        assert page.lstrip().startswith('<section id="peers"')
        assert "<html" not in page
        assert "<h1" not in page
        assert '<h2 id="peers-heading" tabindex="-1">Alpha and Beta among their peers</h2>' in page
        assert figure_of(page).count('class="point-highlight"') == 2
        assert "<details>" in page
        assert "HX-Request" in response["Vary"]
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("ETag")

    def test_a_history_restore_gets_the_whole_page(self, client, pair):
        response = client.get(PEERS, headers={**HTMX, "HX-History-Restore-Request": "true"})
        assert "<h1>Alpha and Beta among their peers</h1>" in text(response)

    def test_the_page_carries_validators_and_goes_out_gzipped(self, client, pair):
        first = client.get(PEERS)
        assert first.has_header("ETag")
        assert first.has_header("Last-Modified")
        assert "public" in first["Cache-Control"]
        again = client.get(PEERS, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        gzipped = client.get(PEERS, headers={"Accept-Encoding": "gzip"})
        assert gzipped["Content-Encoding"] == "gzip"

    def test_the_other_order_and_an_old_slug_move_to_the_one_address(self, client, pair, committed):
        assert client.get("/compare/beta-vs-alpha/peers/")["Location"] == PEERS
        with committed():
            AIModelSlug.objects.create(model=pair["alpha"], slug="alpha-old")
        response = client.get("/compare/alpha-old-vs-beta/peers/")
        assert (response.status_code, response["Location"]) == (301, PEERS)

    @pytest.mark.parametrize(
        "path",
        [
            "/compare/alpha-vs-nothing/peers/",
            "/compare/alpha-vs-hidden/peers/",
            "/compare/alpha-vs-picture/peers/",
            "/compare/words-vs-vectors/peers/",
            "/compare/alpha-vs-alpha/peers/",
            "/compare/alpha/peers/",
        ],
    )
    def test_unknown_unpublished_and_undrawn_give_404(self, client, pair, committed, path):
        with committed():
            AIModel.objects.filter(pk=rated("hidden", "1280").pk).update(is_published=False)
            AIModelFactory(slug="picture", category=AIModel.Category.IMAGE)
            AIModelFactory(slug="words", category=AIModel.Category.EMBEDDING)
            AIModelFactory(slug="vectors", category=AIModel.Category.EMBEDDING)
        assert client.get(path).status_code == 404
        assert client.get(path, headers=HTMX).status_code == 404

    def test_a_model_with_no_score_or_no_price_is_named_with_the_reason(self, client, committed):
        make_pair(committed, without=("alpha",))
        with committed():
            AIModelFactory(slug="alpha", name="Alpha")  # no price, no score
        page = text(client.get(PEERS, headers=HTMX))
        assert (
            "Alpha is not drawn: it has no arena score; it has no "
            "blended price per 1M tokens on record."
        ) in page
        figure = figure_of(page)
        assert "with Beta marked</figcaption>" in figure
        assert figure.count('class="point-highlight"') == 1
        assert "The 3 models drawn" in figure

    def test_a_free_model_is_named_too(self, client, committed):
        make_pair(committed, without=("beta",))
        with committed():
            rated("beta", "1100", input_price="0", output_price="0")
        page = text(client.get(PEERS))
        assert "Beta is not drawn: it is free, and a price of $0 has no place" in page


class TestTheComparisonPage:
    def test_it_holds_a_placeholder_and_a_link_but_no_peer(self, client, pair):
        page = text(client.get(PAIR))
        section = page[page.index('<section id="peers"') :]
        section = section[: section.index("</section>")]
        assert f'hx-get="{PEERS}"' in section
        assert 'hx-trigger="revealed"' in section
        assert 'hx-swap="outerHTML"' in section
        assert f'<a href="{PEERS}">See Alpha and Beta among their peers</a>' in section
        # Its cache follows Alpha and Beta only: nothing of another model may be on it.
        assert "Gamma" not in page
        assert "Delta" not in page
        assert 'data-chart="price-quality"' not in page

    def test_the_link_works_without_javascript(self, client, pair):
        page = text(client.get(PAIR))
        href = page.split("See Alpha and Beta among their peers")[0].rsplit('href="', 1)[1]
        assert client.get(href.split('"')[0]).status_code == 200

    def test_a_new_pick_brings_the_new_pairs_placeholder(self, client, pair):
        response = client.get(
            "/compare/", {"a": "gamma", "b": "alpha"}, headers={"HX-Request": "true"}
        )
        page = text(response)
        assert 'hx-get="/compare/alpha-vs-gamma/peers/"' in page
        assert PEERS not in page

    def test_a_pair_of_two_categories_has_no_placeholder(self, client, pair, committed):
        with committed():
            AIModelFactory(slug="picture", category=AIModel.Category.IMAGE)
        assert 'id="peers"' not in text(client.get("/compare/alpha-vs-picture/"))


class TestNeverStale:
    def test_a_peers_new_price_shows_while_the_comparison_stays_cached(
        self, client, pair, editor, django_capture_on_commit_callbacks
    ):
        comparison = client.get(PAIR)
        before = text(client.get(PEERS, headers=HTMX))
        assert "$0.175 per 1M tokens" in before  # Gamma: 3 x 0.10 + 0.40, over 4
        with django_capture_on_commit_callbacks(execute=True):
            add_price_in_admin(client, editor, pair["gamma"], "0.02")
        client.cookies.clear()
        after = text(client.get(PEERS, headers=HTMX))
        assert "$0.115 per 1M tokens" in after  # 3 x 0.02 + 0.40, over 4
        assert "$0.175 per 1M tokens" not in after
        assert "$0.115 per 1M tokens" in text(client.get(PEERS))
        again = client.get(PAIR)
        assert again["ETag"] == comparison["ETag"]  # the page cache's entry, unchanged
        assert page_text(again) == page_text(comparison)

    def test_a_new_peer_joins_the_picture(self, client, pair, committed):
        assert "The 4 models drawn" in text(client.get(PEERS))
        with committed():
            rated("epsilon", "1400")
        assert "The 5 models drawn" in text(client.get(PEERS))

    def test_a_pair_price_change_moves_its_point(
        self, client, pair, django_capture_on_commit_callbacks
    ):
        before = figure_of(text(client.get(PEERS)))
        add_price_in_shell(django_capture_on_commit_callbacks, pair["alpha"], "20.00")
        after = figure_of(text(client.get(PEERS)))
        assert "Alpha: $17.00 per 1M tokens" in after
        assert before != after


def test_the_fragment_costs_the_same_queries_whatever_the_catalogs_size(
    client, django_assert_max_num_queries
):
    seed(10, text_only=True)
    path = "/compare/catalog-model-1-vs-catalog-model-2/peers/"

    def cold_queries() -> int:
        """With nothing cached, the most it costs: versions, the pair, the category's
        models and their prices."""
        from django.core.cache import cache

        cache.clear()
        clear_local_copies()
        with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=HTMX)
        assert response.status_code == 200
        return len(queries)

    small = cold_queries()
    assert "The 10 models drawn" in text(client.get(path))
    seed(30, text_only=True, prefix="more")
    assert cold_queries() == small
    assert "The 40 models drawn" in text(client.get(path))
