"""The coding category and the other benchmark rows of the Quality group."""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template import engines

from comparisons.materiality import RULE, level_by_margin
from comparisons.narrative import narrate, sources
from comparisons.scores import pick_score
from comparisons.verdict import SHOWN_BENCHMARKS, Outcome, Reason, compare_models
from tests.comparisons.builders import arena, bench, coding, text_model
from tests.comparisons.invariants import problems

ON = date(2026, 7, 24)


def compare(a, b):
    return compare_models(a=a, b=b, on=ON)


def category(result, key):
    return next((c for c in result.verdict.categories if c.key == key), None)


def benchmark_rows(result):
    return [row for row in result.rows if row.metric.benchmark]


def test_three_points_on_a_percentage_scale_is_level_and_more_wins():
    assert level_by_margin(Decimal("70"), Decimal("73"), Decimal(3))
    assert not level_by_margin(Decimal("70"), Decimal("73.1"), Decimal(3))
    level = compare(
        text_model("Alpha", scores=[coding("70")]), text_model("Beta", scores=[coding("73")])
    )
    assert level.row("coding").outcome is Outcome.TIE
    won = compare(
        text_model("Alpha", scores=[coding("70")]), text_model("Beta", scores=[coding("73.5")])
    )
    assert won.row("coding").outcome is Outcome.B
    assert "within 3 points on a 0–100 scale" in RULE
    assert "never compared" in RULE


def test_a_score_on_an_open_scale_without_intervals_is_not_compared():
    a = text_model("Alpha", scores=[bench("1500", "Codeforces", scale_max=None)])
    b = text_model("Beta", scores=[bench("1200", "Codeforces", scale_max=None)])
    row = benchmark_rows(compare(a, b))[0]
    assert row.outcome is Outcome.NOT_COMPARABLE
    assert row.reason is Reason.NO_INTERVAL
    assert row.a_text.startswith("1500 on Codeforces")  # a plain number, no % sign
    assert "%" not in row.a_text


def test_intervals_decide_when_both_have_them_even_on_a_percentage_scale():
    a = text_model("Alpha", scores=[coding("70", interval=("65", "75"))])
    b = text_model("Beta", scores=[coding("78", interval=("74", "82"))])
    assert compare(a, b).row("coding").outcome is Outcome.TIE  # 8 points, but they overlap


def test_coding_decides_a_category_and_says_why_without_claiming_intervals():
    a = text_model("Alpha", scores=[coding("74.5")])
    b = text_model("Beta", scores=[coding("62")])
    result = compare(a, b)
    decided = category(result, "coding")
    assert decided.outcome is Outcome.A
    assert result.row("coding").decides == "Coding"
    assert result.row("coding").a_text == "74.5% on SWE-bench Verified (1 Jun 2025)"
    story = narrate(result)
    sentence = next(s for s in story.key_differences if "SWE-bench" in s)
    assert sentence == (
        "Alpha scores higher on SWE-bench Verified: 74.5% against 62%, more than 3 points apart."
    )
    assert "interval" not in sentence
    assert any("You write code with it" in reason for reason in story.when_a)
    answer = dict(story.faq)["Which is better at coding, Alpha or Beta?"]
    assert answer.endswith("Alpha scores higher, by more than 3 points.")
    assert problems(result, story) == []


def test_coding_level_and_missing_on_one_side():
    level = compare(
        text_model("Alpha", scores=[coding("70")]), text_model("Beta", scores=[coding("71")])
    )
    assert category(level, "coding").outcome is Outcome.TIE
    assert "Level on coding" in level.verdict.explanation
    missing = compare(text_model("Alpha", scores=[coding("70")]), text_model("Beta"))
    open_category = category(missing, "coding")
    assert open_category.row.reason is Reason.MISSING
    assert "coding, as Beta's is unknown" in missing.verdict.explanation
    story = narrate(missing)
    assert any("You want a measured coder" in reason for reason in story.when_a)
    assert problems(missing, story) == []


def test_no_coding_category_or_row_when_neither_model_has_a_score():
    result = compare(text_model("Alpha"), text_model("Beta"))
    assert category(result, "coding") is None
    assert "coding" not in result.rows_by_key


