"""The studio's WordPress import in Chromium: from the studio's link, a dry run of an export
with its summary (checked by axe), then the import and the same summary, and a broken file."""
from __future__ import annotations

import pytest

from tests.browser.content import DEMO_AUTHOR
from tests.fixtures.demo import DEMO_PASSWORD
from tests.browser.test_pages import axe_violations, format_violations
from tests.test_wordpress_import_page import SMALL_EXPORT

pytestmark = pytest.mark.browser

# A draft by the demo's own critic, so the import leaves the reader's pages (and the list of
# authors) that other browser tests look at as they were.
DRAFT_EXPORT = (SMALL_EXPORT.replace(b"<wp:status>publish</wp:status>",
                                    b"<wp:status>draft</wp:status>")
                .replace(b"oldcritic", DEMO_AUTHOR.encode())
                .replace(b"ballerina-review", b"browser-import-ballerina")
                .replace(b"?p=7", b"?p=70007").replace(b"<wp:post_id>7<", b"<wp:post_id>70007<"))


def log_in(tab):
    tab.goto("/auth/login")
    tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
    tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_load_state("load")


def test_upload_check_and_import(tab, tmp_path):
    log_in(tab)
    tab.goto("/write/")
    page = tab.page
    page.get_by_role("link", name="Import from WordPress").click()
    page.wait_for_load_state("load")
    export = tmp_path / "old-blog.xml"
    export.write_bytes(DRAFT_EXPORT)
    page.get_by_label("WordPress export file (.xml)").set_input_files(str(export))
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.wait_for_load_state("load")
    assert "A dry run of old-blog.xml" in page.inner_text("h2")
    posts_row = page.get_by_role("row", name="Posts")
    assert posts_row.get_by_role("cell").first.inner_text() == "1"
    violations = axe_violations(tab)
    assert not violations, format_violations(violations)

    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("load")
    assert page.inner_text("h1") == "Imported from WordPress"
    assert page.get_by_role("row", name="Posts").get_by_role("cell").first.inner_text() == "1"
    violations = axe_violations(tab)
    assert not violations, format_violations(violations)
    tab.assert_clean()


def test_a_broken_file_is_a_message_at_the_field(tab, tmp_path):
    log_in(tab)
    tab.goto("/write/import")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<?xml version='1.0'?>\n<rss><channel><item><title>Cut")
    tab.page.get_by_label("WordPress export file (.xml)").set_input_files(str(broken))
    tab.page.get_by_role("button", name="Check the file (dry run)").click()
    tab.page.wait_for_load_state("load")
    error = tab.page.locator(".field__error")
    assert "not a WordPress export that can be read" in error.inner_text()
    assert tab.page.get_by_label("WordPress export file (.xml)").get_attribute(
        "aria-invalid") == "true"
