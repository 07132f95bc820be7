"""Searching in Chromium: from the header's box, without any script, to a highlighted result
and on to the review it names."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_search_from_the_header_and_follow_a_result(tab):
    page = tab.page
    tab.goto("/about")
    box = page.get_by_role("search").first.get_by_label("Search the reviews")
    box.fill("heloise")
    box.press("Enter")
    page.wait_for_url("**/search?q=heloise")
    result = page.locator(".search-result", has_text="Portrait of a Lady on Fire")
    marked = result.locator("mark").first
    assert marked.is_visible()
    assert marked.inner_text() == "Héloïse"
    result.get_by_role("link", name="Portrait of a Lady on Fire").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Portrait of a Lady on Fire")
    assert "Héloïse" in page.locator("main").inner_text()
    tab.assert_clean()


def test_the_search_box_works_with_javascript_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/reviews/no-such-review-here")
        page.get_by_label("Search the reviews instead").fill("sciamma")
        page.get_by_role("button", name="Search").last.click()
        page.wait_for_url("**/search?q=sciamma")
        assert page.locator(".search-result mark").first.inner_text() == "Sciamma"
    finally:
        context.close()
