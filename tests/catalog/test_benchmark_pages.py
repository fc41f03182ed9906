"""Benchmark pages: the list, each leaderboard, and a model's ranks on its page."""

from datetime import date
from decimal import Decimal

import pytest

from catalog.models import Benchmark
from tests.factories import AIModelFactory, BenchmarkFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def scored(slug, value, benchmark=None, **extra):
    model = AIModelFactory(slug=slug, name=slug.replace("-", " ").title())
    return ScoreFactory(
        model=model,
        value=Decimal(value),
        ci_lower=None,
        ci_upper=None,
        **extra,
        **({"benchmark": benchmark} if benchmark else {}),
    )


def test_a_leaderboard_ranks_published_models_best_first_and_shares_ties(client):
    scored("alpha", "1300")
    scored("beta", "1320")
    scored("gamma", "1300")
    hidden = scored("hidden", "1400")
    hidden.model.is_published = False
    hidden.model.save()
    page = client.get("/benchmarks/lmarena-text/").content.decode()
    order = [page.index(name) for name in ("Beta", "Alpha", "Gamma")]
    assert order == sorted(order)
    assert "Hidden" not in page
    ranks = [cell.split("</td>")[0] for cell in page.split("<tr>\n        <td>")[1:]]
    assert ranks == ["1", "2", "2"]


def test_lower_is_better_boards_rank_the_lowest_first(client):
    board = BenchmarkFactory(
        slug="latency", name="Latency", direction=Benchmark.Direction.LOWER, unit="seconds"
    )
    scored("quick", "1.5", benchmark=board)
    scored("slow", "9", benchmark=board)
    page = client.get("/benchmarks/latency/").content.decode()
    assert page.index("Quick") < page.index("Slow")
    assert "lower is better" in page


def test_each_mode_is_its_own_row_with_its_newest_score(client):
    row = scored("thinker", "1300")
    ScoreFactory(
        model=row.model, value=Decimal("1350"), condition="thinking", ci_lower=None, ci_upper=None
    )
    ScoreFactory(
        model=row.model,
        value=Decimal("1250"),
        measured_on=date(2024, 1, 1),
        ci_lower=None,
        ci_upper=None,
    )
    page = client.get("/benchmarks/lmarena-text/").content.decode()
    assert page.count(">Thinker</a>") == 2
    assert "(thinking)" in page
    assert "1250" not in page


def test_the_model_page_gives_its_rank_and_links_the_board(client):
    scored("alpha", "1300")
    scored("beta", "1320")
    page = client.get("/models/alpha/").content.decode()
    assert 'href="/benchmarks/lmarena-text/"' in page
    assert "2 of 2" in page


def test_the_list_names_boards_with_published_scores_and_unknown_boards_are_404(client):
    scored("alpha", "1300")
    BenchmarkFactory(slug="empty-board", name="Empty board")
    page = client.get("/benchmarks/").content.decode()
    assert "LMArena Text" in page
    assert "1 model" in page
    assert "Empty board" not in page
    assert client.get("/benchmarks/no-such-board/").status_code == 404
