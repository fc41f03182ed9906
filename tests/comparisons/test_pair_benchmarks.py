"""A pair's benchmarks: a handful in the comparison's table, every one a link away."""

import re
from decimal import Decimal

import pytest

from comparisons.verdict import SHOWN_BENCHMARKS
from tests.caches import page_text
from tests.factories import BenchmarkFactory, ScoreFactory, text_model_with_prices

pytestmark = pytest.mark.django_db

PAIR = "/compare/alpha-vs-beta/"
BENCHMARKS = "/compare/alpha-vs-beta/benchmarks/"


def board(number: int, **fields):
    return BenchmarkFactory(
        name=f"Board {number:02d}",
        slug=f"board-{number:02d}",
        family="Boards",
        unit="% solved",
        scale_max=Decimal(100),
        url=f"https://boards.example/{number}",
        **fields,
    )


def scored(model, benchmark, value: str, **fields):
    defaults = {"ci_lower": None, "ci_upper": None, "votes": None}
    return ScoreFactory(
        model=model,
        benchmark=benchmark,
        value=Decimal(value),
        source_url=f"https://boards.example/{benchmark.slug}/results",
        **{**defaults, **fields},
    )


@pytest.fixture
def pair(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as a real import is
        alpha = text_model_with_prices(slug="alpha", name="Alpha")
        beta = text_model_with_prices(slug="beta", name="Beta")
        for number in range(9):
            scored(alpha, board(number), str(60 + number))
            scored(beta, board(number), "50")
        scored(alpha, board(20), "74.5", measured_by="lab")
    return alpha, beta


def test_the_comparison_shows_a_handful_and_links_to_the_rest(client, pair):
    page = client.get(PAIR).content.decode()
    shown = [n for n in range(21) if f">Board {n:02d}<" in page]
    assert len(shown) == SHOWN_BENCHMARKS
    assert f'href="{BENCHMARKS}"' in page
    assert "5 more benchmark scores" in page


def test_the_benchmarks_page_lists_every_benchmark_with_its_source(client, pair):
    response = client.get(BENCHMARKS)
    assert response.status_code == 200
    page = response.content.decode()
    for number in [*range(9), 20]:
        assert f">Board {number:02d}<" in page
    assert "74.5% on Board 20 (self-reported; 4 Aug 2025)" in page
    assert "Not comparable: no score recorded for Beta" in page
    cited = {int(n) for n in re.findall(r'href="#source-(\d+)"', page)}
    listed = {int(n) for n in re.findall(r'<li id="source-(\d+)"', page)}
    assert cited == listed  # every citation has its source, and no source goes uncited
    assert "https://boards.example/board-20/results" in page
    assert '<meta name="robots" content="noindex">' in page
    assert re.search(rf'<link rel="canonical" href="[^"]*{BENCHMARKS}">', page)


def test_the_benchmarks_page_follows_the_canonical_pair(client, pair):
    response = client.get("/compare/beta-vs-alpha/benchmarks/")
    assert response.status_code == 301
    assert response["Location"] == BENCHMARKS
    assert client.get("/compare/alpha-vs-nobody/benchmarks/").status_code == 404
    assert client.get("/compare/alpha-vs-alpha/benchmarks/")["Location"] == "/models/alpha/"


def test_a_pair_without_scores_says_so(client):
    text_model_with_prices(slug="alpha", name="Alpha")
    text_model_with_prices(slug="beta", name="Beta")
    assert "more benchmark score" not in client.get(PAIR).content.decode()
    page = client.get(BENCHMARKS).content.decode()
    assert "Neither model has a benchmark score recorded yet." in page


def test_a_new_score_shows_at_once(client, pair, django_capture_on_commit_callbacks):
    _alpha, beta = pair
    before = client.get(BENCHMARKS)
    with django_capture_on_commit_callbacks(execute=True):
        scored(beta, board(21), "33.3")
    after = client.get(BENCHMARKS)
    assert page_text(after) != page_text(before)
    assert "33.3% on Board 21" in after.content.decode()


def test_the_benchmarks_page_costs_the_same_queries_however_many_scores(
    client, pair, django_assert_max_num_queries
):
    alpha, _beta = pair
    client.get(BENCHMARKS)
    from django.core.cache import cache

    from web.caching import clear_local_copies

    for number in range(30, 60):
        scored(alpha, board(number), "40")
    cache.clear()
    clear_local_copies()
    with django_assert_max_num_queries(8):
        assert client.get(BENCHMARKS).status_code == 200
