"""A comparison's two models among their peers, loaded when the visitor scrolls to them."""

import re

from playwright.sync_api import expect

from tests.browser.test_editor_and_accessibility import serious_violations

COMPARISON = "/compare/gpt-4o-vs-o3/"
PEERS = "/compare/gpt-4o-vs-o3/peers/"


def overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_on_a_phone_the_peers_arrive_when_scrolled_to(site, phone):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(site + COMPARISON)
    expect(phone.locator("#peers.peers-placeholder")).to_have_count(1)
    reserved = phone.locator("#peers").bounding_box()["height"]
    with phone.expect_response(lambda response: response.url.endswith(PEERS)) as answer:
        phone.locator("#peers").scroll_into_view_if_needed()
    assert answer.value.status == 200
    figure = phone.locator('#peers [data-chart="price-quality"]')
    expect(figure).to_be_visible()
    expect(phone.locator("#peers.peers-placeholder")).to_have_count(0)
    # The placeholder kept about the picture's room: what follows hardly moves.
    assert abs(phone.locator("#peers").bounding_box()["height"] - reserved) < 60
    svg = figure.locator("svg")
    expect(svg).to_have_attribute("role", "img")
    label = svg.get_attribute("aria-label")
    assert "GPT-4o: " in label
    assert "o3: " in label
    expect(figure.locator("figcaption")).to_contain_text("with GPT-4o and o3 marked")
    expect(figure.locator(".point-highlight")).to_have_count(2)
    names = figure.locator("text.point-label").all_text_contents()
    assert sorted(names) == ["GPT-4o", "o3"]
    box = svg.bounding_box()
    assert box is not None
    assert box["width"] <= 375
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []
    # The table of what is drawn scrolls inside its own box, not the page.
    figure.locator("summary").click()
    marked = figure.locator("tr.row-highlight")
    expect(marked).to_have_count(2)
    expect(marked.first).to_contain_text("compared")
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []
    assert errors == []


def test_a_keyboard_visitor_on_the_link_keeps_their_place(site, page):
    page.goto(site + COMPARISON)
    link = page.get_by_role("link", name="See GPT-4o and o3 among their peers")
    link.focus()  # focusing scrolls it into view, which loads the picture in its place
    expect(page.locator('#peers [data-chart="price-quality"]')).to_be_visible()
    expect(page.locator("#peers-heading")).to_be_focused()


def test_a_new_pick_places_the_new_pair(site, page):
    page.goto(site + COMPARISON)
    box = page.locator("#pick-a")
    box.click()
    box.fill("")
    box.press_sequentially("Claude Sonnet 4", delay=30)
    page.locator('#pick-a-list [role=option][data-name="Claude Sonnet 4"]').click()
    expect(page).to_have_url(re.compile("claude-sonnet-4-vs-o3"))
    placeholder = page.locator("#peers")
    expect(placeholder).to_have_attribute("hx-get", "/compare/claude-sonnet-4-vs-o3/peers/")
    placeholder.scroll_into_view_if_needed()
    expect(page.locator("#peers figcaption")).to_contain_text("with o3 marked")
    # Claude Sonnet 4 is deprecated: the picture says so instead of leaving it out unsaid.
    expect(page.locator("#peers [data-left-out]")).to_contain_text(
        "Claude Sonnet 4 is not drawn: it is deprecated"
    )


def test_without_javascript_the_link_leads_to_a_page_of_its_own(site, nojs_page):
    nojs_page.goto(site + COMPARISON)
    nojs_page.get_by_role("link", name="See GPT-4o and o3 among their peers").click()
    expect(nojs_page).to_have_url(site + PEERS)
    expect(nojs_page.locator("h1")).to_have_text("GPT-4o and o3 among their peers")
    expect(nojs_page.locator("tr.row-highlight")).to_have_count(2)  # the table is open
    crumbs = nojs_page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("link", name="GPT-4o vs o3")).to_have_attribute("href", COMPARISON)
