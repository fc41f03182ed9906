"""Visitors in a real browser: pickers, in-place swaps, history, directory, calculator."""

import re

import pytest
from playwright.sync_api import expect

COMPARISON = "/compare/claude-sonnet-4-vs-gpt-4o/"


def choose(page, field: str, typed: str, option_name: str, *, keyboard: bool) -> None:
    box = page.locator(f"#pick-{field}")
    box.click()
    box.fill("")
    box.press_sequentially(typed, delay=30)
    option = page.locator(f'#pick-{field}-list [role=option][data-name="{option_name}"]')
    expect(option).to_be_visible()
    if keyboard:
        options = page.locator(f"#pick-{field}-list [role=option]")
        names = [options.nth(i).get_attribute("data-name") for i in range(options.count())]
        position = names.index(option_name)
        for _ in range(position + 1):
            box.press("ArrowDown")
        expect(box).to_have_attribute("aria-activedescendant", re.compile(r"^pick-"))
        box.press("Enter")
    else:
        option.click()


class TestPickers:
    def test_pick_two_models_with_the_keyboard(self, site, page):
        page.goto(site + "/")
        choose(page, "a", "GPT-4o", "GPT-4o", keyboard=True)
        choose(page, "b", "Claude Sonnet 4", "Claude Sonnet 4", keyboard=True)
        expect(page).to_have_url(site + COMPARISON)
        expect(page.locator("h1")).to_have_text(re.compile("Claude Sonnet 4 vs GPT-4o"))
        expect(page.locator("h1")).to_be_focused()

    def test_pick_two_models_with_the_mouse(self, site, page):
        page.goto(site + "/")
        choose(page, "a", "flux", "FLUX1.1 [pro]", keyboard=False)
        choose(page, "b", "gpt-4o", "GPT-4o", keyboard=False)
        expect(page).to_have_url(site + "/compare/flux-1-1-pro-vs-gpt-4o/")
        expect(page.locator(".verdict-headline")).to_contain_text("not directly comparable")

    def test_changing_one_side_swaps_in_place_pushes_the_url_and_back_restores(self, site, page):
        page.goto(site + COMPARISON)
        page.evaluate("window.__noReload = 'still here'")
        choose(page, "b", "o3", "o3", keyboard=False)
        expect(page).to_have_url(site + "/compare/claude-sonnet-4-vs-o3/")
        expect(page.locator("h1")).to_have_text(re.compile("Claude Sonnet 4 vs o3"))
        assert page.evaluate("window.__noReload") == "still here"
        expect(page.locator("#announcer")).to_contain_text("Claude Sonnet 4 vs o3")
        assert "Claude Sonnet 4 vs o3" in page.title()
        page.go_back()
        expect(page).to_have_url(site + COMPARISON)
        expect(page.locator("h1")).to_have_text(re.compile("Claude Sonnet 4 vs GPT-4o"))
        page.go_forward()
        expect(page.locator("h1")).to_have_text(re.compile("Claude Sonnet 4 vs o3"))

    def test_escape_closes_the_suggestions(self, site, page):
        page.goto(site + "/")
        box = page.locator("#pick-a")
        box.click()
        box.press_sequentially("gem", delay=30)
        expect(page.locator("#pick-a-list")).to_be_visible()
        expect(box).to_have_attribute("aria-expanded", "true")
        box.press("Escape")
        expect(page.locator("#pick-a-list")).to_be_hidden()
        expect(box).to_have_attribute("aria-expanded", "false")


def cheap_open_text_models() -> int:
    """How many rows the first directory page shows for open-weights text models at
    $1 or less per 1M tokens (blended), as the directory's own filter counts them."""
    from datetime import date

    from catalog.models import AIModel
    from pages.filters import AIModelFilter
    from pages.views.catalog import directory_models

    data = {"category": "text_generation", "open_weights": "yes", "max_price": "1"}
    found, _ = directory_models(
        AIModelFilter(data, queryset=AIModel.objects.published()), date.today()
    )
    count = len(found)
    assert count > 1
    return min(count, 24)


class TestDirectory:
    def test_filter_page_through_and_open_a_result(self, site, page):
        page.goto(site + "/models/")
        page.evaluate("window.__noReload = true")
        page.get_by_label("Category").select_option("text_generation")
        page.get_by_label("Weights").select_option("yes")
        expect(page).to_have_url(re.compile(r"category=text_generation"))
        expect(page.locator("#results-count")).to_contain_text("models")
        page.get_by_label("Maximum blended price ($ per 1M tokens)").fill("1")
        expect(page).to_have_url(re.compile(r"max_price=1"))
        expect(page.locator("#results tbody tr")).to_have_count(cheap_open_text_models())
        assert page.evaluate("window.__noReload") is True
        page.goto(site + "/models/")
        page.get_by_role("link", name="Next").click()
        expect(page).to_have_url(re.compile(r"page=2"))
        expect(page.locator("#results-count")).to_contain_text("showing 25–48")
        page.locator("#results tbody th a").first.click()
        expect(page.locator("h2#specs")).to_be_visible()

    def test_back_after_two_searches_restores_the_whole_page(self, site, page):
        """With htmx's history cache missed, Back asks the server for the page: it must
        get the page, never the results fragment the browser saw at that address."""
        page.goto(site + "/models/")
        page.get_by_label("Category").select_option("text_generation")
        expect(page).to_have_url(re.compile(r"category=text_generation"))
        expect(page.locator("#results-count")).to_contain_text("models")
        page.get_by_label("Weights").select_option("yes")
        expect(page).to_have_url(re.compile(r"open_weights=yes"))
        expect(page.locator("#results-count")).to_contain_text("models")
        page.evaluate("localStorage.clear()")
        page.go_back()
        expect(page).not_to_have_url(re.compile(r"open_weights"))
        expect(page).to_have_url(re.compile(r"category=text_generation"))
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("form.filters")).to_be_visible()
        expect(page.locator("footer")).to_have_count(1)
        expect(page.get_by_label("Weights")).to_have_value("")
        page.evaluate("localStorage.clear()")
        page.go_back()
        expect(page).to_have_url(re.compile(r"/models/$"))
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("footer")).to_have_count(1)


