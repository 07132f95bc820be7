"""A reader rates a review in Chromium with the keyboard alone, and the review page with the
rating form and the year in review pass axe in both themes and the HTML checker."""
from __future__ import annotations


import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import User
from tests import factories
from tests.browser.tabs import DESKTOP, open_tab
from tests.browser.test_pages import axe_violations, format_violations
from tests.fixtures.htmlcheck import html_errors
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reader_tab(browser, live_server):
    """A desktop tab signed in as a confirmed reader who has rated nothing yet.

    With --dist worksteal a worker may run this module's tests in two separate runs, so the
    fixture can be set up twice against the same live server: the reader is made only once."""
    with live_server.app.app_context():
        if db.session.scalar(sa.select(User).filter_by(username="keyboard_rater")) is None:
            factories.user("keyboard_rater")
        db.session.remove()
    context, tab = open_tab(browser, live_server.url, viewport=DESKTOP)
    tab.goto("/auth/login")
    tab.page.get_by_label("Username or email").fill("keyboard_rater")
    tab.page.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_load_state("load")
    yield tab
    context.close()


def test_a_reader_rates_with_the_keyboard(reader_tab, live_server):
    tab = reader_tab
    review = live_server.page("review").path
    tab.goto(review)
    page = tab.page
    before = page.locator(".readers-rating__average").inner_text()
    first = page.locator("#rate-1")
    first.focus()
    for _ in range(6):  # arrow keys move along the radio group: half a star to 3.5 stars
        page.keyboard.press("ArrowRight")
    assert page.locator("#rate-7").is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form, as a radio button does
    assert "Your rating of 3.5 out of 5 is saved." in page.content()
    assert page.locator("#rate-7").is_checked()
    assert page.locator(".readers-rating__average").inner_text() != before
    with page.expect_navigation():
        page.get_by_role("button", name="Remove my rating").click()
    assert "Your rating is removed." in page.content()
    tab.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_rating_form_passes_axe(reader_tab, live_server, scheme):
    reader_tab.goto(live_server.page("review").path)
    reader_tab.page.emulate_media(color_scheme=scheme)
    violations = axe_violations(reader_tab)
    assert not violations, format_violations(violations)


def test_the_year_in_review_passes_axe_in_both_themes(reader_tab, live_server):
    # Anonymous readers are covered by test_pages.py; here the page as a signed-in reader.
    reader_tab.goto(live_server.page("year-in-review").path)
    for scheme in ("light", "dark"):
        reader_tab.page.emulate_media(color_scheme=scheme)
        violations = axe_violations(reader_tab)
        assert not violations, f"{scheme}:\n{format_violations(violations)}"


def test_chart_bars_follow_the_theme(reader_tab, live_server):
    reader_tab.goto(live_server.page("year-in-review").path)
    fills = {}
    for scheme in ("light", "dark"):
        reader_tab.page.emulate_media(color_scheme=scheme)
        fills[scheme] = reader_tab.page.eval_on_selector(
            ".chart__bar", "bar => getComputedStyle(bar).fill")
    assert fills["light"] != fills["dark"]


@pytest.mark.htmlcheck
def test_rating_pages_are_valid_html(vnu_command, live_server, tmp_path):
    from tests.conftest import csrf_token_from, sign_in

    app, review = live_server.app, live_server.page("review").path
    client = app.test_client()
    with app.app_context():
        sign_in(client, factories.user("html_rater"))
        db.session.remove()
    form_page = client.get(review).get_data(as_text=True)
    token = csrf_token_from(form_page)
    refused = client.post(f"{review}/rating", data={"csrf_token": token, "halves": "99"})
    assert refused.status_code == 422
    client.post(f"{review}/rating", data={"csrf_token": token, "halves": "8"})
    documents = {"rating-form": form_page, "rating-refused": refused.get_data(as_text=True),
                 "rating-given": client.get(review).get_data(as_text=True),
                 "year": client.get(live_server.page("year-in-review").path).get_data(
                     as_text=True)}
    problems = html_errors(vnu_command, documents, tmp_path)
    assert not problems, "the Nu Html Checker found errors:\n" + "\n".join(problems)
