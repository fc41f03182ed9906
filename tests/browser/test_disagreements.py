"""A value two sources disagree on: the marker opens by keyboard, with or without
JavaScript, fits a phone and passes axe."""

from datetime import date

import pytest
from playwright.sync_api import expect

from catalog.models import AIModel, Discrepancy
from tests.browser.test_editor_and_accessibility import serious_violations
from tests.browser.test_peers import overflow

COMPARISON = "/compare/gpt-4o-vs-o3/"


@pytest.fixture
def disputed(site) -> str:
    """LiteLLM gives GPT-4o a context window 28,000 tokens larger than the one shown."""
    model = AIModel.objects.get(slug="gpt-4o")
    assert model.context_window, "the demo catalog gives GPT-4o a context window"
    Discrepancy.objects.create(
        kind=Discrepancy.Kind.SOURCE_CONFLICT,
        model=model,
        field="context_window",
        current_value=str(model.context_window),
        imported_value=str(model.context_window + 28_000),
        dataset="litellm",
        dataset_date=date(2026, 7, 24),
    )
    return f"LiteLLM (24 Jul 2026) gives {model.context_window + 28_000:,} tokens."


def test_on_a_phone_the_marker_opens_by_keyboard_and_names_both_sources(site, phone, disputed):
    phone.goto(site + COMPARISON)
    marker = phone.locator("details.dissent")
    expect(marker).to_have_count(1)
    summary = marker.locator("summary")
    expect(summary).to_have_text("≠ sources differ")
    expect(marker.get_by_text(disputed)).to_be_hidden()
    summary.focus()
    phone.keyboard.press("Enter")
    expect(marker).to_have_attribute("open", "")
    expect(marker.get_by_text(disputed)).to_be_visible()
    expect(marker).to_contain_text("Shown: ")
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []


def test_the_model_page_marks_the_spec_row(site, page, disputed):
    page.goto(site + "/models/gpt-4o/")
    row = page.locator("tr", has=page.locator("details.dissent"))
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_contain_text("Context window")
    row.locator("summary").click()
    expect(row.get_by_text(disputed)).to_be_visible()
    assert serious_violations(page) == []


def test_without_javascript_the_marker_still_opens(site, nojs_page, disputed):
    nojs_page.goto(site + COMPARISON)
    marker = nojs_page.locator("details.dissent")
    marker.locator("summary").click()
    expect(marker.get_by_text(disputed)).to_be_visible()