@pytest.mark.parametrize("both", [False, True])
def test_a_self_reported_score_never_decides(both):
    a = text_model("Alpha", scores=[coding("90", measured_by="lab")])
    b = text_model("Beta", scores=[coding("50", measured_by="lab" if both else "independent")])
    result = compare(a, b)
    row = result.row("coding")
    assert row.outcome is Outcome.NOT_COMPARABLE
    assert row.reason is Reason.SELF_REPORTED
    assert row.a_text == "90% on SWE-bench Verified (self-reported; 1 Jun 2025)"
    expected = "Alpha and Beta" if both else "Alpha"
    assert row.reason_text.endswith(
        f"self-reported by {'their makers' if both else 'its maker'} for {expected}"
    )
    assert category(result, "coding").row.reason is Reason.SELF_REPORTED
    assert problems(result, narrate(result)) == []


def test_the_row_prefers_independent_then_default_condition_then_newest_then_highest():
    lab = bench("90", measured_by="lab")
    thinking = bench("85", condition="thinking, 32K budget")
    old = bench("70", measured_on=date(2025, 1, 1))
    new_low = bench("71", measured_on=date(2025, 9, 1))
    new_high = bench("72", measured_on=date(2025, 9, 1))
    assert pick_score([lab, thinking]) is thinking
    assert pick_score([lab, thinking, old]) is old
    assert pick_score([old, new_low, lab]) is new_low
    assert pick_score([new_low, new_high, thinking]) is new_high
    assert pick_score([lab]) is lab
    assert pick_score([]) is None


def test_conditions_are_named_and_differing_conditions_are_still_one_row():
    a = text_model("Alpha", scores=[bench("80", condition="thinking, 32K budget")])
    b = text_model("Beta", scores=[bench("70")])
    (row,) = benchmark_rows(compare(a, b))
    assert row.a_text == "80% on MMLU-Pro (thinking, 32K budget; 1 Jun 2025)"
    assert row.b_text == "70% on MMLU-Pro (1 Jun 2025)"
    assert row.outcome is Outcome.A
    assert not row.decides


def test_a_benchmark_only_one_model_has_is_shown_and_names_who_lacks_it():
    a = text_model("Alpha", scores=[bench("80", "GPQA Diamond")])
    (row,) = benchmark_rows(compare(a, text_model("Beta")))
    assert row.outcome is Outcome.NOT_COMPARABLE
    assert row.b_text == "Unknown: no score recorded"
    assert row.reason_text == "Not comparable: no score recorded for Beta"


@pytest.mark.parametrize(("a_by", "b_by"), [("lab", "lab"), ("lab", "independent")])
def test_a_self_reported_benchmark_row_is_shown_and_not_compared(a_by, b_by):
    a = text_model("Alpha", scores=[bench("74.5", measured_by=a_by)])
    b = text_model("Beta", scores=[bench("40", measured_by=b_by)])
    (row,) = benchmark_rows(compare(a, b))
    assert row.a_text == "74.5% on MMLU-Pro (self-reported; 1 Jun 2025)"
    assert row.reason is Reason.SELF_REPORTED
    assert ("self-reported" in row.b_text) is (b_by == "lab")


def test_benchmark_rows_never_decide_a_category():
    a = text_model("Alpha", scores=[bench(str(90 - n), f"Board {n}") for n in range(3)])
    b = text_model("Beta", scores=[bench("10", f"Board {n}") for n in range(3)])
    result = compare(a, b)
    assert all(row.outcome is Outcome.A for row in benchmark_rows(result))
    assert result.verdict.a_wins == 0  # prices and limits are the same, arena unknown
    assert all(not row.decides for row in benchmark_rows(result))


def test_order_shared_first_then_family_and_name_and_the_cap():
    names = [f"Board {letter}" for letter in "GFEDCBA"]
    a = text_model(
        "Alpha",
        score=arena("1300", "1295", "1305"),
        scores=[bench("50", name, family="z" if name == "Board A" else "") for name in names]
        + [bench("40", "Only Alpha")],
    )
    b = text_model("Beta", scores=[bench("45", name) for name in ("Board E", "Board G")])
    result = compare(a, b)
    labels = [row.metric.label for row in benchmark_rows(result)]
    assert labels == [
        "Board E",
        "Board G",
        "Board B",
        "Board C",
        "Board D",
        "Board F",
        "Only Alpha",
        "Board A",  # its family, "z", sorts last
    ]
    quality = next(group for group in result.groups if group.key == "quality")
    assert [row.metric.label for row in quality.rows] == ["Arena score", *labels[:SHOWN_BENCHMARKS]]
    assert [row.metric.label for row in result.more_benchmarks] == labels[SHOWN_BENCHMARKS:]
    assert problems(result, narrate(result)) == []


