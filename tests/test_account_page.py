"""The account page: each of its forms, the data export and deleting the account."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from markupsafe import escape

from blog.extensions import db
from blog.models import Comment, CommentReport, User
from tests import factories
from tests.conftest import PASSWORD, Auth, csrf_token_from

NEW_PASSWORD = "a brand new password"


def stored(user_id: int) -> User | None:
    """The user as stored now (a new snapshot: SQLite reads see data as of their transaction)."""
    db.session.rollback()
    return db.session.get(User, user_id)


def signed_in(client) -> bool:
    return "Log out" in client.get("/about").get_data(as_text=True)


@pytest.fixture
def reader(auth, users):
    """The commenter, signed in."""
    auth.login("reader1")
    return users["commenter"]


def post_account(submit, action: str, data: dict):
    return submit("/account", action, data)


# ---------- Who may open it ----------

@pytest.mark.parametrize("path", ["/account", "/account/export", "/account/delete",
                                  "/auth/confirm/resend"])
def test_anonymous_visitors_are_sent_to_log_in_and_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/auth/login" and location.query == f"next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("action", ["/account/name", "/account/email", "/account/password",
                                    "/account/notifications", "/account/delete"])
def test_anonymous_posts_are_sent_to_log_in_too(client, action):
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post(action, data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("action", ["/account/name", "/account/email", "/account/password",
                                    "/account/notifications", "/account/delete"])
def test_posts_without_csrf_token_are_400(client, reader, action):
    assert client.post(action, data={"name-display_name": "x"}).status_code == 400


def test_account_page_shows_the_forms_and_the_address(client, reader):
    html = client.get("/account").get_data(as_text=True)
    assert "reader1@example.com" in html
    for action in ("/account/name", "/account/email", "/account/password",
                   "/account/notifications", "/account/export", "/account/delete"):
        assert action in html
    assert 'name="password-new_password"' in html and 'name="email-password"' in html


# ---------- Display name ----------

def test_display_name_is_saved_and_shown(client, submit, reader):
    response = post_account(submit, "/account/name", {"name-display_name": "  Ann   Reader "})
    assert response.status_code == 302
    assert stored(reader.id).display_name == "Ann Reader"
    assert "Ann Reader" in client.get("/about").get_data(as_text=True)


def test_display_name_is_escaped_where_it_is_shown(client, submit, reader):
    name = '<img src=x onerror="alert(1)">'
    post_account(submit, "/account/name", {"name-display_name": name})
    for page in ("/about", "/account"):
        html = client.get(page).get_data(as_text=True)
        assert name not in html and str(escape(name)) in html


@pytest.mark.parametrize("name, message", [
    ("x" * 81, "Use at most 80 characters."),
    ("evil\u202eresu", "Please use only visible characters."),
    ("tab\x07bell", "Please use only visible characters."),
    ("Cr\u200bitic", "Please use only visible characters."),     # zero-width space
    ("Ad\u00admin", "Please use only visible characters."),      # soft hyphen
    ("\u2067boss\u2069", "Please use only visible characters."),  # bidi isolate
    ("\u0421ritic", "Please write the name in one alphabet"),    # Cyrillic С
    ("Аdmin", "Please write the name in one alphabet"),          # Cyrillic А
    ("ＣＲＩＴＩＣ", "looks like the name of a writer on this site"),  # fullwidth
    ("B.O.S.S", "looks like the name of a writer on this site"),   # an admin's name
    ("ADMIN", "kept for the people who run the site"),
    ("Administrator", "kept for the people who run the site"),
    ("moderator", "kept for the people who run the site"),
])
def test_bad_display_names_are_422_with_the_text_kept(submit, reader, name, message):
    response = post_account(submit, "/account/name", {"name-display_name": name})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and f'value="{escape(name)}"' in html
    assert stored(reader.id).display_name == ""


def test_authors_keep_their_own_names(client, auth, submit, users):
    auth.login("critic")
    response = post_account(submit, "/account/name", {"name-display_name": "Critic"})
    assert response.status_code == 302 and stored(users["author"].id).display_name == "Critic"
    auth.logout()
    auth.login("reader1")
    response = post_account(submit, "/account/name", {"name-display_name": "critic"})
    assert response.status_code == 422


def test_other_alphabets_and_accents_are_fine(submit, reader):
    for name in ("Renée Müller", "Иван Петров", "北京影迷", "Ana-María O'Neil"):
        response = post_account(submit, "/account/name", {"name-display_name": name})
        assert response.status_code == 302, name
        assert stored(reader.id).display_name == name


def test_banned_user_cannot_change_the_display_name(client, auth, users, submit):
    auth.login("spammer")
    html = client.get("/account").get_data(as_text=True)
    assert "banned from commenting" in html and 'action="/account/name"' not in html
    # The form is not offered; post it anyway.
    response = client.post("/account/name", data={
        "csrf_token": csrf_token_from(html), "name-display_name": "Totally Legit"})
    assert response.status_code == 403 and "banned" in response.get_data(as_text=True)
    assert stored(users["banned"].id).display_name == ""


# ---------- Email address ----------

def change_email(submit, email: str, password: str = PASSWORD):
    return post_account(submit, "/account/email",
                        {"email-email": email, "email-password": password})


def test_email_changes_only_when_the_new_address_confirms(app, client, submit, reader, mailbox):
    response = change_email(submit, "Ann.New@Example.org")
    assert response.status_code == 302
    assert stored(reader.id).email == "reader1@example.com"  # not yet
    (message,) = mailbox.wait_for("ann.new@example.org")
    assert message.subject == "Confirm your new email address"
    link = urlsplit(message.links()[0])
    assert link.netloc == "blog.test"

    opened = app.test_client().get(link.path)  # opened from the mail app: no session needed
    assert opened.status_code == 302
    user = stored(reader.id)
    assert user.email == "ann.new@example.org" and user.email_confirmed_at is not None
    (notice,) = mailbox.wait_for("reader1@example.com")
    assert notice.subject == "Your email address was changed"
    assert "ann.new@example.org" in notice.body

    again = client.get(link.path)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    assert Auth(app.test_client()).login("ann.new@example.org").status_code == 302


@pytest.mark.parametrize("email, password, status, message", [
    ("new@example.org", "wrong password", 422, "That is not your current password."),
    ("new@example.org", "", 422, "Enter your current password."),
    ("not an address", PASSWORD, 422, "An email address must have an @-sign."),
    ("", PASSWORD, 422, "Enter your email address."),
    ("reader1@example.com", PASSWORD, 422, "That is already your address."),
    ("Critic@Example.com", PASSWORD, 409, "An account already uses that email address"),
])
def test_email_change_problems(submit, reader, mailbox, email, password, status, message):
    response = change_email(submit, email, password)
    html = response.get_data(as_text=True)
    assert response.status_code == status and message in html
    if email:
        assert f'value="{email}"' in html
    assert not password or password not in html
    assert stored(reader.id).email == "reader1@example.com"
    assert mailbox.messages == []


def test_email_change_link_fails_once_the_address_is_taken(app, client, submit, reader,
                                                           mailbox, users):
    change_email(submit, "shared@example.org")
    (message,) = mailbox.wait_for("shared@example.org")
    users["author"].email = "shared@example.org"
    db.session.commit()
    response = client.get(urlsplit(message.links()[0]).path)
    assert response.status_code == 400, response.headers.get("Location")
    assert stored(reader.id).email == "reader1@example.com"


# ---------- Password ----------

def change_password(submit, current=PASSWORD, new=NEW_PASSWORD, again=NEW_PASSWORD):
    return post_account(submit, "/account/password", {
        "password-current_password": current, "password-new_password": new,
        "password-new_password_again": again})


def test_password_change_ends_other_sessions_but_not_this_one(app, client, submit, reader):
    other_device = app.test_client()
    Auth(other_device).login("reader1")
    assert signed_in(other_device)

    response = change_password(submit)
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other_device)
    assert stored(reader.id).check_password(NEW_PASSWORD)
    fresh = app.test_client()
    assert Auth(fresh).login("reader1").status_code == 422
    assert Auth(fresh).login("reader1", NEW_PASSWORD).status_code == 302


def test_password_change_keeps_a_remembered_login(app, client, auth, users, submit):
    auth.login("reader1", remember="y")
    change_password(submit)
    remembered = app.test_client()  # the browser restarted: only the remember-me cookie is left
    remembered.set_cookie("remember_token", client.get_cookie("remember_token",
                                                              domain="blog.test").value,
                          domain="blog.test")
    assert "Log out" in remembered.get("/about").get_data(as_text=True)


@pytest.mark.parametrize("current, new, again, message", [
    ("wrong password", NEW_PASSWORD, NEW_PASSWORD, "That is not your current password."),
    (PASSWORD, "short", "short", "Use at least 8 characters."),
    (PASSWORD, NEW_PASSWORD, "something else", "The two passwords do not match."),
    ("", NEW_PASSWORD, NEW_PASSWORD, "Enter your current password."),
    (PASSWORD, "12345678", "12345678", "This is a top-10 common password."),
    (PASSWORD, "reader1reader1", "reader1reader1", "built from your username or email"),
])
def test_password_change_problems_are_422(client, submit, reader, current, new, again, message):
    response = change_password(submit, current, new, again)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert NEW_PASSWORD not in html and (not current or current not in html)
    assert stored(reader.id).check_password(PASSWORD) and signed_in(client)


def test_password_checks_on_the_account_page_are_rate_limited(app, submit, reader):
    app.config["RATELIMIT_ACCOUNT"] = "2 per hour"
    for _ in range(2):
        assert change_password(submit, current="wrong password").status_code == 422
    response = change_password(submit)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Too many attempts" in response.get_data(as_text=True)
    assert stored(reader.id).check_password(PASSWORD)


# ---------- Notifications ----------

def test_reply_notifications_switch_on_and_off(client, submit, reader):
    assert post_account(submit, "/account/notifications",
                        {"notify-notify_replies": "y"}).status_code == 302
    assert stored(reader.id).notify_replies is True
    assert "checked" in client.get("/account").get_data(as_text=True)
    assert post_account(submit, "/account/notifications", {}).status_code == 302
    assert stored(reader.id).notify_replies is False


# ---------- Export ----------

@pytest.fixture
def conversation(users):
    """A review with a comment by the reader, a reply to it, and a report the reader filed."""
    review = factories.review("Heat", author=users["author"], slug="heat")
    mine = factories.comment(review, users["commenter"], "I loved the <em>diner</em> scene.")
    reply = factories.comment(review, users["admin"], "So did I.", parent=mine)
    factories.comment(review, users["commenter"], "Held for now.", status="pending")
    factories.save(CommentReport(comment=reply, reporter=users["commenter"], reason="rude"))
    return review


def test_export_downloads_everything_but_the_password_hash(client, reader, conversation):
    response = client.get("/account/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="reader1-data.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["username"] == "reader1"
    assert data["profile"]["email"] == "reader1@example.com"
    assert "password_hash" not in response.get_data(as_text=True)
    assert stored(reader.id).password_hash not in response.get_data(as_text=True)
    comments = data["comments"]
    assert [c["body_source"] for c in comments] == ["I loved the <em>diner</em> scene.",
                                                    "Held for now."]
    assert comments[0]["review"] == {"slug": "heat", "title": "Heat"}
    assert [c["status"] for c in comments] == ["approved", "pending"]
    assert comments[0]["created_at"].startswith("20")
    (report,) = data["reports"]
    assert report["reason"] == "rude"


# ---------- Deleting the account ----------

def delete_account(submit, password=PASSWORD):
    return submit("/account/delete", "/account/delete", {"password": password})


def test_deleting_keeps_comments_as_deleted_user(app, client, submit, reader, conversation):
    user_id = reader.id
    assert delete_account(submit, "wrong password").status_code == 422
    assert stored(user_id) is not None

    response = delete_account(submit)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not signed_in(client)
    assert stored(user_id) is None
    orphans = db.session.scalars(sa.select(Comment).where(Comment.author_id.is_(None))).all()
    assert sorted(c.body_source for c in orphans) == ["Held for now.",
                                                      "I loved the <em>diner</em> scene."]
    assert db.session.scalar(sa.select(sa.func.count(CommentReport.id))) == 0

    page = client.get("/reviews/heat").get_data(as_text=True)
    assert "[deleted user]" in page and "diner" in page and "So did I." in page
    assert Auth(app.test_client()).login("reader1").status_code == 422


def test_delete_page_explains_what_happens(client, reader):
    html = client.get("/account/delete").get_data(as_text=True)
    assert "[deleted user]" in html and 'name="password"' in html


@pytest.mark.parametrize("who", ["author", "admin"])
def test_someone_with_reviews_cannot_delete_the_account(client, auth, submit, users, who):
    factories.review(author=users[who])
    auth.login(users[who].username)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "ask an admin to reassign" in page
    token = csrf_token_from(page)
    response = client.post("/account/delete", data={"csrf_token": token, "password": PASSWORD})
    assert response.status_code == 409
    assert "ask an admin to reassign" in response.get_data(as_text=True)
    assert stored(users[who].id) is not None


def test_the_only_admin_cannot_delete_the_account(client, auth, submit, users):
    auth.login("boss")
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    response = client.post("/account/delete", data={"csrf_token": token, "password": PASSWORD})
    assert response.status_code == 409 and "only admin" in response.get_data(as_text=True)


def test_an_author_without_reviews_can_delete(client, auth, submit, users):
    user_id = users["other_author"].id
    auth.login("rival")
    assert delete_account(submit).status_code == 302
    assert stored(user_id) is None


def test_banned_user_can_log_in_export_and_delete(client, auth, submit, users):
    user_id = users["banned"].id
    assert auth.login("spammer").status_code == 302
    assert client.get("/account").status_code == 200
    export = client.get("/account/export")
    assert export.status_code == 200 and json.loads(export.data)["profile"]["is_banned"]
    assert delete_account(submit).status_code == 302
    assert stored(user_id) is None


# ---------- The privacy page ----------

def test_privacy_page_says_what_is_stored_and_links_to_the_account(client):
    response = client.get("/privacy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "IP addresses" in html and 'href="/account"' in html
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
