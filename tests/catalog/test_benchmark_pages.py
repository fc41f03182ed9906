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


def test_a_model_on_many_boards_shows_the_designated_first_and_folds_the_rest(
    client, django_assert_max_num_queries
):
    row = scored("alpha", "1300")
    coding = BenchmarkFactory(
        slug="aider-polyglot",
        name="Aider Polyglot",
        family="Aider",
        variant="polyglot",
        designation="coding",
        scale_max=100,
        unit="percent",
    )
    ScoreFactory(
        model=row.model, benchmark=coding, value=Decimal("61.5"), ci_lower=None, ci_upper=None
    )
    for n in range(30):
        board = BenchmarkFactory(
            slug=f"lmarena-text-category-{n:02}",
            name=f"LMArena Text (category {n:02})",
            family="LMArena Text",
            variant=f"category {n:02}",
        )
        ScoreFactory(model=row.model, benchmark=board, value=1200 + n, ci_lower=None, ci_upper=None)
    with django_assert_max_num_queries(12):
        page = client.get("/models/alpha/").content.decode()
    table, folded = page.split("<details>")
    assert table.index("LMArena Text</a>") < table.index("Aider Polyglot</a>")
    assert "61.50%" in table
    assert "1 of 1" in table
    assert "category 29" in folded
    assert "category 29" not in table
    assert "More scores, by benchmark family (20)" in folded


def test_a_score_its_maker_reported_says_so_on_both_pages(client):
    scored("alpha", "1300", measured_by="lab", dataset="llm-stats")
    scored("beta", "1320")
    board = client.get("/benchmarks/lmarena-text/").content.decode()
    assert board.count("self-reported") == 1
    assert board.index("Beta") < board.index("Alpha") < board.index("self-reported")
    alpha = client.get("/models/alpha/").content.decode()
    assert "self-reported</span>" in alpha
    assert "self-reported</span>" not in client.get("/models/beta/").content.decode()
    # LLMStats' data is CC BY 4.0: each score read from it credits it.
    assert board.count('via <a href="https://llm-stats.com"') == 1
    assert 'via <a href="https://llm-stats.com"' in alpha


def test_the_list_groups_many_boards_by_family_and_folds_the_long_tail(
    client, django_assert_max_num_queries
):
    BenchmarkFactory(slug="lmarena-text", family="LMArena Text")
    row = scored("alpha", "1300")
    for n in range(9):
        board = BenchmarkFactory(
            slug=f"lmarena-text-c{n}",
            name=f"LMArena Text (c{n})",
            family="LMArena Text",
            variant=f"c{n}",
        )
        ScoreFactory(model=row.model, benchmark=board, ci_lower=None, ci_upper=None)
    with django_assert_max_num_queries(6):
        page = client.get("/benchmarks/").content.decode()
    shown, folded = page.split("<details>")
    assert "<h3>LMArena Text</h3>" in shown
    assert shown.index(">LMArena Text</a>") < shown.index("LMArena Text (c0)")
    assert "4 more LMArena Text boards" in folded
    assert "LMArena Text (c8)" in folded


def test_a_rank_belongs_to_the_score_the_board_shows(client):
    """Of a model's two scores of one date on one board, the board ranks the independent
    one: the model's page and the API give the rank to that one alone."""
    independent = scored("alpha", "32.4")
    lab = ScoreFactory(
        model=independent.model,
        benchmark=independent.benchmark,
        value=Decimal("34.7"),
        ci_lower=None,
        ci_upper=None,
        measured_on=independent.measured_on,
        measured_by="lab",
        dataset="llmstats",
    )
    scored("beta", "40", benchmark=independent.benchmark)
    page = client.get("/models/alpha/").content.decode()
    rows = {row.split("</td>")[1]: row for row in page.split("<tr>") if "</td>" in row}
    assert "2 of 2" in rows[next(k for k in rows if "32.4" in k)]
    assert "of 2" not in rows[next(k for k in rows if "34.7" in k)]
    scores = client.get("/api/v1/models/alpha").json()["scores"]
    ranks = {score["value"]: score["rank"] for score in scores}
    assert ranks == {"32.4": 2, "34.7": None}
    assert lab.pk != independent.pk
