"""The whole conversation in Chromium: two readers register and confirm by email, comment and
reply, the author approves both, the first reader gets the reply by email, and none of the
hostile markup they typed ever runs."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade

from blog import create_app
from blog.demo import load_demo
from blog.extensions import db
from tests.browser.tabs import open_tab
from tests.conftest import base_config
from tests.live import LOCAL_HOST, serve

pytestmark = pytest.mark.browser

AUTHOR_PASSWORD = "flow-author-password"
PASSWORD = "a long enough password"
# Each would set window.pwned if any of it ran.
COMMENT = ('Brilliant <em>staircase</em> imagery. <img src=x onerror="window.pwned=1">'
           '<script>window.pwned=2</script><a href="javascript:window.pwned=3">x</a>')
REPLY = 'Agreed! <svg onload="window.pwned=4"></svg><b onmouseover="window.pwned=5">Yes.</b>'


@pytest.fixture
def mail_server_site(tmp_path, smtp_server):
    """A live blog with the demo, sending its email to the test SMTP server."""
    inbox, port = smtp_server
    inbox.clear()
    config = base_config("sqlite:///" + str(tmp_path / "flow.sqlite3")) | {
        "MAIL_SERVER": LOCAL_HOST, "MAIL_PORT": port}
    app = create_app(config, instance_path=tmp_path / "instance")
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        load_demo(AUTHOR_PASSWORD)
        db.session.remove()
    with serve(app) as url:
        yield url, inbox

def register_and_confirm(tab, inbox, username):
    """Register through the form, open the confirmation link from the email, and log in."""
    page = tab.page
    tab.goto("/auth/register")
    page.fill("#username", username)
    page.fill("#email", f"{username}@example.com")
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("button:has-text('Create account')")
    assert "Check your email" in page.inner_text("h1")
    [message] = inbox.wait_for(f"{username}@example.com")
    link = next(link for link in message.links() if "/auth/confirm/" in link)
    page.goto(link)
    log_in(tab, username, PASSWORD)
    tab.goto("/about")
    assert "confirm" not in (page.locator(".notice").all_inner_texts() or [""])[0].lower()


def log_in(tab, username, password):
    tab.goto("/auth/login")
    tab.page.fill("#login", username)
    tab.page.fill("#password", password)
    tab.page.click("form.form button[type=submit]")


def approve(author_tab, text):
    """Approve the pending comment containing ``text`` from the moderation queue."""
    author_tab.goto("/moderation/")
    item = author_tab.page.locator(".mod-item", has_text=text)
    item.get_by_role("button", name="Approve").click()
    author_tab.page.wait_for_load_state("load")


def assert_nothing_ran(*tabs):
    for tab in tabs:
        assert tab.page.evaluate("window.pwned") is None
        assert tab.console_errors == [], tab.console_errors
        assert tab.offsite_requests == [], tab.offsite_requests


def test_register_comment_reply_approve_and_notify(browser, mail_server_site):
    url, inbox = mail_server_site
    contexts = []

    def new_tab():
        context, tab = open_tab(browser, url)
        contexts.append(context)
        return tab

    ana, ben, critic = new_tab(), new_tab(), new_tab()
    try:
        register_and_confirm(ana, inbox, "ana")
        ana.goto("/account")
        opt_in = ana.page.get_by_label("Email me when someone replies to my comments")
        opt_in.check()
        ana.page.locator("form", has=opt_in).get_by_role("button", name="Save").click()
        ana.page.wait_for_load_state("load")

        ana.goto("/reviews/parasite")
        ana.page.fill("#body", COMMENT)
        ana.page.click("button:has-text('Post comment'), input[value='Post comment']")
        assert ana.page.locator(".comment--pending").count() == 1  # held: a first comment

        log_in(critic, "critic", AUTHOR_PASSWORD)
        approve(critic, "Brilliant")
        critic.goto("/reviews/parasite")
        assert critic.page.locator(".comment", has_text="Brilliant staircase").count() == 1

        register_and_confirm(ben, inbox, "ben")
        ben.goto("/reviews/parasite")
        ana_comment = ben.page.locator(".comment", has_text="Brilliant staircase").first
        ana_comment.get_by_role("link", name="Reply").first.click()
        assert "Reply to ana" in ben.page.inner_text("#respond-title")
        ben.page.fill("#body", REPLY)
        ben.page.click("button:has-text('Post comment'), input[value='Post comment']")

        assert inbox.to("ana@example.com")[-1].subject.lower().find("repl") == -1  # not yet
        approve(critic, "Agreed!")
        [*_, reply_mail] = inbox.wait_for("ana@example.com", count=2)
        assert "repl" in reply_mail.subject.lower()
        assert "Agreed!" in reply_mail.body and "ben@example.com" not in reply_mail.body
        link = next(link for link in reply_mail.links() if "/comments/" in link)
        ana.page.goto(link)
        assert ana.page.locator(".comments--replies .comment", has_text="Agreed!").count() == 1

        for tab in (ana, ben, critic):
            tab.goto("/reviews/parasite")
            tab.page.hover(".comment >> text=Yes.")
        assert_nothing_ran(ana, ben, critic)
    finally:
        for context in contexts:
            context.close()
