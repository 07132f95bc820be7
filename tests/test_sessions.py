"""Logins end on the server (issue 12, item 2): a copied session or remember-me cookie stops
working after logout, "sign out everywhere", a password change or reset, or a ban."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import LoginSession, utcnow
from tests.conftest import PASSWORD, Auth, hidden_fields

HOST = "blog.test"


def signed_in(client) -> bool:
    return "Log out" in client.get("/about").get_data(as_text=True)


def cookie(client, name: str) -> str:
    found = client.get_cookie(name, domain=HOST)
    assert found is not None, f"no {name} cookie"
    return found.value


def browser_with(app, **cookies):
    """A new browser holding copies of the given cookies, and nothing else."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value, domain=HOST)
    return other


@pytest.fixture
def remembered(client, auth, users):
    """Signed in with "remember me": the client and copies of both its cookies."""
    auth.login("reader1", remember="y")
    assert signed_in(client)
    return {"session": cookie(client, "session"),
            "remember_token": cookie(client, "remember_token")}


def test_a_copied_session_cookie_stops_working_after_logout(app, client, auth, users):
    auth.login("reader1")
    copy = browser_with(app, session=cookie(client, "session"))
    assert signed_in(copy)
    auth.logout()
    assert not signed_in(client) and not signed_in(copy)


def test_a_copied_remember_cookie_stops_working_after_logout(app, auth, remembered):
    copy = browser_with(app, remember_token=remembered["remember_token"])
    assert signed_in(copy)  # the remember-me cookie alone signs a browser in...
    auth.logout()
    assert not signed_in(browser_with(app, remember_token=remembered["remember_token"]))
    assert not signed_in(copy)


def test_logging_out_ends_only_this_login(app, auth, users):
    phone = app.test_client()
    Auth(phone).login("reader1")
    auth.login("reader1")
    auth.logout()
    assert signed_in(phone)


def test_each_login_has_its_own_remember_token(app, client, auth, users):
    tokens = set()
    for _ in range(2):
        auth.login("reader1", remember="y")
        tokens.add(cookie(client, "remember_token"))
        auth.logout()
    assert len(tokens) == 2


def test_only_a_digest_of_the_token_is_stored(ctx, auth, remembered):
    stored = db.session.scalars(sa.select(LoginSession.token_hash)).all()
    assert len(stored) == 1
    assert all(stored[0] not in value for value in remembered.values())


def test_a_remembered_login_expires_on_the_server(app, ctx, remembered):
    db.session.execute(sa.update(LoginSession).values(expires_at=utcnow() - timedelta(1)))
    db.session.commit()
    assert not signed_in(browser_with(app, remember_token=remembered["remember_token"]))
    assert not signed_in(browser_with(app, session=remembered["session"]))


def test_logins_last_as_configured(app, ctx, client, auth, users):
    auth.login("reader1")
    Auth(app.test_client()).login("critic", remember="y")
    rows = {row.remember: row for row in db.session.scalars(sa.select(LoginSession))}
    assert rows[False].expires_at - rows[False].created_at == app.config["LOGIN_MAX_AGE"]
    assert (rows[True].expires_at - rows[True].created_at
            == app.config["REMEMBER_COOKIE_DURATION"])


def test_sign_out_everywhere_ends_every_login(app, client, auth, submit, remembered):
    phone = app.test_client()
    Auth(phone).login("reader1", remember="y")
    response = submit("/account", "/account/sessions/end")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert not signed_in(client) and not signed_in(phone)
    assert not signed_in(browser_with(app, **remembered))
    assert client.get("/account").status_code == 302


def test_sign_out_everywhere_needs_a_form_token(client, auth, remembered):
    assert client.post("/account/sessions/end").status_code == 400
    assert signed_in(client)


def test_a_password_change_ends_other_logins_and_keeps_this_one(app, client, submit,
                                                                remembered):
    phone = app.test_client()
    Auth(phone).login("reader1", remember="y")
    copy_of_phone = cookie(phone, "remember_token")
    response = submit("/account", "/account/password", {
        "password-current_password": PASSWORD, "password-new_password": "a whole new secret",
        "password-new_password_again": "a whole new secret"})
    assert response.status_code == 302
    assert signed_in(client)
    # This browser's own remember-me cookie still works on its own.
    assert signed_in(browser_with(app, remember_token=cookie(client, "remember_token")))
    assert not signed_in(phone)
    assert not signed_in(browser_with(app, remember_token=copy_of_phone))


def test_a_password_reset_ends_every_login(app, client, submit, users, mailbox, remembered):
    other = app.test_client()
    fields = hidden_fields(other.get("/auth/reset").get_data(as_text=True), "/auth/reset")
    other.post("/auth/reset", data={**fields, "email": "reader1@example.com"})
    path = urlsplit(mailbox.wait_for("reader1@example.com")[0].links()[0]).path
    page = other.get(path)
    fields = hidden_fields(page.get_data(as_text=True), path)
    assert other.post(path, data={**fields, "password": "a whole new secret",
                                  "password_again": "a whole new secret"}).status_code == 302
    assert signed_in(other)
    assert not signed_in(client)
    assert not signed_in(browser_with(app, remember_token=remembered["remember_token"]))


def test_a_ban_ends_every_login(app, client, auth, users, submit, remembered):
    admin = app.test_client()
    Auth(admin).login("boss")
    page = admin.get("/moderation/users")
    action = f"/moderation/users/{users['commenter'].id}/ban"
    fields = hidden_fields(page.get_data(as_text=True), action)
    assert admin.post(action, data=fields).status_code == 302
    assert not signed_in(client)
    assert not signed_in(browser_with(app, remember_token=remembered["remember_token"]))


def test_a_database_that_cannot_say_who_is_signed_in_answers_503(client, ctx, users,
                                                                 monkeypatch):
    """A locked or broken database is a 503 to retry, not a silent sign-out: a reader's comment
    must not be sent to the login page as if their login had ended."""
    from sqlalchemy.exc import OperationalError

    from blog.services import logins
    from tests.conftest import sign_in

    sign_in(client, users["commenter"])
    assert signed_in(client)

    def locked(_token):
        raise OperationalError("SELECT users", {}, Exception("database is locked"))

    monkeypatch.setattr(logins, "token_hash", locked)
    page = client.get("/account")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    text = page.get_data(as_text=True)
    assert "cannot answer just now" in text and "Traceback" not in text
    assert "Log in" in text  # the error page renders for a signed-out visitor
    monkeypatch.undo()
    assert signed_in(client)  # nothing ended the login
    monkeypatch.setattr(logins, "token_hash", locked)
    assert client.get("/no-such-page").status_code == 503  # even where the answer is a 404
