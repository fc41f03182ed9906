"""A shortlist opened from the directory's checkboxes, on a phone and without JavaScript
(one live site for both)."""

import re

from playwright.sync_api import expect

from tests.browser.test_editor_and_accessibility import serious_violations
from tests.browser.test_peers import overflow


def tick_three_and_shortlist(page, site):
    page.goto(site + "/models/")
    boxes = page.locator("table.models tbody input[type=checkbox]")
    names = []
    for index in range(3):
        boxes.nth(index).check()
        names.append(page.locator("table.models tbody tr").nth(index).locator("th a").inner_text())
    page.get_by_role("button", name="Shortlist the ticked models (two to four)").click()
    expect(page).to_have_url(re.compile(r"/compare/shortlist/\?m=.+&m=.+&m=.+"))
    return names


def test_ticked_models_open_side_by_side_on_a_phone_and_without_javascript(site, phone, nojs_page):
    names = tick_three_and_shortlist(phone, site)
    header = phone.locator("table.shortlist thead th").all_text_contents()
    assert header[0] == "Metric"
    assert header[-1] == "Result"
    assert sorted(header[1:-1]) == sorted(names)
    expect(phone.locator(".pair-links li")).to_have_count(3)
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []

    names = tick_three_and_shortlist(nojs_page, site)
    expect(nojs_page.locator("h1")).to_contain_text(names[0])
