"""Shortlists: the pair page's rows for two to four models, and the page at
/compare/shortlist/ (canonical address, errors, links to each pair)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings

from bench.synthetic import seed
from comparisons.shortlist import shortlist
from comparisons.verdict import Outcome, compare_models
from tests.comparisons.builders import arena, text_model
from tests.comparisons.test_verdict_properties import model_facts
from tests.factories import text_model_with_prices
from web.caching import clear_local_copies

SHORTLIST = "/compare/shortlist/"


def rows_by_key(groups):
    return {row.metric.key: row for group in groups for row in group.rows}


@settings(max_examples=60, deadline=None)
@given(model_facts("Alpha"), model_facts("Beta"))
def test_a_shortlist_of_two_names_the_winners_the_pair_page_names(a, b):
    pair = compare_models(a=a, b=b, on=date(2026, 7, 24))
    listed = rows_by_key(shortlist([a, b]))
    for row in pair.rows:
        if row.metric.benchmark:
            continue  # the extra benchmark rows are the pair page's own
        mine = listed[row.metric.key]
        expected = {Outcome.A: a.name, Outcome.B: b.name}.get(row.outcome, "")
        assert mine.winner == expected, row.metric.key
        assert [cell.text for cell in mine.cells] == [row.a_text, row.b_text]


def test_a_row_has_a_winner_only_if_one_model_beats_every_other():
    cheap = text_model("Cheap", input_price="0.10", output_price="0.40")
    dear = text_model("Dear", input_price="3", output_price="15")
    near = text_model("Near", input_price="0.105", output_price="0.41")  # within 10% of Cheap
    rows = rows_by_key(shortlist([cheap, dear, near]))
    assert rows["price"].winner == ""
    assert rows["price"].result == (
        "No winner: no model is ahead of every other by a margin that matters"
    )
    clear = rows_by_key(shortlist([cheap, dear]))
    assert clear["price"].winner == "Cheap"
    assert [cell.best for cell in clear["price"].cells] == [True, False]


def test_a_row_where_any_model_has_no_value_names_no_winner():
    scored = text_model("Scored", score=arena("1400", "1390", "1410"))
    lower = text_model("Lower", score=arena("1200", "1190", "1210"))
    unscored = text_model("Unscored")
    assert rows_by_key(shortlist([scored, lower]))["arena"].winner == "Scored"
    row = rows_by_key(shortlist([scored, lower, unscored]))["arena"]
    assert row.winner == ""
    assert row.result == "No winner: not every model has a value"
    assert [cell.text for cell in row.cells][2] == "Unknown"  # as the pair page says


@pytest.fixture
def four(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            text_model_with_prices(slug=slug, name=name, input_price=price, output_price=price)
            for slug, name, price in (
                ("delta", "Delta", "4.00"),
                ("alpha", "Alpha", "1.00"),
                ("gamma", "Gamma", "3.00"),
                ("beta", "Beta", "2.00"),
                ("epsilon", "Epsilon", "5.00"),
            )
        ]


@pytest.mark.django_db
class TestPage:
    def test_the_address_is_canonical_and_the_directorys_ticks_arrive_there(self, client, four):
        ticked = client.get(SHORTLIST, {"compare": ["gamma", "alpha", "beta"]})
        assert ticked.status_code == 301
        assert ticked["Location"] == f"{SHORTLIST}?m=alpha&m=beta&m=gamma"
        unsorted = client.get(SHORTLIST, {"m": ["gamma", "alpha", "alpha"]})
        assert unsorted["Location"] == f"{SHORTLIST}?m=alpha&m=gamma"

    def test_the_page_sets_the_models_side_by_side_and_links_each_pair(self, client, four):
        response = client.get(f"{SHORTLIST}?m=alpha&m=beta&m=gamma")
        assert response.status_code == 200
        html = response.content.decode()
        header = re.search(r"<thead><tr>(.*?)</tr></thead>", html).group(1)
        assert re.findall(r'<a href="/models/[^/]+/">([^<]+)</a>', header) == [
            "Alpha",
            "Beta",
            "Gamma",
        ]
        assert "<strong>Alpha best</strong>" in html  # $1 against $2 and $3
        for pair in ("alpha-vs-beta", "alpha-vs-gamma", "beta-vs-gamma"):
            assert f'<a href="/compare/{pair}/">' in html
        assert '<meta name="robots" content="noindex' in html
        assert (
            f'<link rel="canonical" href="https://versus.example{SHORTLIST}?m=alpha&amp;m=beta&amp;m=gamma">'
            in html
        )

    def test_too_many_too_few_and_unknown_models_get_clear_answers(self, client, four):
        five = client.get(SHORTLIST, {"m": ["alpha", "beta", "gamma", "delta", "epsilon"]})
        assert five.status_code == 400
        assert "A shortlist holds up to four models; you chose 5." in five.content.decode()
        one = client.get(SHORTLIST, {"m": "alpha"})
        assert one.status_code == 400
        assert "Choose two to four models" in one.content.decode()
        empty = client.get(SHORTLIST)
        assert empty.status_code == 200
        assert "tick them in the directory" in empty.content.decode()
        unknown = client.get(SHORTLIST, {"m": ["alpha", "alpah-2"]})
        assert unknown.status_code == 404

    def test_the_directory_can_open_a_shortlist(self, client, four):
        html = client.get("/models/").content.decode()
        assert f'formaction="{SHORTLIST}">Shortlist the ticked models' in html

    def test_a_price_change_shows_at_once(self, client, four, django_capture_on_commit_callbacks):
        address = f"{SHORTLIST}?m=alpha&m=beta"
        assert "<strong>Alpha best</strong>" in client.get(address).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            price = four[1].prices.get(component="input_tokens")
            price.amount = Decimal("9.00")
            price.save()
            output = four[1].prices.get(component="output_tokens")
            output.amount = Decimal("9.00")
            output.save()
        assert "<strong>Beta best</strong>" in client.get(address).content.decode()


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_whatever_the_catalogs_size(
    client, django_assert_max_num_queries
):
    seed(10, text_only=True)
    address = f"{SHORTLIST}?m=catalog-model-1&m=catalog-model-2&m=catalog-model-3"

    def cold_queries() -> int:
        from django.core.cache import cache

        cache.clear()
        clear_local_copies()
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        return len(queries)

    small = cold_queries()
    seed(40, text_only=True, prefix="more")
    assert cold_queries() == small
