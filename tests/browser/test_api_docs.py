"""The API's docs page works in a real browser under the site's CSP, from our own files."""

from tests.browser.conftest import new_page


def test_the_docs_page_lists_every_operation_and_loads_nothing_from_elsewhere(chromium, site):
    page = new_page(chromium)
    errors, requests = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/compare/" in path for path in paths)
    assert any("/api/v1/models" in path for path in paths)
    # Try one operation, as a developer would: the answer is shown on the page.
    page.locator(".opblock-summary-path", has_text="/api/v1/providers").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    status = page.locator(".live-responses-table tr.response td.response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("200")
    assert errors == []
    assert all(url.startswith(site) or url.startswith("data:") for url in requests), requests
    page.context.close()
