"""The pictures' geometry (pages/charts.py) and where pages draw them."""

from datetime import date
from decimal import Decimal

import pytest

from pages.charts import Entry, frontier, interval_chart, price_quality_chart, step_chart


def entry(name, price, score):
    return Entry(name, name.lower(), Decimal(price), f"${price}", Decimal(score))


def test_the_frontier_keeps_only_models_no_cheaper_model_beats():
    entries = [
        entry("Cheap", "0.10", 1200),
        entry("Dear and worse", "5.00", 1190),
        entry("Mid", "1.00", 1250),
        entry("Dear and best", "10.00", 1300),
        entry("Same price, worse", "1.00", 1240),
    ]
    assert [e.name for e in frontier(entries)] == ["Cheap", "Mid", "Dear and best"]


def test_price_runs_on_a_log_axis_and_quality_upwards():
    entries = [entry("A", "0.10", 1200), entry("B", "1.00", 1250), entry("C", "10.00", 1300)]
    chart = price_quality_chart(entries, quality="arena score", price_label="Price")
    points = {point.entry.name: point for point in chart.points}
    # A tenfold price is the same distance across wherever it starts.
    assert points["B"].x - points["A"].x == pytest.approx(points["C"].x - points["B"].x, abs=0.2)
    assert points["A"].y > points["B"].y > points["C"].y  # higher scores sit higher
    assert [tick.label for tick in chart.price_ticks] == ["$0.1", "$1", "$10"]
    assert chart.frontier.startswith("M")
    assert chart.frontier.count("L") == 2


def test_highlighted_models_are_drawn_last_and_named_in_the_text_alternative():
    entries = [entry("A", "0.10", 1200), entry("B", "1.00", 1250), entry("C", "10.00", 1300)]
    chart = price_quality_chart(
        entries, highlight=frozenset({"a"}), quality="arena score", price_label="Price"
    )
    assert chart.points[-1].entry.name == "A"
    assert chart.points[-1].highlighted
    assert "A: $0.10, arena score 1200" in chart.description
    assert "cheapest first: A, B, C" in chart.description


def test_no_picture_without_two_models_to_place():
    assert price_quality_chart([entry("A", "1", 1)], quality="q", price_label="p") is None


def test_intervals_show_whether_two_scores_overlap():
    level = interval_chart(
        [
            ("A", Decimal(1250), Decimal(1244), Decimal(1256)),
            ("B", Decimal(1253), Decimal(1247), Decimal(1259)),
        ],
        benchmark="LMArena Text",
    )
    assert level.overlap
    assert "overlap, so the two are level" in level.description
    apart = interval_chart(
        [
            ("A", Decimal(1200), Decimal(1195), Decimal(1205)),
            ("B", Decimal(1300), Decimal(1294), Decimal(1306)),
        ],
        benchmark="LMArena Text",
    )
    assert not apart.overlap
    a, b = apart.bars
    assert a.low < a.at < a.high < b.low < b.at < b.high
    assert (
        interval_chart(
            [("A", Decimal(1), None, None), ("B", Decimal(2), None, None)], benchmark="x"
        )
        is None
    )


def test_the_price_history_labels_its_price_axis_and_every_step():
    chart = step_chart(
        [
            (date(2025, 1, 1), Decimal("2")),
            (date(2025, 1, 10), Decimal("1")),
            (date(2025, 6, 1), Decimal("1.5")),
        ],
        until=date(2025, 7, 1),
        describe=lambda amount: f"${amount}",
        date_text=str,
    )
    assert [tick.label for tick in chart.price_ticks] == ["$0", "$1", "$2"]
    assert [tick.label for tick in chart.date_ticks] == ["2025-01-01", "2025-01-10", "2025-06-01"]
    # Two dates nine days apart would touch: the second goes to the other row.
    assert [tick.row for tick in chart.date_ticks] == [0, 1, 0]
    assert chart.end_label == "2025-07-01"


@pytest.mark.django_db
def test_the_directory_draws_price_against_quality_with_its_table(client, demo_catalog):
    page = client.get("/models/").content.decode()
    assert 'data-chart="price-quality"' in page
    assert "Text generation models by price and arena score" in page
    assert "Blended price per 1M tokens (log scale)" in page
    table = page[page.index("models drawn</summary>") :]
    rows = table[: table.index("</tbody>")].count("<tr>") - 1  # less the header row
    assert rows >= 10
    assert f"The {rows} models drawn" in page
    peers = page[page.index('class="peer-dots"') - 20000 :].split('class="peer-dots"')[0]
    frontier = page.count('class="point point-frontier"')
    assert peers.rsplit('d="', 1)[1].count("h0") + frontier == rows


@pytest.mark.django_db
def test_a_comparison_page_draws_no_other_model(client, demo_catalog):
    """A cached comparison page changes only with its two models (and what every page
    shows), so it must not show a peer's price or score that could change without it."""
    page = client.get("/compare/gpt-4o-vs-o3/").content.decode()
    assert 'data-chart="price-quality"' not in page


@pytest.mark.django_db
def test_a_comparison_draws_the_arena_intervals(client, demo_catalog):
    page = client.get("/compare/gpt-4o-vs-o3/").content.decode()
    assert 'data-chart="intervals"' in page
    assert "Arena scores with their 95% intervals" in page
    assert page.count('class="whisker"') == 6


@pytest.mark.django_db
def test_the_directory_draws_a_whole_category_only(client, demo_catalog):
    images = client.get("/models/?category=image_generation").content.decode()
    assert "Image generation models by price and arena score" in images
    assert "Price per image (log scale)" in images
    for narrowed in ("/models/?creator=openai", "/models/?page=2"):
        assert 'data-chart="price-quality"' not in client.get(narrowed).content.decode()


def test_the_names_of_two_close_highlighted_models_do_not_touch():
    entries = [
        entry("First model", "1.00", 1250),
        entry("Second model", "1.05", 1251),
        entry("Far", "50.00", 1300),
    ]
    chart = price_quality_chart(
        entries,
        highlight=frozenset({"first model", "second model"}),
        quality="arena score",
        price_label="Price",
    )
    first, second = chart.labels
    assert {first.text, second.text} == {"First model", "Second model"}
    # Side by side they would overlap: one goes below its point.
    assert abs(first.y - second.y) >= 10
    assert all(chart.top <= label.y - 10 and label.y <= chart.bottom + 10 for label in chart.labels)
    assert price_quality_chart(entries, quality="q", price_label="p").labels == ()


def test_a_name_near_the_right_edge_is_written_leftwards():
    entries = [entry("Cheap", "0.10", 1200), entry("The dearest model", "10.00", 1300)]
    chart = price_quality_chart(
        entries, highlight=frozenset({"the dearest model"}), quality="q", price_label="p"
    )
    (label,) = chart.labels
    assert label.anchor == "end"
    assert label.x < chart.points[-1].x
