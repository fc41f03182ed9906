"""The comparison page's blocks (templates/comparisons/blocks.html and the picker and
calculator fields of templates/components.html) escape what they print."""

import re
from datetime import date
from html import escape
from html.parser import HTMLParser

import pytest
from django.template import engines

from comparisons.cost import Workload, monthly_cost
from comparisons.narrative import Source, sources
from comparisons.verdict import compare_models
from pages.forms import PickerForm, WorkloadForm, form_context, initial_context
from tests.comparisons.builders import text_model

ON = date(2026, 7, 24)


def render_macro(name: str, *args, source: str = "comparisons/blocks.html") -> str:
    """One macro of a template, printed as a page prints it."""
    template = engines["jinja2"].from_string(
        f'{{% import "{source}" as blocks %}}{{{{ blocks.{name}(*args) }}}}'
    )
    return template.render({"args": args})


def table_body(comparison, cells) -> str:
    return render_macro("head_to_head", comparison, cells)


class Cells(HTMLParser):
    """Each row of the table as the text of its header and cells, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")

    def handle_data(self, data):
        if self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def test_names_and_values_are_escaped_and_read_back_as_typed():
    a = text_model('<b>Bold</b> & "Quoted"', input_price="1.00", output_price="4.00")
    b = text_model("Plain", input_price="3.00", output_price="12.00")
    result = compare_models(a=a, b=b, on=ON)
    html = str(table_body(result, sources(result)[1]))
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Quoted&quot;" in html
    parser = Cells()
    parser.feed(html)
    price_row = next(row for row in parser.rows if row[0].startswith("Price"))
    assert price_row[3].startswith('<b>Bold</b> & "Quoted" better')


def test_every_metric_row_has_four_cells_and_cites_its_source():
    a = text_model("Alpha", input_price="1.00", output_price="4.00")
    b = text_model("Beta", input_price="3.00", output_price="12.00")
    result = compare_models(a=a, b=b, on=ON)
    cited, cells = sources(result)
    html = str(table_body(result, cells))
    parser = Cells()
    parser.feed(html)
    metric_rows = [row for row in parser.rows if len(row) > 1]
    assert len(metric_rows) == sum(len(group.rows) for group in result.groups)
    assert all(len(row) == 4 for row in metric_rows)
    numbers = {int(n) for n in re.findall(r'href="#source-(\d+)"', html)}
    assert numbers == {source.number for source in cited}


HOSTILE = '<img src=x onerror="alert(1)"> & co'


def test_price_tables_escape_hosts_and_say_when_nothing_is_priced():
    priced = text_model("Alpha", creator=HOSTILE)
    unpriced = text_model(HOSTILE, input_price=None, output_price=None)
    html = render_macro("price_tables", priced) + render_macro("price_tables", unpriced)
    assert "<img" not in html
    escaped_host = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co"
    assert f"{escaped_host} (the creator's own offer)" in html
    assert f"No current price is recorded for {escape(HOSTILE)}." in html
    assert "$1.00 per 1M input tokens" in html


def test_sources_faq_and_points_escape_what_they_print():
    listed = [
        Source(number=1, url='https://x.example/?a=1&b="2"', checked_on=ON, used_for=(HOSTILE,)),
        Source(number=2, url="https://y.example/", checked_on=None, used_for=("price",)),
    ]
    sources = render_macro("source_items", listed)
    assert 'href="https://x.example/?a=1&amp;b=&quot;2&quot;"' in sources
    assert "checked 24 Jul 2026" in sources
    assert "date unknown" in sources
    assert "<img" not in sources
    assert render_macro("source_items", []) == "<li>No sourced values yet.</li>\n"
    faq = render_macro("faq_items", [(HOSTILE, HOSTILE)])
    assert "<img" not in faq
    assert faq.count(escape(HOSTILE)) == 2
    assert "<img" not in render_macro("list_items", [HOSTILE])


def test_the_picker_and_calculator_fields_escape_values_and_link_errors():
    picker = initial_context(PickerForm, {"a": HOSTILE, "b": "GPT-4o"})
    picker["fields"][1]["errors"] = ["We found no model called “x”."]
    html = render_macro("picker_form", picker, source="components.html")
    assert "<img" not in html
    assert f'value="{escape(HOSTILE)}"' in html
    assert 'aria-invalid="true" aria-describedby="pick-b-error"' in html
    assert '<p class="field-error" id="pick-b-error">' in html
    assert html.count('aria-invalid="true"') == 1
    fields = render_macro(
        "workload_fields", initial_context(WorkloadForm, {"images": 1000}), source="components.html"
    )
    assert 'name="images" id="id_images" value="1000"' in fields


def test_cost_results_name_what_a_model_cannot_price():
    a = text_model("Alpha")
    cost = monthly_cost(a, Workload(input_tokens=1_000_000, images=10))
    html = render_macro("cost_results", [cost])
    assert "$1.00 per 1M input tokens" in html
    # A part without a price means no total, never a partial one passed off as a total.
    assert "Alpha has no price for the images in this workload via Maker" in html
    assert "No total" in html
    assert cost.total is None


@pytest.mark.parametrize(
    ("form_class", "initial"),
    [
        (PickerForm, {"a": "Claude Sonnet 4", "b": "GPT-4o"}),
        (WorkloadForm, {"input_tokens": 10_000_000, "output_tokens": 0, "images": 0}),
        (WorkloadForm, {}),
    ],
)
def test_initial_context_matches_the_built_form(form_class, initial):
    assert initial_context(form_class, initial) == form_context(form_class(initial=initial))
