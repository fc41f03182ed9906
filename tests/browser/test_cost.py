"""The workload ranking in a real browser: in place with htmx on a phone, and without
JavaScript (one live site for both, the demo catalog loaded once)."""

import re

from playwright.sync_api import expect

from tests.browser.test_editor_and_accessibility import serious_violations
from tests.browser.test_peers import overflow

COST = "/cost/"


def test_the_ranking_reranks_in_place_fits_a_phone_and_works_without_javascript(
    site, phone, nojs_page
):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(site + COST)
    count = phone.locator("#ranking-count")
    expect(count).to_contain_text("priced for 10,000,000 input tokens")
    phone.locator("table.cost-table details summary").first.click()
    expect(phone.locator("table.cost-table .cost-lines").first).to_be_visible()
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []

    phone.evaluate("window.stayed = true")
    field = phone.get_by_label("Input tokens a month")
    field.focus()
    field.fill("1000")
    expect(count).to_contain_text("priced for 1,000 input tokens")
    expect(phone).to_have_url(re.compile(r"/cost/\?.*input_tokens=1000"))
    assert phone.evaluate("window.stayed === true")  # swapped in place, not reloaded
    expect(phone.get_by_label("Input tokens a month")).to_be_focused()
    phone.get_by_label("Kind of model").select_option("image_generation")
    expect(count).to_contain_text("image generation models priced for 1,000")
    expect(phone.get_by_label("Images a month")).to_be_visible()
    expect(phone.get_by_label("Input tokens a month")).to_have_count(0)
    assert errors == []

    nojs_page.goto(site + COST)
    nojs_page.get_by_label("Minimum context window (tokens)").fill("1000000")
    nojs_page.get_by_role("button", name="Rank the models").click()
    expect(nojs_page).to_have_url(re.compile(r"min_context=1000000"))
    expect(nojs_page.locator("table.cost-table tbody tr").first).to_be_visible()
    expect(nojs_page.locator("#ranking-count")).to_contain_text("text generation models priced")