def test_every_benchmark_row_cites_its_source():
    a = text_model("Alpha", scores=[bench("50", "MMLU-Pro"), bench("50", "GPQA Diamond")])
    result = compare(a, text_model("Beta", scores=[bench("60", "GPQA Diamond")]))
    cited, cells = sources(result)
    for row in benchmark_rows(result):
        assert (row.metric.key, "a") in cells
    assert ("benchmark:gpqa-diamond", "b") in cells
    assert ("benchmark:mmlu-pro", "b") not in cells  # Beta has no score there to cite
    assert any("example.com/benchmarks/gpqa-diamond" in source.url for source in cited)


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def render(result):
    """The comparison page's table and, as its benchmarks page shows them, every
    benchmark row the table leaves out."""
    cited, cells = sources(result)
    template = engines["jinja2"].from_string(
        '{% import "comparisons/blocks.html" as blocks %}'
        "<table>{{ blocks.head_to_head(c, cells) }}</table>"
        "{% if c.more_benchmarks %}<hr>{{ blocks.benchmark_table(c, c.more_benchmarks, cells) }}"
        "{% endif %}"
    )
    return template.render({"c": result, "cells": cells}), cited


def test_the_rest_of_the_benchmarks_keep_their_rows_and_citations():
    a = text_model(
        "Alpha",
        scores=[bench(str(60 + n), f"Board {n}") for n in range(8)]
        + [bench("74.5", "Lab Board", measured_by="lab")],
    )
    b = text_model("Beta", scores=[bench("50", f"Board {n}") for n in range(8)])
    result = compare(a, b)
    assert result.benchmarks_left_out == 4
    html, cited = render(result)
    main, _, folded = html.partition("<hr>")
    assert folded, "the rest of the benchmarks are in a table of their own"
    for row in result.more_benchmarks:
        assert row.metric.label in folded
        assert row.metric.label not in main
    numbers = {int(n) for n in re.findall(r'href="#source-(\d+)"', folded)}
    by_url = {source.url: source.number for source in cited}
    assert by_url["https://example.com/benchmarks/lab-board"] in numbers
    assert by_url["https://example.com/benchmarks/board-7"] in numbers
    assert numbers <= set(by_url.values())
    assert "<strong>Alpha better</strong>" in folded
    assert "74.5% on Lab Board (self-reported; 1 Jun 2025)" in folded
    assert "Not comparable: self-reported by its maker" not in folded  # only Alpha has it
    assert "Not comparable: no score recorded for Beta" in folded
    parser = Text()
    parser.feed(folded)
    assert parser.tags.count("th") >= 4  # the same columns as the main table


def test_the_page_builds_only_the_rows_it_shows_and_counts_the_rest():
    a = text_model("Alpha", scores=[bench(str(60 + n), f"Board {n}") for n in range(8)])
    b = text_model("Beta", scores=[bench("50", f"Board {n}") for n in range(8)])
    whole = compare(a, b)
    shown = compare_models(a=a, b=b, on=ON, benchmarks=SHOWN_BENCHMARKS)
    assert shown.benchmark_total == whole.benchmark_total == 8
    assert shown.benchmarks_left_out == 3
    assert shown.more_benchmarks == ()
    assert [r.metric.key for g in shown.groups for r in g.rows] == [
        r.metric.key for g in whole.groups for r in g.rows
    ]
    assert shown.verdict == whole.verdict  # the rows left out decide nothing


def test_nothing_is_left_out_when_every_benchmark_fits():
    a = text_model("Alpha", scores=[bench("60", "MMLU-Pro")])
    result = compare(a, text_model("Beta", scores=[bench("58", "MMLU-Pro")]))
    html, _ = render(result)
    assert result.benchmarks_left_out == 0
    assert "<hr>" not in html
    assert "Level: within 3 points" in html


def test_variants_of_a_designated_board_come_after_other_families():
    arena_family = [bench("1300", f"Arena ({name})", family="Arena") for name in "abc"]
    a = text_model("Alpha", scores=[*arena_family, bench("60", "Zeta Bench", family="Zeta")])
    b = text_model("Beta", scores=[*arena_family, bench("61", "Zeta Bench", family="Zeta")])
    a = replace(a, scores=(*a.scores, replace(arena("1290", None, None), family="Arena")))
    b = replace(b, scores=(*b.scores, replace(arena("1280", None, None), family="Arena")))
    labels = [row.metric.label for row in benchmark_rows(compare(a, b))]
    assert labels == ["Zeta Bench", "Arena (a)", "Arena (b)", "Arena (c)"]
