"""Editors in the admin, and accessibility checks with axe-core and the keyboard."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from catalog.models import AIModel

COMPARISON = "/compare/claude-sonnet-4-vs-gpt-4o/"
SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def log_in(page, site: str, username: str, password: str) -> None:
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_adds_a_dated_price_and_the_site_follows(site, page, migration_data):
    user = User.objects.create_user("editor", password="a-long-passphrase-42", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    log_in(page, site, "editor", "a-long-passphrase-42")
    gpt = AIModel.objects.get(slug="gpt-4o")
    page.goto(f"{site}/admin/catalog/aimodel/{gpt.pk}/change/")
    row = page.locator("#prices-0")
    row.locator("select[name='prices-0-component']").select_option("input_tokens")
    row.locator("select[name='prices-0-unit']").select_option("per_1m_tokens")
    row.locator("input[name='prices-0-amount']").fill("0.50")
    row.locator("input[name='prices-0-effective_from']").fill(date.today().isoformat())
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    admin_history = page.locator(".inline-group", has_text="Price history")
    expect(admin_history.locator("tr", has_text="0.5").first).to_be_visible()

    page.goto(site + COMPARISON)
    expect(page.locator("table.h2h")).to_contain_text("$0.50 per 1M input tokens")
    expect(page.locator("table.h2h")).to_contain_text(
        "$2.88 per 1M tokens (blended 3:1 input:output)"
    )
    page.goto(site + "/models/gpt-4o/")
    history = page.locator("h3:has-text('Every recorded price') + .table-scroll table")
    openai = history.locator("tr", has_text="OpenAI").filter(has_text="standard rate")
    expect(openai.filter(has_text="$0.50 per 1M input tokens")).to_contain_text("current")
    expect(openai.filter(has_text="$2.50 per 1M input tokens")).to_contain_text("history")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/models/",
        "/models/gpt-4o/",
        "/providers/openai/",
        "/benchmarks/",
        "/benchmarks/lmarena-text/",
        COMPARISON,
        "/compare/flux-1-1-pro-vs-gpt-4o/",
    ],
)
def test_no_serious_accessibility_violations(site, page, path):
    page.goto(site + path)
    assert serious_violations(page) == []


def test_no_serious_violations_after_htmx_swaps(site, page):
    page.goto(site + COMPARISON)
    box = page.locator("#pick-b")
    box.click()
    box.fill("")
    box.press_sequentially("o3", delay=30)
    expect(page.locator("#pick-b-list [role=option]").first).to_be_visible()
    assert serious_violations(page) == []  # with the suggestions open
    page.locator("#pick-b-list [role=option]", has_text="o3").first.click()
    expect(page).to_have_url(re.compile("claude-sonnet-4-vs-o3"))
    assert serious_violations(page) == []
    page.goto(site + "/models/")
    page.get_by_label("Category").select_option("image_generation")
    expect(page).to_have_url(re.compile("category=image_generation"))
    assert serious_violations(page) == []


def test_every_control_is_reachable_by_keyboard_and_visibly_focused(site, page):
    page.goto(site + "/")
    controls = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select')]
             .filter(el => el.offsetParent !== null).length"""
    )
    reached = set()
    unfocused = []
    for _ in range(controls + 5):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                       return [el.tagName, el.outerHTML.slice(0, 80), s.outlineStyle,
                               s.outlineWidth]; }"""
        )
        if info[0] == "BODY":  # past the last control, focus returns to the browser
            continue
        reached.add(info[1])
        if info[2] == "none" or info[3] == "0px":
            unfocused.append(info[1])
    assert len(reached) >= controls
    assert unfocused == []


def test_the_combobox_follows_the_aria_pattern(site, page):
    page.goto(site + "/")
    box = page.locator("#pick-a")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-controls", "pick-a-list")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.click()
    box.press_sequentially("claude", delay=30)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#pick-a-list")).to_have_attribute("role", "listbox")
    box.press("ArrowDown")
    first = page.locator("#pick-a-list [role=option]").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "false")
    expect(page.locator("#pick-a-list [role=group]").first).to_have_attribute(
        "aria-labelledby", re.compile("^pick-a-group-")
    )


def test_an_active_option_stays_active_when_suggestions_arrive_again(site, page):
    """Suggestions answered after the visitor moved to an option must not drop it."""
    page.goto(site + "/")
    box = page.locator("#pick-a")
    box.click()
    with page.expect_response(lambda response: "claude" in response.url):
        box.press_sequentially("claude", delay=30)
    first = page.locator("#pick-a-list [role=option]").first
    expect(first).to_be_visible()
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    chosen = first.get_attribute("id")
    page.evaluate("id => { document.getElementById(id).dataset.before = 'yes'; }", chosen)
    # The same words again: a new request whose list still holds the active option.
    box.press("Space")
    box.press("Backspace")
    page.wait_for_function(
        "id => { const option = document.getElementById(id);"
        " return option !== null && option.dataset.before === undefined; }",
        arg=chosen,
    )
    expect(page.locator(f"#{chosen}")).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", chosen)


def test_after_a_swap_focus_and_a_live_message_say_what_changed(site, page):
    page.goto(site + COMPARISON)
    expect(page.locator("#announcer")).to_have_attribute("aria-live", "polite")
    box = page.locator("#pick-a")
    box.click()
    box.fill("")
    box.press_sequentially("gemini 2.5 pro", delay=20)
    expect(page.locator('#pick-a-list [role=option][data-slug="gemini-2-5-pro"]')).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile("gemini-2-5-pro-vs-gpt-4o"))
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("Gemini 2.5 Pro vs GPT-4o")


def test_the_content_security_policy_blocks_nothing_we_serve(site, page):
    """Our pages, their htmx swaps and the admin all run under the strict policy."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(site + COMPARISON)
    policy = page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    box = page.locator("#pick-b")
    box.click()
    box.fill("")
    box.press_sequentially("o3", delay=30)
    page.locator("#pick-b-list [role=option]", has_text="o3").first.click()
    expect(page).to_have_url(re.compile("claude-sonnet-4-vs-o3"))
    page.goto(site + "/models/gpt-4o/")
    User.objects.create_superuser("admin", password="a-long-passphrase-42")
    log_in(page, site, "admin", "a-long-passphrase-42")
    gpt = AIModel.objects.get(slug="gpt-4o")
    page.goto(f"{site}/admin/catalog/aimodel/{gpt.pk}/change/")
    expect(page.locator("#prices-0")).to_be_visible()
    page.goto(f"{site}/admin/catalog/price/add/")
    expect(page.locator("input[name='amount']")).to_be_visible()
    assert refused == []
    # The listener does hear refusals: an injected inline script is one.
    page.evaluate(
        "document.body.append(Object.assign(document.createElement('script'), "
        "{textContent: 'window.injected = true'}))"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert any("inline script" in text for text in refused)


def test_swaps_back_and_forward_log_no_errors_under_the_policy(site, page):
    """Directory searches, the calculator and the pickers swap in place; Back and
    Forward restore from htmx's history cache and, with it cleared, from the server.
    None of it may log an error or a refusal of the content security policy."""
    logged = []
    page.on(
        "console",
        lambda message: (
            logged.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: logged.append(str(error)))
    page.goto(site + "/models/")
    page.get_by_label("Category").select_option("text_generation")
    expect(page).to_have_url(re.compile(r"category=text_generation"))
    page.get_by_role("searchbox", name="Search").fill("gpt")
    expect(page).to_have_url(re.compile(r"q=gpt"))
    expect(page.locator("#results-count")).to_contain_text("models")
    page.goto(site + COMPARISON)
    page.get_by_label("Input tokens a month").fill("3000000")
    expect(page).to_have_url(re.compile(r"input_tokens=3000000"))
    page.get_by_label("Sent in batch (results within a day)").check()
    expect(page).to_have_url(re.compile(r"batch=on"))
    box = page.locator("#pick-b")
    box.click()
    box.fill("")
    box.press_sequentially("o3", delay=30)
    page.locator("#pick-b-list [role=option]", has_text="o3").first.click()
    expect(page).to_have_url(re.compile("claude-sonnet-4-vs-o3"))
    for step in ("back", "back", "forward", "back"):
        page.go_back() if step == "back" else page.go_forward()
        expect(page.locator("h1")).to_have_count(1)
    page.evaluate("localStorage.clear()")
    page.go_back()
    page.go_back()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("footer")).to_have_count(1)
    page.go_forward()
    expect(page.locator("h1")).to_have_count(1)
    page.wait_for_timeout(300)
    assert logged == []


@pytest.mark.parametrize(
    ("path", "chart"),
    [
        ("/models/", "price-quality"),
        ("/models/?category=image_generation", "price-quality"),
        (COMPARISON, "intervals"),
    ],
)
def test_charts_read_on_a_phone_with_labels_and_no_errors(site, phone, path, chart):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(site + path)
    figure = phone.locator(f'[data-chart="{chart}"]')
    expect(figure).to_be_visible()
    svg = figure.locator("svg")
    expect(svg).to_have_attribute("role", "img")
    assert len(svg.get_attribute("aria-label")) > 40
    assert figure.locator("figcaption").inner_text().strip()
    assert figure.locator("text.axis-label").count() >= 3
    box = svg.bounding_box()
    assert box is not None
    assert box["width"] <= 375
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert serious_violations(phone) == []
    assert errors == []
