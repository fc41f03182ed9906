"""The change log in a real browser: filtered in place on a phone, and without
JavaScript (one live site for both)."""

import re

from playwright.sync_api import expect

from tests.browser.test_editor_and_accessibility import serious_violations
from tests.browser.test_peers import overflow


def test_changes_filter_in_place_on_a_phone_and_without_javascript(site, phone, nojs_page):
    phone.goto(site + "/changes/")
    expect(phone.locator("ol.changes li").first).to_be_visible()
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []
    phone.evaluate("window.stayed = true")
    phone.get_by_label("Kind of change").select_option("score")
    expect(phone).to_have_url(re.compile(r"/changes/\?kind=score"))
    expect(phone.locator("ol.changes .tag").first).to_have_text("New scores")
    assert set(phone.locator("ol.changes .tag").all_text_contents()) == {"New scores"}
    assert phone.evaluate("window.stayed === true")

    nojs_page.goto(site + "/changes/")
    nojs_page.get_by_label("Kind of change").select_option("model")
    nojs_page.get_by_role("button", name="Show changes").click()
    expect(nojs_page).to_have_url(re.compile(r"kind=model"))
    assert set(nojs_page.locator("ol.changes .tag").all_text_contents()) == {"New models"}
