"""Typed text is never lost, in Chromium: a session that ends while writing, a refused form
token after "remember me" signed the reader in again, comments closed meanwhile, a previewed
poster, and the studio's film lookup."""
from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review
from tests import images
from tests.browser.content import DEMO_AUTHOR
from tests.fixtures.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SLUG = "get-out"


def log_in(tab, remember=False):
    tab.goto("/auth/login")
    tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
    tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    if remember:
        tab.page.get_by_label("Keep me signed in on this device").check()
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_load_state("load")


def write_comment(tab, text):
    tab.goto(f"/reviews/{SLUG}")
    tab.page.get_by_label("Your comment").fill(text)


def post(tab, expected_status=None):
    if expected_status:  # Chromium logs a 4xx document as a console error: that one is expected
        tab.expected_error_urls.add(tab.base_url + f"/reviews/{SLUG}/comments#respond")
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="Post comment").click()


def test_a_session_that_ended_while_writing_keeps_the_comment(make_tab):
    tab = make_tab()
    log_in(tab)
    write_comment(tab, "Written over a long evening.")
    tab.page.context.clear_cookies()  # the session ends while the form is open
    post(tab)
    assert "/auth/login" in tab.page.url
    tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
    tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_load_state("load")
    assert f"/reviews/{SLUG}" in tab.page.url and tab.page.url.endswith("#respond")
    assert tab.page.get_by_label("Your comment").input_value() == "Written over a long evening."
    tab.assert_clean()


def test_a_refused_token_after_remember_me_keeps_the_comment(make_tab):
    tab = make_tab()
    log_in(tab, remember=True)
    write_comment(tab, "Kept through a new session.")
    context = tab.page.context
    kept = [cookie for cookie in context.cookies() if cookie["name"] != "session"]
    context.clear_cookies()
    context.add_cookies(kept)  # the browser dropped the session cookie, not "remember me"
    post(tab, expected_status=400)
    assert "please send it again" in tab.page.inner_text("#respond")
    assert tab.page.get_by_label("Your comment").input_value() == "Kept through a new session."
    post(tab)
    assert "Kept through a new session." in tab.page.inner_text("main")
    tab.assert_clean()


@contextlib.contextmanager
def comments_closed(app):
    with app.app_context():
        review = db.session.scalar(sa.select(Review).where(Review.slug == SLUG))
        review.comments_open = False
        db.session.commit()
        try:
            yield
        finally:
            review.comments_open = True
            db.session.commit()
            db.session.remove()


def test_comments_closed_while_writing_leave_the_text_to_copy(make_tab, live_server):
    tab = make_tab()
    log_in(tab)
    write_comment(tab, "Words for a closed door.")
    with comments_closed(live_server.app):
        post(tab, expected_status=409)
        kept = tab.page.get_by_label("Your comment, to copy", exact=False)
        assert kept.input_value() == "Words for a closed door."
    tab.assert_clean()


def test_preview_keeps_the_poster_and_the_film_is_looked_up(make_tab, tmp_path):
    tab = make_tab()
    log_in(tab)
    tab.goto("/write/reviews/new")
    page = tab.page
    page.get_by_label("Title").first.fill("Vertigo, again")
    page.get_by_label("Review (Markdown)").fill("## Plot\n\nA second look at the tower.")
    page.get_by_label("A film already here").press_sequentially("Verti", delay=30)
    page.locator("#film-suggestions option").first.wait_for(state="attached")
    assert page.locator("#film-suggestions option").first.get_attribute("value") == (
        "Vertigo (1958)")
    page.get_by_label("A film already here").fill("Vertigo (1958)")
    poster = tmp_path / "poster.png"
    poster.write_bytes(images.png())
    page.get_by_label("Poster image").set_input_files(str(poster))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    preview = page.locator(".review-preview")
    assert preview.locator(".review__body").get_attribute("class") == "review__body prose"
    assert preview.locator("img.poster--lead").is_visible()
    assert page.get_by_text("The poster you chose is kept").is_visible()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("load")
    assert "Draft saved." in page.inner_text(".flashes")
    assert page.get_by_role("img", name="The current poster").is_visible()
    tab.assert_clean()