def test_undoing_a_rename_leaves_no_redirect_loop(site, page, settings):
    """A browser keeps a bare 301 for ever: after the rename is undone, the kept redirect
    and the new one would point at each other."""
    from catalog.models import AIModel, AIModelSlug

    settings.PAGE_MAX_AGE = settings.PAGE_STALE_WHILE_REVALIDATE = 0  # pages asked for again
    model = AIModel.objects.get(slug="gpt-4o")
    model.slug = "gpt-4o-renamed"
    model.save()
    AIModelSlug.objects.create(slug="gpt-4o", model=model)
    page.goto(site + "/models/gpt-4o/")
    expect(page).to_have_url(re.compile(r"/models/gpt-4o-renamed/$"))
    AIModelSlug.objects.filter(slug="gpt-4o").delete()
    model.slug = "gpt-4o"
    model.save()
    AIModelSlug.objects.create(slug="gpt-4o-renamed", model=model)
    for path in ("/models/gpt-4o/", "/models/gpt-4o-renamed/"):
        page.goto(site + path)
        expect(page).to_have_url(re.compile(r"/models/gpt-4o/$"))
        expect(page.locator("h1")).to_have_text(model.name)


class TestCalculator:
    def test_the_calculator_recomputes_in_place_and_keeps_the_workload_in_the_url(self, site, page):
        page.goto(site + COMPARISON)
        page.evaluate("window.__noReload = true")
        box = page.get_by_label("Input tokens a month")
        box.fill("1000000")
        page.get_by_label("Output tokens a month").fill("0")
        expect(page.locator(".cost-total").first).to_contain_text("$3.00")
        expect(page).to_have_url(re.compile(r"input_tokens=1000000"))
        assert page.evaluate("window.__noReload") is True
        # The FAQ's cost answer follows the visitor's workload, swapped in place too.
        expect(page.locator("#faq-cost-question")).to_contain_text("1,000,000 input tokens a month")
        expect(page.locator("#faq-cost-answer")).to_contain_text("Claude Sonnet 4: $3.00 a month")
        box.fill("-3")
        expect(page.locator("#cost-calculator")).to_contain_text("greater than or equal to 0")


class TestWithoutJavaScript:
    def test_pickers_reach_the_comparison(self, site, nojs_page):
        page = nojs_page
        page.goto(site + "/")
        page.locator("#pick-a").fill("gpt-4o")
        page.locator("#pick-b").fill("Claude Sonnet 4")
        page.get_by_role("button", name="Compare").click()
        expect(page).to_have_url(site + COMPARISON)
        page.locator("#pick-b").fill("o3")
        page.get_by_role("button", name="Compare").click()
        expect(page).to_have_url(site + "/compare/claude-sonnet-4-vs-o3/")

    def test_a_half_filled_picker_explains(self, site, nojs_page):
        nojs_page.goto(site + "/")
        nojs_page.locator("#pick-a").fill("gpt-4o")
        nojs_page.get_by_role("button", name="Compare").click()
        expect(nojs_page.locator("#pick-b-error")).to_have_text("Choose the second model.")

    def test_directory_filters_pages_and_results(self, site, nojs_page):
        page = nojs_page
        page.goto(site + "/models/")
        page.get_by_label("Category").select_option("text_generation")
        page.get_by_label("Weights").select_option("yes")
        page.get_by_label("Maximum blended price ($ per 1M tokens)").fill("1")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("#results tbody tr")).to_have_count(cheap_open_text_models())
        page.goto(site + "/models/")
        page.get_by_role("link", name="Next").click()
        expect(page.locator("#results-count")).to_contain_text("showing 25–48")
        page.locator("#results tbody th a").first.click()
        expect(page.locator("h2#specs")).to_be_visible()

    def test_directory_compare_two_ticked_models(self, site, nojs_page):
        page = nojs_page
        page.goto(site + "/models/?q=gpt-4o")
        page.get_by_label("Compare GPT-4o", exact=True).check()
        page.get_by_label("Compare GPT-4o mini", exact=True).check()
        page.get_by_role("button", name="Compare the two ticked models").click()
        expect(page).to_have_url(site + "/compare/gpt-4o-vs-gpt-4o-mini/")

    def test_the_calculator(self, site, nojs_page):
        page = nojs_page
        page.goto(site + COMPARISON)
        page.get_by_label("Input tokens a month").fill("1000000")
        page.get_by_label("Output tokens a month").fill("0")
        page.get_by_role("button", name="Recalculate").click()
        expect(page).to_have_url(re.compile(r"input_tokens=1000000"))
        expect(page.locator(".cost-total").first).to_contain_text("$3.00")


@pytest.mark.parametrize(
    "path", ["/", "/models/", "/models/gpt-4o/", "/providers/openai/", COMPARISON]
)
def test_phones_never_scroll_sideways(site, phone, path):
    phone.goto(site + path)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} is {overflow}px wider than the screen"


def test_the_comparison_table_stays_readable_on_a_phone(site, phone):
    phone.goto(site + COMPARISON)
    first_column = phone.locator(".h2h tbody th[scope=row]").first
    position = first_column.evaluate("cell => getComputedStyle(cell).position")
    assert position == "sticky"
    box = first_column.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["width"] >= 80
