"""A pair's offers host by host, put in place of its link on the comparison page."""

from playwright.sync_api import expect

from tests.browser.test_editor_and_accessibility import serious_violations
from tests.browser.test_peers import overflow

COMPARISON = "/compare/gpt-4o-vs-o3/"
HOSTS = "/compare/gpt-4o-vs-o3/hosts/"


def test_on_a_phone_the_table_arrives_in_place_of_its_link(site, phone):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(site + COMPARISON)
    link = phone.get_by_role("link", name="Compare GPT-4o and o3 host by host")
    with phone.expect_response(lambda response: response.url.endswith(HOSTS)) as answer:
        link.click()
    assert answer.value.status == 200
    table = phone.locator("#hosts table.hosts-table")
    expect(table).to_be_visible()
    expect(phone.locator("#hosts-link")).to_have_count(0)
    expect(phone).to_have_url(site + COMPARISON)  # the page stays the comparison
    header = table.locator("thead th").all_text_contents()
    assert header == ["Host", "GPT-4o", "o3"]
    assert table.locator("tbody tr").count() >= 1
    # The table scrolls inside its own box on a narrow screen, never the page.
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []
    assert errors == []


def test_a_keyboard_visitor_lands_on_the_tables_heading(site, page):
    page.goto(site + COMPARISON)
    link = page.get_by_role("link", name="Compare GPT-4o and o3 host by host")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#hosts table.hosts-table")).to_be_visible()
    expect(page.locator("#hosts-heading")).to_be_focused()


def test_without_javascript_the_link_opens_the_page(site, nojs_page):
    nojs_page.goto(site + COMPARISON)
    nojs_page.get_by_role("link", name="Compare GPT-4o and o3 host by host").click()
    expect(nojs_page).to_have_url(site + HOSTS)
    expect(nojs_page.locator("h1")).to_contain_text("prices host by host")
    expect(nojs_page.locator("#hosts table.hosts-table")).to_be_visible()


def test_the_full_page_fits_a_phone_and_passes_axe(site, phone):
    phone.goto(site + HOSTS)
    expect(phone.locator("#hosts table.hosts-table")).to_be_visible()
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []
