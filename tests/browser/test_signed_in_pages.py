"""The pages behind a login (account, moderation, the studio) and the registration form get the
same checks as the reader's pages: axe in light and dark, no console errors, no sideways
scrolling at phone width, and valid HTML."""
from __future__ import annotations


import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import FilmList, Person, Review, Tag
from tests.browser.content import DEMO_AUTHOR
from tests.fixtures.demo import DEMO_PASSWORD
from tests.browser.tabs import DESKTOP, open_tab
from tests.browser.test_html_valid import fetch
from tests.browser.test_pages import PHONE, axe_violations, format_violations
from tests.fixtures.htmlcheck import html_errors

pytestmark = pytest.mark.browser


def studio_paths(app) -> dict[str, str]:
    """One address of each signed-in page type, found in the demo content."""
    with app.app_context():
        review = db.session.scalar(sa.select(Review).order_by(Review.id))
        person = db.session.scalar(sa.select(Person).order_by(Person.id))
        tag = db.session.scalar(sa.select(Tag).order_by(Tag.id))
        film_list = db.session.scalar(sa.select(FilmList).order_by(FilmList.id))
        paths = {
            "account": "/account", "moderation": "/moderation/",
            "moderation-spam": "/moderation/spam", "users": "/moderation/users",
            "dashboard": "/write/", "new-review": "/write/reviews/new",
            "edit-review": f"/write/reviews/{review.id}/edit",
            "revisions": f"/write/reviews/{review.id}/revisions",
            "delete-review": f"/write/reviews/{review.id}/delete",
            "people": "/write/people/", "person": f"/write/people/{person.slug}",
            "tags": "/write/tags/", "tag": f"/write/tags/{tag.id}",
            "account-delete": "/account/delete",
            "wordpress-import": "/write/import",
            "lists": "/write/lists/", "new-list": "/write/lists/new",
            "edit-list": f"/write/lists/{film_list.id}/edit",
            "delete-list": f"/write/lists/{film_list.id}/delete",
        }
        db.session.remove()
    return paths


@pytest.fixture(scope="module")
def signed_in(browser, live_server):
    """A desktop tab signed in as the demo author (an admin), and the pages to visit."""
    context, tab = open_tab(browser, live_server.url, viewport=DESKTOP)
    tab.goto("/auth/login")
    tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
    tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_load_state("load")
    yield tab, studio_paths(live_server.app)
    context.close()


def axe_problems(tab, paths: dict[str, str], options: dict | None = None) -> list[str]:
    """Visit every page and run axe on each; its violations as readable text, page by page."""
    problems = []
    for name, path in paths.items():
        tab.goto(path)
        assert tab.page.url == tab.base_url + path, f"{name}: ended at {tab.page.url}"
        violations = axe_violations(tab, options)
        if violations:
            problems.append(f"{name}:\n{format_violations(violations)}")
    return problems


def test_signed_in_pages_pass_axe_and_the_console(signed_in):
    tab, paths = signed_in
    tab.page.emulate_media(color_scheme="light")
    problems = axe_problems(tab, paths)
    assert not problems, "\n".join(problems)
    tab.assert_clean()


def test_signed_in_pages_have_enough_contrast_in_the_dark(signed_in):
    # Only the colours change with the scheme, so only the colour rules run a second time.
    tab, paths = signed_in
    tab.page.emulate_media(color_scheme="dark")
    try:
        assert tab.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        problems = axe_problems(tab, paths, {"runOnly": ["color-contrast", "link-in-text-block"]})
    finally:
        tab.page.emulate_media(color_scheme="light")
    assert not problems, "\n".join(problems)
    tab.assert_clean()


def test_signed_in_pages_fit_a_phone(signed_in):
    tab, paths = signed_in
    tab.page.set_viewport_size(PHONE)
    too_wide = []
    for name, path in paths.items():
        tab.goto(path)
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{name}: {width}px")
    tab.page.set_viewport_size(DESKTOP)
    assert not too_wide, too_wide


def test_registration_page_passes_axe(browser, live_server):
    context, tab = open_tab(browser, live_server.url, viewport=DESKTOP)
    try:
        tab.goto("/auth/register")
        violations = axe_violations(tab)
        assert not violations, format_violations(violations)
        tab.assert_clean()
    finally:
        context.close()


@pytest.mark.htmlcheck
def test_signed_in_pages_are_valid_html(vnu_command, signed_in, tmp_path):
    tab, paths = signed_in
    documents = {}
    for name, path in paths.items():
        response = tab.page.request.get(tab.base_url + path, max_redirects=0)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        documents[name] = response.text()
    status, documents["register"] = fetch(tab.base_url + "/auth/register")  # signed out
    assert status == 200
    problems = html_errors(vnu_command, documents, tmp_path)
    assert not problems, "the Nu Html Checker found errors:\n" + "\n".join(problems)
